// The request path: body cap (413 at 64 KiB + 1), strict JSON (malformed, duplicate keys, unknown fields,
// wrong type, depth), 404 vs 405, request ids, access log shape, metrics, the OpenAPI document, reference
// data, and idle connections not starving service.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, startWechat, signIn, uniq, call, assertMatchesSpec, assertError, SOURCE, sleep } = require('./lib');

let srv;
before(async () => { srv = await startServer({ WX_APPID: 'wx_unused', WX_SECRET: 'unused', WX_API_BASE: 'http://127.0.0.1:9' }); });
after(async () => { if (srv) await srv.stop(); });

// A JSON object body of exactly n bytes: {"code":"xxx…"}
const bodyOf = (n) => {
  const head = '{"code":"', tail = '"}';
  return head + 'x'.repeat(n - head.length - tail.length) + tail;
};

test('POST /api/v1/auth/wechat with a body of exactly 64 KiB is read (400 for the long code), 64 KiB + 1 is 413', async () => {
  const atLimit = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: bodyOf(65536) });
  assertError(atLimit, 400, 'validation_failed');
  assert.equal(atLimit.json.error.field, 'code');
  const over = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: bodyOf(65537) });
  assertError(over, 413, 'payload_too_large');
  assertMatchesSpec('/api/v1/auth/wechat', 'POST', over);
});

test('POST /api/v1/auth/wechat with a chunked body over 64 KiB is 413 too', async () => {
  const big = Buffer.from(bodyOf(65537));
  const stream = new ReadableStream({
    start(c) {
      for (let i = 0; i < big.length; i += 4096) c.enqueue(big.subarray(i, i + 4096));
      c.close();
    },
  });
  const r = await fetch(`${srv.url}/api/v1/auth/wechat`, { method: 'POST', body: stream, duplex: 'half', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal((await r.json()).error.code, 'payload_too_large');
});

test('POST /api/v1/auth/wechat with malformed JSON answers 400 malformed_json', async () => {
  for (const b of ['{', '{"code":}', 'nul', '{"code":"a"} trailing', '\xff\xfe']) {
    assertError(await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: b }), 400, 'malformed_json');
  }
});

test('POST /api/v1/auth/wechat with a duplicate key answers 400 duplicate_key', async () => {
  const r = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: '{"code":"test:a","code":"test:b"}' });
  assertError(r, 400, 'duplicate_key');
});

test('POST /api/v1/auth/wechat with an unknown field answers 400 unknown_field naming it', async () => {
  const r = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: 'test:a', role: 'admin' } });
  assertError(r, 400, 'unknown_field');
  assert.equal(r.json.error.field, 'role');
});

test('POST /api/v1/auth/wechat with a non-object, a NUL escape or too deep nesting answers 400', async () => {
  assertError(await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: '["code"]' }), 400, 'validation_failed');
  assertError(await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: '{"code":"a\\u0000b"}' }), 400, 'malformed_json');
  const deep = `{"code":${'['.repeat(40)}${']'.repeat(40)}}`;
  assertError(await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: deep }), 400, 'malformed_json');
});

test('POST /api/v1/auth/wechat with a non-JSON content type answers 415', async () => {
  const r = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: 'code=test:a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assertError(r, 415, 'unsupported_media_type');
});

test('POST /api/v1/auth/logout without a token answers 401 before its body is looked at', async () => {
  const r = await call(srv.url, 'POST', '/api/v1/auth/logout', { body: { x: 1 } });
  assertError(r, 401, 'unauthenticated');
});

test('GET of an unknown path answers 404 not_found; a known path with the wrong method answers 405 with Allow', async () => {
  const nf = await call(srv.url, 'GET', '/api/v1/nothing-here');
  assertError(nf, 404, 'not_found');
  const na = await call(srv.url, 'DELETE', '/api/v1/job-types');
  assertError(na, 405, 'method_not_allowed');
  assert.equal(na.headers.get('allow'), 'GET');
  const na2 = await call(srv.url, 'GET', '/api/v1/auth/wechat');
  assertError(na2, 405, 'method_not_allowed');
  assert.equal(na2.headers.get('allow'), 'POST');
});

test('GET /api/v1/me without a token answers 401, with a garbage token 401', async () => {
  assertError(await call(srv.url, 'GET', '/api/v1/me'), 401, 'unauthenticated');
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: 'abc.def.ghi' }), 401, 'token_invalid');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/me', { token: 'x' }), 401, 'token_invalid');
});

test('every reply carries a fresh X-Request-Id, and a client-supplied one is not trusted', async () => {
  const a = await call(srv.url, 'GET', '/healthz');
  const b = await call(srv.url, 'GET', '/healthz', { headers: { 'x-request-id': '0123456789abcdef0123456789abcdef' } });
  assert.match(a.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
  assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
  assert.notEqual(b.headers.get('x-request-id'), '0123456789abcdef0123456789abcdef');
});

test('each request writes one JSON access-log line with rid, method, route, status and ms, and no query string', async () => {
  const r = await call(srv.url, 'GET', '/api/v1/regions?parent=450223');
  const rid = r.headers.get('x-request-id');
  await sleep(50);
  const lines = srv.logs().filter((l) => l.includes(rid));
  assert.equal(lines.length, 1);
  const j = JSON.parse(lines[0]);
  assert.equal(j.msg, 'request');
  assert.equal(j.method, 'GET');
  assert.equal(j.route, '/api/v1/regions');
  assert.equal(j.status, 200);
  assert.equal(typeof j.ms, 'number');
  assert.ok(!lines[0].includes('450223'), 'the query string is not logged');
  for (const l of srv.logs()) JSON.parse(l); // every log line is JSON
});

test('GET /healthz, /readyz answer per openapi.json', async () => {
  const h = await call(srv.url, 'GET', '/healthz');
  assert.equal(h.status, 200);
  assertMatchesSpec('/healthz', 'GET', h);
  const r = await call(srv.url, 'GET', '/readyz');
  assert.equal(r.status, 200);
  assertMatchesSpec('/readyz', 'GET', r);
});

test('GET /metrics exposes requests by route and status, latency histogram, in-flight and DB counters', async () => {
  await call(srv.url, 'GET', '/api/v1/job-types');
  await call(srv.url, 'GET', '/api/v1/nothing-here');
  const r = await call(srv.url, 'GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.text, /linggong_http_requests_total\{method="GET",route="\/api\/v1\/job-types",status="200"\} [1-9]/);
  assert.match(r.text, /linggong_http_requests_total\{method="",route="unmatched",status="404"\} [1-9]/);
  assert.match(r.text, /linggong_http_request_duration_ms_bucket\{method="GET",route="\/api\/v1\/job-types",le="\+Inf"\} [1-9]/);
  assert.match(r.text, /linggong_http_in_flight 1\n/);
  assert.match(r.text, /linggong_db_errors_total \d+/);
  assert.match(r.text, /linggong_db_reconnects_total \d+/);
});

test('GET /api/v1/openapi.json serves the repository document, byte for byte', async () => {
  const r = await call(srv.url, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.text, fs.readFileSync(path.join(SOURCE, 'server/openapi.json'), 'utf8'));
  assert.equal(r.json.openapi, '3.1.0');
});

test('GET /api/v1/regions lists provinces, then children of a county, per openapi.json', async () => {
  const roots = await call(srv.url, 'GET', '/api/v1/regions');
  assert.equal(roots.status, 200);
  assertMatchesSpec('/api/v1/regions', 'GET', roots);
  assert.deepEqual(roots.json.items.map((x) => x.code), ['360000', '450000']);
  const city = await call(srv.url, 'GET', '/api/v1/regions?parent=360000');
  assert.deepEqual(city.json.items.map((x) => x.name), ['南昌市', '萍乡市', '吉安市']);
  const towns = await call(srv.url, 'GET', '/api/v1/regions?parent=450223');
  assert.ok(towns.json.items.some((x) => x.name === '鹿寨镇' && x.level === 4 && x.has_children === false));
  assertMatchesSpec('/api/v1/regions', 'GET', towns);
});

test('GET /api/v1/regions with an unknown parent is 404, a malformed one 400', async () => {
  assertError(await call(srv.url, 'GET', '/api/v1/regions?parent=999999'), 404, 'not_found');
  for (const p of ['12', 'abcdef', '4502231000000', '450223%00']) {
    const r = await call(srv.url, 'GET', `/api/v1/regions?parent=${p}`);
    assertError(r, 400, 'bad_query');
    assert.equal(r.json.error.field, 'parent');
  }
});

test('GET /api/v1/job-types answers the tree with 建筑装修 → 水电工, per openapi.json', async () => {
  const r = await call(srv.url, 'GET', '/api/v1/job-types');
  assert.equal(r.status, 200);
  assertMatchesSpec('/api/v1/job-types', 'GET', r);
  const build = r.json.items.find((x) => x.name === '建筑装修');
  assert.ok(build);
  for (const n of ['水电工', '泥瓦工', '木工', '油漆工']) assert.ok(build.children.some((c) => c.name === n), n);
  assert.ok(r.json.items.length >= 10);
});

test('more idle connections than worker threads do not starve service past the request timeout', async () => {
  const small = await startServer({ HTTP_THREADS: '2', REQUEST_TIMEOUT_MS: '1000', KEEP_ALIVE_TIMEOUT_MS: '1000' });
  const sockets = [];
  try {
    for (let i = 0; i < 6; i++) {
      sockets.push(await new Promise((resolve, reject) => {
        const s = net.connect(small.port, '127.0.0.1', () => resolve(s));
        s.on('error', reject);
      }));
    }
    const t0 = Date.now();
    const r = await call(small.url, 'GET', '/healthz');
    const ms = Date.now() - t0;
    assert.equal(r.status, 200);
    assert.ok(ms < 1000 * 3 + 1500, `answered after ${ms} ms`);
  } finally {
    for (const s of sockets) s.destroy();
    await small.stop();
  }
});

test('GET /api/v1/job-types carries an ETag, and If-None-Match with it answers 304 without a body', async () => {
  const a = await call(srv.url, 'GET', '/api/v1/job-types');
  const etag = a.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{20}"$/);
  const b = await call(srv.url, 'GET', '/api/v1/job-types', { headers: { 'if-none-match': etag } });
  assert.equal(b.status, 304);
  assert.equal(b.text, '');
  const c = await call(srv.url, 'GET', '/api/v1/job-types', { headers: { 'if-none-match': '"stale"' } });
  assert.equal(c.status, 200);
  assert.deepEqual(c.json, a.json);
  const r = await call(srv.url, 'GET', '/api/v1/regions?parent=450200');
  assert.equal((await call(srv.url, 'GET', '/api/v1/regions?parent=450200', { headers: { 'if-none-match': r.headers.get('etag') } })).status, 304);
});

test('POST /api/v1/gigs/{id}/applications and POST /api/v1/applications/{id}/ratings share a stricter per-user limit (RATE_ACT_PER_MIN): 429 past it', async () => {
  const wx2 = await startWechat();
  const s = await startServer({ ...wx2.env, RATE_ACT_PER_MIN: '3' });
  try {
    const u = await signIn(s, uniq('act'));
    const apply = () => call(s.url, 'POST', '/api/v1/gigs/999999999/applications', { token: u.access_token, body: {} });
    const rate = () => call(s.url, 'POST', '/api/v1/applications/999999999/ratings', { token: u.access_token, body: { stars: 5 } });
    assert.notEqual((await apply()).status, 429);
    assert.notEqual((await rate()).status, 429);
    assert.notEqual((await apply()).status, 429);
    const fourth = await rate();
    assertError(fourth, 429, 'rate_limited');
    assert.ok(Number(fourth.headers.get('retry-after')) > 0);
    // other routes of the same user are not held back by it
    assert.equal((await call(s.url, 'GET', '/api/v1/me', { token: u.access_token })).status, 200);
    const other = await signIn(s, uniq('act'));
    assert.notEqual((await call(s.url, 'POST', '/api/v1/gigs/999999999/applications', { token: other.access_token, body: {} })).status, 429);
  } finally {
    await s.stop();
    await wx2.close();
  }
});
