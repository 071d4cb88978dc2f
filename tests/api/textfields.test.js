// Text fields (issue 13, finding 6): the field table (http/input.c) refuses, for every route, text that hides
// what it says — bidirectional control characters (U+202A–U+202E, U+2066–U+2069: a title that displays
// in another order than it is stored) in any text field, and a value that is only blanks (ASCII spaces,
// the full-width space U+3000 of Chinese input methods, other Unicode spaces, zero-width characters) in a
// field that must not be empty — with 400 validation_failed naming the field. Shown through a gig title
// and description, an employer name and a worker name; text with spaces inside it still passes.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, makeEmployer, gigBody, uniqZh } = require('./lib');

let wx, srv, boss, worker, owner;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000' });
  [boss, worker, owner] = await Promise.all(['txe', 'txw', 'txo'].map((p) => signIn(srv, uniq(p))));
  makeEmployer(boss.user.id, { verification: 'verified' });
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

// Values that show nothing, each long enough for the field's minimum length.
const BLANKS = {
  'ASCII spaces': '    ',
  'full-width spaces U+3000': '\u3000\u3000\u3000',
  'no-break, em and thin spaces': '\u00a0\u2003\u2009',
  'tab and newline': '\t\n\t',
  'zero-width space and BOM among spaces': ' \u200b\ufeff ',
  'Hangul fillers': '\u3164\u3164',
};
// Text that displays in another order than it is stored.
const BIDI = {
  'RLO … PDF (U+202E, U+202C)': (s) => `${s}\u202e0052\u202c`,
  'LRE (U+202A)': (s) => `\u202a${s}`,
  'RLI … PDI (U+2067, U+2069)': (s) => `${s}\u2067日结\u2069`,
  'FSI (U+2068)': (s) => `${s}\u2068`,
};

function refused(r, field, what) {
  assert.equal(r.status, 400, `${field} ${what}: ${r.text}`);
  assert.equal(r.json.error.code, 'validation_failed', `${field} ${what}`);
  assert.equal(r.json.error.field, field, `${field} ${what}`);
  assert.ok(r.json.error.message.includes(field), `${field} ${what}: the message names the field: ${r.json.error.message}`);
}

// A random valid GB 11643 ID number (the profiles need one on their first save).
function genId() {
  const rnd = (n) => Math.floor(Math.random() * n);
  const pad = (v, n) => String(v).padStart(n, '0');
  const body = `450223${1965 + rnd(35)}${pad(1 + rnd(12), 2)}${pad(1 + rnd(28), 2)}${pad(rnd(1000), 3)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * w[i];
  return body + '10X98765432'[sum % 11];
}

const postGig = (body) => call(srv.url, 'POST', '/api/v1/gigs', { token: boss.access_token, body });
const gigsOf = () => Number(sql(`SELECT COUNT(*) FROM gigs WHERE employer_id = ${boss.user.id}`)[0][0]);

test('POST /api/v1/gigs: a title or description that is only blanks (spaces, U+3000, …) is 400 naming the field; nothing is written', async () => {
  const before = gigsOf();
  for (const [what, blank] of Object.entries(BLANKS)) {
    const r = await postGig(gigBody({ title: blank }));
    refused(r, 'title', what);
    assertMatchesSpec('/api/v1/gigs', 'POST', r);
    refused(await postGig(gigBody({ description: blank })), 'description', what);
  }
  assert.equal(gigsOf(), before);
  // spaces inside a title are text like any other
  const ok = await postGig(gigBody({ title: '水电工\u3000日结 急招' }));
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.gig.title, '水电工\u3000日结 急招');
});

test('POST /api/v1/gigs: bidirectional control characters in the title, description or address are 400 naming the field', async () => {
  const before = gigsOf();
  for (const [what, wrap] of Object.entries(BIDI)) {
    refused(await postGig(gigBody({ title: wrap('招聘水电工') })), 'title', what);
    refused(await postGig(gigBody({ description: wrap('小区水电维修，日结工资') })), 'description', what);
    refused(await postGig(gigBody({ address: wrap('鹿寨县鹿寨镇建设路 18 号') })), 'address', what);
  }
  assert.equal(gigsOf(), before);
});

test('PUT /api/v1/me/employer: a name that is only blanks or carries bidirectional controls is 400 naming name; a name with spaces is saved', async () => {
  const put = (name) => call(srv.url, 'PUT', '/api/v1/me/employer', { token: owner.access_token, body: { kind: 'person', name, id_number: genId(), region_code: '450223100' } });
  for (const [what, blank] of Object.entries(BLANKS)) {
    const r = await put(blank);
    refused(r, 'name', what);
    assertMatchesSpec('/api/v1/me/employer', 'PUT', r);
  }
  for (const [what, wrap] of Object.entries(BIDI)) refused(await put(wrap('李记装修队')), 'name', what);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM employers WHERE user_id = ${owner.user.id}`)[0][0]), 0, 'nothing was written');
  const name = `鹿寨 ${uniqZh(3)}\u3000装修队`;
  const ok = await put(name);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.employer.name, name);
});

test('PUT /api/v1/me/worker: a real_name that is only blanks or carries bidirectional controls is 400 naming real_name; bidi in the optional intro too, a blank intro is empty', async () => {
  const put = (body) => call(srv.url, 'PUT', '/api/v1/me/worker', { token: worker.access_token, body });
  for (const [what, blank] of Object.entries(BLANKS)) {
    const r = await put({ real_name: blank, id_number: genId() });
    refused(r, 'real_name', what);
    assertMatchesSpec('/api/v1/me/worker', 'PUT', r);
  }
  for (const [what, wrap] of Object.entries(BIDI)) {
    refused(await put({ real_name: wrap('张三'), id_number: genId() }), 'real_name', what);
    refused(await put({ real_name: '张三', id_number: genId(), intro: wrap('二十年水电经验') }), 'intro', what);
  }
  assert.equal(Number(sql(`SELECT COUNT(*) FROM workers WHERE user_id = ${worker.user.id}`)[0][0]), 0, 'nothing was written');
  // a name with a space (two-part names) is a name; an optional field may be left blank
  const ok = await put({ real_name: '阿卜杜拉 买买提', id_number: genId(), intro: '   ' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.worker.real_name, '阿卜杜拉 买买提');
});

test('POST /api/v1/complaints: a text that is only blanks is 400 naming text', async () => {
  const g = await postGig(gigBody());
  assert.equal(g.status, 201, g.text);
  const report = (text) => call(srv.url, 'POST', '/api/v1/complaints', { token: worker.access_token,
    body: { category: 'false_info', respondent_id: boss.user.id, gig_id: g.json.gig.id, text } });
  const r = await report('\u3000\u3000\u3000\u3000\u3000\u3000');
  refused(r, 'text', 'U+3000 ×6');
  assertMatchesSpec('/api/v1/complaints', 'POST', r);
  refused(await report('       '), 'text', 'ASCII spaces ×7');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM complaints WHERE complainant_id = ${worker.user.id}`)[0][0]), 0);
});
