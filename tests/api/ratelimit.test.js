// The general rate limits, on servers of their own with the limits lowered: RATE_IP_PER_MIN requests per
// client IP and RATE_USER_PER_MIN per signed-in user each minute pass, the next one is 429 rate_limited
// with Retry-After, and another IP or user is not held back. Each client sends from its own loopback
// address (127.x.y.z), so the server's start-up probes from 127.0.0.1 do not count against it.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer, startWechat, signIn, uniq, call, assertError, sleep } = require('./lib');

// startServer's /healthz probes come from 127.0.0.1 and must get through too: the IP limit leaves them room
const IP_LIMIT = 20;
const LIMIT = 5;

// The limits count in fixed wall-clock minutes: start a burst early enough in one that it ends in it.
async function freshWindow(needSeconds = 15) {
  const into = (Date.now() / 1000) % 60;
  if (into > 60 - needSeconds) await sleep((60 - into) * 1000 + 200);
}

// A distinct loopback source address per call site.
const loopback = () => `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;

// GET from a chosen source address; resolves {status, headers, text, json} like lib's call().
function getFrom(url, localAddress, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { localAddress, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: new Headers(res.headers), text, json });
      });
    });
    req.on('error', reject);
  });
}

test(`GET /healthz (any path): ${IP_LIMIT} requests from one IP in a minute pass with RATE_IP_PER_MIN=${IP_LIMIT}, request ${IP_LIMIT + 1} is 429 with Retry-After; another IP still passes`, async () => {
  const s = await startServer({ RATE_IP_PER_MIN: String(IP_LIMIT), RATE_USER_PER_MIN: '100000' });
  try {
    await freshWindow();
    const ip = loopback();
    for (let i = 1; i <= IP_LIMIT; i++) {
      const r = await getFrom(`${s.url}/healthz`, ip);
      assert.equal(r.status, 200, `request ${i} of ${IP_LIMIT} from ${ip}: ${r.text}`);
    }
    const over = await getFrom(`${s.url}/healthz`, ip);
    assertError(over, 429, 'rate_limited');
    const after = Number(over.headers.get('retry-after'));
    assert.ok(after >= 1 && after <= 60, `Retry-After ${over.headers.get('retry-after')}`);
    // the limit is per IP, and counts every path (an unknown one too)
    assertError(await getFrom(`${s.url}/api/v1/no-such-thing`, ip), 429, 'rate_limited');
    let other = loopback();
    while (other === ip) other = loopback();
    assert.equal((await getFrom(`${s.url}/healthz`, other)).status, 200);
  } finally {
    await s.stop();
  }
});

test(`GET /api/v1/me: ${LIMIT} requests by one user in a minute pass with RATE_USER_PER_MIN=${LIMIT}, request ${LIMIT + 1} is 429 with Retry-After; another user still passes`, async () => {
  const wx = await startWechat();
  const s = await startServer({ ...wx.env, RATE_USER_PER_MIN: String(LIMIT), RATE_IP_PER_MIN: '100000', RATE_LOGIN_PER_MIN: '100000' });
  try {
    const a = await signIn(s, uniq('rl'));
    const b = await signIn(s, uniq('rl'));
    await freshWindow();
    const me = (u) => call(s.url, 'GET', '/api/v1/me', { token: u.access_token });
    for (let i = 1; i <= LIMIT; i++) {
      const r = await me(a);
      assert.equal(r.status, 200, `request ${i} of ${LIMIT}: ${r.text}`);
    }
    const over = await me(a);
    assertError(over, 429, 'rate_limited');
    const after = Number(over.headers.get('retry-after'));
    assert.ok(after >= 1 && after <= 60, `Retry-After ${over.headers.get('retry-after')}`);
    // the same user on another route is held back too; another user from the same IP is not
    assertError(await call(s.url, 'GET', '/api/v1/me/notifications', { token: a.access_token }), 429, 'rate_limited');
    assert.equal((await me(b)).status, 200);
  } finally {
    await s.stop();
    await wx.close();
  }
});
