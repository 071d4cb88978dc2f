// An in-memory stand-in for the `wx` global, shaped like the real APIs the mini-program calls: storage that
// round-trips through JSON and answers '' for a missing key (as WeChat does), wx.login codes, a wx.request
// that hands each call to a test-supplied server function, and recorders for toasts, navigation, modals,
// phone calls, map calls, action sheets and tab bar badges. Everything is a jest.fn so tests can assert on calls.
'use strict';

function clone(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

// server(req) gets {url, method, data, header, timeout} and returns (or resolves) one of
//   {statusCode, data, header}   an HTTP answer
//   {fail: 'request:fail timeout'}  no answer
function createWx({ server, loginCode = 'test:jest', envVersion = 'develop', platform = 'devtools' } = {}) {
  const store = new Map();
  const requests = [];
  const state = { server: server || null, loginCode };
  const ok = (name, res) => (o = {}) => {
    const r = Object.assign({ errMsg: `${name}:ok` }, typeof res === 'function' ? res(o) : res);
    if (o.success) o.success(r);
    if (o.complete) o.complete(r);
    return Promise.resolve(r);
  };

  const wx = {
    getStorageSync: jest.fn((k) => (store.has(k) ? clone(store.get(k)) : '')),
    setStorageSync: jest.fn((k, v) => {
      store.set(k, clone(v));
    }),
    removeStorageSync: jest.fn((k) => {
      store.delete(k);
    }),
    clearStorageSync: jest.fn(() => store.clear()),
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { appId: 'touristappid', envVersion } })),
    getDeviceInfo: jest.fn(() => ({ platform, system: 'Android 10', brand: 'devtools', model: 'test' })),
    login: jest.fn((o) => {
      const code = typeof state.loginCode === 'function' ? state.loginCode() : state.loginCode;
      if (code instanceof Error) o.fail && o.fail({ errMsg: `login:fail ${code.message}` });
      else o.success && o.success({ code, errMsg: 'login:ok' });
    }),
    request: jest.fn((o) => {
      const req = { url: o.url, method: o.method || 'GET', data: o.data, header: o.header || {}, timeout: o.timeout };
      requests.push(req);
      Promise.resolve()
        .then(() => {
          if (!state.server) throw new Error(`wx.request to ${req.method} ${req.url} with no server stubbed`);
          return state.server(req);
        })
        .then((res) => {
          if (res && res.fail) o.fail && o.fail({ errMsg: res.fail });
          else o.success && o.success({ statusCode: res.statusCode, data: res.data === undefined ? '' : clone(res.data), header: res.header || {} });
        })
        .catch((e) => o.fail && o.fail({ errMsg: `request:fail ${e.message}` }));
      return { abort: jest.fn() };
    }),
    getNetworkType: jest.fn(ok('getNetworkType', { networkType: 'wifi' })),
    onNetworkStatusChange: jest.fn(),
    showToast: jest.fn(ok('showToast', {})),
    hideToast: jest.fn(),
    showLoading: jest.fn(),
    hideLoading: jest.fn(),
    showModal: jest.fn(ok('showModal', (o) => ({ confirm: true, cancel: false, content: o.editable ? '' : undefined }))),
    showActionSheet: jest.fn(ok('showActionSheet', { tapIndex: 0 })),
    setTabBarBadge: jest.fn(ok('setTabBarBadge', {})),
    removeTabBarBadge: jest.fn(ok('removeTabBarBadge', {})),
    navigateTo: jest.fn(ok('navigateTo', {})),
    redirectTo: jest.fn(ok('redirectTo', {})),
    switchTab: jest.fn(ok('switchTab', {})),
    navigateBack: jest.fn(ok('navigateBack', {})),
    setNavigationBarTitle: jest.fn(ok('setNavigationBarTitle', {})),
    stopPullDownRefresh: jest.fn(),
    makePhoneCall: jest.fn(ok('makePhoneCall', {})),
    openLocation: jest.fn(ok('openLocation', {})),
    chooseLocation: jest.fn(ok('chooseLocation', { name: '鹿寨县人民广场', address: '广西壮族自治区柳州市鹿寨县', latitude: 24.4728, longitude: 109.752 })),
    getLocation: jest.fn(ok('getLocation', { latitude: 24.4728, longitude: 109.752 })),
    previewImage: jest.fn(ok('previewImage', {})),
    // files (utils/transfer.js): the same server function answers; an upload's data reaches the page as the
    // JSON text WeChat hands over, a download as a temp file path
    uploadFile: jest.fn((o) => {
      const req = { url: o.url, method: 'POST', filePath: o.filePath, name: o.name, formData: o.formData, header: o.header || {}, timeout: o.timeout };
      requests.push(req);
      Promise.resolve()
        .then(() => state.server(req))
        .then((res) => {
          if (res && res.fail) o.fail && o.fail({ errMsg: res.fail });
          else o.success && o.success({ statusCode: res.statusCode, data: typeof res.data === 'string' ? res.data : JSON.stringify(res.data === undefined ? '' : res.data) });
        })
        .catch((e) => o.fail && o.fail({ errMsg: `uploadFile:fail ${e.message}` }));
      return { abort: jest.fn(), onProgressUpdate: jest.fn() };
    }),
    downloadFile: jest.fn((o) => {
      const req = { url: o.url, method: 'GET', header: o.header || {}, timeout: o.timeout };
      requests.push(req);
      Promise.resolve()
        .then(() => state.server(req))
        .then((res) => {
          if (res && res.fail) o.fail && o.fail({ errMsg: res.fail });
          else o.success && o.success({ statusCode: res.statusCode, tempFilePath: res.statusCode === 200 ? res.tempFilePath || `wxfile://tmp_${requests.length}.jpg` : '' });
        })
        .catch((e) => o.fail && o.fail({ errMsg: `downloadFile:fail ${e.message}` }));
      return { abort: jest.fn() };
    }),
    // wx.chooseMedia answers the files set with _setMedia (an Error: the person cancelled)
    chooseMedia: jest.fn((o) => {
      const m = state.media;
      if (m instanceof Error) o.fail && o.fail({ errMsg: `chooseMedia:fail ${m.message}` });
      else o.success && o.success({ type: 'image', tempFiles: (m || []).slice(0, o.count || 9) });
    }),
    // test handles
    _store: store,
    _requests: requests,
    _setServer(fn) {
      state.server = fn;
    },
    _setLoginCode(c) {
      state.loginCode = c;
    },
    _setMedia(files) {
      state.media = files;
    },
  };
  return wx;
}

// A JSON answer.
function json(statusCode, data, header) {
  return { statusCode, data, header: Object.assign({ 'Content-Type': 'application/json; charset=utf-8' }, header || {}) };
}

// The server's error shape.
function apiError(statusCode, code, message, field, header) {
  const error = { code, message };
  if (field) error.field = field;
  return json(statusCode, { error }, header);
}

// The path of a request URL without the base and query, e.g. "/gigs".
function pathOf(url) {
  return url.replace(/^https?:\/\/[^/]+\/api\/v1/, '').split('?')[0];
}

function queryOf(url) {
  const q = {};
  const i = url.indexOf('?');
  if (i < 0) return q;
  for (const part of url.slice(i + 1).split('&')) {
    const [k, v] = part.split('=');
    q[decodeURIComponent(k)] = decodeURIComponent(v || '');
  }
  return q;
}

module.exports = { createWx, json, apiError, pathOf, queryOf };
