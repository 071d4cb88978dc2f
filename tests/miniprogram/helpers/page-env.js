// The set-up a page test file shares (pages in miniprogram-simulate against the fake API): before each test a
// fresh fake API and wx double with the signed-in worker's session, and console errors and warnings collected
// (WeChat's template runtime reports problems there, so a test can assert there were none); open(page, query)
// mounts a page and runs onLoad and onShow; sent(key) lists the requests the fake API saw for one route key.
'use strict';
const { createWx } = require('./wx-double');
const fakeApi = require('./fake-api');
const { mount, settle } = require('./simulate');

function pageEnv() {
  const env = { api: null, errors: [] };
  beforeEach(() => {
    env.api = fakeApi.create();
    global.wx = Object.assign(global.wx, createWx({ server: env.api.server }));
    wx.setStorageSync('lg.session', { access_token: 'A1', refresh_token: 'R1', expires_at: Date.now() + 900000, user: fakeApi.user });
    env.errors = [];
    jest.spyOn(console, 'error').mockImplementation((...a) => env.errors.push(a.join(' ')));
    jest.spyOn(console, 'warn').mockImplementation((...a) => env.errors.push(a.join(' ')));
  });
  afterEach(() => {
    console.error.mockRestore();
    console.warn.mockRestore();
  });
  env.open = async (page, query) => {
    const comp = mount(page);
    const inst = comp.instance;
    if (inst.onLoad) inst.onLoad(query || {});
    if (inst.onShow) inst.onShow();
    await settle(40);
    return comp;
  };
  env.sent = (key) => env.api.seen.filter((s) => s.key === key);
  return env;
}

module.exports = { pageEnv };
