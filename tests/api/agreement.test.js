// E-agreements (issue 6 items 1-5): draft → sign → sign → verify → PDF; re-drafting before the first
// signature; every illegal transition 409; a stale hash 409; strangers 403; the seal checked independently
// with node's Ed25519 against the published public key; tampering with the stored text or a signing event
// makes verify answer invalid with the reason; deleting an agreement row breaks `linggongd verify-agreements`
// at that entry; the PDF through pdftotext; admin templates (versioned); no key / a malformed key; and
// SIGKILL during a stream of signs (no half-signed agreement, no duplicate event, the chain intact).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const {
  startServer, startWechat, call, sql, uniq, uniqZh, sleep, assertMatchesSpec, assertError, signIn, makeEmployer,
  makeWorker, publishGig, createAdmin,
} = require('./lib');

const INTENT = '本人已完整阅读并理解本协议全部条款，确认协议内容无误，自愿以电子方式签署本协议。';
const ENV = { RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_IP_PER_MIN: '1000000' };
let wx, srv, employer, employerName, stranger, gig;
const PASSWORD = 'agreement-admin-pass-1';

before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, ...ENV });
  employer = await signIn(srv, uniq('age'));
  employerName = `${uniqZh(4)}劳务有限公司`;
  stranger = await signIn(srv, uniq('ags'));
  gig = await publishGig(srv, employer, { headcount: 50, pay_fen: 25000, pay_unit: 'day' });
  sql(`UPDATE employers SET name = '${employerName}' WHERE user_id = ${employer.user.id}`);
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

const sha256 = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const tok = (who, extra = {}) => ({ token: who.access_token, ...extra });

// A worker with a real name and an accepted application to gig g. Returns {worker, name, app}.
async function hired(g = gig) {
  const worker = await signIn(srv, uniq('agw'));
  const name = uniqZh(3);
  makeWorker(worker.user.id, { name });
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at)
       VALUES (${g.id}, ${worker.user.id}, ${employer.user.id}, 'accepted', 'apply', NOW(3), NOW(3))`);
  const app = Number(sql(`SELECT id FROM applications WHERE gig_id = ${g.id} AND worker_id = ${worker.user.id}`)[0][0]);
  return { worker, name, app };
}
const draft = (app, who = employer) => call(srv.url, 'POST', `/api/v1/applications/${app}/agreement`, tok(who));
const sign = (id, who, hash, { intent = INTENT, key, body } = {}) => call(srv.url, 'POST', `/api/v1/agreements/${id}/sign`,
  tok(who, { body: body || { text_sha256: hash, intent }, headers: key ? { 'idempotency-key': key } : {} }));
const get = (id, who) => call(srv.url, 'GET', `/api/v1/agreements/${id}`, who ? tok(who) : {});
const verify = (id, who, hash) => call(srv.url, 'GET', `/api/v1/agreements/${id}/verify${hash ? `?hash=${hash}` : ''}`, who ? tok(who) : {});

// Drafts and signs by both parties; returns the sealed agreement.
async function sealed() {
  const h = await hired();
  const d = await draft(h.app);
  assert.equal(d.status, 201, d.text);
  const a = d.json.agreement;
  assert.equal((await sign(a.id, employer, a.text_sha256)).status, 200);
  const s = await sign(a.id, h.worker, a.text_sha256);
  assert.equal(s.status, 200, s.text);
  return { ...h, agreement: s.json.agreement };
}

// The seal payload exactly as domain/agreement.c builds it, rebuilt here from the reply.
function payloadOf(a) {
  const esc = (v) => String(v).replace(/[\\\n\x00-\x1f\x7f]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n'
    : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  const unix = (t) => Math.floor(Date.parse(t) / 1000);
  let p = 'linggong-agreement-seal/1\n';
  const line = (k, v) => { p += `${k}=${esc(v)}\n`; };
  line('agreement', a.id);
  line('text_sha256', a.text_sha256);
  line('key_id', a.seal.key_id);
  line('sealed_at', unix(a.seal.sealed_at));
  for (const role of ['employer', 'worker']) {
    const e = a.events.find((x) => x.role === role);
    line('event', role);
    line('account', e.account_id);
    line('signed_at', unix(e.signed_at));
    line('ip', e.ip);
    line('user_agent', e.user_agent);
    line('text_sha256', e.text_sha256);
    line('intent', e.intent);
  }
  return Buffer.from(p, 'utf8');
}

function verifyAgreements() {
  const r = spawnSync(process.env.LINGGONGD, ['verify-agreements'], {
    env: { ...process.env, LOG_LEVEL: 'error' }, encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('draft → sign → sign → verify → pdf: the whole flow, per openapi.json, sealed and chained', async () => {
  const h = await hired();
  const d = await draft(h.app);
  assert.equal(d.status, 201, d.text);
  assertMatchesSpec('/api/v1/applications/{id}/agreement', 'POST', d);
  const a = d.json.agreement;
  assert.equal(a.status, 'draft');
  assert.equal(a.status_label, '待签署', 'status_label is the zh-CN name of status');
  assert.equal(a.text_sha256, sha256(a.text), 'text_sha256 is the SHA-256 of the canonical text');
  assert.match(a.text, /^零工劳务协议\n协议编号：LG\d{8}\n协议模板：default 第 \d+ 版\n\n/);
  for (const s of [employerName, h.name, '250.00 元/天', '12333', '鹿寨县就业服务中心', gig.title]) assert.ok(a.text.includes(s), `text lacks ${s}`);
  assert.ok(!a.text.includes('\r') && a.text.endsWith('\n') && !a.text.endsWith('\n\n'));
  assert.equal(a.intent_statement, INTENT);
  assert.equal(a.seal, null);
  assert.deepEqual(a.events, []);
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${h.worker.user.id} AND kind = 'agreement_drafted' AND object_id = ${a.id}`)[0][0], '1');

  // the worker reads it through the application, the employer signs first (Idempotency-Key replays)
  const viaApp = await call(srv.url, 'GET', `/api/v1/applications/${h.app}/agreement`, tok(h.worker));
  assert.equal(viaApp.status, 200, viaApp.text);
  assertMatchesSpec('/api/v1/applications/{id}/agreement', 'GET', viaApp);
  assert.equal(viaApp.json.agreement.id, a.id);
  const key = uniq('sign-');
  const s1 = await sign(a.id, employer, a.text_sha256, { key });
  assert.equal(s1.status, 200, s1.text);
  assertMatchesSpec('/api/v1/agreements/{id}/sign', 'POST', s1);
  assert.equal(s1.json.agreement.status, 'signed_by_one');
  const again = await sign(a.id, employer, a.text_sha256, { key });
  assert.equal(again.status, 200);
  assert.equal(again.text, s1.text, 'same key + same body replays the first answer byte for byte');
  assertError(await sign(a.id, employer, '0'.repeat(64), { key }), 422, 'idempotency_mismatch');

  const s2 = await sign(a.id, h.worker, a.text_sha256, { key: uniq('sign-') });
  assert.equal(s2.status, 200, s2.text);
  const signed = s2.json.agreement;
  assert.equal(signed.status, 'signed');
  assert.equal(signed.status_label, '已签署');
  assert.equal(signed.events.length, 2);
  const ev = Object.fromEntries(signed.events.map((e) => [e.role, e]));
  assert.equal(ev.employer.account_id, employer.user.id);
  assert.equal(ev.worker.account_id, h.worker.user.id);
  for (const e of signed.events) {
    assert.equal(e.text_sha256, a.text_sha256);
    assert.equal(e.intent, INTENT);
    assert.equal(e.ip, '127.0.0.1');
    assert.ok(e.user_agent.length > 0);
  }
  assert.deepEqual(signed.history.map((x) => x.to), ['draft', 'signed_by_one', 'signed']);
  assert.ok(signed.seal && signed.seal.log, s2.text);
  assert.equal(sql(`SELECT COUNT(*) FROM notifications WHERE user_id = ${employer.user.id} AND kind = 'agreement_signed' AND object_id = ${a.id}`)[0][0], '1');

  // the seal verifies with node's own Ed25519 against the published key; the log entry links to its predecessor
  const pk = await call(srv.url, 'GET', '/api/v1/agreements/public-key');
  assert.equal(pk.status, 200, pk.text);
  assertMatchesSpec('/api/v1/agreements/public-key', 'GET', pk);
  assert.equal(pk.json.key_id, signed.seal.key_id);
  const pub = crypto.createPublicKey(pk.json.public_key_pem);
  const payload = payloadOf(signed);
  assert.ok(crypto.verify(null, payload, pub, Buffer.from(signed.seal.signature, 'hex')), 'Ed25519 seal does not verify');
  assert.ok(!crypto.verify(null, Buffer.concat([payload, Buffer.from('x')]), pub, Buffer.from(signed.seal.signature, 'hex')));
  const seq = signed.seal.log.seq;
  if (seq > 1) {
    const prev = sql(`SELECT HEX(entry_hash) FROM agreement_log WHERE seq = ${seq - 1}`)[0][0].toLowerCase();
    assert.equal(signed.seal.log.prev_hash, prev, 'the entry carries the previous entry\'s hash');
  }
  assert.equal(sql(`SELECT HEX(last_hash) FROM agreement_log_head`)[0][0].toLowerCase() === signed.seal.log.entry_hash
    || Number(sql('SELECT seq FROM agreement_log_head')[0][0]) > seq, true);

  // verify: parties and anyone holding the hash → valid
  for (const [who, hash] of [[employer, null], [h.worker, null], [stranger, a.text_sha256], [null, a.text_sha256]]) {
    const v = await verify(a.id, who, hash);
    assert.equal(v.status, 200, v.text);
    assertMatchesSpec('/api/v1/agreements/{id}/verify', 'GET', v);
    assert.equal(v.json.valid, true, v.text);
    assert.equal(v.json.reason, null);
    assert.deepEqual(v.json.checks, { text_hash: true, events: true, seal: true, chain: true });
    assert.equal(v.json.log_seq, seq);
  }

  // the PDF: free to both parties, small, and pdftotext finds the names, the pay and the hash
  for (const who of [employer, h.worker]) {
    const res = await fetch(`${srv.url}/api/v1/agreements/${a.id}/pdf`, { headers: { authorization: `Bearer ${who.access_token}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="agreement-LG\d{8}\.pdf"$/);
    const pdf = Buffer.from(await res.arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length < 100 * 1024, `the PDF is ${pdf.length} bytes`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-pdf-'));
    const file = path.join(dir, 'a.pdf');
    fs.writeFileSync(file, pdf);
    if (process.env.LG_KEEP_PDF) fs.writeFileSync(process.env.LG_KEEP_PDF, pdf); // to look at it by hand
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true });
    for (const s of [employerName, h.name, '250.00 元/天', a.text_sha256, '签署记录', signed.seal.key_id]) {
      assert.ok(text.includes(s), `pdftotext output lacks ${s}`);
    }
    const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
    assert.ok(pages >= 1 && pages <= 3, info);
    assert.ok(pdf.length / pages < 60 * 1024, `${pdf.length} bytes for ${pages} pages`);
    if (who === employer) console.log(`# agreement PDF: ${pdf.length} bytes, ${pages} page(s)`);
  }
});

test('POST /api/v1/applications/{id}/agreement again before anyone signs replaces the draft; a stale hash is 409; after a signature the text is frozen', async () => {
  const h = await hired();
  const first = (await draft(h.app)).json.agreement;
  sql(`UPDATE workers SET real_name = '${uniqZh(3)}' WHERE user_id = ${h.worker.user.id}`);
  const r = await draft(h.app);
  assert.equal(r.status, 200, r.text);
  const second = r.json.agreement;
  assert.equal(second.id, first.id);
  assert.equal(second.revision, 2);
  assert.notEqual(second.text_sha256, first.text_sha256);
  assert.deepEqual(second.history.map((x) => [x.from, x.to]), [[null, 'draft'], ['draft', 'draft']]);
  // the worker read the first text: its hash is stale now
  const stale = await sign(first.id, h.worker, first.text_sha256);
  assertError(stale, 409, 'agreement_text_changed');
  assertMatchesSpec('/api/v1/agreements/{id}/sign', 'POST', stale);
  assert.equal(sql(`SELECT COUNT(*) FROM agreement_events WHERE agreement_id = ${first.id}`)[0][0], '0');
  assert.equal((await sign(first.id, h.worker, second.text_sha256)).status, 200);
  // frozen: drafting again is 409 and changes nothing
  assertError(await draft(h.app), 409, 'state_conflict');
  assert.equal((await get(first.id, h.worker)).json.agreement.text_sha256, second.text_sha256);
});

test('every illegal agreement transition is 409 with the current state; only the employer drafts, only accepted applications', async () => {
  const h = await hired();
  assertError(await draft(h.app, h.worker), 403, 'forbidden');
  assertError(await draft(h.app, stranger), 403, 'forbidden');
  assertError(await call(srv.url, 'POST', '/api/v1/applications/999999999/agreement', tok(employer)), 404, 'not_found');
  const a = (await draft(h.app)).json.agreement;
  assert.equal((await sign(a.id, h.worker, a.text_sha256)).status, 200);
  const twice = await sign(a.id, h.worker, a.text_sha256);
  assertError(twice, 409, 'already_signed');
  assert.equal((await sign(a.id, employer, a.text_sha256)).status, 200);
  const after = await sign(a.id, employer, a.text_sha256);
  assertError(after, 409, 'state_conflict');
  assert.match(after.json.error.message, /已签署/);
  const v = await call(srv.url, 'POST', `/api/v1/agreements/${a.id}/void`, tok(employer, { body: { reason: '不干了' } }));
  assertError(v, 409, 'state_conflict');
  assertMatchesSpec('/api/v1/agreements/{id}/void', 'POST', v);
  assertError(await draft(h.app), 409, 'state_conflict');

  // void before both signed: either party; then signing or voiding again is 409; a new draft is possible
  const h2 = await hired();
  const b = (await draft(h2.app)).json.agreement;
  assert.equal((await sign(b.id, employer, b.text_sha256)).status, 200);
  const vd = await call(srv.url, 'POST', `/api/v1/agreements/${b.id}/void`, tok(h2.worker, { body: { reason: '时间冲突' } }));
  assert.equal(vd.status, 200, vd.text);
  assert.equal(vd.json.agreement.status, 'voided');
  assertError(await sign(b.id, h2.worker, b.text_sha256), 409, 'state_conflict');
  assertError(await call(srv.url, 'POST', `/api/v1/agreements/${b.id}/void`, tok(employer, { body: { reason: '再作废' } })), 409, 'state_conflict');
  const vv = await verify(b.id, employer);
  assert.equal(vv.json.valid, false);
  assert.equal(vv.json.reason, 'voided');
  const redo = await draft(h2.app);
  assert.equal(redo.status, 201, redo.text);
  assert.notEqual(redo.json.agreement.id, b.id);

  // an application that is not accepted (here: cancelled) cannot get an agreement
  const h3 = await hired();
  sql(`UPDATE applications SET status = 'cancelled' WHERE id = ${h3.app}`);
  assertError(await draft(h3.app), 409, 'state_conflict');
  // a worker without a real name: 409 party_profile_incomplete
  const h4 = await hired();
  sql(`UPDATE workers SET real_name = NULL WHERE user_id = ${h4.worker.user.id}`);
  assertError(await draft(h4.app), 409, 'party_profile_incomplete');
});

test('POST /api/v1/applications/{id}/cancel voids an agreement signed by one party (system, with history); a signed one stays', async () => {
  const h = await hired();
  sql(`UPDATE gigs SET accepted_count = accepted_count + 1 WHERE id = ${gig.id}`); // the seat hired() took
  const a = (await draft(h.app)).json.agreement;
  assert.equal((await sign(a.id, h.worker, a.text_sha256)).status, 200);
  const c = await call(srv.url, 'POST', `/api/v1/applications/${h.app}/cancel`, tok(employer, { body: { reason: '工程取消' } }));
  assert.equal(c.status, 200, c.text);
  const after = await get(a.id, h.worker);
  assert.equal(after.json.agreement.status, 'voided');
  const last = after.json.agreement.history.at(-1);
  assert.deepEqual([last.actor, last.from, last.to, last.reason], ['system', 'signed_by_one', 'voided', '录用已取消']);
  assertError(await sign(a.id, employer, a.text_sha256), 409, 'state_conflict');
  // a sealed agreement is immutable: cancelling its application leaves it signed
  const s = await sealed();
  sql(`UPDATE gigs SET accepted_count = accepted_count + 1 WHERE id = ${gig.id}`);
  const c2 = await call(srv.url, 'POST', `/api/v1/applications/${s.app}/cancel`, tok(employer, { body: { reason: '工程取消' } }));
  assert.equal(c2.status, 200, c2.text);
  assert.equal((await get(s.agreement.id, employer)).json.agreement.status, 'signed');
});

test('a third party cannot read, sign, void, download or verify-as-party (403); region admins read, other regions do not', async () => {
  const { agreement: a, worker } = await sealed();
  const h = await hired();
  const d = (await draft(h.app)).json.agreement;
  for (const r of [
    await get(a.id, stranger),
    await call(srv.url, 'GET', `/api/v1/applications/${h.app}/agreement`, tok(stranger)),
    await sign(d.id, stranger, d.text_sha256),
    await call(srv.url, 'POST', `/api/v1/agreements/${d.id}/void`, tok(stranger, { body: { reason: '捣乱' } })),
    await call(srv.url, 'GET', `/api/v1/agreements/${a.id}/pdf`, tok(stranger)),
    await verify(a.id, stranger),
    await verify(a.id, null),
    await verify(a.id, stranger, '0'.repeat(64)),
  ]) {
    assertError(r, 403, 'forbidden');
    assert.ok(!r.text.includes(a.text_sha256) && !r.text.includes(worker.user.id === 0 ? 'x' : '零工劳务协议'), r.text);
  }
  assertError(await get(a.id), 401, 'unauthenticated');
  assertError(await verify(a.id, null, 'xyz'), 400, 'bad_query');
  assertError(await get(999999999, employer), 404, 'not_found');

  const luzhai = createAdmin({ password: PASSWORD, region: '450223' });
  const xingan = createAdmin({ password: PASSWORD, region: '360824' });
  const reviewer = createAdmin({ password: PASSWORD, region: '450223', role: 'reviewer' });
  const login = async (username) => (await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: PASSWORD } })).json;
  const [ok, other, rev] = [await login(luzhai), await login(xingan), await login(reviewer)];
  const r = await get(a.id, ok);
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/agreements/{id}', 'GET', r);
  assert.equal((await verify(a.id, ok)).json.valid, true);
  assertError(await get(a.id, other), 403, 'forbidden');
  assertError(await get(a.id, rev), 403, 'forbidden');
  assertError(await call(srv.url, 'POST', `/api/v1/agreements/${d.id}/sign`, tok(ok, { body: { text_sha256: d.text_sha256, intent: INTENT } })), 403, 'forbidden');
});

test('tampering with the stored text or a signing event in MariaDB makes verify invalid with the reason', async () => {
  const { agreement: a } = await sealed();
  const check = async () => (await verify(a.id, employer)).json;
  assert.equal((await check()).valid, true);

  const text = sql(`SELECT HEX(text) FROM agreements WHERE id = ${a.id}`)[0][0];
  sql(`UPDATE agreements SET text = REPLACE(text, '250.00', '25.00') WHERE id = ${a.id}`);
  let v = await check();
  assert.equal(v.valid, false);
  assert.equal(v.reason, 'text_hash_mismatch');
  assert.equal(v.checks.text_hash, false);
  assert.match(v.message, /篡改/);
  // the text and its hash changed together: the seal no longer matches
  const forged = sql(`SELECT text FROM agreements WHERE id = ${a.id}`); // (read to be sure it changed)
  assert.ok(forged.length);
  sql(`UPDATE agreements SET text_sha256 = SHA2(text, 256) WHERE id = ${a.id}`);
  v = await check();
  assert.equal(v.valid, false);
  assert.equal(v.reason, 'event_hash_mismatch');
  sql(`UPDATE agreement_events SET text_sha256 = SHA2((SELECT text FROM agreements WHERE id = ${a.id}), 256) WHERE agreement_id = ${a.id}`);
  v = await check();
  assert.equal(v.valid, false);
  assert.equal(v.reason, 'seal_invalid');
  sql(`UPDATE agreements SET text = UNHEX('${text}'), text_sha256 = '${a.text_sha256}' WHERE id = ${a.id}`);
  sql(`UPDATE agreement_events SET text_sha256 = '${a.text_sha256}' WHERE agreement_id = ${a.id}`);
  assert.equal((await check()).valid, true, 'restored');

  // a signing event edited (its IP): the seal covers it
  sql(`UPDATE agreement_events SET ip = '10.9.8.7' WHERE agreement_id = ${a.id} AND role = 'worker'`);
  v = await check();
  assert.equal(v.valid, false);
  assert.equal(v.reason, 'seal_invalid');
  assert.equal(v.checks.seal, false);
  sql(`UPDATE agreement_events SET ip = '127.0.0.1' WHERE agreement_id = ${a.id} AND role = 'worker'`);
  // its time
  sql(`UPDATE agreement_events SET signed_at = signed_at - INTERVAL 1 DAY WHERE agreement_id = ${a.id} AND role = 'employer'`);
  assert.equal((await check()).reason, 'seal_invalid');
  sql(`UPDATE agreement_events SET signed_at = signed_at + INTERVAL 1 DAY WHERE agreement_id = ${a.id} AND role = 'employer'`);
  // the log entry edited
  sql(`UPDATE agreement_log SET sealed_at = sealed_at + INTERVAL 1 SECOND WHERE agreement_id = ${a.id}`);
  v = await check();
  assert.equal(v.valid, false);
  assert.ok(['log_mismatch', 'chain_broken'].includes(v.reason), v.reason);
  sql(`UPDATE agreement_log SET sealed_at = sealed_at - INTERVAL 1 SECOND WHERE agreement_id = ${a.id}`);
  assert.equal((await check()).valid, true, 'restored');
});

test('linggongd verify-agreements walks the chain; deleting an agreement row breaks it at that entry', async () => {
  const { agreement: a } = await sealed();
  const seq = a.seal.log.seq;
  const before = verifyAgreements();
  assert.match(before.out, /\d+ entries checked, \d+ problems/, before.out);
  assert.ok(!before.out.includes(`(agreement ${a.id})`), before.out);
  const backup = `agreements_backup_${a.id}`;
  sql(`CREATE TABLE ${backup} AS SELECT * FROM agreements WHERE id = ${a.id}`);
  try {
    sql(`SET FOREIGN_KEY_CHECKS = 0; DELETE FROM agreements WHERE id = ${a.id}`);
    const broken = verifyAgreements();
    assert.equal(broken.code, 1, broken.out);
    assert.ok(broken.out.includes(`broken at entry ${seq} (agreement ${a.id}): the agreement is missing`), broken.out);
  } finally {
    sql(`SET FOREIGN_KEY_CHECKS = 0; INSERT INTO agreements SELECT * FROM ${backup}; DROP TABLE ${backup}`);
  }
  const restored = verifyAgreements();
  assert.ok(!restored.out.includes(`(agreement ${a.id})`), restored.out);
  // a log entry removed from the middle of the chain is named too
  const last = sql(`SELECT seq, HEX(prev_hash), HEX(entry_hash), agreement_id FROM agreement_log WHERE seq = ${seq}`)[0];
  if (seq > 1) {
    sql(`CREATE TABLE agreement_log_backup_${seq} AS SELECT * FROM agreement_log WHERE seq = ${seq - 1}`);
    try {
      sql(`DELETE FROM agreement_log WHERE seq = ${seq - 1}`);
      const gap = verifyAgreements();
      assert.equal(gap.code, 1);
      assert.ok(gap.out.includes(`broken at entry ${seq}`), gap.out);
      assert.equal((await verify(a.id, employer)).json.reason, 'chain_broken');
    } finally {
      sql(`INSERT INTO agreement_log SELECT * FROM agreement_log_backup_${seq}; DROP TABLE agreement_log_backup_${seq}`);
    }
    assert.equal(last[3], String(a.id));
  }
  assert.equal((await verify(a.id, employer)).json.valid, true);
});

test('input limits: unknown fields, hash and intent shapes, intent and reason lengths at limit + 1', async () => {
  const h = await hired();
  const a = (await draft(h.app)).json.agreement;
  assertError(await sign(a.id, h.worker, null, { body: { text_sha256: a.text_sha256, intent: INTENT, extra: 1 } }), 400, 'unknown_field');
  assertError(await sign(a.id, h.worker, null, { body: { intent: INTENT } }), 400, 'missing_field');
  assertError(await sign(a.id, h.worker, a.text_sha256.slice(1)), 400, 'validation_failed');
  assertError(await sign(a.id, h.worker, `${a.text_sha256}0`), 400, 'validation_failed');
  assertError(await sign(a.id, h.worker, a.text_sha256.toUpperCase()), 400, 'validation_failed');
  assertError(await sign(a.id, h.worker, a.text_sha256, { intent: '同意' }), 400, 'validation_failed');
  assertError(await sign(a.id, h.worker, a.text_sha256, { intent: '签'.repeat(201) }), 400, 'validation_failed');
  const voidAs = (reason) => call(srv.url, 'POST', `/api/v1/agreements/${a.id}/void`, tok(employer, { body: { reason } }));
  assertError(await voidAs('因'.repeat(201)), 400, 'validation_failed');
  assertError(await voidAs(''), 400, 'validation_failed');
  assertError(await call(srv.url, 'POST', `/api/v1/applications/${h.app}/agreement`, tok(employer, { body: { x: 1 } })), 400, 'unknown_field');
  assert.equal(sql(`SELECT COUNT(*) FROM agreement_events WHERE agreement_id = ${a.id}`)[0][0], '0');
  assert.equal((await voidAs('因'.repeat(200))).status, 200);
});

test('admin agreement templates: versioned edits, region scoping, placeholder checks; new drafts use the newest template of the region', async () => {
  const luzhai = createAdmin({ password: PASSWORD, region: '450223' });
  const xingan = createAdmin({ password: PASSWORD, region: '360824' });
  const login = async (username) => (await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: PASSWORD } })).json;
  const [adm, other] = [await login(luzhai), await login(xingan)];
  const base = (await call(srv.url, 'GET', '/api/v1/admin/agreement-templates?code=default', tok(adm))).json;
  assert.ok(base.items.some((t) => t.code === 'default' && t.region_code === null), JSON.stringify(base));
  const def = await call(srv.url, 'GET', `/api/v1/admin/agreement-templates/${base.items.at(-1).id}`, tok(adm));
  assert.equal(def.status, 200);
  assertMatchesSpec('/api/v1/admin/agreement-templates/{id}', 'GET', def);
  assert.ok(def.json.template.body.includes('{{worker_name}}'));

  const code = `luzhai_${uniq('t').toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 40);
  const body = `${def.json.template.body}\n附：鹿寨县补充条款一`;
  const create = (b) => call(srv.url, 'POST', '/api/v1/admin/agreement-templates', tok(adm, { body: b }));
  const c = await create({ code, title: '鹿寨县零工劳务协议', body });
  assert.equal(c.status, 201, c.text);
  assertMatchesSpec('/api/v1/admin/agreement-templates', 'POST', c);
  assert.equal(c.json.template.version, 1);
  assert.equal(c.json.template.region_code, '450223');
  assertError(await create({ code, title: 'x', body }), 409, 'already_exists');
  const bad = await create({ code: `${code}b`, title: 'x', body: `${body}{{salary}}` });
  assertError(bad, 400, 'validation_failed');
  assert.match(bad.json.error.message, /salary/);
  assertError(await create({ code: `${code}c`, title: 'x', body: body.replace('{{pay}}', '') }), 400, 'validation_failed');
  assertError(await create({ code: `${code}d`, title: 'x', body: 'x'.repeat(20001) }), 400, 'validation_failed');
  assertError(await create({ code: `${code}e`, title: '题'.repeat(61), body }), 400, 'validation_failed');
  assertError(await create({ code: 'Bad Code', title: 'x', body }), 400, 'validation_failed');
  assertError(await create({ code: `${code}f`, title: 'x', body, region_code: '360824' }), 403, 'forbidden');
  assertError(await call(srv.url, 'PUT', `/api/v1/admin/agreement-templates/${def.json.template.id}`, tok(adm, { body: { title: 'x', body } })), 403, 'forbidden');

  const put = await call(srv.url, 'PUT', `/api/v1/admin/agreement-templates/${c.json.template.id}`, tok(adm, { body: { title: '鹿寨县零工劳务协议（修订）', body: `${body}二` } }));
  assert.equal(put.status, 201, put.text);
  assertMatchesSpec('/api/v1/admin/agreement-templates/{id}', 'PUT', put);
  assert.equal(put.json.template.version, 2);
  assert.equal(put.json.template.code, code);
  assert.notEqual(put.json.template.id, c.json.template.id);
  assert.equal((await call(srv.url, 'GET', `/api/v1/admin/agreement-templates/${c.json.template.id}`, tok(adm))).json.template.version, 1, 'version 1 is kept as it was');
  assertError(await call(srv.url, 'GET', `/api/v1/admin/agreement-templates/${c.json.template.id}`, tok(other)), 404, 'not_found');
  const list = await call(srv.url, 'GET', `/api/v1/admin/agreement-templates?code=${code}`, tok(adm));
  assertMatchesSpec('/api/v1/admin/agreement-templates', 'GET', list);
  assert.deepEqual(list.json.items.map((t) => t.version), [2, 1]);
  assert.deepEqual((await call(srv.url, 'GET', `/api/v1/admin/agreement-templates?code=${code}`, tok(other))).json.items, []);
  assertError(await call(srv.url, 'GET', '/api/v1/admin/agreement-templates', tok(employer)), 403, 'forbidden');
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'agreement_template.%' AND object_id IN ('${c.json.template.id}', '${put.json.template.id}')`)[0][0]) === 2);

  // a gig in 鹿寨县 now drafts from the county's newest template; the text names it
  const h = await hired();
  const a = (await draft(h.app)).json.agreement;
  assert.equal(a.template.code, code);
  assert.equal(a.template.version, 2);
  assert.match(a.text, /^鹿寨县零工劳务协议（修订）\n/);
  assert.ok(a.text.includes(`协议模板：${code} 第 2 版`));
  assert.ok(a.text.endsWith('附：鹿寨县补充条款一二\n'));
  sql(`UPDATE agreement_templates SET region_code = '999999' WHERE code = '${code}'`); // out of the way of other tests
});

test('without a signing key the server starts and agreement routes answer 503; a malformed key stops start-up', async () => {
  const s = await startServer({ ...wx.env, ...ENV, AGREEMENT_SIGNING_KEY_FILE: undefined });
  try {
    const h = await hired();
    assertError(await call(s.url, 'POST', `/api/v1/applications/${h.app}/agreement`, tok(employer)), 503, 'agreement_signing_unavailable');
    assertError(await call(s.url, 'GET', '/api/v1/agreements/public-key'), 503, 'agreement_signing_unavailable');
  } finally {
    await s.stop();
  }
  const bad = spawnSync(process.env.LINGGONGD, ['serve'], {
    env: { ...process.env, AGREEMENT_SIGNING_KEY_FILE: '', AGREEMENT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n', PORT: '1' },
    encoding: 'utf8', timeout: 20000,
  });
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /AGREEMENT_SIGNING_KEY is not an Ed25519 private key/);
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  const wrongKind = spawnSync(process.env.LINGGONGD, ['serve'], {
    env: { ...process.env, AGREEMENT_SIGNING_KEY_FILE: '', AGREEMENT_SIGNING_KEY: rsa, PORT: '1' }, encoding: 'utf8', timeout: 20000,
  });
  assert.equal(wrongKind.status, 2, wrongKind.stderr);
  const shape = spawnSync(process.env.LINGGONGD, ['serve'], {
    env: { ...process.env, AGREEMENT_SIGNING_KEY_FILE: '', AGREEMENT_SIGNING_KEY: 'hello', PORT: '1' }, encoding: 'utf8', timeout: 20000,
  });
  assert.equal(shape.status, 2, shape.stderr);
  assert.match(shape.stderr, /AGREEMENT_SIGNING_KEY/);
});

test('SIGKILL during a stream of signs: after restart no half-signed agreement without its event, no duplicates, the chain intact', async () => {
  let s = await startServer({ ...wx.env, ...ENV });
  let s2;
  try {
    const g = await publishGig(s, employer, { headcount: 60 });
    const items = [];
    for (let i = 0; i < 24; i++) {
      const h = await hired(g);
      const d = await call(s.url, 'POST', `/api/v1/applications/${h.app}/agreement`, tok(employer));
      assert.equal(d.status, 201, d.text);
      items.push({ ...h, a: d.json.agreement });
    }
    const ids = items.map((x) => x.a.id).join(',');
    const sent = []; // {id, who, key}
    const acked = new Map(); // `${id}:${role}` → status after
    let stop = false;
    const signer = async (role) => {
      for (const it of items) {
        if (stop) return;
        const who = role === 'employer' ? employer : it.worker;
        const key = uniq('ks-');
        sent.push({ it, who, key });
        try {
          const r = await call(s.url, 'POST', `/api/v1/agreements/${it.a.id}/sign`, tok(who, { body: { text_sha256: it.a.text_sha256, intent: INTENT }, headers: { 'idempotency-key': key } }));
          if (r.status === 200) acked.set(`${it.a.id}:${role}`, r.json.agreement.status);
        } catch { /* died */ }
      }
    };
    const loops = [signer('employer'), signer('worker')];
    for (let i = 0; i < 200 && acked.size < 16; i++) await sleep(10);
    await s.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    assert.ok(acked.size > 0, 'some signs were acknowledged before the kill');

    s2 = await startServer({ ...wx.env, ...ENV });
    s = s2;
    // every acknowledged signature is there
    for (const [k] of acked) {
      const [id, role] = k.split(':');
      assert.equal(sql(`SELECT COUNT(*) FROM agreement_events WHERE agreement_id = ${id} AND role = '${role}'`)[0][0], '1', k);
    }
    // retries with the same keys: a replay or a first execution, never a double
    for (const { it, who, key } of sent) {
      const r = await call(s.url, 'POST', `/api/v1/agreements/${it.a.id}/sign`, tok(who, { body: { text_sha256: it.a.text_sha256, intent: INTENT }, headers: { 'idempotency-key': key } }));
      assert.ok(r.status === 200 || r.status === 409, r.text);
    }
    // states match events: draft 0, signed_by_one 1, signed 2 + seal + log entry; history ends in the state
    assert.deepEqual(sql(`SELECT a.id FROM agreements a WHERE a.id IN (${ids}) AND (SELECT COUNT(*) FROM agreement_events e
      WHERE e.agreement_id = a.id) <> CASE a.status WHEN 'draft' THEN 0 WHEN 'signed_by_one' THEN 1 ELSE 2 END`), []);
    assert.deepEqual(sql(`SELECT a.id FROM agreements a WHERE a.id IN (${ids}) AND a.status = 'signed'
      AND (a.seal_signature IS NULL OR NOT EXISTS (SELECT 1 FROM agreement_log l WHERE l.agreement_id = a.id))`), []);
    assert.deepEqual(sql(`SELECT a.id FROM agreements a WHERE a.id IN (${ids}) AND a.status <> (SELECT h.to_status
      FROM agreement_history h WHERE h.agreement_id = a.id ORDER BY h.id DESC LIMIT 1)`), []);
    assert.deepEqual(sql(`SELECT agreement_id FROM agreement_events WHERE agreement_id IN (${ids}) GROUP BY agreement_id, role HAVING COUNT(*) > 1`), []);
    assert.deepEqual(sql(`SELECT agreement_id FROM agreement_log GROUP BY agreement_id HAVING COUNT(*) > 1`), []);
    // every signed one verifies
    let nsigned = 0;
    for (const it of items) {
      const v = await call(s.url, 'GET', `/api/v1/agreements/${it.a.id}/verify`, tok(employer));
      assert.equal(v.status, 200, v.text);
      if (v.json.status !== 'signed') continue;
      nsigned++;
      assert.equal(v.json.valid, true, v.text);
    }
    assert.ok(nsigned > 0);
    const chain = verifyAgreements();
    for (const it of items) assert.ok(!chain.out.includes(`(agreement ${it.a.id})`), chain.out);
    assert.deepEqual(sql(`SELECT idem_key FROM idempotency_keys WHERE status = 0 OR response = ''`), []);
  } finally {
    if (s2) await s2.stop();
    else await s.kill('SIGKILL');
  }
});
