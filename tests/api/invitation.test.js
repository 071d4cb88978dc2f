// Invitations: an employer invites a discoverable worker to a published gig with seats; the worker accepts
// (an accepted application is created through the application store, headcount-safe) or declines; every
// illegal step is 409 with the current state; BOLA both ways (another employer cannot invite to or list A's
// gig, another worker cannot answer someone else's invitation); blocked pairs invisible; inbox rows.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, makeEmployer, makeWorker, gigBody,
} = require('./lib');

const FULL_ID = /\d{17}[\dX]/;
const FULL_PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const clean = (r) => {
  assert.ok(!FULL_ID.test(r.text) && !FULL_PHONE.test(r.text), `personal number in ${r.text}`);
  assert.ok(!r.text.includes('"phone"') && !r.text.includes('"id_number"') && !r.text.includes('"real_name"'));
  return r;
};

let wx, srv, emp, other;
const w = {};
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000' });
  emp = await signIn(srv, uniq('ivemp'));
  makeEmployer(emp.user.id, { region: '360824', name: '新干县邀请测试单位' });
  other = await signIn(srv, uniq('ivoth'));
  makeEmployer(other.user.id, { region: '360824', name: '新干县另一家单位' });
  for (const [k, opts] of Object.entries({
    a: { name: '王建国' }, b: { name: '李芳' }, c: { name: '张勇' }, d: { name: '刘强' },
    hidden: { name: '赵六', discoverable: 0 }, blocked: { name: '孙七' }, later: { name: '周八' },
  })) {
    w[k] = await signIn(srv, uniq(`iv${k}`));
    makeWorker(w[k].user.id, opts);
  }
  sql(`INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (${w.blocked.user.id}, ${emp.user.id}, NOW(3))`);
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const gig = async (over = {}, who = emp) => {
  const r = await call(srv.url, 'POST', '/api/v1/gigs', { token: who.access_token, body: gigBody(over) });
  assert.equal(r.status, 201, r.text);
  return r.json.gig;
};
const invite = (g, worker, who = emp) => call(srv.url, 'POST', `/api/v1/gigs/${g.id}/invitations`,
  { token: who.access_token, body: { worker_id: worker.user ? worker.user.id : worker } });
const act = (inv, verb, who) => call(srv.url, 'POST', `/api/v1/invitations/${inv.id}/${verb}`, { token: who.access_token });
const inbox = (userId, kind) => Number(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${userId} AND kind = '${kind}'`)[0][0]);

test('POST /api/v1/gigs/{id}/invitations invites a worker (201 per openapi.json) and tells them in the inbox; both sides list it', async () => {
  const g = await gig({ headcount: 2 });
  const before = inbox(w.a.user.id, 'invitation');
  const r = clean(await invite(g, w.a));
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/gigs/{id}/invitations', 'POST', r);
  const inv = r.json.invitation;
  assert.equal(inv.status, 'pending');
  assert.equal(inv.status_label, '待回复');
  assert.equal(inv.gig.status_label, '已发布');
  assert.equal(inv.worker.id, w.a.user.id);
  assert.equal(inv.worker.display_name, '王**');
  assert.equal(inv.employer.name, '新干县邀请测试单位');
  assert.equal(inv.gig.id, g.id);
  assert.equal(inv.gig.remaining, 2);
  assert.equal(inv.application_id, null);
  assert.equal(inv.responded_at, null);
  assert.equal(inbox(w.a.user.id, 'invitation'), before + 1);
  const mine = clean(await call(srv.url, 'GET', '/api/v1/me/invitations?status=pending', { token: w.a.access_token }));
  assert.equal(mine.status, 200, mine.text);
  assertMatchesSpec('/api/v1/me/invitations', 'GET', mine);
  assert.ok(mine.json.items.some((i) => i.id === inv.id));
  const list = clean(await call(srv.url, 'GET', `/api/v1/gigs/${g.id}/invitations`, { token: emp.access_token }));
  assert.equal(list.status, 200, list.text);
  assertMatchesSpec('/api/v1/gigs/{id}/invitations', 'GET', list);
  assert.deepEqual(list.json.items.map((i) => i.id), [inv.id]);
  assert.equal(list.json.total, 1);
  assertError(await call(srv.url, 'GET', '/api/v1/me/invitations?status=maybe', { token: w.a.access_token }), 400, 'bad_query');
  // one invitation per worker and gig
  const dup = await invite(g, w.a);
  assertError(dup, 409, 'already_exists');
  assertMatchesSpec('/api/v1/gigs/{id}/invitations', 'POST', dup);
});

test('POST /api/v1/gigs/{id}/invitations refuses hidden, blocked, unknown and self with 404, bad bodies with 400', async () => {
  const g = await gig();
  for (const who of [w.hidden, w.blocked, 999999999, emp]) assertError(await invite(g, who), 404, 'not_found');
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${g.id}/invitations`, { token: emp.access_token, body: {} }), 400, 'missing_field');
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${g.id}/invitations`,
    { token: emp.access_token, body: { worker_id: w.a.user.id, note: 'x' } }), 400, 'unknown_field');
  assertError(await call(srv.url, 'POST', `/api/v1/gigs/${g.id}/invitations`,
    { token: emp.access_token, body: { worker_id: '12' } }), 400, 'validation_failed');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM invitations WHERE gig_id = ${g.id}`)[0][0]), 0);
});

test('POST /api/v1/gigs/{id}/invitations: another employer gets 403 on a published gig and 404 on a draft; a draft is 409 gig_not_open', async () => {
  const g = await gig();
  assertError(await invite(g, w.a, other), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${g.id}/invitations`, { token: other.access_token }), 403, 'forbidden');
  const draft = await gig({ submit: false });
  assertError(await invite(draft, w.a, other), 404, 'not_found');
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${draft.id}/invitations`, { token: other.access_token }), 404, 'not_found');
  assertError(await invite(draft, w.a), 409, 'gig_not_open');
  assertError(await invite({ id: 999999999 }, w.a), 404, 'not_found');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM invitations WHERE gig_id IN (${g.id}, ${draft.id})`)[0][0]), 0);
});

test('POST /api/v1/invitations/{id}/accept creates an accepted application, takes a seat, links it and tells the employer', async () => {
  const g = await gig({ headcount: 2 });
  const inv = (await invite(g, w.b)).json.invitation;
  // BOLA: another worker and the employer cannot answer it
  assertError(await act(inv, 'accept', w.c), 404, 'not_found');
  assertError(await act(inv, 'decline', w.c), 404, 'not_found');
  assertError(await act(inv, 'accept', emp), 404, 'not_found');
  const before = inbox(emp.user.id, 'invitation_accepted');
  const r = clean(await act(inv, 'accept', w.b));
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/invitations/{id}/accept', 'POST', r);
  const got = r.json.invitation;
  assert.equal(got.status, 'accepted');
  assert.ok(got.application_id > 0);
  assert.ok(got.responded_at);
  assert.equal(got.gig.accepted_count, 1);
  const [[status, source, worker, employer]] = sql(`SELECT status, source, worker_id, employer_id FROM applications WHERE id = ${got.application_id}`);
  assert.deepEqual([status, source, Number(worker), Number(employer)], ['accepted', 'invitation', w.b.user.id, emp.user.id]);
  assert.deepEqual(sql(`SELECT COALESCE(from_status, '-'), to_status FROM application_history WHERE application_id = ${got.application_id}`),
    [['-', 'accepted']]);
  assert.equal(sql(`SELECT accepted_count FROM gigs WHERE id = ${g.id}`)[0][0], '1');
  assert.equal(inbox(emp.user.id, 'invitation_accepted'), before + 1);
  // the worker sees the application among their own
  const apps = await call(srv.url, 'GET', '/api/v1/me/applications', { token: w.b.access_token });
  assert.equal(apps.status, 200, apps.text);
  assert.ok(apps.json.items.some((a) => a.id === got.application_id), apps.text);
  // illegal now: 409 naming the current state, nothing changes
  for (const verb of ['accept', 'decline']) {
    const again = await act(inv, verb, w.b);
    assertError(again, 409, 'state_conflict');
    assert.match(again.json.error.message, /已接受/);
  }
  assert.equal(sql(`SELECT accepted_count FROM gigs WHERE id = ${g.id}`)[0][0], '1');
  assertError(await call(srv.url, 'POST', '/api/v1/invitations/999999999/accept', { token: w.b.access_token }), 404, 'not_found');
});

test('POST /api/v1/invitations/{id}/accept on a full gig answers 409 gig_full and leaves the invitation pending; inviting then is 409 too', async () => {
  const g = await gig({ headcount: 1 });
  const i1 = (await invite(g, w.c)).json.invitation;
  const i2 = (await invite(g, w.d)).json.invitation;
  assert.equal((await act(i1, 'accept', w.c)).status, 200);
  const full = await act(i2, 'accept', w.d);
  assertError(full, 409, 'gig_full');
  assertMatchesSpec('/api/v1/invitations/{id}/accept', 'POST', full);
  assert.equal(sql(`SELECT status FROM invitations WHERE id = ${i2.id}`)[0][0], 'pending');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM applications WHERE gig_id = ${g.id} AND worker_id = ${w.d.user.id}`)[0][0]), 0);
  assert.equal(sql(`SELECT accepted_count FROM gigs WHERE id = ${g.id}`)[0][0], '1');
  assertError(await invite(g, w.later), 409, 'gig_full');
  // declining is still possible
  const d = await act(i2, 'decline', w.d);
  assert.equal(d.status, 200, d.text);
});

test('POST /api/v1/invitations/{id}/decline declines (200 per openapi.json), tells the employer, and cannot be undone', async () => {
  const g = await gig();
  const inv = (await invite(g, w.a)).json.invitation;
  const before = inbox(emp.user.id, 'invitation_declined');
  const r = clean(await act(inv, 'decline', w.a));
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/invitations/{id}/decline', 'POST', r);
  assert.equal(r.json.invitation.status, 'declined');
  assert.equal(r.json.invitation.status_label, '已谢绝');
  assert.equal(r.json.invitation.application_id, null);
  assert.equal(inbox(emp.user.id, 'invitation_declined'), before + 1);
  const again = await act(inv, 'accept', w.a);
  assertError(again, 409, 'state_conflict');
  assert.match(again.json.error.message, /已谢绝/);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM applications WHERE gig_id = ${g.id}`)[0][0]), 0);
  const declined = await call(srv.url, 'GET', '/api/v1/me/invitations?status=declined', { token: w.a.access_token });
  assert.ok(declined.json.items.some((i) => i.id === inv.id));
});

test('a worker who already applied cannot be invited (409); a block after the invitation hides it and makes answering 404', async () => {
  const g = await gig();
  const ap = await call(srv.url, 'POST', `/api/v1/gigs/${g.id}/applications`, { token: w.c.access_token, body: {} });
  assert.equal(ap.status, 201, ap.text);
  assertError(await invite(g, w.c), 409, 'already_exists');
  const inv = (await invite(g, w.later)).json.invitation;
  sql(`INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (${w.later.user.id}, ${emp.user.id}, NOW(3))`);
  const mine = await call(srv.url, 'GET', '/api/v1/me/invitations', { token: w.later.access_token });
  assert.ok(!mine.json.items.some((i) => i.id === inv.id), 'blocked pairs do not see each other');
  const theirs = await call(srv.url, 'GET', `/api/v1/gigs/${g.id}/invitations`, { token: emp.access_token });
  assert.ok(!theirs.json.items.some((i) => i.id === inv.id));
  assertError(await act(inv, 'accept', w.later), 404, 'not_found');
  assert.equal(sql(`SELECT status FROM invitations WHERE id = ${inv.id}`)[0][0], 'pending');
});

test('GET /api/v1/gigs/{id}/invitations and /me/invitations answer 401 without a token', async () => {
  assertError(await call(srv.url, 'GET', '/api/v1/me/invitations'), 401, 'unauthenticated');
  assertError(await call(srv.url, 'POST', '/api/v1/invitations/1/accept'), 401, 'unauthenticated');
});
