// The authorization matrix (SECURITY.md: "a table-driven test walks routes × roles"): every route of the
// route table (parsed from server/src/http/routes.c, cross-checked with openapi.json) × 16 principals, each
// cell asserted — status and error code, and for 2xx replies that nothing of A's the caller may not see is in
// the body (marked texts: worker A's complaint, application note, settlement reason, full name and phone).
// A route without an entry in EXPECT below fails, and so does an entry whose declared gate (public, optional
// or the roles it admits) differs from the table. It prints the matrix size and its run time (well under a
// minute on a two-core machine, most of it the cells).
//
// Principals: anonymous; workers A and B; employers A (鹿寨县 450223) and B (新干县 360824); admins of
// 鹿寨县, of 新干县 and of 柳州市 (450200, 鹿寨县's parent); reviewers and station staff of each county; an
// auditor; the "account manager" — there is no such role yet: the admin account without a region (whole
// deployment) stands in for it; and a banned worker and a disabled 鹿寨县 admin whose tokens are still
// unexpired. Admin numbers equal user numbers (新干县 admin = worker A, 新干县 reviewer = employer A, 鹿寨县
// admin = worker B, the manager = employer B), so a check that compared ids without the kind of account would
// let a foreign admin in as A, or a user in as an admin.
//
// Objects: every {id} cell names an object owned by A — worker A's application to employer A's gig in
// 鹿寨县, their agreement, settlement, attendance, ratings, worker A's complaint and upload, invitation,
// notification, block; a station, template and employer review in 鹿寨县; a sensitive word. A cell asks "may
// P do this to A's object?": the parties may, strangers get the server's 404 (or 403 where its rule says
// so), admins only inside their region, roles only where the route table admits them (403), anonymous 401.
// Write cells that are expected to succeed get a fresh object each; the others share one, and a probe of
// its rows proves the refused writes changed nothing. A last test sends every write route's valid body with
// one smuggled field (owner, state, role, score): 400 unknown_field, nothing written.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const {
  startServer, startWechat, call, sql, uniq, uniqZh, signIn, createAdmin, makeEmployer, makeWorker, gigBody, at,
  publishGig, openapi, SOURCE,
} = require('./lib');

// ------------------------------------------------------------------------------------- the route table

// Parses the routes[] table of routes.c into [{method, pattern, public, optional, roles}], roles as the set of
// role names the gate admits (every role for a public route).
const ROLE_BITS = { ROLE_USER: ['user'], ROLE_ADMIN: ['admin'], ROLE_REVIEWER: ['reviewer'], ROLE_STATION: ['station'],
  ROLE_AUDITOR: ['auditor'], USERS: ['user'], ADMINS: ['admin', 'reviewer', 'station', 'auditor'],
  ROLE_ANY_ADMIN: ['admin', 'reviewer', 'station', 'auditor'], ANYONE: ['user', 'admin', 'reviewer', 'station', 'auditor'] };
function parseRouteTable(text) {
  const start = text.indexOf('const struct route routes[] = {');
  const end = text.indexOf('\n};', start);
  assert.ok(start >= 0 && end > start, 'routes.c: the routes[] table not found');
  const body = text.slice(start, end).replace(/\/\*[\s\S]*?\*\//g, '');
  const rows = [];
  const re = /\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*([^,{}]+?),\s*([^,{}]+?),\s*(RATE_\w+)\s*\}/g;
  let m;
  while ((m = re.exec(body))) {
    const [, method, pattern, , flags, roles] = m;
    const isPublic = /\bPUB\b|RF_PUBLIC/.test(flags);
    const names = new Set();
    for (const tok of roles.split('|').map((s) => s.trim())) {
      if (tok === '0') continue;
      assert.ok(ROLE_BITS[tok], `routes.c: unknown role token ${tok} in ${method} ${pattern}`);
      ROLE_BITS[tok].forEach((r) => names.add(r));
    }
    rows.push({ method, pattern, public: isPublic, optional: /RF_OPTIONAL/.test(flags), roles: names });
  }
  // every row of the table was understood: as many rows as handler entries in the text
  const entries = (body.match(/\{\s*"[A-Z]+",\s*"/g) || []).length;
  assert.equal(rows.length, entries, `routes.c: parsed ${rows.length} of ${entries} rows`);
  return rows;
}

// ------------------------------------------------------------------------------------- principals

const PRINCIPALS = ['anon', 'workerA', 'workerB', 'employerA', 'employerB', 'adminLZ', 'adminXG', 'adminLiuzhou',
  'reviewerLZ', 'reviewerXG', 'auditor', 'stationLZ', 'stationXG', 'manager', 'bannedWorker', 'disabledAdmin'];
// accounts switched off after they signed in: their unexpired tokens must open nothing (403 account_disabled)
const DISABLED = ['bannedWorker', 'disabledAdmin'];
const ROLE = { anon: null, workerA: 'user', workerB: 'user', employerA: 'user', employerB: 'user', adminLZ: 'admin',
  adminXG: 'admin', adminLiuzhou: 'admin', reviewerLZ: 'reviewer', reviewerXG: 'reviewer', auditor: 'auditor',
  stationLZ: 'station', stationXG: 'station', manager: 'admin', bannedWorker: 'user', disabledAdmin: 'admin' };
const REGION = { adminLZ: '450223', adminXG: '360824', adminLiuzhou: '450200', reviewerLZ: '450223', reviewerXG: '360824',
  auditor: null, stationLZ: '450223', stationXG: '360824', manager: null, disabledAdmin: '450223' };
const USERS = ['workerA', 'workerB', 'employerA', 'employerB'];
const PARTIES = ['workerA', 'employerA'];
// role admin whose region contains 鹿寨县: the county, its city, the whole deployment
const IN = ['adminLZ', 'adminLiuzhou', 'manager'];

const PASSWORD = 'matrix-admin-pw-2026';
const SITE = { lat: 24.4728, lng: 109.752 };
const INTENT = '本人已完整阅读并理解本协议全部条款，确认协议内容无误，自愿以电子方式签署本协议。';
// Texts only A's side and 鹿寨县's admins may read; a 2xx reply to anyone else that carries one is a leak.
const MARK = {
  complaint: `矩阵诉求${uniqZh(8)}内容`, // the complainant (worker A) and 鹿寨县's admins
  note: `矩阵报名${uniqZh(8)}备注`, // worker A and the employer they applied to
  settle: `矩阵结算${uniqZh(8)}说明`, // the parties and 鹿寨县's admins
};
const MARK_READERS = {
  complaint: ['workerA', ...IN],
  note: ['workerA', 'employerA'],
  settle: ['workerA', 'employerA', ...IN],
  workerName: ['workerA', 'employerA', ...IN], // worker A's full name (others see 韦** at most)
  phone: ['workerA', 'employerA'], // worker A's mobile number: the employer who hired them
};

const ENV = {
  RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '1000000', RATE_IP_PER_MIN: '10000000', RATE_UPLOAD_PER_MIN: '100000',
  UPLOAD_DAILY_MAX: '10000', TASK_INTERVAL_S: '3600',
  CREDIT_RESTRICT_BELOW: '0', // the cells' no-shows and late cancels must not restrict worker A half-way
  COMPLAINT_DAILY_MAX: '1000', // worker A files a complaint per cell that needs a fresh one
};

let wx, srv;
const P = {}; // name → {name, kind, role, id, access_token, refresh_token, user, login()}
const W = {}; // the shared world: A's objects that read cells look at

// ------------------------------------------------------------------------------------- helpers

const api = (who, method, p, opts = {}) => call(srv.url, method, p, { ...opts, token: who && who.access_token });
async function ok(res, status, what) {
  assert.equal(res.status, status, `${what}: ${res.status} ${res.text}`);
  return res.json;
}
const one = (q) => sql(q)[0][0];
const shanghaiDate = (iso) => new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString().slice(0, 10);

async function loginAdmin(username) {
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: PASSWORD } });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// A user that exists only in the database, with an optional worker profile in 鹿寨县.
function dbUser({ worker = false } = {}) {
  const openid = uniq('o_mx_');
  sql(`INSERT INTO users (openid, created_at) VALUES ('${openid}', NOW(3))`);
  const id = Number(one(`SELECT id FROM users WHERE openid = '${openid}'`));
  if (worker) makeWorker(id, { name: `韦${uniqZh(2)}`, region: '450223100' });
  return id;
}

// A random valid ID number (GB 11643) of an adult from 鹿寨县, and a unified social credit code (GB 32100) of an
// enterprise there: what a first profile save needs.
const rnd = (n) => Math.floor(Math.random() * n);
const pad = (v, n) => String(v).padStart(n, '0');
function genId() {
  const body = `450223${1970 + rnd(30)}${pad(1 + rnd(12), 2)}${pad(1 + rnd(28), 2)}${pad(rnd(1000), 3)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i];
  return body + '10X98765432'[s % 11];
}
function genCreditCode() {
  const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
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

// A real 1×1 PNG.
function png1x1() {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])), chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0))]);
}

// ------------------------------------------------------------------------------------- A's objects

const F = {
  // gigs of employer A in 鹿寨县 (鹿寨镇)
  pubGig: (over = {}) => publishGig(srv, P.employerA, over),
  // employer B's gig in 新干县 (金川镇), in review: the other direction of the region rule
  async pendingGigXG() {
    const j = await ok(await api(P.employerB, 'POST', '/api/v1/gigs', { body: gigBody({ region_code: '360824100', address: '新干县金川镇城南路 6 号',
      lat: 27.7405, lng: 115.3874 }) }), 201, 'gig of employer B');
    sql(`UPDATE gigs SET status = 'pending_review', updated_at = NOW(3) WHERE id = ${j.gig.id}`);
    return j.gig;
  },
  async draftGig() {
    const j = await ok(await api(P.employerA, 'POST', '/api/v1/gigs', { body: gigBody({ submit: false }) }), 201, 'draft gig');
    assert.equal(j.gig.status, 'draft');
    return j.gig;
  },
  async pendingGig() {
    const g = await F.pubGig();
    sql(`UPDATE gigs SET status = 'pending_review', updated_at = NOW(3) WHERE id = ${g.id}`);
    return g;
  },
  endGig(g) {
    sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL 2 DAY, ends_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = ${g.id}`);
  },
  // worker A's application (with the note only A's side may read), applied or accepted
  async applied(g) {
    g = g || await F.pubGig();
    const j = await ok(await api(P.workerA, 'POST', `/api/v1/gigs/${g.id}/applications`, { body: { note: MARK.note } }), 201, 'apply');
    return { gig: g, app: j.application.id };
  },
  async accepted(over = {}) {
    const a = await F.applied(await F.pubGig(over));
    await ok(await api(P.employerA, 'POST', `/api/v1/applications/${a.app}/accept`, { body: {} }), 200, 'accept');
    return a;
  },
  // accepted, with a gig far enough ahead that cancelling is not late
  acceptedLater: () => F.accepted({ starts_at: at(3 * 86400), ends_at: at(3 * 86400 + 8 * 3600) }),
  // accepted on a gig that starts now (inside the punch window), at SITE
  acceptedNow: () => F.accepted({ starts_at: at(60), ends_at: at(60 + 8 * 3600), ...SITE }),
  async acceptedStarted() {
    const a = await F.accepted();
    sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR, ends_at = UTC_TIMESTAMP() + INTERVAL 7 HOUR WHERE id = ${a.gig.id}`);
    return a;
  },
  async acceptedEnded() {
    const a = await F.accepted();
    F.endGig(a.gig);
    return a;
  },
  async checkedIn() {
    const a = await F.acceptedNow();
    sql(`INSERT INTO attendance (application_id, work_date, check_in_at, check_in_method, created_at, updated_at)
         VALUES (${a.app}, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), UTC_TIMESTAMP() - INTERVAL 1 HOUR, 'location', NOW(3), NOW(3))`);
    return a;
  },
  // completed (written directly: the confirmation flow has its own cells)
  async completed() {
    const g = await F.pubGig();
    F.endGig(g);
    sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at, completed_at)
         VALUES (${g.id}, ${P.workerA.id}, ${P.employerA.id}, 'completed', 'apply', NOW(3), NOW(3), NOW(3))`);
    return { gig: g, app: Number(one(`SELECT id FROM applications WHERE gig_id = ${g.id} AND worker_id = ${P.workerA.id}`)) };
  },
  // agreements
  async drafted() {
    const a = await F.accepted();
    const j = await ok(await api(P.employerA, 'POST', `/api/v1/applications/${a.app}/agreement`), 201, 'draft agreement');
    return { ...a, agr: j.agreement };
  },
  async sealed() {
    const d = await F.drafted();
    for (const who of [P.employerA, P.workerA]) {
      await ok(await api(who, 'POST', `/api/v1/agreements/${d.agr.id}/sign`, { body: { text_sha256: d.agr.text_sha256, intent: INTENT } }), 200, 'sign');
    }
    return d;
  },
  // settlements
  async recorded() {
    const c = await F.completed();
    const j = await ok(await api(P.employerA, 'POST', `/api/v1/applications/${c.app}/settlements`,
      { body: { amount_fen: 20000, adjust_reason: MARK.settle }, headers: { 'idempotency-key': uniq('mx-') } }), 201, 'settle');
    return { ...c, settlement: j.settlement.id };
  },
  async paid() {
    const s = await F.recorded();
    await ok(await api(P.employerA, 'POST', `/api/v1/settlements/${s.settlement}/pay`, { body: { method: 'cash' } }), 200, 'pay');
    return s;
  },
  // complaints of worker A about employer A's gig in 鹿寨县, moved along by the county admin
  async upload() {
    const j = await ok(await api(P.workerA, 'POST', '/api/v1/uploads', { body: png1x1(), headers: { 'content-type': 'image/png' } }), 201, 'upload');
    return j.upload.id;
  },
  async complaint(images = []) {
    // each on a gig of its own: one open complaint per matter (api_complaint's rule) must not stop the cells
    const gig = await F.pubGig();
    const j = await ok(await api(P.workerA, 'POST', '/api/v1/complaints', { body: { category: 'other',
      respondent_id: P.employerA.id, gig_id: gig.id, text: MARK.complaint, image_ids: images } }), 201, 'complaint');
    return j.complaint.id;
  },
  async complaintAt(steps) {
    const id = await F.complaint();
    for (const [verb, body] of steps) {
      await ok(await api(P.adminLZ, 'POST', `/api/v1/admin/complaints/${id}/${verb}`, { body }), 200, `complaint ${verb}`);
    }
    return id;
  },
  async escalated() {
    const id = await F.complaint();
    sql(`UPDATE complaints SET status = 'escalated', escalated_at = NOW(3), escalated_region = '450200' WHERE id = ${id}`);
    return id;
  },
  // ratings: worker A's rating of employer A on a completed application (region 鹿寨县)
  async rating() {
    const c = await F.completed();
    const j = await ok(await api(P.workerA, 'POST', `/api/v1/applications/${c.app}/ratings`, { body: { stars: 4 } }), 201, 'rating');
    return j.rating.id;
  },
  async invitation(g) {
    g = g || await F.pubGig();
    const j = await ok(await api(P.employerA, 'POST', `/api/v1/gigs/${g.id}/invitations`, { body: { worker_id: P.workerA.id } }), 201, 'invite');
    return { gig: g, inv: j.invitation.id };
  },
  notification() {
    sql(`INSERT INTO notifications (user_id, kind, title, body, created_at) VALUES (${P.workerA.id}, 'matrix', '矩阵通知', '矩阵测试通知', NOW(3))`);
    return Number(one(`SELECT MAX(id) FROM notifications WHERE user_id = ${P.workerA.id} AND kind = 'matrix'`));
  },
  async block() {
    const t = dbUser();
    await ok(await api(P.workerA, 'POST', '/api/v1/me/blocks', { body: { user_id: t } }), 201, 'block');
    return t;
  },
  pendingEmployer() {
    const id = dbUser();
    makeEmployer(id, { verification: 'pending', region: '450223', name: `鹿寨县${uniqZh(4)}待审单位` });
    return id;
  },
  restrictedUser() {
    const id = dbUser({ worker: true });
    sql(`INSERT INTO credit_scores (user_id, score, restricted, restricted_at, updated_at) VALUES (${id}, 40, 1, NOW(3), NOW(3))`);
    return id;
  },
  stationBody: (over = {}) => ({ name: `鹿寨镇${uniqZh(3)}零工驿站`, address: '鹿寨镇建设中路 12 号', region_code: '450223100', ...SITE, ...over }),
  async station() {
    return (await ok(await api(P.adminLZ, 'POST', '/api/v1/admin/stations', { body: F.stationBody() }), 201, 'station')).station.id;
  },
  templateCode: () => `matrix_${uniq('t').toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 40),
  async template() {
    return (await ok(await api(P.adminLZ, 'POST', '/api/v1/admin/agreement-templates', { body: { code: F.templateCode(),
      title: '鹿寨县零工劳务协议', body: W.templateBody, region_code: '450223' } }), 201, 'template')).template.id;
  },
  // a template for the whole country: only an admin without a region may version it (moved aside in after())
  async nationalTemplate() {
    return (await ok(await api(P.manager, 'POST', '/api/v1/admin/agreement-templates', { body: { code: F.templateCode(),
      title: '全国零工劳务协议', body: W.templateBody } }), 201, 'national template')).template.id;
  },
  wordText: () => `矩阵测试词${Math.floor(Math.random() * 1e9)}`,
  async word() {
    return (await ok(await api(P.manager, 'POST', '/api/v1/admin/sensitive-words', { body: { word: F.wordText(), category: 'custom',
      action: 'review' } }), 201, 'word')).word.id;
  },
};

// ------------------------------------------------------------------------------------- the expectations

// ex(dflt, {principal: status}) — the expected answer of each principal the gate admits. A status is a number
// (401/403/404 assert the codes unauthenticated/forbidden/not_found) or 'status code'.
const ex = (dflt, map = {}) => ({ dflt, map });
const only = (names, status, dflt) => ex(dflt, Object.fromEntries(names.map((n) => [n, status])));
const GATE = {
  public: 'public', // no token needed, and one sent is not read
  optional: 'optional', // public, but a token sent identifies the caller (RF_OPTIONAL)
  users: ['user'],
  admins: ['admin', 'reviewer', 'station', 'auditor'],
  anyone: ['user', 'admin', 'reviewer', 'station', 'auditor'],
  adminRole: ['admin'],
  adminReviewer: ['admin', 'reviewer'],
  adminStation: ['admin', 'station'],
  usersAdmin: ['user', 'admin'],
};
// a list reply's ids
const ids = (res) => (res.json && res.json.items ? res.json.items.map((i) => i.id) : []);
// The ids of every page of the list the cell read (url: its URL with ?page_size=100), by p: after the other
// tests of a full run, 鹿寨县 has hundreds of employers and gigs, and some queues are oldest first.
async function everyId(res, p, url) {
  const out = ids(res);
  for (let page = 2; out.length < res.json.total && page <= 100; page++) {
    const r = await call(srv.url, 'GET', `${url}&page=${page}`, { token: P[p].access_token });
    assert.equal(r.status, 200, r.text);
    if (!r.json.items.length) break;
    out.push(...ids(r));
  }
  return out;
}
// check: fx[key] is in the list (any page) exactly for the principals named
const listed = (key, who) => async (res, p, fx, url) => {
  const all = await everyId(res, p, url);
  assert.equal(all.includes(fx[key]), who.includes(p), `${p}: ${key} ${fx[key]} ${who.includes(p) ? 'missing from' : 'leaked into'} the list`);
};

const EPR = '403 employer_profile_required';

// One entry per route: gate (who the route table admits, declared here independently of it), expect, and as
// needed path(fx) (what replaces {id} and follows it), query(fx), body(p, fx), headers(p, fx); shared(): the
// object of every cell not expected to succeed; fresh(): a new object for each cell that is; check(res, p, fx)
// on 2xx; probe(fx): rows the refused cells must leave unchanged; after(p): what a successful cell must put
// back; late: run after the others (it changes a principal's own profile); takes: names in SMUGGLED the
// route does accept; variant: an extra set of cells on the same route.
const EXPECT = [
  // ---------------------------------------------------------------- system, reference, sign-in
  { route: 'GET /healthz', gate: GATE.public, expect: ex(200) },
  { route: 'GET /readyz', gate: GATE.public, expect: ex(200) },
  { route: 'GET /metrics', gate: GATE.public, expect: ex(200) },
  { route: 'GET /api/v1/openapi.json', gate: GATE.public, expect: ex(200) },
  { route: 'GET /api/v1/regions', gate: GATE.public, expect: ex(200) },
  { route: 'GET /api/v1/job-types', gate: GATE.public, expect: ex(200) },
  { route: 'POST /api/v1/auth/wechat', gate: GATE.public, body: () => ({ code: `test:${uniq('mxs')}` }), expect: ex(200),
    check: (res) => assert.ok(!PRINCIPALS.some((n) => P[n] && P[n].user && P[n].user.id === res.json.user.id), 'signed in as a principal') },
  { route: 'POST /api/v1/auth/refresh', gate: GATE.public, fresh: async () => ({ rt: (await signIn(srv, uniq('mxr'))).refresh_token }),
    shared: async () => ({}), body: (p, fx) => ({ refresh_token: fx.rt }), expect: ex(200) },
  { route: 'POST /api/v1/auth/logout', gate: GATE.anyone, expect: ex(200), after: (p) => P[p].login() },
  // worker A binds the number it has (no change, no new session); the others bind their first one
  { route: 'POST /api/v1/auth/phone', gate: GATE.users, late: true, expect: ex(200),
    body: (p) => ({ code: `phone:${p === 'workerA' ? MARK.phone : `138${String(rnd(1e8)).padStart(8, '0')}`}` }),
    check: (res, p) => assert.equal(res.json.user.id, P[p].id) },
  { route: 'GET /api/v1/me', gate: GATE.users, expect: ex(200), check: (res, p) => assert.equal(res.json.user.id, P[p].id) },
  { route: 'POST /api/v1/admin/auth/login', gate: GATE.public, shared: async () => ({ username: createAdmin({ password: PASSWORD, region: '450223' }) }),
    body: (p, fx) => ({ username: fx.username, password: PASSWORD }), expect: ex(200) },
  { route: 'GET /api/v1/admin/me', gate: GATE.admins, expect: ex(200),
    check: (res, p) => { assert.equal(res.json.admin.id, P[p].id); assert.equal(res.json.admin.role, ROLE[p]); } },

  // ---------------------------------------------------------------- gigs
  { route: 'GET /api/v1/gigs', gate: GATE.optional, query: () => '?region=450223&page_size=100', expect: ex(200),
    check: (res) => {
      assert.ok(!ids(res).includes(W.gigDraft.id), 'a draft is in the public search');
      assert.ok(!ids(res).includes(W.gigPending.id), 'a gig in review is in the public search');
      for (const g of res.json.items) assert.equal(g.history, undefined, 'private history in search');
    } },
  { route: 'POST /api/v1/gigs', gate: GATE.users, body: () => gigBody(), expect: ex(201, { workerA: EPR, workerB: EPR }),
    check: (res, p) => assert.equal(res.json.gig.employer.id, P[p].id) },
  { route: 'GET /api/v1/gigs/{id}', variant: 'a draft', gate: GATE.optional, shared: () => ({ id: W.gigDraft.id }), path: (fx) => fx.id,
    expect: only(['employerA', ...IN, 'reviewerLZ'], 200, 404),
    check: (res, p) => { assert.ok(Array.isArray(res.json.gig.history)); assert.equal('moderation' in res.json.gig, p !== 'employerA'); } },
  { route: 'GET /api/v1/gigs/{id}', variant: 'published', gate: GATE.optional, shared: () => ({ id: W.gigPub.id }), path: (fx) => fx.id,
    expect: ex(200),
    check: (res, p) => {
      const priv = ['employerA', ...IN, 'reviewerLZ'].includes(p);
      assert.equal('history' in res.json.gig, priv, `${p}: private history ${priv ? 'missing' : 'shown'}`);
      assert.equal('moderation' in res.json.gig, priv && p !== 'employerA', `${p}: word-filter findings`);
    } },
  { route: 'PUT /api/v1/gigs/{id}', variant: 'a draft', gate: GATE.users, shared: F.draftGig, fresh: F.draftGig, path: (fx) => fx.id,
    body: () => gigBody({ title: '修改后的水电维修岗位' }), expect: ex(404, { employerA: 200, workerA: EPR, workerB: EPR }),
    probe: (fx) => sql(`SELECT status, title, updated_at FROM gigs WHERE id = ${fx.id}`) },
  { route: 'PUT /api/v1/gigs/{id}', variant: 'published', gate: GATE.users, shared: F.pubGig, fresh: F.pubGig, path: (fx) => fx.id,
    body: () => gigBody({ title: '修改后的水电维修岗位' }), expect: ex(403, { employerA: 200, workerA: EPR, workerB: EPR }),
    probe: (fx) => sql(`SELECT status, title, updated_at FROM gigs WHERE id = ${fx.id}`) },
  { route: 'POST /api/v1/gigs/{id}/submit', gate: GATE.users, shared: F.draftGig, fresh: F.draftGig, path: (fx) => `${fx.id}/submit`,
    expect: ex(404, { employerA: 200, workerA: EPR, workerB: EPR }), probe: (fx) => sql(`SELECT status FROM gigs WHERE id = ${fx.id}`) },
  { route: 'POST /api/v1/gigs/{id}/close', gate: GATE.users, shared: F.pubGig, fresh: F.pubGig, path: (fx) => `${fx.id}/close`,
    expect: ex(403, { employerA: 200, workerA: EPR, workerB: EPR }), probe: (fx) => sql(`SELECT status FROM gigs WHERE id = ${fx.id}`) },
  { route: 'GET /api/v1/me/gigs', gate: GATE.users, shared: () => ({ id: W.gigPub.id }), query: () => '?page_size=100', expect: ex(200),
    check: listed('id', ['employerA']) },
  { route: 'GET /api/v1/admin/gigs', gate: GATE.adminReviewer, shared: () => ({ id: W.gigPending.id }), query: () => '?page_size=100',
    expect: ex(200), check: listed('id', [...IN, 'reviewerLZ']) },
  { route: 'POST /api/v1/admin/gigs/{id}/approve', gate: GATE.adminReviewer, shared: F.pendingGig, fresh: F.pendingGig,
    path: (fx) => `${fx.id}/approve`, expect: ex(404, only([...IN, 'reviewerLZ'], 200).map),
    probe: (fx) => sql(`SELECT status FROM gigs WHERE id = ${fx.id}`) },
  { route: 'POST /api/v1/admin/gigs/{id}/approve', variant: 'employer B\'s gig in 新干县', gate: GATE.adminReviewer,
    shared: F.pendingGigXG, fresh: F.pendingGigXG, path: (fx) => `${fx.id}/approve`,
    expect: ex(404, only(['adminXG', 'reviewerXG', 'manager'], 200).map), probe: (fx) => sql(`SELECT status FROM gigs WHERE id = ${fx.id}`) },
  { route: 'POST /api/v1/admin/gigs/{id}/reject', gate: GATE.adminReviewer, shared: F.pendingGig, fresh: F.pendingGig,
    path: (fx) => `${fx.id}/reject`, body: () => ({ reason: '岗位信息不完整，请补充' }), expect: ex(404, only([...IN, 'reviewerLZ'], 200).map),
    probe: (fx) => sql(`SELECT status FROM gigs WHERE id = ${fx.id}`) },

  // ---------------------------------------------------------------- profiles, employer review, stations
  { route: 'GET /api/v1/me/worker', gate: GATE.users, expect: ex(200),
    check: (res, p) => assert.equal(res.text.includes(W.workerAName), p === 'workerA', `${p}: worker A's name`) },
  { route: 'PUT /api/v1/me/worker', gate: GATE.users, late: true, expect: ex(200),
    body: (p) => ({ real_name: p === 'workerA' ? W.workerAName : `覃${uniqZh(2)}`, id_number: genId(), region_code: '450223100',
      discoverable: true }),
    check: (res, p) => assert.equal(res.text.includes(W.workerAName), p === 'workerA') },
  { route: 'GET /api/v1/me/employer', gate: GATE.users, expect: ex(200),
    check: (res, p) => assert.equal(res.text.includes(W.employerAName), p === 'employerA', `${p}: employer A's name`) },
  { route: 'PUT /api/v1/me/employer', gate: GATE.users, late: true, expect: ex(200),
    body: (p) => ({ kind: 'org', name: p === 'employerA' ? W.employerAName : `鹿寨县${uniqZh(4)}有限公司`, credit_code: genCreditCode(),
      region_code: '450223100' }),
    check: (res, p) => assert.equal(res.text.includes(W.employerAName), p === 'employerA'),
    after: (p) => p === 'employerA' && makeEmployer(P.employerA.id, { region: '450223' }) }, // a new credit code went to review
  { route: 'GET /api/v1/admin/employers', gate: GATE.adminReviewer, shared: () => ({ id: P.employerA.id }), query: () => '?page_size=100',
    expect: ex(200), check: listed('id', [...IN, 'reviewerLZ']) }, // an employer's id here is its user's
  { route: 'POST /api/v1/admin/employers/{id}/verify', gate: GATE.adminReviewer, shared: () => ({ id: F.pendingEmployer() }),
    fresh: () => ({ id: F.pendingEmployer() }), path: (fx) => `${fx.id}/verify`, expect: ex(404, only([...IN, 'reviewerLZ'], 200).map),
    probe: (fx) => sql(`SELECT verification FROM employers WHERE user_id = ${fx.id}`) },
  { route: 'POST /api/v1/admin/employers/{id}/reject', gate: GATE.adminReviewer, shared: () => ({ id: F.pendingEmployer() }),
    fresh: () => ({ id: F.pendingEmployer() }), path: (fx) => `${fx.id}/reject`, body: () => ({ reason: '营业执照照片不清晰' }),
    expect: ex(404, only([...IN, 'reviewerLZ'], 200).map), probe: (fx) => sql(`SELECT verification FROM employers WHERE user_id = ${fx.id}`) },
  { route: 'GET /api/v1/stations', gate: GATE.public, expect: ex(200) },
  { route: 'POST /api/v1/admin/stations', gate: GATE.adminStation, body: () => F.stationBody(), takes: ['status'],
    expect: ex(403, only([...IN, 'stationLZ'], 201).map) },
  { route: 'PUT /api/v1/admin/stations/{id}', gate: GATE.adminStation, shared: async () => ({ id: await F.station() }), path: (fx) => fx.id,
    takes: ['status'], // open / closed: staff do open and close their station
    body: () => F.stationBody({ name: '鹿寨镇矩阵零工驿站' }), expect: ex(404, only([...IN, 'stationLZ'], 200).map) },

  // ---------------------------------------------------------------- finding workers, invitations
  { route: 'GET /api/v1/workers', gate: GATE.users, expect: ex(200, { workerA: EPR, workerB: EPR }) },
  // worker A is discoverable in 鹿寨县: employer B finds them too, by masked name only (the leak scan)
  { route: 'GET /api/v1/workers', variant: 'in 鹿寨县', gate: GATE.users, query: () => '?region=450223&page_size=100',
    expect: ex(200, { workerA: EPR, workerB: EPR }) },
  { route: 'POST /api/v1/gigs/{id}/invitations', gate: GATE.users, shared: F.pubGig, fresh: F.pubGig, path: (fx) => `${fx.id}/invitations`,
    body: () => ({ worker_id: P.workerA.id }), expect: ex(403, { employerA: 201 }),
    probe: (fx) => sql(`SELECT COUNT(*) FROM invitations WHERE gig_id = ${fx.id}`) },
  { route: 'GET /api/v1/gigs/{id}/invitations', gate: GATE.users, shared: () => W.inv, path: (fx) => `${fx.gig.id}/invitations`, query: () => '?page_size=100',
    expect: ex(403, { employerA: 200 }), check: listed('inv', ['employerA']) },
  { route: 'GET /api/v1/me/invitations', gate: GATE.users, shared: () => W.inv, query: () => '?page_size=100', expect: ex(200),
    check: listed('inv', ['workerA']) },
  { route: 'POST /api/v1/invitations/{id}/accept', gate: GATE.users, shared: () => F.invitation(), fresh: () => F.invitation(),
    path: (fx) => `${fx.inv}/accept`, expect: ex(404, { workerA: 200 }), probe: (fx) => sql(`SELECT status FROM invitations WHERE id = ${fx.inv}`) },
  { route: 'POST /api/v1/invitations/{id}/decline', gate: GATE.users, shared: () => F.invitation(), fresh: () => F.invitation(),
    path: (fx) => `${fx.inv}/decline`, expect: ex(404, { workerA: 200 }), probe: (fx) => sql(`SELECT status FROM invitations WHERE id = ${fx.inv}`) },

  // ---------------------------------------------------------------- the sensitive-word lexicon (one for every region)
  { route: 'GET /api/v1/admin/sensitive-words', gate: GATE.adminRole, expect: ex(200) },
  { route: 'POST /api/v1/admin/sensitive-words', gate: GATE.adminRole, body: () => ({ word: F.wordText(), category: 'custom', action: 'review' }),
    expect: ex(403, { manager: 201 }) },
  { route: 'PUT /api/v1/admin/sensitive-words/{id}', gate: GATE.adminRole, shared: async () => ({ id: await F.word() }), path: (fx) => fx.id,
    body: () => ({ note: '矩阵测试' }), expect: ex(403, { manager: 200 }) },
  { route: 'DELETE /api/v1/admin/sensitive-words/{id}', gate: GATE.adminRole, shared: async () => ({ id: await F.word() }),
    fresh: async () => ({ id: await F.word() }), path: (fx) => fx.id, expect: ex(403, { manager: 204 }),
    probe: (fx) => sql(`SELECT COUNT(*) FROM sensitive_words WHERE id = ${fx.id}`) },
  { route: 'POST /api/v1/admin/sensitive-words/import', gate: GATE.adminRole, body: () => ({ csv: `word,category,action\n${F.wordText()},custom,review\n`, dry_run: true }),
    expect: ex(403, { manager: 200 }) },
  { route: 'GET /api/v1/admin/sensitive-words/export', gate: GATE.adminRole, expect: ex(200) },
  { route: 'POST /api/v1/admin/sensitive-words/test', gate: GATE.adminRole, body: () => ({ text: '招聘水电工' }), expect: ex(200) },

  // ---------------------------------------------------------------- agreements
  { route: 'POST /api/v1/applications/{id}/agreement', gate: GATE.users, shared: F.accepted, fresh: F.accepted, path: (fx) => `${fx.app}/agreement`,
    expect: ex(403, { employerA: 201 }), probe: (fx) => sql(`SELECT COUNT(*) FROM agreements WHERE application_id = ${fx.app}`) },
  { route: 'GET /api/v1/applications/{id}/agreement', gate: GATE.users, shared: () => W.agr, path: (fx) => `${fx.app}/agreement`,
    expect: only(PARTIES, 200, 403) },
  { route: 'GET /api/v1/agreements/public-key', gate: GATE.public, expect: ex(200) },
  { route: 'GET /api/v1/agreements/{id}', gate: GATE.usersAdmin, shared: () => W.agr, path: (fx) => fx.agr.id,
    expect: only([...PARTIES, ...IN], 200, 403) },
  { route: 'POST /api/v1/agreements/{id}/sign', gate: GATE.users, shared: F.drafted, fresh: F.drafted, path: (fx) => `${fx.agr.id}/sign`,
    body: (p, fx) => ({ text_sha256: fx.agr.text_sha256, intent: INTENT }), expect: only(PARTIES, 200, 403),
    probe: (fx) => sql(`SELECT status FROM agreements WHERE id = ${fx.agr.id}`) },
  { route: 'POST /api/v1/agreements/{id}/void', gate: GATE.usersAdmin, shared: F.drafted, fresh: F.drafted, path: (fx) => `${fx.agr.id}/void`,
    body: () => ({ reason: '双方协商一致解除' }), expect: only([...PARTIES, ...IN], 200, 403),
    probe: (fx) => sql(`SELECT status FROM agreements WHERE id = ${fx.agr.id}`) },
  { route: 'GET /api/v1/agreements/{id}/verify', variant: 'by id', gate: GATE.optional, shared: () => W.sealed, path: (fx) => `${fx.agr.id}/verify`,
    expect: only([...PARTIES, ...IN], 200, 403) },
  { route: 'GET /api/v1/agreements/{id}/verify', variant: 'holding the text hash', gate: GATE.optional, shared: () => W.sealed,
    path: (fx) => `${fx.agr.id}/verify`, query: (fx) => `?hash=${fx.agr.text_sha256}`, expect: ex(200),
    check: (res) => assert.ok(!res.text.includes(W.workerAName), 'the verdict names the worker') },
  { route: 'GET /api/v1/agreements/{id}/pdf', gate: GATE.usersAdmin, shared: () => W.agr, path: (fx) => `${fx.agr.id}/pdf`,
    expect: only([...PARTIES, ...IN], 200, 403) },
  { route: 'GET /api/v1/admin/agreement-templates', gate: GATE.adminRole, shared: () => ({ id: W.template }), query: () => '?page_size=100',
    expect: ex(200), check: listed('id', IN) },
  { route: 'POST /api/v1/admin/agreement-templates', gate: GATE.adminRole,
    body: () => ({ code: F.templateCode(), title: '鹿寨县零工劳务协议', body: W.templateBody, region_code: '450223' }),
    expect: ex(201, { adminXG: '403 forbidden' }) },
  { route: 'GET /api/v1/admin/agreement-templates/{id}', gate: GATE.adminRole, shared: () => ({ id: W.template }), path: (fx) => fx.id,
    expect: only(IN, 200, 404) },
  { route: 'GET /api/v1/admin/agreement-templates/{id}', variant: 'national', gate: GATE.adminRole, shared: () => ({ id: W.national }),
    path: (fx) => fx.id, expect: ex(200) },
  { route: 'PUT /api/v1/admin/agreement-templates/{id}', variant: 'national', gate: GATE.adminRole, shared: () => ({ id: W.national }),
    fresh: async () => ({ id: await F.nationalTemplate() }), path: (fx) => fx.id, body: () => ({ title: '全国零工劳务协议（修订）', body: W.templateBody }), expect: ex(403, { manager: 201 }),
    probe: (fx) => sql(`SELECT COUNT(*) FROM agreement_templates WHERE code = (SELECT code FROM agreement_templates WHERE id = ${fx.id})`) },
  { route: 'PUT /api/v1/admin/agreement-templates/{id}', gate: GATE.adminRole, shared: () => ({ id: W.template }), path: (fx) => fx.id,
    body: () => ({ title: '鹿寨县零工劳务协议（修订）', body: W.templateBody }), expect: only(IN, 201, 404) },

  // ---------------------------------------------------------------- applications
  { route: 'POST /api/v1/gigs/{id}/applications', gate: GATE.users, shared: () => W.gigPub, fresh: F.pubGig, path: (fx) => `${fx.id}/applications`,
    body: () => ({}), expect: ex(201, { employerA: '403 own_gig' }) },
  // an accepted applicant: the employer sees their phone number
  { route: 'GET /api/v1/gigs/{id}/applications', gate: GATE.users, shared: () => W.agr, path: (fx) => `${fx.gig.id}/applications`, query: () => '?page_size=100',
    expect: ex(403, { employerA: 200 }), check: listed('app', ['employerA']) },
  { route: 'GET /api/v1/me/applications', gate: GATE.users, shared: () => W.applied, query: () => '?page_size=100', expect: ex(200),
    check: listed('app', ['workerA']) },
  { route: 'GET /api/v1/applications/{id}', gate: GATE.users, shared: () => W.applied, path: (fx) => fx.app, expect: only(PARTIES, 200, 404),
    check: (res, p, fx) => assert.equal(res.json.application.id, fx.app) },
  ...['accept', 'reject'].map((verb) => ({ route: `POST /api/v1/applications/{id}/${verb}`, gate: GATE.users, shared: F.applied,
    fresh: F.applied, path: (fx) => `${fx.app}/${verb}`, body: () => ({}), expect: ex(404, { employerA: 200, workerA: 403 }),
    probe: (fx) => sql(`SELECT status, updated_at FROM applications WHERE id = ${fx.app}`) })),
  { route: 'POST /api/v1/applications/{id}/withdraw', gate: GATE.users, shared: F.applied, fresh: F.applied, path: (fx) => `${fx.app}/withdraw`,
    body: () => ({}), expect: ex(404, { workerA: 200, employerA: 403 }), probe: (fx) => sql(`SELECT status FROM applications WHERE id = ${fx.app}`) },
  { route: 'POST /api/v1/applications/{id}/cancel', gate: GATE.users, shared: F.acceptedLater, fresh: F.acceptedLater, path: (fx) => `${fx.app}/cancel`,
    body: () => ({}), expect: only(PARTIES, 200, 404), probe: (fx) => sql(`SELECT status FROM applications WHERE id = ${fx.app}`) },
  { route: 'POST /api/v1/applications/{id}/no-show', gate: GATE.users, shared: F.acceptedStarted, fresh: F.acceptedStarted,
    path: (fx) => `${fx.app}/no-show`, body: () => ({}), expect: ex(404, { employerA: 200, workerA: 403 }),
    probe: (fx) => sql(`SELECT status FROM applications WHERE id = ${fx.app}`) },

  // ---------------------------------------------------------------- attendance, confirmation
  { route: 'GET /api/v1/gigs/{id}/site-code', gate: GATE.users, shared: () => W.gigPub, path: (fx) => `${fx.id}/site-code`,
    expect: ex(403, { employerA: 200 }) },
  { route: 'POST /api/v1/applications/{id}/attendance/check-in', gate: GATE.users, shared: F.acceptedNow, fresh: F.acceptedNow,
    path: (fx) => `${fx.app}/attendance/check-in`, body: () => ({ ...SITE }), expect: ex(404, { workerA: 201, employerA: 403 }),
    probe: (fx) => sql(`SELECT COUNT(*) FROM attendance WHERE application_id = ${fx.app}`) },
  { route: 'POST /api/v1/applications/{id}/attendance/check-out', gate: GATE.users, shared: F.checkedIn, fresh: F.checkedIn,
    path: (fx) => `${fx.app}/attendance/check-out`, body: () => ({ ...SITE }), expect: ex(404, { workerA: 200, employerA: 403 }),
    probe: (fx) => sql(`SELECT check_out_at FROM attendance WHERE application_id = ${fx.app}`) },
  { route: 'GET /api/v1/applications/{id}/attendance', gate: GATE.users, shared: () => W.checkedIn, path: (fx) => `${fx.app}/attendance`,
    expect: only(PARTIES, 200, 404) },
  { route: 'POST /api/v1/applications/{id}/attendance/corrections', gate: GATE.users, shared: F.acceptedNow, fresh: F.acceptedNow,
    path: (fx) => `${fx.app}/attendance/corrections`,
    body: (p, fx) => ({ work_date: shanghaiDate(fx.gig.starts_at), check_in_at: at(-120), reason: '手机没电补录签到' }),
    expect: ex(404, { employerA: 201, workerA: 403 }), probe: (fx) => sql(`SELECT COUNT(*) FROM attendance WHERE application_id = ${fx.app}`) },
  { route: 'POST /api/v1/applications/{id}/confirm', gate: GATE.users, shared: F.acceptedEnded, fresh: F.acceptedEnded,
    path: (fx) => `${fx.app}/confirm`, expect: only(PARTIES, 200, 404),
    probe: (fx) => sql(`SELECT status, worker_confirmed_at, employer_confirmed_at FROM applications WHERE id = ${fx.app}`) },

  // ---------------------------------------------------------------- ratings, 诚信分, blocks, inbox
  { route: 'POST /api/v1/applications/{id}/ratings', gate: GATE.users, shared: F.completed, fresh: F.completed, path: (fx) => `${fx.app}/ratings`,
    body: () => ({ stars: 5 }), expect: only(PARTIES, 201, 404), probe: (fx) => sql(`SELECT COUNT(*) FROM ratings WHERE application_id = ${fx.app}`) },
  { route: 'GET /api/v1/applications/{id}/ratings', gate: GATE.users, shared: () => W.completed, path: (fx) => `${fx.app}/ratings`,
    expect: only(PARTIES, 200, 404) },
  { route: 'GET /api/v1/users/{id}/ratings', gate: GATE.anyone, shared: () => ({ id: P.employerA.id }), path: (fx) => `${fx.id}/ratings`,
    expect: ex(200) },
  { route: 'GET /api/v1/rating-tags', gate: GATE.public, expect: ex(200) },
  { route: 'GET /api/v1/admin/ratings', gate: GATE.adminReviewer, shared: () => ({ id: W.rating }), query: () => '?page_size=100',
    expect: ex(200), check: listed('id', [...IN, 'reviewerLZ']) },
  { route: 'POST /api/v1/admin/ratings/{id}/hide', gate: GATE.adminReviewer, shared: async () => ({ id: await F.rating() }),
    fresh: async () => ({ id: await F.rating() }), path: (fx) => `${fx.id}/hide`, body: () => ({ reason: '含有辱骂内容' }),
    expect: ex(404, only([...IN, 'reviewerLZ'], 200).map), probe: (fx) => sql(`SELECT hidden FROM ratings WHERE id = ${fx.id}`) },
  { route: 'GET /api/v1/me/credit', gate: GATE.users, expect: ex(200) },
  { route: 'GET /api/v1/admin/users/{id}/credit', gate: GATE.adminRole, shared: () => ({ id: P.workerA.id }), path: (fx) => `${fx.id}/credit`,
    expect: only(IN, 200, 404), check: (res, p, fx) => assert.equal(res.json.user_id, fx.id) },
  { route: 'POST /api/v1/admin/users/{id}/credit/adjust', gate: GATE.adminRole, shared: () => ({ id: P.workerA.id }),
    fresh: () => ({ id: dbUser({ worker: true }) }), path: (fx) => `${fx.id}/credit/adjust`, body: () => ({ delta: -1, reason: '矩阵测试调整' }),
    expect: only(IN, 200, 404), probe: (fx) => sql(`SELECT COUNT(*) FROM credit_ledger WHERE user_id = ${fx.id}`) },
  { route: 'POST /api/v1/admin/users/{id}/credit/lift', gate: GATE.adminRole, shared: () => ({ id: F.restrictedUser() }),
    fresh: () => ({ id: F.restrictedUser() }), path: (fx) => `${fx.id}/credit/lift`, body: () => ({ reason: '已电话核实' }),
    expect: only(IN, 200, 404), probe: (fx) => sql(`SELECT restricted FROM credit_scores WHERE user_id = ${fx.id}`) },
  { route: 'POST /api/v1/me/blocks', gate: GATE.users, body: () => ({ user_id: dbUser() }), expect: ex(201) },
  { route: 'GET /api/v1/me/blocks', gate: GATE.users, shared: () => ({ id: W.blocked }), expect: ex(200),
    check: (res, p, fx) => assert.equal(res.json.items.some((b) => b.user_id === fx.id), p === 'workerA', `${p}: worker A's block`) },
  { route: 'DELETE /api/v1/me/blocks/{id}', gate: GATE.users, shared: async () => ({ id: await F.block() }), fresh: async () => ({ id: await F.block() }),
    path: (fx) => fx.id, expect: ex(404, { workerA: 200 }),
    probe: (fx) => sql(`SELECT COUNT(*) FROM blocks WHERE blocker_id = ${P.workerA.id} AND blocked_id = ${fx.id}`) },
  { route: 'GET /api/v1/me/notifications', gate: GATE.users, shared: () => ({ id: W.notification }), query: () => '?page_size=100',
    expect: ex(200), check: listed('id', ['workerA']) },
  { route: 'POST /api/v1/me/notifications/{id}/read', gate: GATE.users, shared: () => ({ id: F.notification() }),
    fresh: () => ({ id: F.notification() }), path: (fx) => `${fx.id}/read`, expect: ex(404, { workerA: 200 }),
    probe: (fx) => sql(`SELECT read_at FROM notifications WHERE id = ${fx.id}`) },
  { route: 'POST /api/v1/me/notifications/read-all', gate: GATE.users, expect: ex(200) },

  // ---------------------------------------------------------------- settlements
  { route: 'POST /api/v1/applications/{id}/settlements', gate: GATE.users, shared: F.completed, fresh: F.completed,
    path: (fx) => `${fx.app}/settlements`, body: () => ({ amount_fen: 20000, adjust_reason: MARK.settle }),
    headers: () => ({ 'idempotency-key': uniq('mx-') }), expect: ex(404, { employerA: 201, workerA: 403 }),
    probe: (fx) => sql(`SELECT COUNT(*) FROM settlements WHERE application_id = ${fx.app}`) },
  { route: 'POST /api/v1/settlements/{id}/pay', gate: GATE.users, shared: F.recorded, fresh: F.recorded, path: (fx) => `${fx.settlement}/pay`,
    body: () => ({ method: 'cash' }), expect: ex(404, { employerA: 200, workerA: 403 }),
    probe: (fx) => sql(`SELECT status FROM settlements WHERE id = ${fx.settlement}`) },
  { route: 'POST /api/v1/settlements/{id}/confirm', gate: GATE.users, shared: F.paid, fresh: F.paid, path: (fx) => `${fx.settlement}/confirm`,
    expect: ex(404, { workerA: 200, employerA: 403 }), probe: (fx) => sql(`SELECT status FROM settlements WHERE id = ${fx.settlement}`) },
  { route: 'POST /api/v1/settlements/{id}/dispute', gate: GATE.users, shared: F.paid, fresh: F.paid, path: (fx) => `${fx.settlement}/dispute`,
    body: () => ({ reason: '实际工作了两天，只结算了一天' }), expect: ex(404, { workerA: 200, employerA: 403 }),
    probe: (fx) => sql(`SELECT status FROM settlements WHERE id = ${fx.settlement}`) },
  { route: 'GET /api/v1/settlements/{id}', gate: GATE.usersAdmin, shared: () => W.settled, path: (fx) => fx.settlement,
    expect: only([...PARTIES, ...IN], 200, 404) },
  { route: 'GET /api/v1/applications/{id}/settlement', gate: GATE.usersAdmin, shared: () => W.settled, path: (fx) => `${fx.app}/settlement`,
    expect: only([...PARTIES, ...IN], 200, 404), check: (res, p, fx) => assert.equal(res.json.settlement.id, fx.settlement) },
  { route: 'GET /api/v1/me/settlements', gate: GATE.users, shared: () => W.settled, query: () => '?page_size=100', expect: ex(200),
    check: listed('settlement', PARTIES) },
  { route: 'GET /api/v1/me/income-statement', gate: GATE.users, expect: ex(200),
    check: (res, p) => assert.equal(res.json.statement.worker.id, P[p].id) },
  { route: 'GET /api/v1/me/income-statement.pdf', gate: GATE.users, expect: ex(200) },
  { route: 'GET /api/v1/admin/settlements', gate: GATE.adminRole, shared: () => W.settled, query: () => '?page_size=100', expect: ex(200),
    check: listed('settlement', IN) },
  { route: 'GET /api/v1/admin/settlements/export.csv', gate: GATE.adminRole, expect: ex(200),
    check: (res, p) => assert.equal(res.text.includes(MARK.settle), IN.includes(p), `${p}: 鹿寨县 settlements in the export`) },

  // ---------------------------------------------------------------- uploads, complaints
  { route: 'POST /api/v1/uploads', gate: GATE.users, body: () => png1x1(), headers: () => ({ 'content-type': 'image/png' }), expect: ex(201) },
  { route: 'GET /api/v1/uploads/{id}', gate: GATE.usersAdmin, shared: () => ({ id: W.upload }), path: (fx) => fx.id,
    expect: only(['workerA', ...IN], 200, 403) },
  { route: 'POST /api/v1/complaints', gate: GATE.users,
    // each complaint cell files a category of its own: a second open complaint about one matter is 409
    body: () => ({ category: 'safety', respondent_id: P.employerA.id, gig_id: W.gigPub.id, text: '矩阵测试：岗位信息与实际不符' }),
    expect: ex(201, { employerA: '400 validation_failed' }) },
  // an image on no complaint: its owner only, whatever the admin's region
  { route: 'GET /api/v1/uploads/{id}', variant: 'on no complaint', gate: GATE.usersAdmin, shared: async () => ({ id: await F.upload() }),
    path: (fx) => fx.id, expect: only(['workerA'], 200, 403) },
  // escalated to 柳州市: the county still reads it
  // ids in a body are checked like ids in a path: only one's own images, only one's own application
  { route: 'POST /api/v1/complaints', variant: 'attaching worker A\'s image', gate: GATE.users, shared: () => ({ upload: W.upload }),
    fresh: async () => ({ upload: await F.upload() }),
    body: (p, fx) => ({ category: 'discrimination', respondent_id: P.employerA.id, gig_id: W.gigPub.id, text: '矩阵测试：附图', image_ids: [fx.upload] }),
    expect: ex('403 forbidden', { workerA: 201, employerA: '400 validation_failed' }),
    probe: (fx) => sql(`SELECT COUNT(*) FROM complaint_images WHERE upload_id = ${fx.upload}`) },
  { route: 'POST /api/v1/complaints', variant: 'about worker A\'s application', gate: GATE.users, shared: () => W.applied, fresh: () => F.applied(),
    body: (p, fx) => ({ category: 'unpaid_wage', respondent_id: P.employerA.id, application_id: fx.app, text: '矩阵测试：报名纠纷' }),
    expect: ex(404, { workerA: 201, employerA: '400 validation_failed' }),
    probe: (fx) => sql(`SELECT COUNT(*) FROM complaints WHERE application_id = ${fx.app}`) },
  { route: 'GET /api/v1/complaints/{id}', variant: 'escalated to 柳州市', gate: GATE.usersAdmin, shared: async () => ({ id: await F.escalated() }),
    path: (fx) => fx.id, expect: only(['workerA', ...IN], 200, 404) },
  { route: 'GET /api/v1/complaints/{id}', gate: GATE.usersAdmin, shared: () => ({ id: W.complaint }), path: (fx) => fx.id,
    expect: only(['workerA', ...IN], 200, 404) },
  { route: 'GET /api/v1/me/complaints', gate: GATE.users, shared: () => ({ id: W.complaint }), query: () => '?page_size=100', expect: ex(200),
    check: listed('id', ['workerA']) },
  { route: 'GET /api/v1/admin/complaints', gate: GATE.adminRole, shared: () => ({ id: W.complaint }), query: () => '?page_size=100',
    expect: ex(200), check: listed('id', IN) },
  ...[
    ['accept', [], null],
    ['handle', [['accept', undefined]], { note: '已联系雇主核实' }],
    ['resolve', [['accept', undefined], ['handle', { note: '已联系雇主核实' }]], { upheld: false, note: '经核实岗位信息无误' }],
    ['reject', [['accept', undefined], ['handle', { note: '已联系雇主核实' }]], { reason: '诉求与事实不符' }],
  ].map(([verb, steps, body]) => ({ route: `POST /api/v1/admin/complaints/{id}/${verb}`, gate: GATE.adminRole,
    shared: async () => ({ id: await F.complaintAt(steps) }), fresh: async () => ({ id: await F.complaintAt(steps) }),
    path: (fx) => `${fx.id}/${verb}`, body: body ? () => body : undefined, expect: only(IN, 200, 404),
    probe: (fx) => sql(`SELECT status, updated_at FROM complaints WHERE id = ${fx.id}`) })),
  { route: 'POST /api/v1/admin/complaints/{id}/accept', variant: 'escalated to 柳州市', gate: GATE.adminRole,
    shared: async () => ({ id: await F.escalated() }), fresh: async () => ({ id: await F.escalated() }), path: (fx) => `${fx.id}/accept`,
    expect: ex(404, { adminLiuzhou: 200, manager: 200, adminLZ: 403 }), probe: (fx) => sql(`SELECT status FROM complaints WHERE id = ${fx.id}`) },
];

// ------------------------------------------------------------------------------------- running a cell

const parseStatus = (e) => {
  if (typeof e === 'number') {
    const codes = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'state_conflict' };
    return { status: e, code: codes[e] };
  }
  const [s, code] = e.split(' ');
  return { status: Number(s), code };
};

// What P is expected to get from entry e: the gate first (a switched-off account 403 wherever its token is read,
// anonymous 401 unless public, a role the table does not admit 403), then the entry's own answer.
function expected(e, p) {
  if (DISABLED.includes(p) && e.gate !== 'public') return { status: 403, code: 'account_disabled', gate: true };
  if (Array.isArray(e.gate)) {
    if (!ROLE[p]) return { status: 401, code: 'unauthenticated', gate: true };
    if (!e.gate.includes(ROLE[p])) return { status: 403, code: 'forbidden', gate: true };
  }
  const v = p in e.expect.map ? e.expect.map[p] : e.expect.dflt;
  assert.ok(v !== undefined, `${e.route}: no expectation for ${p}`);
  return parseStatus(v);
}

async function runCell(e, p, fx) {
  const [method, pattern] = e.route.split(' ');
  let url = pattern;
  if (pattern.includes('{id}')) url = pattern.replace(/\{id\}.*$/, String(e.path(fx)));
  if (e.query) url += e.query(fx);
  const opts = {};
  if (e.body) opts.body = e.body(p, fx);
  if (e.headers) opts.headers = e.headers(p, fx);
  const res = await call(srv.url, method, url, { ...opts, token: P[p] ? P[p].access_token : undefined });
  res.url = url;
  return res;
}

// ------------------------------------------------------------------------------------- setup

before(async () => {
  wx = await startWechat({ clientTimeoutMs: 5000 }); // no fault injection here: a loaded machine must not time sign-ins out
  srv = await startServer({ ...wx.env, ...ENV });
  // users and admins numbered alike (see the header): four numbers above every account so far
  const base = Math.max(Number(one('SELECT COALESCE(MAX(id), 0) FROM users')), Number(one('SELECT COALESCE(MAX(id), 0) FROM admin_users'))) +
    1000 + Math.floor(Math.random() * 1000);
  const userIds = { workerA: base, employerA: base + 1, workerB: base + 2, employerB: base + 3 };
  const adminIds = { adminXG: base, reviewerXG: base + 1, adminLZ: base + 2, manager: base + 3 };
  const tag = uniq('mx');
  for (const [n, id] of Object.entries(userIds)) {
    const name = `${tag}_${n}`;
    sql(`INSERT INTO users (id, openid, created_at) VALUES (${id}, 'o_test_${name}', NOW(3))`);
    P[n] = { name: n, kind: 'user', async login() { Object.assign(this, await signIn(srv, name)); this.id = this.user.id; } };
  }
  // the numbered admins first: an auto-numbered one in between would take base + 3
  const admins = PRINCIPALS.filter((x) => ROLE[x] && ROLE[x] !== 'user').sort((x, y) => (x in adminIds ? 0 : 1) - (y in adminIds ? 0 : 1));
  for (const n of admins) {
    const username = createAdmin({ password: PASSWORD, role: ROLE[n], region: REGION[n], id: adminIds[n] === undefined ? null : adminIds[n] });
    P[n] = { name: n, kind: 'admin', async login() { const j = await loginAdmin(username); Object.assign(this, j); this.id = j.admin.id; } };
  }
  P.bannedWorker = { name: 'bannedWorker', kind: 'user', async login() { Object.assign(this, await signIn(srv, `${tag}_banned`)); this.id = this.user.id; } };
  for (const n of PRINCIPALS.slice(1)) await P[n].login();
  makeWorker(P.bannedWorker.id, { name: `蓝${uniqZh(3)}`, region: '450223100' });
  sql(`UPDATE users SET status = 'banned' WHERE id = ${P.bannedWorker.id}`);
  sql(`UPDATE admin_users SET status = 'disabled' WHERE id = ${P.disabledAdmin.id}`);
  for (const [n, id] of Object.entries({ ...userIds, ...adminIds })) assert.equal(P[n].id, id, `${n} has number ${id}`);

  W.workerAName = `韦${uniqZh(3)}`;
  MARK.workerName = W.workerAName;
  MARK.phone = `139${String(rnd(1e8)).padStart(8, '0')}`;
  await ok(await api(P.workerA, 'POST', '/api/v1/auth/phone', { body: { code: `phone:${MARK.phone}` } }), 200, 'bind phone');
  W.employerAName = `鹿寨县${uniqZh(4)}建筑劳务有限公司`;
  makeWorker(P.workerA.id, { name: W.workerAName, region: '450223100', discoverable: 1 });
  makeWorker(P.workerB.id, { name: `黄${uniqZh(3)}`, region: '360824100' });
  makeEmployer(P.employerA.id, { region: '450223', name: W.employerAName });
  makeEmployer(P.employerB.id, { region: '360824', name: `新干县${uniqZh(4)}劳务有限公司` });

  const def = await api(P.manager, 'GET', '/api/v1/admin/agreement-templates?code=default');
  const tpl = await ok(await api(P.manager, 'GET', `/api/v1/admin/agreement-templates/${def.json.items.at(-1).id}`), 200, 'default template');
  W.templateBody = `${tpl.template.body}\n附：矩阵测试补充条款`;

  W.gigPub = await F.pubGig();
  W.gigDraft = await F.draftGig();
  W.gigPending = await F.pendingGig();
  W.applied = await F.applied(W.gigPub);
  W.inv = await F.invitation();
  W.agr = await F.drafted();
  W.sealed = await F.sealed();
  W.checkedIn = await F.checkedIn();
  W.completed = await F.completed();
  await ok(await api(P.workerA, 'POST', `/api/v1/applications/${W.completed.app}/ratings`, { body: { stars: 4 } }), 201, 'rating');
  W.rating = await F.rating();
  W.settled = await F.recorded();
  W.upload = await F.upload();
  W.complaint = await F.complaint([W.upload]);
  W.template = await F.template();
  W.national = await F.nationalTemplate();
  W.blocked = await F.block();
  W.notification = F.notification();
});

after(async () => {
  // out of the way of the other tests: this run's templates and words
  try {
    sql("UPDATE agreement_templates SET region_code = '999999' WHERE code LIKE 'matrix\\_%'");
    sql("DELETE FROM sensitive_words WHERE word LIKE '矩阵测试词%'");
  } finally {
    if (srv) await srv.stop();
    if (wx) await wx.close();
  }
});

// ------------------------------------------------------------------------------------- the matrix

test('the matrix has one entry per route of routes.c (and openapi.json), with the gate the table gives it', () => {
  const table = parseRouteTable(fs.readFileSync(path.join(SOURCE, 'server/src/http/routes.c'), 'utf8'));
  const keys = table.map((r) => `${r.method} ${r.pattern}`);
  // the parser read the same operations openapi.json documents (a unit test holds the two to each other)
  const documented = [];
  for (const [p, ops] of Object.entries(openapi.paths)) for (const m of Object.keys(ops)) if (['get', 'post', 'put', 'delete', 'patch'].includes(m)) documented.push(`${m.toUpperCase()} ${p}`);
  assert.deepEqual([...keys].sort(), documented.sort(), 'routes.c as parsed here and openapi.json differ');
  const missing = keys.filter((k) => !EXPECT.some((e) => e.route === k));
  assert.deepEqual(missing, [], `routes without a matrix entry: add them to EXPECT in ${__filename}`);
  const stale = EXPECT.filter((e) => !keys.includes(e.route)).map((e) => e.route);
  assert.deepEqual(stale, [], 'matrix entries for routes the table does not have');
  for (const r of table) {
    for (const e of EXPECT.filter((x) => x.route === `${r.method} ${r.pattern}`)) {
      const declared = Array.isArray(e.gate) ? [...e.gate].sort().join(',') : e.gate;
      const actual = r.public ? (r.optional ? 'optional' : 'public') : [...r.roles].sort().join(',');
      assert.equal(declared, actual, `${e.route}: the matrix says the gate admits ${declared}, routes.c says ${actual}`);
      // every admitted principal has an explicit or default answer
      for (const p of PRINCIPALS) expected(e, p);
    }
  }
});

test('every route × every principal answers as the matrix says, and no 2xx reply carries what the caller may not see', async () => {
  const t0 = Date.now();
  const failures = [];
  const seen = new Set(); // the marks some reader was shown: proof that the scan looks at text that is there
  let cells = 0;
  const byRoute = new Map();
  const ordered = [...EXPECT.filter((e) => !e.late), ...EXPECT.filter((e) => e.late)];
  for (const e of ordered) {
    const label = e.variant ? `${e.route} [${e.variant}]` : e.route;
    const sharedFx = e.shared ? await e.shared() : {};
    assert.ok(!e.probe || e.fresh || !PRINCIPALS.some((p) => expected(e, p).status < 300), `${label}: a probe needs fresh objects for the cells that succeed`);
    const before = e.probe ? JSON.stringify(e.probe(sharedFx)) : null;
    for (const p of PRINCIPALS) {
      const want = expected(e, p);
      const success = want.status >= 200 && want.status < 300;
      const fx = success && e.fresh ? await e.fresh() : sharedFx;
      const res = await runCell(e, p, fx);
      cells++;
      byRoute.set(e.route, (byRoute.get(e.route) || 0) + 1);
      const where = `${label} as ${p}`;
      try {
        assert.equal(res.status, want.status, `${where}: expected ${want.status}${want.code ? ` ${want.code}` : ''}, got ${res.status}: ${res.text.slice(0, 300)}`);
        if (want.code) assert.equal(res.json && res.json.error && res.json.error.code, want.code, `${where}: expected code ${want.code}: ${res.text.slice(0, 300)}`);
        if (success) {
          for (const [k, readers] of Object.entries(MARK_READERS)) {
            if (!res.text.includes(MARK[k])) continue;
            assert.ok(readers.includes(p), `${where}: the reply carries A's ${k} text`);
            seen.add(k);
          }
          if (e.check) await e.check(res, p, fx, res.url);
        }
      } catch (err) {
        failures.push(err.message);
      }
      if (e.after && success) await e.after(p);
    }
    if (e.probe) {
      const now = JSON.stringify(e.probe(sharedFx));
      if (now !== before) failures.push(`${label}: the refused cells changed A's object: ${before} → ${now}`);
    }
  }
  for (const k of Object.keys(MARK_READERS)) if (!seen.has(k)) failures.push(`no reply to any reader carried A's ${k} text: the leak scan would see nothing`);
  const secs = (Date.now() - t0) / 1000;
  const routes = byRoute.size;
  const extra = ordered.length - routes;
  console.log(`authorization matrix: ${routes} routes × ${PRINCIPALS.length} principals = ${routes * PRINCIPALS.length} cells,` +
    ` + ${extra} extra variants × ${PRINCIPALS.length} = ${extra * PRINCIPALS.length}; ${cells} cells asserted in ${secs.toFixed(1)} s` +
    ` (setup before: not counted); ${failures.length} failed`);
  assert.deepEqual(failures, [], `${failures.length} cells answered otherwise:\n${failures.join('\n')}`);
});

// Property level (SECURITY.md: "updates accept only the fields that action may change"): every write route,
// called by a principal the matrix lets through, with its valid body plus one field that names an owner, a
// state, a role or a score, answers 400 unknown_field naming it — and changes nothing.
const SMUGGLED = { id: 1, status: 'published', role: 'admin', owner_id: 1, employer_id: 1, user_id: 1, worker_id: 1,
  verification: 'verified', credit: 100, hidden: false, region_code: '360824', created_at: '2020-01-01T00:00:00Z' };
test('no write route takes a field that names an owner, a state, a role or a score (400 unknown_field, nothing written)', async () => {
  const t0 = Date.now();
  const failures = [];
  let cells = 0;
  for (const e of EXPECT) {
    const [method] = e.route.split(' ');
    if (method === 'GET' || e.route === 'POST /api/v1/uploads') continue; // uploads take image bytes, not JSON
    const p = PRINCIPALS.find((x) => { const w = expected(e, x); return w.status >= 200 && w.status < 300; });
    if (!p) continue;
    const fx = e.shared ? await e.shared() : {};
    const before = e.probe ? JSON.stringify(e.probe(fx)) : null;
    const valid = e.body ? e.body(p, fx) : {};
    for (const [k, v] of Object.entries(SMUGGLED)) {
      if (k in valid || (e.takes || []).includes(k)) continue; // a field this route takes (blocks name a user_id, …)
      const res = await runCell({ ...e, body: () => ({ ...valid, [k]: v }) }, p, fx);
      cells++;
      const err = res.json && res.json.error;
      if (res.status !== 400 || !err || err.code !== 'unknown_field' || err.field !== k) {
        failures.push(`${e.route}${e.variant ? ` [${e.variant}]` : ''} as ${p} with "${k}": ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    if (e.probe && JSON.stringify(e.probe(fx)) !== before) failures.push(`${e.route}: a call with a smuggled field changed A's object`);
  }
  console.log(`property level: ${cells} write calls with a smuggled field in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${failures.length} failed`);
  assert.deepEqual(failures, [], `${failures.length} write calls took a field they must not:\n${failures.join('\n')}`);
});
