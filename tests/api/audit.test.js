// The audit log's hash chain and `linggongd audit-verify`, on a database of its own (the shared test
// database's chain is never tampered with): rows written by a real server verify; an edited row, a row
// deleted from the middle and rows deleted from the end are each reported by row id, with exit code 1.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { freshDatabase, runLinggongd, startServer, call } = require('./lib');

let db, srv;
const PASSWORD = process.env.ADMIN_BOOTSTRAP_PASSWORD;

before(async () => {
  assert.ok(PASSWORD, 'ADMIN_BOOTSTRAP_PASSWORD is not set: run through ./deploy/test.sh');
  db = freshDatabase('lgaudit');
  const m = await runLinggongd(['migrate'], { DB_NAME: db.name });
  assert.equal(m.code, 0, m.stderr);
  srv = await startServer({ DB_NAME: db.name, ADMIN_LOCKOUT_FAILURES: '100' });
});
after(async () => {
  if (srv) await srv.stop().catch(() => {});
  if (db) db.drop();
});

const verify = () => runLinggongd(['audit-verify'], { DB_NAME: db.name, LOG_LEVEL: 'error' });
const brokenLines = (r) => r.stdout.split('\n').filter((l) => l.startsWith('broken at'));

// Signs the bootstrap admin in; each attempt, right or wrong, writes one audit row.
const login = (password) => call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username: 'admin', password } });

test('linggongd audit-verify: rows appended by the server verify (exit 0); an edited row and a deleted row are both reported (exit 1)', async () => {
  const empty = await verify();
  assert.equal(empty.code, 0, empty.stdout + empty.stderr);
  for (const ok of [true, false, true, false, false, true, true]) {
    assert.equal((await login(ok ? PASSWORD : 'wrong-password-1')).status, ok ? 200 : 401);
  }
  const rows = db.sql("SELECT id, result, object_id FROM audit_log WHERE action = 'admin.login' ORDER BY id");
  assert.equal(rows.length, 7);
  const ids = rows.map((r) => Number(r[0]));
  const total = Number(db.sql('SELECT COUNT(*) FROM audit_log')[0][0]);
  await srv.stop();
  srv = null;

  const intact = await verify();
  assert.equal(intact.code, 0, intact.stdout + intact.stderr);
  assert.deepEqual(brokenLines(intact), []);
  assert.ok(intact.stdout.includes(`audit log: ${total} rows checked, 0 problems`), intact.stdout);

  // a failed login rewritten as a success, and a later row removed
  assert.equal(rows[1][1], 'failed');
  db.sql(`UPDATE audit_log SET result = 'ok' WHERE id = ${ids[1]}`);
  db.sql(`DELETE FROM audit_log WHERE id = ${ids[4]}`);
  const broken = await verify();
  assert.equal(broken.code, 1, broken.stdout + broken.stderr);
  assert.deepEqual(brokenLines(broken), [
    `broken at row ${ids[1]} (admin.login admin_user ${rows[1][2]}): the row was altered after it was written`,
    `broken at row ${ids[5]}: it does not link to row ${ids[3]} before it (a row between them was deleted, or its link edited)`,
  ], broken.stdout);
  assert.ok(broken.stdout.includes(`audit log: ${total - 1} rows checked, 2 problems`), broken.stdout);

  // rows cut from the end: the last remaining row no longer matches the chain head
  db.sql(`DELETE FROM audit_log WHERE id = ${ids[6]}`);
  const cut = await verify();
  assert.equal(cut.code, 1);
  assert.equal(brokenLines(cut).length, 3, cut.stdout);
  assert.ok(brokenLines(cut).includes(`broken at the head: the chain head is not the hash of the last row ${ids[5]} (rows after it were deleted, or the head edited)`), cut.stdout);

  // and rows cut from the start: the first remaining row does not link to the start
  db.sql(`DELETE FROM audit_log WHERE id = ${ids[0]}`);
  const head = await verify();
  assert.equal(head.code, 1);
  assert.ok(brokenLines(head).includes(`broken at row ${ids[1]}: the first row does not link to the start of the log (rows before it were deleted, or its link edited)`), head.stdout);
});

test('linggongd audit-verify against an unreachable database exits 2 and claims nothing', async () => {
  const r = await runLinggongd(['audit-verify'], { DB_NAME: db.name, DB_SOCKET: '/nonexistent/mysqld.sock', DB_HOST: '127.0.0.1', DB_PORT: '9', DB_CONNECT_TIMEOUT_S: '1', LOG_LEVEL: 'error' });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /rows checked/);
});
