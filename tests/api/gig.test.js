// Gigs: posting with every validation limit, the review states of SPEC §2 (every illegal transition 409),
// history rows, object-level checks between employers, region-scoped moderation with audit rows, expiry.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, createAdmin, makeEmployer,
  gigBody, at, sleep,
} = require('./lib');

let wx, srv;
let verified, unverified, other, worker; // signed-in users
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', TASK_INTERVAL_S: '1' });
  verified = await signIn(srv, uniq('empv'));
  makeEmployer(verified.user.id, { verification: 'verified' });
  unverified = await signIn(srv, uniq('empu'));
  makeEmployer(unverified.user.id, { verification: 'unverified' });
  other = await signIn(srv, uniq('empo'));
  makeEmployer(other.user.id, { verification: 'verified' });
  worker = await signIn(srv, uniq('wk'));
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const post = (who, body) => call(srv.url, 'POST', '/api/v1/gigs', { token: who.access_token, body });
const adminToken = async (role, region) => {
  const password = 'Gig-admin-pass-1';
  const username = createAdmin({ password, role, region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
};

test('POST /api/v1/gigs by a verified employer publishes at once and answers 201 per openapi.json', async () => {
  const r = await post(verified, gigBody());
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/gigs', 'POST', r);
  const g = r.json.gig;
  assert.equal(g.status, 'published');
  assert.equal(g.status_label, '已发布');
  assert.equal(g.job_type.name, '水电工');
  assert.equal(g.region.name, '鹿寨镇');
  assert.equal(g.employer.verification, 'verified');
  assert.equal(g.employer.credit, 100);
  assert.equal(g.remaining, 3);
  assert.ok(g.published_at);
  assert.deepEqual(g.history.map((h) => [h.from, h.to]), [[null, 'draft'], ['draft', 'published']]);
  const pub = await call(srv.url, 'GET', `/api/v1/gigs/${g.id}`);
  assert.equal(pub.status, 200);
  assertMatchesSpec('/api/v1/gigs/{id}', 'GET', pub);
  assert.equal(pub.json.gig.history, undefined, 'strangers do not see the history');
  assert.equal(pub.json.gig.review_reason, undefined);
});

test('POST /api/v1/gigs by an unverified employer goes to review; submit:false keeps a draft', async () => {
  const r = await post(unverified, gigBody());
  assert.equal(r.status, 201);
  assert.equal(r.json.gig.status, 'pending_review');
  assert.equal(r.json.gig.status_label, '待审核');
  assert.equal(r.json.gig.published_at, null);
  const d = await post(verified, gigBody({ submit: false }));
  assert.equal(d.json.gig.status, 'draft');
  assert.equal(d.json.gig.status_label, '草稿');
  // drafts and pending gigs are invisible to others
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${r.json.gig.id}`), 404, 'not_found');
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${d.json.gig.id}`, { token: other.access_token }), 404, 'not_found');
  const s = await call(srv.url, 'POST', `/api/v1/gigs/${d.json.gig.id}/submit`, { token: verified.access_token });
  assert.equal(s.status, 200, s.text);
  assertMatchesSpec('/api/v1/gigs/{id}/submit', 'POST', s);
  assert.equal(s.json.gig.status, 'published');
});

test('POST /api/v1/gigs without an employer profile answers 403 employer_profile_required and writes nothing', async () => {
  const before = Number(sql('SELECT COUNT(*) FROM gigs')[0][0]);
  assertError(await post(worker, gigBody()), 403, 'employer_profile_required');
  assert.equal(Number(sql('SELECT COUNT(*) FROM gigs')[0][0]), before);
  assertError(await call(srv.url, 'POST', '/api/v1/gigs', { body: gigBody() }), 401, 'unauthenticated');
});

test('POST /api/v1/gigs refuses each field at limit + 1 and accepts it at the limit', async () => {
  const cases = [
    ['title', '水'.repeat(40), '水'.repeat(41)],
    ['title', '水电', '水'],
    ['description', '活'.repeat(2000), '活'.repeat(2001)],
    ['headcount', 500, 501],
    ['headcount', 1, 0],
    ['pay_fen', 300000, 300001], // day cap
    ['pay_fen', 1, 0],
    ['address', '地'.repeat(128), '地'.repeat(129)],
  ];
  for (const [field, ok, bad] of cases) {
    const good = await post(verified, gigBody({ [field]: ok, submit: false }));
    assert.equal(good.status, 201, `${field}=${String(ok).slice(0, 10)}: ${good.text}`);
    const r = await post(verified, gigBody({ [field]: bad }));
    assertError(r, 400, 'validation_failed');
    assert.equal(r.json.error.field, field);
  }
  const hourly = await post(verified, gigBody({ pay_unit: 'hour', pay_fen: 50001 }));
  assertError(hourly, 400, 'validation_failed');
  assert.match(hourly.json.error.message, /500\.00 元/);
});

test('POST /api/v1/gigs refuses bad times, places, types and regions with the field named', async () => {
  const cases = [
    [{ starts_at: at(-3600) }, 'starts_at'],
    [{ starts_at: 'tomorrow' }, 'starts_at'],
    [{ ends_at: at(86400 - 60) }, 'ends_at'],
    [{ starts_at: at(3600), ends_at: at(3600 + 90 * 86400 + 1) }, 'ends_at'],
    [{ starts_at: at(400 * 86400), ends_at: at(400 * 86400 + 3600) }, 'starts_at'],
    [{ lat: 48.85, lng: 2.35 }, 'lat'],
    [{ lat: 91 }, 'lat'],
    [{ region_code: '450000' }, 'region_code'],
    [{ region_code: '450299' }, 'region_code'],
    [{ job_type_id: 999999 }, 'job_type_id'],
    [{ pay_unit: 'month' }, 'pay_unit'],
  ];
  for (const [over, field] of cases) {
    const r = await post(verified, gigBody(over));
    assertError(r, 400, 'validation_failed');
    assert.equal(r.json.error.field, field, JSON.stringify(over));
  }
  const ok90 = await post(verified, gigBody({ starts_at: at(3600), ends_at: at(3600 + 90 * 86400), submit: false }));
  assert.equal(ok90.status, 201, ok90.text);
});

test('POST/PUT /api/v1/gigs reject mass assignment of status, employer_id and counters', async () => {
  for (const extra of [{ status: 'published' }, { employer_id: 1 }, { accepted_count: 0 }, { verification: 'verified' }]) {
    const r = await post(unverified, gigBody(extra));
    assertError(r, 400, 'unknown_field');
    assert.equal(r.json.error.field, Object.keys(extra)[0]);
  }
  const g = (await post(unverified, gigBody({ submit: false }))).json.gig;
  const r = await call(srv.url, 'PUT', `/api/v1/gigs/${g.id}`, { token: unverified.access_token, body: { ...gigBody(), status: 'published' } });
  assertError(r, 400, 'unknown_field');
});

test('PUT /api/v1/gigs/{id} of a published gig sends it back to review with a history row', async () => {
  const g = (await post(verified, gigBody())).json.gig;
  const r = await call(srv.url, 'PUT', `/api/v1/gigs/${g.id}`, { token: verified.access_token, body: gigBody({ title: '改过的水电工岗位' }) });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/gigs/{id}', 'PUT', r);
  assert.equal(r.json.gig.status, 'pending_review');
  assert.equal(r.json.gig.title, '改过的水电工岗位');
  assert.deepEqual(r.json.gig.history.at(-1).to, 'pending_review');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM gig_history WHERE gig_id = ${g.id}`)[0][0]), 3);
});

test('employer B cannot edit, close, submit or see the drafts of employer A', async () => {
  const draft = (await post(verified, gigBody({ submit: false }))).json.gig;
  const pub = (await post(verified, gigBody())).json.gig;
  const tok = other.access_token;
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${draft.id}`, { token: tok }), 404, 'not_found');
  assertError(await call(srv.url, 'PUT', `/api/v1/gigs/${draft.id}`, { token: tok, body: gigBody() }), 404, 'not_found');
  const notMine = await call(srv.url, 'POST', `/api/v1/gigs/${draft.id}/submit`, { token: tok });
  assertError(notMine, 404, 'not_found');
  assertMatchesSpec('/api/v1/gigs/{id}/submit', 'POST', notMine);
  assertError(await call(srv.url, 'PUT', `/api/v1/gigs/${pub.id}`, { token: tok, body: gigBody() }), 403, 'forbidden');
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${pub.id}/close`, { token: tok }), 403, 'forbidden');
  const mine = await call(srv.url, 'GET', '/api/v1/me/gigs?page_size=100', { token: tok });
  assert.ok(!mine.json.items.some((x) => x.id === draft.id || x.id === pub.id));
  const still = await call(srv.url, 'GET', `/api/v1/gigs/${pub.id}`);
  assert.equal(still.json.gig.status, 'published');
});

test('every illegal gig transition answers 409 with the current state', async () => {
  const t = verified.access_token;
  const draft = (await post(verified, gigBody({ submit: false }))).json.gig;
  const r1 = await call(srv.url, 'POST', `/api/v1/gigs/${draft.id}/close`, { token: t });
  assertError(r1, 409, 'state_conflict');
  assert.match(r1.json.error.message, /草稿/);
  const pending = (await post(unverified, gigBody())).json.gig;
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${pending.id}/close`, { token: unverified.access_token }), 409, 'state_conflict');
  const resubmit = await call(srv.url, 'POST', `/api/v1/gigs/${pending.id}/submit`, { token: unverified.access_token });
  assertError(resubmit, 409, 'state_conflict');
  assertMatchesSpec('/api/v1/gigs/{id}/submit', 'POST', resubmit);
  const pub = (await post(verified, gigBody())).json.gig;
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${pub.id}/submit`, { token: t }), 409, 'state_conflict');
  const closed = await call(srv.url, 'POST', `/api/v1/gigs/${pub.id}/close`, { token: t });
  assert.equal(closed.status, 200);
  assert.equal(closed.json.gig.status, 'closed');
  const again = await call(srv.url, 'POST', `/api/v1/gigs/${pub.id}/close`, { token: t });
  assertError(again, 409, 'state_conflict');
  assert.match(again.json.error.message, /已关闭/);
  assertError(await call(srv.url, 'PUT', `/api/v1/gigs/${pub.id}`, { token: t, body: gigBody() }), 409, 'state_conflict');
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${pub.id}/submit`, { token: t }), 409, 'state_conflict');
  const admin = await adminToken('admin', '450223');
  assertError(await call(srv.url, 'POST', `/api/v1/admin/gigs/${pub.id}/approve`, { token: admin }), 409, 'state_conflict');
  const rejectDraft = await call(srv.url, 'POST', `/api/v1/admin/gigs/${draft.id}/reject`, { token: admin, body: { reason: '不合规' } });
  assertError(rejectDraft, 409, 'state_conflict');
  assertMatchesSpec('/api/v1/admin/gigs/{id}/reject', 'POST', rejectDraft);
  assertError(await call(srv.url, 'POST', '/api/v1/gigs/999999999/close', { token: t }), 404, 'not_found');
  assertError(await call(srv.url, 'POST', '/api/v1/gigs/abc/close', { token: t }), 400, 'bad_id');
});

test('moderation is region scoped: 鹿寨县 admin sees and acts only on 鹿寨县 gigs, with audit rows', async () => {
  const xingan = await signIn(srv, uniq('empx'));
  makeEmployer(xingan.user.id, { verification: 'unverified', region: '360824', name: '新干县测试单位' });
  const lz = (await post(unverified, gigBody())).json.gig;
  const xg = (await post(xingan, gigBody({ region_code: '360824', lat: 27.74, lng: 115.39, address: '新干县金川镇' }))).json.gig;
  assert.equal(xg.status, 'pending_review');
  const luzhai = await adminToken('admin', '450223');
  const list = await call(srv.url, 'GET', '/api/v1/admin/gigs?status=pending_review&page_size=100', { token: luzhai });
  assert.equal(list.status, 200, list.text);
  assertMatchesSpec('/api/v1/admin/gigs', 'GET', list);
  assert.ok(list.json.items.some((x) => x.id === lz.id));
  assert.ok(!list.json.items.some((x) => x.id === xg.id), '鹿寨 admin must not see 新干 gigs');
  assert.ok(list.json.items.every((x) => x.region.code.startsWith('450223')));
  assertError(await call(srv.url, 'POST', `/api/v1/admin/gigs/${xg.id}/approve`, { token: luzhai }), 404, 'not_found');
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${xg.id}`, { token: luzhai }), 404, 'not_found');
  assert.equal(sql(`SELECT status FROM gigs WHERE id = ${xg.id}`)[0][0], 'pending_review');
  // the county admin approves its own; the province-wide admin of 江西 rejects 新干's with a reason
  const ok = await call(srv.url, 'POST', `/api/v1/admin/gigs/${lz.id}/approve`, { token: luzhai });
  assert.equal(ok.status, 200, ok.text);
  assertMatchesSpec('/api/v1/admin/gigs/{id}/approve', 'POST', ok);
  assert.equal(ok.json.gig.status, 'published');
  const jiangxi = await adminToken('reviewer', '360000');
  const short = await call(srv.url, 'POST', `/api/v1/admin/gigs/${xg.id}/reject`, { token: jiangxi, body: { reason: 'x' } });
  assertError(short, 400, 'validation_failed');
  assertMatchesSpec('/api/v1/admin/gigs/{id}/reject', 'POST', short);
  const rej = await call(srv.url, 'POST', `/api/v1/admin/gigs/${xg.id}/reject`, { token: jiangxi, body: { reason: '岗位描述不清楚，请补充工作内容' } });
  assert.equal(rej.status, 200, rej.text);
  assertMatchesSpec('/api/v1/admin/gigs/{id}/reject', 'POST', rej);
  assert.equal(rej.json.gig.status, 'rejected');
  assert.equal(rej.json.gig.review_reason, '岗位描述不清楚，请补充工作内容');
  const audit = sql(`SELECT action, result, object_id FROM audit_log WHERE object_type = 'gig' AND object_id IN ('${lz.id}', '${xg.id}') ORDER BY id`);
  assert.deepEqual(audit, [['gig.approve', 'ok', String(lz.id)], ['gig.reject', 'ok', String(xg.id)]]);
  // the employer sees the reason, fixes and resubmits
  const mine = await call(srv.url, 'GET', `/api/v1/gigs/${xg.id}`, { token: xingan.access_token });
  assert.equal(mine.json.gig.review_reason, '岗位描述不清楚，请补充工作内容');
  const again = await call(srv.url, 'POST', `/api/v1/gigs/${xg.id}/submit`, { token: xingan.access_token });
  assert.equal(again.status, 200, again.text);
  assertMatchesSpec('/api/v1/gigs/{id}/submit', 'POST', again);
  assert.equal(again.json.gig.status, 'pending_review');
});

test('worker and employer tokens on admin gig routes answer 403; auditors and station staff too', async () => {
  assertError(await call(srv.url, 'GET', '/api/v1/admin/gigs', { token: worker.access_token }), 403, 'forbidden');
  assertError(await call(srv.url, 'POST', '/api/v1/admin/gigs/1/approve', { token: verified.access_token }), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/gigs', { token: await adminToken('auditor', null) }), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/gigs', { token: await adminToken('station', '450223') }), 403, 'forbidden');
  assertError(await call(srv.url, 'POST', '/api/v1/gigs', { token: await adminToken('admin', null), body: gigBody() }), 403, 'forbidden');
});

test('GET /api/v1/me/gigs lists the caller\'s gigs in every state and filters by status', async () => {
  const e = await signIn(srv, uniq('mine'));
  makeEmployer(e.user.id, { verification: 'unverified' });
  await post(e, gigBody({ submit: false }));
  await post(e, gigBody());
  const all = await call(srv.url, 'GET', '/api/v1/me/gigs', { token: e.access_token });
  assert.equal(all.status, 200);
  assertMatchesSpec('/api/v1/me/gigs', 'GET', all);
  assert.equal(all.json.total, 2);
  assert.deepEqual(all.json.items.map((x) => x.status).sort(), ['draft', 'pending_review']);
  assert.deepEqual(all.json.items.map((x) => x.status_label).sort(), ['待审核', '草稿'].sort());
  assert.equal(all.json.items[0].description, undefined, 'lists leave descriptions out');
  const drafts = await call(srv.url, 'GET', '/api/v1/me/gigs?status=draft', { token: e.access_token });
  assert.equal(drafts.json.total, 1);
  assertError(await call(srv.url, 'GET', '/api/v1/me/gigs?status=bogus', { token: e.access_token }), 400, 'bad_query');
  assertError(await call(srv.url, 'GET', '/api/v1/me/gigs?page_size=101', { token: e.access_token }), 400, 'bad_query');
  assert.equal((await call(srv.url, 'GET', '/api/v1/me/gigs?page_size=100', { token: e.access_token })).status, 200);
});

test('a published gig past its end time is expired by the periodic task, with a system history row', async () => {
  const g = (await post(verified, gigBody())).json.gig;
  sql(`UPDATE gigs SET starts_at = NOW() - INTERVAL 2 HOUR, ends_at = NOW() - INTERVAL 1 HOUR WHERE id = ${g.id}`);
  let status;
  for (let i = 0; i < 50; i++) {
    status = sql(`SELECT status FROM gigs WHERE id = ${g.id}`)[0][0];
    if (status === 'expired') break;
    await sleep(100);
  }
  assert.equal(status, 'expired');
  const h = sql(`SELECT actor_kind, from_status, to_status FROM gig_history WHERE gig_id = ${g.id} ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(h[0], ['system', 'published', 'expired']);
  const search = await call(srv.url, 'GET', '/api/v1/gigs?page_size=100&region=450223');
  assert.ok(!search.json.items.some((x) => x.id === g.id));
});
