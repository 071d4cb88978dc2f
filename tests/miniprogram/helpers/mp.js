// Loads mini-program modules fresh for one test: resets jest's module registry (request.js and auth.js keep
// in-flight state per load), installs a new wx double with the given fake server, runs app.js as WeChat would
// first (it wires request.js to the session), and makes the retry backoff observable instead of slow.
'use strict';
const path = require('node:path');
const { createWx } = require('./wx-double');

const MP = path.resolve(__dirname, '../../../miniprogram');

function mpRequire(rel) {
  return require(path.join(MP, rel));
}

// What WeChat does before any page or module of it runs: run app.js, which hands request.js its token source
// (utils/auth.js). Resolves nothing; returns the options app.js passed to App() (onLaunch is not called).
function startApp() {
  let options = null;
  global.App = (o) => {
    options = o;
  };
  mpRequire('app');
  return options;
}

function fresh(server, opts) {
  jest.resetModules();
  global.wx = createWx(Object.assign({ server }, opts));
  startApp();
  const request = mpRequire('utils/request');
  request.config.sleep = jest.fn(() => Promise.resolve());
  request.config.random = () => 0.5;
  return { wx: global.wx, request, auth: mpRequire('utils/auth'), network: mpRequire('utils/network'), mp: mpRequire };
}

// A signed-in session as utils/auth.js stores it.
function session(over) {
  return Object.assign({ access_token: 'A1', refresh_token: 'R1', expires_at: Date.now() + 900000, user: { id: 7, phone: null, created_at: '2026-01-01T00:00:00Z' } }, over);
}

// fresh(server) with that session stored: the mini-program of a signed-in user.
function signedIn(server, opts) {
  const ctx = fresh(server, opts);
  ctx.wx.setStorageSync('lg.session', session());
  return ctx;
}

module.exports = { MP, mpRequire, startApp, fresh, session, signedIn };
