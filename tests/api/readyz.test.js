// Database outage: with MariaDB stopped, /readyz and database-backed routes answer 503 within the timeout
// while /healthz stays up; after MariaDB restarts, the same linggongd process reconnects (re-preparing
// its statements) and answers 200 again. Runs alone: it stops the shared test database.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer, call, assertError, assertMatchesSpec, sleep } = require('./lib');

const dbctl = (cmd) => execFileSync(process.env.LG_DB_CTL, [cmd], { env: process.env, stdio: 'pipe' });

let srv;
before(async () => { srv = await startServer({ DB_CONNECT_TIMEOUT_S: '2', DB_READ_TIMEOUT_S: '3', HTTP_THREADS: '4', RATE_LOGIN_PER_MIN: '100000' }); });
after(async () => {
  try { dbctl('start'); } finally { if (srv) await srv.stop(); }
});

test('GET /readyz answers 503 while MariaDB is stopped and 200 after it restarts, without restarting linggongd', async () => {
  assert.equal((await call(srv.url, 'GET', '/readyz')).status, 200);
  // a database read that no cache answers: an admin sign-in of an unknown name (401 once the lookup ran);
  // a new name each time, since failures are counted per (name, address) and the sixth would be locked
  let n = 0;
  const lookup = () => call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username: `no-such-admin-${n++}`, password: 'x' } });
  // warm every worker's connection so the stale-connection path is exercised after the restart
  assert.deepEqual([...new Set((await Promise.all(Array.from({ length: 12 }, lookup))).map((r) => r.status))], [401]);
  assert.equal((await call(srv.url, 'GET', '/api/v1/job-types')).status, 200); // now cached
  dbctl('stop');
  const t0 = Date.now();
  const down = await call(srv.url, 'GET', '/readyz');
  assert.equal(down.status, 503);
  assertMatchesSpec('/readyz', 'GET', down);
  assert.equal(down.json.checks.database, 'down');
  assert.ok(Date.now() - t0 < 10000, 'answered within the connect timeout');
  const jt = await lookup();
  assertError(jt, 503, 'service_unavailable');
  assert.ok(Number(jt.headers.get('retry-after')) > 0);
  // cached reference data keeps answering through the outage
  assert.equal((await call(srv.url, 'GET', '/api/v1/job-types')).status, 200);
  assert.equal((await call(srv.url, 'GET', '/healthz')).status, 200, 'liveness does not depend on the database');

  dbctl('start');
  let ready = 0;
  for (let i = 0; i < 100 && ready !== 200; i++) {
    ready = (await call(srv.url, 'GET', '/readyz')).status;
    if (ready !== 200) await sleep(100);
  }
  assert.equal(ready, 200);
  // every worker reconnects and re-prepares: a burst of reads all succeed
  const statuses = await Promise.all(Array.from({ length: 16 }, () => lookup().then((r) => r.status)));
  assert.deepEqual([...new Set(statuses)], [401]);
  const m = await call(srv.url, 'GET', '/metrics');
  const reconnects = Number(/linggong_db_reconnects_total (\d+)/.exec(m.text)[1]);
  assert.ok(reconnects >= 1, `reconnects ${reconnects}`);
});
