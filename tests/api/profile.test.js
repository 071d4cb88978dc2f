// Worker and employer profiles: GET/PUT /me/worker and /me/employer against openapi.json, every validation
// limit at the limit and one past it, ID and credit-code checksum rejections, masking (no reply and no
// table holds a plaintext ID or phone), mass assignment, one-transaction saves, the verification states,
// and the admin review of employers with region scoping, role checks and audit rows.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, uniqZh, assertMatchesSpec, assertError, signIn, createAdmin,
} = require('./lib');

let wx, srv;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_IP_PER_MIN: '1000000' });
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

// ---------------------------------------------------------------- generators of valid personal numbers

const rnd = (n) => Math.floor(Math.random() * n);
const pad = (v, n) => String(v).padStart(n, '0');

// A random GB 11643 ID number of someone born in [fromYear, toYear] (default adults).
function genId({ region = '450223', fromYear = 1965, toYear = 2000 } = {}) {
  const y = fromYear + rnd(toYear - fromYear + 1);
  const body = `${region}${y}${pad(1 + rnd(12), 2)}${pad(1 + rnd(28), 2)}${pad(rnd(1000), 3)}`;
  return body + idCheck(body);
}
function idCheck(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body17[i]) * w[i];
  return '10X98765432'[s % 11];
}
// A random GB 32100 unified social credit code of an enterprise (91) in 鹿寨县. Its organisation code
// starts with a letter, so a code can never be mistaken for an ID number by the masking checks below.
const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function genCreditCode() {
  const org = 'ABCDEFGH'[rnd(8)] + pad(rnd(1e7), 7);
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += parseInt(org[i], 36) * ow[i];
  const c = 11 - (s % 11);
  const body = `91450223${org}${c === 10 ? 'X' : c === 11 ? '0' : String(c)}`;
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let t = 0;
  for (let i = 0; i < 17; i++) t += CC.indexOf(body[i]) * w[i];
  return body + CC[(31 - (t % 31)) % 31];
}
const genPhone = () => `13${1 + rnd(9)}${pad(rnd(1e8), 8)}`;
const maskId = (id) => `${id.slice(0, 4)}**********${id.slice(14)}`;
const maskPhone = (p) => `${p.slice(0, 3)}****${p.slice(7)}`;

// No reply may carry a full ID number or mobile number.
const FULL_ID = /\d{17}[\dX]/;
const FULL_PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
function assertNoPlain(res, ...values) {
  // 统一社会信用代码 are public and may be 18 digits: they are not what these patterns look for
  const text = res.text.replace(/"credit_code":"[0-9A-Z]{18}"/g, '"credit_code":"…"');
  assert.ok(!FULL_ID.test(text), `reply contains a full ID number: ${res.text}`);
  assert.ok(!FULL_PHONE.test(text), `reply contains a full phone number: ${res.text}`);
  for (const v of values) assert.ok(!res.text.includes(v), 'reply contains a submitted personal number');
}

// ---------------------------------------------------------------- helpers

const submitted = []; // every ID and phone number sent, for the table dump test
async function user(name = 'u') {
  const s = await signIn(srv, uniq(name));
  return { token: s.access_token, id: s.user.id };
}
async function bindPhone(u) {
  const num = genPhone();
  submitted.push(num);
  const r = await call(srv.url, 'POST', '/api/v1/auth/phone', { token: u.token, body: { code: `phone:${num}` } });
  assert.equal(r.status, 200, r.text);
  return num;
}
const putWorker = (u, body) => call(srv.url, 'PUT', '/api/v1/me/worker', { token: u.token, body });
const getWorker = (u) => call(srv.url, 'GET', '/api/v1/me/worker', { token: u.token });
const putEmployer = (u, body) => call(srv.url, 'PUT', '/api/v1/me/employer', { token: u.token, body });
const getEmployer = (u) => call(srv.url, 'GET', '/api/v1/me/employer', { token: u.token });

function fullWorker(overrides = {}) {
  const id = genId();
  submitted.push(id);
  return {
    real_name: '张三',
    id_number: id,
    job_types: [{ id: 301, years: 8 }, { id: 302, years: 2 }],
    certificates: [{ name: '低压电工作业证', number: 'T2019-0815-4502', expires_on: '2027-06-30' }],
    work_regions: ['450223', '450223100'],
    region_code: '450223100',
    lat: 24.4728,
    lng: 109.752,
    availability: { mon: ['morning', 'afternoon'], sat: ['evening'] },
    expected_pay: { fen: 25000, unit: 'day' },
    intro: '二十年水电安装经验，能吃苦，随叫随到。',
    elder_mode: false,
    discoverable: true,
    ...overrides,
  };
}
function orgEmployer(overrides = {}) {
  const phone = genPhone();
  submitted.push(phone);
  return {
    kind: 'org',
    name: `鹿寨县${uniqZh()}建筑有限公司`,
    credit_code: genCreditCode(),
    legal_rep: '李四',
    contact_name: '王五',
    contact_phone: phone,
    region_code: '450223100',
    address: '鹿寨镇建设路 8 号',
    ...overrides,
  };
}
async function adminToken(role, region) {
  const password = `pw-${uniq('x')}`;
  const username = createAdmin({ password, role, region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return { token: r.json.access_token, id: r.json.admin.id };
}
const auditCount = (action, id, result = 'ok') => Number(sql(
  `SELECT COUNT(*) FROM audit_log WHERE action = '${action}' AND object_type = 'employer' AND object_id = '${id}'
   AND result = '${result}'`)[0][0]);

// ---------------------------------------------------------------- worker profile

test('GET /api/v1/me/worker before any PUT answers exists:false, null fields and completeness 0', async () => {
  const u = await user('w0');
  const r = await getWorker(u);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/me/worker', 'GET', r);
  const w = r.json.worker;
  assert.equal(w.exists, false);
  assert.equal(w.real_name, null);
  assert.equal(w.id_number, null);
  assert.equal(w.completeness, 0);
  assert.deepEqual(w.job_types, []);
  assert.deepEqual(w.availability, { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
});

test('PUT /api/v1/me/worker saves a full profile and answers it masked per openapi.json; GET answers the same', async () => {
  const u = await user('w1');
  const phone = await bindPhone(u);
  const body = fullWorker();
  const r = await putWorker(u, body);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/me/worker', 'PUT', r);
  assertNoPlain(r, body.id_number, phone);
  const w = r.json.worker;
  assert.equal(w.exists, true);
  assert.equal(w.real_name, '张三');
  assert.equal(w.id_number, maskId(body.id_number));
  assert.equal(w.phone, maskPhone(phone));
  assert.equal(w.birth_year, Number(body.id_number.slice(6, 10)));
  assert.equal(w.gender, Number(body.id_number[16]) % 2 ? 'male' : 'female');
  assert.deepEqual(w.job_types.map((j) => [j.id, j.years]), [[301, 8], [302, 2]]);
  assert.equal(w.job_types[0].name, '水电工');
  // certificate numbers are often ID numbers: masked like them (first and last two characters)
  assert.deepEqual(w.certificates, [{ name: '低压电工作业证', number: 'T2***********02', expires_on: '2027-06-30' }]);
  assert.deepEqual(w.work_regions.map((g) => g.code), ['450223', '450223100']);
  assert.deepEqual(w.region, { code: '450223100', name: '鹿寨镇' });
  assert.equal(w.lat, 24.4728);
  assert.equal(w.lng, 109.752);
  assert.deepEqual(w.availability, { mon: ['morning', 'afternoon'], tue: [], wed: [], thu: [], fri: [], sat: ['evening'], sun: [] });
  assert.deepEqual(w.expected_pay, { fen: 25000, unit: 'day' });
  assert.equal(w.discoverable, true);
  assert.equal(w.elder_mode, false);
  assert.equal(w.credit, 100);
  assert.equal(w.completeness, 100);
  const g = await getWorker(u);
  assert.equal(g.status, 200);
  assertMatchesSpec('/api/v1/me/worker', 'GET', g);
  assertNoPlain(g, body.id_number, phone);
  assert.deepEqual(g.json.worker, w);
  // availability is stored as the bitmask column: mon morning (bit 0), mon afternoon (1), sat evening (17)
  assert.equal(Number(sql(`SELECT availability FROM workers WHERE user_id = ${u.id}`)[0][0]), 1 + 2 + (1 << 17));
});

test('PUT /api/v1/me/worker replaces the profile: absent lists and fields are cleared, an absent id_number keeps the stored one', async () => {
  const u = await user('w2');
  const body = fullWorker();
  assert.equal((await putWorker(u, body)).status, 200);
  const r = await putWorker(u, { real_name: '张三丰' });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/me/worker', 'PUT', r);
  const w = r.json.worker;
  assert.equal(w.real_name, '张三丰');
  assert.equal(w.id_number, maskId(body.id_number));
  assert.equal(w.birth_year, Number(body.id_number.slice(6, 10)));
  assert.deepEqual(w.job_types, []);
  assert.deepEqual(w.certificates, []);
  assert.deepEqual(w.work_regions, []);
  assert.equal(w.region, null);
  assert.equal(w.lat, null);
  assert.equal(w.expected_pay, null);
  assert.equal(w.intro, null);
  assert.equal(w.discoverable, false);
  assert.equal(w.completeness, 25, 'name 10 + ID 15, no phone');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM worker_job_types WHERE user_id = ${u.id}`)[0][0]), 0);
  // a new ID number replaces the stored one, with its birth year
  const id2 = genId({ fromYear: 1990, toYear: 1990 });
  submitted.push(id2);
  const r2 = await putWorker(u, { real_name: '张三丰', id_number: id2.toLowerCase() });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.worker.id_number, maskId(id2));
  assert.equal(r2.json.worker.birth_year, 1990);
});

test('PUT /api/v1/me/worker without an ID number on the first save answers 400 missing_field id_number and stores nothing', async () => {
  const u = await user('w3');
  const r = await putWorker(u, { real_name: '李四', job_types: [{ id: 101 }] });
  assertError(r, 400, 'missing_field');
  assertMatchesSpec('/api/v1/me/worker', 'PUT', r);
  assert.equal(r.json.error.field, 'id_number');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM workers WHERE user_id = ${u.id}`)[0][0]), 0);
  assert.equal((await getWorker(u)).json.worker.exists, false);
});

test('PUT /api/v1/me/worker rejects ID numbers failing GB 11643 with 400 naming id_number and the reason', async () => {
  const u = await user('w4');
  const good = genId();
  const bad = [
    ['length', good.slice(0, 17), /18 位/],
    ['length (19)', `${good}1`, /18 位/],
    ['charset', `${good.slice(0, 10)}A${good.slice(11)}`, /数字/],
    ['region', `00${good.slice(2, 17)}${idCheck(`00${good.slice(2, 17)}`)}`, /地区码/],
    ['date', `45022319901332${good.slice(14, 17)}${idCheck(`45022319901332${good.slice(14, 17)}`)}`, /出生日期/],
    ['checksum', good.slice(0, 17) + (good[17] === '0' ? '1' : '0'), /校验位/],
    ['under 16', (() => { const y = new Date().getUTCFullYear() - 10; const b = `450223${y}0101123`; return b + idCheck(b); })(), /16 周岁/],
  ];
  for (const [label, id, msg] of bad) {
    const r = await putWorker(u, { real_name: '王五', id_number: id });
    assertError(r, 400, 'validation_failed');
    assert.equal(r.json.error.field, 'id_number', label);
    assert.match(r.json.error.message, msg, label);
    assertNoPlain(r, id);
  }
  assert.equal(Number(sql(`SELECT COUNT(*) FROM workers WHERE user_id = ${u.id}`)[0][0]), 0);
});

test('PUT /api/v1/me/worker with an ID number another worker holds answers 409 and saves none of the request', async () => {
  const a = await user('w5a');
  const b = await user('w5b');
  const body = fullWorker();
  assert.equal((await putWorker(a, body)).status, 200);
  // b first saves a profile of its own, then tries a's ID with different job types
  const own = fullWorker({ job_types: [{ id: 101, years: 1 }] });
  assert.equal((await putWorker(b, own)).status, 200);
  const r = await putWorker(b, { ...fullWorker({ job_types: [{ id: 201, years: 3 }], real_name: '改名' }), id_number: body.id_number });
  assertError(r, 409, 'already_exists');
  assertMatchesSpec('/api/v1/me/worker', 'PUT', r);
  assert.equal(r.json.error.field, 'id_number');
  assert.equal(r.json.error.message, '该身份证号已被其他账号使用');
  assertNoPlain(r, body.id_number);
  const after = (await getWorker(b)).json.worker;
  assert.equal(after.real_name, '张三', 'the failed PUT changed nothing');
  assert.deepEqual(after.job_types.map((j) => j.id), [101]);
  assert.equal(after.id_number, maskId(own.id_number));
  // a fresh user with a's ID: no stub row is left behind
  const c = await user('w5c');
  assertError(await putWorker(c, { real_name: '赵六', id_number: body.id_number, job_types: [{ id: 101 }] }), 409, 'already_exists');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM workers WHERE user_id = ${c.id}`)[0][0]), 0);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM worker_job_types WHERE user_id = ${c.id}`)[0][0]), 0);
});

test('PUT /api/v1/me/worker enforces every limit at the limit and one past it', async () => {
  const u = await user('w6');
  assert.equal((await putWorker(u, fullWorker())).status, 200);
  const base = { real_name: '张三' };
  const ok = async (extra, label) => {
    const r = await putWorker(u, { ...base, ...extra });
    assert.equal(r.status, 200, `${label}: ${r.text}`);
    assertMatchesSpec('/api/v1/me/worker', 'PUT', r);
    return r.json.worker;
  };
  const bad = async (extra, field, label, code = 'validation_failed') => {
    const r = await putWorker(u, { ...base, ...extra });
    assertError(r, 400, code);
    assertMatchesSpec('/api/v1/me/worker', 'PUT', r);
    assert.equal(r.json.error.field, field, `${label}: ${r.text}`);
  };
  await ok({ real_name: '张三' }, 'name 2');
  await bad({ real_name: '张' }, 'real_name', 'name 1');
  await ok({ real_name: '张'.repeat(32) }, 'name 32');
  await bad({ real_name: '张'.repeat(33) }, 'real_name', 'name 33');
  await bad({ real_name: undefined }, 'real_name', 'name missing', 'missing_field');
  assert.equal((await ok({ intro: '字'.repeat(500) }, 'intro 500')).intro.length, 500);
  await bad({ intro: '字'.repeat(501) }, 'intro', 'intro 501');
  const jt = [101, 102, 103, 104, 105, 106, 107, 108, 201, 202, 203];
  assert.equal((await ok({ job_types: jt.slice(0, 10).map((id) => ({ id, years: 60 })) }, 'job_types 10')).job_types.length, 10);
  await bad({ job_types: jt.map((id) => ({ id })) }, 'job_types', 'job_types 11');
  await bad({ job_types: [{ id: 101, years: 61 }] }, 'job_types[0].years', 'years 61');
  await bad({ job_types: [{ id: 101, years: -1 }] }, 'job_types[0].years', 'years -1');
  await bad({ job_types: [{ id: 101 }, { id: 999999 }] }, 'job_types[1].id', 'unknown job type');
  await bad({ job_types: [{ id: 101 }, { id: 101 }] }, 'job_types[1]', 'repeated job type');
  await bad({ job_types: [{ id: 101, level: 3 }] }, 'job_types[0].level', 'unknown key in a job type', 'unknown_field');
  await bad({ job_types: [101] }, 'job_types[0]', 'job type not an object');
  const cert = (i) => ({ name: `证书${i}`, number: 'N'.repeat(64), expires_on: '2030-01-31' });
  assert.equal((await ok({ certificates: [0, 1, 2, 3, 4].map(cert) }, 'certificates 5')).certificates.length, 5);
  await bad({ certificates: [0, 1, 2, 3, 4, 5].map(cert) }, 'certificates', 'certificates 6');
  await ok({ certificates: [{ name: '证'.repeat(64) }] }, 'certificate name 64');
  await bad({ certificates: [{ name: '证'.repeat(65) }] }, 'certificates[0].name', 'certificate name 65');
  await bad({ certificates: [{ name: '证', number: 'N'.repeat(65) }] }, 'certificates[0].number', 'certificate number 65');
  await bad({ certificates: [{ name: '证', expires_on: '2027-02-29' }] }, 'certificates[0].expires_on', 'not a date');
  await bad({ certificates: [{ name: '证', expires_on: '2027/02/01' }] }, 'certificates[0].expires_on', 'wrong format');
  const towns = ['450223100', '450223102', '450223103', '450223104', '450223105', '450223106'];
  assert.equal((await ok({ work_regions: towns.slice(0, 5) }, 'work_regions 5')).work_regions.length, 5);
  await bad({ work_regions: towns }, 'work_regions', 'work_regions 6');
  await bad({ work_regions: ['450223', '450299'] }, 'work_regions[1]', 'unknown work region');
  await bad({ work_regions: ['450223', '450223'] }, 'work_regions[1]', 'repeated work region');
  await bad({ work_regions: [450223] }, 'work_regions[0]', 'work region not a string');
  await ok({ region_code: '450223' }, 'home county');
  await bad({ region_code: '450200' }, 'region_code', 'home city');
  await bad({ region_code: '450299' }, 'region_code', 'home unknown');
  await bad({ region_code: '45022' }, 'region_code', 'home too short');
  await ok({ expected_pay: { fen: 10000000, unit: 'gig' } }, 'pay max');
  await bad({ expected_pay: { fen: 10000001, unit: 'gig' } }, 'expected_pay.fen', 'pay max+1');
  await bad({ expected_pay: { fen: 0, unit: 'day' } }, 'expected_pay.fen', 'pay 0');
  await bad({ expected_pay: { fen: 100, unit: 'week' } }, 'expected_pay.unit', 'pay unit');
  await bad({ expected_pay: { fen: 100 } }, 'expected_pay.unit', 'pay unit missing', 'missing_field');
  const all = { mon: ['morning', 'afternoon', 'evening'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: ['evening'] };
  assert.deepEqual((await ok({ availability: all }, 'availability')).availability, all);
  await bad({ availability: { mon: ['morning', 'afternoon', 'evening', 'morning'] } }, 'availability.mon', '4 slots');
  await bad({ availability: { mon: ['night'] } }, 'availability.mon', 'bad slot');
  await bad({ availability: { monday: ['morning'] } }, 'availability.monday', 'bad day', 'unknown_field');
  await ok({ lat: 53.6, lng: 135.1 }, 'lat/lng on the edge of China');
  await bad({ lat: 1.3, lng: 103.8 }, 'lat', 'Singapore');
  await bad({ lat: 24.47, lng: 150 }, 'lng', 'east of China');
  await bad({ lat: 24.47 }, 'lng', 'lat without lng', 'missing_field');
  await bad({ lat: '24.47', lng: 109.7 }, 'lat', 'lat as a string');
  await bad({ elder_mode: 'yes' }, 'elder_mode', 'bool as a string');
});

test('PUT /api/v1/me/worker rejects mass assignment of status, credit, user_id and derived fields with 400 unknown_field', async () => {
  const u = await user('w7');
  assert.equal((await putWorker(u, fullWorker())).status, 200);
  for (const extra of [{ status: 'active' }, { verification: 'verified' }, { credit: 100 }, { user_id: 1 },
    { birth_year: 1990 }, { gender: 'male' }, { completeness: 100 }, { phone: '13800138000' }, { exists: true }]) {
    const r = await putWorker(u, { real_name: '张三', ...extra });
    assertError(r, 400, 'unknown_field');
    assert.equal(r.json.error.field, Object.keys(extra)[0]);
  }
  assert.equal(sql(`SELECT credit FROM workers WHERE user_id = ${u.id}`)[0][0], '100');
});

test('GET/PUT /api/v1/me/worker always act on the caller: user B neither reads nor changes user A', async () => {
  const a = await user('w8a');
  const b = await user('w8b');
  const body = fullWorker();
  assert.equal((await putWorker(a, body)).status, 200);
  const before = (await getWorker(a)).json.worker;
  const gb = await getWorker(b);
  assert.equal(gb.json.worker.exists, false, "B's GET shows B's (empty) profile, not A's");
  assert.ok(!gb.text.includes('张三'));
  const pb = await putWorker(b, fullWorker({ real_name: '乙某' }));
  assert.equal(pb.status, 200);
  assert.deepEqual((await getWorker(a)).json.worker, before, "B's PUT left A untouched");
  // there is no path id to aim at someone else
  assert.equal((await call(srv.url, 'GET', `/api/v1/me/worker/${a.id}`, { token: b.token })).status, 404);
  assertError(await call(srv.url, 'GET', '/api/v1/me/worker'), 401, 'unauthenticated');
  const adm = await adminToken('admin', null);
  assertError(await call(srv.url, 'GET', '/api/v1/me/worker', { token: adm.token }), 403, 'forbidden');
});

// ---------------------------------------------------------------- employer profile

test('GET /api/v1/me/employer before any PUT answers exists:false and unverified', async () => {
  const u = await user('e0');
  const r = await getEmployer(u);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/me/employer', 'GET', r);
  assert.equal(r.json.employer.exists, false);
  assert.equal(r.json.employer.kind, null);
  assert.equal(r.json.employer.verification, 'unverified');
});

test('PUT /api/v1/me/employer saves a complete org profile as pending and answers the phone masked', async () => {
  const u = await user('e1');
  const body = orgEmployer();
  const r = await putEmployer(u, body);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/me/employer', 'PUT', r);
  assertNoPlain(r, body.contact_phone);
  const e = r.json.employer;
  assert.equal(e.exists, true);
  assert.equal(e.kind, 'org');
  assert.equal(e.name, body.name);
  assert.equal(e.credit_code, body.credit_code);
  assert.equal(e.contact_phone, maskPhone(body.contact_phone));
  assert.equal(e.id_number, null);
  assert.deepEqual(e.region, { code: '450223100', name: '鹿寨镇' });
  assert.equal(e.verification, 'pending');
  assert.equal(e.verification_reason, null);
  assert.equal(e.credit, 100);
  const g = await getEmployer(u);
  assertMatchesSpec('/api/v1/me/employer', 'GET', g);
  assert.deepEqual(g.json.employer, e);
  // lowercase credit codes are normalised; an absent contact_phone keeps the stored one
  const r2 = await putEmployer(u, { ...body, credit_code: body.credit_code.toLowerCase(), contact_phone: undefined });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.employer.credit_code, body.credit_code);
  assert.equal(r2.json.employer.contact_phone, maskPhone(body.contact_phone));
  // "" clears it, and the profile is no longer complete
  const r3 = await putEmployer(u, { ...body, contact_phone: '' });
  assert.equal(r3.json.employer.contact_phone, null);
  assert.equal(r3.json.employer.verification, 'unverified');
});

test('PUT /api/v1/me/employer with an incomplete profile stays unverified', async () => {
  const u = await user('e2');
  const r = await putEmployer(u, orgEmployer({ legal_rep: undefined }));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.employer.verification, 'unverified');
  const r2 = await putEmployer(u, orgEmployer({ address: undefined }));
  assert.equal(r2.json.employer.verification, 'unverified');
});

test('PUT /api/v1/me/employer as a person seals the ID number, answers it masked and needs it once', async () => {
  const u = await user('e3');
  const id = genId();
  const phone = genPhone();
  submitted.push(id, phone);
  const body = { kind: 'person', name: '个体户陈某', id_number: id, contact_phone: phone, region_code: '450223', address: '鹿寨镇' };
  const r = await putEmployer(u, body);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/me/employer', 'PUT', r);
  assertNoPlain(r, id, phone);
  assert.equal(r.json.employer.id_number, maskId(id));
  assert.equal(r.json.employer.credit_code, null);
  assert.equal(r.json.employer.verification, 'pending');
  const again = await putEmployer(u, { ...body, id_number: undefined });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.employer.id_number, maskId(id));
  assert.equal(again.json.employer.verification, 'pending');
  // a fresh person without an ID number, an org with one, a person with a credit code: 400
  const v = await user('e3b');
  const m = await putEmployer(v, { ...body, id_number: undefined });
  assertError(m, 400, 'missing_field');
  assert.equal(m.json.error.field, 'id_number');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM employers WHERE user_id = ${v.id}`)[0][0]), 0, 'nothing half-saved');
  const o = await putEmployer(v, orgEmployer({ id_number: genId() }));
  assertError(o, 400, 'validation_failed');
  assert.equal(o.json.error.field, 'id_number');
  const p = await putEmployer(v, { ...body, id_number: genId(), credit_code: genCreditCode() });
  assertError(p, 400, 'validation_failed');
  assert.equal(p.json.error.field, 'credit_code');
  // the same ID number for another person employer: 409
  const w = await user('e3c');
  const dup = await putEmployer(w, body);
  assertError(dup, 409, 'already_exists');
  assert.equal(dup.json.error.field, 'id_number');
  assertNoPlain(dup, id);
  // under 18: 400
  const y = new Date().getUTCFullYear() - 17;
  const minor = `450223${y}0101123`;
  const mr = await putEmployer(w, { ...body, id_number: minor + idCheck(minor) });
  assertError(mr, 400, 'validation_failed');
  assert.match(mr.json.error.message, /18/);
});

test('PUT /api/v1/me/employer rejects credit codes failing GB 32100 with 400 naming credit_code, and a taken one with 409', async () => {
  const u = await user('e4');
  const good = genCreditCode();
  const swap = (i, c) => good.slice(0, i) + c + good.slice(i + 1);
  const bad = [
    ['length', good.slice(0, 17), /18 位/],
    ['charset', swap(10, 'I'), /字母/],
    ['dept', swap(0, '0'), /登记管理部门/],
    ['region', swap(2, '0'), /行政区划码/],
    ['orgcode', swap(16, good[16] === '0' ? '1' : '0'), /组织机构代码/],
    ['checksum', swap(17, good[17] === '0' ? '1' : '0'), /校验位/],
  ];
  for (const [label, code, msg] of bad) {
    const r = await putEmployer(u, orgEmployer({ credit_code: code }));
    assertError(r, 400, 'validation_failed');
    assertMatchesSpec('/api/v1/me/employer', 'PUT', r);
    assert.equal(r.json.error.field, 'credit_code', label);
    assert.match(r.json.error.message, msg, label);
  }
  assertError(await putEmployer(u, orgEmployer({ credit_code: undefined })), 400, 'missing_field');
  const body = orgEmployer({ credit_code: good });
  assert.equal((await putEmployer(u, body)).status, 200);
  const v = await user('e4b');
  const r = await putEmployer(v, orgEmployer({ credit_code: good }));
  assertError(r, 409, 'already_exists');
  assertMatchesSpec('/api/v1/me/employer', 'PUT', r);
  assert.equal(r.json.error.field, 'credit_code');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM employers WHERE user_id = ${v.id}`)[0][0]), 0);
});

test('PUT /api/v1/me/employer enforces every limit at the limit and one past it', async () => {
  const u = await user('e5');
  const ok = async (extra, label) => {
    const r = await putEmployer(u, orgEmployer(extra));
    assert.equal(r.status, 200, `${label}: ${r.text}`);
    return r.json.employer;
  };
  const bad = async (extra, field, label, code = 'validation_failed') => {
    const r = await putEmployer(u, orgEmployer(extra));
    assertError(r, 400, code);
    assert.equal(r.json.error.field, field, `${label}: ${r.text}`);
  };
  await ok({ name: '公司' }, 'name 2');
  await bad({ name: '公' }, 'name', 'name 1');
  await ok({ name: '公'.repeat(64) }, 'name 64');
  await bad({ name: '公'.repeat(65) }, 'name', 'name 65');
  await ok({ address: '址'.repeat(128) }, 'address 128');
  await bad({ address: '址'.repeat(129) }, 'address', 'address 129');
  await ok({ legal_rep: '李'.repeat(32), contact_name: '王'.repeat(32) }, 'legal_rep/contact_name 32');
  await bad({ legal_rep: '李'.repeat(33) }, 'legal_rep', 'legal_rep 33');
  await bad({ contact_name: '王'.repeat(33) }, 'contact_name', 'contact_name 33');
  await bad({ legal_rep: '李' }, 'legal_rep', 'legal_rep 1');
  assert.equal((await ok({ contact_phone: '+86 138-0013-8000' }, 'phone with prefix')).contact_phone, '138****8000');
  await bad({ contact_phone: '0772-1234567' }, 'contact_phone', 'landline');
  await bad({ contact_phone: '1'.repeat(21) }, 'contact_phone', 'phone 21 chars');
  await bad({ kind: 'company' }, 'kind', 'kind');
  await bad({ region_code: '450200' }, 'region_code', 'a city is not a county or below');
  await bad({ region_code: '450000' }, 'region_code', 'a province');
  await bad({ region_code: '450299' }, 'region_code', 'unknown region');
  await bad({ region_code: undefined }, 'region_code', 'region missing', 'missing_field');
  await ok({ region_code: '450223' }, 'a county');
});

test('PUT /api/v1/me/employer rejects mass assignment of verification, credit, user_id with 400 unknown_field', async () => {
  const u = await user('e6');
  assert.equal((await putEmployer(u, orgEmployer())).status, 200);
  for (const extra of [{ verification: 'verified' }, { credit: 100 }, { user_id: 1 }, { verified_at: '2026-01-01T00:00:00Z' },
    { verification_reason: 'x' }, { status: 'active' }, { id: 5 }]) {
    const r = await putEmployer(u, { ...orgEmployer(), ...extra });
    assertError(r, 400, 'unknown_field');
    assert.equal(r.json.error.field, Object.keys(extra)[0]);
  }
  assert.equal(sql(`SELECT verification FROM employers WHERE user_id = ${u.id}`)[0][0], 'pending');
});

test('employer verification: verify, contact edits keep verified, identity edits go back to pending, reject, resubmit', async () => {
  const u = await user('e7');
  const adm = await adminToken('admin', '450223');
  const body = orgEmployer();
  assert.equal((await putEmployer(u, body)).json.employer.verification, 'pending');
  const v = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token: adm.token });
  assert.equal(v.status, 200, v.text);
  assertMatchesSpec('/api/v1/admin/employers/{id}/verify', 'POST', v);
  assertNoPlain(v, body.contact_phone);
  assert.equal(v.json.employer.id, u.id);
  assert.equal(v.json.employer.verification, 'verified');
  assert.ok(v.json.employer.verified_at);
  // contact details and address: still verified
  const c = await putEmployer(u, { ...body, contact_name: '赵六', address: '鹿寨镇新街 1 号' });
  assert.equal(c.json.employer.verification, 'verified');
  // each identity field sends it back to review
  for (const change of [{ name: `${body.name}分公司` }, { legal_rep: '钱七' }, { credit_code: genCreditCode() }]) {
    assert.equal((await putEmployer(u, { ...body, ...change })).json.employer.verification, 'pending', JSON.stringify(change));
    assert.equal((await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token: adm.token })).status, 200);
    assert.equal((await putEmployer(u, body)).json.employer.verification, 'pending', 'and back');
    assert.equal((await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token: adm.token })).status, 200);
  }
  const asPerson = await putEmployer(u, { kind: 'person', name: body.name, id_number: genId(), contact_phone: genPhone(), region_code: '450223', address: 'x' });
  assert.equal(asPerson.json.employer.verification, 'pending', 'a change of kind');
  // reject with a reason: the employer sees it; the next complete save asks for review again
  const rj = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/reject`, { token: adm.token, body: { reason: '营业执照信息与登记不符' } });
  assert.equal(rj.status, 200, rj.text);
  assertMatchesSpec('/api/v1/admin/employers/{id}/reject', 'POST', rj);
  assert.equal(rj.json.employer.verification, 'rejected');
  const seen = await getEmployer(u);
  assert.equal(seen.json.employer.verification, 'rejected');
  assert.equal(seen.json.employer.verification_reason, '营业执照信息与登记不符');
  const again = await putEmployer(u, body);
  assert.equal(again.json.employer.verification, 'pending');
  assert.equal(again.json.employer.verification_reason, null);
});

// ---------------------------------------------------------------- admin review of employers

test('GET /api/v1/admin/employers lists only the admin region, filtered by state, in the list shape of SPEC §4', async () => {
  const luzhai = await adminToken('admin', '450223');
  const xingan = await adminToken('admin', '360824');
  const gx = await adminToken('admin', '450000');
  const a = await user('l1');
  const b = await user('l2');
  assert.equal((await putEmployer(a, orgEmployer())).status, 200);
  assert.equal((await putEmployer(b, orgEmployer({ region_code: '360824100' }))).status, 200);
  const listIds = async (tok, q) => {
    const ids = [];
    for (let page = 1; ; page++) {
      const r = await call(srv.url, 'GET', `/api/v1/admin/employers?${q}&page=${page}&page_size=100`, { token: tok });
      assert.equal(r.status, 200, r.text);
      assertMatchesSpec('/api/v1/admin/employers', 'GET', r);
      assertNoPlain(r);
      ids.push(...r.json.items.map((e) => e.id));
      for (const e of r.json.items) if (q.includes('pending')) assert.equal(e.verification, 'pending');
      if (page * 100 >= r.json.total) return { ids, total: r.json.total };
    }
  };
  const l = await listIds(luzhai.token, 'verification=pending');
  assert.ok(l.ids.includes(a.id));
  assert.ok(!l.ids.includes(b.id), '鹿寨 admin does not see 新干');
  const x = await listIds(xingan.token, 'verification=pending');
  assert.ok(x.ids.includes(b.id));
  assert.ok(!x.ids.includes(a.id));
  assert.ok((await listIds(gx.token, 'verification=pending')).ids.includes(a.id), 'a province admin sees its counties');
  assert.ok(!(await listIds(luzhai.token, 'verification=verified')).ids.includes(a.id));
  const all = await listIds(luzhai.token, 'x=1');
  assert.ok(all.ids.includes(a.id));
  const first = await call(srv.url, 'GET', '/api/v1/admin/employers?page_size=1', { token: luzhai.token });
  assert.equal(first.json.page, 1);
  assert.equal(first.json.page_size, 1);
  assert.equal(first.json.items.length, 1);
  assert.equal(first.json.total, all.total);
  for (const [q, field] of [['page_size=101', 'page_size'], ['page_size=0', 'page_size'], ['page=0', 'page'], ['page=abc', 'page'],
    ['verification=approved', 'verification']]) {
    const r = await call(srv.url, 'GET', `/api/v1/admin/employers?${q}`, { token: luzhai.token });
    assertError(r, 400, 'bad_query');
    assertMatchesSpec('/api/v1/admin/employers', 'GET', r);
    assert.equal(r.json.error.field, field, q);
  }
});

test('POST /api/v1/admin/employers/{id}/verify|reject by an admin of another county answers 404 and changes nothing', async () => {
  const luzhai = await adminToken('admin', '450223');
  const xingan = await adminToken('admin', '360824');
  const b = await user('s1');
  assert.equal((await putEmployer(b, orgEmployer({ region_code: '360824' }))).status, 200);
  const v = await call(srv.url, 'POST', `/api/v1/admin/employers/${b.id}/verify`, { token: luzhai.token });
  assertError(v, 404, 'not_found');
  assertMatchesSpec('/api/v1/admin/employers/{id}/verify', 'POST', v);
  const rj = await call(srv.url, 'POST', `/api/v1/admin/employers/${b.id}/reject`, { token: luzhai.token, body: { reason: '越权驳回' } });
  assertError(rj, 404, 'not_found');
  assert.equal(sql(`SELECT verification FROM employers WHERE user_id = ${b.id}`)[0][0], 'pending');
  assert.equal(auditCount('employer.verify', b.id, 'denied'), 1, 'the refused attempt is audited');
  // a missing employer answers the same 404
  assertError(await call(srv.url, 'POST', '/api/v1/admin/employers/999999999/verify', { token: luzhai.token }), 404, 'not_found');
  // the county's own admin can
  assert.equal((await call(srv.url, 'POST', `/api/v1/admin/employers/${b.id}/verify`, { token: xingan.token })).status, 200);
});

test('POST /api/v1/admin/employers/{id}/verify|reject outside pending answers 409 state_conflict naming the state', async () => {
  const adm = await adminToken('admin', '450223');
  const u = await user('s2');
  assert.equal((await putEmployer(u, orgEmployer({ legal_rep: undefined }))).json.employer.verification, 'unverified');
  const r = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token: adm.token });
  assertError(r, 409, 'state_conflict');
  assertMatchesSpec('/api/v1/admin/employers/{id}/verify', 'POST', r);
  assert.match(r.json.error.message, /unverified/);
  assert.equal(auditCount('employer.verify', u.id, 'failed'), 1);
  assert.equal((await putEmployer(u, orgEmployer())).json.employer.verification, 'pending');
  assert.equal((await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token: adm.token })).status, 200);
  const twice = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token: adm.token });
  assertError(twice, 409, 'state_conflict');
  assert.match(twice.json.error.message, /verified/);
  const rj = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/reject`, { token: adm.token, body: { reason: '重复审核' } });
  assertError(rj, 409, 'state_conflict');
});

test('POST /api/v1/admin/employers/{id}/reject checks the reason at 2/200 characters and one past each', async () => {
  const adm = await adminToken('reviewer', '450223');
  const u = await user('s3');
  assert.equal((await putEmployer(u, orgEmployer())).status, 200);
  for (const [reason, field, code] of [['差', 'reason', 'validation_failed'], ['差'.repeat(201), 'reason', 'validation_failed'], [undefined, 'reason', 'missing_field']]) {
    const r = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/reject`, { token: adm.token, body: reason === undefined ? {} : { reason } });
    assertError(r, 400, code);
    assert.equal(r.json.error.field, field);
  }
  const extra = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/reject`, { token: adm.token, body: { reason: '资料不全', verification: 'verified' } });
  assertError(extra, 400, 'unknown_field');
  const verifyBody = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token: adm.token, body: { verification: 'verified' } });
  assertError(verifyBody, 400, 'unknown_field');
  const ok = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/reject`, { token: adm.token, body: { reason: '差'.repeat(200) } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.employer.verification_reason, '差'.repeat(200));
  const u2 = await user('s3b');
  assert.equal((await putEmployer(u2, orgEmployer())).status, 200);
  assert.equal((await call(srv.url, 'POST', `/api/v1/admin/employers/${u2.id}/reject`, { token: adm.token, body: { reason: '差差' } })).status, 200);
});

test('every admin employer action appends one audit row with the actor, the role and the object', async () => {
  const adm = await adminToken('admin', '450223');
  const rev = await adminToken('reviewer', '450223');
  const u = await user('s4');
  assert.equal((await putEmployer(u, orgEmployer())).status, 200);
  assert.equal(auditCount('employer.verify', u.id), 0);
  assert.equal((await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token: adm.token })).status, 200);
  assert.equal(auditCount('employer.verify', u.id), 1);
  assert.equal((await putEmployer(u, orgEmployer())).json.employer.verification, 'pending');
  assert.equal((await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/reject`, { token: rev.token, body: { reason: '请补充材料' } })).status, 200);
  assert.equal(auditCount('employer.reject', u.id), 1);
  const rows = sql(`SELECT actor_kind, actor_id, role, object_type FROM audit_log WHERE object_type = 'employer' AND object_id = '${u.id}' AND result = 'ok' ORDER BY id`);
  assert.deepEqual(rows, [['admin', String(adm.id), 'admin', 'employer'], ['admin', String(rev.id), 'reviewer', 'employer']]);
});

test('worker, station and auditor tokens on the admin employer routes answer 403; reviewers are allowed', async () => {
  const u = await user('s5');
  assert.equal((await putEmployer(u, orgEmployer())).status, 200);
  const tokens = [['worker', u.token], ['station', (await adminToken('station', '450223')).token], ['auditor', (await adminToken('auditor', null)).token]];
  for (const [who, token] of tokens) {
    assertError(await call(srv.url, 'GET', '/api/v1/admin/employers', { token }), 403, 'forbidden');
    assertError(await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/verify`, { token }), 403, 'forbidden');
    const r = await call(srv.url, 'POST', `/api/v1/admin/employers/${u.id}/reject`, { token, body: { reason: '越权操作' } });
    assertError(r, 403, 'forbidden');
    assertMatchesSpec('/api/v1/admin/employers/{id}/reject', 'POST', r);
    assert.equal(sql(`SELECT verification FROM employers WHERE user_id = ${u.id}`)[0][0], 'pending', who);
  }
  assertError(await call(srv.url, 'GET', '/api/v1/admin/employers'), 401, 'unauthenticated');
  const rev = await adminToken('reviewer', '450223');
  assert.equal((await call(srv.url, 'GET', '/api/v1/admin/employers?verification=pending', { token: rev.token })).status, 200);
});

// ---------------------------------------------------------------- personal data at rest

test('PUT /api/v1/me/worker seals certificate numbers (schema 019), answers them masked, and keeps a stored one sent back masked', async () => {
  const u = await user('cert');
  const id = genId();
  submitted.push(id);
  const body = fullWorker({ certificates: [{ name: '身份证', number: id }, { name: '电工证', number: 'DG-778899' }] });
  const put = await putWorker(u, body);
  assert.equal(put.status, 200, put.text);
  assertNoPlain(put, id);
  const masked = put.json.worker.certificates.map((c) => c.number);
  assert.deepEqual(masked, [`${id.slice(0, 2)}${'*'.repeat(14)}${id.slice(16)}`, 'DG*****99']);
  const rows = sql(`SELECT COALESCE(number, ''), HEX(number_enc) FROM worker_certificates WHERE user_id = ${u.id} ORDER BY id`);
  assert.equal(rows.length, 2);
  for (const [plain, enc] of rows) {
    assert.equal(plain, '', 'no plaintext number column');
    assert.ok(enc.length > 0, 'sealed');
    assert.ok(!enc.includes(Buffer.from(id).toString('hex').toUpperCase()));
  }
  // the masks sent back mean "unchanged": the stored numbers stay (same masks answered)
  const again = await putWorker(u, { ...body, certificates: [{ name: '身份证', number: masked[0] }, { name: '电工证', number: masked[1] }] });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.json.worker.certificates.map((c) => c.number), masked);
  // a mask that matches no stored number is refused, naming the field
  const bad = await putWorker(u, { ...body, certificates: [{ name: '身份证', number: '12**34' }] });
  assertError(bad, 400, 'validation_failed');
  assert.equal(bad.json.error.field, 'certificates[0].number');
  // a sealed number copied to another worker's row does not open there
  const other = await user('cert2');
  assert.equal((await putWorker(other, fullWorker({ certificates: [{ name: '电工证', number: 'X1' }] }))).status, 200);
  sql(`UPDATE worker_certificates SET number_enc = (SELECT e FROM (SELECT number_enc e FROM worker_certificates WHERE user_id = ${u.id} ORDER BY id LIMIT 1) t) WHERE user_id = ${other.id}`);
  assert.equal((await getWorker(other)).json.worker.certificates[0].number, null);
  // a row from before schema 019 (plaintext) is answered masked and sealed at the next save
  sql(`UPDATE worker_certificates SET number = 'OLD-123456', number_enc = NULL WHERE user_id = ${other.id}`);
  const legacy = await getWorker(other);
  assert.equal(legacy.json.worker.certificates[0].number, 'OL******56');
  assert.equal((await putWorker(other, fullWorker({ certificates: [{ name: '电工证', number: 'OL******56' }] }))).status, 200);
  const [[p2, e2]] = sql(`SELECT COALESCE(number, ''), HEX(number_enc) FROM worker_certificates WHERE user_id = ${other.id}`);
  assert.equal(p2, '');
  assert.ok(e2.length > 0);
  assert.equal((await getWorker(other)).json.worker.certificates[0].number, 'OL******56');
});

test('after sign-ups the workers and employers tables hold no plaintext ID or phone number', async () => {
  // make sure there is something to look at from this run
  const u = await user('dump');
  await bindPhone(u);
  assert.equal((await putWorker(u, fullWorker())).status, 200);
  assert.equal((await putEmployer(u, orgEmployer())).status, 200);
  assert.ok(submitted.length >= 10);
  const certDump = sql('SELECT COALESCE(number, \'\'), HEX(number_enc) FROM worker_certificates').map((r) => r.join('\t')).join('\n');
  assert.ok(!FULL_ID.test(certDump), 'worker_certificates holds something shaped like an ID number');
  for (const v of submitted) assert.ok(!certDump.includes(v) && !certDump.includes(Buffer.from(v).toString('hex').toUpperCase()), 'worker_certificates holds a number unsealed');
  for (const table of ['workers', 'employers']) {
    // every column; employers.credit_code is left out because a 统一社会信用代码 is public information that
    // may be all digits and so look like an ID number
    const cols = sql(`SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE()
      AND table_name = '${table}' AND column_name <> 'credit_code' ORDER BY ordinal_position`).map((r) => r[0]);
    assert.ok(cols.includes('id_enc'));
    const dump = sql(`SELECT ${cols.join(', ')} FROM ${table}`).map((row) => row.join('\t')).join('\n');
    assert.ok(dump.length > 0, `${table} is empty`);
    assert.ok(!FULL_ID.test(dump), `${table} holds something shaped like an ID number`);
    assert.ok(!FULL_PHONE.test(dump), `${table} holds something shaped like a phone number`);
    for (const v of submitted) assert.ok(!dump.includes(v), `${table} holds a submitted number in plaintext`);
    const hex = sql(`SELECT HEX(CONCAT_WS('|', ${table === 'workers' ? 'id_enc, id_hmac' : 'id_enc, id_hmac, contact_phone_enc'})) FROM ${table}`)
      .map((r) => r[0]).join('');
    for (const v of submitted) assert.ok(!hex.includes(Buffer.from(v).toString('hex').toUpperCase()), `${table} holds a number unsealed`);
  }
  // the sealed values are bound to their row: a copied ciphertext does not open for another user
  const [a, b] = [await user('cp1'), await user('cp2')];
  const ba = fullWorker();
  assert.equal((await putWorker(a, ba)).status, 200);
  assert.equal((await putWorker(b, fullWorker())).status, 200);
  sql(`UPDATE workers SET id_enc = (SELECT id_enc FROM (SELECT id_enc FROM workers WHERE user_id = ${a.id}) t) WHERE user_id = ${b.id}`);
  const r = await getWorker(b);
  assert.equal(r.status, 200);
  assert.equal(r.json.worker.id_number, null, 'the copied ciphertext does not open under another row id');
});
