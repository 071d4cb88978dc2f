// Result confirmation 结果确认: each side confirms (the same side again is 200 with nothing written),
// both → completed with one history row and inbox notifications; too early (before the end, no last-day
// check-out) and illegal states are 409; strangers 404; Idempotency-Key replays. Auto-confirm: two linggongd
// processes on one database complete each overdue application exactly once.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, sleep, assertMatchesSpec, assertError, signIn, makeEmployer, gigBody, at,
} = require('./lib');

const SITE = { lat: 24.4728, lng: 109.752 };
let wx, srv;
let employer, worker, stranger;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', TASK_INTERVAL_S: '3600' });
  employer = await signIn(srv, uniq('cfe'));
  makeEmployer(employer.user.id);
  worker = await signIn(srv, uniq('cfw'));
  stranger = await signIn(srv, uniq('cfs'));
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

async function gig(startInS = 600, hours = 8) {
  const r = await call(srv.url, 'POST', '/api/v1/gigs', {
    token: employer.access_token, body: gigBody({ starts_at: at(startInS), ends_at: at(startInS + hours * 3600), ...SITE }),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.gig.id;
}
// Moves gig id so that it ended endedAgo seconds ago after an 8 h day.
const endGig = (id, endedAgoS) => sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL ${endedAgoS + 8 * 3600} SECOND,
  ends_at = UTC_TIMESTAMP() - INTERVAL ${endedAgoS} SECOND WHERE id = ${id}`);
function application(gigId, who = worker, status = 'accepted') {
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at)
       VALUES (${gigId}, ${who.user.id}, ${employer.user.id}, '${status}', 'apply', NOW(3), NOW(3))`);
  return Number(sql(`SELECT id FROM applications WHERE gig_id = ${gigId} AND worker_id = ${who.user.id}`)[0][0]);
}
const confirm = (id, who, headers = {}) => call(srv.url, 'POST', `/api/v1/applications/${id}/confirm`, { token: who.access_token, headers });
const completedRows = (id) => Number(sql(`SELECT COUNT(*) FROM application_history WHERE application_id = ${id} AND to_status = 'completed'`)[0][0]);

test('POST /api/v1/applications/{id}/confirm by the worker then the employer completes the application per openapi.json', async () => {
  const g = await gig();
  endGig(g, 3600);
  const id = application(g);
  const w = await confirm(id, worker);
  assert.equal(w.status, 200, w.text);
  assertMatchesSpec('/api/v1/applications/{id}/confirm', 'POST', w);
  const c = w.json.confirmation;
  assert.equal(c.status, 'accepted');
  assert.ok(c.worker_confirmed_at);
  assert.equal(c.employer_confirmed_at, null);
  assert.ok(c.auto_confirm_at);
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${employer.user.id} AND kind = 'result_confirmed' AND object_id = ${id}`)[0][0], '1');

  // the same side again: 200, the same state, nothing written
  const again = await confirm(id, worker);
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, w.json);
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE object_id = ${id} AND object_type = 'application'`)[0][0], '1');

  const e = await confirm(id, employer);
  assert.equal(e.status, 200, e.text);
  assertMatchesSpec('/api/v1/applications/{id}/confirm', 'POST', e);
  assert.equal(e.json.confirmation.status, 'completed');
  assert.ok(e.json.confirmation.completed_at);
  assert.equal(e.json.confirmation.auto_confirm_at, null);
  assert.equal(completedRows(id), 1);
  assert.deepEqual(sql(`SELECT actor_kind, actor_id, from_status FROM application_history WHERE application_id = ${id} AND to_status = 'completed'`),
    [['user', String(employer.user.id), 'accepted']]);
  for (const u of [worker, employer]) {
    assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${u.user.id} AND kind = 'application_completed' AND object_id = ${id}`)[0][0], '1');
  }
  // after completion either side confirming again is still 200 with the state, and writes nothing
  const late = await confirm(id, worker);
  assert.equal(late.status, 200);
  assert.equal(late.json.confirmation.status, 'completed');
  assert.equal(completedRows(id), 1);
});

test('POST .../confirm before the gig ends answers 409 confirm_too_early unless the last day is checked out', async () => {
  const g = await gig(600, 8);
  const id = application(g);
  assertError(await confirm(id, worker), 409, 'confirm_too_early');
  assertError(await confirm(id, employer), 409, 'confirm_too_early');
  const ci = await call(srv.url, 'POST', `/api/v1/applications/${id}/attendance/check-in`, { token: worker.access_token, body: SITE });
  assert.equal(ci.status, 201, ci.text);
  assertError(await confirm(id, worker), 409, 'confirm_too_early'); // checked in, not out
  const co = await call(srv.url, 'POST', `/api/v1/applications/${id}/attendance/check-out`, { token: worker.access_token, body: SITE });
  assert.equal(co.status, 200, co.text);
  const r = await confirm(id, worker);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.confirmation.worker_confirmed_at);
  assert.equal(sql(`SELECT worker_confirmed_at IS NOT NULL FROM applications WHERE id = ${id}`)[0][0], '1');
});

test('POST .../confirm in states other than accepted answers 409 state_conflict; strangers get 404', async () => {
  const g = await gig();
  endGig(g, 3600);
  const others = [await signIn(srv, uniq('cfa')), await signIn(srv, uniq('cfb')), await signIn(srv, uniq('cfc')), await signIn(srv, uniq('cfd'))];
  const states = ['applied', 'rejected', 'withdrawn', 'cancelled', 'no_show'];
  for (let i = 0; i < states.length; i++) {
    const who = i < others.length ? others[i] : worker;
    const id = application(g, who, states[i]);
    const r = await confirm(id, who);
    assertError(r, 409, 'state_conflict');
    assertError(await confirm(id, employer), 409, 'state_conflict');
    assert.equal(sql(`SELECT worker_confirmed_at IS NULL AND employer_confirmed_at IS NULL FROM applications WHERE id = ${id}`)[0][0], '1');
  }
  const id = Number(sql(`SELECT id FROM applications WHERE gig_id = ${g} AND status = 'no_show'`)[0][0]);
  assertError(await confirm(id, stranger), 404, 'not_found');
  assertError(await confirm(999999999, worker), 404, 'not_found');
  assertError(await call(srv.url, 'POST', `/api/v1/applications/${id}/confirm`, { token: worker.access_token, body: { status: 'completed' } }), 400, 'unknown_field');
});

test('BOLA: another user cannot confirm A\'s application (404) and nothing is written', async () => {
  const g = await gig();
  endGig(g, 3600);
  const id = application(g);
  assertError(await confirm(id, stranger), 404, 'not_found');
  assert.equal(sql(`SELECT worker_confirmed_at IS NULL AND employer_confirmed_at IS NULL FROM applications WHERE id = ${id}`)[0][0], '1');
});

test('POST .../confirm with an Idempotency-Key replays the first answer byte for byte', async () => {
  const g = await gig();
  endGig(g, 3600);
  const id = application(g);
  const key = uniq('idem');
  const first = await confirm(id, worker, { 'idempotency-key': key });
  assert.equal(first.status, 200, first.text);
  const second = await confirm(id, worker, { 'idempotency-key': key });
  assert.equal(second.status, 200);
  assert.equal(second.text, first.text);
});

test('auto-confirm: two linggongd processes on one database complete each overdue application exactly once', async () => {
  const N = 400; // several candidate lists of 100: both nodes' passes overlap and take a share
  const g = await gig();
  // workers made directly (signing 40 in would only test sign-in)
  const tag = uniq('ac');
  const values = Array.from({ length: N }, (_, i) => `('o_${tag}_${i}', NOW(3))`).join(',');
  sql(`INSERT INTO users (openid, created_at) VALUES ${values}`);
  const workers = sql(`SELECT id FROM users WHERE openid LIKE 'o_${tag}_%' ORDER BY id`).map((r) => Number(r[0]));
  assert.equal(workers.length, N);
  let a, b;
  try {
    // overdue by one hour past AUTO_CONFIRM_DAYS (3); some already confirmed by one side
    endGig(g, 3 * 86400 + 3600);
    const rows = workers.map((w, i) => `(${g}, ${w}, ${employer.user.id}, 'accepted', 'apply',
      ${i % 3 === 1 ? 'NOW(3)' : 'NULL'}, ${i % 3 === 2 ? 'NOW(3)' : 'NULL'}, NOW(3), NOW(3))`).join(',');
    sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, worker_confirmed_at,
         employer_confirmed_at, created_at, updated_at) VALUES ${rows}`);
    const ids = sql(`SELECT id FROM applications WHERE gig_id = ${g} ORDER BY id`).map((r) => Number(r[0]));
    assert.equal(ids.length, N);
    // one that is not overdue yet stays accepted
    const fresh = await gig();
    endGig(fresh, 2 * 86400);
    const freshId = application(fresh);
    // both nodes start together, so their first passes (run at start, then every second) race for the rows
    [a, b] = await Promise.all([startServer({ ...wx.env, TASK_INTERVAL_S: '1' }), startServer({ ...wx.env, TASK_INTERVAL_S: '1' })]);
    const deadline = Date.now() + 20000;
    for (;;) {
      const left = Number(sql(`SELECT COUNT(*) FROM applications WHERE gig_id = ${g} AND status = 'accepted'`)[0][0]);
      if (left === 0) break;
      assert.ok(Date.now() < deadline, `${left} applications still accepted after 20 s`);
      await sleep(200);
    }
    await sleep(2500); // two more passes of each node: nothing may be completed again
    const hist = sql(`SELECT application_id, COUNT(*), MIN(actor_kind), MIN(reason) FROM application_history
                      WHERE application_id IN (${ids.join(',')}) AND to_status = 'completed' GROUP BY application_id`);
    assert.equal(hist.length, N, 'every application has a completed row');
    for (const [appId, n, kind] of hist) {
      assert.equal(n, '1', `application ${appId} completed ${n} times`);
      assert.equal(kind, 'system');
    }
    const notes = sql(`SELECT object_id, COUNT(*) FROM notifications WHERE kind = 'application_completed'
                       AND object_id IN (${ids.join(',')}) GROUP BY object_id`);
    assert.equal(notes.length, N);
    for (const [appId, n] of notes) assert.equal(n, '2', `application ${appId}: ${n} notifications, want one per side`);
    assert.equal(sql(`SELECT COUNT(*) FROM applications WHERE gig_id = ${g} AND (status <> 'completed'
      OR worker_confirmed_at IS NULL OR employer_confirmed_at IS NULL OR completed_at IS NULL)`)[0][0], '0');
    assert.equal(sql(`SELECT status FROM applications WHERE id = ${freshId}`)[0][0], 'accepted');
    const logs = [...a.logs(), ...b.logs()].filter((l) => l.includes('applications auto-confirmed'));
    const counted = logs.reduce((s, l) => s + JSON.parse(l).count, 0);
    assert.ok(counted >= N, `the nodes logged ${counted} completions`);
    const byNode = [a, b].map((n) => n.logs().filter((l) => l.includes('applications auto-confirmed'))
      .reduce((s, l) => s + JSON.parse(l).count, 0));
    console.log(`auto-confirm split between the two nodes: ${byNode.join(' + ')}`);
  } finally {
    if (a) await a.stop();
    if (b) await b.stop();
  }
});
