// Blocklists (issue 7 item 3): POST/GET/DELETE /me/blocks for workers and employers; a blocked pair (either
// side blocked the other) does not see each other's gigs (GET /gigs/{id} 404, search), applications
// (applicant list, the worker's own list, one application: 404), nor the worker in find-workers; unblocking
// restores all of it. Limits, and BOLA: one user can neither see nor undo another's blocks.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, makeEmployer, makeWorker, gigBody,
  createAdmin,
} = require('./lib');

let wx, srv;
let emp, worker, other, gigId, appId;

before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', TASK_INTERVAL_S: '3600' });
  [emp, worker, other] = await Promise.all(['ble', 'blw', 'blo'].map((p) => signIn(srv, uniq(p))));
  makeEmployer(emp.user.id, { name: '鹿寨县屏蔽测试物流' });
  makeWorker(worker.user.id, { name: '覃秀英', region: '450223100', discoverable: 1 });
  const g = await call(srv.url, 'POST', '/api/v1/gigs', { token: emp.access_token, body: gigBody({ title: '屏蔽测试装卸工' }) });
  assert.equal(g.status, 201, g.text);
  gigId = g.json.gig.id;
  const a = await call(srv.url, 'POST', `/api/v1/gigs/${gigId}/applications`, { token: worker.access_token, body: {} });
  assert.equal(a.status, 201, a.text);
  appId = a.json.application.id;
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const tok = (u) => ({ token: u.access_token });
const block = (who, userId) => call(srv.url, 'POST', '/api/v1/me/blocks', { ...tok(who), body: { user_id: userId } });
const unblock = (who, userId) => call(srv.url, 'DELETE', `/api/v1/me/blocks/${userId}`, tok(who));
const list = (who, q = '') => call(srv.url, 'GET', `/api/v1/me/blocks${q}`, tok(who));

// What the worker and the employer see of each other right now.
async function visibility() {
  const gig = await call(srv.url, 'GET', `/api/v1/gigs/${gigId}`, tok(worker));
  const applicants = await call(srv.url, 'GET', `/api/v1/gigs/${gigId}/applications`, tok(emp));
  const mine = await call(srv.url, 'GET', '/api/v1/me/applications', tok(worker));
  const appW = await call(srv.url, 'GET', `/api/v1/applications/${appId}`, tok(worker));
  const appE = await call(srv.url, 'GET', `/api/v1/applications/${appId}`, tok(emp));
  const found = await call(srv.url, 'GET', '/api/v1/workers?region=450223', tok(emp));
  assert.equal(found.status, 200, found.text);
  return {
    gig: gig.status,
    applicant: applicants.json.items.some((x) => x.id === appId),
    own: mine.json.items.some((x) => x.id === appId),
    appW: appW.status,
    appE: appE.status,
    findable: found.json.items.some((x) => x.id === worker.user.id),
  };
}
const SEEN = { gig: 200, applicant: true, own: true, appW: 200, appE: 200, findable: true };
const HIDDEN = { gig: 404, applicant: false, own: false, appW: 404, appE: 404, findable: false };

test('POST /api/v1/me/blocks answers 201 then 200 for the same user; GET lists it; DELETE unblocks (then 404)', async () => {
  const r = await block(worker, other.user.id);
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/me/blocks', 'POST', r);
  assert.equal(r.json.block.user_id, other.user.id);
  const again = await block(worker, other.user.id);
  assert.equal(again.status, 200, again.text);
  assertMatchesSpec('/api/v1/me/blocks', 'POST', again);
  assert.equal(sql(`SELECT COUNT(*) FROM blocks WHERE blocker_id = ${worker.user.id} AND blocked_id = ${other.user.id}`)[0][0], '1');
  const e = await block(worker, emp.user.id);
  assert.equal(e.json.block.employer_name, '鹿寨县屏蔽测试物流');
  const l = await list(worker);
  assert.equal(l.status, 200, l.text);
  assertMatchesSpec('/api/v1/me/blocks', 'GET', l);
  assert.deepEqual(l.json.items.map((x) => x.user_id).sort(), [other.user.id, emp.user.id].sort());
  assert.equal(l.json.total, 2);
  const p = await list(worker, '?page_size=1&page=2');
  assert.equal(p.json.items.length, 1);
  const w = await list(emp);
  assert.equal(w.json.total, 0, 'a block is listed only by the user who made it');
  const d = await unblock(worker, emp.user.id);
  assert.equal(d.status, 200, d.text);
  assertMatchesSpec('/api/v1/me/blocks/{id}', 'DELETE', d);
  assert.deepEqual(d.json, { user_id: emp.user.id, blocked: false });
  assertError(await unblock(worker, emp.user.id), 404, 'not_found');
  assert.equal((await unblock(worker, other.user.id)).status, 200);
  assert.equal((await list(worker)).json.total, 0);
  // the employer's list shows a blocked worker by surname only
  await block(emp, worker.user.id);
  assert.equal((await list(emp)).json.items[0].worker_name, '覃**');
  await unblock(emp, worker.user.id);
});

test('POST /api/v1/me/blocks limits: self 400, unknown user 404, bad or missing user_id 400, unknown fields 400', async () => {
  assertError(await block(worker, worker.user.id), 400, 'validation_failed');
  assertError(await block(worker, 999999999), 404, 'not_found');
  assertError(await block(worker, 0), 400, 'validation_failed');
  assertError(await block(worker, String(emp.user.id)), 400, 'validation_failed');
  assertError(await call(srv.url, 'POST', '/api/v1/me/blocks', { ...tok(worker), body: {} }), 400, 'missing_field');
  assertError(await call(srv.url, 'POST', '/api/v1/me/blocks', { ...tok(worker), body: { user_id: emp.user.id, blocker_id: other.user.id } }), 400, 'unknown_field');
  assertError(await list(worker, '?page_size=101'), 400, 'bad_query');
  assert.equal(sql(`SELECT COUNT(*) FROM blocks WHERE blocker_id = ${worker.user.id}`)[0][0], '0');
});

test('a block by the worker hides gig, applications and find-workers both ways; unblocking restores them', async () => {
  assert.deepEqual(await visibility(), SEEN);
  assert.equal((await block(worker, emp.user.id)).status, 201);
  assert.deepEqual(await visibility(), HIDDEN);
  // others still see the gig; the employer (its owner) too
  assert.equal((await call(srv.url, 'GET', `/api/v1/gigs/${gigId}`)).status, 200);
  assert.equal((await call(srv.url, 'GET', `/api/v1/gigs/${gigId}`, tok(other))).status, 200);
  assert.equal((await call(srv.url, 'GET', `/api/v1/gigs/${gigId}`, tok(emp))).status, 200);
  // nor can the worker apply to the employer's other gigs
  const g2 = await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(emp), body: gigBody() });
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${g2.json.gig.id}/applications`, { ...tok(worker), body: {} }), 404, 'not_found');
  assert.equal((await unblock(worker, emp.user.id)).status, 200);
  assert.deepEqual(await visibility(), SEEN);
});

test('a block by the employer hides the same things both ways', async () => {
  assert.equal((await block(emp, worker.user.id)).status, 201);
  assert.deepEqual(await visibility(), HIDDEN);
  assert.equal((await unblock(emp, worker.user.id)).status, 200);
  assert.deepEqual(await visibility(), SEEN);
});

test('GET /api/v1/gigs (search) leaves out the gigs of a blocked employer', async () => {
  const title = '屏蔽测试搜索岗位';
  const g = await call(srv.url, 'POST', '/api/v1/gigs', { ...tok(emp), body: gigBody({ title }) });
  assert.equal(g.status, 201, g.text);
  const q = `/api/v1/gigs?q=${encodeURIComponent(title)}&region=450223`;
  const before = await call(srv.url, 'GET', q, tok(worker));
  assert.ok(before.json.items.some((x) => x.id === g.json.gig.id), 'found before the block');
  await block(worker, emp.user.id);
  try {
    const hidden = await call(srv.url, 'GET', q, tok(worker));
    assert.ok(!hidden.json.items.some((x) => x.id === g.json.gig.id), 'hidden from the blocker');
    const anon = await call(srv.url, 'GET', q);
    assert.ok(anon.json.items.some((x) => x.id === g.json.gig.id), 'still public to others');
  } finally {
    await unblock(worker, emp.user.id);
  }
});

test('BOLA: one user cannot list or undo another\'s blocks; admins and anonymous callers are refused', async () => {
  assert.equal((await block(worker, other.user.id)).status, 201);
  // the employer deleting "other" touches only the employer's own (empty) list
  assertError(await unblock(emp, other.user.id), 404, 'not_found');
  assert.equal(sql(`SELECT COUNT(*) FROM blocks WHERE blocker_id = ${worker.user.id} AND blocked_id = ${other.user.id}`)[0][0], '1');
  assert.ok(!(await list(emp)).json.items.some((x) => x.user_id === other.user.id));
  // the blocked user learns nothing from their own list
  assert.equal((await list(other)).json.total, 0);
  assertError(await call(srv.url, 'GET', '/api/v1/me/blocks'), 401, 'unauthenticated');
  assertError(await call(srv.url, 'POST', '/api/v1/me/blocks', { body: { user_id: other.user.id } }), 401, 'unauthenticated');
  const password = 'Pw-' + uniq('x');
  const username = createAdmin({ password, role: 'admin', region: '450223' });
  const a = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assertError(await call(srv.url, 'GET', '/api/v1/me/blocks', { token: a.json.access_token }), 403, 'forbidden');
  assertError(await call(srv.url, 'DELETE', `/api/v1/me/blocks/${other.user.id}`, { token: a.json.access_token }), 403, 'forbidden');
  await unblock(worker, other.user.id);
});
