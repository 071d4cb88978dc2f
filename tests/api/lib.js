// Shared helpers of the black-box API tests: start linggongd (the ASan build deploy/test.sh made) against
// the real MariaDB deploy/test.sh started, start the WeChat double, make HTTP calls, read the database as
// root over its socket, and check replies against server/openapi.json.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const fs = require('node:fs');
const assert = require('node:assert/strict');
const Ajv2020 = require('ajv/dist/2020');
const wechat = require('../fakes/wechat.js');

const SOURCE = process.env.LG_SOURCE_DIR || path.resolve(__dirname, '../..');
const BIN = process.env.LINGGONGD;
for (const v of ['LINGGONGD', 'DB_SOCKET', 'JWT_SECRET', 'DATA_KEY', 'STATE_DIR']) {
  if (!process.env[v]) throw new Error(`${v} is not set: run the API tests through ./deploy/test.sh`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts linggongd serve with the test environment plus overrides. Returns {url, port, pid, logs, stop}.
// stop() sends SIGTERM and asserts a clean exit (so ASan leak reports and UBSan errors fail the test).
// opts.bin: another linggongd binary than $LINGGONGD (e.g. a build without sanitizers, to measure memory).
async function startServer(overrides = {}, opts = {}) {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1',
    UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1:halt_on_error=1',
    // the agreement seal key deploy/lib.sh made in the state directory (override with undefined to unset)
    AGREEMENT_SIGNING_KEY_FILE: process.env.AGREEMENT_SIGNING_KEY_FILE,
    PORT: String(port),
    BIND_ADDR: '127.0.0.1',
    DB_SOCKET: process.env.DB_SOCKET,
    DB_NAME: process.env.DB_NAME || 'linggong',
    DB_USER: process.env.DB_USER || 'linggong',
    DB_PASSWORD: process.env.DB_PASSWORD || '',
    JWT_SECRET: process.env.JWT_SECRET,
    DATA_KEY: process.env.DATA_KEY,
    SCHEMA_DIR: path.join(SOURCE, 'schema'),
    ADMIN_DIR: path.join(SOURCE, 'server/admin'),
    UPLOAD_DIR: process.env.UPLOAD_DIR || path.join(process.env.STATE_DIR, 'uploads'),
    HTTP_THREADS: '8',
    SEARCH_CACHE_S: '0', // tests see their own writes at once; search.test.js turns it on where it tests it
    RATE_ACT_PER_MIN: '100000', // many applies by one user per minute; http.test.js tests the limit
    SEARCH_INDEX_POLL_MS: '0', // the search index reads changed gigs before every search (search.test.js tests the poll)
    LOG_LEVEL: 'info',
    ...overrides,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(opts.bin || BIN, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let exited = null;
  const exitP = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));
  const collect = (stream) => {
    let buf = '';
    stream.on('data', (d) => {
      buf += d.toString('utf8');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (exited) throw new Error(`linggongd exited at start (${JSON.stringify(exited)}):\n${lines.join('\n')}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`linggongd did not answer /healthz:\n${lines.join('\n')}`);
    await sleep(50);
  }
  return {
    url,
    port,
    pid: child.pid,
    logs: () => lines.slice(),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      let timer;
      const res = await Promise.race([exitP, new Promise((r) => { timer = setTimeout(() => r(null), 20000); })]);
      clearTimeout(timer);
      if (!res) {
        child.kill('SIGKILL');
        throw new Error('linggongd did not stop within 20 s of SIGTERM');
      }
      assert.equal(res.code, 0, `linggongd exited with ${JSON.stringify(res)}; last log lines:\n${lines.slice(-30).join('\n')}`);
    },
    kill(signal = 'SIGKILL') { child.kill(signal); return exitP; },
  };
}

// Starts the WeChat double in-process; returns {url, appid, secret, close, calls(), control(path, body)}.
async function startWechat(opts = {}) {
  const appid = opts.appid || 'wx_test_appid';
  const secret = opts.secret || 'test_secret';
  const d = await wechat.start({ host: '127.0.0.1', port: 0, appid, secret, timeoutDelayMs: opts.timeoutDelayMs || 3000 });
  return {
    ...d,
    appid,
    secret,
    env: { WX_API_BASE: d.url, WX_APPID: appid, WX_SECRET: secret, WX_TIMEOUT_MS: String(opts.clientTimeoutMs || 1000) },
    async control(p, body) {
      const r = await fetch(`${d.url}/__fake/${p}`, body === undefined ? {} : {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      return r.json();
    },
  };
}

// One HTTP call. body: object (sent as JSON), string (sent as is) or undefined.
async function call(base, method, p, { body, token, headers = {} } = {}) {
  const h = { ...headers };
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  }
  if (token) h.authorization = `Bearer ${token}`;
  let r;
  try {
    r = await fetch(base + p, { method, headers: h, body: payload, redirect: 'manual' });
  } catch (e) {
    // A keep-alive connection the server closed as idle while this process was blocked (sql() runs the
    // mariadb client synchronously, so fetch cannot see the close in time) fails the next request before
    // the server read it: send it once more on a new connection. Anything else is the test's to see.
    if (e?.cause?.code !== 'UND_ERR_SOCKET' || !/other side closed/.test(e.cause.message)) throw e;
    r = await fetch(base + p, { method, headers: h, body: payload, redirect: 'manual' });
  }
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, headers: r.headers, text, json };
}

// Runs SQL as root over the test database's socket; returns rows as arrays of strings.
function sql(query) {
  const out = execFileSync('mariadb', ['--no-defaults', '-uroot', '-S', process.env.DB_SOCKET, '-N', '-B',
    process.env.DB_NAME || 'linggong', '-e', query], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
}

// A name unique to this run, for openids and usernames.
function uniq(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

const openapi = JSON.parse(fs.readFileSync(path.join(SOURCE, 'server/openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(openapi, 'openapi');
const validators = new Map();
const ptr = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');

// Asserts that a reply matches the OpenAPI document for that route, method and status.
function assertMatchesSpec(route, method, res) {
  const op = openapi.paths[route] && openapi.paths[route][method.toLowerCase()];
  assert.ok(op, `openapi.json has no ${method} ${route}`);
  let resp = op.responses[String(res.status)];
  assert.ok(resp, `openapi.json documents no ${res.status} for ${method} ${route}`);
  let base = `openapi#/paths/${ptr(route)}/${method.toLowerCase()}/responses/${res.status}`;
  if (resp.$ref) {
    base = `openapi${resp.$ref}`;
    resp = resp.$ref.split('/').slice(1).reduce((o, k) => o[k], openapi);
  }
  const types = Object.keys(resp.content || {});
  if (!types.includes('application/json')) return;
  const key = `${base}/content/application~1json/schema`;
  if (!validators.has(key)) validators.set(key, ajv.compile({ $ref: key }));
  const v = validators.get(key);
  assert.ok(v(res.json), `${method} ${route} ${res.status} does not match openapi.json: ${ajv.errorsText(v.errors)}\n${res.text}`);
}

// Asserts the SPEC §4 error shape and the expected status and code.
function assertError(res, status, code) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.ok(res.json && res.json.error, `no error object: ${res.text}`);
  assert.equal(res.json.error.code, code, `expected code ${code}, got ${res.text}`);
  assert.equal(typeof res.json.error.message, 'string');
  assert.ok(res.json.error.message.length > 0);
}

// Signs a WeChat user in through the double; returns the reply JSON (tokens + user).
async function signIn(srv, name) {
  const r = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: `test:${name}` } });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

module.exports = { startServer, startWechat, call, sql, uniq, sleep, freePort, assertMatchesSpec, assertError, signIn, openapi, SOURCE };

// Creates an admin account directly in the database with a scrypt hash in the server's format, so tests
// never lock or change the bootstrap admin. Returns the username. id: an explicit admin_users.id (tests that
// give an admin the same number as a user, to prove no check mistakes one kind of account for the other).
function createAdmin({ username = uniq('adm'), password, role = 'admin', region = null, status = 'active', id = null }) {
  const crypto = require('node:crypto');
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const enc = `scrypt$16384$8$1$${salt.toString('hex')}$${hash.toString('hex')}`;
  const reg = region ? `'${region}'` : 'NULL';
  sql(`INSERT INTO admin_users (${id === null ? '' : 'id, '}username, password_hash, role, region_code, status, created_at)
       VALUES (${id === null ? '' : `${Number(id)}, `}'${username}', '${enc}', '${role}', ${reg}, '${status}', NOW(3))`);
  return username;
}
module.exports.createAdmin = createAdmin;

// Makes user id an employer directly in the database (the profile API has its own tests), so gig tests
// control verification and region exactly.
function makeEmployer(userId, { verification = 'verified', region = '450223', name = '鹿寨县测试用工单位' } = {}) {
  sql(`INSERT INTO employers (user_id, kind, name, region_code, verification, created_at, updated_at)
       VALUES (${Number(userId)}, 'org', '${name}', '${region}', '${verification}', NOW(3), NOW(3))
       ON DUPLICATE KEY UPDATE verification = VALUES(verification), region_code = VALUES(region_code)`);
}

// RFC 3339 UTC of now + seconds.
const at = (seconds) => new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

// A valid gig body in 鹿寨县, overridable field by field.
function gigBody(over = {}) {
  return {
    title: '招聘水电工维修师傅',
    description: '小区水电维修，日结工资，需自带工具。',
    job_type_id: 301,
    pay_fen: 25000,
    pay_unit: 'day',
    headcount: 3,
    starts_at: at(86400),
    ends_at: at(86400 + 8 * 3600),
    address: '鹿寨县鹿寨镇建设路 18 号',
    lat: 24.4728,
    lng: 109.752,
    region_code: '450223100',
    ...over,
  };
}
module.exports.makeEmployer = makeEmployer;
module.exports.gigBody = gigBody;
module.exports.at = at;

// A random name made only of plain Chinese characters: names that carry random Latin letters can spell a
// word the sensitive-word filter knows ("vx"), which would make tests fail at random.
function uniqZh(n = 6) {
  const pool = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北春夏秋冬山水田林金木';
  let out = '';
  for (let i = 0; i < n; i++) out += pool[Math.floor(Math.random() * pool.length)];
  return out;
}
module.exports.uniqZh = uniqZh;

// Applications (issue 4): a published gig of a fresh verified employer, and an application to it.
// publishGig(srv, employer, over) → gig; applyTo(srv, worker, gig, {note, key}) → the call's reply.
async function publishGig(srv, employer, over = {}) {
  makeEmployer(employer.user.id, { verification: 'verified' });
  const r = await call(srv.url, 'POST', '/api/v1/gigs', { token: employer.access_token, body: gigBody(over) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.gig.status, 'published', r.text);
  return r.json.gig;
}
async function applyTo(srv, worker, gig, { note, key } = {}) {
  const headers = key ? { 'idempotency-key': key } : {};
  return call(srv.url, 'POST', `/api/v1/gigs/${gig.id}/applications`,
    { token: worker.access_token, body: note === undefined ? {} : { note }, headers });
}
module.exports.publishGig = publishGig;
module.exports.applyTo = applyTo;

// 查找雇员 (issue 4 item 3): a worker profile written directly in the database, so search tests control
// every ranking fact. jobs: [[job_type_id, years]]; regions: work region codes; avail: the bitmask.
function makeWorker(userId, { name = '王建国', birth = 1980, gender = 'male', avail = 0, discoverable = 1,
  region = '360824100', lat = null, lng = null, credit = 100, completeness = 60, jobs = [[301, 5]], regions = [],
  intro = '' } = {}) {
  const id = Number(userId);
  const q = (v) => (v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);
  sql(`INSERT INTO workers (user_id, real_name, birth_year, gender, availability, discoverable, region_code, lat,
       lng, credit, completeness, intro, created_at, updated_at) VALUES (${id}, ${q(name)}, ${birth}, ${q(gender)},
       ${avail}, ${discoverable}, ${q(region)}, ${lat === null ? 'NULL' : lat}, ${lng === null ? 'NULL' : lng},
       ${credit}, ${completeness}, ${q(intro)}, NOW(3), NOW(3))`);
  for (const [jt, years] of jobs) sql(`INSERT INTO worker_job_types (user_id, job_type_id, years) VALUES (${id}, ${jt}, ${years})`);
  for (const code of regions) sql(`INSERT INTO worker_regions (user_id, region_code) VALUES (${id}, '${code}')`);
}
module.exports.makeWorker = makeWorker;

// Runs SQL as root over the test server's socket with no default database (CREATE/DROP DATABASE).
function rootSql(query) {
  return execFileSync('mariadb', ['--no-defaults', '-uroot', '-S', process.env.DB_SOCKET, '-N', '-B', '-e', query],
    { encoding: 'utf8' });
}

// A new empty database on the test MariaDB that the app user may use, for tests that need a schema of
// their own (migrations, the audit chain). Returns {name, sql(query), drop()}; sql reads like sql() above.
function freshDatabase(prefix = 'lgt') {
  const name = uniq(`${prefix}_`).replace(/[^A-Za-z0-9_]/g, '_');
  rootSql(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
           GRANT ALL PRIVILEGES ON \`${name}\`.* TO 'linggong'@'localhost';
           GRANT ALL PRIVILEGES ON \`${name}\`.* TO 'linggong'@'127.0.0.1'`);
  return {
    name,
    sql(query) {
      const out = execFileSync('mariadb', ['--no-defaults', '-uroot', '-S', process.env.DB_SOCKET, '-N', '-B', name,
        '-e', query], { encoding: 'utf8' });
      return out.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
    },
    drop() { rootSql(`DROP DATABASE IF EXISTS \`${name}\``); },
  };
}

// Runs a linggongd subcommand (migrate, audit-verify, ...) with the test environment plus overrides.
// Resolves {code, signal, stdout, stderr}; never rejects on a non-zero exit.
function runLinggongd(args, overrides = {}) {
  const env = { ...process.env, LOG_LEVEL: 'info', ...overrides };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
module.exports.rootSql = rootSql;
module.exports.freshDatabase = freshDatabase;
module.exports.runLinggongd = runLinggongd;
