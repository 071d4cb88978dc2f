// The only caller of wx.request (a test greps for any other). Owns the HTTP conversation with linggongd:
// base URL, bearer token, one token recovery on 401 (refresh, else silent re-login through wx.login), the
// server's {"error":{code,message,field}} turned into an ApiError and a zh-CN toast, retries with backoff for
// GETs and for writes carrying an Idempotency-Key (never for other writes: a timed-out POST may have been
// applied), and per-attempt timeouts that grow on weak networks. It does not know any endpoint; services/ do.
'use strict';

const env = require('../config/env');
const network = require('./network');
const { ApiError } = require('./errors');

// Statuses worth retrying for a request that is safe to repeat.
const RETRY_STATUSES = [429, 500, 502, 503, 504];
// 401 codes that mean "this access token is no good": recover once, then give up.
const TOKEN_CODES = ['token_expired', 'token_invalid', 'unauthenticated'];

// Tunables; tests replace sleep and random to observe the backoff without waiting.
const config = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxRetryAfterS: 8,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const NET_MESSAGES = {
  network_offline: '网络未连接，请检查网络设置后重试',
  network_timeout: '网络较慢，请求超时，请稍后重试',
  network_error: '网络连接失败，请检查网络后重试',
  // WeChat refuses hosts missing from the request合法域名 list; in DevTools this means 不校验合法域名 is off
  domain_not_allowed: '服务器地址不在小程序的合法域名中，请联系管理员',
};

// The ApiError code for a wx.request failure message.
function failureCode(errMsg) {
  if (/timeout|超时/i.test(errMsg)) return 'network_timeout';
  if (/domain list|合法域名/i.test(errMsg)) return 'domain_not_allowed';
  return 'network_error';
}

// Readable text for a failed status whose body is not our error shape (a proxy's HTML page, an empty body).
function statusMessage(status) {
  if (status === 400) return '提交的内容不符合要求';
  if (status === 401) return '请先登录';
  if (status === 403) return '没有权限进行此操作';
  if (status === 404) return '找不到请求的内容';
  if (status === 409) return '当前状态下不能进行此操作';
  if (status === 413) return '提交的内容过大';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return '服务暂时不可用，请稍后再试';
  return `请求失败（${status}），请稍后重试`;
}

function headerValue(header, name) {
  if (!header) return undefined;
  const want = name.toLowerCase();
  for (const k of Object.keys(header)) if (k.toLowerCase() === want) return header[k];
  return undefined;
}

function parseBody(data) {
  if (typeof data !== 'string') return data;
  if (!data) return null;
  try {
    return JSON.parse(data);
  } catch (e) {
    return data;
  }
}

// Returns the ApiError a failed response stands for.
function errorFromResponse(res) {
  const body = res.data;
  const retryAfter = Number(headerValue(res.header, 'retry-after')) || null;
  const e = body && typeof body === 'object' && body.error;
  if (e && typeof e.code === 'string' && typeof e.message === 'string' && e.message) {
    return new ApiError({ status: res.status, code: e.code, message: e.message, field: e.field || null, retryAfter });
  }
  return new ApiError({ status: res.status, code: `http_${res.status}`, message: statusMessage(res.status), retryAfter });
}

// Builds "<base><path>?a=1&b=2", skipping undefined, null and empty values.
function buildUrl(path, query) {
  let url = env.baseUrl() + path;
  const parts = [];
  if (query) {
    for (const k of Object.keys(query)) {
      const v = query[k];
      if (v === undefined || v === null || v === '') continue;
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
    }
  }
  if (parts.length) url += (url.indexOf('?') >= 0 ? '&' : '?') + parts.join('&');
  return url;
}

// One wx.request. Resolves {status, data, header} for any HTTP answer; rejects an ApiError (status 0) when
// no answer arrived.
function sendOnce(o, token) {
  const header = Object.assign({ Accept: 'application/json' }, o.headers || {});
  if (o.data !== undefined) header['Content-Type'] = 'application/json';
  if (token) header.Authorization = `Bearer ${token}`;
  if (o.idempotencyKey) header['Idempotency-Key'] = o.idempotencyKey;
  return new Promise((resolve, reject) => {
    wx.request({
      url: buildUrl(o.path, o.query),
      method: o.method,
      data: o.data,
      header,
      timeout: o.timeout || network.timeoutMs(),
      dataType: 'json',
      responseType: 'text',
      success(res) {
        resolve({ status: res.statusCode, data: parseBody(res.data), header: res.header || {} });
      },
      fail(err) {
        const code = failureCode((err && err.errMsg) || '');
        reject(new ApiError({ status: 0, code, message: NET_MESSAGES[code] }));
      },
    });
  });
}

// Delay before retry number `attempt` (0-based): exponential with ±25 % jitter, at least Retry-After.
// Returns null when the server asks for a longer wait than a person holding the phone should sit through.
function retryDelay(attempt, retryAfterS) {
  if (retryAfterS && retryAfterS > config.maxRetryAfterS) return null;
  const backoff = config.baseDelayMs * Math.pow(2, attempt) * (0.75 + config.random() * 0.5);
  return Math.round(Math.max(backoff, retryAfterS ? retryAfterS * 1000 : 0));
}

function canRetry(o) {
  return o.method === 'GET' || o.method === 'HEAD' || !!o.idempotencyKey;
}

// Sends with the retry policy. Resolves the last HTTP answer; rejects the last network ApiError.
async function sendWithRetry(o, token) {
  const attempts = canRetry(o) ? Math.max(1, o.maxAttempts || config.maxAttempts) : 1;
  for (let i = 0; ; i++) {
    if (network.isOffline()) throw new ApiError({ status: 0, code: 'network_offline', message: NET_MESSAGES.network_offline });
    let res;
    try {
      res = await sendOnce(o, token);
    } catch (err) {
      if (i + 1 >= attempts || err.code === 'domain_not_allowed') throw err;
      await config.sleep(retryDelay(i, null));
      continue;
    }
    if (i + 1 < attempts && RETRY_STATUSES.indexOf(res.status) >= 0) {
      const delay = retryDelay(i, Number(headerValue(res.header, 'retry-after')) || null);
      if (delay !== null) {
        await config.sleep(delay);
        continue;
      }
    }
    return res;
  }
}

function isTokenFailure(res) {
  return res.status === 401 && !!res.data && !!res.data.error && TOKEN_CODES.indexOf(res.data.error.code) >= 0;
}

// Where access tokens come from: the session in utils/auth.js, injected at app start (app.js calls
// setTokenSource) so that this module requires neither utils/auth.js nor services/auth.js, which both call
// back into it. A source is {current() → token or null, get() → Promise of a token (signing in when needed),
// recover(stale) → Promise of a token to retry with after a 401 for `stale`}.
let tokens = null;

function setTokenSource(source) {
  tokens = source;
}

// The injected token source; throws when app start has not set one (a wiring bug, not a user's problem).
function tokenSource() {
  if (!tokens) throw new Error('request.js: no token source (app.js calls request.setTokenSource at start)');
  return tokens;
}

async function perform(o) {
  if (o.auth === false) return sendWithRetry(o, null);
  let token;
  if (o.auth === 'optional') token = tokenSource().current();
  else token = await tokenSource().get();
  let res = await sendWithRetry(o, token);
  if (isTokenFailure(res) && (token || o.auth !== 'optional')) {
    token = await tokenSource().recover(token);
    res = await sendWithRetry(o, token);
  }
  return res;
}

function showError(err) {
  try {
    wx.showToast({ title: err.message, icon: 'none', duration: 2500 });
  } catch (e) {
    /* toast is best effort */
  }
}

// request({method, path, query, data, auth, idempotencyKey, headers, timeout, maxAttempts, toast})
// auth: true (default; signs in first when needed), 'optional' (send the token if there is one), false.
// toast: false leaves showing the error to the caller (forms show field errors at the field).
// Resolves {status, data, header} for 2xx and 304; rejects an ApiError for anything else.
async function request(opts) {
  const o = Object.assign({ method: 'GET', auth: true, toast: true }, opts);
  o.method = o.method.toUpperCase();
  network.start();
  try {
    const res = await perform(o);
    if ((res.status >= 200 && res.status < 300) || res.status === 304) return res;
    throw errorFromResponse(res);
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError({ message: (err && err.message) || undefined });
    if (o.toast !== false) showError(e);
    throw e;
  }
}

function get(path, query, opts) {
  return request(Object.assign({}, opts, { method: 'GET', path, query })).then((r) => r.data);
}

function post(path, data, opts) {
  return request(Object.assign({}, opts, { method: 'POST', path, data })).then((r) => r.data);
}

function put(path, data, opts) {
  return request(Object.assign({}, opts, { method: 'PUT', path, data })).then((r) => r.data);
}

// Generates an Idempotency-Key (random, 32 hex digits) for a write that may be retried.
function newIdempotencyKey() {
  let s = '';
  for (let i = 0; i < 32; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}

module.exports = {
  request,
  get,
  post,
  put,
  setTokenSource,
  tokenSource, // for utils/transfer.js (file uploads and downloads)
  config,
  buildUrl,
  headerValue,
  statusMessage,
  retryDelay,
  newIdempotencyKey,
  NET_MESSAGES,
  errorFromResponse, // for utils/transfer.js (file uploads and downloads)
};
