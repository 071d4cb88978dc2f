// Two-way ratings (issue 7 item 1): POST /applications/{id}/ratings by each side after completion, the
// reveal rule (hidden until both rated — then both at once — or 7 days by the business clock, tested with a
// second linggongd whose CLOCK_OFFSET_S is past the 7 days), one rating per side (409), none before
// completion (409), text through the word filter (422), every limit at limit and limit+1, tags per
// direction, summaries (average, count, tag counts, 好评率) on GET /users/{id}/ratings, profiles and gigs,
// admins hiding a rating with a reason (region scoped, audited; hidden ratings drop out of averages and
// their credit effect is undone; the author still sees it), and BOLA for every route.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, sleep, assertMatchesSpec, assertError, signIn, makeEmployer, makeWorker,
  gigBody, at, createAdmin,
} = require('./lib');

const WEEK = 7 * 86400;
let wx, srv;
let emp, emp2, worker, worker2, stranger, adminTok, otherAdminTok, reviewerTok;
let gigId, gig2Id;

async function adminLogin(region, role = 'admin') {
  const password = 'Pw-' + uniq('x');
  const username = createAdmin({ password, role, region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}

before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', TASK_INTERVAL_S: '3600' });
  [emp, emp2, worker, worker2, stranger] = await Promise.all(['rte', 'rtf', 'rtw', 'rtx', 'rts'].map((p) => signIn(srv, uniq(p))));
  makeEmployer(emp.user.id, { name: '鹿寨县评价测试建筑队' });
  makeEmployer(emp2.user.id, { name: '新干县评价测试公司', region: '360824' });
  makeWorker(worker.user.id, { name: '韦建国', region: '450223100' });
  const g = await call(srv.url, 'POST', '/api/v1/gigs', { token: emp.access_token, body: gigBody() });
  assert.equal(g.status, 201, g.text);
  gigId = g.json.gig.id;
  const g2 = await call(srv.url, 'POST', '/api/v1/gigs', {
    token: emp2.access_token, body: gigBody({ region_code: '360824100', address: '新干县金川镇', lat: 27.74, lng: 115.39 }),
  });
  assert.equal(g2.status, 201, g2.text);
  gig2Id = g2.json.gig.id;
  adminTok = await adminLogin('450223');
  otherAdminTok = await adminLogin('360824');
  reviewerTok = await adminLogin('450223', 'reviewer');
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

// An application of who to gig in status (completed by default), written directly: the flow that leads
// there has its own tests; these test what comes after.
function application(gig, who, status = 'completed', employer = emp) {
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, completed_at, created_at, updated_at)
       VALUES (${gig}, ${who.user.id}, ${employer.user.id}, '${status}', 'apply', ${status === 'completed' ? 'NOW(3)' : 'NULL'}, NOW(3), NOW(3))`);
  return Number(sql(`SELECT id FROM applications WHERE gig_id = ${gig} AND worker_id = ${who.user.id}`)[0][0]);
}
// A fresh worker with a completed application to a fresh gig of emp.
async function completed(employer = emp) {
  const w = await signIn(srv, uniq('rtn'));
  const g = await call(srv.url, 'POST', '/api/v1/gigs', { token: employer.access_token, body: gigBody() });
  assert.equal(g.status, 201, g.text);
  return { w, app: application(g.json.gig.id, w, 'completed', employer), gig: g.json.gig.id };
}
const rate = (app, who, body) => call(srv.url, 'POST', `/api/v1/applications/${app}/ratings`, { token: who.access_token, body });
const pairOf = (app, who) => call(srv.url, 'GET', `/api/v1/applications/${app}/ratings`, { token: who.access_token });
const ratingsOf = (user, who, q = '') => call(srv.url, 'GET', `/api/v1/users/${user.user.id}/ratings${q}`, { token: who.access_token || who });
const ledger = (user, reason) => sql(`SELECT delta, score_after, object_type, object_id, role FROM credit_ledger
  WHERE user_id = ${user.user.id}${reason ? ` AND reason = '${reason}'` : ''} ORDER BY id`);

test('GET /api/v1/rating-tags lists both directions publicly; ?direction= filters; a bad direction is 400', async () => {
  const all = await call(srv.url, 'GET', '/api/v1/rating-tags');
  assert.equal(all.status, 200, all.text);
  assertMatchesSpec('/api/v1/rating-tags', 'GET', all);
  const names = (d) => all.json.items.filter((t) => t.direction === d).map((t) => t.name);
  for (const n of ['准时', '技术好', '吃苦耐劳', '态度好']) assert.ok(names('employer_to_worker').includes(n), n);
  for (const n of ['工资按时结', '环境安全', '态度好']) assert.ok(names('worker_to_employer').includes(n), n);
  const w = await call(srv.url, 'GET', '/api/v1/rating-tags?direction=worker_to_employer');
  assert.equal(w.status, 200);
  assert.ok(w.json.items.length > 0 && w.json.items.every((t) => t.direction === 'worker_to_employer'));
  assertError(await call(srv.url, 'GET', '/api/v1/rating-tags?direction=sideways'), 400, 'bad_query');
});

test('reveal rule: A rates, B cannot see it until B rates; then both are revealed at once and credited', async () => {
  const app = application(gigId, worker);
  const a = await rate(app, worker, { stars: 5, tags: ['工资按时结', '环境安全'], text: '老板实在，当天结清工资' });
  assert.equal(a.status, 201, a.text);
  assertMatchesSpec('/api/v1/applications/{id}/ratings', 'POST', a);
  const mine = a.json.rating;
  assert.equal(mine.direction, 'worker_to_employer');
  assert.equal(mine.subject_id, emp.user.id);
  assert.deepEqual(mine.tags, ['工资按时结', '环境安全']);
  assert.equal(mine.revealed, false);
  assert.equal(mine.hidden, false);
  assert.equal(mine.author.role, 'worker');
  assert.equal(mine.author.name, '韦**', 'the worker author is shown by surname only');

  // the employer sees that the worker rated, not what
  const eView = await pairOf(app, emp);
  assert.equal(eView.status, 200, eView.text);
  assertMatchesSpec('/api/v1/applications/{id}/ratings', 'GET', eView);
  assert.equal(eView.json.theirs, null);
  assert.equal(eView.json.theirs_submitted, true);
  assert.equal(eView.json.can_rate, true);
  assert.ok(!eView.text.includes('老板实在'));
  // nor does anyone else, nor the summary, nor the ledger
  const list = await ratingsOf(emp, stranger, '?role=employer');
  assert.equal(list.status, 200, list.text);
  assertMatchesSpec('/api/v1/users/{id}/ratings', 'GET', list);
  assert.equal(list.json.total, 0);
  assert.equal(list.json.summary.employer.count, 0);
  assert.equal(list.json.summary.employer.average, null);
  assert.equal(ledger(emp, 'rating_received').length, 0, 'no credit entry before the reveal');
  // the author sees their own
  const own = await ratingsOf(emp, worker);
  assert.equal(own.json.total, 1);
  assert.equal(own.json.items[0].revealed, false);
  const wView = await pairOf(app, worker);
  assert.equal(wView.json.mine.id, mine.id);
  assert.equal(wView.json.theirs_submitted, false);
  assert.equal(wView.json.can_rate, false);

  // B rates: both revealed, both credited once
  const b = await rate(app, emp, { stars: 4, tags: ['准时', '吃苦耐劳'], text: '干活麻利' });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.rating.revealed, true);
  assert.equal(b.json.rating.author.name, '鹿寨县评价测试建筑队');
  const after = await pairOf(app, emp);
  assert.equal(after.json.theirs.id, mine.id);
  assert.equal(after.json.theirs.text, '老板实在，当天结清工资');
  assert.equal(after.json.theirs.hidden, undefined, 'the subject is not told about moderation fields');
  const pub = await ratingsOf(emp, stranger, '?role=employer');
  assert.equal(pub.json.total, 1);
  assert.equal(pub.json.summary.employer.count, 1);
  assert.equal(pub.json.summary.employer.average, 5);
  assert.equal(pub.json.summary.employer.positive_rate, 100);
  assert.deepEqual(pub.json.summary.employer.stars, [0, 0, 0, 0, 1]);
  assert.deepEqual(pub.json.summary.employer.tags.map((t) => [t.name, t.count]).sort(), [['工资按时结', 1], ['环境安全', 1]]);
  assert.equal(pub.json.items[0].author_id, undefined, 'users are not told the author id');
  const wl = await ratingsOf(worker, stranger, '?role=worker');
  assert.equal(wl.json.summary.worker.count, 1);
  assert.equal(wl.json.summary.worker.average, 4);
  assert.deepEqual(ledger(emp, 'rating_received').map((r) => [r[0], r[2], r[3], r[4]]), [['2', 'rating', String(mine.id), 'employer']]);
  assert.deepEqual(ledger(worker, 'rating_received').map((r) => [r[0], r[2], r[4]]), [['1', 'rating', 'worker']]);
});

test('POST .../ratings a second time by the same side answers 409 already_exists and writes nothing', async () => {
  const { w, app } = await completed();
  assert.equal((await rate(app, w, { stars: 3 })).status, 201);
  const again = await rate(app, w, { stars: 5, text: '改一下' });
  assertError(again, 409, 'already_exists');
  assertMatchesSpec('/api/v1/applications/{id}/ratings', 'POST', again);
  assert.equal(sql(`SELECT COUNT(*), MIN(stars) FROM ratings WHERE application_id = ${app}`)[0].join(), '1,3');
  // the other side still can, once
  assert.equal((await rate(app, emp, { stars: 4 })).status, 201);
  assertError(await rate(app, emp, { stars: 4 }), 409, 'already_exists');
});

test('POST .../ratings before completion answers 409 state_conflict naming the state, in every earlier state', async () => {
  for (const status of ['applied', 'accepted', 'rejected', 'withdrawn', 'cancelled', 'no_show']) {
    const w = await signIn(srv, uniq('rtb'));
    const app = application(gigId, w, status);
    const r = await rate(app, w, { stars: 5 });
    assertError(r, 409, 'state_conflict');
    assertMatchesSpec('/api/v1/applications/{id}/ratings', 'POST', r);
    assertError(await rate(app, emp, { stars: 1 }), 409, 'state_conflict');
    assert.equal(sql(`SELECT COUNT(*) FROM ratings WHERE application_id = ${app}`)[0][0], '0');
  }
  const w = await signIn(srv, uniq('rtb'));
  const app = application(gigId, w, 'accepted');
  const r = await rate(app, w, { stars: 5 });
  assert.ok(r.json.error.message.includes('已录用'), r.json.error.message);
  assert.equal((await pairOf(app, w)).json.can_rate, false);
});

test('POST .../ratings whose text carries a blocked word answers 422 content_rejected and stores nothing', async () => {
  const { w, app } = await completed();
  const r = await rate(app, w, { stars: 1, text: '这个老板让人先交押金才给活干' });
  assertError(r, 422, 'content_rejected');
  assertMatchesSpec('/api/v1/applications/{id}/ratings', 'POST', r);
  assert.equal(r.json.error.field, 'text');
  assert.equal(sql(`SELECT COUNT(*) FROM ratings WHERE application_id = ${app}`)[0][0], '0');
  // a mask word is stored starred
  const m = await rate(app, w, { stars: 2, text: '工头是个傻逼' });
  assert.equal(m.status, 201, m.text);
  assert.ok(!m.json.rating.text.includes('傻逼') && m.json.rating.text.includes('**'), m.json.rating.text);
});

test('POST .../ratings limits: stars 1..5, text 300 characters, 5 tags of up to 16 from the own direction, no repeats, no unknown fields', async () => {
  const { w, app } = await completed();
  const bad = [
    [{}, 'missing_field'], [{ stars: 0 }, 'validation_failed'], [{ stars: 6 }, 'validation_failed'], [{ stars: 4.5 }, 'validation_failed'],
    [{ stars: 5, text: '好'.repeat(301) }, 'validation_failed'],
    [{ stars: 5, tags: ['工资按时结', '环境安全', '态度好', '描述属实', '安排合理', '管饭'] }, 'validation_failed'],
    [{ stars: 5, tags: ['好'.repeat(17)] }, 'validation_failed'], [{ stars: 5, tags: [''] }, 'validation_failed'],
    [{ stars: 5, tags: ['态度好', '态度好'] }, 'validation_failed'], [{ stars: 5, tags: [3] }, 'validation_failed'],
    [{ stars: 5, tags: ['吃苦耐劳'] }, 'validation_failed'], // the employer-to-worker list: not the worker's
    [{ stars: 5, tags: ['好'.repeat(16)] }, 'validation_failed'], // 16 characters is allowed, but not a known tag
    [{ stars: 5, tags: '态度好' }, 'validation_failed'],
    [{ stars: 5, hidden: false }, 'unknown_field'], [{ stars: 5, subject_id: 1 }, 'unknown_field'],
  ];
  for (const [body, code] of bad) assertError(await rate(app, w, body), 400, code);
  assert.equal(sql(`SELECT COUNT(*) FROM ratings WHERE application_id = ${app}`)[0][0], '0');
  const ok = await rate(app, w, { stars: 5, tags: ['工资按时结', '环境安全', '态度好', '描述属实', '安排合理'], text: '好'.repeat(300) });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.rating.tags.length, 5);
  assert.equal(ok.json.rating.text.length, 300);
  const e = await rate(app, emp, { stars: 1, tags: [], text: '' });
  assert.equal(e.status, 201, e.text);
  assert.equal(e.json.rating.text, null);
  assert.deepEqual(e.json.rating.tags, []);
});

test('summaries: GET /me/worker, GET /me/employer and GET /gigs/{id} carry the rating summary (average, count, 好评率)', async () => {
  const w = await call(srv.url, 'GET', '/api/v1/me/worker', { token: worker.access_token });
  assert.equal(w.status, 200, w.text);
  assertMatchesSpec('/api/v1/me/worker', 'GET', w);
  assert.equal(w.json.worker.rating.count, 1);
  assert.equal(w.json.worker.rating.average, 4);
  const e = await call(srv.url, 'GET', '/api/v1/me/employer', { token: emp.access_token });
  assert.equal(e.status, 200, e.text);
  assertMatchesSpec('/api/v1/me/employer', 'GET', e);
  const g = await call(srv.url, 'GET', `/api/v1/gigs/${gigId}`);
  assert.equal(g.status, 200, g.text);
  assertMatchesSpec('/api/v1/gigs/{id}', 'GET', g);
  assert.deepEqual(g.json.gig.employer.rating, e.json.employer.rating);
  assert.ok(g.json.gig.employer.rating.count >= 1);
  // 4.5 average of 5 and 4 rounds to one decimal; 好评率 counts 4 and 5 stars
  const { w: w2, app } = await completed(emp2);
  await rate(app, w2, { stars: 2 });
  await rate(app, emp2, { stars: 5 });
  const { w: w3, app: app3 } = await completed(emp2);
  await rate(app3, w3, { stars: 5 });
  await rate(app3, emp2, { stars: 5 });
  const s = (await ratingsOf(emp2, stranger, '?role=employer')).json.summary.employer;
  assert.equal(s.count, 2);
  assert.equal(s.average, 3.5);
  assert.equal(s.positive_rate, 50);
  assert.deepEqual(s.stars, [0, 1, 0, 0, 1]);
});

test('POST /api/v1/admin/ratings/{id}/hide: hidden ratings drop out of lists and averages, the author sees why, the credit effect is undone, audited', async () => {
  const { w, app } = await completed();
  const mine = (await rate(app, w, { stars: 1, text: '不太满意' })).json.rating;
  await rate(app, emp, { stars: 5 });
  const before = (await ratingsOf(emp, stranger, '?role=employer')).json;
  assert.ok(before.items.some((x) => x.id === mine.id));
  const scoreBefore = Number(sql(`SELECT score FROM credit_scores WHERE user_id = ${emp.user.id}`)[0][0]);
  assert.deepEqual(ledger(emp, 'rating_received').filter((r) => r[3] === String(mine.id)).map((r) => r[0]), ['-6']);

  // outside the region: 404 and a denied audit row; a worker's token: 403
  assertError(await call(srv.url, 'POST', `/api/v1/admin/ratings/${mine.id}/hide`, { token: otherAdminTok, body: { reason: '言辞不当' } }), 404, 'not_found');
  assertError(await call(srv.url, 'POST', `/api/v1/admin/ratings/${mine.id}/hide`, { token: emp.access_token, body: { reason: '言辞不当' } }), 403, 'forbidden');
  assert.equal(sql(`SELECT hidden FROM ratings WHERE id = ${mine.id}`)[0][0], '0');
  assertError(await call(srv.url, 'POST', `/api/v1/admin/ratings/${mine.id}/hide`, { token: adminTok, body: { reason: '言' } }), 400, 'validation_failed');
  assertError(await call(srv.url, 'POST', `/api/v1/admin/ratings/${mine.id}/hide`, { token: adminTok, body: { reason: '言'.repeat(201) } }), 400, 'validation_failed');

  const h = await call(srv.url, 'POST', `/api/v1/admin/ratings/${mine.id}/hide`, { token: reviewerTok, body: { reason: '含有人身攻击' } });
  assert.equal(h.status, 200, h.text);
  assertMatchesSpec('/api/v1/admin/ratings/{id}/hide', 'POST', h);
  assert.equal(h.json.rating.hidden, true);
  assert.equal(h.json.rating.hidden_reason, '含有人身攻击');
  assertError(await call(srv.url, 'POST', `/api/v1/admin/ratings/${mine.id}/hide`, { token: adminTok, body: { reason: '再次隐藏' } }), 409, 'state_conflict');
  assert.deepEqual(sql(`SELECT result, role FROM audit_log WHERE action = 'rating.hide' AND object_id = '${mine.id}' ORDER BY id`),
    [['denied', 'admin'], ['ok', 'reviewer'], ['failed', 'admin']]);

  const after = (await ratingsOf(emp, stranger, '?role=employer')).json;
  assert.ok(!after.items.some((x) => x.id === mine.id), 'others no longer see it');
  assert.equal(after.total, before.total - 1);
  assert.equal(after.summary.employer.count, before.summary.employer.count - 1);
  assert.ok(after.summary.employer.average > before.summary.employer.average, 'the 1-star rating left the average');
  // the author still sees it, marked hidden with the reason
  const own = (await ratingsOf(emp, w)).json.items.find((x) => x.id === mine.id);
  assert.equal(own.hidden, true);
  assert.equal(own.hidden_reason, '含有人身攻击');
  assert.equal((await pairOf(app, w)).json.mine.hidden, true);
  assert.equal((await pairOf(app, emp)).json.theirs, null, 'the subject no longer sees it');
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${w.user.id} AND kind = 'rating_hidden'`)[0][0], '1');
  // the -6 is undone by an admin_adjust entry for the same rating
  assert.deepEqual(sql(`SELECT delta FROM credit_ledger WHERE user_id = ${emp.user.id} AND reason = 'admin_adjust' AND object_type = 'rating' AND object_id = ${mine.id}`), [['6']]);
  assert.equal(Number(sql(`SELECT score FROM credit_scores WHERE user_id = ${emp.user.id}`)[0][0]), Math.min(100, scoreBefore + 6));

  // the admin list: region scoped, hidden filter
  const list = await call(srv.url, 'GET', '/api/v1/admin/ratings?hidden=1', { token: adminTok });
  assert.equal(list.status, 200, list.text);
  assertMatchesSpec('/api/v1/admin/ratings', 'GET', list);
  assert.ok(list.json.items.some((x) => x.id === mine.id && x.author_id === w.user.id));
  assert.ok(list.json.items.every((x) => x.hidden && x.region_code.startsWith('450223')));
  const other = await call(srv.url, 'GET', '/api/v1/admin/ratings', { token: otherAdminTok });
  assert.ok(other.json.items.every((x) => x.region_code.startsWith('360824')));
  assert.ok(!other.json.items.some((x) => x.id === mine.id));
  assertError(await call(srv.url, 'GET', '/api/v1/admin/ratings?hidden=2', { token: adminTok }), 400, 'bad_query');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/ratings', { token: emp.access_token }), 403, 'forbidden');
});

test('BOLA: strangers cannot rate or read an application\'s ratings (404); blocked pairs do not see each other\'s ratings page (404)', async () => {
  const { w, app } = await completed();
  assertError(await rate(app, stranger, { stars: 1 }), 404, 'not_found');
  assertError(await rate(app, emp2, { stars: 1 }), 404, 'not_found');
  assertError(await pairOf(app, stranger), 404, 'not_found');
  assertError(await rate(999999999, w, { stars: 1 }), 404, 'not_found');
  assert.equal(sql(`SELECT COUNT(*) FROM ratings WHERE application_id = ${app}`)[0][0], '0');
  assertError(await call(srv.url, 'POST', `/api/v1/applications/${app}/ratings`, { body: { stars: 1 } }), 401, 'unauthenticated');
  assertError(await call(srv.url, 'POST', `/api/v1/applications/${app}/ratings`, { token: adminTok, body: { stars: 1 } }), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', `/api/v1/users/${emp.user.id}/ratings`), 401, 'unauthenticated');
  assertError(await ratingsOf({ user: { id: 999999999 } }, stranger), 404, 'not_found');
  assertError(await ratingsOf(emp, stranger, '?role=boss'), 400, 'bad_query');
  // a block (either side created it) hides the ratings page both ways; a block does not stop rating
  const blk = await call(srv.url, 'POST', '/api/v1/me/blocks', { token: w.access_token, body: { user_id: emp.user.id } });
  assert.equal(blk.status, 201, blk.text);
  assertError(await ratingsOf(emp, w), 404, 'not_found');
  assertError(await ratingsOf(w, emp), 404, 'not_found');
  assert.equal((await rate(app, w, { stars: 2 })).status, 201);
  // admins read any user's ratings page, with the author ids
  const adm = await call(srv.url, 'GET', `/api/v1/users/${emp.user.id}/ratings`, { token: adminTok });
  assert.equal(adm.status, 200, adm.text);
  assert.ok(adm.json.items.every((x) => typeof x.author_id === 'number'));
});

test('reveal after 7 days: a one-sided rating stays hidden before the week is out and is revealed and credited after (CLOCK_OFFSET_S)', async () => {
  const { w, app } = await completed();
  const mine = (await rate(app, w, { stars: 1, tags: ['拖欠工资'], text: '工资拖了一周' })).json.rating;
  assert.equal(mine.revealed, false);
  const revealAt = Date.parse(mine.reveal_at);
  assert.ok(Math.abs(revealAt - (Date.parse(mine.created_at) + WEEK * 1000)) <= 1000, `${mine.reveal_at} vs ${mine.created_at}`);
  // an hour short of the week: still hidden, no credit entry (the periodic pass runs at start)
  const early = await startServer({ ...wx.env, CLOCK_OFFSET_S: String(WEEK - 3600), TASK_INTERVAL_S: '3600' });
  try {
    const r = await call(early.url, 'GET', `/api/v1/users/${emp.user.id}/ratings`, { token: stranger.access_token });
    assert.equal(r.status, 200);
    assert.ok(!r.json.items.some((x) => x.id === mine.id));
  } finally {
    await early.stop();
  }
  assert.equal(sql(`SELECT COUNT(*) FROM credit_ledger WHERE reason = 'rating_received' AND object_id = ${mine.id}`)[0][0], '0');
  // a minute past the week: revealed to everyone, and the pass writes the credit entry once
  const late = await startServer({ ...wx.env, CLOCK_OFFSET_S: String(WEEK + 60), TASK_INTERVAL_S: '1' });
  try {
    const r = await call(late.url, 'GET', `/api/v1/users/${emp.user.id}/ratings?role=employer`, { token: stranger.access_token });
    assert.equal(r.status, 200, r.text);
    const seen = r.json.items.find((x) => x.id === mine.id);
    assert.ok(seen, 'revealed after 7 days');
    assert.equal(seen.revealed, true);
    assert.equal(seen.text, '工资拖了一周');
    const p = await call(late.url, 'GET', `/api/v1/applications/${app}/ratings`, { token: emp.access_token });
    assert.equal(p.json.theirs.id, mine.id);
    const deadline = Date.now() + 10000;
    while (sql(`SELECT COUNT(*) FROM credit_ledger WHERE reason = 'rating_received' AND object_id = ${mine.id}`)[0][0] === '0') {
      assert.ok(Date.now() < deadline, 'the reveal pass did not credit the rating');
      await sleep(200);
    }
    await sleep(1500); // another pass: nothing is written twice
    assert.deepEqual(sql(`SELECT user_id, delta FROM credit_ledger WHERE reason = 'rating_received' AND object_id = ${mine.id}`),
      [[String(emp.user.id), '-6']]);
    assert.notEqual(sql(`SELECT credited_at FROM ratings WHERE id = ${mine.id}`)[0][0], 'NULL');
  } finally {
    await late.stop();
  }
  // the server on the real clock still shows it hidden: the rule is the business clock's
  const now = await ratingsOf(emp, stranger);
  assert.ok(!now.json.items.some((x) => x.id === mine.id));
});
