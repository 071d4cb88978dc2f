// utils/request.js: the only wx.request caller. Token handling (sign-in, one refresh shared by concurrent
// 401s, re-login when the refresh is refused, no loops), error shape → zh-CN toast, the retry policy (GETs and
// keyed writes only, backoff, Retry-After), weak-network timeouts, offline fast failure.
'use strict';
const { json, apiError, pathOf } = require('../helpers/wx-double');
const { fresh, session } = require('../helpers/mp');

const BASE = 'http://127.0.0.1:8080/api/v1';
const tokens = (a, r) => ({ access_token: a, refresh_token: r, token_type: 'Bearer', expires_in: 900 });
const user = { id: 7, phone: null, created_at: '2026-01-01T00:00:00Z' };

function calls(wx, p) {
  return wx._requests.filter((r) => pathOf(r.url) === p);
}

test('GET builds the URL from the develop base URL, skips empty query values and sends no token when auth is false', async () => {
  const { wx, request } = fresh(() => json(200, { items: [] }));
  const res = await request.request({ path: '/regions', query: { parent: '450000', empty: '', none: null }, auth: false });
  expect(res.status).toBe(200);
  expect(wx._requests[0].url).toBe(`${BASE}/regions?parent=450000`);
  expect(wx._requests[0].method).toBe('GET');
  expect(wx._requests[0].header.Authorization).toBeUndefined();
  expect(wx._requests[0].header['Content-Type']).toBeUndefined();
});

test('an authenticated request with no session signs in through wx.login and POST /auth/wechat first, then sends the bearer token', async () => {
  const { wx, request, auth } = fresh((req) => {
    if (pathOf(req.url) === '/auth/wechat') return json(200, Object.assign(tokens('A1', 'R1'), { user }));
    return json(200, { user });
  });
  await request.get('/me');
  expect(wx.login).toHaveBeenCalledTimes(1);
  const signIn = calls(wx, '/auth/wechat')[0];
  expect(signIn.method).toBe('POST');
  expect(signIn.data).toEqual({ code: 'test:jest' });
  expect(signIn.header.Authorization).toBeUndefined();
  expect(calls(wx, '/me')[0].header.Authorization).toBe('Bearer A1');
  expect(auth.session()).toMatchObject({ access_token: 'A1', refresh_token: 'R1', user });
});

test('a 401 token_expired is followed by exactly one refresh and one retry with the new token', async () => {
  const { wx, request, auth } = fresh((req) => {
    const p = pathOf(req.url);
    if (p === '/auth/refresh') return json(200, tokens('A2', 'R2'));
    if (req.header.Authorization === 'Bearer A2') return json(200, { user });
    return apiError(401, 'token_expired', '登录已过期，请重新登录');
  });
  wx.setStorageSync('lg.session', session());
  const me = await request.get('/me');
  expect(me).toEqual({ user });
  const refreshes = calls(wx, '/auth/refresh');
  expect(refreshes).toHaveLength(1);
  expect(refreshes[0].data).toEqual({ refresh_token: 'R1' });
  expect(calls(wx, '/me').map((r) => r.header.Authorization)).toEqual(['Bearer A1', 'Bearer A2']);
  expect(auth.session()).toMatchObject({ access_token: 'A2', refresh_token: 'R2', user });
  expect(wx.login).not.toHaveBeenCalled();
  expect(wx.showToast).not.toHaveBeenCalled();
});

test('five concurrent requests that all get 401 token_invalid share a single refresh (a refresh token works once)', async () => {
  let release;
  const gate = new Promise((r) => {
    release = r;
  });
  const { wx, request } = fresh(async (req) => {
    if (pathOf(req.url) === '/auth/refresh') {
      await gate; // hold the refresh until every request has seen its 401
      return json(200, tokens('A2', 'R2'));
    }
    if (req.header.Authorization === 'Bearer A2') return json(200, { ok: pathOf(req.url) });
    return apiError(401, 'token_invalid', '登录状态无效，请重新登录');
  });
  wx.setStorageSync('lg.session', session());
  const all = Promise.all(['/a', '/b', '/c', '/d', '/e'].map((p) => request.get(p)));
  await new Promise((r) => setTimeout(r, 20));
  release();
  const out = await all;
  expect(out.map((o) => o.ok)).toEqual(['/a', '/b', '/c', '/d', '/e']);
  expect(calls(wx, '/auth/refresh')).toHaveLength(1);
});

test('a request that gets 401 after another request already refreshed retries with the new token without refreshing again', async () => {
  const { wx, request } = fresh((req) => {
    if (req.header.Authorization === 'Bearer A2') return json(200, { ok: true });
    return apiError(401, 'token_expired', '登录已过期，请重新登录');
  });
  wx.setStorageSync('lg.session', session());
  // the token is replaced while the first attempt is on the wire
  const origRequest = wx.request.getMockImplementation();
  let swapped = false;
  wx.request.mockImplementation((o) => {
    if (!swapped) {
      swapped = true;
      wx.setStorageSync('lg.session', session({ access_token: 'A2', refresh_token: 'R2' }));
    }
    return origRequest(o);
  });
  await expect(request.get('/x')).resolves.toEqual({ ok: true });
  expect(calls(wx, '/auth/refresh')).toHaveLength(0);
});

test('when the refresh is refused (refresh_token_reused) the client signs in again through wx.login and retries once', async () => {
  const { wx, request, auth } = fresh((req) => {
    const p = pathOf(req.url);
    if (p === '/auth/refresh') return apiError(401, 'refresh_token_reused', '登录凭证已被使用，为安全起见请重新登录');
    if (p === '/auth/wechat') return json(200, Object.assign(tokens('A3', 'R3'), { user }));
    if (req.header.Authorization === 'Bearer A3') return json(200, { ok: true });
    return apiError(401, 'token_expired', '登录已过期，请重新登录');
  });
  wx.setStorageSync('lg.session', session());
  await expect(request.get('/me')).resolves.toEqual({ ok: true });
  expect(calls(wx, '/auth/refresh')).toHaveLength(1);
  expect(wx.login).toHaveBeenCalledTimes(1);
  expect(calls(wx, '/me')).toHaveLength(2);
  expect(auth.session().access_token).toBe('A3');
});

test('a second 401 after recovery is not retried again: the request fails once with the server message as a toast', async () => {
  const { wx, request } = fresh((req) => {
    if (pathOf(req.url) === '/auth/refresh') return json(200, tokens('A2', 'R2'));
    return apiError(401, 'token_invalid', '登录状态无效，请重新登录');
  });
  wx.setStorageSync('lg.session', session());
  await expect(request.get('/me')).rejects.toMatchObject({ status: 401, code: 'token_invalid' });
  expect(calls(wx, '/me')).toHaveLength(2);
  expect(calls(wx, '/auth/refresh')).toHaveLength(1);
  expect(wx.showToast).toHaveBeenCalledTimes(1);
  expect(wx.showToast.mock.calls[0][0]).toMatchObject({ title: '登录状态无效，请重新登录', icon: 'none' });
});

test('the server error shape becomes an ApiError with code and field, and its zh-CN message is the toast text', async () => {
  const { wx, request, mp } = fresh(() => apiError(422, 'content_rejected', '内容未通过审核：含有收取押金等违规内容', 'description'));
  wx.setStorageSync('lg.session', session());
  const err = await request.post('/gigs', { title: 'x' }).catch((e) => e);
  expect(err).toBeInstanceOf(mp('utils/errors').ApiError);
  expect(err).toMatchObject({ status: 422, code: 'content_rejected', field: 'description', message: '内容未通过审核：含有收取押金等违规内容' });
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '内容未通过审核：含有收取押金等违规内容', icon: 'none' }));
  expect(wx._requests[0].header['Content-Type']).toBe('application/json');
});

test('toast: false leaves the error to the caller', async () => {
  const { wx, request } = fresh(() => apiError(400, 'validation_failed', '提交的内容不符合要求', 'title'));
  await expect(request.post('/auth/wechat', { code: 'x' }, { auth: false, toast: false })).rejects.toMatchObject({ field: 'title' });
  expect(wx.showToast).not.toHaveBeenCalled();
});

test('a 502 with an HTML body from a proxy is shown as a readable message, and a POST without a key is not retried', async () => {
  const { wx, request } = fresh(() => ({ statusCode: 502, data: '<html><body>502 Bad Gateway</body></html>', header: {} }));
  wx.setStorageSync('lg.session', session());
  await expect(request.post('/gigs', {})).rejects.toMatchObject({ status: 502, code: 'http_502', message: '服务暂时不可用，请稍后再试' });
  expect(wx._requests).toHaveLength(1);
  expect(wx.showToast.mock.calls[0][0].title).toBe('服务暂时不可用，请稍后再试');
});

test('a GET is retried on 503 with exponential backoff and succeeds on the third attempt', async () => {
  let n = 0;
  const { wx, request } = fresh(() => (++n < 3 ? apiError(503, 'service_unavailable', '服务暂时不可用，请稍后再试') : json(200, { items: [1] })));
  await expect(request.get('/regions', undefined, { auth: false })).resolves.toEqual({ items: [1] });
  expect(wx._requests).toHaveLength(3);
  expect(request.config.sleep.mock.calls.map((c) => c[0])).toEqual([500, 1000]);
  expect(wx.showToast).not.toHaveBeenCalled();
});

test('a GET gives up after three attempts and shows the last error', async () => {
  const { wx, request } = fresh(() => ({ fail: 'request:fail timeout' }));
  await expect(request.get('/job-types', undefined, { auth: false })).rejects.toMatchObject({ status: 0, code: 'network_timeout' });
  expect(wx._requests).toHaveLength(3);
  expect(wx.showToast.mock.calls[0][0].title).toBe('网络较慢，请求超时，请稍后重试');
});

test('a POST without an Idempotency-Key is sent once even when it times out (it may have been applied)', async () => {
  const { wx, request } = fresh(() => ({ fail: 'request:fail timeout' }));
  wx.setStorageSync('lg.session', session());
  await expect(request.post('/gigs', { title: 't' })).rejects.toMatchObject({ code: 'network_timeout' });
  expect(wx._requests).toHaveLength(1);
});

test('a write carrying an Idempotency-Key is retried after a network failure with the same key', async () => {
  let n = 0;
  const { wx, request } = fresh(() => (++n === 1 ? { fail: 'request:fail socket closed' } : json(201, { ok: true })));
  wx.setStorageSync('lg.session', session());
  const key = request.newIdempotencyKey();
  expect(key).toMatch(/^[0-9a-f]{32}$/);
  await expect(request.post('/gigs/1/applications', {}, { idempotencyKey: key })).resolves.toEqual({ ok: true });
  expect(wx._requests.map((r) => r.header['Idempotency-Key'])).toEqual([key, key]);
});

test('429 with a short Retry-After waits at least that long; a long Retry-After is not waited out', async () => {
  let n = 0;
  const short = fresh(() => (++n === 1 ? apiError(429, 'rate_limited', '操作过于频繁，请稍后再试', null, { 'Retry-After': '2' }) : json(200, {})));
  await short.request.get('/gigs', undefined, { auth: false });
  expect(short.request.config.sleep.mock.calls[0][0]).toBe(2000);

  const long = fresh(() => apiError(429, 'rate_limited', '操作过于频繁，请稍后再试', null, { 'retry-after': '60' }));
  await expect(long.request.get('/gigs', undefined, { auth: false })).rejects.toMatchObject({ status: 429, retryAfter: 60 });
  expect(long.wx._requests).toHaveLength(1);
  expect(long.wx.showToast.mock.calls[0][0].title).toBe('操作过于频繁，请稍后再试');
});

test('400-class errors are never retried, even for GET', async () => {
  const { wx, request } = fresh(() => apiError(400, 'bad_query', '查询参数不正确', 'sort'));
  await expect(request.get('/gigs', { sort: 'x' }, { auth: false })).rejects.toMatchObject({ field: 'sort' });
  expect(wx._requests).toHaveLength(1);
});

test('each attempt waits longer on a weak network: 10 s on Wi-Fi, 30 s on 2G or when WeChat reports a weak signal', async () => {
  const { wx, request, network } = fresh(() => json(200, {}));
  network.start(); // the double answers getNetworkType with wifi; what follows overrides it
  network._set('wifi', true, false);
  await request.get('/x', undefined, { auth: false });
  network._set('2g', true, false);
  await request.get('/x', undefined, { auth: false });
  network._set('4g', true, true);
  await request.get('/x', undefined, { auth: false });
  expect(wx._requests.map((r) => r.timeout)).toEqual([10000, 30000, 30000]);
});

test('a host missing from the legal domain list fails once with a message that says so (no retry)', async () => {
  const { wx, request } = fresh(() => ({ fail: 'request:fail url not in domain list' }));
  await expect(request.get('/regions', undefined, { auth: false })).rejects.toMatchObject({ code: 'domain_not_allowed' });
  expect(wx._requests).toHaveLength(1);
  expect(wx.showToast.mock.calls[0][0].title).toBe('服务器地址不在小程序的合法域名中，请联系管理员');
});

test('offline fails at once with a readable message and no wx.request', async () => {
  const { wx, request, network } = fresh(() => json(200, {}));
  network.start();
  network._set('none', false, false);
  await expect(request.get('/x', undefined, { auth: false })).rejects.toMatchObject({ code: 'network_offline' });
  expect(wx.request).not.toHaveBeenCalled();
  expect(wx.showToast.mock.calls[0][0].title).toBe('网络未连接，请检查网络设置后重试');
});

test('an access token about to expire is refreshed before the request instead of waiting for a 401', async () => {
  const { wx, request } = fresh((req) => (pathOf(req.url) === '/auth/refresh' ? json(200, tokens('A2', 'R2')) : json(200, { ok: req.header.Authorization })));
  wx.setStorageSync('lg.session', session({ expires_at: Date.now() + 5000 }));
  await expect(request.get('/me')).resolves.toEqual({ ok: 'Bearer A2' });
  expect(calls(wx, '/auth/refresh')).toHaveLength(1);
});

test("auth 'optional' sends the token when there is a session and never signs in when there is none", async () => {
  const { wx, request } = fresh(() => json(200, { items: [], page: 1, page_size: 20, total: 0 }));
  await request.get('/gigs', undefined, { auth: 'optional' });
  expect(wx.login).not.toHaveBeenCalled();
  expect(wx._requests[0].header.Authorization).toBeUndefined();
  wx.setStorageSync('lg.session', session());
  await request.get('/gigs', undefined, { auth: 'optional' });
  expect(wx._requests[1].header.Authorization).toBe('Bearer A1');
});

test('the develop build calls the local linggongd only inside DevTools; on a phone (preview, WeChat review) it calls production', () => {
  expect(fresh(() => json(200, {})).request.buildUrl('/me')).toBe(`${BASE}/me`);
  expect(fresh(() => json(200, {}), { platform: 'android' }).request.buildUrl('/me')).toBe('https://linggong.example.cn/api/v1/me');
  expect(fresh(() => json(200, {}), { envVersion: 'trial', platform: 'ios' }).request.buildUrl('/me')).toBe('https://trial.linggong.example.cn/api/v1/me');
});

test('the develop build honours a LAN base URL override; trial and release ignore it', () => {
  const { wx, request } = fresh(() => json(200, {}));
  wx.setStorageSync('lg.devBaseUrl', 'http://192.168.1.20:8080/api/v1/');
  expect(request.buildUrl('/gigs', { page: 2 })).toBe('http://192.168.1.20:8080/api/v1/gigs?page=2');
  const rel = fresh(() => json(200, {}), { envVersion: 'release' });
  rel.wx.setStorageSync('lg.devBaseUrl', 'http://192.168.1.20:8080/api/v1');
  expect(rel.request.buildUrl('/gigs')).toBe('https://linggong.example.cn/api/v1/gigs');
});
