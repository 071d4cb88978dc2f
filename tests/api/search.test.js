// GET /api/v1/gigs: keyword (Chinese bigrams: "水电" finds "水电工维修"), 工种 and region subtrees, pay
// minimum, date range, nearby with distance sort, pay sort, pagination with totals, only published and
// unexpired gigs, and every bad parameter answered 400 naming it.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, startWechat, call, sql, uniq, sleep, assertMatchesSpec, assertError, signIn, makeEmployer, gigBody, at } = require('./lib');

let wx, srv, emp;
const tag = `zq${Math.random().toString(36).slice(2, 8)}`; // a Latin word only this run's gigs carry
const ids = {};
// 洪都街道 (青云谱区, 南昌) and two spots 600 m and about 9 km away
const HERE = { lat: 28.6300, lng: 115.9000 };

const search = (qs) => call(srv.url, 'GET', `/api/v1/gigs?${qs}`);
const idsOf = (r) => r.json.items.map((x) => x.id);

before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000' });
  emp = await signIn(srv, uniq('srch'));
  makeEmployer(emp.user.id, { verification: 'verified', region: '360104', name: '青云谱测试单位' });
  const base = { region_code: '360104002', address: '南昌市青云谱区洪都街道', description: '详情请电话咨询，日结。', ...HERE };
  const mk = async (key, over) => {
    const r = await call(srv.url, 'POST', '/api/v1/gigs', { token: emp.access_token, body: gigBody({ ...base, ...over }) });
    assert.equal(r.status, 201, r.text);
    ids[key] = r.json.gig.id;
  };
  await mk('plumber', { title: `水电工维修 ${tag}`, job_type_id: 301, pay_fen: 30000, pay_unit: 'day' });
  await mk('mason', { title: `泥瓦工贴砖 ${tag}`, job_type_id: 302, pay_fen: 28000, pay_unit: 'day', lat: HERE.lat + 0.0054 }); // ~600 m north
  await mk('cleaner', { title: `家庭保洁钟点工 ${tag}`, job_type_id: 101, pay_fen: 3500, pay_unit: 'hour', lat: HERE.lat + 0.08 }); // ~9 km
  await mk('later', { title: `下月采茶 ${tag}`, job_type_id: 701, pay_fen: 15000, starts_at: at(20 * 86400), ends_at: at(20 * 86400 + 3600), lng: HERE.lng + 0.002 }); // ~200 m east
  await mk('draft', { title: `水电工草稿 ${tag}`, job_type_id: 301, submit: false });
  const closed = await call(srv.url, 'POST', '/api/v1/gigs', { token: emp.access_token, body: gigBody({ ...base, title: `水电工已关闭 ${tag}` }) });
  ids.closed = closed.json.gig.id;
  await call(srv.url, 'POST', `/api/v1/gigs/${ids.closed}/close`, { token: emp.access_token });
  // one that has already ended but is not yet expired by the task
  await mk('ended', { title: `水电工已结束 ${tag}` });
  // (every write of a gig stamps updated_at; that is how each node's search index hears of it)
  sql(`UPDATE gigs SET starts_at = NOW() - INTERVAL 3 HOUR, ends_at = NOW() - INTERVAL 1 HOUR, updated_at = NOW(3) WHERE id = ${ids.ended}`);
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

test('GET /api/v1/gigs?q=水电 finds "水电工维修" and answers per openapi.json; only published, unexpired gigs', async () => {
  const r = await search(`q=${encodeURIComponent(`水电 ${tag}`)}&page_size=100`);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/gigs', 'GET', r);
  assert.deepEqual(idsOf(r), [ids.plumber]);
  assert.equal(r.json.total, 1);
  assert.equal(r.json.items[0].description, undefined);
  assert.equal(r.json.items[0].status_label, '已发布');
  const one = await search(`q=${encodeURIComponent(`电 ${tag}`)}`); // one character: title unigram
  assert.deepEqual(idsOf(one), [ids.plumber]);
  const none = await search(`q=${encodeURIComponent(`电焊 ${tag}`)}`);
  assert.deepEqual(idsOf(none), []);
  assert.equal(none.json.total, 0);
  const all = await search(`q=${tag}&page_size=100`);
  assert.deepEqual(idsOf(all).sort(), [ids.plumber, ids.mason, ids.cleaner, ids.later].sort());
});

test('GET /api/v1/gigs?job_type= takes a category with its subtree or a single 工种', async () => {
  const cat = await search(`q=${tag}&job_type=3&page_size=100`);
  assert.deepEqual(idsOf(cat).sort(), [ids.plumber, ids.mason].sort());
  const leaf = await search(`q=${tag}&job_type=302`);
  assert.deepEqual(idsOf(leaf), [ids.mason]);
  assertError(await search('job_type=999999'), 400, 'bad_query');
  assertError(await search('job_type=abc'), 400, 'bad_query');
});

test('GET /api/v1/gigs?region= takes any level of the region tree', async () => {
  for (const code of ['360000', '360100', '360104', '360104002']) {
    const r = await search(`q=${tag}&region=${code}&page_size=100`);
    assert.equal(r.json.total, 4, code);
  }
  assert.equal((await search(`q=${tag}&region=450223`)).json.total, 0);
  assert.equal((await search(`q=${tag}&region=360824`)).json.total, 0);
  const r = await search('region=12');
  assertError(r, 400, 'bad_query');
  assert.equal(r.json.error.field, 'region');
});

test('GET /api/v1/gigs?pay_min= and sort=pay', async () => {
  const r = await search(`q=${tag}&pay_min=20000&sort=pay`);
  assert.deepEqual(idsOf(r), [ids.plumber, ids.mason]);
  assertError(await search('pay_min=-1'), 400, 'bad_query');
});

test('GET /api/v1/gigs?date_from=&date_to= keeps gigs running in that window', async () => {
  const day = (d) => new Date(Date.now() + d * 86400000 + 8 * 3600000).toISOString().slice(0, 10); // Shanghai date
  const soon = await search(`q=${tag}&date_to=${day(2)}&page_size=100`);
  assert.ok(!idsOf(soon).includes(ids.later));
  assert.ok(idsOf(soon).includes(ids.plumber));
  const next = await search(`q=${tag}&date_from=${day(19)}&page_size=100`);
  assert.deepEqual(idsOf(next), [ids.later]);
  assertError(await search('date_from=2026-13-01'), 400, 'bad_query');
  assertError(await search('date_to=tomorrow'), 400, 'bad_query');
});

test('GET /api/v1/gigs nearby with sort=distance orders by distance and answers distance_m', async () => {
  const near = await search(`q=${tag}&lat=${HERE.lat}&lng=${HERE.lng}&radius_km=1&sort=distance`);
  assert.equal(near.status, 200, near.text);
  assertMatchesSpec('/api/v1/gigs', 'GET', near);
  assert.deepEqual(idsOf(near), [ids.plumber, ids.later, ids.mason]);
  assert.ok(!idsOf(near).includes(ids.cleaner), 'the gig 9 km away is outside 1 km');
  assert.ok(near.json.items[0].distance_m < 50);
  assert.ok(Math.abs(near.json.items[1].distance_m - 195) < 20, `distance ${near.json.items[1].distance_m}`);
  assert.ok(Math.abs(near.json.items[2].distance_m - 600) < 30, `distance ${near.json.items[2].distance_m}`);
  const wide = await search(`q=${tag}&lat=${HERE.lat}&lng=${HERE.lng}&radius_km=10&sort=distance&page_size=100`);
  assert.ok(idsOf(wide).includes(ids.cleaner));
  const d = wide.json.items.map((x) => x.distance_m);
  assert.deepEqual(d, [...d].sort((a, b) => a - b));
});

test('GET /api/v1/gigs pages with page/page_size and a total', async () => {
  const p1 = await search(`q=${tag}&page_size=3&page=1`);
  const p2 = await search(`q=${tag}&page_size=3&page=2`);
  assert.equal(p1.json.total, 4);
  assert.equal(p2.json.total, 4);
  assert.equal(p1.json.items.length, 3);
  assert.equal(p2.json.items.length, 1);
  assert.equal(p1.json.page_size, 3);
  assert.equal(p2.json.page, 2);
  assert.equal(new Set([...idsOf(p1), ...idsOf(p2)]).size, 4);
  // newest first by default
  const all = await search(`q=${tag}`);
  assert.deepEqual(idsOf(all), [ids.later, ids.cleaner, ids.mason, ids.plumber]);
});

test('GET /api/v1/gigs refuses bad parameters with 400 naming them', async () => {
  const cases = [
    ['page_size=101', 'page_size'], ['page_size=0', 'page_size'], ['page=0', 'page'], ['page=abc', 'page'],
    [`q=${encodeURIComponent('水'.repeat(51))}`, 'q'], ['q=%21%21', 'q'], ['sort=distance', 'sort'], ['sort=cheap', 'sort'],
    ['lat=28.6', 'lng'], ['lng=115.9', 'lat'], ['lat=28.6&lng=115.9&radius_km=101', 'radius_km'],
    ['lat=28.6&lng=115.9&radius_km=0', 'radius_km'], ['radius_km=5', 'lat'], ['lat=91&lng=115', 'lng'],
    ['q=%ff', 'q'],
  ];
  for (const [qs, field] of cases) {
    const r = await search(qs);
    assertError(r, 400, 'bad_query');
    assert.equal(r.json.error.field, field, qs);
  }
  assert.equal((await search('page_size=100')).status, 200);
  // at most 10,000 results deep: page 100 of 100 is the last
  assert.equal((await search('page_size=100&page=100')).status, 200);
  const deep = await search('page_size=100&page=101');
  assertError(deep, 400, 'bad_query');
  assert.equal(deep.json.error.field, 'page');
  // up to 4 words; a fifth is refused
  assert.equal((await search(`q=${encodeURIComponent('水电 维修 师傅 日结')}`)).status, 200);
  const five = await search(`q=${encodeURIComponent('水电 维修 师傅 日结 南昌')}`);
  assertError(five, 400, 'bad_query');
  assert.equal(five.json.error.field, 'q');
  assert.equal((await search(`q=${encodeURIComponent('水'.repeat(50))}`)).status, 200);
  assert.equal((await search('lat=28.6&lng=115.9&radius_km=100')).status, 200);
});

test('GET /api/v1/gigs nearby answers 200 on every repetition (statements re-executed on a connection)', async () => {
  const statuses = [];
  for (let i = 0; i < 24; i++) {
    const sort = ['distance', 'new', 'pay'][i % 3];
    statuses.push((await search(`lat=${HERE.lat}&lng=${HERE.lng}&radius_km=5&sort=${sort}${i % 2 ? `&q=${tag}` : ''}`)).status);
  }
  assert.deepEqual([...new Set(statuses)], [200]);
});

test('GET /api/v1/gigs pages are served from the per-node cache for SEARCH_CACHE_S seconds, with an ETag', async () => {
  const cached = await startServer({ ...wx.env, SEARCH_CACHE_S: '2' });
  try {
    const qs = `q=${tag}&region=360104&page_size=100`;
    const a = await call(cached.url, 'GET', `/api/v1/gigs?${qs}`);
    assert.equal(a.status, 200);
    const before = a.json.total;
    const extra = await call(srv.url, 'POST', '/api/v1/gigs', { token: emp.access_token, body: gigBody({ region_code: '360104002', lat: HERE.lat, lng: HERE.lng, address: '青云谱', title: `缓存测试 ${tag}` }) });
    assert.equal(extra.status, 201);
    const b = await call(cached.url, 'GET', `/api/v1/gigs?${qs}`);
    assert.equal(b.json.total, before, 'still the cached page');
    assert.equal((await call(cached.url, 'GET', `/api/v1/gigs?${qs}`, { headers: { 'if-none-match': b.headers.get('etag') } })).status, 304);
    await new Promise((res) => setTimeout(res, 2200));
    const c = await call(cached.url, 'GET', `/api/v1/gigs?${qs}`);
    assert.equal(c.json.total, before + 1, 'after the TTL the new gig is listed');
    sql(`UPDATE gigs SET status = 'closed', updated_at = NOW(3) WHERE id = ${extra.json.gig.id}`);
  } finally {
    await cached.stop();
  }
});

test('GET /api/v1/gigs?q= folds traditional characters, full width and case, and needs every word', async () => {
  assert.deepEqual(idsOf(await search(`q=${encodeURIComponent(`水電 ${tag.toUpperCase()}`)}`)), [ids.plumber]);
  const wide = [...tag].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join(''); // ｚｑ…
  assert.deepEqual(idsOf(await search(`q=${encodeURIComponent(`水电　${wide}`)}`)), [ids.plumber]);
  assert.deepEqual(idsOf(await search(`q=${encodeURIComponent(`水电 维修 ${tag}`)}`)), [ids.plumber]);
  assert.deepEqual(idsOf(await search(`q=${encodeURIComponent(`水电 贴砖 ${tag}`)}`)), []);
  // the 工种 name is searched too: 泥瓦工贴砖 is filed under 302
  const [[jt]] = sql('SELECT name FROM job_types WHERE id = 302');
  assert.ok(idsOf(await search(`q=${encodeURIComponent(`${jt} ${tag}`)}`)).includes(ids.mason), jt);
});

test('GET /api/v1/gigs hides the gigs of an employer the viewer blocked or was blocked by', async () => {
  const worker = await signIn(srv, uniq('blk'));
  const other = await signIn(srv, uniq('blk'));
  const seen = async (who) => idsOf(await call(srv.url, 'GET', `/api/v1/gigs?q=${tag}&page_size=100`, { token: who.access_token }));
  assert.ok((await seen(worker)).includes(ids.plumber));
  sql(`INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (${worker.user.id}, ${emp.user.id}, NOW(3)), (${emp.user.id}, ${other.user.id}, NOW(3))`);
  try {
    assert.deepEqual(await seen(worker), []);
    assert.deepEqual(await seen(other), []);
    const r = await call(srv.url, 'GET', `/api/v1/gigs?q=${tag}`, { token: worker.access_token });
    assert.equal(r.json.total, 0);
    assert.equal(idsOf(await search(`q=${tag}&page_size=100`)).length, 4, 'anonymous viewers still see them');
  } finally {
    sql(`DELETE FROM blocks WHERE blocker_id IN (${worker.user.id}, ${emp.user.id}) AND blocked_id IN (${emp.user.id}, ${other.user.id})`);
  }
  assert.ok((await seen(worker)).includes(ids.plumber));
  // a viewer with many blocks (here 130, the employer's among the last): every one of them counts
  const tag2 = uniq('blkn');
  sql(`INSERT INTO users (openid, created_at) VALUES ${Array.from({ length: 129 }, (_, i) => `('o_${tag2}_${i}', NOW(3))`).join(',')}`);
  sql(`INSERT INTO blocks (blocker_id, blocked_id, created_at) SELECT ${worker.user.id}, id, NOW(3) FROM users WHERE openid LIKE 'o_${tag2}_%'`);
  sql(`INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (${worker.user.id}, ${emp.user.id}, NOW(3))`);
  try {
    assert.deepEqual(await seen(worker), []);
  } finally {
    sql(`DELETE FROM blocks WHERE blocker_id = ${worker.user.id}`);
  }
  assert.ok((await seen(worker)).includes(ids.plumber));
});

test('GET /api/v1/gigs on a node that polls (SEARCH_INDEX_POLL_MS) lists a new gig and drops a closed one within a poll', async () => {
  const node = await startServer({ ...wx.env, SEARCH_INDEX_POLL_MS: '200' });
  try {
    const listed = async () => idsOf(await call(node.url, 'GET', `/api/v1/gigs?q=${tag}&page_size=100`));
    assert.ok((await listed()).includes(ids.plumber), 'loaded at start');
    const g = await call(srv.url, 'POST', '/api/v1/gigs', { token: emp.access_token, body: gigBody({ region_code: '360104002', lat: HERE.lat, lng: HERE.lng, address: '青云谱', title: `轮询测试 ${tag}` }) });
    assert.equal(g.status, 201);
    const id = g.json.gig.id;
    const until = async (want) => {
      for (let i = 0; i < 50; i++) {
        if ((await listed()).includes(id) === want) return i;
        await sleep(100);
      }
      assert.fail(`gig ${id} ${want ? 'never listed' : 'never dropped'}`);
    };
    await until(true);
    assert.equal((await call(srv.url, 'POST', `/api/v1/gigs/${id}/close`, { token: emp.access_token })).status, 200);
    await until(false);
  } finally {
    await node.stop();
  }
});

test('GET /api/v1/gigs lists what the index holds: places taken and employer changes show after the next poll', async () => {
  const row = async () => {
    const r = await search(`q=${tag}&page_size=100`);
    assert.equal(r.status, 200, r.text);
    assertMatchesSpec('/api/v1/gigs', 'GET', r);
    return r.json.items.find((x) => x.id === ids.mason);
  };
  const before = await row();
  assert.equal(before.employer.name, '青云谱测试单位');
  assert.equal(before.accepted_count, 0);
  // a place taken (as accepting does: the seat statement stamps updated_at) and an employer renamed
  sql(`UPDATE gigs SET accepted_count = accepted_count + 1, updated_at = NOW(3) WHERE id = ${ids.mason}`);
  sql(`UPDATE employers SET name = '青云谱测试单位二', updated_at = NOW(3) WHERE user_id = ${emp.user.id}`);
  try {
    const after = await row();
    assert.equal(after.accepted_count, 1);
    assert.equal(after.remaining, before.remaining - 1);
    assert.equal(after.employer.name, '青云谱测试单位二');
    assert.equal(after.title, before.title);
  } finally {
    sql(`UPDATE gigs SET accepted_count = accepted_count - 1, updated_at = NOW(3) WHERE id = ${ids.mason}`);
    sql(`UPDATE employers SET name = '青云谱测试单位', updated_at = NOW(3) WHERE user_id = ${emp.user.id}`);
  }
});
