// 诚信分 (issue 7 item 2): a scripted sequence of real events — a rating received, five no-shows, an admin
// adjustment, an admin lift, a late cancel, a missed confirmation (the auto-confirm task), a 1-star rating,
// an adjustment that brings the score back — leaves a score equal to the one recomputed from the ledger
// (clamped 0–100 after each entry), and the restriction kicks in below CREDIT_RESTRICT_BELOW (the worker
// cannot apply, the employer cannot post or submit: 403 credit_restricted saying why) and lifts when an
// admin lifts it or the score recovers; the threshold and the star deltas come from configuration.
// GET /me/credit shows score, restriction and history; the admin routes are region scoped and audited.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, sleep, assertMatchesSpec, assertError, signIn, makeEmployer, makeWorker,
  gigBody, at, createAdmin,
} = require('./lib');

let wx, srv;
let emp, emp2, worker, adminTok, otherAdminTok, adminId;

async function adminLogin(region) {
  const password = 'Pw-' + uniq('x');
  const username = createAdmin({ password, role: 'admin', region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return { token: r.json.access_token, id: Number(sql(`SELECT id FROM admin_users WHERE username = '${username}'`)[0][0]) };
}

before(async () => {
  wx = await startWechat();
  // the task every second: the missed confirmation below comes from the auto-confirm pass
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', TASK_INTERVAL_S: '1' });
  [emp, emp2, worker] = await Promise.all(['cre', 'crf', 'crw'].map((p) => signIn(srv, uniq(p))));
  makeEmployer(emp.user.id);
  makeEmployer(emp2.user.id);
  makeWorker(worker.user.id, { region: '450223100' });
  const a = await adminLogin('450223');
  adminTok = a.token;
  adminId = a.id;
  otherAdminTok = (await adminLogin('360824')).token;
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const tok = (u) => ({ token: u.access_token });
async function gig(employer = emp, over = {}) {
  const r = await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(employer), body: gigBody(over) });
  assert.equal(r.status, 201, r.text);
  return r.json.gig.id;
}
const apply = (g, w = worker) => call(srv.url, 'POST', `/api/v1/gigs/${g}/applications`, { ...tok(w), body: {} });
async function accepted(g, w = worker) {
  const a = await apply(g, w);
  assert.equal(a.status, 201, a.text);
  const id = a.json.application.id;
  const r = await call(srv.url, 'POST', `/api/v1/applications/${id}/accept`, { ...tok(emp), body: {} });
  assert.equal(r.status, 200, r.text);
  return id;
}
function completedApp(g, w = worker) {
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, completed_at, created_at, updated_at)
       VALUES (${g}, ${w.user.id}, ${emp.user.id}, 'completed', 'apply', NOW(3), NOW(3), NOW(3))`);
  return Number(sql(`SELECT id FROM applications WHERE gig_id = ${g} AND worker_id = ${w.user.id}`)[0][0]);
}
const credit = (u) => call(srv.url, 'GET', '/api/v1/me/credit?page_size=100', tok(u));
const adminCredit = (u, t = adminTok) => call(srv.url, 'GET', `/api/v1/admin/users/${u.user.id}/credit`, { token: t });
const adjust = (u, body, t = adminTok) => call(srv.url, 'POST', `/api/v1/admin/users/${u.user.id}/credit/adjust`, { token: t, body });
const lift = (u, body, t = adminTok) => call(srv.url, 'POST', `/api/v1/admin/users/${u.user.id}/credit/lift`, { token: t, body });
const score = (u) => Number(sql(`SELECT score FROM credit_scores WHERE user_id = ${u.user.id}`)[0][0]);
const restricted = (u) => sql(`SELECT restricted FROM credit_scores WHERE user_id = ${u.user.id}`)[0][0] === '1';

async function noShow(w = worker) {
  const g = await gig();
  const id = await accepted(g, w);
  sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id = ${g}`);
  const r = await call(srv.url, 'POST', `/api/v1/applications/${id}/no-show`, { ...tok(emp), body: {} });
  assert.equal(r.status, 200, r.text);
  return id;
}
async function bothRate(workerStars, employerStars) {
  const app = completedApp(await gig());
  for (const [who, stars] of [[worker, workerStars], [emp, employerStars]]) {
    const r = await call(srv.url, 'POST', `/api/v1/applications/${app}/ratings`, { ...tok(who), body: { stars } });
    assert.equal(r.status, 201, r.text);
  }
  return app;
}

// The score a ledger adds up to, from 100, clamped after every entry; each entry's score_before must be the
// previous entry's score_after.
function recompute(u) {
  const rows = sql(`SELECT delta, score_before, score_after FROM credit_ledger WHERE user_id = ${u.user.id} ORDER BY id`)
    .map((r) => r.map(Number));
  let s = 100;
  for (const [delta, beforeScore, afterScore] of rows) {
    assert.equal(beforeScore, s, 'score_before is the previous score_after');
    s = Math.min(100, Math.max(0, s + delta));
    assert.equal(afterScore, s, 'score_after is score_before + delta, clamped');
  }
  return { score: s, entries: rows.length };
}

test('scripted sequence: rating, 5 no-shows (restricted), adjust, lift, late cancel (restricted again), missed confirmation, 1-star, adjust back (lifted): score == ledger recomputation', async () => {
  // a 5-star rating at 100: +2 is recorded, the score stays clamped at 100
  await bothRate(5, 5);
  assert.equal(score(worker), 100);
  // five no-shows: 90 80 70 60 — still allowed at exactly 60 — then 50: restricted
  for (let i = 0; i < 4; i++) await noShow();
  assert.equal(score(worker), 60);
  assert.equal(restricted(worker), false);
  await noShow();
  assert.equal(score(worker), 50);
  assert.equal(restricted(worker), true);
  const denied = await apply(await gig());
  assertError(denied, 403, 'credit_restricted');
  assertMatchesSpec('/api/v1/gigs/{id}/applications', 'POST', denied);
  assert.ok(denied.json.error.message.includes('50') && denied.json.error.message.includes('未到岗'), denied.json.error.message);
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${worker.user.id} AND kind = 'credit_restricted'`)[0][0], '1');
  const mine = await credit(worker);
  assert.equal(mine.status, 200, mine.text);
  assertMatchesSpec('/api/v1/me/credit', 'GET', mine);
  assert.equal(mine.json.credit.score, 50);
  assert.equal(mine.json.credit.restricted, true);
  assert.equal(mine.json.credit.threshold, 60);
  assert.deepEqual(mine.json.credit.restricted_because, { code: 'no_show', label: '未到岗' });
  assert.equal(mine.json.items[0].reason.code, 'no_show');
  assert.equal(mine.json.items[0].role, 'worker');
  assert.equal(mine.json.items[0].object.type, 'application');
  assert.equal(mine.json.items[0].actor_id, undefined, 'users are not told actor ids');

  // an admin adjustment below the threshold keeps the restriction
  const adj = await adjust(worker, { delta: 5, reason: '核实后部分未到岗系雇主原因' });
  assert.equal(adj.status, 200, adj.text);
  assertMatchesSpec('/api/v1/admin/users/{id}/credit/adjust', 'POST', adj);
  assert.equal(adj.json.credit.score, 55);
  assert.equal(adj.json.credit.restricted, true);
  assert.equal(adj.json.items[0].actor_id, adminId);
  assert.equal(adj.json.items[0].note, '核实后部分未到岗系雇主原因');
  // the admin lifts it after review: the worker can apply again at 55
  const l = await lift(worker, { reason: '已电话核实，恢复报名' });
  assert.equal(l.status, 200, l.text);
  assertMatchesSpec('/api/v1/admin/users/{id}/credit/lift', 'POST', l);
  assert.equal(l.json.credit.restricted, false);
  assert.equal(l.json.credit.lifted_by, adminId);
  assert.equal(l.json.credit.lift_note, '已电话核实，恢复报名');
  assertError(await lift(worker, { reason: '再解除一次' }), 409, 'state_conflict');
  assert.deepEqual(sql(`SELECT action, result FROM audit_log WHERE object_type = 'user' AND object_id = '${worker.user.id}' ORDER BY id`),
    [['credit.adjust', 'ok'], ['credit.lift', 'ok'], ['credit.lift', 'failed']]);
  const g = await gig(); // starts in a day: cancelling inside 24 h of the start is late
  sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() + INTERVAL 2 HOUR, ends_at = UTC_TIMESTAMP() + INTERVAL 10 HOUR WHERE id = ${g}`);
  const app = await accepted(g);
  // a late cancel (-5, 50): a negative entry below the threshold restricts again
  const c = await call(srv.url, 'POST', `/api/v1/applications/${app}/cancel`, { ...tok(worker), body: {} });
  assert.equal(c.status, 200, c.text);
  assert.equal(score(worker), 50);
  assert.equal(restricted(worker), true);
  assert.equal((await credit(worker)).json.credit.restricted_because.code, 'late_cancel');

  // a missed confirmation: the auto-confirm task confirms for both silent sides, -2 each
  const ended = await gig();
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at)
       VALUES (${ended}, ${worker.user.id}, ${emp.user.id}, 'accepted', 'apply', NOW(3), NOW(3))`);
  const endedApp = Number(sql(`SELECT id FROM applications WHERE gig_id = ${ended} AND worker_id = ${worker.user.id}`)[0][0]);
  const empBefore = score(emp);
  sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL 4 DAY, ends_at = UTC_TIMESTAMP() - INTERVAL 3 DAY - INTERVAL 1 HOUR WHERE id = ${ended}`);
  const deadline = Date.now() + 10000;
  while (sql(`SELECT status FROM applications WHERE id = ${endedApp}`)[0][0] !== 'completed') {
    assert.ok(Date.now() < deadline, 'auto-confirm did not run');
    await sleep(200);
  }
  assert.deepEqual(sql(`SELECT user_id, delta, role, actor_kind FROM credit_ledger WHERE reason = 'missed_confirmation' AND object_id = ${endedApp} ORDER BY user_id`),
    [[String(emp.user.id), '-2', 'employer', 'system'], [String(worker.user.id), '-2', 'worker', 'system']].sort((x, y) => Number(x[0]) - Number(y[0])));
  assert.equal(score(worker), 48);
  assert.equal(score(emp), Math.max(0, empBefore - 2));

  // a 1-star rating (-6 by CREDIT_STAR_DELTAS), then an adjustment that brings the score back: lifted
  await bothRate(4, 1);
  assert.equal(score(worker), 42);
  const back = await adjust(worker, { delta: 30, reason: '连续三个月无违约记录' });
  assert.equal(back.json.credit.score, 72);
  assert.equal(back.json.credit.restricted, false);
  assert.equal(back.json.credit.lifted_by, null, 'lifted by the score, not by an admin');
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${worker.user.id} AND kind = 'credit_restored'`)[0][0], '2');
  assert.equal((await apply(await gig())).status, 201);

  // the score is the ledger's result, everywhere it is shown (a lift is not a ledger entry)
  const { score: recomputed, entries } = recompute(worker);
  assert.equal(recomputed, 72);
  assert.equal(score(worker), recomputed);
  assert.equal(Number(sql(`SELECT credit FROM workers WHERE user_id = ${worker.user.id}`)[0][0]), recomputed);
  const final = await credit(worker);
  assert.equal(final.json.credit.score, recomputed);
  assert.equal(final.json.total, entries);
  assert.deepEqual(final.json.items.map((e) => [e.reason.code, e.delta]).reverse(), [['rating_received', 2],
    ['no_show', -10], ['no_show', -10], ['no_show', -10], ['no_show', -10], ['no_show', -10], ['admin_adjust', 5],
    ['late_cancel', -5], ['missed_confirmation', -2], ['rating_received', -6], ['admin_adjust', 30]]);
  // and the employer's, moved by ratings and the missed confirmation, too
  assert.equal(recompute(emp).score, score(emp));
  assert.equal(Number(sql(`SELECT credit FROM employers WHERE user_id = ${emp.user.id}`)[0][0]), score(emp));
});

test('employer restriction: below the threshold an employer cannot post or submit (403 credit_restricted saying why) until lifted; the score clamps at 0 and 100', async () => {
  const draft = await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(emp2), body: gigBody({ submit: false }) });
  assert.equal(draft.status, 201, draft.text);
  const r = await adjust(emp2, { delta: -45, reason: '多次发布虚假招聘信息' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.credit.score, 55);
  assert.equal(r.json.credit.restricted, true);
  assert.equal(r.json.credit.restricted_because.code, 'admin_adjust');
  assert.equal(r.json.credit.restricted_because.note, '多次发布虚假招聘信息');
  const post = await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(emp2), body: gigBody() });
  assertError(post, 403, 'credit_restricted');
  assertMatchesSpec('/api/v1/gigs', 'POST', post);
  assert.ok(post.json.error.message.includes('发布岗位') && post.json.error.message.includes('管理员调整'), post.json.error.message);
  const submit = await call(srv.url, 'POST', `/api/v1/gigs/${draft.json.gig.id}/submit`, tok(emp2));
  assertError(submit, 403, 'credit_restricted');
  assertMatchesSpec('/api/v1/gigs/{id}/submit', 'POST', submit);
  assert.equal(sql(`SELECT status FROM gigs WHERE id = ${draft.json.gig.id}`)[0][0], 'draft');
  assert.equal((await lift(emp2, { reason: '整改完成' })).status, 200);
  assert.equal((await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(emp2), body: gigBody() })).status, 201);
  // clamping: -100 from 55 is 0, +100 from 0 is 100; the deltas are kept as given
  assert.equal((await adjust(emp2, { delta: -100, reason: '测试下限' })).json.credit.score, 0);
  assert.equal((await adjust(emp2, { delta: 100, reason: '测试上限' })).json.credit.score, 100);
  assert.equal((await adjust(emp2, { delta: 1, reason: '测试上限' })).json.credit.score, 100);
  assert.equal(recompute(emp2).score, 100);
  assert.equal(Number(sql(`SELECT credit FROM employers WHERE user_id = ${emp2.user.id}`)[0][0]), 100);
});

test('POST .../credit/adjust and .../lift limits: delta -100..100 and not 0, reason 2..200, no unknown fields; lift of an unrestricted user 409', async () => {
  const u = await signIn(srv, uniq('crl'));
  makeWorker(u.user.id, { region: '450223100' });
  const bad = [[{ reason: '原因' }, 'missing_field'], [{ delta: 5 }, 'missing_field'], [{ delta: 0, reason: '原因' }, 'validation_failed'],
    [{ delta: 101, reason: '原因' }, 'validation_failed'], [{ delta: -101, reason: '原因' }, 'validation_failed'],
    [{ delta: 1.5, reason: '原因' }, 'validation_failed'], [{ delta: 5, reason: '原' }, 'validation_failed'],
    [{ delta: 5, reason: '原'.repeat(201) }, 'validation_failed'], [{ delta: 5, reason: '原因', score: 100 }, 'unknown_field']];
  for (const [body, code] of bad) assertError(await adjust(u, body), 400, code);
  assert.equal(sql(`SELECT COUNT(*) FROM credit_ledger WHERE user_id = ${u.user.id}`)[0][0], '0');
  assert.equal((await adjust(u, { delta: -100, reason: '原'.repeat(200) })).status, 200);
  assertError(await lift(u, { reason: '原' }), 400, 'validation_failed');
  assertError(await lift(u, { reason: '原因', restricted: false }), 400, 'unknown_field');
  assert.equal((await lift(u, { reason: '原'.repeat(200) })).status, 200);
  assertError(await lift(u, { reason: '原因' }), 409, 'state_conflict');
  // paging of the history
  const p = await call(srv.url, 'GET', '/api/v1/me/credit?page_size=1&page=1', tok(u));
  assert.equal(p.json.items.length, 1);
  assert.equal(p.json.total, 1);
  assertError(await call(srv.url, 'GET', '/api/v1/me/credit?page_size=101', tok(u)), 400, 'bad_query');
  const fresh = await signIn(srv, uniq('crz'));
  const z = await credit(fresh);
  assert.equal(z.status, 200);
  assert.deepEqual([z.json.credit.score, z.json.credit.restricted, z.json.total], [100, false, 0]);
});

test('BOLA: admin credit routes refuse user tokens (403) and admins of another region (404, nothing written); /me/credit is the caller\'s own', async () => {
  const before = sql(`SELECT COUNT(*) FROM credit_ledger WHERE user_id = ${worker.user.id}`)[0][0];
  for (const t of [worker.access_token, emp.access_token]) {
    assertError(await adminCredit(worker, t), 403, 'forbidden');
    assertError(await adjust(worker, { delta: 10, reason: '自己加分' }, t), 403, 'forbidden');
    assertError(await lift(worker, { reason: '自己解除' }, t), 403, 'forbidden');
  }
  assertError(await adminCredit(worker, otherAdminTok), 404, 'not_found');
  assertError(await adjust(worker, { delta: 10, reason: '越权调整' }, otherAdminTok), 404, 'not_found');
  assertError(await lift(worker, { reason: '越权解除' }, otherAdminTok), 404, 'not_found');
  assert.equal(sql(`SELECT COUNT(*) FROM credit_ledger WHERE user_id = ${worker.user.id}`)[0][0], before);
  assertError(await adminCredit({ user: { id: 999999999 } }), 404, 'not_found');
  const ok = await adminCredit(worker);
  assert.equal(ok.status, 200, ok.text);
  assertMatchesSpec('/api/v1/admin/users/{id}/credit', 'GET', ok);
  assert.equal(ok.json.user_id, worker.user.id);
  assertError(await call(srv.url, 'GET', '/api/v1/me/credit'), 401, 'unauthenticated');
  assertError(await call(srv.url, 'GET', '/api/v1/me/credit', { token: adminTok }), 403, 'forbidden');
  // a user without any profile region is seen only by whole-deployment admins
  const loose = await signIn(srv, uniq('crn'));
  assertError(await adminCredit(loose), 404, 'not_found');
});

test('configuration: CREDIT_RESTRICT_BELOW and CREDIT_STAR_DELTAS decide when restriction kicks in and what ratings are worth; a bad table stops start-up', async () => {
  await assert.rejects(startServer({ ...wx.env, CREDIT_STAR_DELTAS: '-6,-3,0,1' }), /CREDIT_STAR_DELTAS/);
  const strict = await startServer({ ...wx.env, CREDIT_RESTRICT_BELOW: '95', CREDIT_STAR_DELTAS: '-20,-3,0,1,3', TASK_INTERVAL_S: '3600' });
  try {
    const w = await signIn(strict, uniq('crs'));
    const g = await gig();
    const app = completedApp(g, w);
    for (const [who, stars] of [[w, 5], [emp, 1]]) {
      const r = await call(strict.url, 'POST', `/api/v1/applications/${app}/ratings`, { token: who.access_token, body: { stars } });
      assert.equal(r.status, 201, r.text);
    }
    const c = await call(strict.url, 'GET', '/api/v1/me/credit', { token: w.access_token });
    assert.equal(c.json.credit.score, 80);
    assert.equal(c.json.credit.threshold, 95);
    assert.equal(c.json.credit.restricted, true);
    assertError(await call(strict.url, 'POST', `/api/v1/gigs/${await gig()}/applications`, { token: w.access_token, body: {} }), 403, 'credit_restricted');
    // the employer got +3 for the 5 stars: still 100 at most, never restricted by a positive entry
    assert.equal(sql(`SELECT delta FROM credit_ledger WHERE user_id = ${emp.user.id} AND reason = 'rating_received' ORDER BY id DESC LIMIT 1`)[0][0], '3');
  } finally {
    await strict.stop();
  }
});
