// Sign-in endpoints (/auth/*, /me), one function per endpoint. Session bookkeeping lives in utils/auth.js.
'use strict';
const { request, get, post } = require('../utils/request');

// POST /auth/wechat {code} → {access_token, refresh_token, token_type, expires_in, user}. No token needed.
function wechatSignIn(code) {
  return post('/auth/wechat', { code }, { auth: false, toast: false });
}

// POST /auth/refresh {refresh_token} → a new pair. Never retried: each refresh token works once.
function refresh(refreshToken) {
  return post('/auth/refresh', { refresh_token: refreshToken }, { auth: false, toast: false });
}

// POST /auth/logout → {logged_out: true}
function logout() {
  return request({ method: 'POST', path: '/auth/logout', toast: false }).then((r) => r.data);
}

// POST /auth/phone {code} (from the getPhoneNumber button) → {user[, access_token, refresh_token]}
function bindPhone(code, opts) {
  return post('/auth/phone', { code }, opts);
}

// GET /me → {user}
function me(opts) {
  return get('/me', undefined, opts);
}

module.exports = { wechatSignIn, refresh, logout, bindPhone, me };
