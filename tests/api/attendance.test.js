// Attendance: the employer's rotating site code, check-in/out by location (radius limit and limit + 1) and
// by site code (current accepted, stale refused), the punch window (start - 29 min accepted, start - 31 min
// and start + 31 min refused, a later day of a multi-day gig through CLOCK_OFFSET_S), one record per day,
// check-out before check-in, object-level checks between workers and employers, the record list with hours,
// and employer corrections kept with old and new values and the reason.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const {
  startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, makeEmployer, gigBody, at,
} = require('./lib');

const SITE = { lat: 24.4728, lng: 109.752 };
const PER_M = 180 / (Math.PI * 6371008.8); // degrees of latitude per metre (the server's haversine sphere)
const north = (m) => ({ lat: SITE.lat + m * PER_M, lng: SITE.lng });

let wx, srv;
let employer, otherEmployer, worker, otherWorker;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000' });
  employer = await signIn(srv, uniq('atte'));
  makeEmployer(employer.user.id);
  otherEmployer = await signIn(srv, uniq('atto'));
  makeEmployer(otherEmployer.user.id);
  worker = await signIn(srv, uniq('attw'));
  otherWorker = await signIn(srv, uniq('attx'));
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

// A published gig of `employer` starting in startInS seconds, lasting hours; returns its id.
async function gig(startInS = 600, hours = 8, base = srv) {
  const r = await call(base.url, 'POST', '/api/v1/gigs', {
    token: employer.access_token,
    body: gigBody({ starts_at: at(startInS), ends_at: at(startInS + hours * 3600), ...SITE }),
  });
  assert.equal(r.status, 201, r.text);
  return r.json.gig.id;
}

// An application of `who` to gig id in status, written directly (applying has its own tests).
function application(gigId, who = worker, status = 'accepted') {
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at)
       VALUES (${gigId}, ${who.user.id}, ${employer.user.id}, '${status}', 'apply', NOW(3), NOW(3))`);
  return Number(sql(`SELECT id FROM applications WHERE gig_id = ${gigId} AND worker_id = ${who.user.id}`)[0][0]);
}

const checkIn = (id, body, who = worker, base = srv) =>
  call(base.url, 'POST', `/api/v1/applications/${id}/attendance/check-in`, { token: who.access_token, body });
const checkOut = (id, body, who = worker) =>
  call(srv.url, 'POST', `/api/v1/applications/${id}/attendance/check-out`, { token: who.access_token, body });
const siteCode = (gigId, who = employer) => call(srv.url, 'GET', `/api/v1/gigs/${gigId}/site-code`, { token: who.access_token });

// RFC 6238 TOTP-SHA256, 6 digits, 60 s steps, as domain/sitecode.c computes it.
function totp(secretHex, unix) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(unix / 60)));
  const h = crypto.createHmac('sha256', Buffer.from(secretHex, 'hex')).update(msg).digest();
  const off = h[h.length - 1] & 0x0f;
  const bin = ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3];
  return String(bin % 1000000).padStart(6, '0');
}
const secretOf = (gigId) => sql(`SELECT HEX(site_secret) FROM gigs WHERE id = ${gigId}`)[0][0];

test('GET /api/v1/gigs/{id}/site-code answers the current code to the gig\'s employer per openapi.json, 403 to others', async () => {
  const g = await gig();
  assert.equal(sql(`SELECT site_secret IS NULL FROM gigs WHERE id = ${g}`)[0][0], '1');
  const r = await siteCode(g);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/gigs/{id}/site-code', 'GET', r);
  assert.match(r.json.code, /^\d{6}$/);
  assert.equal(r.json.step, 60);
  assert.ok(r.json.expires_in >= 1 && r.json.expires_in <= 60);
  const secret = secretOf(g);
  assert.equal(secret.length, 64, 'a 32-byte secret is created on first use');
  const now = Date.now() / 1000;
  assert.ok([totp(secret, now), totp(secret, now - 60)].includes(r.json.code), 'the code is the TOTP of the stored secret');
  const again = await siteCode(g);
  assert.equal(again.status, 200);
  assert.equal(secretOf(g), secret, 'the secret is created once');
  assertError(await siteCode(g, otherEmployer), 403, 'forbidden');
  assertError(await siteCode(g, worker), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', `/api/v1/gigs/${g}/site-code`), 401, 'unauthenticated');
  assertError(await siteCode(999999999), 404, 'not_found');
});

test('POST /api/v1/applications/{id}/attendance/check-in by location at 1000 m answers 201 per openapi.json; a second check-in is 409', async () => {
  const id = application(await gig());
  const r = await checkIn(id, north(1000));
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/applications/{id}/attendance/check-in', 'POST', r);
  const a = r.json.attendance;
  assert.equal(a.check_in_method, 'location');
  assert.equal(a.check_out_at, null);
  assert.equal(a.minutes_worked, 0);
  assert.match(a.work_date, /^\d{4}-\d{2}-\d{2}$/);
  const again = await checkIn(id, north(10));
  assertError(again, 409, 'already_checked_in');
  assert.equal(sql(`SELECT COUNT(*) FROM attendance WHERE application_id = ${id}`)[0][0], '1');
});

test('POST .../attendance/check-in by location at 1001 m answers 422 too_far naming the distance and writes nothing', async () => {
  const id = application(await gig());
  const r = await checkIn(id, north(1001));
  assertError(r, 422, 'too_far');
  assert.match(r.json.error.message, /1001 米/);
  assert.match(r.json.error.message, /1000 米以内/);
  assert.equal(sql(`SELECT COUNT(*) FROM attendance WHERE application_id = ${id}`)[0][0], '0');
  const far = await checkIn(id, { lat: 39.9042, lng: 116.4074 });
  assertError(far, 422, 'too_far');
});

test('POST .../attendance/check-in with the current site code answers 201; the previous step\'s code is accepted too', async () => {
  const g = await gig();
  const code = (await siteCode(g)).json.code;
  const id = application(g);
  const r = await checkIn(id, { code });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.attendance.check_in_method, 'code');
  const id2 = application(g, otherWorker);
  const prev = totp(secretOf(g), Date.now() / 1000 - 60);
  const r2 = await checkIn(id2, { code: prev }, otherWorker);
  assert.equal(r2.status, 201, r2.text);
});

test('POST .../attendance/check-in with a stale site code (3 steps old) or a wrong one answers 422 site_code_invalid', async () => {
  const g = await gig();
  await siteCode(g);
  const id = application(g);
  const secret = secretOf(g);
  const now = Date.now() / 1000;
  const stale = totp(secret, now - 180);
  const valid = new Set([totp(secret, now - 60), totp(secret, now), totp(secret, now + 60)]);
  if (!valid.has(stale)) assertError(await checkIn(id, { code: stale }), 422, 'site_code_invalid');
  let wrong = '000000';
  while (valid.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');
  assertError(await checkIn(id, { code: wrong }), 422, 'site_code_invalid');
  // a gig whose employer never opened the code has no secret: every code is refused
  const id2 = application(await gig());
  assertError(await checkIn(id2, { code: '123456' }), 422, 'site_code_invalid');
  assert.equal(sql(`SELECT COUNT(*) FROM attendance WHERE application_id IN (${id}, ${id2})`)[0][0], '0');
});

test('POST .../attendance/check-in refuses outside the punch window: start - 31 min and start + 31 min are 409, start - 29 min is 201', async () => {
  const early = application(await gig(31 * 60 + 30));
  const r = await checkIn(early, north(0));
  assertError(r, 409, 'outside_punch_window');
  assert.match(r.json.error.message, /还未到签到时间/);
  const ok = application(await gig(29 * 60));
  assert.equal((await checkIn(ok, north(0))).status, 201);
  // started 31 min ago (moved back in the database: posting refuses past starts)
  const g = await gig();
  sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL 31 MINUTE, ends_at = UTC_TIMESTAMP() + INTERVAL 7 HOUR WHERE id = ${g}`);
  const late = await checkIn(application(g), north(0));
  assertError(late, 409, 'outside_punch_window');
  assert.match(late.json.error.message, /已过签到时间/);
});

test('POST .../attendance/check-in on day 2 of a multi-day gig (server clock shifted by CLOCK_OFFSET_S) records that day', async () => {
  const shifted = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', CLOCK_OFFSET_S: '86400', TASK_INTERVAL_S: '3600' });
  try {
    const g = await gig(600, 2 * 24);
    const id = application(g);
    const day1 = sql(`SELECT DATE_FORMAT(CONVERT_TZ(starts_at, '+00:00', '+08:00'), '%Y-%m-%d') FROM gigs WHERE id = ${g}`)[0][0];
    const r = await checkIn(id, north(0), worker, shifted);
    assert.equal(r.status, 201, r.text);
    assert.notEqual(r.json.attendance.work_date, day1);
    const d1 = new Date(`${day1}T00:00:00Z`);
    d1.setUTCDate(d1.getUTCDate() + 1);
    assert.equal(r.json.attendance.work_date, d1.toISOString().slice(0, 10));
    // the same request on the unshifted server is in day 1's window, which is a different record
    assert.equal((await checkIn(id, north(0))).status, 201);
    assert.equal(sql(`SELECT COUNT(*) FROM attendance WHERE application_id = ${id}`)[0][0], '2');
  } finally {
    await shifted.stop();
  }
});

test('POST .../attendance/check-out before check-in is 409 not_checked_in; after it 200 per openapi.json; twice is 409', async () => {
  const id = application(await gig());
  assertError(await checkOut(id, north(0)), 409, 'not_checked_in');
  assert.equal((await checkIn(id, north(0))).status, 201);
  assertError(await checkOut(id, north(1001)), 422, 'too_far');
  const r = await checkOut(id, north(500));
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/applications/{id}/attendance/check-out', 'POST', r);
  assert.equal(r.json.attendance.check_out_method, 'location');
  assert.ok(r.json.attendance.check_out_at);
  assertError(await checkOut(id, north(0)), 409, 'already_checked_out');
});

test('POST .../attendance/check-in validates the body: position or code, not both, not neither, no unknown fields', async () => {
  const id = application(await gig());
  assertError(await checkIn(id, { ...north(0), code: '123456' }), 400, 'validation_failed');
  assertError(await checkIn(id, {}), 400, 'missing_field');
  assertError(await checkIn(id, { lat: SITE.lat }), 400, 'missing_field');
  assertError(await checkIn(id, { code: '12345' }), 400, 'validation_failed');
  assertError(await checkIn(id, { lat: 91, lng: 0 }), 400, 'validation_failed');
  assertError(await checkIn(id, { ...north(0), work_date: '2026-01-01' }), 400, 'unknown_field');
  assert.equal(sql(`SELECT COUNT(*) FROM attendance WHERE application_id = ${id}`)[0][0], '0');
});

test('BOLA: another worker cannot check in or read A\'s attendance (404); the employer cannot check in for the worker (403)', async () => {
  const id = application(await gig());
  assertError(await checkIn(id, north(0), otherWorker), 404, 'not_found');
  assertError(await checkOut(id, north(0), otherWorker), 404, 'not_found');
  assertError(await checkIn(id, north(0), employer), 403, 'forbidden');
  assertError(await call(srv.url, 'GET', `/api/v1/applications/${id}/attendance`, { token: otherWorker.access_token }), 404, 'not_found');
  assertError(await call(srv.url, 'GET', `/api/v1/applications/${id}/attendance`, { token: otherEmployer.access_token }), 404, 'not_found');
  assert.equal(sql(`SELECT COUNT(*) FROM attendance WHERE application_id = ${id}`)[0][0], '0');
});

test('POST .../attendance/check-in on an application that is not accepted answers 409 state_conflict', async () => {
  const g = await gig();
  const applied = application(g, worker, 'applied');
  const r = await checkIn(applied, north(0));
  assertError(r, 409, 'state_conflict');
  assert.match(r.json.error.message, /已报名/);
  sql(`UPDATE applications SET status = 'cancelled' WHERE id = ${applied}`);
  assertError(await checkIn(applied, north(0)), 409, 'state_conflict');
});

test('GET /api/v1/applications/{id}/attendance answers both sides the records with hours per openapi.json', async () => {
  const id = application(await gig());
  await checkIn(id, north(0));
  await checkOut(id, north(0));
  // an 8 h 15 min shift, set in the database
  sql(`UPDATE attendance SET check_in_at = UTC_TIMESTAMP() - INTERVAL 495 MINUTE, check_out_at = UTC_TIMESTAMP() WHERE application_id = ${id}`);
  for (const who of [worker, employer]) {
    const r = await call(srv.url, 'GET', `/api/v1/applications/${id}/attendance`, { token: who.access_token });
    assert.equal(r.status, 200, r.text);
    assertMatchesSpec('/api/v1/applications/{id}/attendance', 'GET', r);
    assert.equal(r.json.items.length, 1);
    assert.equal(r.json.items[0].minutes_worked, 495);
    assert.equal(r.json.items[0].hours_worked, 8.25);
    assert.equal(r.json.work_days, 1);
    assert.equal(r.json.days_attended, 1);
    assert.equal(r.json.hours_total, 8.25);
  }
});

test('POST /api/v1/applications/{id}/attendance/corrections by the employer keeps old and new values with the reason', async () => {
  const g = await gig();
  // the gig started 2 h ago (in Shanghai that is the work day we correct)
  sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL 2 HOUR, ends_at = UTC_TIMESTAMP() + INTERVAL 6 HOUR WHERE id = ${g}`);
  const id = application(g);
  const startUnix = Number(sql(`SELECT UNIX_TIMESTAMP(starts_at) FROM gigs WHERE id = ${g}`)[0][0]);
  const iso = (t) => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const workDate = new Date((startUnix + 8 * 3600) * 1000).toISOString().slice(0, 10);
  const url = `/api/v1/applications/${id}/attendance/corrections`;
  const post = (body, who = employer) => call(srv.url, 'POST', url, { token: who.access_token, body });

  // no record yet: the employer records the day (the worker's phone had no signal)
  const r = await post({ work_date: workDate, check_in_at: iso(startUnix + 300), check_out_at: iso(startUnix + 3900), reason: '工人手机没信号，现场核实后补录' });
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/applications/{id}/attendance/corrections', 'POST', r);
  const a = r.json.attendance;
  assert.equal(a.work_date, workDate);
  assert.equal(a.check_in_method, 'correction');
  assert.equal(a.minutes_worked, 60);
  assert.equal(a.corrections.length, 1);
  assert.equal(a.corrections[0].old_check_in_at, null);
  assert.equal(a.corrections[0].new_check_in_at, iso(startUnix + 300));
  assert.equal(a.corrections[0].reason, '工人手机没信号，现场核实后补录');
  assert.equal(a.corrections[0].actor_id, employer.user.id);

  // a second correction changes the check-out only; both history rows stay
  const r2 = await post({ work_date: workDate, check_out_at: iso(startUnix + 5400), reason: '实际干到九点半' });
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.attendance.minutes_worked, 85);
  assert.equal(r2.json.attendance.check_in_at, iso(startUnix + 300));
  const c = r2.json.attendance.corrections;
  assert.equal(c.length, 2);
  assert.equal(c[1].old_check_out_at, iso(startUnix + 3900));
  assert.equal(c[1].new_check_out_at, iso(startUnix + 5400));
  assert.equal(c[1].old_check_in_at, iso(startUnix + 300));
  const rows = sql(`SELECT c.reason, c.actor_id FROM attendance_corrections c JOIN attendance t ON t.id = c.attendance_id
                    WHERE t.application_id = ${id} ORDER BY c.id`);
  assert.deepEqual(rows, [['工人手机没信号，现场核实后补录', String(employer.user.id)], ['实际干到九点半', String(employer.user.id)]]);
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${worker.user.id} AND kind = 'attendance_corrected' AND object_id = ${id}`)[0][0], '2');
  const list = await call(srv.url, 'GET', `/api/v1/applications/${id}/attendance`, { token: worker.access_token });
  assert.equal(list.json.items[0].corrections.length, 2, 'the worker sees the corrections and their reasons');

  // validation, object-level checks
  assertError(await post({ work_date: workDate, check_out_at: iso(startUnix + 5400), reason: '好' }), 400, 'validation_failed');
  assertError(await post({ work_date: '2020-01-01', check_in_at: iso(startUnix), reason: '日期不对' }), 400, 'validation_failed');
  assertError(await post({ work_date: workDate, reason: '什么都没改' }), 400, 'missing_field');
  assertError(await post({ work_date: workDate, check_out_at: iso(startUnix), reason: '签退早于签到' }), 400, 'validation_failed');
  assertError(await post({ work_date: workDate, check_out_at: iso(startUnix + 7 * 3600), reason: '未来的时间' }), 400, 'validation_failed');
  assertError(await post({ work_date: workDate, check_in_at: iso(startUnix), reason: '别人的工人' }, otherEmployer), 404, 'not_found');
  assertError(await post({ work_date: workDate, check_in_at: iso(startUnix), reason: '自己改自己的' }, worker), 403, 'forbidden');
  assertError(await post({ work_date: workDate, check_in_at: iso(startUnix), reason: '多余字段', status: 'x' }), 400, 'unknown_field');
  assert.equal(sql(`SELECT COUNT(*) FROM attendance_corrections c JOIN attendance t ON t.id = c.attendance_id WHERE t.application_id = ${id}`)[0][0], '2');
});
