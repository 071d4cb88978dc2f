// The WeChat session: wx.login → POST /auth/wechat, tokens kept with wx.setStorageSync, one refresh at a
// time (a refresh token works once and reusing it revokes the whole family, so concurrent 401s share one
// refresh), a silent re-login when the refresh fails, phone binding and logout. request.js gets its tokens
// from tokenSource below, handed to it at app start (app.js), so it never requires this module; pages ask
// this module who is signed in. Never logs or shows a token.
'use strict';
const authApi = require('../services/auth');
const env = require('../config/env');
const { ApiError } = require('./errors');

const KEY = 'lg.session';
// Refresh this long before the access token expires instead of waiting for a 401.
const REFRESH_MARGIN_MS = 30000;

let loginInFlight = null;
let refreshInFlight = null;
const listeners = [];

function session() {
  try {
    const s = wx.getStorageSync(KEY);
    return s && typeof s === 'object' ? s : null;
  } catch (e) {
    return null;
  }
}

function save(s) {
  wx.setStorageSync(KEY, s);
  listeners.slice().forEach((fn) => fn(s ? s.user : null));
}

function clear() {
  try {
    wx.removeStorageSync(KEY);
  } catch (e) {
    /* nothing stored */
  }
  listeners.slice().forEach((fn) => fn(null));
}

function fromTokens(t, prev) {
  return {
    access_token: t.access_token,
    refresh_token: t.refresh_token,
    expires_at: typeof t.expires_in === 'number' ? Date.now() + t.expires_in * 1000 : null,
    user: t.user || (prev && prev.user) || null,
  };
}

function wxLoginCode() {
  return new Promise((resolve, reject) => {
    const failed = () => reject(new ApiError({ code: 'wx_login_failed', message: '微信登录失败，请检查网络后重试' }));
    wx.login({
      timeout: 10000,
      success(res) {
        if (res && res.code) resolve(res.code);
        else failed();
      },
      fail: failed,
    });
  });
}

async function doLogin() {
  // develop builds against the local demo sign in as the WeChat double's test user (config/env.js)
  const devName = env.devSetting('loginName');
  const code = devName ? `test:${devName}` : await wxLoginCode();
  const res = await authApi.wechatSignIn(code);
  save(fromTokens(res, null));
  return res.user;
}

// Signs in through wx.login; concurrent callers share one attempt. Resolves the user.
function login() {
  if (!loginInFlight) {
    loginInFlight = doLogin().then(
      (u) => {
        loginInFlight = null;
        return u;
      },
      (e) => {
        loginInFlight = null;
        throw e;
      },
    );
  }
  return loginInFlight;
}

async function doRefresh() {
  const s = session();
  if (!s || !s.refresh_token) throw new ApiError({ status: 401, code: 'no_refresh_token', message: '请先登录' });
  const res = await authApi.refresh(s.refresh_token);
  save(fromTokens(res, s));
  return res.access_token;
}

// Exchanges the refresh token once; concurrent callers share the exchange. Resolves the new access token.
function refresh() {
  if (!refreshInFlight) {
    refreshInFlight = doRefresh().then(
      (t) => {
        refreshInFlight = null;
        return t;
      },
      (e) => {
        refreshInFlight = null;
        throw e;
      },
    );
  }
  return refreshInFlight;
}

// True when the refresh failed because the server refused the refresh token (not because of the network).
function refusedBy(e) {
  return e && (e.status === 400 || e.status === 401 || e.code === 'no_refresh_token');
}

async function loginToken() {
  await login();
  return session().access_token;
}

// Resolves an access token to send, signing in or refreshing first when needed.
async function accessToken() {
  const s = session();
  if (!s || !s.access_token) return loginToken();
  if (s.expires_at && s.expires_at - Date.now() < REFRESH_MARGIN_MS && s.refresh_token) {
    try {
      return await refresh();
    } catch (e) {
      if (!refusedBy(e)) throw e;
      clear();
      return loginToken();
    }
  }
  return s.access_token;
}

// The token to send on a request that does not require sign-in, or null.
function currentToken() {
  const s = session();
  return s && s.access_token ? s.access_token : null;
}

// Called once per request after a 401 for `stale`: if another request already replaced the token, use
// that; else refresh once; if the server refuses the refresh token, sign in again through wx.login.
async function recover(stale) {
  const s = session();
  if (s && s.access_token && s.access_token !== stale) return s.access_token;
  try {
    return await refresh();
  } catch (e) {
    if (!refusedBy(e)) throw e;
    clear();
    return loginToken();
  }
}

// Resolves the signed-in user, signing in when there is no session.
async function ensureUser() {
  const s = session();
  if (s && s.access_token && s.user) return s.user;
  return login();
}

function currentUser() {
  const s = session();
  return s ? s.user : null;
}

// Binds the phone from a getPhoneNumber code; keeps rotated tokens when the server sends them.
async function bindPhone(code) {
  const res = await authApi.bindPhone(code, { toast: false });
  const s = session() || {};
  const next = Object.assign({}, s, { user: res.user });
  if (res.access_token && res.refresh_token) {
    next.access_token = res.access_token;
    next.refresh_token = res.refresh_token;
    next.expires_at = typeof res.expires_in === 'number' ? Date.now() + res.expires_in * 1000 : null;
  }
  save(next);
  return res.user;
}

// Revokes the tokens on the server (best effort) and forgets them here.
async function logout() {
  try {
    if (currentToken()) await authApi.logout();
  } catch (e) {
    /* signed out locally either way */
  } finally {
    clear();
  }
}

// Calls fn(user|null) whenever the session changes; returns the unsubscribe function.
function onChange(fn) {
  listeners.push(fn);
  return () => {
    const i = listeners.indexOf(fn);
    if (i >= 0) listeners.splice(i, 1);
  };
}

// The token source request.js and transfer.js send with (request.setTokenSource, called by app.js).
const tokenSource = { current: currentToken, get: accessToken, recover };

module.exports = {
  KEY,
  tokenSource,
  REFRESH_MARGIN_MS,
  login,
  refresh,
  recover,
  accessToken,
  currentToken,
  currentUser,
  ensureUser,
  bindPhone,
  logout,
  onChange,
  session,
};
