// Settlements 薪酬结算 (issue 6 items 6-7): the whole flow apply → accept → check-in/out → confirm →
// settle → pay → confirm receipt; the amount from attendance × rate for each pay unit, items, deductions and
// adjusted amounts with reasons; every limit at limit + 1; Idempotency-Key required on settle (replay,
// mismatch); every illegal transition 409 and the wrong side 403, strangers 404, admins only inside their
// region; a dispute opens a complaint; 30 parallel settles with one key → one settlement, 30 parallel pays
// → one success; lists, the yearly income statement (JSON and PDF), the admin list and CSV export (BOM,
// quoting, formula guard, audit row); and SIGKILL of linggongd during a stream of settlements.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const {
  startServer, startWechat, call, sql, uniq, sleep, assertMatchesSpec, assertError, signIn, makeEmployer, makeWorker,
  gigBody, at, createAdmin, publishGig,
} = require('./lib');

const SITE = { lat: 24.4728, lng: 109.752 };
const PASSWORD = 'Settle-test-pw-2026';
const ENV = { RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_IP_PER_MIN: '1000000', TASK_INTERVAL_S: '3600' };
let wx, srv;
let employer, worker, worker2, stranger, admin, farAdmin, reviewer, cityAdmin;

async function adminToken(region, role = 'admin') {
  const username = createAdmin({ password: PASSWORD, role, region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: PASSWORD } });
  assert.equal(r.status, 200, r.text);
  return { access_token: r.json.access_token };
}

before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, ...ENV });
  employer = await signIn(srv, uniq('ste'));
  makeEmployer(employer.user.id, { name: '鹿寨县结算测试建筑队' });
  worker = await signIn(srv, uniq('stw'));
  makeWorker(worker.user.id, { name: '韦结算', region: '450223100' });
  worker2 = await signIn(srv, uniq('stw'));
  stranger = await signIn(srv, uniq('sts'));
  admin = await adminToken('450223');
  cityAdmin = await adminToken('450200');
  farAdmin = await adminToken('360824');
  reviewer = await adminToken('450223', 'reviewer');
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const key = () => uniq('setl-');
const settle = (appId, body = {}, { who = employer, k = key(), base = srv } = {}) => call(base.url, 'POST',
  `/api/v1/applications/${appId}/settlements`, { token: who.access_token, body, headers: k ? { 'idempotency-key': k } : {} });
const act = (id, verb, who, body, headers = {}) => call(srv.url, 'POST', `/api/v1/settlements/${id}/${verb}`,
  { token: who.access_token, body, headers });
const get = (id, who) => call(srv.url, 'GET', `/api/v1/settlements/${id}`, { token: who.access_token });
const count = (q) => Number(sql(q)[0][0]);
// One call on its own connection, closed after the answer (Connection: close). Bursts of parallel calls go
// through this: the pooled keep-alive connections of fetch would each hold one of the server's worker threads
// for KEEP_ALIVE_TIMEOUT_MS after their answer, and a burst larger than HTTP_THREADS would queue behind them.
function once(method, p, { body, token, headers = {} } = {}) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const h = { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) };
  return new Promise((resolve, reject) => {
    const req = http.request(`${srv.url}${p}`, { method, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

// A published gig of the test employer (pay unit and rate as given), moved into the past so it has ended.
async function endedGig(over = {}) {
  const g = await publishGig(srv, employer, over);
  sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL 2 DAY, ends_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = ${g.id}`);
  return g;
}
// A completed application of who (default: worker) to gig g, written directly (the application flow has its
// own tests), with attendance records [[checkInMinutesAgo, workedMinutes|null], ...].
function completedApp(g, who = worker, days = [], status = 'completed') {
  const w = typeof who === 'object' ? who.user.id : who;
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at, completed_at)
       VALUES (${g.id}, ${w}, ${employer.user.id}, '${status}', 'apply', NOW(3), NOW(3), NOW(3))`);
  const id = Number(sql(`SELECT id FROM applications WHERE gig_id = ${g.id} AND worker_id = ${w}`)[0][0]);
  days.forEach(([ago, worked], i) => {
    const out = worked === null ? 'NULL' : `UTC_TIMESTAMP() - INTERVAL ${ago * 60 - worked * 60} SECOND`;
    sql(`INSERT INTO attendance (application_id, work_date, check_in_at, check_in_method, check_out_at, check_out_method,
         created_at, updated_at) VALUES (${id}, DATE(UTC_TIMESTAMP() - INTERVAL ${i + 2} DAY), UTC_TIMESTAMP() - INTERVAL ${ago * 60} SECOND,
         'location', ${out}, ${worked === null ? 'NULL' : "'location'"}, NOW(3), NOW(3))`);
  });
  return id;
}
// A worker account that exists only in the database (settling needs no worker token).
function dbUser() {
  const openid = uniq('o_db_');
  sql(`INSERT INTO users (openid, created_at) VALUES ('${openid}', NOW(3))`);
  return Number(sql(`SELECT id FROM users WHERE openid = '${openid}'`)[0][0]);
}
// n completed applications to gig g by n new database-only workers, each with one checked-out day (one
// statement per table, not per row).
function completedApps(g, n) {
  const tag = uniq('o_batch_');
  sql(`INSERT INTO users (openid, created_at) VALUES ${Array.from({ length: n }, (_, i) => `('${tag}_${i}', NOW(3))`).join(', ')}`);
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at, completed_at)
       SELECT ${g.id}, id, ${employer.user.id}, 'completed', 'apply', NOW(3), NOW(3), NOW(3) FROM users WHERE openid LIKE '${tag}\\_%'`);
  const ids = sql(`SELECT a.id FROM applications a JOIN users u ON u.id = a.worker_id WHERE u.openid LIKE '${tag}\\_%' ORDER BY a.id`).map((r) => Number(r[0]));
  sql(`INSERT INTO attendance (application_id, work_date, check_in_at, check_in_method, check_out_at, check_out_method, created_at, updated_at)
       SELECT id, DATE(UTC_TIMESTAMP() - INTERVAL 2 DAY), UTC_TIMESTAMP() - INTERVAL 50 HOUR, 'location', UTC_TIMESTAMP() - INTERVAL 42 HOUR,
       'location', NOW(3), NOW(3) FROM applications WHERE id IN (${ids.join(',')})`);
  assert.equal(ids.length, n);
  return ids;
}
async function recorded(over = {}, body = {}) {
  const g = await endedGig(over);
  const app = completedApp(g, worker, [[3000, 480]]);
  const r = await settle(app, body);
  assert.equal(r.status, 201, r.text);
  return r.json.settlement;
}

test('the whole flow: apply → accept → check-in/out → confirm → POST settlements → pay → confirm receipt, per openapi.json', async () => {
  const g = await publishGig(srv, employer, { starts_at: at(120), ends_at: at(120 + 8 * 3600), pay_fen: 26000, pay_unit: 'day', ...SITE });
  const w = await signIn(srv, uniq('stf'));
  makeWorker(w.user.id, { name: '覃全程', region: '450223100' });
  const applied = await call(srv.url, 'POST', `/api/v1/gigs/${g.id}/applications`, { token: w.access_token, body: {} });
  assert.equal(applied.status, 201, applied.text);
  const app = applied.json.application.id;
  assert.equal((await call(srv.url, 'POST', `/api/v1/applications/${app}/accept`, { token: employer.access_token, body: {} })).status, 200);
  // not completed yet: 409
  assertError(await settle(app), 409, 'state_conflict');
  const inR = await call(srv.url, 'POST', `/api/v1/applications/${app}/attendance/check-in`, { token: w.access_token, body: SITE });
  assert.equal(inR.status, 201, inR.text);
  const outR = await call(srv.url, 'POST', `/api/v1/applications/${app}/attendance/check-out`, { token: w.access_token, body: SITE });
  assert.equal(outR.status, 200, outR.text);
  for (const who of [w, employer]) {
    const c = await call(srv.url, 'POST', `/api/v1/applications/${app}/confirm`, { token: who.access_token });
    assert.equal(c.status, 200, c.text);
  }
  assert.equal(sql(`SELECT status FROM applications WHERE id = ${app}`)[0][0], 'completed');

  const ofApp = (who) => call(srv.url, 'GET', `/api/v1/applications/${app}/settlement`, { token: who.access_token });
  assertError(await ofApp(employer), 404, 'not_found'); // none recorded yet
  const s = await settle(app);
  assert.equal(s.status, 201, s.text);
  assertMatchesSpec('/api/v1/applications/{id}/settlements', 'POST', s);
  for (const who of [w, employer, admin]) {
    const r = await ofApp(who);
    assert.equal(r.status, 200, r.text);
    assertMatchesSpec('/api/v1/applications/{id}/settlement', 'GET', r);
    assert.equal(r.json.settlement.id, s.json.settlement.id);
  }
  for (const who of [stranger, farAdmin]) assertError(await ofApp(who), 404, 'not_found');
  const st = s.json.settlement;
  assert.equal(st.status, 'recorded');
  assert.equal(st.status_label, '待支付', 'status_label is the zh-CN name of status');
  assert.equal(st.pay_unit, 'day');
  assert.equal(st.days_attended, 1);
  assert.equal(st.quantity, '1');
  assert.equal(st.base_fen, 26000);
  assert.equal(st.amount_fen, 26000);
  assert.equal(st.adjusted, false);
  assert.equal(st.worker.name, '覃全程');
  assert.equal(st.employer.name, '鹿寨县结算测试建筑队');
  assert.deepEqual(st.items.map((i) => [i.position, i.kind, i.amount_fen]), [[0, 'base', 26000]]);
  assert.deepEqual(st.history.map((h) => [h.from, h.to]), [[null, 'recorded']]);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${w.user.id} AND kind = 'settlement_recorded' AND object_id = ${st.id}`), 1);

  const paid = await act(st.id, 'pay', employer, { method: 'wechat', reference: '4200001234567890123' });
  assert.equal(paid.status, 200, paid.text);
  assertMatchesSpec('/api/v1/settlements/{id}/pay', 'POST', paid);
  assert.equal(paid.json.settlement.status, 'paid');
  assert.equal(paid.json.settlement.status_label, '已支付待确认');
  assert.equal(paid.json.settlement.pay_method, 'wechat');
  assert.equal(paid.json.settlement.pay_reference, '4200001234567890123');
  assert.ok(paid.json.settlement.paid_at);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${w.user.id} AND kind = 'settlement_paid' AND object_id = ${st.id}`), 1);

  const conf = await act(st.id, 'confirm', w);
  assert.equal(conf.status, 200, conf.text);
  assertMatchesSpec('/api/v1/settlements/{id}/confirm', 'POST', conf);
  assert.equal(conf.json.settlement.status, 'confirmed');
  assert.ok(conf.json.settlement.confirmed_at);
  assert.deepEqual(conf.json.settlement.history.map((h) => [h.actor, h.from, h.to]),
    [['user', null, 'recorded'], ['user', 'recorded', 'paid'], ['user', 'paid', 'confirmed']]);
  assert.deepEqual(sql(`SELECT actor_id FROM settlement_history WHERE settlement_id = ${st.id} ORDER BY id`).map((r) => Number(r[0])),
    [employer.user.id, employer.user.id, w.user.id]);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${employer.user.id} AND kind = 'settlement_confirmed' AND object_id = ${st.id}`), 1);

  for (const who of [w, employer, admin, cityAdmin]) {
    const r = await get(st.id, who);
    assert.equal(r.status, 200, r.text);
    assertMatchesSpec('/api/v1/settlements/{id}', 'GET', r);
    assert.equal(r.json.settlement.status, 'confirmed');
  }
});

test('POST /api/v1/applications/{id}/settlements computes the amount from attendance × rate for each pay unit', async () => {
  // hour: 450 + 30 minutes checked out, a day with a check-in only counts no minutes
  const hourGig = await endedGig({ pay_unit: 'hour', pay_fen: 3000 });
  const h = await settle(completedApp(hourGig, worker, [[3000, 450], [1500, 30], [600, null]]));
  assert.equal(h.status, 201, h.text);
  assert.equal(h.json.settlement.minutes_worked, 480);
  assert.equal(h.json.settlement.days_attended, 3);
  assert.equal(h.json.settlement.quantity, '8');
  assert.equal(h.json.settlement.amount_fen, 24000);
  assert.equal(h.json.settlement.items[0].label, '工资（按小时计）');
  assert.equal(h.json.settlement.items[0].quantity_milli, 8000);
  assert.equal(h.json.settlement.items[0].unit_fen, 3000);
  // day: days with a check-in
  const dayGig = await endedGig({ pay_unit: 'day', pay_fen: 25000 });
  const d = await settle(completedApp(dayGig, worker, [[3000, 480], [1500, null]]));
  assert.equal(d.json.settlement.amount_fen, 50000);
  // piece: the employer counts the pieces; without them 400
  const pieceGig = await endedGig({ pay_unit: 'piece', pay_fen: 150 });
  const pieceApp = completedApp(pieceGig);
  assertError(await settle(pieceApp), 400, 'missing_field');
  const p = await settle(pieceApp, { pieces: 400 });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.json.settlement.amount_fen, 60000);
  assert.equal(p.json.settlement.quantity, '400');
  // whole gig: the rate once
  const gigGig = await endedGig({ pay_unit: 'gig', pay_fen: 80000 });
  const w = await settle(completedApp(gigGig));
  assert.equal(w.json.settlement.amount_fen, 80000);
  // pieces for a gig not paid by the piece: 400
  const g2 = await endedGig({ pay_unit: 'day' });
  const r = await settle(completedApp(g2, worker, [[3000, 480]]), { pieces: 3 });
  assertError(r, 400, 'validation_failed');
  assert.equal(r.json.error.field, 'pieces');
});

test('POST /api/v1/applications/{id}/settlements: items, deductions and an adjusted amount need a reason', async () => {
  const g = await endedGig({ pay_unit: 'day', pay_fen: 25000 });
  const app = completedApp(g, worker, [[3000, 480], [1500, 480]]);
  const extras = [{ label: '加班费', amount_fen: 5000 }, { label: '餐补', amount_fen: 2000 }];
  let r = await settle(app, { items: [...extras, { label: '损坏工具', amount_fen: -1500 }] });
  assertError(r, 400, 'missing_field');
  assert.equal(r.json.error.field, 'adjust_reason');
  r = await settle(app, { amount_fen: 40000 });
  assertError(r, 400, 'missing_field');
  r = await settle(app, { items: [...extras, { label: '损坏工具', amount_fen: -1500 }], adjust_reason: '损坏电钻一把，按折旧扣款' });
  assert.equal(r.status, 201, r.text);
  const s = r.json.settlement;
  assert.equal(s.base_fen, 50000);
  assert.equal(s.items_fen, 5500);
  assert.equal(s.computed_fen, 55500);
  assert.equal(s.amount_fen, 55500);
  assert.equal(s.adjusted, false);
  assert.equal(s.adjust_reason, '损坏电钻一把，按折旧扣款');
  assert.deepEqual(s.items.map((i) => [i.position, i.kind, i.label, i.amount_fen]),
    [[0, 'base', '工资（按天计）', 50000], [1, 'extra', '加班费', 5000], [2, 'extra', '餐补', 2000], [3, 'deduction', '损坏工具', -1500]]);
  assert.equal(s.history[0].reason, '损坏电钻一把，按折旧扣款');

  // an adjusted amount replaces the computed one
  const app2 = completedApp(g, worker2, [[3000, 480]]);
  r = await settle(app2, { amount_fen: 20000, adjust_reason: '提前两小时离场' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.settlement.computed_fen, 25000);
  assert.equal(r.json.settlement.amount_fen, 20000);
  assert.equal(r.json.settlement.adjusted, true);
  // no attendance at all: the employer must enter the amount
  const app3 = completedApp(g, dbUser());
  r = await settle(app3);
  assertError(r, 400, 'validation_failed');
  assert.equal(r.json.error.field, 'amount_fen');
  // a reason with a blocked word: 422 naming the field
  r = await settle(app3, { amount_fen: 25000, adjust_reason: '先交押金500元再结算' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'adjust_reason');
  r = await settle(app3, { amount_fen: 25000, adjust_reason: '考勤机故障，按排班结算' });
  assert.equal(r.status, 201, r.text);
});

test('POST /api/v1/applications/{id}/settlements rejects every limit at limit + 1, unknown fields and a missing Idempotency-Key', async () => {
  const g = await endedGig({ pay_unit: 'day' });
  const app = completedApp(g, worker, [[3000, 480]]);
  const item = (over = {}) => ({ label: '加班费', amount_fen: 100, ...over });
  const cases = [
    [{ adjust_reason: '因'.repeat(201), amount_fen: 100 }, 'adjust_reason'],
    [{ amount_fen: 100000001, adjust_reason: '上限' }, 'amount_fen'],
    [{ amount_fen: 0, adjust_reason: '零' }, 'amount_fen'],
    [{ items: Array.from({ length: 21 }, () => item()) }, 'items'],
    [{ items: [item({ label: '加'.repeat(33) })] }, 'items[0].label'],
    [{ items: [item({ label: '' })] }, 'items[0].label'],
    [{ items: [item({ amount_fen: 10000001 })] }, 'items[0].amount_fen'],
    [{ items: [item(), item({ amount_fen: -10000001 })], adjust_reason: '扣' }, 'items[1].amount_fen'],
    [{ items: [item({ amount_fen: 0 })] }, 'items[0].amount_fen'],
    [{ items: ['加班费'] }, 'items[0]'],
    [{ pieces: 1000001 }, 'pieces'],
    [{ status: 'paid' }, 'status'],
    [{ amount_fen: '100' }, 'amount_fen'],
  ];
  for (const [body, field] of cases) {
    const r = await settle(app, body);
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.equal(r.json.error.field, field, r.text);
  }
  const unknownItemField = await settle(app, { items: [item({ worker_id: 1 })] });
  assertError(unknownItemField, 400, 'unknown_field');
  assert.equal(unknownItemField.json.error.field, 'items[0].worker_id');
  // at the limits: accepted
  const ok = await settle(app, { items: Array.from({ length: 20 }, (_, i) => item({ label: `加班${'费'.repeat(29)}${i % 10}`, amount_fen: i === 1 ? 10000000 : i % 2 ? 9000000 : 1 })) });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.settlement.items.length, 21);
  // the key is required; a malformed one is 400 too
  const app2 = completedApp(g, worker2, [[3000, 480]]);
  assertError(await settle(app2, {}, { k: null }), 400, 'idempotency_key_required');
  assertError(await settle(app2, {}, { k: 'bad key with spaces' }), 400, 'validation_failed');
  assert.equal(count(`SELECT COUNT(*) FROM settlements WHERE application_id = ${app2}`), 0);
});

test('POST /api/v1/applications/{id}/settlements with one Idempotency-Key replays byte for byte; another body is 422; another key 409', async () => {
  const g = await endedGig({ pay_unit: 'day' });
  const app = completedApp(g, worker, [[3000, 480]]);
  const k = key();
  const first = await settle(app, { items: [{ label: '餐补', amount_fen: 1000 }] }, { k });
  assert.equal(first.status, 201, first.text);
  const again = await settle(app, { items: [{ label: '餐补', amount_fen: 1000 }] }, { k });
  assert.equal(again.status, 201);
  assert.equal(again.text, first.text);
  assertError(await settle(app, { items: [{ label: '餐补', amount_fen: 2000 }] }, { k }), 422, 'idempotency_mismatch');
  const other = await settle(app, {}, { k: key() });
  assertError(other, 409, 'already_exists');
  assert.equal(count(`SELECT COUNT(*) FROM settlements WHERE application_id = ${app}`), 1);
});

test('settlements: object-level checks — the worker may not record (403), strangers see nothing (404), admins only in their region', async () => {
  const g = await endedGig({ pay_unit: 'day' });
  const app = completedApp(g, worker, [[3000, 480]]);
  assertError(await settle(app, {}, { who: worker }), 403, 'forbidden');
  assertError(await settle(app, {}, { who: stranger }), 404, 'not_found');
  assertError(await settle(999999999), 404, 'not_found');
  // an accepted application is not settled yet
  const acc = completedApp(g, worker2, [[3000, 480]], 'accepted');
  assertError(await settle(acc), 409, 'state_conflict');

  const s = (await settle(app)).json.settlement;
  for (const who of [stranger, worker2, farAdmin]) {
    const r = await get(s.id, who);
    assertError(r, 404, 'not_found');
    assert.ok(!r.text.includes(String(s.amount_fen)));
  }
  assertError(await get(s.id, reviewer), 403, 'forbidden'); // the route gate: admins only
  for (const verb of ['pay', 'confirm', 'dispute']) {
    const body = verb === 'pay' ? { method: 'cash' } : verb === 'dispute' ? { reason: '没有收到钱' } : undefined;
    assertError(await act(s.id, verb, stranger, body), 404, 'not_found');
    assert.equal((await act(s.id, verb, admin, body)).status, 403); // admin tokens: never a party
  }
  assertError(await act(s.id, 'pay', worker, { method: 'cash' }), 403, 'forbidden');
  assert.equal(sql(`SELECT status FROM settlements WHERE id = ${s.id}`)[0][0], 'recorded');
  // the employer cannot confirm or dispute for the worker
  assert.equal((await act(s.id, 'pay', employer, { method: 'cash' })).status, 200);
  assertError(await act(s.id, 'confirm', employer), 403, 'forbidden');
  assertError(await act(s.id, 'dispute', employer, { reason: '我自己有异议' }), 403, 'forbidden');
  assert.equal(sql(`SELECT status FROM settlements WHERE id = ${s.id}`)[0][0], 'paid');
});

test('every illegal settlement transition answers 409 with the current state; pay and dispute bodies are checked', async () => {
  const s = await recorded();
  const pay = (id) => act(id, 'pay', employer, { method: 'bank', reference: 'ICBC-2026-0001' });
  const confirm = (id) => act(id, 'confirm', worker);
  const dispute = (id) => act(id, 'dispute', worker, { reason: '少算了一天' });
  const conflict = async (p, stateZh) => {
    const r = await p;
    assertError(r, 409, 'state_conflict');
    assert.ok(r.json.error.message.includes(stateZh), r.text);
  };
  // recorded: only pay
  await conflict(confirm(s.id), '待支付');
  await conflict(dispute(s.id), '待支付');
  // pay body limits
  for (const [body, field] of [[{}, 'method'], [{ method: 'paypal' }, 'method'], [{ method: 'bank', reference: 'x'.repeat(65) }, 'reference'],
    [{ method: 'bank', reference: '转账=1' }, 'reference'], [{ method: 'bank', amount_fen: 1 }, 'amount_fen']]) {
    const r = await act(s.id, 'pay', employer, body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await act(s.id, 'pay', employer, { method: 'bank', reference: 'x'.repeat(64) })).status, 200);
  // paid: confirm or dispute, not pay again
  await conflict(pay(s.id), '已支付');
  // dispute body limits
  for (const [body, field] of [[{}, 'reason'], [{ reason: '少' }, 'reason'], [{ reason: '少'.repeat(501) }, 'reason']]) {
    const r = await act(s.id, 'dispute', worker, body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await confirm(s.id)).status, 200);
  // confirmed is final
  await conflict(pay(s.id), '已确认');
  await conflict(confirm(s.id), '已确认');
  await conflict(dispute(s.id), '已确认');
  // disputed: nothing but the bureau's resolution
  const d = await recorded();
  assert.equal((await pay(d.id)).status, 200);
  const dis = await dispute(d.id);
  assert.equal(dis.status, 200, dis.text);
  await conflict(pay(d.id), '有争议');
  await conflict(confirm(d.id), '有争议');
  await conflict(dispute(d.id), '有争议');
  assert.equal(count(`SELECT COUNT(*) FROM settlement_history WHERE settlement_id = ${s.id}`), 3);
  assert.equal(count(`SELECT COUNT(*) FROM settlement_history WHERE settlement_id = ${d.id}`), 3);
});

test('POST /api/v1/settlements/{id}/dispute opens an unpaid_wage complaint; resolving the complaint resolves the settlement (then final: 409)', async () => {
  const s = await recorded({ title: '争议测试岗位' });
  assert.equal((await act(s.id, 'pay', employer, { method: 'cash' })).status, 200);
  const r = await act(s.id, 'dispute', worker, { reason: '约定每天250元，实际只给了200元' }, { 'idempotency-key': key() });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/settlements/{id}/dispute', 'POST', r);
  const st = r.json.settlement;
  assert.equal(st.status, 'disputed');
  assert.equal(st.status_label, '有争议');
  assert.equal(st.dispute_reason, '约定每天250元，实际只给了200元');
  assert.ok(st.disputed_at);
  assert.ok(Number.isInteger(st.complaint_id), r.text);
  assert.deepEqual(sql(`SELECT category, complainant_id, respondent_id, settlement_id, application_id FROM complaints WHERE id = ${st.complaint_id}`),
    [['unpaid_wage', String(worker.user.id), String(employer.user.id), String(s.id), String(s.application_id)]]);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${employer.user.id} AND kind = 'settlement_disputed' AND object_id = ${s.id}`), 1);
  assert.deepEqual(st.history.at(-1), { actor: 'user', from: 'paid', to: 'disputed', reason: '约定每天250元，实际只给了200元', at: st.history.at(-1).at });

  // the bureau works the complaint; resolving it resolves the settlement (settlement_resolve_system)
  const c = st.complaint_id;
  const step = (verb, body) => call(srv.url, 'POST', `/api/v1/admin/complaints/${c}/${verb}`, { token: admin.access_token, body });
  assert.equal((await step('accept')).status, 200);
  assert.equal((await step('handle', { note: '已联系雇主核实考勤' })).status, 200);
  const res = await step('resolve', { upheld: true, note: '雇主已补发差额50元' });
  assert.equal(res.status, 200, res.text);
  const after = await get(s.id, worker);
  assert.equal(after.json.settlement.status, 'resolved');
  assert.ok(after.json.settlement.resolved_at);
  assert.deepEqual(after.json.settlement.history.at(-1), { actor: 'admin', from: 'disputed', to: 'resolved', reason: '诉求成立：雇主已补发差额50元', at: after.json.settlement.history.at(-1).at });
  for (const u of [worker, employer]) {
    assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE user_id = ${u.user.id} AND kind = 'settlement_resolved' AND object_id = ${s.id}`), 1);
  }
  // resolved is final
  for (const [verb, who, body] of [['pay', employer, { method: 'cash' }], ['confirm', worker], ['dispute', worker, { reason: '还是不满意' }]]) {
    const r2 = await act(s.id, verb, who, body);
    assertError(r2, 409, 'state_conflict');
    assert.ok(r2.json.error.message.includes('争议已处理'), r2.text);
  }
});

test('30 parallel settle requests with one Idempotency-Key record one settlement; 30 parallel pays give one success', async () => {
  const g = await endedGig({ pay_unit: 'day', headcount: 50 });
  const app = completedApp(g, worker, [[3000, 480]]);
  const k = key();
  const settleOnce = (a, body, k) => once('POST', `/api/v1/applications/${a}/settlements`, { token: employer.access_token, body, headers: { 'idempotency-key': k } });
  const rs = await Promise.all(Array.from({ length: 30 }, () => settleOnce(app, { items: [{ label: '交通补贴', amount_fen: 800 }] }, k)));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  assert.equal(new Set(rs.map((r) => r.text)).size, 1, 'every answer is the first one');
  assert.equal(count(`SELECT COUNT(*) FROM settlements WHERE application_id = ${app}`), 1);
  const id = rs[0].json.settlement.id;
  assert.equal(count(`SELECT COUNT(*) FROM settlement_history WHERE settlement_id = ${id}`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM settlement_items WHERE settlement_id = ${id}`), 2);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE kind = 'settlement_recorded' AND object_id = ${id}`), 1);

  // 30 settles of one application with 30 different keys: one 201, the rest 409
  const app2 = completedApp(g, worker2, [[3000, 480]]);
  const many = await Promise.all(Array.from({ length: 30 }, () => settleOnce(app2, {}, key())));
  assert.deepEqual(many.map((r) => r.status).sort(), [201, ...Array(29).fill(409)]);

  const pays = await Promise.all(Array.from({ length: 30 }, (_, i) => once('POST', `/api/v1/settlements/${id}/pay`,
    { token: employer.access_token, body: { method: 'wechat', reference: `WX${i}` } })));
  const ok = pays.filter((r) => r.status === 200);
  assert.equal(ok.length, 1, pays.map((r) => r.status).join(','));
  for (const r of pays.filter((p) => p.status !== 200)) assertError(r, 409, 'state_conflict');
  assert.equal(count(`SELECT COUNT(*) FROM settlement_history WHERE settlement_id = ${id} AND to_status = 'paid'`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM notifications WHERE kind = 'settlement_paid' AND object_id = ${id}`), 1);
  assert.equal(sql(`SELECT pay_reference FROM settlements WHERE id = ${id}`)[0][0], ok[0].json.settlement.pay_reference);
});

test('GET /api/v1/me/settlements lists both sides with state and role filters, paged', async () => {
  const me = await signIn(srv, uniq('stl'));
  const g = await endedGig({ pay_unit: 'gig', pay_fen: 10000, headcount: 10 });
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await settle(completedApp(g, i === 0 ? me : dbUser()))).json.settlement.id);
  assert.equal((await act(ids[0], 'pay', employer, { method: 'cash' })).status, 200);
  const mine = await call(srv.url, 'GET', '/api/v1/me/settlements', { token: me.access_token });
  assert.equal(mine.status, 200, mine.text);
  assertMatchesSpec('/api/v1/me/settlements', 'GET', mine);
  assert.deepEqual(mine.json.items.map((s) => s.id), [ids[0]]);
  assert.equal(mine.json.total, 1);
  const asEmployer = await call(srv.url, 'GET', '/api/v1/me/settlements?role=employer&state=recorded&page_size=2', { token: employer.access_token });
  assert.equal(asEmployer.status, 200, asEmployer.text);
  assert.equal(asEmployer.json.items.length, 2);
  assert.ok(asEmployer.json.total >= 2);
  assert.ok(asEmployer.json.items.every((s) => s.status === 'recorded' && s.employer.id === employer.user.id));
  assert.deepEqual(asEmployer.json.items.slice(0, 2).map((s) => s.id), [ids[2], ids[1]]);
  const asWorker = await call(srv.url, 'GET', '/api/v1/me/settlements?role=worker', { token: employer.access_token });
  assert.equal(asWorker.json.total, 0);
  const paid = await call(srv.url, 'GET', '/api/v1/me/settlements?status=paid', { token: me.access_token });
  assert.equal(paid.json.total, 1);
  for (const q of ['state=done', 'role=admin', 'page_size=101', 'page=0']) {
    assertError(await call(srv.url, 'GET', `/api/v1/me/settlements?${q}`, { token: me.access_token }), 400, 'bad_query');
  }
  assertError(await call(srv.url, 'GET', '/api/v1/me/settlements', { token: admin.access_token }), 403, 'forbidden');
});

test('GET /api/v1/me/income-statement sums the year\'s payments by month; the PDF variant shows the name and the amounts', async () => {
  const w = await signIn(srv, uniq('sti'));
  makeWorker(w.user.id, { name: '蒙收入', region: '450223100' });
  const g = await endedGig({ pay_unit: 'gig', pay_fen: 30000, headcount: 10, title: '收入证明测试岗位' });
  const other = await endedGig({ pay_unit: 'gig', pay_fen: 5000, headcount: 10 });
  const s1 = (await settle(completedApp(g, w))).json.settlement.id;
  const s2 = (await settle(completedApp(other, w))).json.settlement.id;
  const g3 = await endedGig({ pay_unit: 'gig', pay_fen: 7000 });
  const s3 = (await settle(completedApp(g3, w))).json.settlement.id; // recorded, never paid
  for (const id of [s1, s2]) assert.equal((await act(id, 'pay', employer, { method: 'wechat' })).status, 200);
  assert.equal((await act(s1, 'confirm', w)).status, 200);
  // s2 was paid in March 2025 (Shanghai): a different year and month
  sql(`UPDATE settlements SET paid_at = '2025-03-10 02:00:00' WHERE id = ${s2}`);
  const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
  const month = new Date(Date.now() + 8 * 3600e3).getUTCMonth() + 1;
  const r = await call(srv.url, 'GET', `/api/v1/me/income-statement?year=${year}`, { token: w.access_token });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/me/income-statement', 'GET', r);
  const st = r.json.statement;
  assert.equal(st.year, year);
  assert.equal(st.worker.name, '蒙收入');
  assert.equal(st.count, 1);
  assert.equal(st.total_fen, 30000);
  assert.equal(st.confirmed_fen, 30000);
  assert.equal(st.months[month - 1].amount_fen, 30000);
  assert.equal(st.months.reduce((a, m) => a + m.amount_fen, 0), 30000);
  assert.deepEqual(st.items.map((i) => [i.id, i.gig_title, i.status]), [[s1, '收入证明测试岗位', 'confirmed']]);
  assert.deepEqual(st.unpaid, { count: 1, amount_fen: 7000 });
  assert.ok(s3);
  const y2025 = await call(srv.url, 'GET', '/api/v1/me/income-statement?year=2025', { token: w.access_token });
  assert.equal(y2025.json.statement.total_fen, 5000);
  assert.equal(y2025.json.statement.awaiting_confirmation_fen, 5000);
  assert.equal(y2025.json.statement.months[2].amount_fen, 5000);
  // another user sees only their own statement
  const other2 = await call(srv.url, 'GET', `/api/v1/me/income-statement?year=${year}`, { token: stranger.access_token });
  assert.equal(other2.json.statement.total_fen, 0);
  for (const q of ['year=1999', 'year=2101', 'year=abc']) {
    assertError(await call(srv.url, 'GET', `/api/v1/me/income-statement?${q}`, { token: w.access_token }), 400, 'bad_query');
  }

  const pdf = await fetch(`${srv.url}/api/v1/me/income-statement.pdf?year=${year}`, { headers: { authorization: `Bearer ${w.access_token}` } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.match(pdf.headers.get('content-disposition') || '', /attachment; filename="?income-\d{4}\.pdf/);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  assert.ok(bytes.length < 100 * 1024, `the statement is ${bytes.length} bytes`);
  const file = path.join(os.tmpdir(), `${uniq('income')}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['蒙收入', `${year} 年度零工收入明细`, '300.00', '收入证明测试岗位', '70.00']) assert.ok(text.includes(s), `PDF lacks ${s}:\n${text}`);
  } finally {
    fs.unlinkSync(file);
  }
});

test('GET /api/v1/admin/settlements is region-scoped and filters by state and month', async () => {
  const s = await recorded({ title: '区域范围测试岗位' });
  const shanghai = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
  const list = async (who, q = '') => call(srv.url, 'GET', `/api/v1/admin/settlements?page_size=100${q}`, { token: who.access_token });
  const mine = await list(admin, `&state=recorded&month=${shanghai}`);
  assert.equal(mine.status, 200, mine.text);
  assertMatchesSpec('/api/v1/admin/settlements', 'GET', mine);
  assert.ok(mine.json.items.some((x) => x.id === s.id));
  assert.ok(mine.json.items.every((x) => x.region.code.startsWith('450223') && x.status === 'recorded'));
  assert.ok((await list(cityAdmin)).json.items.some((x) => x.id === s.id));
  const far = await list(farAdmin);
  assert.equal(far.status, 200);
  assert.ok(!far.json.items.some((x) => x.id === s.id));
  assert.ok(!(await list(admin, '&state=paid')).json.items.some((x) => x.id === s.id));
  assert.ok(!(await list(admin, '&month=2025-01')).json.items.some((x) => x.id === s.id));
  for (const q of ['&month=2026-13', '&month=202611', '&state=open']) assertError(await list(admin, q), 400, 'bad_query');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/settlements?page_size=101', { token: admin.access_token }), 400, 'bad_query');
  assertError(await list(reviewer), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/settlements', { token: employer.access_token }), 403, 'forbidden');
});

test('GET /api/v1/admin/settlements/export.csv: BOM, Chinese header, quoted fields, formula guard, region scope, audited', async () => {
  const g = await endedGig({ pay_unit: 'day', pay_fen: 25000, title: '导出测试岗位' });
  const evil = '=1+2,"扣款"';
  const r0 = await settle(completedApp(g, worker, [[3000, 480]]), { amount_fen: 24000, adjust_reason: evil });
  assert.equal(r0.status, 201, r0.text);
  const s = r0.json.settlement;
  assert.equal((await act(s.id, 'pay', employer, { method: 'bank', reference: 'ABC 123' })).status, 200);
  const shanghai = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
  const res = await fetch(`${srv.url}/api/v1/admin/settlements/export.csv?state=paid&month=${shanghai}`, { headers: { authorization: `Bearer ${admin.access_token}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(res.headers.get('content-disposition') || '', /attachment; filename="?settlements\.csv/);
  const buf = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = buf.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  assert.ok(lines[0].startsWith('结算编号,状态,记录时间,地区,岗位编号,岗位名称'), lines[0]);
  assert.equal(lines.at(-1), '');
  const row = lines.find((l) => l.startsWith(`${s.id},`));
  assert.ok(row, text);
  assert.ok(row.includes(',已支付待确认,'), row);
  assert.ok(row.includes(',导出测试岗位,'), row);
  assert.ok(row.includes(',韦结算,'), row);
  assert.ok(row.includes(',250.00,240.00,是,'), row);
  assert.ok(row.includes(`,"'=1+2,""扣款""",`), row);
  assert.ok(row.includes(',银行转账,ABC 123,'), row);
  // every row is a paid settlement of the admin's region
  const header = lines[0].split(',');
  assert.equal(header.length, 27);
  assert.ok(lines.slice(1, -1).every((l) => l.includes(',已支付待确认,')));
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'settlement.export' AND object_id LIKE '450223%:paid:%'`) >= 1, true);
  const far = await call(srv.url, 'GET', `/api/v1/admin/settlements/export.csv?state=paid`, { token: farAdmin.access_token });
  assert.equal(far.status, 200);
  assert.ok(!far.text.includes('导出测试岗位'));
  assertError(await call(srv.url, 'GET', '/api/v1/admin/settlements/export.csv?month=x', { token: admin.access_token }), 400, 'bad_query');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/settlements/export.csv', { token: employer.access_token }), 403, 'forbidden');
});

test('SIGKILL during a stream of settlements and pays: after restart no settlement lacks its history, none is doubled', async () => {
  const own = await startServer({ ...wx.env, ...ENV });
  let srv2;
  let base = own;
  try {
    const g = await endedGig({ pay_unit: 'day', headcount: 200 });
    const apps = completedApps(g, 120);
    const sent = []; // {app, k}
    const acked = new Map(); // settlement id -> application id
    const ackedPay = new Set();
    let stop = false;
    const settler = async (slice) => {
      for (const app of slice) {
        if (stop) return;
        const k = key();
        sent.push({ app, k });
        try {
          const r = await settle(app, { items: [{ label: '餐补', amount_fen: 500 }] }, { k, base });
          if (r.status === 201) acked.set(r.json.settlement.id, app);
        } catch { /* the server died under us */ }
      }
    };
    const payer = async () => {
      while (!stop) {
        const todo = [...acked.keys()].filter((id) => !ackedPay.has(id));
        const id = todo[Math.floor(Math.random() * todo.length)];
        if (id === undefined) { await sleep(5); continue; }
        try {
          const r = await call(base.url, 'POST', `/api/v1/settlements/${id}/pay`, { token: employer.access_token, body: { method: 'cash' } });
          if (r.status === 200) ackedPay.add(id);
        } catch { /* died */ }
      }
    };
    const loops = [0, 1, 2, 3].map((i) => settler(apps.slice(i * 30, i * 30 + 30)));
    loops.push(payer(), payer());
    for (let i = 0; i < 300 && acked.size < 40; i++) await sleep(20);
    await own.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    assert.ok(acked.size > 0, 'some settlements were acknowledged before the kill');

    srv2 = await startServer({ ...wx.env, ...ENV });
    base = srv2;
    const ids = apps.join(',');
    for (const [id, app] of acked) assert.equal(sql(`SELECT application_id FROM settlements WHERE id = ${id}`)[0][0], String(app));
    for (const id of ackedPay) assert.equal(sql(`SELECT status FROM settlements WHERE id = ${id}`)[0][0], 'paid');
    // retries with the same keys replay the committed answer or run for the first time, never doubling
    for (const { app, k } of sent.slice(0, 60)) {
      const r = await settle(app, { items: [{ label: '餐补', amount_fen: 500 }] }, { k, base });
      assert.ok(r.status === 201 || r.status === 409, r.text);
    }
    assert.deepEqual(sql(`SELECT application_id FROM settlements WHERE application_id IN (${ids}) GROUP BY application_id HAVING COUNT(*) > 1`), []);
    // every settlement has its history, whose last row names its state, and its base line and item
    assert.deepEqual(sql(`SELECT s.id FROM settlements s WHERE s.application_id IN (${ids}) AND s.status <> COALESCE((
      SELECT h.to_status FROM settlement_history h WHERE h.settlement_id = s.id ORDER BY h.id DESC LIMIT 1), '')`), []);
    assert.deepEqual(sql(`SELECT s.id FROM settlements s WHERE s.application_id IN (${ids}) AND (SELECT COUNT(*) FROM settlement_items i
      WHERE i.settlement_id = s.id) <> 2`), []);
    assert.deepEqual(sql(`SELECT s.id FROM settlements s WHERE s.application_id IN (${ids}) AND (SELECT COUNT(*) FROM notifications n
      WHERE n.kind = 'settlement_recorded' AND n.object_id = s.id) <> 1`), []);
    assert.deepEqual(sql(`SELECT n.id FROM notifications n WHERE n.object_type = 'settlement'
      AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.id = n.object_id)`), []);
    assert.deepEqual(sql(`SELECT s.id FROM settlements s WHERE s.application_id IN (${ids}) AND s.status = 'paid'
      AND (s.paid_at IS NULL OR (SELECT COUNT(*) FROM settlement_history h WHERE h.settlement_id = s.id AND h.to_status = 'paid') <> 1)`), []);
    assert.deepEqual(sql(`SELECT idem_key FROM idempotency_keys WHERE status = 0 OR response = ''`), []);
  } finally {
    if (srv2) await srv2.stop();
    else await own.kill('SIGKILL');
  }
});
