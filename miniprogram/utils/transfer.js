// Files to and from linggongd, next to request.js (which owns JSON): the only caller of wx.uploadFile and
// wx.downloadFile. Same conversation rules as request.js: base URL, bearer token, one token recovery on 401,
// the server's {"error":{...}} turned into an ApiError and a zh-CN toast. An upload is sent once and never
// retried automatically (a 5 MB image on a weak signal should not go twice behind the person's back); the
// person taps again. Downloads of images carry the token (an <image src> cannot), land in a temp file and
// are cached for the session by URL path.
'use strict';

const env = require('../config/env');
const network = require('./network');
const request = require('./request');
const { ApiError } = require('./errors');

const TOKEN_CODES = ['token_expired', 'token_invalid', 'unauthenticated'];
// A 5 MB image on 3G takes a while; the per-request JSON timeouts are far too short for it.
const UPLOAD_TIMEOUT_MS = 120000;

function parse(data) {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch (e) {
    return data;
  }
}

function netError(err) {
  const msg = (err && err.errMsg) || '';
  const code = /timeout|超时/i.test(msg) ? 'network_timeout' : 'network_error';
  return new ApiError({ status: 0, code, message: request.NET_MESSAGES[code] });
}

function uploadOnce(path, filePath, token, name, formData) {
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: env.baseUrl() + path,
      filePath,
      name,
      formData: formData || {},
      header: token ? { Authorization: `Bearer ${token}` } : {},
      timeout: UPLOAD_TIMEOUT_MS,
      success: (res) => resolve({ status: res.statusCode, data: parse(res.data), header: res.header || {} }),
      fail: (err) => reject(netError(err)),
    });
  });
}

function downloadOnce(path, token) {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url: env.baseUrl() + path,
      header: token ? { Authorization: `Bearer ${token}` } : {},
      timeout: Math.max(network.timeoutMs(), 30000),
      // a failed download has no JSON to read (the body went to a file): the status says enough
      success: (res) => resolve({ status: res.statusCode, data: null, tempFilePath: res.tempFilePath }),
      fail: (err) => reject(netError(err)),
    });
  });
}

function isTokenFailure(res) {
  if (res.status !== 401) return false;
  const e = res.data && res.data.error;
  return !e || TOKEN_CODES.indexOf(e.code) >= 0;
}

async function withToken(send) {
  let token = await request.tokenSource().get();
  let res = await send(token);
  if (isTokenFailure(res)) {
    token = await request.tokenSource().recover(token);
    res = await send(token);
  }
  return res;
}

function fail(err, toast) {
  const e = err instanceof ApiError ? err : new ApiError({ message: (err && err.message) || undefined });
  if (toast !== false) {
    try {
      wx.showToast({ title: e.message, icon: 'none', duration: 2500 });
    } catch (x) {
      /* best effort */
    }
  }
  throw e;
}

// upload(path, filePath, {name = 'file', formData, toast}) → the parsed 2xx JSON; rejects an ApiError.
async function upload(path, filePath, opts) {
  const o = Object.assign({ name: 'file', toast: true }, opts);
  network.start();
  try {
    if (network.isOffline()) throw new ApiError({ status: 0, code: 'network_offline', message: request.NET_MESSAGES.network_offline });
    const res = await withToken((token) => uploadOnce(path, filePath, token, o.name, o.formData));
    if (res.status >= 200 && res.status < 300) return res.data;
    throw request.errorFromResponse(res);
  } catch (err) {
    return fail(err, o.toast);
  }
}

const cache = new Map(); // path → temp file path, for this run of the mini-program

// download(path, {toast}) → a temp file path of the body; rejects an ApiError.
async function download(path, opts) {
  const o = Object.assign({ toast: true }, opts);
  if (cache.has(path)) return cache.get(path);
  network.start();
  try {
    const res = await withToken((token) => downloadOnce(path, token));
    if (res.status === 200 && res.tempFilePath) {
      cache.set(path, res.tempFilePath);
      return res.tempFilePath;
    }
    throw request.errorFromResponse(res);
  } catch (err) {
    return fail(err, o.toast);
  }
}

module.exports = { upload, download, UPLOAD_TIMEOUT_MS, _cache: cache };
