// Moderation wiring of gigs (SPEC §3 "Sensitive words", issue 5): the seed lexicon of schema 005 through
// POST/PUT /api/v1/gigs and submit. block → 422 content_rejected naming the category (never the words)
// and the field; review → pending_review even for verified employers, with the hits recorded and shown
// to admins only; mask → stored with *** (checked in the database); evasions through the API.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, createAdmin, makeEmployer, gigBody,
} = require('./lib');

let wx, srv, verified, unverified, admin, outsider;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_IP_PER_MIN: '1000000' });
  verified = await signIn(srv, uniq('modv'));
  makeEmployer(verified.user.id, { verification: 'verified' });
  unverified = await signIn(srv, uniq('modu'));
  makeEmployer(unverified.user.id, { verification: 'unverified' });
  admin = await adminToken('reviewer', '450223');
  outsider = await adminToken('reviewer', '360000');
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

async function adminToken(role, region) {
  const password = `pw-${uniq('m')}`;
  const username = createAdmin({ password, role, region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}
const post = (who, body) => call(srv.url, 'POST', '/api/v1/gigs', { token: who.access_token, body });
const put = (who, id, body) => call(srv.url, 'PUT', `/api/v1/gigs/${id}`, { token: who.access_token, body });
const gigCount = () => Number(sql('SELECT COUNT(*) FROM gigs')[0][0]);
const hitsRows = (id) => sql(`SELECT field, verdict, hits FROM moderation_hits WHERE object_type = 'gig' AND object_id = ${Number(id)} ORDER BY id`);

function assertRejected(r, field, categoryZh) {
  assertError(r, 422, 'content_rejected');
  assertMatchesSpec('/api/v1/gigs', 'POST', r);
  assert.equal(r.json.error.field, field);
  assert.ok(r.json.error.message.includes(`（${categoryZh}）`), r.json.error.message);
}

test('POST /api/v1/gigs whose description says 先交押金 answers 422 content_rejected naming 押金/收费, not the word, and stores nothing', async () => {
  const before = gigCount();
  const r = await post(verified, gigBody({ description: '招聘搬运工，入职前先交押金200元，日结。' }));
  assertRejected(r, 'description', '押金/收费');
  assert.ok(!r.json.error.message.includes('先交押金'), 'the message must not reveal the matched word');
  assert.equal(gigCount(), before);
});

test('POST /api/v1/gigs whose description says 不收押金 is published at once for a verified employer (the allow phrase wins)', async () => {
  const r = await post(verified, gigBody({ description: '招聘搬运工，不收押金，不收任何费用，日结。' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.gig.status, 'published');
  assert.equal(r.json.gig.description, '招聘搬运工，不收押金，不收任何费用，日结。');
  assert.equal(hitsRows(r.json.gig.id).length, 0);
});

test('POST /api/v1/gigs with 加V信 goes to pending_review for a verified employer, the hit is recorded and only admins in the region see it', async () => {
  const r = await post(verified, gigBody({ description: '水电维修，有意者加V信详聊，日结。' }));
  assert.equal(r.status, 201, r.text);
  const g = r.json.gig;
  assert.equal(g.status, 'pending_review');
  assert.equal(g.published_at, null);
  assert.equal(g.description, '水电维修，有意者加V信详聊，日结。', 'review keeps the text for the reviewer');
  assert.equal(g.moderation, undefined, 'the employer does not see the hits');
  assert.deepEqual(g.history.map((h) => h.to), ['draft', 'pending_review']);
  const rows = hitsRows(g.id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0][0], 'description');
  assert.equal(rows[0][1], 'review');
  const hits = JSON.parse(rows[0][2]);
  const hit = hits.find((h) => h.category === 'contact_leak');
  assert.ok(hit, rows[0][2]);
  assert.equal(hit.action, 'review');
  assert.equal(g.description.slice(hit.start, hit.end).replace(/\s/g, '').toLowerCase().includes('v信'), true, JSON.stringify(hit));

  const seen = await call(srv.url, 'GET', `/api/v1/gigs/${g.id}`, { token: admin });
  assert.equal(seen.status, 200, seen.text);
  assertMatchesSpec('/api/v1/gigs/{id}', 'GET', seen);
  assert.equal(seen.json.gig.moderation.length, 1);
  const f = seen.json.gig.moderation[0];
  assert.equal(f.field, 'description');
  assert.equal(f.verdict, 'review');
  assert.deepEqual(f.hits, hits);
  const own = await call(srv.url, 'GET', `/api/v1/gigs/${g.id}`, { token: verified.access_token });
  assert.equal(own.status, 200);
  assert.equal(own.json.gig.moderation, undefined);
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${g.id}`, { token: outsider }), 404, 'not_found');
  // it waits in the reviewers' queue
  const queue = await call(srv.url, 'GET', '/api/v1/admin/gigs?page_size=100', { token: admin });
  assert.ok(queue.json.items.some((x) => x.id === g.id));
});

test('POST /api/v1/gigs stores a mask-action word as *** (one star per character) and publishes', async () => {
  const r = await post(verified, gigBody({ description: '别当傻逼，按时到岗，日结。', title: '招聘小工（傻逼勿扰）' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.gig.status, 'published');
  assert.equal(r.json.gig.description, '别当**，按时到岗，日结。');
  const [row] = sql(`SELECT title, description FROM gigs WHERE id = ${r.json.gig.id}`);
  assert.equal(row[0], '招聘小工（**勿扰）');
  assert.equal(row[1], '别当**，按时到岗，日结。');
  const found = await call(srv.url, 'GET', `/api/v1/gigs?q=${encodeURIComponent('小工 勿扰')}&page_size=100`);
  assert.ok(found.json.items.some((g) => g.id === r.json.gig.id), 'searchable by its words');
  const masked = await call(srv.url, 'GET', `/api/v1/gigs?q=${encodeURIComponent('傻逼')}&page_size=100`);
  assert.ok(!masked.json.items.some((g) => g.id === r.json.gig.id), 'the search index holds the masked text');
  const rows = hitsRows(r.json.gig.id);
  assert.deepEqual(rows.map((x) => [x[0], x[1]]).sort(), [['description', 'mask'], ['title', 'mask']]);
  assert.equal(JSON.parse(rows.find((x) => x[0] === 'description')[2])[0].word, '傻逼');
});

test('POST /api/v1/gigs sees through evasions: 押 金 with noise, traditional characters and full-width letters are still caught', async () => {
  assertRejected(await post(verified, gigBody({ description: '上岗前先交押 金，日结。' })), 'description', '押金/收费');
  assertRejected(await post(verified, gigBody({ description: '上岗前先*交-押.金，日结。' })), 'description', '押金/收费');
  assertRejected(await post(verified, gigBody({ description: '本店上崗前收取保證金五百元。' })), 'description', '押金/收费');
  assertRejected(await post(verified, gigBody({ title: '招工：先交押金' })), 'title', '押金/收费');
  assertRejected(await post(verified, gigBody({ address: '鹿寨镇赌场旁边 8 号' })), 'address', '赌博');
  assertRejected(await post(verified, gigBody({ description: '夜班，提供ｇｈｂ。' })), 'description', '毒品');
  const contact = await post(verified, gigBody({ description: '搬运工，详情加微*信，日结。' }));
  assert.equal(contact.status, 201, contact.text);
  assert.equal(contact.json.gig.status, 'pending_review');
  assert.equal(JSON.parse(hitsRows(contact.json.gig.id)[0][2])[0].category, 'contact_leak');
  const deposit = await post(verified, gigBody({ description: '装修小工，押 金面谈，日结。' }));
  assert.equal(deposit.status, 201, deposit.text);
  assert.equal(deposit.json.gig.status, 'pending_review');
  assert.ok(JSON.parse(hitsRows(deposit.json.gig.id)[0][2]).some((h) => h.category === 'deposit_fee'));
});

test('PUT /api/v1/gigs/{id} is moderated like POST: 422 naming the field, and review content stays out of publication', async () => {
  const g = (await post(verified, gigBody({ submit: false }))).json.gig;
  const bad = await put(verified, g.id, gigBody({ description: '先交押金再上岗' }));
  assertError(bad, 422, 'content_rejected');
  assertMatchesSpec('/api/v1/gigs/{id}', 'PUT', bad);
  assert.equal(bad.json.error.field, 'description');
  assert.equal(sql(`SELECT description FROM gigs WHERE id = ${g.id}`)[0][0], gigBody().description);
  // a draft saved with review content, then submitted by a verified employer: reviewed, not published
  const saved = await put(verified, g.id, gigBody({ description: '有意者加V信详聊' }));
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.gig.status, 'draft');
  const sub = await call(srv.url, 'POST', `/api/v1/gigs/${g.id}/submit`, { token: verified.access_token });
  assert.equal(sub.status, 200, sub.text);
  assert.equal(sub.json.gig.status, 'pending_review');
  // a clean draft still publishes at once on submit
  const clean = (await post(verified, gigBody({ submit: false }))).json.gig;
  const pub = await call(srv.url, 'POST', `/api/v1/gigs/${clean.id}/submit`, { token: verified.access_token });
  assert.equal(pub.json.gig.status, 'published');
  // an unverified employer's gig goes to review either way, with the finding recorded
  const u = await post(unverified, gigBody({ description: '加V信详聊' }));
  assert.equal(u.json.gig.status, 'pending_review');
  assert.equal(hitsRows(u.json.gig.id).length, 1);
});
