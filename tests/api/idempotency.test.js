// Idempotency-Key (SECURITY.md "Writes that must not be lost or doubled", Stripe semantics) on apply and
// accept: a replay returns the identical answer byte for byte and creates nothing; a different body or
// route with the same key is 422; concurrent requests with one key execute once; keys are per user and
// are purged after 48 h by the periodic task.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, publishGig, applyTo, sleep } =
  require('./lib');

let wx, srv, emp, w;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', TASK_INTERVAL_S: '1' });
  emp = await signIn(srv, uniq('ie'));
  w = await signIn(srv, uniq('iw'));
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const count = (q) => Number(sql(q)[0][0]);

test('POST /api/v1/gigs/{id}/applications replayed with the same Idempotency-Key returns the identical answer and creates nothing', async () => {
  const gig = await publishGig(srv, emp);
  const key = uniq('k-');
  const first = await applyTo(srv, w, gig, { note: '可以加班', key });
  assert.equal(first.status, 201, first.text);
  assertMatchesSpec('/api/v1/gigs/{id}/applications', 'POST', first);
  const notes = count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${emp.user.id}`);
  await sleep(1100); // a re-execution would show a new timestamp
  const again = await applyTo(srv, w, gig, { note: '可以加班', key });
  assert.equal(again.status, 201);
  assert.equal(again.text, first.text, 'byte-equal replay');
  assert.equal(again.headers.get('content-type'), first.headers.get('content-type'));
  assert.equal(count(`SELECT COUNT(*) FROM applications WHERE gig_id = ${gig.id}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM application_history h JOIN applications a ON a.id = h.application_id WHERE a.gig_id = ${gig.id}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${emp.user.id}`), notes);
  // without the key the same request is a duplicate apply
  assertError(await applyTo(srv, w, gig, { note: '可以加班' }), 409, 'already_exists');
});

test('the same Idempotency-Key with a different body or another route answers 422 idempotency_mismatch', async () => {
  const gig = await publishGig(srv, emp);
  const gig2 = await publishGig(srv, emp);
  const key = uniq('k-');
  assert.equal((await applyTo(srv, w, gig, { note: '甲', key })).status, 201);
  assertError(await applyTo(srv, w, gig, { note: '乙', key }), 422, 'idempotency_mismatch');
  assertError(await applyTo(srv, w, gig2, { note: '甲', key }), 422, 'idempotency_mismatch');
  assert.equal(count(`SELECT COUNT(*) FROM applications WHERE gig_id = ${gig2.id}`), 0);
  // keys are per user: another worker's identical key runs on its own
  const w2 = await signIn(srv, uniq('iw2'));
  assert.equal((await applyTo(srv, w2, gig, { note: '甲', key })).status, 201);
});

test('Idempotency-Key must be 1-128 visible ASCII characters (400 otherwise, nothing written)', async () => {
  const gig = await publishGig(srv, emp);
  assertError(await applyTo(srv, w, gig, { key: 'x'.repeat(129) }), 400, 'validation_failed');
  assertError(await applyTo(srv, w, gig, { key: 'a b' }), 400, 'validation_failed');
  assert.equal(count(`SELECT COUNT(*) FROM applications WHERE gig_id = ${gig.id}`), 0);
  assert.equal((await applyTo(srv, w, gig, { key: 'x'.repeat(128) + '' })).status, 201);
});

test('20 parallel applies with one Idempotency-Key create one row and give 20 identical answers', async () => {
  const gig = await publishGig(srv, emp);
  const key = uniq('par-');
  const res = await Promise.all(Array.from({ length: 20 }, () => applyTo(srv, w, gig, { note: '并发', key })));
  for (const r of res) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(res.map((r) => r.text)).size, 1);
  assert.equal(count(`SELECT COUNT(*) FROM applications WHERE gig_id = ${gig.id}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '${key}'`), 1);
});

test('POST /api/v1/applications/{id}/accept with an Idempotency-Key: a retry replays 200 instead of 409', async () => {
  const gig = await publishGig(srv, emp);
  const a = (await applyTo(srv, w, gig)).json.application;
  const key = uniq('acc-');
  const opts = { token: emp.access_token, headers: { 'idempotency-key': key } };
  const first = await call(srv.url, 'POST', `/api/v1/applications/${a.id}/accept`, opts);
  assert.equal(first.status, 200, first.text);
  const again = await call(srv.url, 'POST', `/api/v1/applications/${a.id}/accept`, opts);
  assert.equal(again.status, 200);
  assert.equal(again.text, first.text);
  assert.equal(count(`SELECT accepted_count FROM gigs WHERE id = ${gig.id}`), 1);
  assertError(await call(srv.url, 'POST', `/api/v1/applications/${a.id}/reject`, opts), 422, 'idempotency_mismatch');
  assertError(await call(srv.url, 'POST', `/api/v1/applications/${a.id}/accept`, { token: emp.access_token }), 409, 'state_conflict');
});

test('an answer that failed is not kept: the same key runs again once the cause is gone', async () => {
  const gig = await publishGig(srv, emp);
  const w3 = await signIn(srv, uniq('iw3'));
  sql(`INSERT INTO credit_scores (user_id, score, restricted, restricted_at, updated_at) VALUES (${w3.user.id}, 10, 1, NOW(3), NOW(3))`);
  const key = uniq('f-');
  assertError(await applyTo(srv, w3, gig, { key }), 403, 'credit_restricted');
  sql(`UPDATE credit_scores SET restricted = 0 WHERE user_id = ${w3.user.id}`);
  assert.equal((await applyTo(srv, w3, gig, { key })).status, 201);
});

test('the periodic task deletes idempotency keys older than 48 h and keeps younger ones', async () => {
  const gig = await publishGig(srv, emp);
  const w4 = await signIn(srv, uniq('iw4'));
  const old = uniq('old-'), young = uniq('young-');
  assert.equal((await applyTo(srv, w4, gig, { key: old })).status, 201);
  sql(`INSERT INTO idempotency_keys (user_id, idem_key, route, request_hash, status, response, created_at)
       VALUES (${w4.user.id}, '${young}', 'POST /x', REPEAT('a', 32), 201, '{}', NOW(3) - INTERVAL 47 HOUR)`);
  sql(`UPDATE idempotency_keys SET created_at = NOW(3) - INTERVAL 49 HOUR WHERE idem_key = '${old}'`);
  for (let i = 0; i < 50 && count(`SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '${old}'`); i++) await sleep(200);
  assert.equal(count(`SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '${old}'`), 0);
  assert.equal(count(`SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '${young}'`), 1);
});
