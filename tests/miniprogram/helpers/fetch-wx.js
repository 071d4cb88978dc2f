// The `wx` of the contract test: wx.request carried by Node's fetch to a real linggongd (same success/fail
// callback shapes, 'request:fail timeout' on timeout), wx.login handing out the WeChat double's "test:<name>"
// codes, and everything else from the in-memory double (storage, toasts). Every HTTP exchange is recorded so
// the test can check the answers against server/openapi.json.
'use strict';
const { createWx } = require('./wx-double');

function createFetchWx({ name }) {
  const wx = createWx({ loginCode: `test:${name}` });
  const exchanges = [];
  wx.request = jest.fn((o) => {
    const method = (o.method || 'GET').toUpperCase();
    let url = o.url;
    let body;
    if (o.data !== undefined && o.data !== null) {
      if (method === 'GET') {
        const qs = Object.entries(o.data).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        if (qs) url += (url.includes('?') ? '&' : '?') + qs;
      } else {
        body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data);
      }
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), o.timeout || 60000);
    fetch(url, { method, headers: o.header || {}, body, signal: ctl.signal, redirect: 'manual' })
      .then(async (r) => {
        const text = await r.text();
        let data = text;
        try {
          data = text ? JSON.parse(text) : '';
        } catch {
          data = text;
        }
        const header = {};
        r.headers.forEach((v, k) => {
          header[k] = v;
        });
        exchanges.push({ method, url, status: r.status, text, json: typeof data === 'object' ? data : undefined, header });
        o.success && o.success({ statusCode: r.status, data, header, errMsg: 'request:ok' });
      })
      .catch((e) => {
        exchanges.push({ method, url, status: 0, error: e.message });
        o.fail && o.fail({ errMsg: e.name === 'AbortError' ? 'request:fail timeout' : `request:fail ${e.message}` });
      })
      .finally(() => clearTimeout(timer));
    return { abort: () => ctl.abort() };
  });
  wx._exchanges = exchanges;
  return wx;
}

module.exports = { createFetchWx };
