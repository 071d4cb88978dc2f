// utils/auth.js: wx.login → POST /auth/wechat, the session in wx storage, one sign-in for concurrent callers,
// phone binding (with and without rotated tokens), logout, change listeners.
'use strict';
const { json, apiError, pathOf } = require('../helpers/wx-double');
const { fresh, session } = require('../helpers/mp');

const user = { id: 9, phone: null, created_at: '2026-01-01T00:00:00Z' };
const signedIn = (req) =>
  pathOf(req.url) === '/auth/wechat' ? json(200, { access_token: 'A1', refresh_token: 'R1', token_type: 'Bearer', expires_in: 900, user }) : null;

test('login sends the wx.login code to POST /auth/wechat and stores both tokens, the expiry and the user', async () => {
  const { wx, auth } = fresh(signedIn, { loginCode: 'test:alice' });
  const before = Date.now();
  await expect(auth.login()).resolves.toEqual(user);
  expect(wx._requests[0].data).toEqual({ code: 'test:alice' });
  const s = wx.getStorageSync(auth.KEY);
  expect(s).toMatchObject({ access_token: 'A1', refresh_token: 'R1', user });
  expect(s.expires_at).toBeGreaterThanOrEqual(before + 900000);
  expect(s.expires_at).toBeLessThanOrEqual(Date.now() + 900000);
});

test('a develop build with lg.devLoginName signs in as the WeChat double test user; release ignores it', async () => {
  const dev = fresh(signedIn);
  dev.wx.setStorageSync('lg.devLoginName', 'alice');
  await dev.auth.login();
  expect(dev.wx.login).not.toHaveBeenCalled();
  expect(dev.wx._requests[0].data).toEqual({ code: 'test:alice' });
  const rel = fresh(signedIn, { envVersion: 'release', loginCode: 'real-code' });
  rel.wx.setStorageSync('lg.devLoginName', 'alice');
  await rel.auth.login();
  expect(rel.wx.login).toHaveBeenCalledTimes(1);
  expect(rel.wx._requests[0].data).toEqual({ code: 'real-code' });
});

test('concurrent callers share one wx.login and one sign-in request', async () => {
  const { wx, auth } = fresh(signedIn);
  const users = await Promise.all([auth.ensureUser(), auth.ensureUser(), auth.login()]);
  expect(users).toEqual([user, user, user]);
  expect(wx.login).toHaveBeenCalledTimes(1);
  expect(wx._requests).toHaveLength(1);
  await auth.ensureUser(); // a stored session needs no new sign-in
  expect(wx.login).toHaveBeenCalledTimes(1);
});

test('a failed wx.login rejects with a zh-CN message and stores nothing', async () => {
  const { wx, auth } = fresh(signedIn, { loginCode: new Error('timeout') });
  await expect(auth.login()).rejects.toMatchObject({ code: 'wx_login_failed', message: '微信登录失败，请检查网络后重试' });
  expect(wx.getStorageSync(auth.KEY)).toBe('');
  expect(wx._requests).toHaveLength(0);
});

test('a sign-in the server refuses (used code) rejects with the server message and a later login can succeed', async () => {
  let n = 0;
  const { auth } = fresh((req) => (++n === 1 ? apiError(400, 'wechat_code_used', '微信登录凭证已使用，请重新进入小程序') : signedIn(req)));
  await expect(auth.login()).rejects.toMatchObject({ code: 'wechat_code_used', message: '微信登录凭证已使用，请重新进入小程序' });
  await expect(auth.login()).resolves.toEqual(user);
});

test('bindPhone posts the getPhoneNumber code, keeps rotated tokens when the server sends them and updates the user', async () => {
  const bound = Object.assign({}, user, { phone: '138****8000' });
  let rotate = true;
  const { wx, auth } = fresh((req) => {
    if (pathOf(req.url) !== '/auth/phone') return null;
    return json(200, rotate ? { user: bound, access_token: 'A9', refresh_token: 'R9' } : { user: bound });
  });
  wx.setStorageSync(auth.KEY, session());
  await expect(auth.bindPhone('phone:13800138000')).resolves.toEqual(bound);
  expect(wx._requests[0]).toMatchObject({ method: 'POST', data: { code: 'phone:13800138000' } });
  expect(wx._requests[0].header.Authorization).toBe('Bearer A1');
  expect(auth.session()).toMatchObject({ access_token: 'A9', refresh_token: 'R9', user: bound });
  rotate = false;
  await auth.bindPhone('phone:13800138000');
  expect(auth.session()).toMatchObject({ access_token: 'A9', refresh_token: 'R9' });
  expect(auth.currentUser()).toEqual(bound);
});

test('logout revokes on the server with the bearer token and forgets the session even when the server is down', async () => {
  const { wx, auth } = fresh(() => ({ fail: 'request:fail' }));
  const seen = [];
  auth.onChange((u) => seen.push(u));
  wx.setStorageSync(auth.KEY, session());
  await auth.logout();
  expect(wx._requests[0]).toMatchObject({ method: 'POST' });
  expect(pathOf(wx._requests[0].url)).toBe('/auth/logout');
  expect(wx._requests[0].header.Authorization).toBe('Bearer A1');
  expect(auth.session()).toBeNull();
  expect(auth.currentToken()).toBeNull();
  expect(seen).toEqual([null]);
  expect(wx.showToast).not.toHaveBeenCalled();
});
