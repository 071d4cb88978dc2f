// Applications (issue 4 items 1, 2, 6): apply with Idempotency-Key, the employer's applicant list with
// masked/unmasked phones, every transition of the application machine (illegal → 409, wrong side → 403),
// history rows, notifications in the same transaction, BOLA between workers and between employers,
// blocked pairs, credit restriction, headcount under 50 concurrent accepts, and the inbox.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, createAdmin, makeEmployer,
  gigBody, at, publishGig, applyTo,
} = require('./lib');

let wx, srv;
let emp, emp2, wA, wB;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_IP_PER_MIN: '1000000' });
  emp = await signIn(srv, uniq('ae'));
  emp2 = await signIn(srv, uniq('ae2'));
  wA = await signIn(srv, uniq('awa'));
  wB = await signIn(srv, uniq('awb'));
  makeEmployer(emp.user.id);
  makeEmployer(emp2.user.id);
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const tok = (u) => ({ token: u.access_token });
const act = (u, id, verb, body) => call(srv.url, 'POST', `/api/v1/applications/${id}/${verb}`, { ...tok(u), body });
const getApp = (u, id) => call(srv.url, 'GET', `/api/v1/applications/${id}`, tok(u));
const inbox = (u, q = '') => call(srv.url, 'GET', `/api/v1/me/notifications${q}`, tok(u));
const count = (q) => Number(sql(q)[0][0]);

async function applied(worker, gig) {
  const r = await applyTo(srv, worker, gig);
  assert.equal(r.status, 201, r.text);
  return r.json.application;
}

test('POST /api/v1/gigs/{id}/applications answers 201 per openapi.json, writes history and notifies the employer', async () => {
  const gig = await publishGig(srv, emp);
  const r = await applyTo(srv, wA, gig, { note: '本人有电工证，周末有空' });
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/gigs/{id}/applications', 'POST', r);
  const a = r.json.application;
  assert.equal(a.status, 'applied');
  assert.equal(a.gig.id, gig.id);
  assert.equal(a.worker_id, wA.user.id);
  assert.equal(a.employer_id, emp.user.id);
  assert.equal(a.note, '本人有电工证，周末有空');
  assert.deepEqual(a.history.map((h) => [h.from, h.to, h.actor]), [[null, 'applied', 'user']]);
  const n = await inbox(emp, '?unread=true');
  assert.equal(n.status, 200, n.text);
  assertMatchesSpec('/api/v1/me/notifications', 'GET', n);
  const mine = n.json.items.find((i) => i.object_type === 'application' && i.object_id === a.id);
  assert.ok(mine, n.text);
  assert.equal(mine.kind, 'application_received');
  assert.equal(mine.read_at, null);
  for (const u of [wA, emp]) {
    const g = await getApp(u, a.id);
    assert.equal(g.status, 200, g.text);
    assertMatchesSpec('/api/v1/applications/{id}', 'GET', g);
  }
  const me = await call(srv.url, 'GET', '/api/v1/me/applications?status=applied', tok(wA));
  assert.equal(me.status, 200, me.text);
  assertMatchesSpec('/api/v1/me/applications', 'GET', me);
  assert.ok(me.json.items.some((i) => i.id === a.id));
  assertError(await call(srv.url, 'GET', '/api/v1/me/applications?status=nope', tok(wA)), 400, 'bad_query');
});

test('POST /api/v1/gigs/{id}/applications takes a note of 200 characters and refuses 201 (400)', async () => {
  const gig = await publishGig(srv, emp);
  assertError(await applyTo(srv, wB, gig, { note: '字'.repeat(201) }), 400, 'validation_failed');
  const r = await applyTo(srv, wB, gig, { note: '字'.repeat(200) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.application.note.length, 200);
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${gig.id}/applications`, { ...tok(wA), body: { x: 1 } }), 400, 'unknown_field');
});

test('POST /api/v1/gigs/{id}/applications twice answers 409 already_exists and keeps one row', async () => {
  const gig = await publishGig(srv, emp);
  await applied(wA, gig);
  assertError(await applyTo(srv, wA, gig), 409, 'already_exists');
  assert.equal(count(`SELECT COUNT(*) FROM applications WHERE gig_id = ${gig.id}`), 1);
});

test('POST /api/v1/gigs/{id}/applications refuses own gig 403, hidden gig 404, closed gig 409 gig_not_open', async () => {
  const gig = await publishGig(srv, emp);
  assertError(await applyTo(srv, emp, gig), 403, 'own_gig');
  const d = await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(emp), body: gigBody({ submit: false }) });
  assertError(await applyTo(srv, wA, d.json.gig), 404, 'not_found');
  assertError(await applyTo(srv, wA, { id: 999999999 }), 404, 'not_found');
  const c = await call(srv.url, 'POST', `/api/v1/gigs/${gig.id}/close`, tok(emp));
  assert.equal(c.status, 200, c.text);
  assertError(await applyTo(srv, wA, gig), 409, 'gig_not_open');
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${gig.id}/applications`, { body: {} }), 401, 'unauthenticated');
});

test('POST /api/v1/gigs/{id}/applications by a worker restricted for credit answers 403 credit_restricted', async () => {
  // the restriction state the ledger keeps (credit.test.js drives it through real entries)
  const w = await signIn(srv, uniq('acr'));
  sql(`INSERT INTO credit_scores (user_id, score, restricted, restricted_at, updated_at) VALUES (${w.user.id}, 59, 1, NOW(3), NOW(3))`);
  const gig = await publishGig(srv, emp);
  assertError(await applyTo(srv, w, gig), 403, 'credit_restricted');
  assert.equal(count(`SELECT COUNT(*) FROM applications WHERE worker_id = ${w.user.id}`), 0);
  sql(`UPDATE credit_scores SET restricted = 0 WHERE user_id = ${w.user.id}`);
  assert.equal((await applyTo(srv, w, gig)).status, 201);
});

test('blocked pairs cannot apply (404) and do not see each other\'s applications, either direction', async () => {
  const e = await signIn(srv, uniq('abe'));
  const w1 = await signIn(srv, uniq('abw'));
  const w2 = await signIn(srv, uniq('abw'));
  const gig = await publishGig(srv, e);
  sql(`INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (${e.user.id}, ${w1.user.id}, NOW(3))`);
  assertError(await applyTo(srv, w1, gig), 404, 'not_found');
  const a2 = await applied(w2, gig);
  sql(`INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (${w2.user.id}, ${e.user.id}, NOW(3))`);
  assertError(await getApp(e, a2.id), 404, 'not_found');
  assertError(await getApp(w2, a2.id), 404, 'not_found');
  assertError(await act(e, a2.id, 'accept'), 404, 'not_found');
  const list = await call(srv.url, 'GET', `/api/v1/gigs/${gig.id}/applications`, tok(e));
  assert.equal(list.status, 200);
  assert.equal(list.json.total, 0);
  const me = await call(srv.url, 'GET', '/api/v1/me/applications', tok(w2));
  assert.ok(!me.json.items.some((i) => i.id === a2.id));
});

test('GET /api/v1/gigs/{id}/applications: owner only, first view recorded, phone masked until accepted and then audited', async () => {
  const e = await signIn(srv, uniq('ale'));
  const w = await signIn(srv, uniq('alw'));
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const p = await call(srv.url, 'POST', '/api/v1/auth/phone', { ...tok(w), body: { code: `phone:${phone}` } });
  assert.equal(p.status, 200, p.text);
  sql(`INSERT INTO workers (user_id, real_name, birth_year, gender, credit, completeness, created_at, updated_at)
       VALUES (${w.user.id}, '张三', 1985, 'male', 95, 80, NOW(3), NOW(3))`);
  sql(`INSERT INTO worker_job_types (user_id, job_type_id, years) VALUES (${w.user.id}, 301, 6)`);
  const gig = await publishGig(srv, e);
  const a = await applied(w, gig);
  // strangers: another employer 403 (listed gig), the worker 403
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${gig.id}/applications`, tok(emp2)), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${gig.id}/applications`, tok(w)), 403, 'forbidden');
  assert.equal(sql(`SELECT first_viewed_at IS NULL FROM applications WHERE id = ${a.id}`)[0][0], '1');
  const l = await call(srv.url, 'GET', `/api/v1/gigs/${gig.id}/applications`, tok(e));
  assert.equal(l.status, 200, l.text);
  assertMatchesSpec('/api/v1/gigs/{id}/applications', 'GET', l);
  const it = l.json.items[0];
  assert.equal(it.worker.real_name, '张三');
  assert.equal(it.worker.birth_year, 1985);
  assert.equal(it.worker.credit, 95);
  assert.deepEqual(it.worker.job_types.map((j) => [j.id, j.years]), [[301, 6]]);
  assert.equal(it.worker.phone, `${phone.slice(0, 3)}****${phone.slice(7)}`);
  assert.equal(it.worker.phone_unmasked, false);
  assert.ok(it.first_viewed_at);
  assert.equal(sql(`SELECT first_viewed_at IS NULL FROM applications WHERE id = ${a.id}`)[0][0], '0');
  const auditBefore = count(`SELECT COUNT(*) FROM audit_log WHERE action = 'worker.phone.read' AND object_id = '${w.user.id}'`);
  assert.equal((await act(e, a.id, 'accept')).status, 200);
  const l2 = await call(srv.url, 'GET', `/api/v1/gigs/${gig.id}/applications?status=accepted`, tok(e));
  assert.equal(l2.json.items[0].worker.phone, phone);
  assert.equal(l2.json.items[0].worker.phone_unmasked, true);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'worker.phone.read' AND object_id = '${w.user.id}' AND actor_id = ${e.user.id}`), auditBefore + 1);
});

test('accept/reject/withdraw/cancel/no-show follow the machine: history, notifications, seats; every illegal move 409', async () => {
  const gig = await publishGig(srv, emp, { headcount: 2, starts_at: at(3 * 86400), ends_at: at(3 * 86400 + 8 * 3600) });
  const w3 = await signIn(srv, uniq('aw3'));
  const a = await applied(wA, gig);
  const b = await applied(wB, gig);
  const c = await applied(w3, gig);
  // wrong side: 403
  assertError(await act(wA, a.id, 'accept'), 403, 'forbidden');
  assertError(await act(emp, a.id, 'withdraw'), 403, 'forbidden');
  assertError(await act(wA, a.id, 'reject'), 403, 'forbidden');
  // applied: cancel and no-show are illegal
  assertError(await act(emp, a.id, 'cancel'), 409, 'state_conflict');
  assertError(await act(emp, a.id, 'no-show'), 409, 'state_conflict');
  let r = await act(emp, a.id, 'accept');
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/applications/{id}/accept', 'POST', r);
  assert.equal(r.json.application.status, 'accepted');
  assert.ok(r.json.application.decided_at);
  assert.equal(count(`SELECT accepted_count FROM gigs WHERE id = ${gig.id}`), 1);
  const n = await inbox(wA);
  assert.ok(n.json.items.some((i) => i.kind === 'application_accepted' && i.object_id === a.id));
  // accepted: accept, reject, withdraw are illegal (409 naming the state)
  for (const [u, v] of [[emp, 'accept'], [emp, 'reject'], [wA, 'withdraw']]) {
    const x = await act(u, a.id, v);
    assertError(x, 409, 'state_conflict');
    assert.match(x.json.error.message, /已录用/);
  }
  r = await act(emp, b.id, 'reject', { reason: '人员已满' });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/applications/{id}/reject', 'POST', r);
  assert.equal(r.json.application.status, 'rejected');
  assert.equal(r.json.application.history.at(-1).reason, '人员已满');
  r = await act(w3, c.id, 'withdraw');
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/applications/{id}/withdraw', 'POST', r);
  assert.equal(r.json.application.status, 'withdrawn');
  assert.ok((await inbox(emp)).json.items.some((i) => i.kind === 'application_withdrawn' && i.object_id === c.id));
  // terminal states: every action 409
  for (const id of [b.id, c.id]) {
    for (const v of ['accept', 'reject', 'cancel', 'no-show']) assertError(await act(emp, id, v), 409, 'state_conflict');
  }
  assertError(await act(wB, b.id, 'withdraw'), 409, 'state_conflict');
  // no-show before the start: 409 gig_not_started
  assertError(await act(emp, a.id, 'no-show'), 409, 'gig_not_started');
  // cancel more than 24 h before the start: not late; the seat comes back
  r = await act(wA, a.id, 'cancel');
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/applications/{id}/cancel', 'POST', r);
  assert.equal(r.json.application.status, 'cancelled');
  assert.equal(r.json.application.late_cancel, false);
  assert.equal(r.json.notice, undefined);
  assert.equal(count(`SELECT accepted_count FROM gigs WHERE id = ${gig.id}`), 0);
  assert.ok((await inbox(emp)).json.items.some((i) => i.kind === 'application_cancelled' && i.object_id === a.id));
  assertError(await act(emp, a.id, 'cancel'), 409, 'state_conflict');
  assert.deepEqual(sql(`SELECT from_status, to_status FROM application_history WHERE application_id = ${a.id} ORDER BY id`),
    [['NULL', 'applied'], ['applied', 'accepted'], ['accepted', 'cancelled']]);
});

test('POST /api/v1/applications/{id}/cancel inside 24 h of the start is late; no-show after the start frees the seat', async () => {
  const gig = await publishGig(srv, emp, { starts_at: at(23 * 3600), ends_at: at(31 * 3600) });
  const a = await applied(wA, gig);
  const b = await applied(wB, gig);
  assert.equal((await act(emp, a.id, 'accept')).status, 200);
  assert.equal((await act(emp, b.id, 'accept')).status, 200);
  const r = await act(emp, a.id, 'cancel');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.application.late_cancel, true);
  assert.match(r.json.notice, /24 小时/);
  assert.equal(sql(`SELECT late_cancel FROM applications WHERE id = ${a.id}`)[0][0], '1');
  assert.ok((await inbox(wA)).json.items.some((i) => i.kind === 'application_cancelled' && i.object_id === a.id));
  sql(`UPDATE gigs SET starts_at = NOW() - INTERVAL 1 HOUR WHERE id = ${gig.id}`);
  assertError(await act(wB, b.id, 'no-show'), 403, 'forbidden');
  const n = await act(emp, b.id, 'no-show');
  assert.equal(n.status, 200, n.text);
  assertMatchesSpec('/api/v1/applications/{id}/no-show', 'POST', n);
  assert.equal(n.json.application.status, 'no_show');
  assert.equal(count(`SELECT accepted_count FROM gigs WHERE id = ${gig.id}`), 0);
  assert.ok((await inbox(wB)).json.items.some((i) => i.kind === 'application_no_show' && i.object_id === b.id));
});

test('BOLA: worker B cannot read, withdraw or cancel A\'s application; employer B cannot list or decide A\'s applicants', async () => {
  const gig = await publishGig(srv, emp);
  const a = await applied(wA, gig);
  assertError(await getApp(wB, a.id), 404, 'not_found');
  assertError(await act(wB, a.id, 'withdraw'), 404, 'not_found');
  assertError(await act(wB, a.id, 'cancel'), 404, 'not_found');
  assertError(await getApp(emp2, a.id), 404, 'not_found');
  assertError(await act(emp2, a.id, 'accept'), 404, 'not_found');
  assertError(await act(emp2, a.id, 'reject'), 404, 'not_found');
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${gig.id}/applications`, tok(emp2)), 403, 'forbidden');
  assert.equal(sql(`SELECT status FROM applications WHERE id = ${a.id}`)[0][0], 'applied');
  assertError(await getApp(wA, 999999999), 404, 'not_found');
});

test('50 parallel accepts at a gig with headcount 5: exactly 5 accepted, the rest 409 gig_full', async () => {
  const e = await signIn(srv, uniq('ace'));
  const gig = await publishGig(srv, e, { headcount: 5 });
  const workers = await Promise.all(Array.from({ length: 50 }, () => signIn(srv, uniq('acw'))));
  const apps = [];
  for (const w of workers) apps.push(await applied(w, gig));
  const res = await Promise.all(apps.map((a) => act(e, a.id, 'accept')));
  const ok = res.filter((r) => r.status === 200);
  assert.equal(ok.length, 5, res.map((r) => r.status).join(','));
  for (const r of res.filter((x) => x.status !== 200)) assertError(r, 409, 'gig_full');
  assert.equal(count(`SELECT accepted_count FROM gigs WHERE id = ${gig.id}`), 5);
  assert.equal(count(`SELECT COUNT(*) FROM applications WHERE gig_id = ${gig.id} AND status = 'accepted'`), 5);
});

test('GET /api/v1/me/notifications: unread filter, read one, read-all, another user\'s is 404; gig approve/reject notify', async () => {
  const e = await signIn(srv, uniq('ane'));
  makeEmployer(e.user.id, { verification: 'unverified' });
  const g1 = await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(e), body: gigBody() });
  const g2 = await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(e), body: gigBody() });
  assert.equal(g1.json.gig.status, 'pending_review');
  const password = 'Apps-admin-pass-1';
  const username = createAdmin({ password, role: 'admin', region: '450223' });
  const login = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  const adm = { access_token: login.json.access_token };
  assert.equal((await call(srv.url, 'POST', `/api/v1/admin/gigs/${g1.json.gig.id}/approve`, tok(adm))).status, 200);
  assert.equal((await call(srv.url, 'POST', `/api/v1/admin/gigs/${g2.json.gig.id}/reject`, { ...tok(adm), body: { reason: '信息不完整' } })).status, 200);
  let n = await inbox(e, '?unread=1');
  assert.equal(n.status, 200);
  assert.equal(n.json.unread_count, 2);
  assert.equal(n.json.total, 2);
  const approved = n.json.items.find((i) => i.kind === 'gig_approved');
  const rejected = n.json.items.find((i) => i.kind === 'gig_rejected');
  assert.equal(approved.object_id, g1.json.gig.id);
  assert.equal(rejected.object_type, 'gig');
  assert.match(rejected.body, /信息不完整/);
  assertError(await call(srv.url, 'POST', `/api/v1/me/notifications/${approved.id}/read`, tok(wA)), 404, 'not_found');
  const rd = await call(srv.url, 'POST', `/api/v1/me/notifications/${approved.id}/read`, tok(e));
  assert.equal(rd.status, 200, rd.text);
  assertMatchesSpec('/api/v1/me/notifications/{id}/read', 'POST', rd);
  n = await inbox(e, '?unread=true');
  assert.deepEqual(n.json.items.map((i) => i.id), [rejected.id]);
  assert.equal(n.json.unread_count, 1);
  const all = await call(srv.url, 'POST', '/api/v1/me/notifications/read-all', tok(e));
  assert.equal(all.status, 200);
  assertMatchesSpec('/api/v1/me/notifications/read-all', 'POST', all);
  assert.equal(all.json.marked, 1);
  n = await inbox(e);
  assert.equal(n.json.unread_count, 0);
  assert.equal(n.json.total, 2);
  assert.ok(n.json.items.every((i) => i.read_at));
  assertError(await inbox(e, '?unread=maybe'), 400, 'bad_query');
});
