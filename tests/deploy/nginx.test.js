'use strict';
// The committed deploy/nginx.conf on the real nginx (Debian's package, which deploy/test.sh installs) in
// front of a real linggongd, all on 127.0.0.1: the file passes `nginx -t`; GET /healthz through it
// answers every probe while slow and silent clients attack it (the same attack on linggongd's bare port
// is run beside it and its figure printed, not asserted: that listener's fix comes separately); and the
// per-IP limits answer 429 in the API's envelope one past their limit. The config is rendered with only
// loopback ports, paths and a throwaway certificate changed (tests/deploy/edge.js says exactly what).
// Needs the environment deploy/test.sh sets (tests/api/lib.js starts linggongd on its MariaDB).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const { startServer } = require('../api/lib.js');
const edge = require('./edge.js');

const ROOT = process.env.LG_SOURCE_DIR || path.resolve(__dirname, '..', '..');

const CONF_TEXT = fs.readFileSync(edge.CONF, 'utf8');
// The value of a directive in the committed file, e.g. setting(/client_header_timeout\s+(\d+)s;/).
function setting(re) {
  const m = re.exec(CONF_TEXT);
  assert.ok(m, `deploy/nginx.conf has no ${re}`);
  return Number(m[1]);
}

// linggongd as docker-compose.yml runs it: 16 threads, 10 s to receive a request.
const SERVER_ENV = { HTTP_THREADS: '16', REQUEST_TIMEOUT_MS: '10000', KEEP_ALIVE_TIMEOUT_MS: '5000' };
// The attack of finding 2: 64 connections trickling one header byte every 2 s, 64 sending nothing.
const ATTACK = { slow: 64, silent: 64, intervalMs: 2000 };
const ATTACK_MS = 40000;

let behind;
test.before(async () => { behind = await startServer(SERVER_ENV); });
test.after(async () => { if (behind) await behind.stop(); });

// nginx in front of `behind`, started; stopped when the test ends.
async function nginxFor(t) {
  const ngx = await edge.prepareNginx({ upstreamPort: behind.port });
  t.after(() => ngx.stop());
  await ngx.start();
  return ngx;
}

test('nginx -t: the committed deploy/nginx.conf, rendered for loopback, is a valid configuration', async (t) => {
  const ngx = await edge.prepareNginx({ upstreamPort: behind.port });
  t.after(() => ngx.stop());
  t.diagnostic(`nginx ${edge.nginxVersion().join('.')}; lines changed for the loopback run:`);
  for (const c of ngx.changes) t.diagnostic(`  ${c.line}: ${c.from}  →  ${c.to || '(removed)'}`);
  const r = ngx.check();
  assert.equal(r.code, 0, `nginx -t failed:\n${r.output}`);
  assert.match(r.output, /syntax is ok/);
  assert.match(r.output, /test is successful/);
});

test('nginx.conf: every limit_req in the TLS server also applies lg_req_ip (a location that sets limit_req inherits none)', () => {
  const tlsServer = /\n {8}listen\s+443[\s\S]*?\n {4}\}\n/.exec(CONF_TEXT);
  assert.ok(tlsServer, 'no TLS server block');
  const body = tlsServer[0];
  assert.ok(/^ {8}limit_req\s+zone=lg_req_ip\b/m.test(body), 'the TLS server does not apply lg_req_ip');
  assert.ok(/^ {8}limit_conn\s+lg_conn_ip\s+\d+;/m.test(body), 'the TLS server does not apply lg_conn_ip');
  for (const loc of body.split(/\n {8}location /).slice(1)) {
    if (!/limit_req\s+zone=/.test(loc)) continue;
    assert.ok(/limit_req\s+zone=lg_req_ip\b/.test(loc), `location ${loc.split('\n')[0]} sets limit_req without lg_req_ip`);
  }
});

// The error table: code → {status, message}, from server/src/http/errors.c.
function errorTable() {
  const src = fs.readFileSync(path.join(ROOT, 'server/src/http/errors.c'), 'utf8');
  const table = new Map();
  for (const m of src.matchAll(/\{\s*(\d{3}),\s*"([a-z_]+)",\s*"([^"]*)"\s*\}/g)) {
    if (!table.has(m[2])) table.set(m[2], { status: Number(m[1]), message: m[3] });
  }
  assert.ok(table.has('rate_limited'), 'could not read the error table of server/src/http/errors.c');
  return table;
}

test("nginx.conf: the errors nginx answers itself carry the error table's status, code and message", () => {
  const table = errorTable();
  const own = [...CONF_TEXT.matchAll(/return\s+(\d{3})\s+'(\{"error".*\})';/g)];
  assert.ok(own.length >= 3, 'no error envelopes found in deploy/nginx.conf');
  for (const [, status, body] of own) {
    const { code, message } = JSON.parse(body).error;
    assert.ok(table.has(code), `nginx answers ${code}, which server/src/http/errors.c does not have`);
    assert.deepEqual({ status: Number(status), message }, table.get(code), `nginx's ${code} differs from the error table`);
  }
});

test('nginx: GET /healthz answers every probe while 64 slow-header and 64 silent connections attack for 40 s (bare linggongd port: figure printed)', async (t) => {
  const headerTimeoutS = setting(/^\s*client_header_timeout\s+(\d+)s;/m);
  const ngx = await nginxFor(t);
  const bare = await startServer(SERVER_ENV);
  let bareStopped = false;
  t.after(async () => { if (!bareStopped) await bare.stop(); });

  const viaNginx = edge.attack({ port: ngx.ports.https, ca: ngx.ca, ...ATTACK });
  const onBare = edge.attack({ port: bare.port, ...ATTACK });
  let results;
  try {
    await edge.sleep(1000); // the attackers are connected before the first probe
    results = await Promise.all([
      edge.probe({ port: ngx.ports.https, ca: ngx.ca, durationMs: ATTACK_MS - 2000 }),
      edge.probe({ port: bare.port, durationMs: ATTACK_MS - 2000 }),
    ]);
  } finally {
    viaNginx.stop();
    onBare.stop();
  }
  const [ngxProbes, bareProbes] = results;
  const a = viaNginx.stats();
  const b = onBare.stats();
  const total = ATTACK.slow + ATTACK.silent;
  t.diagnostic(`through nginx: ${edge.summary(ngxProbes)}`);
  t.diagnostic(`  attackers on nginx: ${a.meanLive.toFixed(0)} of ${total} connected on average, ${a.opened} opened; ` +
    `nginx closed ${a.closed.slow.length} slow ones (longest ${Math.max(0, ...a.closed.slow)} ms) and ${a.closed.silent.length} silent ones`);
  t.diagnostic(`bare linggongd port (not asserted): ${edge.summary(bareProbes)}`);
  t.diagnostic(`  attackers on the bare port: ${b.meanLive.toFixed(0)} of ${total} connected on average, ${b.opened} opened`);
  console.log(`[edge] bare linggongd under ${ATTACK.slow} slow + ${ATTACK.silent} silent connections: ${edge.summary(bareProbes)}`);

  bareStopped = true;
  await bare.stop();

  // the attack was really on: most attackers connected the whole time, else every probe passing means nothing
  assert.ok(a.meanLive >= 0.85 * total, `only ${a.meanLive.toFixed(0)} of ${total} attack connections held nginx on average`);
  assert.ok(ngxProbes.length >= 35, `only ${ngxProbes.length} probes ran`);
  const failed = ngxProbes.filter((r) => !r.ok);
  assert.deepEqual(failed.map((r) => r.error || `HTTP ${r.status}`), [], `probes through nginx failed: ${edge.summary(ngxProbes)}`);
  // nginx cut every slow header off within client_header_timeout, and the attacker came back each time
  assert.ok(a.closed.slow.length >= ATTACK.slow, `nginx closed only ${a.closed.slow.length} of ${ATTACK.slow} slow connections in 40 s`);
  // the longest hold, as the attacker's own clock saw it: on a loaded 2-core machine its timers lag by
  // seconds, so the bound is generous — but a header nginx never cut would be held for the whole attack
  const longest = Math.max(...a.closed.slow);
  assert.ok(longest <= headerTimeoutS * 3 * 1000, `a slow header was held ${longest} ms (client_header_timeout ${headerTimeoutS}s)`);
});

// Requests with a complete header and a body that never finishes: nginx counts each in limit_conn and,
// buffering the body, never forwards it. Returns the sockets.
async function heldUploads(ngx, n) {
  const tls = require('node:tls');
  const socks = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port: ngx.ports.https, ca: ngx.ca, servername: 'localhost' }, () => {
      s.write('POST /api/v1/auth/wechat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 64\r\n\r\n{');
      resolve(s);
    });
    s.on('error', reject);
  })));
  for (const s of socks) s.on('error', () => {});
  return socks;
}

test('nginx: with 64 requests in flight from one IP (uploads nginx holds, none reaching linggongd) the 65th gets 429 rate_limited; freed, it passes', async (t) => {
  const limit = setting(/^\s*limit_conn\s+lg_conn_ip\s+(\d+);/m);
  assert.equal(limit, 64);
  const ngx = await nginxFor(t);
  const socks = await heldUploads(ngx, limit);
  try {
    // wait until nginx has read all their headers (stub_status counts them as writing, plus its own request)
    const deadline = Date.now() + 10000;
    let st;
    while ((st = await ngx.status()).writing < limit + 1) {
      assert.ok(Date.now() < deadline, `nginx took only ${st.writing - 1} of ${limit} held requests in 10 s`);
      await edge.sleep(100);
    }
    // proxy_request_buffering: linggongd's threads (16) are free, and it saw none of the held uploads
    const direct = await edge.get({ port: behind.port, timeoutMs: 3000 });
    assert.ok(direct.ok, `linggongd itself did not answer while nginx held the uploads: ${JSON.stringify(direct)}`);
    assert.ok(!behind.logs().some((l) => l.includes('/api/v1/auth/wechat')), 'linggongd received a held upload');

    const over = await edge.get({ port: ngx.ports.https, ca: ngx.ca, timeoutMs: 5000 });
    assert.equal(over.status, 429, `request ${limit + 1} in flight: ${over.status} ${over.body || over.error}`);
    assert.match(over.headers['content-type'], /^application\/json/);
    assert.equal(JSON.parse(over.body).error.code, 'rate_limited');
  } finally {
    for (const s of socks) s.destroy();
  }
  const deadline = Date.now() + 5000;
  let r;
  while (!(r = await edge.get({ port: ngx.ports.https, ca: ngx.ca, timeoutMs: 3000 })).ok) {
    assert.ok(Date.now() < deadline, `still refused after the held requests closed: ${r.status} ${r.body || r.error}`);
    await edge.sleep(100);
  }
});

test('nginx: one IP sending faster than 20/s gets 429 rate_limited after the burst of 200 (limit_req lg_req_ip), not before', async (t) => {
  const rate = setting(/limit_req_zone\s+\$binary_remote_addr\s+zone=lg_req_ip:\S+\s+rate=(\d+)r\/s;/);
  const burst = setting(/^ {8}limit_req\s+zone=lg_req_ip\s+burst=(\d+)\s+nodelay;/m);
  assert.deepEqual([rate, burst], [20, 200]);
  const ngx = await nginxFor(t);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const t0 = Date.now();
  let ok = 0;
  let refused = null;
  const cap = burst + 1 + 400;
  for (let i = 0; i < cap && !refused; i++) {
    const r = await edge.get({ port: ngx.ports.https, ca: ngx.ca, agent, timeoutMs: 5000 });
    if (r.ok) ok++;
    else refused = r;
  }
  const elapsedS = (Date.now() - t0) / 1000;
  t.diagnostic(`${ok} requests passed in ${elapsedS.toFixed(2)} s before the first refusal`);
  assert.ok(refused, `${ok} requests in ${elapsedS.toFixed(2)} s and none refused`);
  assert.equal(refused.status, 429, `the first refusal: ${refused.status} ${refused.body || refused.error}`);
  assert.equal(JSON.parse(refused.body).error.code, 'rate_limited');
  // the bucket lets burst + 1 through at once, and refills at `rate` while they are sent
  assert.ok(ok >= burst + 1, `refused after ${ok} requests, inside the burst of ${burst}`);
  assert.ok(ok <= burst + 1 + Math.ceil(rate * elapsedS) + 1, `${ok} requests in ${elapsedS.toFixed(2)} s passed a limit of ${rate}/s, burst ${burst}`);
});
