// 查找雇员: GET /api/v1/workers for employers. Only discoverable workers, never a blocked pair or the caller,
// masked (no phone or ID number anywhere in the raw reply), filters by 工种 subtree, region subtree (home or
// work region), keyword and weekday, ranking by domain/match.c, paging limits, and 403 for non-employers.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, uniqZh, assertMatchesSpec, assertError, signIn, makeEmployer, makeWorker,
} = require('./lib');

const FULL_ID = /\d{17}[\dX]/;
const FULL_PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const assertNoPersonal = (r) => {
  assert.ok(!FULL_ID.test(r.text), `reply carries an ID number: ${r.text}`);
  assert.ok(!FULL_PHONE.test(r.text), `reply carries a phone number: ${r.text}`);
  for (const k of ['phone', 'id_number', 'real_name', 'lat', 'lng', 'intro']) assert.ok(!r.text.includes(`"${k}"`), `reply carries ${k}`);
};

let wx, srv, emp, nonEmployer;
const tag = uniqZh(8); // in every intro of this run, so ?q= isolates this run's workers
const w = {};          // name → signed-in user
const SAT = '2026-11-28'; // a Saturday
const bit = (day, slot) => 1 << (day * 3 + slot);

before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000' });
  emp = await signIn(srv, uniq('wsemp'));
  makeEmployer(emp.user.id, { region: '360824', name: '新干县测试用工单位' });
  nonEmployer = await signIn(srv, uniq('wsnon'));
  const mk = async (key, opts) => {
    w[key] = await signIn(srv, uniq(`ws${key}`));
    makeWorker(w[key].user.id, { intro: `${tag}${key}`, ...opts });
  };
  await mk('exact', { name: '王建国', jobs: [[301, 9]], avail: bit(5, 0), lat: 27.7406, lng: 115.3871, credit: 90 });
  await mk('sibling', { name: '李芳', jobs: [[302, 3]], avail: bit(0, 0), credit: 100, gender: 'female', birth: 1990 });
  await mk('other', { name: '张勇', jobs: [[101, 2]], avail: 0 });
  await mk('hidden', { name: '赵六', jobs: [[301, 4]], discoverable: 0 });
  await mk('blocked', { name: '孙七', jobs: [[301, 4]] });
  await mk('blocker', { name: '周八', jobs: [[301, 4]] });
  await mk('workreg', { name: '吴九', jobs: [[301, 1]], region: '450223100', regions: ['360824100'] });
  await mk('elsewhere', { name: '郑十', jobs: [[301, 1]], region: '450223100', regions: ['450223'] });
  await mk('far', { name: '钱一', jobs: [[301, 9]], avail: bit(5, 0), lat: 27.9, lng: 115.6, credit: 90 });
  await mk('noname', { name: null, gender: null, birth: 'NULL', jobs: [[304, 1]], region: '360824101' });
  // the employer is a discoverable worker too: never their own candidate
  makeWorker(emp.user.id, { intro: `${tag}self`, jobs: [[301, 1]] });
  sql(`INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (${emp.user.id}, ${w.blocked.user.id}, NOW(3)),
       (${w.blocker.user.id}, ${emp.user.id}, NOW(3))`);
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const search = (qs, who = emp) => call(srv.url, 'GET', `/api/v1/workers?${qs}`, { token: who.access_token });
const ids = (r) => r.json.items.map((i) => i.id);
const idOf = (k) => w[k].user.id;

test('GET /api/v1/workers answers 200 per openapi.json with masked, discoverable, unblocked workers only', async () => {
  const r = await search(`q=${encodeURIComponent(tag)}&page_size=100`);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/workers', 'GET', r);
  assertNoPersonal(r);
  const got = ids(r);
  for (const k of ['exact', 'sibling', 'other', 'workreg', 'far', 'noname']) assert.ok(got.includes(idOf(k)), `${k} missing`);
  for (const k of ['hidden', 'blocked', 'blocker', 'elsewhere']) assert.ok(!got.includes(idOf(k)), `${k} must not appear`);
  assert.ok(!got.includes(emp.user.id), 'the caller is never a candidate');
  assert.equal(r.json.total, got.length);
  // every listed worker is discoverable in the database
  const flags = sql(`SELECT discoverable FROM workers WHERE user_id IN (${got.join(',')})`).map((x) => x[0]);
  assert.ok(flags.every((f) => f === '1'));
  const a = r.json.items.find((i) => i.id === idOf('exact'));
  assert.equal(a.display_name, '王**');
  assert.equal(a.gender, 'male');
  assert.equal(a.age, new Date(Date.now() + 8 * 3600e3).getUTCFullYear() - 1980);
  assert.deepEqual(a.job_types, [{ id: 301, name: '水电工', years: 9 }]);
  assert.deepEqual(a.region, { code: '360824100', name: '金川镇' });
  assert.equal(a.credit, 90);
  assert.equal(a.distance_m, undefined, 'no point, no distance');
  assert.equal(a.available_on, undefined);
  assert.equal(r.json.items.find((i) => i.id === idOf('sibling')).display_name, '李*');
  const n = r.json.items.find((i) => i.id === idOf('noname'));
  assert.equal(n.display_name, '零工**');
  assert.equal(n.gender, null);
  assert.equal(n.age, null);
});

test('GET /api/v1/workers?job_type=<工种> finds the category, the exact 工种 first; other categories never', async () => {
  const r = await search(`job_type=301&q=${encodeURIComponent(tag)}&page_size=100`);
  assert.equal(r.status, 200, r.text);
  const got = ids(r);
  assert.ok(!got.includes(idOf('other')), '保洁 is another category');
  assert.ok(got.indexOf(idOf('exact')) < got.indexOf(idOf('sibling')), 'exact 工种 before the same category');
  assert.ok(got.indexOf(idOf('exact')) >= 0 && got.indexOf(idOf('noname')) >= 0);
  for (const it of r.json.items) assert.ok(it.job_types.some((j) => Math.floor(j.id / 100) === 3), JSON.stringify(it));
  // the category itself: its whole subtree, nothing else
  const c = await search(`job_type=3&q=${encodeURIComponent(tag)}&page_size=100`);
  assert.equal(c.status, 200);
  const cg = ids(c);
  for (const k of ['exact', 'sibling', 'noname', 'workreg', 'far']) assert.ok(cg.includes(idOf(k)), k);
  assert.ok(!cg.includes(idOf('other')));
  const h = await search(`job_type=101&q=${encodeURIComponent(tag)}`);
  assert.deepEqual(ids(h), [idOf('other')]);
  assertError(await search('job_type=99999'), 400, 'bad_query');
  assertError(await search('job_type=abc'), 400, 'bad_query');
});

test('GET /api/v1/workers?region= matches the home region or a work region inside the subtree', async () => {
  const town = await search(`region=360824100&q=${encodeURIComponent(tag)}&page_size=100`);
  assert.equal(town.status, 200, town.text);
  const got = ids(town);
  assert.ok(got.includes(idOf('exact')));
  assert.ok(got.includes(idOf('workreg')), 'a work region inside counts');
  assert.ok(!got.includes(idOf('noname')), 'home in another town, no work region there');
  const other = await search(`region=450223&q=${encodeURIComponent(tag)}&page_size=100`);
  const og = ids(other);
  assert.ok(og.includes(idOf('elsewhere')) && og.includes(idOf('workreg')));
  assert.ok(!og.includes(idOf('exact')));
  assertError(await search('region=12'), 400, 'bad_query');
});

test('GET /api/v1/workers?available_on= keeps workers free that weekday and those who never filled in their week', async () => {
  const r = await search(`available_on=${SAT}&q=${encodeURIComponent(tag)}&page_size=100`);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/workers', 'GET', r);
  const by = Object.fromEntries(r.json.items.map((i) => [i.id, i]));
  assert.equal(by[idOf('exact')].available_on, true);
  assert.equal(by[idOf('other')].available_on, false, 'never filled in: kept, marked false');
  assert.equal(by[idOf('sibling')], undefined, 'free on Mondays only: dropped on a Saturday');
  const mon = await search(`available_on=2026-11-23&q=${encodeURIComponent(tag)}&page_size=100`);
  const mb = Object.fromEntries(mon.json.items.map((i) => [i.id, i]));
  assert.equal(mb[idOf('sibling')].available_on, true);
  assert.equal(mb[idOf('exact')], undefined);
  for (const bad of ['2026-02-30', '28-11-2026', 'x']) assertError(await search(`available_on=${bad}`), 400, 'bad_query');
});

test('GET /api/v1/workers?lat=&lng= ranks the nearer of two otherwise equal workers first, distances in whole km', async () => {
  const r = await search(`job_type=301&lat=27.7406&lng=115.3871&q=${encodeURIComponent(tag)}&page_size=100`);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/workers', 'GET', r);
  const got = ids(r);
  assert.ok(got.indexOf(idOf('exact')) < got.indexOf(idOf('far')));
  const near = r.json.items.find((i) => i.id === idOf('exact'));
  const far = r.json.items.find((i) => i.id === idOf('far'));
  assert.equal(near.distance_m, 1000, 'rounded up to a whole kilometre');
  assert.ok(far.distance_m > 20000 && far.distance_m % 1000 === 0, String(far.distance_m));
  assert.equal(r.json.items.find((i) => i.id === idOf('sibling')).distance_m, undefined, 'no location, no distance');
  assertError(await search('lat=27.7'), 400, 'bad_query');
  assertError(await search('lat=95&lng=115'), 400, 'bad_query');
});

test('GET /api/v1/workers pages: page_size 100 answers, 101 is 400; pages do not overlap', async () => {
  const r = await search('page_size=100');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.page_size, 100);
  assertError(await search('page_size=101'), 400, 'bad_query');
  assertError(await search('page=0'), 400, 'bad_query');
  const p1 = await search(`q=${encodeURIComponent(tag)}&page_size=3&page=1`);
  const p2 = await search(`q=${encodeURIComponent(tag)}&page_size=3&page=2`);
  assert.equal(p1.json.items.length, 3);
  assert.ok(p2.json.items.length >= 3);
  assert.equal(p1.json.total, p2.json.total);
  assert.ok(!ids(p2).some((id) => ids(p1).includes(id)));
  const all = await search(`q=${encodeURIComponent(tag)}&page_size=100`);
  assert.deepEqual(ids(all).slice(0, 6), [...ids(p1), ...ids(p2)], 'the same order page by page');
});

test('GET /api/v1/workers without an employer profile answers 403 employer_profile_required; without a token 401', async () => {
  const r = await search('', nonEmployer);
  assertError(r, 403, 'employer_profile_required');
  assertMatchesSpec('/api/v1/workers', 'GET', r);
  assertError(await call(srv.url, 'GET', '/api/v1/workers'), 401, 'unauthenticated');
  // a discoverable worker is not an employer either
  assertError(await search('', w.exact), 403, 'employer_profile_required');
});

test('GET /api/v1/workers never shows a phone or ID number of a worker who saved both through the API', async () => {
  const u = await signIn(srv, uniq('wsfull'));
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const ph = await call(srv.url, 'POST', '/api/v1/auth/phone', { token: u.access_token, body: { code: `phone:${phone}` } });
  assert.equal(ph.status, 200, ph.text);
  const body17 = `36082419850612${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const wts = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const idno = body17 + '10X98765432'[[...body17].reduce((s, d, i) => s + Number(d) * wts[i], 0) % 11];
  const put = await call(srv.url, 'PUT', '/api/v1/me/worker', { token: u.access_token, body: {
    real_name: '欧阳修文', id_number: idno, job_types: [{ id: 301, years: 3 }], region_code: '360824100',
    work_regions: ['360824'], discoverable: true, intro: `${tag}full 电话 ${phone}`.slice(0, 60) } });
  assert.ok(put.status === 200 || put.status === 422, put.text);
  if (put.status === 422) { // the word filter may refuse a phone in the intro: save without it
    const again = await call(srv.url, 'PUT', '/api/v1/me/worker', { token: u.access_token, body: {
      real_name: '欧阳修文', id_number: idno, job_types: [{ id: 301, years: 3 }], region_code: '360824100',
      work_regions: ['360824'], discoverable: true, intro: `${tag}full` } });
    assert.equal(again.status, 200, again.text);
  }
  for (const qs of [`q=${encodeURIComponent(tag)}&page_size=100`, 'job_type=301&page_size=100', 'job_type=3&lat=27.74&lng=115.39&page_size=100']) {
    const r = await search(qs);
    assert.equal(r.status, 200, r.text);
    assertNoPersonal(r);
    assert.ok(!r.text.includes(idno) && !r.text.includes(phone));
    const me = r.json.items.find((i) => i.id === u.user.id);
    assert.ok(me, `${qs}: the saved worker is listed`);
    assert.equal(me.display_name, '欧***');
  }
});
