'use strict';
// Contract tests of the WeChat double: linggongd's WeChat client is only as trustworthy as the double it is
// tested against, so every documented code, shape and fault mode is pinned here.

const test = require('node:test');
const { describe, before, after, beforeEach } = test;
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { start } = require('./wechat.js');

const APPID = 'wx_test_appid';
const SECRET = 'test_secret';
const TIMEOUT_DELAY_MS = 300;
const RID = '[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}';

let dbl;

async function call(p, { method = 'GET', query, body, rawBody, base = dbl.url, signal } = {}) {
  const u = new URL(p, base);
  for (const [k, v] of Object.entries(query || {})) u.searchParams.set(k, v);
  const init = { method, signal };
  if (rawBody !== undefined) init.body = rawBody;
  else if (body !== undefined) init.body = JSON.stringify(body);
  if (init.body !== undefined) init.headers = { 'content-type': 'application/json' };
  const res = await fetch(u, init);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const c2s = (jsCode, over = {}, base) =>
  call('/sns/jscode2session', {
    base,
    query: { appid: APPID, secret: SECRET, js_code: jsCode, grant_type: 'authorization_code', ...over },
  });

const stable = (over = {}, base) =>
  call('/cgi-bin/stable_token', {
    method: 'POST',
    base,
    body: { grant_type: 'client_credential', appid: APPID, secret: SECRET, ...over },
  });

async function token(base) {
  const r = await stable({}, base);
  assert.equal(r.status, 200);
  assert.ok(r.json.access_token, r.text);
  return r.json.access_token;
}

const phone = (code, tok) =>
  call('/wxa/business/getuserphonenumber', {
    method: 'POST',
    query: tok === undefined ? {} : { access_token: tok },
    body: { code },
  });

const subscribe = (body, tok) =>
  call('/cgi-bin/message/subscribe/send', { method: 'POST', query: { access_token: tok }, body });

const secCheck = (body, tok) => call('/wxa/msg_sec_check', { method: 'POST', query: { access_token: tok }, body });

const ctl = (p, body) => call(`/__fake/${p}`, body === undefined ? {} : { method: 'POST', body });

function assertWxError(r, errcode, msgPrefix) {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.errcode, errcode, r.text);
  if (msgPrefix !== undefined) {
    const esc = msgPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.match(r.json.errmsg, new RegExp(`^${esc},? rid: ${RID}$`), r.text);
  }
}

// Resolves with the error a raw node:http request ends with (used where fetch would hide the errno).
function rawGetError(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => reject(new Error(`got a response ${res.statusCode}`)));
    });
    req.on('error', resolve);
  });
}

before(async () => {
  dbl = await start({ port: 0, appid: APPID, secret: SECRET, timeoutDelayMs: TIMEOUT_DELAY_MS });
});
after(async () => {
  await dbl.close();
});
beforeEach(async () => {
  const r = await ctl('reset', {});
  assert.equal(r.status, 200);
});

describe('GET /sns/jscode2session', () => {
  test('GET /sns/jscode2session test:<name> → stable openid/unionid, fresh 16-byte session_key, no errcode', async () => {
    const a = await c2s('test:alice');
    const b = await c2s('test:alice');
    for (const r of [a, b]) {
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json).sort(), ['openid', 'session_key', 'unionid']);
      assert.equal(r.json.openid, 'o_test_alice');
      assert.equal(r.json.unionid, 'u_test_alice');
      assert.match(r.json.session_key, /^[A-Za-z0-9+/]{22}==$/);
      assert.equal(Buffer.from(r.json.session_key, 'base64').length, 16);
    }
    assert.notEqual(a.json.session_key, b.json.session_key);
    assert.match(a.headers.get('content-type'), /^application\/json/);
  });

  test('GET /sns/jscode2session test:<bad name> → 40029', async () => {
    for (const code of ['test:', 'test:a b', `test:${'x'.repeat(41)}`, 'test:é']) {
      assertWxError(await c2s(code), 40029, 'invalid code');
    }
  });

  test('GET /sns/jscode2session wrong appid → 40013, wrong secret → 40125, bad grant_type → 40002', async () => {
    assertWxError(await c2s('test:a', { appid: 'wx_other' }), 40013, 'invalid appid');
    assertWxError(await c2s('test:a', { secret: 'nope' }), 40125, 'invalid appsecret');
    assertWxError(await c2s('test:a', { grant_type: 'client_credential' }), 40002, 'invalid grant_type');
    const u = new URL('/sns/jscode2session', dbl.url);
    u.search = new URLSearchParams({ appid: APPID, secret: SECRET, js_code: 'test:a' }).toString();
    const r = await call(u.pathname + u.search);
    assertWxError(r, 40002, 'invalid grant_type');
  });

  test('GET /sns/jscode2session missing appid → 41002, missing secret → 41004, missing js_code → 41008', async () => {
    const q = (params) => call(`/sns/jscode2session?${new URLSearchParams(params)}`);
    assertWxError(await q({ secret: SECRET, js_code: 'test:a', grant_type: 'authorization_code' }), 41002, 'appid missing');
    assertWxError(await q({ appid: APPID, js_code: 'test:a', grant_type: 'authorization_code' }), 41004, 'appsecret missing');
    assertWxError(await q({ appid: APPID, secret: SECRET, grant_type: 'authorization_code' }), 41008, 'missing code');
  });

  test('GET /sns/jscode2session control-issued code → works once, then 40163; unknown code → 40029', async () => {
    const issued = await ctl('codes', { name: 'bob' });
    assert.equal(issued.status, 200);
    assert.match(issued.json.code, /^[0-9a-f]{32}$/);
    const first = await c2s(issued.json.code);
    assert.equal(first.json.openid, 'o_test_bob');
    assert.equal(first.json.errcode, undefined);
    const second = await c2s(issued.json.code);
    assertWxError(second, 40163, 'code been used');
    assert.match(second.json.errmsg, new RegExp(`^code been used, rid: ${RID}$`));
    const unknown = await c2s('0a1b2c3d4e5f60718293a4b5c6d7e8f9');
    assert.match(unknown.json.errmsg, new RegExp(`^invalid code, rid: ${RID}$`));
    assert.equal(unknown.json.errcode, 40029);
  });

  test('POST /__fake/codes with a bad name → 400', async () => {
    assert.equal((await ctl('codes', { name: 'a b' })).status, 400);
    assert.equal((await ctl('codes', {})).status, 400);
  });

  test('GET /sns/jscode2session err:<errcode> → that WeChat error with the real errmsg', async () => {
    const cases = [
      [40029, 'invalid code'],
      [40163, 'code been used'],
      [45011, 'api minute-quota reach limit  mustslower  retry next minute'],
      [40226, 'code blocked'],
      [-1, 'system error'],
      [40001, 'invalid credential, access_token is invalid or not latest'],
      [42001, 'access_token expired'],
      [43101, 'user refuse to accept the msg'],
      [40013, 'invalid appid'],
    ];
    for (const [code, msg] of cases) assertWxError(await c2s(`err:${code}`), code, msg);
  });

  test('GET /sns/jscode2session err: still checks appid/secret first → 40013', async () => {
    assertWxError(await c2s('err:45011', { appid: 'wx_other' }), 40013);
  });

  test('GET /sns/jscode2session fault:500 → HTTP 500 with an HTML body', async () => {
    const r = await c2s('fault:500');
    assert.equal(r.status, 500);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(r.text, /<html>/);
    assert.equal(r.json, undefined);
  });

  test('GET /sns/jscode2session fault:garbage → HTTP 200 with a body that is not JSON', async () => {
    const r = await c2s('fault:garbage');
    assert.equal(r.status, 200);
    assert.throws(() => JSON.parse(r.text));
  });

  test('GET /sns/jscode2session fault:reset → connection reset, no response', { timeout: 5000 }, async () => {
    const u = new URL('/sns/jscode2session', dbl.url);
    u.search = new URLSearchParams({ appid: APPID, secret: SECRET, js_code: 'fault:reset', grant_type: 'authorization_code' }).toString();
    const err = await rawGetError(u);
    assert.equal(err.code, 'ECONNRESET');
  });

  test('GET /sns/jscode2session fault:timeout → no answer before the client gives up (AbortController)', { timeout: 5000 }, async () => {
    const ac = new AbortController();
    const t = setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    await assert.rejects(
      call(`/sns/jscode2session?${new URLSearchParams({ appid: APPID, secret: SECRET, js_code: 'fault:timeout', grant_type: 'authorization_code' })}`, { signal: ac.signal }),
      { name: 'AbortError' }
    );
    clearTimeout(t);
    assert.ok(Date.now() - t0 < TIMEOUT_DELAY_MS);
  });

  test('GET /sns/jscode2session fault:timeout → socket closed without a response after timeoutDelayMs', { timeout: 5000 }, async () => {
    const u = new URL('/sns/jscode2session', dbl.url);
    u.search = new URLSearchParams({ appid: APPID, secret: SECRET, js_code: 'fault:timeout', grant_type: 'authorization_code' }).toString();
    const t0 = Date.now();
    const err = await rawGetError(u);
    assert.ok(Date.now() - t0 >= TIMEOUT_DELAY_MS - 20, `closed after ${Date.now() - t0} ms`);
    assert.match(String(err.code || err.message), /ECONNRESET|socket hang up/);
  });

  test('close() with a fault:timeout request held → returns promptly', { timeout: 5000 }, async () => {
    const d = await start({ port: 0, appid: APPID, secret: SECRET, timeoutDelayMs: 30000 });
    const u = new URL('/sns/jscode2session', d.url);
    u.search = new URLSearchParams({ appid: APPID, secret: SECRET, js_code: 'fault:timeout', grant_type: 'authorization_code' }).toString();
    const pending = rawGetError(u);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await d.close();
    assert.ok(Date.now() - t0 < 1000, `close took ${Date.now() - t0} ms`);
    await pending;
  });
});

describe('POST /cgi-bin/stable_token', () => {
  test('POST /cgi-bin/stable_token → {access_token, expires_in:7200}, same token on repeat', async () => {
    const a = await stable();
    assert.equal(a.status, 200);
    assert.deepEqual(Object.keys(a.json).sort(), ['access_token', 'expires_in']);
    assert.equal(a.json.expires_in, 7200);
    assert.match(a.json.access_token, /^[A-Za-z0-9_-]{20,512}$/);
    const b = await stable({ force_refresh: false });
    assert.equal(b.json.access_token, a.json.access_token);
    assert.ok(b.json.expires_in <= 7200 && b.json.expires_in > 7100);
  });

  test('POST /cgi-bin/stable_token force_refresh:true → new token, old one answers 40001; again within 30 s → unchanged', async () => {
    const old = await token();
    const fresh = await stable({ force_refresh: true });
    assert.notEqual(fresh.json.access_token, old);
    assert.equal(fresh.json.expires_in, 7200);
    assertWxError(await phone('phone:13800138000', old), 40001);
    assert.equal((await phone('phone:13800138000', fresh.json.access_token)).json.errcode, 0);
    const again = await stable({ force_refresh: true });
    assert.equal(again.json.access_token, fresh.json.access_token);
  });

  test('POST /cgi-bin/stable_token wrong appid → 40013, wrong secret → 40125, bad grant_type → 40002, missing → 41002/41004', async () => {
    assertWxError(await stable({ appid: 'wx_other' }), 40013, 'invalid appid');
    assertWxError(await stable({ secret: 'nope' }), 40125, 'invalid appsecret');
    assertWxError(await stable({ grant_type: 'authorization_code' }), 40002, 'invalid grant_type');
    assertWxError(await stable({ appid: undefined }), 41002, 'appid missing');
    assertWxError(await stable({ secret: undefined }), 41004, 'appsecret missing');
  });

  test('POST /cgi-bin/stable_token bad JSON → 47001, empty body → 44002, GET → 43002', async () => {
    const bad = await call('/cgi-bin/stable_token', { method: 'POST', rawBody: '{"grant_type":' });
    assertWxError(bad, 47001, 'data format error');
    const arr = await call('/cgi-bin/stable_token', { method: 'POST', rawBody: '[1]' });
    assertWxError(arr, 47001, 'data format error');
    const empty = await call('/cgi-bin/stable_token', { method: 'POST', rawBody: '' });
    assertWxError(empty, 44002, 'empty post data');
    assertWxError(await call('/cgi-bin/stable_token'), 43002, 'require POST method');
  });

  test('POST /cgi-bin/stable_token after the token lifetime → old token 42001, new token issued', async () => {
    const d = await start({ port: 0, appid: APPID, secret: SECRET, tokenTtlSeconds: 1 });
    try {
      const t1 = await token(d.url);
      await new Promise((r) => setTimeout(r, 1100));
      const r = await call('/wxa/business/getuserphonenumber', {
        base: d.url,
        method: 'POST',
        query: { access_token: t1 },
        body: { code: 'phone:13800138000' },
      });
      assertWxError(r, 42001, 'access_token expired');
      const t2 = await token(d.url);
      assert.notEqual(t2, t1);
    } finally {
      await d.close();
    }
  });
});

describe('POST /wxa/business/getuserphonenumber', () => {
  test('POST /wxa/business/getuserphonenumber phone:<11 digits> → phone_info with configured appid watermark, reusable', async () => {
    const tok = await token();
    const before = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 2; i++) {
      const r = await phone('phone:13800138000', tok);
      assert.equal(r.status, 200);
      const ts = r.json.phone_info.watermark.timestamp;
      assert.ok(Number.isInteger(ts) && ts >= before && ts <= before + 5);
      assert.deepEqual(r.json, {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: '13800138000',
          purePhoneNumber: '13800138000',
          countryCode: '86',
          watermark: { timestamp: ts, appid: APPID },
        },
      });
    }
  });

  test('POST /wxa/business/getuserphonenumber no token → 41001, unknown token → 40001', async () => {
    assertWxError(await phone('phone:13800138000'), 41001, 'access_token missing');
    assertWxError(await phone('phone:13800138000', 'not-a-token'), 40001, 'invalid credential, access_token is invalid or not latest');
  });

  test('POST /wxa/business/getuserphonenumber after /__fake/expire-tokens → 42001; stable_token then issues a working token', async () => {
    const tok = await token();
    const r = await ctl('expire-tokens', {});
    assert.deepEqual(r.json, { ok: true, tokens: 1 });
    assertWxError(await phone('phone:13800138000', tok), 42001, 'access_token expired');
    const tok2 = await token();
    assert.notEqual(tok2, tok);
    assert.equal((await phone('phone:13800138000', tok2)).json.errcode, 0);
  });

  test('POST /wxa/business/getuserphonenumber after /__fake/invalidate-tokens → 40001; stable_token then issues a working token', async () => {
    const tok = await token();
    await ctl('invalidate-tokens', {});
    assertWxError(await phone('phone:13800138000', tok), 40001);
    const tok2 = await token();
    assert.notEqual(tok2, tok);
    assert.equal((await phone('phone:13800138000', tok2)).json.errcode, 0);
  });

  test('POST /wxa/business/getuserphonenumber other codes → 40029, missing code → 47001, bad JSON → 47001', async () => {
    const tok = await token();
    for (const c of ['abc', 'phone:1380013800', 'phone:138001380001', 'phone:+8613800138000']) {
      assertWxError(await phone(c, tok), 40029, 'invalid code');
    }
    const noCode = await call('/wxa/business/getuserphonenumber', { method: 'POST', query: { access_token: tok }, body: {} });
    assertWxError(noCode, 47001);
    const bad = await call('/wxa/business/getuserphonenumber', { method: 'POST', query: { access_token: tok }, rawBody: 'code=1' });
    assertWxError(bad, 47001, 'data format error');
  });

  test('POST /wxa/business/getuserphonenumber err:<errcode> → that error', async () => {
    const tok = await token();
    assertWxError(await phone('err:40029', tok), 40029, 'invalid code');
    assertWxError(await phone('err:-1', tok), -1, 'system error');
    assertWxError(await phone('err:45011', tok), 45011);
  });

  test('POST /wxa/business/getuserphonenumber fault:500 / fault:garbage / fault:reset / fault:timeout', { timeout: 5000 }, async () => {
    const tok = await token();
    const r500 = await phone('fault:500', tok);
    assert.equal(r500.status, 500);
    const g = await phone('fault:garbage', tok);
    assert.equal(g.status, 200);
    assert.equal(g.json, undefined);
    await assert.rejects(phone('fault:reset', tok), TypeError);
    await assert.rejects(
      call('/wxa/business/getuserphonenumber', {
        method: 'POST',
        query: { access_token: tok },
        body: { code: 'fault:timeout' },
        signal: AbortSignal.timeout(100),
      }),
      (e) => e.name === 'TimeoutError' || e.name === 'AbortError'
    );
  });
});

describe('POST /cgi-bin/message/subscribe/send', () => {
  const msg = (over = {}) => ({
    touser: 'o_test_alice',
    template_id: 'TPL_gig_accepted',
    page: 'pages/gig/detail?id=7',
    data: { thing1: { value: '搬运工' }, time2: { value: '2024-05-01 08:00' } },
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    ...over,
  });

  test('POST /cgi-bin/message/subscribe/send → {errcode:0, errmsg:"ok", msgid:<64-bit int>} and recorded in /__fake/messages', async () => {
    const tok = await token();
    const r = await subscribe(msg(), tok);
    assert.equal(r.status, 200);
    assert.match(r.text, /^\{"errcode":0,"errmsg":"ok","msgid":\d{19}\}$/);
    const msgid = r.text.match(/"msgid":(\d+)/)[1];
    assert.ok(BigInt(msgid) > BigInt(Number.MAX_SAFE_INTEGER));
    const r2 = await subscribe(msg({ page: undefined, miniprogram_state: undefined, lang: undefined }), tok);
    assert.equal(r2.json.errcode, 0);
    const list = (await ctl('messages')).json;
    assert.equal(list.length, 2);
    assert.equal(list[0].msgid, msgid);
    assert.equal(list[0].touser, 'o_test_alice');
    assert.equal(list[0].template_id, 'TPL_gig_accepted');
    assert.deepEqual(list[0].data, msg().data);
    assert.equal(list[0].page, 'pages/gig/detail?id=7');
    assert.notEqual(list[1].msgid, msgid);
  });

  test('POST /cgi-bin/message/subscribe/send touser o_test_refuse* → 43101, not recorded', async () => {
    const tok = await token();
    assertWxError(await subscribe(msg({ touser: 'o_test_refuse_bob' }), tok), 43101, 'user refuse to accept the msg');
    assert.deepEqual((await ctl('messages')).json, []);
  });

  test('POST /cgi-bin/message/subscribe/send token missing → 41001, unknown → 40001, expired → 42001', async () => {
    const tok = await token();
    assertWxError(await call('/cgi-bin/message/subscribe/send', { method: 'POST', body: msg() }), 41001);
    assertWxError(await subscribe(msg(), 'bogus'), 40001);
    await ctl('expire-tokens', {});
    assertWxError(await subscribe(msg(), tok), 42001);
    assert.deepEqual((await ctl('messages')).json, []);
  });

  test('POST /cgi-bin/message/subscribe/send bad fields → 40003 / 40037 / 47003', async () => {
    const tok = await token();
    assertWxError(await subscribe(msg({ touser: '' }), tok), 40003, 'invalid openid');
    assertWxError(await subscribe(msg({ template_id: undefined }), tok), 40037, 'invalid template_id');
    assertWxError(await subscribe(msg({ data: { thing1: 'x' } }), tok), 47003, 'argument invalid!');
    assertWxError(await subscribe(msg({ miniprogram_state: 'prod' }), tok), 47003);
  });
});

describe('POST /wxa/msg_sec_check', () => {
  const body = (content, over = {}) => ({ content, version: 2, scene: 2, openid: 'o_test_alice', ...over });

  test('POST /wxa/msg_sec_check ordinary text → v2 result suggest "pass" label 100', async () => {
    const tok = await token();
    const r = await secCheck(body('招聘搬运工两名，日结'), tok);
    assert.equal(r.json.errcode, 0);
    assert.equal(r.json.errmsg, 'ok');
    assert.deepEqual(r.json.result, { suggest: 'pass', label: 100 });
    assert.ok(Array.isArray(r.json.detail) && r.json.detail.length >= 1);
    assert.equal(r.json.detail[0].strategy, 'content_model');
    assert.match(r.json.trace_id, new RegExp(`^${RID}$`));
  });

  test('POST /wxa/msg_sec_check "fake-review" → suggest "review", "fake-risky" → suggest "risky"', async () => {
    const tok = await token();
    const rv = await secCheck(body('hello fake-review there'), tok);
    assert.equal(rv.json.errcode, 0);
    assert.equal(rv.json.result.suggest, 'review');
    const rk = await secCheck(body('fake-risky and fake-review'), tok);
    assert.equal(rk.json.result.suggest, 'risky');
    assert.equal(rk.json.result.label, 20006);
    assert.ok(rk.json.detail.some((d) => d.strategy === 'keyword' && d.keyword === 'fake-risky'));
  });

  test('POST /wxa/msg_sec_check token checks → 41001 / 40001 / 42001', async () => {
    const tok = await token();
    assertWxError(await call('/wxa/msg_sec_check', { method: 'POST', body: body('x') }), 41001);
    assertWxError(await secCheck(body('x'), 'bogus'), 40001);
    await ctl('expire-tokens', {});
    assertWxError(await secCheck(body('x'), tok), 42001);
  });

  test('POST /wxa/msg_sec_check without version 2 → v1 answers (87014 for risky); bad scene → 40129; no openid → 40003', async () => {
    const tok = await token();
    assertWxError(await secCheck({ content: 'fake-risky' }, tok), 87014, 'risky content');
    assert.deepEqual((await secCheck({ content: 'fine' }, tok)).json, { errcode: 0, errmsg: 'ok' });
    assertWxError(await secCheck(body('x', { scene: 9 }), tok), 40129, 'invalid scene');
    assertWxError(await secCheck(body('x', { openid: undefined }), tok), 40003);
  });
});

describe('control endpoints /__fake/*', () => {
  test('POST /__fake/next {path: stable_token, errcode, count:2} → next 2 calls fail, the 3rd succeeds', async () => {
    const r = await ctl('next', { path: '/cgi-bin/stable_token', errcode: -1, count: 2 });
    assert.deepEqual(r.json, { ok: true });
    assertWxError(await stable(), -1, 'system error');
    assertWxError(await stable(), -1, 'system error');
    assert.ok((await stable()).json.access_token);
  });

  test('POST /__fake/next {fault} → next call of that path misbehaves, other paths unaffected', async () => {
    const tok = await token();
    await ctl('next', { path: '/wxa/msg_sec_check', fault: '500' });
    assert.equal((await c2s('test:x')).json.openid, 'o_test_x');
    assert.equal((await secCheck({ content: 'x', version: 2, scene: 1, openid: 'o' }, tok)).status, 500);
    assert.equal((await secCheck({ content: 'x', version: 2, scene: 1, openid: 'o' }, tok)).json.errcode, 0);
    await ctl('next', { path: '/cgi-bin/stable_token', fault: 'garbage' });
    assert.equal((await stable()).json, undefined);
    await ctl('next', { path: '/cgi-bin/message/subscribe/send', errcode: 45011 });
    assertWxError(await subscribe({ touser: 'o_test_a', template_id: 't', data: {} }, tok), 45011);
  });

  test('POST /__fake/next invalid requests → 400', async () => {
    assert.equal((await ctl('next', { path: '/nope', errcode: 1 })).status, 400);
    assert.equal((await ctl('next', { path: '/wxa/msg_sec_check' })).status, 400);
    assert.equal((await ctl('next', { path: '/wxa/msg_sec_check', errcode: 1, fault: '500' })).status, 400);
    assert.equal((await ctl('next', { path: '/wxa/msg_sec_check', fault: 'slow' })).status, 400);
    assert.equal((await ctl('next', { path: '/wxa/msg_sec_check', errcode: 1, count: 0 })).status, 400);
  });

  test('GET /__fake/calls → every WeChat call with secret redacted in query and body', async () => {
    await c2s('test:carol');
    await stable();
    const calls = (await ctl('calls')).json;
    assert.equal(calls.length, 2);
    assert.equal(calls[0].method, 'GET');
    assert.equal(calls[0].path, '/sns/jscode2session');
    assert.equal(calls[0].query.js_code, 'test:carol');
    assert.equal(calls[0].query.appid, APPID);
    assert.notEqual(calls[0].query.secret, SECRET);
    assert.ok(!Number.isNaN(Date.parse(calls[0].at)));
    assert.equal(calls[1].method, 'POST');
    assert.equal(calls[1].path, '/cgi-bin/stable_token');
    assert.equal(calls[1].body.grant_type, 'client_credential');
    assert.notEqual(calls[1].body.secret, SECRET);
    assert.ok(!JSON.stringify(calls).includes(SECRET));
    const only = (await call('/__fake/calls?path=/cgi-bin/stable_token')).json;
    assert.equal(only.length, 1);
  });

  test('GET /__fake/session-keys → every session_key jscode2session issued, in order, with its openid; failed calls issue none', async () => {
    const a = await c2s('test:erin');
    await c2s('err:40029');
    const { code } = (await ctl('codes', { name: 'frank' })).json;
    const b = await c2s(code);
    const keys = (await ctl('session-keys')).json;
    assert.deepEqual(keys.map((k) => [k.openid, k.session_key]), [['o_test_erin', a.json.session_key], ['o_test_frank', b.json.session_key]]);
    assert.ok(keys.every((k) => !Number.isNaN(Date.parse(k.at))));
    assert.equal((await call('/__fake/session-keys', { method: 'POST' })).status, 405);
  });

  test('POST /__fake/reset → clears calls, codes, tokens, messages, issued session_keys and pending failures', async () => {
    const tok = await token();
    const { code } = (await ctl('codes', { name: 'dave' })).json;
    await c2s('test:dave');
    await subscribe({ touser: 'o_test_dave', template_id: 't', data: { a: { value: 'v' } } }, tok);
    await ctl('next', { path: '/sns/jscode2session', errcode: -1 });
    assert.equal((await ctl('reset', {})).status, 200);
    assert.deepEqual((await ctl('calls')).json, []);
    assert.deepEqual((await ctl('messages')).json, []);
    assert.deepEqual((await ctl('session-keys')).json, []);
    assertWxError(await phone('phone:13800138000', tok), 40001);
    assertWxError(await c2s(code), 40029);
  });

  test('unknown WeChat path → HTTP 404 JSON (40066); unknown /__fake/ path → 404; wrong method → 405', async () => {
    const r = await call('/cgi-bin/nope');
    assert.equal(r.status, 404);
    assert.equal(r.json.errcode, 40066);
    const c = await call('/__fake/nope');
    assert.equal(c.status, 404);
    assert.ok(c.json.error);
    assert.equal((await call('/__fake/reset')).status, 405);
  });
});

describe('CLI node tests/fakes/wechat.js', () => {
  test('CLI --port 0 → prints exactly one "listening" line with the real port, serves, exits on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(__dirname, 'wechat.js'), '--port', '0', '--appid', 'wx_cli', '--secret', 's3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const line = await new Promise((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(out);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const m = /^wechat-double listening on http:\/\/127\.0\.0\.1:(\d+)\n$/.exec(line);
      assert.ok(m, line);
      assert.notEqual(Number(m[1]), 0);
      const base = `http://127.0.0.1:${m[1]}`;
      assert.equal((await c2s('test:z', { appid: 'wx_cli', secret: 's3' }, base)).json.openid, 'o_test_z');
      const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })));
      const t0 = Date.now();
      child.kill('SIGTERM');
      const { code } = await exited;
      assert.equal(code, 0);
      assert.ok(Date.now() - t0 < 2000);
      assert.equal(out, line);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  test('CLI --host 0.0.0.0 → refuses to listen off loopback (exit 1)', async () => {
    const child = spawn(process.execPath, [path.join(__dirname, 'wechat.js'), '--host', '0.0.0.0'], { stdio: 'ignore' });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
  });
});
