// 零工驿站: the public list (nearest first with distance inside a radius, else by region) against
// openapi.json, admin and station-staff create/update with region scoping, role checks and audit rows,
// and every validation limit at the limit and one past it.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, createAdmin } = require('./lib');

let wx, srv;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_IP_PER_MIN: '1000000' });
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

async function adminToken(role, region) {
  const password = `pw-${uniq('x')}`;
  const username = createAdmin({ password, role, region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return { token: r.json.access_token, id: r.json.admin.id };
}
const create = (tok, body) => call(srv.url, 'POST', '/api/v1/admin/stations', { token: tok, body });
const update = (tok, id, body) => call(srv.url, 'PUT', `/api/v1/admin/stations/${id}`, { token: tok, body });
const list = (q) => call(srv.url, 'GET', `/api/v1/stations?${q}`);
const auditCount = (action, id) => Number(sql(
  `SELECT COUNT(*) FROM audit_log WHERE action = '${action}' AND object_type = 'station' AND object_id = '${id}' AND result = 'ok'`)[0][0]);

// A point about `km` kilometres north of (lat, lng).
const north = (p, km) => ({ lat: Math.round((p.lat + km / 111.195) * 1e6) / 1e6, lng: p.lng });
// A random base point inside China, far enough from other runs' stations for a 10 km search.
const basePoint = () => ({ lat: Math.round((25 + Math.random() * 15) * 1e6) / 1e6, lng: Math.round((100 + Math.random() * 15) * 1e6) / 1e6 });

function station(overrides = {}) {
  return {
    name: `鹿寨县${uniq('驿')}零工驿站`.slice(0, 30),
    address: '鹿寨镇建设中路 12 号',
    phone: '0772-6812345',
    hours: '周一至周六 8:00-18:00',
    services: '求职登记、岗位推荐、技能培训报名、休息饮水',
    region_code: '450223100',
    lat: 24.4728,
    lng: 109.752,
    ...overrides,
  };
}

test('POST /api/v1/admin/stations by a county admin creates the station (201 per openapi.json) and audits it', async () => {
  const adm = await adminToken('admin', '450223');
  const body = station();
  const r = await create(adm.token, body);
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/admin/stations', 'POST', r);
  const s = r.json.station;
  assert.ok(s.id > 0);
  assert.equal(s.name, body.name);
  assert.equal(s.phone, '0772-6812345');
  assert.equal(s.lat, 24.4728);
  assert.equal(s.lng, 109.752);
  assert.deepEqual(s.region, { code: '450223100', name: '鹿寨镇' });
  assert.equal(s.status, 'open');
  assert.equal(auditCount('station.create', s.id), 1);
  // location is POINT(lng, lat)
  assert.deepEqual(sql(`SELECT ST_X(location), ST_Y(location) FROM stations WHERE id = ${s.id}`)[0], ['109.752', '24.4728']);
  // optional fields may be left out
  const min = await create(adm.token, { name: '驿站', address: '地址', region_code: '450223', lat: 24.5, lng: 109.7 });
  assert.equal(min.status, 201, min.text);
  assertMatchesSpec('/api/v1/admin/stations', 'POST', min);
  assert.equal(min.json.station.phone, null);
  assert.equal(min.json.station.services, null);
});

test('GET /api/v1/stations?lat=&lng= answers open stations inside the radius nearest first with distance_m', async () => {
  const adm = await adminToken('admin', null);
  const p = basePoint();
  const made = {};
  for (const km of [3, 0.5, 8, 1.5]) {
    const r = await create(adm.token, station({ ...north(p, km), name: `驿站${km}km` }));
    assert.equal(r.status, 201, r.text);
    made[km] = r.json.station.id;
  }
  const closed = await create(adm.token, station({ ...north(p, 1), name: '已关闭驿站', status: 'closed' }));
  assert.equal(closed.status, 201);
  const r = await list(`lat=${p.lat}&lng=${p.lng}&radius_km=5`);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/stations', 'GET', r);
  assert.deepEqual(r.json.items.map((s) => s.id), [made[0.5], made[1.5], made[3]], 'nearest first, 8 km and closed left out');
  assert.equal(r.json.total, 3);
  assert.equal(r.json.page, 1);
  assert.equal(r.json.page_size, 20);
  const d = r.json.items.map((s) => s.distance_m);
  assert.ok(Math.abs(d[0] - 500) < 5 && Math.abs(d[1] - 1500) < 5 && Math.abs(d[2] - 3000) < 5, `distances ${d}`);
  assert.ok(!('status' in r.json.items[0]), 'the public list does not carry admin fields');
  const wide = await list(`lat=${p.lat}&lng=${p.lng}&radius_km=10`);
  assert.deepEqual(wide.json.items.map((s) => s.id), [made[0.5], made[1.5], made[3], made[8]]);
  const page2 = await list(`lat=${p.lat}&lng=${p.lng}&radius_km=10&page=2&page_size=3`);
  assert.deepEqual(page2.json.items.map((s) => s.id), [made[8]]);
  assert.equal(page2.json.total, 4);
  // the default radius is 50 km; a region filter narrows it
  const dflt = await list(`lat=${p.lat}&lng=${p.lng}`);
  assert.ok(dflt.json.items.length >= 4);
  const other = await list(`lat=${p.lat}&lng=${p.lng}&radius_km=10&region=360824`);
  assert.equal(other.json.total, 0);
});

test('GET /api/v1/stations?region= answers the open stations of that region subtree, by region code', async () => {
  const adm = await adminToken('admin', null);
  const a = await create(adm.token, station({ region_code: '450223106' }));
  const b = await create(adm.token, station({ region_code: '360824100', lat: 27.74, lng: 115.387 }));
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  const r = await list('region=450223&page_size=100');
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/stations', 'GET', r);
  assert.ok(r.json.items.length > 0);
  for (const s of r.json.items) {
    assert.ok(s.region.code.startsWith('450223'), s.region.code);
    assert.ok(!('distance_m' in s));
  }
  const codes = r.json.items.map((s) => s.region.code);
  assert.deepEqual(codes, [...codes].sort(), 'ordered by region code');
  const x = await list('region=360824100&page_size=100');
  assert.ok(x.json.items.every((s) => s.region.code === '360824100'));
  assert.ok(x.json.total >= 1);
  const all = await list('page_size=1');
  assert.equal(all.status, 200);
  assert.equal(all.json.items.length, 1);
  assert.ok(all.json.total >= 2);
});

test('GET /api/v1/stations rejects bad queries with 400 bad_query: page_size 101, lat without lng, outside China, bad region', async () => {
  assert.equal((await list('page_size=100')).status, 200);
  for (const [q, field] of [['page_size=101', 'page_size'], ['page=0', 'page'], ['lat=24.4', 'lng'], ['lng=109.7', 'lat'],
    ['lat=abc&lng=109.7', 'lat'], ['lat=1.3&lng=103.8', 'lat'], ['lat=24.4&lng=109.7&radius_km=301', 'radius_km'],
    ['lat=24.4&lng=109.7&radius_km=0', 'radius_km'], ['region=4502', 'region'], ['region=45022x', 'region']]) {
    const r = await list(q);
    assertError(r, 400, 'bad_query');
    assertMatchesSpec('/api/v1/stations', 'GET', r);
    assert.equal(r.json.error.field, field, q);
  }
  assert.equal((await list('lat=24.4&lng=109.7&radius_km=300')).status, 200);
});

test('PUT /api/v1/admin/stations/{id} replaces a station inside the region and audits it; outside the region it is 404', async () => {
  const luzhai = await adminToken('admin', '450223');
  const xingan = await adminToken('admin', '360824');
  const staff = await adminToken('station', '450223');
  const c = await create(staff.token, station());
  assert.equal(c.status, 201, c.text);
  const id = c.json.station.id;
  const r = await update(luzhai.token, id, station({ name: '鹿寨镇零工驿站（新址）', region_code: '450223102', lat: 24.725, lng: 109.627, status: 'closed', phone: undefined }));
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/admin/stations/{id}', 'PUT', r);
  assert.equal(r.json.station.name, '鹿寨镇零工驿站（新址）');
  assert.equal(r.json.station.region.code, '450223102');
  assert.equal(r.json.station.status, 'closed');
  assert.equal(r.json.station.phone, null);
  assert.equal(auditCount('station.update', id), 1);
  assert.deepEqual(sql(`SELECT ST_X(location), ST_Y(location) FROM stations WHERE id = ${id}`)[0], ['109.627', '24.725']);
  // an admin of another county neither sees nor changes it
  const x = await update(xingan.token, id, station({ region_code: '360824' }));
  assertError(x, 404, 'not_found');
  assertMatchesSpec('/api/v1/admin/stations/{id}', 'PUT', x);
  assert.equal(sql(`SELECT region_code FROM stations WHERE id = ${id}`)[0][0], '450223102');
  assertError(await update(luzhai.token, 999999999, station()), 404, 'not_found');
  // moving it out of one's own region is refused
  const out = await update(luzhai.token, id, station({ region_code: '360824' }));
  assertError(out, 403, 'forbidden');
  assert.equal(out.json.error.field, 'region_code');
});

test('POST /api/v1/admin/stations outside the caller region answers 403; station staff may create inside it', async () => {
  const staff = await adminToken('station', '450223');
  const r = await create(staff.token, station({ region_code: '360824100' }));
  assertError(r, 403, 'forbidden');
  assertMatchesSpec('/api/v1/admin/stations', 'POST', r);
  assert.equal(r.json.error.field, 'region_code');
  const ok = await create(staff.token, station({ region_code: '450223105' }));
  assert.equal(ok.status, 201, ok.text);
  const rows = sql(`SELECT actor_id, role FROM audit_log WHERE action = 'station.create' AND object_type = 'station' AND object_id = '${ok.json.station.id}'`);
  assert.deepEqual(rows, [[String(staff.id), 'station']]);
});

test('worker, reviewer and auditor tokens on the admin station routes answer 403; no token answers 401', async () => {
  const adm = await adminToken('admin', '450223');
  const id = (await create(adm.token, station())).json.station.id;
  const worker = (await signIn(srv, uniq('sw'))).access_token;
  for (const token of [worker, (await adminToken('reviewer', '450223')).token, (await adminToken('auditor', null)).token]) {
    assertError(await create(token, station()), 403, 'forbidden');
    const r = await update(token, id, station({ name: '被篡改' }));
    assertError(r, 403, 'forbidden');
    assertMatchesSpec('/api/v1/admin/stations/{id}', 'PUT', r);
  }
  assertError(await create(undefined, station()), 401, 'unauthenticated');
  assert.notEqual(sql(`SELECT name FROM stations WHERE id = ${id}`)[0][0], '被篡改');
});

test('POST /api/v1/admin/stations enforces every limit at the limit and one past it, and rejects unknown fields', async () => {
  const adm = await adminToken('admin', '450223');
  const ok = async (extra, label) => {
    const r = await create(adm.token, station(extra));
    assert.equal(r.status, 201, `${label}: ${r.text}`);
    return r.json.station;
  };
  const bad = async (extra, field, label, code = 'validation_failed') => {
    const r = await create(adm.token, station(extra));
    assertError(r, 400, code);
    assertMatchesSpec('/api/v1/admin/stations', 'POST', r);
    assert.equal(r.json.error.field, field, `${label}: ${r.text}`);
  };
  await ok({ name: '驿站' }, 'name 2');
  await bad({ name: '驿' }, 'name', 'name 1');
  await ok({ name: '驿'.repeat(64) }, 'name 64');
  await bad({ name: '驿'.repeat(65) }, 'name', 'name 65');
  await ok({ address: '址'.repeat(128) }, 'address 128');
  await bad({ address: '址'.repeat(129) }, 'address', 'address 129');
  await ok({ hours: '时'.repeat(64) }, 'hours 64');
  await bad({ hours: '时'.repeat(65) }, 'hours', 'hours 65');
  assert.equal((await ok({ services: '服'.repeat(500) }, 'services 500')).services.length, 500);
  await bad({ services: '服'.repeat(501) }, 'services', 'services 501');
  await ok({ phone: '(0772)681-2345 转 8'.replace(' 转 8', '') }, 'phone with brackets');
  await bad({ phone: '0'.repeat(21) }, 'phone', 'phone 21 chars');
  await bad({ phone: '123' }, 'phone', 'phone too short');
  await bad({ phone: 'call me' }, 'phone', 'phone letters');
  await bad({ status: 'gone' }, 'status', 'status');
  await bad({ region_code: '450200' }, 'region_code', 'a city');
  await bad({ region_code: '450299' }, 'region_code', 'unknown region');
  await bad({ lat: 1.3, lng: 103.8 }, 'lat', 'outside China');
  await bad({ lat: undefined }, 'lat', 'lat missing', 'missing_field');
  await bad({ lng: 'east' }, 'lng', 'lng as text');
  await bad({ id: 5 }, 'id', 'id', 'unknown_field');
  await bad({ created_at: '2026-01-01T00:00:00Z' }, 'created_at', 'created_at', 'unknown_field');
});

test('GET /api/v1/stations nearest-first answers 200 on every repetition (statements re-executed on a connection)', async () => {
  const statuses = [];
  for (let i = 0; i < 24; i++) {
    const r = await call(srv.url, 'GET', `/api/v1/stations?lat=24.47&lng=109.75&radius_km=${20 + i}`);
    statuses.push(r.status);
  }
  assert.deepEqual([...new Set(statuses)], [200]);
});
