// The sensitive-word admin API (/api/v1/admin/sensitive-words): CRUD with every limit at the limit and one
// past it, duplicates by normalised word (409), CSV import (dry-run report, all-or-nothing real import)
// and export round trip, the tester, role checks, audit rows and version bumps; and hot swap: a change is
// seen by the very next request on every thread of this node and, with a second linggongd on the same
// database, by the other node within 2 s.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startServer, startWechat, call, sql, uniq, sleep, assertMatchesSpec, assertError, signIn, createAdmin, makeEmployer,
  gigBody,
} = require('./lib');

const BASE = '/api/v1/admin/sensitive-words';
const ENV = { RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_IP_PER_MIN: '1000000' };
let wx, srv, admin, county, auditor, reviewer, employer, worker;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, ...ENV });
  admin = await adminToken('admin', null);
  county = await adminToken('admin', '450223');
  auditor = await adminToken('auditor', null);
  reviewer = await adminToken('reviewer', null);
  employer = await signIn(srv, uniq('wemp'));
  makeEmployer(employer.user.id, { verification: 'verified' });
  worker = await signIn(srv, uniq('wwk'));
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

async function adminToken(role, region) {
  const password = `pw-${uniq('w')}`;
  const username = createAdmin({ password, role, region });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return { token: r.json.access_token, id: r.json.admin.id, username };
}

// A word no other run or seed entry contains: 测试 + eight characters from a set with no digit variants.
function uniqWord(prefix = '测试') {
  const set = '桃李杏梅兰竹菊松柏枫';
  let s = prefix;
  for (let i = 0; i < 8; i++) s += set[Math.floor(Math.random() * set.length)];
  return s;
}
const api = (method, path, who, body, base = srv.url) => call(base, method, path, { token: who.token || who.access_token, body });
const create = (body, who = admin) => api('POST', BASE, who, body);
const version = () => Number(sql('SELECT version FROM wordfilter_version WHERE id = 1')[0][0]);
const wordCount = () => Number(sql('SELECT COUNT(*) FROM sensitive_words')[0][0]);
const audits = (action, id) => sql(`SELECT actor_id, role, result FROM audit_log WHERE object_type = 'sensitive_word' AND action = '${action}' AND object_id ${id === null ? 'IS NULL' : `= '${id}'`} ORDER BY id`);
// Deletes entries through the API (so the version moves as for any change).
async function removeWords(words) {
  for (const [id] of sql(`SELECT id FROM sensitive_words WHERE word IN ('${words.join("','")}')`)) {
    assert.equal((await api('DELETE', `${BASE}/${id}`, admin)).status, 204);
  }
}
const testText = (text, base = srv.url, headers = {}) => call(base, 'POST', `${BASE}/test`, { token: admin.token, body: { text }, headers });
// More parallel requests than worker threads, each on its own connection (an idle keep-alive connection
// would hold its thread until KEEP_ALIVE_TIMEOUT_MS), so that every thread answers some of them.
const onEveryThread = (text) => Promise.all(Array.from({ length: 24 }, () => testText(text, srv.url, { connection: 'close' })));

test('POST/PUT/DELETE /api/v1/admin/sensitive-words: create 201, update 200, delete 204, each audited and bumping the version', async () => {
  const word = uniqWord();
  const v0 = version();
  const c = await create({ word, category: 'custom', action: 'review', note: '测试用' });
  assert.equal(c.status, 201, c.text);
  assertMatchesSpec(BASE, 'POST', c);
  const w = c.json.word;
  assert.deepEqual({ ...w, id: 0, created_at: '', updated_at: '' }, {
    id: 0, word, category: 'custom', action: 'review', allow: false, enabled: true, note: '测试用', created_by: admin.username, created_at: '', updated_at: '',
  });
  assert.equal(version(), v0 + 1);
  assert.deepEqual(audits('sensitive_word.create', w.id), [[String(admin.id), 'admin', 'ok']]);

  const list = await api('GET', `${BASE}?q=${encodeURIComponent(word.slice(2, 8))}&category=custom&action=review`, admin);
  assert.equal(list.status, 200, list.text);
  assertMatchesSpec(BASE, 'GET', list);
  assert.deepEqual(list.json.items.map((x) => x.id), [w.id]);
  assert.equal(list.json.total, 1);
  assert.equal(list.json.version, version());
  const none = await api('GET', `${BASE}?q=${encodeURIComponent(word)}&action=block`, admin);
  assert.equal(none.json.total, 0);

  const u = await api('PUT', `${BASE}/${w.id}`, admin, { action: 'block', enabled: false, note: null });
  assert.equal(u.status, 200, u.text);
  assertMatchesSpec(`${BASE}/{id}`, 'PUT', u);
  assert.equal(u.json.word.word, word, 'fields left out keep their value');
  assert.equal(u.json.word.action, 'block');
  assert.equal(u.json.word.enabled, false);
  assert.equal(u.json.word.note, null);
  assert.equal(version(), v0 + 2);
  assert.equal(audits('sensitive_word.update', w.id).length, 1);

  const d = await api('DELETE', `${BASE}/${w.id}`, admin);
  assert.equal(d.status, 204, d.text);
  assert.equal(d.text, '');
  assert.equal(version(), v0 + 3);
  assert.equal(audits('sensitive_word.delete', w.id).length, 1);
  assertError(await api('DELETE', `${BASE}/${w.id}`, admin), 404, 'not_found');
  assertError(await api('PUT', `${BASE}/${w.id}`, admin, { action: 'mask' }), 404, 'not_found');
  assertError(await api('PUT', `${BASE}/abc`, admin, { action: 'mask' }), 400, 'bad_id');
  assert.equal(version(), v0 + 3, 'failed writes do not bump the version');
});

test('POST/PUT /api/v1/admin/sensitive-words refuse each field at limit + 1 and accept it at the limit', async () => {
  const ok64 = uniqWord('限'.repeat(56));
  assert.equal([...ok64].length, 64);
  const good = await create({ word: ok64, category: 'custom', action: 'mask', note: '注'.repeat(200) });
  assert.equal(good.status, 201, good.text);
  const cases = [
    [{ word: `${ok64}长` }, 'word', 'validation_failed'],
    [{ word: '' }, 'word', 'validation_failed'],
    [{ word: ' *** ' }, 'word', 'validation_failed'],
    [{ note: '注'.repeat(201) }, 'note', 'validation_failed'],
    [{ category: 'fees' }, 'category', 'validation_failed'],
    [{ category: 'x'.repeat(17) }, 'category', 'validation_failed'],
    [{ action: 'delete' }, 'action', 'validation_failed'],
    [{ allow: 1 }, 'allow', 'validation_failed'],
    [{ enabled: 'yes' }, 'enabled', 'validation_failed'],
    [{ id: 5 }, 'id', 'unknown_field'],
    [{ created_by: 'me' }, 'created_by', 'unknown_field'],
  ];
  const before = wordCount();
  for (const [over, field, code] of cases) {
    const r = await create({ word: uniqWord(), category: 'custom', action: 'block', ...over });
    assertError(r, 400, code);
    assert.equal(r.json.error.field, field, JSON.stringify(over));
    const p = await api('PUT', `${BASE}/${good.json.word.id}`, admin, over);
    assertError(p, 400, code);
  }
  assertError(await create({ category: 'custom', action: 'block' }), 400, 'missing_field');
  assertError(await api('PUT', `${BASE}/${good.json.word.id}`, admin, {}), 400, 'missing_field');
  assert.equal(wordCount(), before);
  // queries
  assert.equal((await api('GET', `${BASE}?q=${encodeURIComponent('词'.repeat(64))}`, admin)).status, 200);
  assertError(await api('GET', `${BASE}?q=${encodeURIComponent('词'.repeat(65))}`, admin), 400, 'bad_query');
  assertError(await api('GET', `${BASE}?category=fees`, admin), 400, 'bad_query');
  assertError(await api('GET', `${BASE}?action=drop`, admin), 400, 'bad_query');
  assert.equal((await api('GET', `${BASE}?page_size=100`, admin)).json.items.length, 100);
  assertError(await api('GET', `${BASE}?page_size=101`, admin), 400, 'bad_query');
  assert.equal((await testText('字'.repeat(2000))).status, 200);
  assertError(await testText('字'.repeat(2001)), 400, 'validation_failed');
  // a LIKE wildcard in q is a literal
  assert.equal((await api('GET', `${BASE}?q=%25`, admin)).json.total, 0);
  await api('DELETE', `${BASE}/${good.json.word.id}`, admin);
});

test('POST/PUT /api/v1/admin/sensitive-words answer 409 for a duplicate by normalised word within a category', async () => {
  const word = uniqWord('ＡＢ測試');
  const c = await create({ word, category: 'fraud', action: 'block' });
  assert.equal(c.status, 201, c.text);
  const before = version();
  for (const twin of [word, ` ${word} `, word.replace('ＡＢ測試', 'ab测试'), word.replace('ＡＢ測試', 'A B 测*试')]) {
    const r = await create({ word: twin, category: 'fraud', action: 'review' });
    assertError(r, 409, 'already_exists');
    assertMatchesSpec(BASE, 'POST', r);
    assert.equal(r.json.error.field, 'word');
  }
  assert.equal(version(), before);
  const other = await create({ word, category: 'custom', action: 'review' });
  assert.equal(other.status, 201, 'the same word in another category is another entry');
  const third = await create({ word: uniqWord(), category: 'fraud', action: 'block' });
  assertError(await api('PUT', `${BASE}/${third.json.word.id}`, admin, { word: word.toLowerCase() }), 409, 'already_exists');
  assert.equal((await api('PUT', `${BASE}/${c.json.word.id}`, admin, { word: word.replace('ＡＢ', 'ab') })).status, 200,
    'an entry does not duplicate itself');
  for (const x of [c, other, third]) await api('DELETE', `${BASE}/${x.json.word.id}`, admin);
});

test('/api/v1/admin/sensitive-words refuses worker, employer, auditor, reviewer tokens (403) and lets a county admin read but not write', async () => {
  const w = (await create({ word: uniqWord(), category: 'custom', action: 'review' })).json.word;
  const ops = [
    ['GET', BASE, undefined], ['POST', BASE, { word: uniqWord(), category: 'custom', action: 'block' }],
    ['PUT', `${BASE}/${w.id}`, { action: 'block' }], ['DELETE', `${BASE}/${w.id}`, undefined],
    ['POST', `${BASE}/import`, { csv: `${uniqWord()},custom,block`, dry_run: true }], ['GET', `${BASE}/export`, undefined],
    ['POST', `${BASE}/test`, { text: '先交押金' }],
  ];
  for (const who of [worker, employer, auditor, reviewer]) {
    for (const [m, p, body] of ops) assertError(await api(m, p, who, body), 403, 'forbidden');
  }
  for (const [m, p, body] of ops) assertError(await call(srv.url, m, p, { body }), 401, 'unauthenticated');
  for (const [m, p, body] of ops) {
    const r = await api(m, p, county, body);
    if (m === 'GET' || p.endsWith('/test')) assert.equal(r.status, 200, `${m} ${p}: ${r.text}`);
    else assertError(r, 403, 'forbidden');
  }
  assert.equal(sql(`SELECT action FROM sensitive_words WHERE id = ${w.id}`)[0][0], 'review');
  await api('DELETE', `${BASE}/${w.id}`, admin);
});

test('POST /api/v1/admin/sensitive-words/import dry_run reports added, duplicates and invalid lines and writes nothing', async () => {
  const a = uniqWord(), b = uniqWord();
  const csv = [
    '\uFEFFword,category,action,allow,note', // BOM + header
    `${a},custom,block`,
    `"${b}",drugs,review,0,"备注, 含逗号"`,
    '先交押金,deposit_fee,block', // in the seed lexicon
    `${a.replace('测试', '測試')},custom,mask`, // the same normalised word as line 2
    `${uniqWord()},spam,block`, // bad category
    `${uniqWord()},custom`, // too few columns
    `${uniqWord()},custom,block,maybe`, // bad allow
    ',custom,block', // empty word
    '',
    `"${uniqWord()}"x,custom,block`, // junk after the quote
  ].join('\r\n');
  const before = wordCount(), v = version(), imports = audits('sensitive_word.import', null).length;
  const r = await api('POST', `${BASE}/import`, admin, { csv, dry_run: true });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec(`${BASE}/import`, 'POST', r);
  assert.equal(r.json.dry_run, true);
  assert.equal(r.json.added, 2);
  assert.deepEqual(r.json.duplicates, [{ line: 4, word: '先交押金' }, { line: 5, word: a.replace('测试', '測試') }]);
  assert.deepEqual(r.json.invalid.map((x) => x.line), [6, 7, 8, 9, 11]);
  for (const x of r.json.invalid) assert.ok(x.reason.length > 0);
  assert.equal(wordCount(), before);
  assert.equal(version(), v);

  // a real import with invalid lines writes nothing
  const bad = await api('POST', `${BASE}/import`, admin, { csv });
  assertError(bad, 400, 'validation_failed');
  assert.equal(bad.json.error.field, 'csv');
  assert.match(bad.json.error.message, /第 6 行/);
  assert.equal(wordCount(), before);
  assert.equal(version(), v);
  assert.equal(audits('sensitive_word.import', null).length, imports);
});

test('POST /api/v1/admin/sensitive-words/import writes every new line in one transaction, skips duplicates, audits once, bumps once', async () => {
  const words = [uniqWord(), uniqWord(), uniqWord()];
  const csv = `${words[0]},custom,block,0,导入测试\n${words[1]},fraud,review,true\n${words[2]},custom,mask,,,0\n先交押金,deposit_fee,block\n`;
  const before = wordCount(), v = version();
  const auditBefore = audits('sensitive_word.import', null).length;
  const r = await api('POST', `${BASE}/import`, admin, { csv });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec(`${BASE}/import`, 'POST', r);
  assert.deepEqual([r.json.dry_run, r.json.added, r.json.duplicates, r.json.invalid], [false, 3, [{ line: 4, word: '先交押金' }], []]);
  assert.equal(wordCount(), before + 3);
  assert.equal(version(), v + 1);
  assert.equal(audits('sensitive_word.import', null).length, auditBefore + 1);
  const rows = sql(`SELECT word, category, action, is_allow, enabled, COALESCE(note, '') FROM sensitive_words WHERE word IN ('${words.join("','")}') ORDER BY id`);
  assert.deepEqual(rows, [
    [words[0], 'custom', 'block', '0', '1', '导入测试'],
    [words[1], 'fraud', 'review', '1', '1', ''],
    [words[2], 'custom', 'mask', '0', '0', ''],
  ]);
  // the imported block word is live at once
  const t = await testText(`今天${words[0]}明天`);
  assert.equal(t.json.verdict, 'block');
  // importing the same file again adds nothing and writes nothing
  const again = await api('POST', `${BASE}/import`, admin, { csv });
  assert.equal(again.json.added, 0);
  assert.equal(again.json.duplicates.length, 4);
  assert.equal(version(), v + 1);
  await removeWords(words);
});

test('POST /api/v1/admin/sensitive-words/import over 64 KiB answers 413', async () => {
  const csv = `${uniqWord()},custom,block\n`.repeat(3000);
  assert.ok(Buffer.byteLength(JSON.stringify({ csv })) > 65536);
  assertError(await api('POST', `${BASE}/import`, admin, { csv, dry_run: true }), 413, 'payload_too_large');
});

test('GET /api/v1/admin/sensitive-words/export answers CSV with a BOM that imports back to the same entries', async () => {
  const mk = async (body) => (await create(body)).json.word;
  const ws = [
    await mk({ word: uniqWord(), category: 'custom', action: 'block', note: '含逗号, 和 "引号"' }),
    await mk({ word: `+${uniqWord()}`, category: 'contact_leak', action: 'review', enabled: false }),
    await mk({ word: uniqWord(), category: 'deposit_fee', action: 'review', allow: true, note: '=1+2' }),
  ];
  const r = await api('GET', `${BASE}/export`, admin);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assertMatchesSpec(`${BASE}/export`, 'GET', r);
  const raw = Buffer.from(await (await fetch(`${srv.url}${BASE}/export`, { headers: { authorization: `Bearer ${admin.token}` } })).arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  const lines = r.text.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], 'word,category,action,allow,note,enabled');
  assert.equal(lines.at(-1), '');
  assert.equal(lines.length - 2, wordCount());
  assert.ok(lines.includes(`${ws[0].word},custom,block,0,"含逗号, 和 ""引号""",1`), 'RFC 4180 quoting');
  assert.ok(lines.includes(`"'${ws[1].word}",contact_leak,review,0,,0`), 'formula-looking cells get an apostrophe');
  assert.ok(lines.includes(`${ws[2].word},deposit_fee,review,1,"'=1+2",1`));
  // delete the three, import the export: exactly they come back, with the same fields
  for (const w of ws) await api('DELETE', `${BASE}/${w.id}`, admin);
  const imp = await api('POST', `${BASE}/import`, admin, { csv: r.text });
  assert.equal(imp.status, 200, imp.text);
  assert.equal(imp.json.added, 3);
  assert.deepEqual(imp.json.invalid, []);
  assert.equal(imp.json.duplicates.length, lines.length - 2 - 3);
  for (const w of ws) {
    const [row] = sql(`SELECT category, action, is_allow, enabled, COALESCE(note, '') FROM sensitive_words WHERE word = '${w.word}'`);
    assert.deepEqual(row, [w.category, w.action, w.allow ? '1' : '0', w.enabled ? '1' : '0', w.note || '']);
  }
  await removeWords(ws.map((w) => w.word));
});

test('POST /api/v1/admin/sensitive-words/test answers each hit with its entry, category, action and code point span, the masked text and the verdict', async () => {
  const text = '招工😀先交押 金，加V信，别当傻逼';
  const r = await testText(text);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec(`${BASE}/test`, 'POST', r);
  assert.equal(r.json.verdict, 'block');
  const cps = [...text];
  const span = (h) => cps.slice(h.start, h.end).join('');
  const dep = r.json.hits.find((h) => h.category === 'deposit_fee' && h.action === 'block');
  assert.ok(dep, r.text);
  assert.equal(span(dep), '先交押 金', 'offsets count code points (the emoji is one)');
  assert.ok(['先交押金', '交押金'].includes(dep.word));
  const mask = r.json.hits.find((h) => h.action === 'mask');
  assert.equal(mask.word, '傻逼');
  assert.equal(span(mask), '傻逼');
  assert.ok(r.json.hits.some((h) => h.category === 'contact_leak'));
  assert.equal(r.json.masked, '招工😀先交押 金，加V信，别当**');
  const allow = await testText('本岗位不收押金');
  assert.equal(allow.json.verdict, 'pass');
  assert.deepEqual(allow.json.hits.map((h) => [h.word, h.allow, h.start, h.end]), [['不收押金', true, 3, 7]]);
  const phone = await testText('电话 138 1234 5678');
  assert.equal(phone.json.verdict, 'review');
  assert.ok(phone.json.hits.some((h) => h.word.startsWith('contact:')), phone.text);
  assert.equal((await testText('普通的招工信息')).json.verdict, 'pass');
});

test('a lexicon change through the admin API is seen by the very next request, on every thread', async () => {
  const word = uniqWord('蓝莓');
  const body = gigBody({ description: `周末${word}活动帮工，日结。` });
  const ok = await call(srv.url, 'POST', '/api/v1/gigs', { token: employer.access_token, body: { ...body, submit: false } });
  assert.equal(ok.status, 201, ok.text);
  const c = await create({ word, category: 'custom', action: 'block' });
  assert.equal(c.status, 201, c.text);
  const blocked = await call(srv.url, 'POST', '/api/v1/gigs', { token: employer.access_token, body });
  assertError(blocked, 422, 'content_rejected');
  assert.match(blocked.json.error.message, /（自定义）/);
  // many requests at once land on every worker thread: all of them see the new automaton
  const many = await onEveryThread(`有${word}`);
  assert.deepEqual([...new Set(many.map((x) => x.json.verdict))], ['block']);
  // and the removal too
  await api('DELETE', `${BASE}/${c.json.word.id}`, admin);
  const after1 = await call(srv.url, 'POST', '/api/v1/gigs', { token: employer.access_token, body });
  assert.equal(after1.status, 201, after1.text);
  const again = await onEveryThread(`有${word}`);
  assert.deepEqual([...new Set(again.map((x) => x.json.verdict))], ['pass']);
});

test('with two linggongd nodes on one database, a change made on one is enforced by the other within 2 s', async () => {
  const other = await startServer({ ...wx.env, ...ENV });
  try {
    const word = uniqWord('草莓');
    assert.equal((await testText(`有${word}`, other.url)).json.verdict, 'pass');
    const c = await create({ word, category: 'custom', action: 'block' });
    assert.equal(c.status, 201, c.text);
    const t0 = Date.now();
    let seen = null;
    while (Date.now() - t0 < 5000) {
      const t = await testText(`有${word}`, other.url);
      if (t.json.verdict === 'block') {
        seen = Date.now() - t0;
        break;
      }
      await sleep(20);
    }
    console.log(`# cross-node lexicon propagation: ${seen} ms`);
    assert.ok(seen !== null && seen <= 2000, `the other node saw the change after ${seen} ms`);
    const g = await call(other.url, 'POST', '/api/v1/gigs', { token: employer.access_token, body: gigBody({ title: `招${word}帮工` }) });
    assertError(g, 422, 'content_rejected');
    assert.equal(g.json.error.field, 'title');
    // deleting on the other node reaches the first one the same way
    await api('DELETE', `${BASE}/${c.json.word.id}`, admin, undefined, other.url);
    assert.equal((await testText(`有${word}`, other.url)).json.verdict, 'pass');
    const t1 = Date.now();
    let back = null;
    while (Date.now() - t1 < 5000) {
      if ((await testText(`有${word}`)).json.verdict === 'pass') {
        back = Date.now() - t1;
        break;
      }
      await sleep(20);
    }
    console.log(`# cross-node lexicon propagation (delete): ${back} ms`);
    assert.ok(back !== null && back <= 2000, `the first node saw the delete after ${back} ms`);
  } finally {
    await other.stop();
  }
});
