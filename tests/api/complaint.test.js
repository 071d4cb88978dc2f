// Complaints 诉求 (issue 7 item 4): filing with images against someone the complainant dealt with (BOLA:
// no one else's application, upload or stranger), who reads a complaint (complainant and admins of its
// region, never the respondent), the bureau's steps accept → handle → resolve | reject through the fsm with
// history, audit and a notification at each step (409 otherwise), upheld → a credit-ledger entry for the
// respondent and, for false_info, the gig taken down; region-scoped admin lists; and SLA escalation to the
// parent region exactly once with two linggongd nodes running the task. Flooding (issue 13): one open
// complaint per matter (409 complaint_open naming it) and COMPLAINT_DAILY_MAX filings per user per 24 h (429).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, sleep, assertMatchesSpec, assertError, signIn, createAdmin, publishGig,
  applyTo, gigBody,
} = require('./lib');
const { fixture } = require('./images');

let wx, srv;
let employer, worker, worker2, stranger, gig, app, app2;
let county, city, otherCounty, reviewer;
before(async () => {
  wx = await startWechat();
  // the daily limit has its own server and test below; here the tests file many complaints per user
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_UPLOAD_PER_MIN: '100000', TASK_INTERVAL_S: '3600',
    COMPLAINT_DAILY_MAX: '1000' });
  [employer, worker, worker2, stranger] = await Promise.all(['cpe', 'cpw', 'cpv', 'cps'].map((p) => signIn(srv, uniq(p))));
  gig = await publishGig(srv, employer);
  const a = await applyTo(srv, worker, gig);
  assert.equal(a.status, 201, a.text);
  app = a.json.application.id;
  const b = await applyTo(srv, worker2, gig);
  assert.equal(b.status, 201, b.text);
  app2 = b.json.application.id;
  [county, city, otherCounty, reviewer] = await Promise.all([
    adminToken('admin', '450223'), adminToken('admin', '450200'), adminToken('admin', '360824'), adminToken('reviewer', '450223'),
  ]);
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

async function adminToken(role, region) {
  const password = `pw-${uniq('c')}`;
  const username = createAdmin({ password, role, region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return { access_token: r.json.access_token, id: Number(sql(`SELECT id FROM admin_users WHERE username = '${username}'`)[0][0]) };
}
async function image(who) {
  const r = await call(srv.url, 'POST', '/api/v1/uploads', { token: who.access_token, body: fixture('photo.jpg'), headers: { 'content-type': 'image/jpeg' } });
  assert.equal(r.status, 201, r.text);
  return r.json.upload.id;
}
const file = (who, body, headers = {}) => call(srv.url, 'POST', '/api/v1/complaints', { token: who.access_token, body, headers });
const get = (who, id) => call(srv.url, 'GET', `/api/v1/complaints/${id}`, { token: who.access_token });
const step = (who, id, verb, body) => call(srv.url, 'POST', `/api/v1/admin/complaints/${id}/${verb}`, { token: who.access_token, body });
const count = (q) => Number(sql(q)[0][0]);
const TEXT = '老板说先交 500 元押金才给结算，加他微信 abc123 私聊，三天的工资到现在没结';
// A complaint of who against the employer, about a gig of its own (one open complaint per matter: respondent,
// category and gig).
async function filed(who = worker, over = {}) {
  const g = await publishGig(srv, employer);
  const a = await applyTo(srv, who, g);
  assert.equal(a.status, 201, a.text);
  const r = await file(who, { category: 'unpaid_wage', respondent_id: employer.user.id, application_id: a.json.application.id, text: TEXT, ...over });
  assert.equal(r.status, 201, r.text);
  return r.json.complaint;
}

test('POST /api/v1/complaints by the worker against the employer of their application, with images, per openapi.json', async () => {
  const images = [await image(worker), await image(worker)];
  const t0 = Date.now();
  const r = await file(worker, { category: 'unpaid_wage', respondent_id: employer.user.id, application_id: app, text: TEXT, image_ids: images });
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/complaints', 'POST', r);
  const c = r.json.complaint;
  assert.equal(c.status, 'submitted');
  assert.equal(c.category, 'unpaid_wage');
  assert.equal(c.respondent_id, employer.user.id);
  assert.equal(c.application_id, app);
  assert.deepEqual(c.gig, { id: gig.id, title: gig.title });
  // the text is evidence: stored and shown exactly as written, not word-filtered or masked
  assert.equal(c.text, TEXT);
  assert.deepEqual(c.images.map((i) => i.id), images);
  assert.equal(c.images[0].url, `/api/v1/uploads/${images[0]}`);
  assert.deepEqual(c.history.map((h) => [h.actor, h.from, h.to]), [['user', null, 'submitted']]);
  assert.equal(c.escalated, false);
  assert.equal(c.complainant_id, undefined, 'the complainant view has no admin fields');
  // 3 working days: due after at least 3 and at most 5 calendar days (weekends skipped)
  const due = Date.parse(c.sla_due_at);
  assert.ok(due > t0 + 3 * 86400e3 - 86400e3 && due <= t0 + 6 * 86400e3, c.sla_due_at);
  assert.deepEqual(sql(`SELECT region_code, source, escalated_at IS NULL FROM complaints WHERE id = ${c.id}`), [['450223', 'user', '1']]);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${worker.user.id} AND kind = 'complaint_submitted' AND object_id = ${c.id}`), 1);

  const g = await get(worker, c.id);
  assert.equal(g.status, 200);
  assertMatchesSpec('/api/v1/complaints/{id}', 'GET', g);
  assert.deepEqual(g.json, r.json);
  const mine = await call(srv.url, 'GET', '/api/v1/me/complaints?page_size=100', { token: worker.access_token });
  assert.equal(mine.status, 200);
  assertMatchesSpec('/api/v1/me/complaints', 'GET', mine);
  const item = mine.json.items.find((i) => i.id === c.id);
  assert.ok(item, 'listed in /me/complaints');
  assert.deepEqual(item.history.map((h) => h.to), ['submitted']);
});

test('POST /api/v1/complaints limits: text 1000 ok and 1001 → 400, 7 images → 400, unknown fields, bad category, self, unknown respondent', async () => {
  const ok = await file(worker, { category: 'other', respondent_id: employer.user.id, text: '工'.repeat(1000) });
  assert.equal(ok.status, 201, ok.text);
  const base = { category: 'other', respondent_id: employer.user.id, text: '工资没有按约定结算' };
  const r = await file(worker, { ...base, text: '工'.repeat(1001) });
  assertError(r, 400, 'validation_failed');
  assert.equal(r.json.error.field, 'text');
  assertError(await file(worker, { ...base, text: '四个字呀' }), 400, 'validation_failed');
  const seven = await Promise.all(Array.from({ length: 7 }, () => image(worker)));
  const many = await file(worker, { ...base, image_ids: seven });
  assertError(many, 400, 'validation_failed');
  assert.equal(many.json.error.field, 'image_ids');
  assertError(await file(worker, { ...base, image_ids: [seven[0], seven[0]] }), 400, 'validation_failed');
  assertError(await file(worker, { ...base, image_ids: ['1'] }), 400, 'validation_failed');
  assertError(await file(worker, { ...base, status: 'resolved' }), 400, 'unknown_field');
  assertError(await file(worker, { ...base, category: 'fraud' }), 400, 'validation_failed');
  assertError(await file(worker, { ...base, respondent_id: worker.user.id }), 400, 'validation_failed');
  assertError(await file(worker, { ...base, respondent_id: 999999999 }), 404, 'not_found');
  assertError(await file(worker, { category: 'other', respondent_id: employer.user.id }), 400, 'missing_field');
});

test('POST /api/v1/complaints: the same matter again while one is open → 409 complaint_open naming it (accepted too); another category, another respondent of the gig, another complainant, or once it is closed → 201', async () => {
  const [e, w, w2] = await Promise.all(['cde', 'cdw', 'cdv'].map((p) => signIn(srv, uniq(p))));
  const g = await publishGig(srv, e);
  const [a, b] = await Promise.all([applyTo(srv, w, g), applyTo(srv, w2, g)]);
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  const mine = () => count(`SELECT COUNT(*) FROM complaints WHERE complainant_id = ${w.user.id}`);
  const body = { category: 'unpaid_wage', respondent_id: e.user.id, application_id: a.json.application.id, text: TEXT };
  const first = await file(w, body);
  assert.equal(first.status, 201, first.text);
  const id = first.json.complaint.id;
  const again = await file(w, body);
  assertError(again, 409, 'complaint_open');
  assertMatchesSpec('/api/v1/complaints', 'POST', again);
  assert.ok(again.json.error.message.includes(`编号 ${id}`) && again.json.error.message.includes('拖欠工资') && again.json.error.message.includes('已提交'),
    again.json.error.message);
  // naming the gig instead of the application, or no gig at all, is still the same matter
  assertError(await file(w, { category: 'unpaid_wage', respondent_id: e.user.id, gig_id: g.id, text: '同一个岗位的工资还是没有结算' }), 409, 'complaint_open');
  assertError(await file(w, { category: 'unpaid_wage', respondent_id: e.user.id, text: '老板一直拖着工资不给' }), 409, 'complaint_open');
  assert.equal(mine(), 1, 'nothing more was written');
  // another category about the same gig is another matter
  const safety = await file(w, { ...body, category: 'safety', text: '工地脚手架没有护栏，也不发安全帽' });
  assert.equal(safety.status, 201, safety.text);
  // another complainant about the same employer and gig: every unpaid worker may complain
  const theirs = await file(w2, { ...body, application_id: b.json.application.id });
  assert.equal(theirs.status, 201, theirs.text);
  // the employer complaining about two workers of one gig in one category: two matters
  const emp = (who) => file(e, { category: 'other', respondent_id: who.user.id, gig_id: g.id, text: '录用后无故不到岗也不联系' });
  assert.equal((await emp(w)).status, 201);
  assert.equal((await emp(w2)).status, 201);
  assertError(await emp(w), 409, 'complaint_open');
  // still open once the bureau accepted it; closed (rejected) it no longer blocks
  assert.equal((await step(county, id, 'accept')).status, 200);
  const accepted = await file(w, body);
  assertError(accepted, 409, 'complaint_open');
  assert.ok(accepted.json.error.message.includes('已受理'), accepted.json.error.message);
  assert.equal((await step(county, id, 'handle', { note: '电话核实' })).status, 200);
  assertError(await file(w, body), 409, 'complaint_open');
  assert.equal((await step(county, id, 'reject', { reason: '双方已协商结清' })).status, 200);
  const anew = await file(w, body);
  assert.equal(anew.status, 201, anew.text);
  assert.notEqual(anew.json.complaint.id, id);
  // resolved likewise
  const id2 = anew.json.complaint.id;
  for (const [verb, bd] of [['accept'], ['handle', { note: '核实' }], ['resolve', { upheld: false, note: '证据不足' }]]) {
    assert.equal((await step(county, id2, verb, bd)).status, 200, verb);
  }
  assert.equal((await file(w, body)).status, 201);
});

test('POST /api/v1/complaints: the same complaint sent 4 times at once is filed once (3 × 409)', async () => {
  const [e, w] = await Promise.all(['cce', 'ccw'].map((p) => signIn(srv, uniq(p))));
  const g = await publishGig(srv, e);
  const a = await applyTo(srv, w, g);
  assert.equal(a.status, 201, a.text);
  const body = { category: 'fee_demanded', respondent_id: e.user.id, application_id: a.json.application.id, text: TEXT };
  const rs = await Promise.all(Array.from({ length: 4 }, () => file(w, body)));
  assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409, 409], rs.map((r) => r.text).join('\n'));
  assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE complainant_id = ${w.user.id}`), 1);
});

test('POST /api/v1/complaints: COMPLAINT_DAILY_MAX (default 5) per user per 24 h — the 5th is filed, the 6th is 429 with Retry-After, also when sent at once; older filings and dispute complaints do not count', async () => {
  const s = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', TASK_INTERVAL_S: '3600' });
  try {
    const [e, w, v, u] = await Promise.all(['cle', 'clw', 'clv', 'clu'].map((p) => signIn(s, uniq(p))));
    const g = await publishGig(s, e);
    const apps = {};
    for (const who of [w, v, u]) {
      const a = await applyTo(s, who, g);
      assert.equal(a.status, 201, a.text);
      apps[who.user.id] = a.json.application.id;
    }
    const cats = ['unpaid_wage', 'false_info', 'safety', 'discrimination', 'fee_demanded', 'other'];
    const fileAs = (who, category) => call(s.url, 'POST', '/api/v1/complaints', { token: who.access_token,
      body: { category, respondent_id: e.user.id, application_id: apps[who.user.id], text: TEXT } });
    const filedBy = (who) => count(`SELECT COUNT(*) FROM complaints WHERE complainant_id = ${who.user.id}`);
    for (let i = 0; i < 5; i++) {
      const r = await fileAs(w, cats[i]);
      assert.equal(r.status, 201, `filing ${i + 1}: ${r.text}`);
    }
    const sixth = await fileAs(w, cats[5]);
    assertError(sixth, 429, 'rate_limited');
    assertMatchesSpec('/api/v1/complaints', 'POST', sixth);
    assert.ok(sixth.json.error.message.includes('24 小时内最多提交 5 条诉求'), sixth.json.error.message);
    const retry = Number(sixth.headers.get('retry-after'));
    assert.ok(retry >= 86400 - 120 && retry <= 86400, `Retry-After ${retry}: when the oldest filing leaves the window`);
    assert.equal(filedBy(w), 5);
    // the window rolls: a filing 24 h old no longer counts
    sql(`UPDATE complaints SET created_at = NOW(3) - INTERVAL 86401 SECOND WHERE complainant_id = ${w.user.id} ORDER BY id LIMIT 1`);
    const later = await fileAs(w, cats[5]);
    assert.equal(later.status, 201, later.text);
    assert.equal(filedBy(w), 6);
    // complaints the system opened for v (settlement disputes) are not v's filings
    sql(`INSERT INTO complaints (complainant_id, respondent_id, category, text, source, region_code, status, sla_due_at, created_at, updated_at)
         VALUES ${Array.from({ length: 5 }, () => `(${v.user.id}, ${e.user.id}, 'unpaid_wage', '结算争议', 'system', '450223', 'rejected', UTC_TIMESTAMP(), NOW(3), NOW(3))`).join(',')}`);
    const mineV = await fileAs(v, 'other');
    assert.equal(mineV.status, 201, mineV.text);
    // six at once (six categories, so none is a duplicate): exactly five are filed
    const rs = await Promise.all(cats.map((c) => fileAs(u, c)));
    assert.deepEqual(rs.map((r) => r.status).sort(), [201, 201, 201, 201, 201, 429], rs.map((r) => r.text).join('\n'));
    assert.equal(filedBy(u), 5);
  } finally {
    await s.stop();
  }
});

test('BOLA on POST /api/v1/complaints: no one else\'s application (404) or upload (403), no stranger without a gig (403); a public gig can be reported by anyone', async () => {
  const before = count('SELECT COUNT(*) FROM complaints');
  // worker names worker2's application
  const other = await file(worker, { category: 'unpaid_wage', respondent_id: employer.user.id, application_id: app2, text: TEXT });
  assertError(other, 404, 'not_found');
  assert.equal(other.json.error.field, 'application_id');
  // their own application, but the respondent is not its other party
  assertError(await file(worker, { category: 'other', respondent_id: stranger.user.id, application_id: app, text: TEXT }), 400, 'validation_failed');
  // worker2's upload attached by worker
  const theirs = await image(worker2);
  const img = await file(worker, { category: 'other', respondent_id: employer.user.id, application_id: app, text: TEXT, image_ids: [theirs] });
  assertError(img, 403, 'forbidden');
  assert.equal(img.json.error.field, 'image_ids');
  assertError(await file(worker, { category: 'other', respondent_id: employer.user.id, text: TEXT, image_ids: [999999999] }), 404, 'not_found');
  // a stranger who never dealt with the employer, naming no gig
  assertError(await file(stranger, { category: 'other', respondent_id: employer.user.id, text: TEXT }), 403, 'forbidden');
  // a stranger naming the employer's gig but a worker as respondent
  assertError(await file(stranger, { category: 'false_info', respondent_id: worker.user.id, gig_id: gig.id, text: TEXT }), 400, 'validation_failed');
  // the employer reporting someone who never applied to the gig
  assertError(await file(employer, { category: 'other', respondent_id: stranger.user.id, gig_id: gig.id, text: TEXT }), 400, 'validation_failed');
  // an unpublished gig is as if it did not exist for a stranger
  const draft = await call(srv.url, 'POST', '/api/v1/gigs', { token: employer.access_token, body: { ...gigBody(), submit: false } });
  assert.equal(draft.status, 201, draft.text);
  assert.equal(draft.json.gig.status, 'draft');
  assertError(await file(stranger, { category: 'false_info', respondent_id: employer.user.id, gig_id: draft.json.gig.id, text: TEXT }), 404, 'not_found');
  assert.equal(count('SELECT COUNT(*) FROM complaints'), before, 'nothing was written');
  // a published gig is public: anyone may report it as false information
  const report = await file(stranger, { category: 'false_info', respondent_id: employer.user.id, gig_id: gig.id, text: '这个岗位是假的，电话打过去要先交培训费' });
  assert.equal(report.status, 201, report.text);
  // and the employer may complain about a worker who applied to their gig
  const emp = await file(employer, { category: 'other', respondent_id: worker.user.id, gig_id: gig.id, text: '录用后无故不到岗也不联系' });
  assert.equal(emp.status, 201, emp.text);
});

test('BOLA on reads: the respondent and strangers get 404; admins of the region 200 with more fields, other counties 404, reviewers 403; images likewise', async () => {
  const img = await image(worker);
  const c = await filed(worker, { category: 'safety', image_ids: [img] });
  for (const who of [employer, stranger, worker2]) assertError(await get(who, c.id), 404, 'not_found');
  const a = await get(county, c.id);
  assert.equal(a.status, 200, a.text);
  assertMatchesSpec('/api/v1/complaints/{id}', 'GET', a);
  assert.equal(a.json.complaint.complainant_id, worker.user.id);
  assert.equal(a.json.complaint.region_code, '450223');
  assert.equal((await get(city, c.id)).status, 200);
  assertError(await get(otherCounty, c.id), 404, 'not_found');
  assertError(await get(reviewer, c.id), 403, 'forbidden');
  // nobody else's list shows it
  for (const who of [employer, stranger]) {
    const l = await call(srv.url, 'GET', '/api/v1/me/complaints?page_size=100', { token: who.access_token });
    assert.ok(!l.json.items.some((i) => i.id === c.id));
  }
  // the image: owner and admins in scope; not the respondent (safety report), not other counties, not reviewers
  const fetchImg = (who) => fetch(`${srv.url}/api/v1/uploads/${img}`, { headers: { authorization: `Bearer ${who.access_token}` } });
  assert.equal((await fetchImg(worker)).status, 200);
  const byAdmin = await fetchImg(county);
  assert.equal(byAdmin.status, 200);
  assert.equal(byAdmin.headers.get('content-type'), 'image/jpeg');
  assert.equal((await fetchImg(city)).status, 200);
  for (const who of [employer, stranger, otherCounty]) assert.equal((await fetchImg(who)).status, 403);
  assert.equal((await fetchImg(reviewer)).status, 403);
  assert.ok(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'upload.read' AND object_id = '${img}' AND result = 'ok'`) >= 2);
  assert.ok(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'upload.read' AND object_id = '${img}' AND result = 'denied'`) >= 1);
});

test('the bureau: accept → handle → resolve (upheld) with history, audit and notifications; credit entry for the respondent; illegal steps 409; other counties 404', async () => {
  const c = await filed();
  assertError(await step(otherCounty, c.id, 'accept'), 404, 'not_found');
  assertError(await step(reviewer, c.id, 'accept'), 403, 'forbidden');
  assertError(await step(county, c.id, 'resolve', { upheld: true, note: '核实属实' }), 409, 'state_conflict');
  assertError(await step(county, c.id, 'handle', { note: '开始核实' }), 409, 'state_conflict');
  const acc = await step(county, c.id, 'accept');
  assert.equal(acc.status, 200, acc.text);
  assertMatchesSpec('/api/v1/admin/complaints/{id}/accept', 'POST', acc);
  assert.equal(acc.json.complaint.status, 'accepted');
  assert.equal(acc.json.complaint.handler_admin_id, county.id);
  assertError(await step(county, c.id, 'accept'), 409, 'state_conflict');
  assertError(await step(county, c.id, 'handle', {}), 400, 'missing_field');
  assertError(await step(county, c.id, 'handle', { note: 'x'.repeat(501) }), 400, 'validation_failed');
  const h = await step(county, c.id, 'handle', { note: '已电话联系雇主核实考勤' });
  assert.equal(h.status, 200, h.text);
  assertMatchesSpec('/api/v1/admin/complaints/{id}/handle', 'POST', h);
  assertError(await step(county, c.id, 'resolve', { upheld: 'yes', note: '核实属实' }), 400, 'validation_failed');
  assertError(await step(county, c.id, 'resolve', { note: '核实属实' }), 400, 'missing_field');
  const res = await step(county, c.id, 'resolve', { upheld: true, note: '核实属实，已责令雇主三日内结清工资' });
  assert.equal(res.status, 200, res.text);
  assertMatchesSpec('/api/v1/admin/complaints/{id}/resolve', 'POST', res);
  const done = res.json.complaint;
  assert.equal(done.status, 'resolved');
  assert.equal(done.upheld, true);
  assert.equal(done.resolution, '核实属实，已责令雇主三日内结清工资');
  assert.ok(done.resolved_at);
  assert.deepEqual(done.history.map((x) => [x.actor, x.from, x.to]),
    [['user', null, 'submitted'], ['admin', 'submitted', 'accepted'], ['admin', 'accepted', 'handling'], ['admin', 'handling', 'resolved']]);
  assert.equal(done.history[2].reason, '已电话联系雇主核实考勤');
  assert.ok(done.history[3].reason.startsWith('诉求成立'));
  for (const verb of ['accept', 'reject', 'resolve']) {
    assertError(await step(county, c.id, verb, verb === 'accept' ? undefined : verb === 'reject' ? { reason: '重复' } : { upheld: false, note: '再次' }), 409, 'state_conflict');
  }
  // one notification per step to the complainant, one audit row per step
  for (const kind of ['complaint_accepted', 'complaint_handling', 'complaint_resolved']) {
    assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${worker.user.id} AND kind = '${kind}' AND object_id = ${c.id}`), 1, kind);
  }
  assert.deepEqual(sql(`SELECT action, result FROM audit_log WHERE object_type = 'complaint' AND object_id = '${c.id}' AND result = 'ok' ORDER BY id`),
    [['complaint.accept', 'ok'], ['complaint.handle', 'ok'], ['complaint.resolve', 'ok']]);
  assert.ok(count(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'complaint' AND object_id = '${c.id}' AND result = 'denied'`) >= 1);
  // upheld: one complaint_upheld ledger entry for the respondent, naming the complaint
  assert.deepEqual(sql(`SELECT reason, object_type, actor_kind FROM credit_ledger WHERE user_id = ${employer.user.id} AND object_type = 'complaint' AND object_id = ${c.id}`),
    [['complaint_upheld', 'complaint', 'admin']]);
  // the complainant sees the outcome and the whole progress
  const seen = await get(worker, c.id);
  assert.equal(seen.json.complaint.status, 'resolved');
  assert.equal(seen.json.complaint.history.length, 4);
});

test('the bureau: reject with a reason; resolved as not upheld writes no credit entry', async () => {
  const a = await filed(worker2, { category: 'other' });
  await step(county, a.id, 'accept');
  await step(county, a.id, 'handle', { note: '调取记录' });
  assertError(await step(county, a.id, 'reject', {}), 400, 'missing_field');
  const rej = await step(county, a.id, 'reject', { reason: '经核实工资已按时结清' });
  assert.equal(rej.status, 200, rej.text);
  assertMatchesSpec('/api/v1/admin/complaints/{id}/reject', 'POST', rej);
  assert.equal(rej.json.complaint.status, 'rejected');
  assert.equal(rej.json.complaint.resolution, '经核实工资已按时结清');
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${worker2.user.id} AND kind = 'complaint_rejected' AND object_id = ${a.id}`), 1);
  const b = await filed(worker2, { category: 'other' });
  await step(county, b.id, 'accept');
  await step(county, b.id, 'handle', { note: '调取记录' });
  const nu = await step(city, b.id, 'resolve', { upheld: false, note: '证据不足' });
  assert.equal(nu.status, 200, nu.text);
  assert.equal(nu.json.complaint.upheld, false);
  for (const id of [a.id, b.id]) {
    assert.equal(count(`SELECT COUNT(*) FROM credit_ledger WHERE object_type = 'complaint' AND object_id = ${id}`), 0);
  }
});

test('a false_info complaint about a gig, upheld, takes the gig down (cancelled with gig history) and tells its employer', async () => {
  const fake = await publishGig(srv, employer, { title: '高薪日结招聘普工' });
  const r = await file(stranger, { category: 'false_info', respondent_id: employer.user.id, gig_id: fake.id, text: '打电话过去说要先交 300 元服装费才能上岗' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.complaint.id;
  await step(county, id, 'accept');
  await step(county, id, 'handle', { note: '联系雇主核实' });
  const res = await step(county, id, 'resolve', { upheld: true, note: '核实为虚假招聘' });
  assert.equal(res.status, 200, res.text);
  assert.equal(sql(`SELECT status FROM gigs WHERE id = ${fake.id}`)[0][0], 'cancelled');
  const hist = sql(`SELECT actor_kind, actor_id, from_status, to_status, reason FROM gig_history WHERE gig_id = ${fake.id} ORDER BY id DESC LIMIT 1`)[0];
  assert.deepEqual(hist.slice(0, 4), ['admin', String(county.id), 'published', 'cancelled']);
  assert.ok(hist[4].includes('虚假信息') && hist[4].includes(String(id)), hist[4]);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${employer.user.id} AND kind = 'gig_taken_down' AND object_id = ${fake.id}`), 1);
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${fake.id}`, { token: stranger.access_token }), 404, 'not_found');
});

test('GET /api/v1/admin/complaints is region-scoped: filters by status, region and escalated; out-of-scope region 403; bad filters 400', async () => {
  const c = await filed();
  const l = await call(srv.url, 'GET', '/api/v1/admin/complaints?status=submitted&page_size=100', { token: county.access_token });
  assert.equal(l.status, 200, l.text);
  assertMatchesSpec('/api/v1/admin/complaints', 'GET', l);
  assert.ok(l.json.items.some((i) => i.id === c.id));
  assert.ok(l.json.items.every((i) => i.status === 'submitted' && i.region_code.startsWith('450223')));
  const cityView = await call(srv.url, 'GET', '/api/v1/admin/complaints?region=450223&page_size=100', { token: city.access_token });
  assert.ok(cityView.json.items.some((i) => i.id === c.id));
  const outside = await call(srv.url, 'GET', '/api/v1/admin/complaints?page_size=100', { token: otherCounty.access_token });
  assert.equal(outside.status, 200);
  assert.ok(!outside.json.items.some((i) => i.region_code.startsWith('4502')));
  assertError(await call(srv.url, 'GET', '/api/v1/admin/complaints?region=360824', { token: county.access_token }), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/complaints?status=open', { token: county.access_token }), 400, 'bad_query');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/complaints?escalated=maybe', { token: county.access_token }), 400, 'bad_query');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/complaints', { token: reviewer.access_token }), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/complaints', { token: worker.access_token }), 403, 'forbidden');
  const notEsc = await call(srv.url, 'GET', '/api/v1/admin/complaints?escalated=false&page_size=100', { token: county.access_token });
  assert.ok(notEsc.json.items.every((i) => i.escalated === false));
});

test('SLA escalation: two linggongd nodes escalate each overdue complaint to the parent region exactly once; the parent region takes it over', async () => {
  const N = 150; // more than one candidate batch of 100, so the two nodes' passes overlap
  const tag = uniq('esc');
  const states = ['submitted', 'accepted', 'handling'];
  const rows = Array.from({ length: N }, (_, i) => `(${worker.user.id}, ${employer.user.id}, 'other', '${tag} ${i}', 'user', '450223',
    '${states[i % 3]}', UTC_TIMESTAMP() - INTERVAL ${1 + (i % 5)} HOUR, NOW(3), NOW(3))`).join(',');
  sql(`INSERT INTO complaints (complainant_id, respondent_id, category, text, source, region_code, status, sla_due_at, created_at, updated_at) VALUES ${rows}`);
  const ids = sql(`SELECT id FROM complaints WHERE text LIKE '${tag} %' ORDER BY id`).map((r) => Number(r[0]));
  assert.equal(ids.length, N);
  // not overdue yet; overdue but closed; overdue but already escalated: none of them may move
  const fresh = await filed();
  sql(`INSERT INTO complaints (complainant_id, respondent_id, category, text, source, region_code, status, sla_due_at, created_at, updated_at, upheld, resolution)
       VALUES (${worker.user.id}, ${employer.user.id}, 'other', '${tag} closed', 'user', '450223', 'resolved', UTC_TIMESTAMP() - INTERVAL 1 DAY, NOW(3), NOW(3), 0, '已办结')`);
  sql(`INSERT INTO complaints (complainant_id, respondent_id, category, text, source, region_code, status, sla_due_at, escalated_at, escalated_region, created_at, updated_at)
       VALUES (${worker.user.id}, ${employer.user.id}, 'other', '${tag} done', 'user', '450223', 'accepted', UTC_TIMESTAMP() - INTERVAL 1 DAY, NOW(3), '450200', NOW(3), NOW(3))`);
  const [closed, done] = ['closed', 'done'].map((k) => Number(sql(`SELECT id FROM complaints WHERE text = '${tag} ${k}'`)[0][0]));
  let a, b;
  try {
    [a, b] = await Promise.all([startServer({ ...wx.env, TASK_INTERVAL_S: '1' }), startServer({ ...wx.env, TASK_INTERVAL_S: '1' })]);
    const deadline = Date.now() + 20000;
    for (;;) {
      const left = count(`SELECT COUNT(*) FROM complaints WHERE id IN (${ids.join(',')}) AND escalated_at IS NULL`);
      if (left === 0) break;
      assert.ok(Date.now() < deadline, `${left} complaints still not escalated after 20 s`);
      await sleep(200);
    }
    await sleep(2500); // two more passes of each node: nothing may be escalated again
    const hist = sql(`SELECT complaint_id, COUNT(*), MIN(actor_kind), MIN(from_status) FROM complaint_history
                      WHERE complaint_id IN (${ids.join(',')}) AND to_status = 'escalated' GROUP BY complaint_id`);
    assert.equal(hist.length, N, 'every overdue complaint has an escalation row');
    for (const [id, n, kind] of hist) {
      assert.equal(n, '1', `complaint ${id} escalated ${n} times`);
      assert.equal(kind, 'system');
    }
    const notes = sql(`SELECT object_id, COUNT(*) FROM notifications WHERE kind = 'complaint_escalated' AND object_id IN (${ids.join(',')}) GROUP BY object_id`);
    assert.equal(notes.length, N);
    for (const [id, n] of notes) assert.equal(n, '1', `complaint ${id}: ${n} notifications`);
    assert.equal(count(`SELECT COUNT(*) FROM complaints WHERE id IN (${ids.join(',')}) AND (status <> 'escalated' OR escalated_region <> '450200')`), 0);
    // the history keeps the state each one was in
    assert.deepEqual(sql(`SELECT DISTINCT from_status FROM complaint_history WHERE complaint_id IN (${ids.join(',')}) AND to_status = 'escalated' ORDER BY 1`).map((r) => r[0]),
      ['accepted', 'handling', 'submitted']);
    assert.deepEqual(sql(`SELECT status, escalated_at IS NULL FROM complaints WHERE id = ${fresh.id}`), [['submitted', '1']]);
    assert.deepEqual(sql(`SELECT status, escalated_at IS NULL FROM complaints WHERE id = ${closed}`), [['resolved', '1']]);
    assert.equal(count(`SELECT COUNT(*) FROM complaint_history WHERE complaint_id = ${done}`), 0);
    const byNode = [a, b].map((n) => n.logs().filter((l) => l.includes('complaints escalated')).reduce((s, l) => s + JSON.parse(l).count, 0));
    // (other overdue complaints already in the database may be counted too)
    assert.ok(byNode[0] + byNode[1] >= N, `the nodes logged ${byNode.join(' + ')} escalations`);
    console.log(`escalation split between the two nodes: ${byNode.join(' + ')}`);
  } finally {
    if (a) await a.stop();
    if (b) await b.stop();
  }
  // visible to the city's admins as escalated; the county may still read it but no longer act on it
  const id = ids[0];
  const l = await call(srv.url, 'GET', '/api/v1/admin/complaints?escalated=true&page_size=100', { token: city.access_token });
  assert.equal(l.status, 200);
  assert.ok(l.json.items.some((i) => i.id === ids[N - 1] && i.escalated && i.escalated_region === '450200'));
  const seen = await get(county, id);
  assert.equal(seen.status, 200);
  assert.equal(seen.json.complaint.status, 'escalated');
  assertError(await step(county, id, 'accept'), 403, 'forbidden');
  const took = await step(city, id, 'accept');
  assert.equal(took.status, 200, took.text);
  assert.equal(took.json.complaint.status, 'accepted');
  assert.equal(took.json.complaint.escalated, true);
  // the complainant sees the escalation in the progress
  const mine = await get(worker, id);
  assert.deepEqual(mine.json.complaint.history.map((h) => h.to).slice(-2), ['escalated', 'accepted']);
});
