#!/usr/bin/env node
// Scale generator: fills a linggong database with synthetic workers, employers and gigs for benchmarks
// and growth tests (issue 3 item 8). Rows are written as TSV files and loaded with LOAD DATA LOCAL INFILE
// in primary-key order, foreign-key and unique checks off for the session; the next table is generated
// while the previous one loads. Node.js 20, no npm packages. Run it through gen.sh (README.md).
//
// Privacy: nothing here is personal data. Names are composed from common characters; ID numbers and phone
// numbers are never produced: users.phone_*, workers.id_enc/id_hmac, employers.id_*/contact_phone_enc
// stay NULL, exactly as for a user who has not bound them.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { regionRows } = require('./regions');
const W = require('./words');

// ---------- arguments and database access ----------

function parseArgs(argv) {
  const a = { workers: 0, employers: 0, gigs: 0, applications: 0, seed: 1, prefix: 'o_gen_', tmp: '', keep: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) die(`${k} needs a value`);
      return argv[++i];
    };
    if (k === '--workers') a.workers = int(v(), k);
    else if (k === '--employers') a.employers = int(v(), k);
    else if (k === '--gigs') a.gigs = int(v(), k);
    else if (k === '--applications') a.applications = int(v(), k);
    else if (k === '--seed') a.seed = int(v(), k);
    else if (k === '--prefix') a.prefix = v();
    else if (k === '--tmp') a.tmp = v();
    else if (k === '--keep') a.keep = true;
    else die(`unknown argument ${k}`);
  }
  if (!/^[A-Za-z0-9_]{1,20}$/.test(a.prefix)) die('--prefix: 1-20 letters, digits or _');
  if (a.gigs > 0 && a.employers === 0) die('gigs need employers: give --employers');
  if (a.applications > 0 && (a.gigs === 0 || a.workers === 0)) die('applications need gigs and workers');
  return a;
}

function int(s, name) {
  if (!/^\d+$/.test(s)) die(`${name}: not a whole number: ${s}`);
  return Number(s);
}

function die(msg) {
  process.stderr.write(`gen: ${msg}\n`);
  process.exit(2);
}

// mariadb client arguments from the usual environment (the same variables linggongd reads).
function clientArgs() {
  const e = process.env;
  const args = ['--no-defaults', '--batch', '--skip-column-names', '--local-infile=1', '--default-character-set=utf8mb4'];
  args.push(`--user=${e.DB_USER || 'root'}`);
  if (e.DB_SOCKET) args.push(`--socket=${e.DB_SOCKET}`);
  else args.push(`--host=${e.DB_HOST || '127.0.0.1'}`, `--port=${e.DB_PORT || '3306'}`, '--protocol=tcp');
  args.push(e.DB_NAME || 'linggong');
  return args;
}
const CLIENT = clientArgs();
// the password travels in the environment, never on a command line
const CLIENT_ENV = { ...process.env, MYSQL_PWD: process.env.DB_PASSWORD || '' };

function sql(text) {
  const r = spawnSync('mariadb', CLIENT, { input: text, env: CLIENT_ENV, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) die(`mariadb failed: ${(r.stderr || '').trim()}\n  in: ${text.slice(0, 300)}`);
  return r.stdout.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
}

function sqlAsync(text) {
  return new Promise((resolve, reject) => {
    const p = spawn('mariadb', CLIENT, { env: CLIENT_ENV, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mariadb: ${err.trim()}`))));
    p.stdin.end(text);
  });
}

const q = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

// ---------- randomness ----------

let rngState = 1;
function seedRng(s) {
  rngState = (s * 2654435761) >>> 0 || 1;
}
function rand() { // mulberry32
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const ri = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
function gauss() {
  let u = 0;
  while (u === 0) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
function shuffle(arr) {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
  return arr;
}

// Weighted choice by cumulative weights (binary search).
class Weighted {
  constructor(items, weights) {
    this.items = items;
    this.cum = [];
    let s = 0;
    for (const w of weights) this.cum.push((s += w));
    this.total = s;
  }
  pick() {
    const x = rand() * this.total;
    let lo = 0, hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
const zipf = (n, s) => Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, s));

// ---------- output ----------

const pad = (n) => (n < 10 ? '0' + n : '' + n);
// UTC DATETIME text (the server's session time zone is +00:00)
function dt(ms, frac) {
  const d = new Date(ms);
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:` +
    `${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return frac ? `${s}.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : s;
}

class Tsv {
  constructor(file) {
    this.file = file;
    this.fd = fs.openSync(file, 'w');
    this.buf = [];
    this.rows = 0;
  }
  row(fields) {
    this.buf.push(fields.join('\t'));
    this.rows++;
    if (this.buf.length >= 8192) this.flush();
  }
  flush() {
    if (this.buf.length) fs.writeSync(this.fd, this.buf.join('\n') + '\n');
    this.buf = [];
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}
const N = '\\N'; // NULL in LOAD DATA
const yieldNow = () => new Promise((r) => setImmediate(r));
const secs = (t) => ((Date.now() - t) / 1000).toFixed(1).padStart(6);
const fmt = (n) => n.toLocaleString('en-US');

// Loads run one at a time, in order, while the main thread goes on generating.
let loadChain = Promise.resolve();
const report = [];
function load(table, tsv, columns, set, genSeconds) {
  const stmt = 'SET SESSION foreign_key_checks = 0; SET SESSION unique_checks = 0;\n' +
    `LOAD DATA LOCAL INFILE ${q(tsv.file)} INTO TABLE ${table} CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (${columns})${set ? ' SET ' + set : ''};\n` +
    `SET SESSION foreign_key_checks = 1; SET SESSION unique_checks = 1;\n`;
  const rows = tsv.rows;
  loadChain = loadChain.then(async () => {
    const t = Date.now();
    await sqlAsync(stmt);
    const line = `${table.padEnd(18)} ${fmt(rows).padStart(10)} rows   generate ${genSeconds}   load ${secs(t)}s`;
    console.log(line);
    report.push(line);
  });
}

// ---------- reference data ----------

function insertRegions() {
  const rows = regionRows();
  const values = rows.map((r) => `(${q(r.code)}, ${r.parent ? q(r.parent) : 'NULL'}, ${q(r.name)}, ${r.level}, ${q(r.path)}, ` +
    `${r.lat.toFixed(6)}, ${r.lng.toFixed(6)})`);
  // parents first: the rows are ordered province, cities, counties
  sql(`INSERT IGNORE INTO regions (code, parent_code, name, level, path, lat, lng) VALUES\n${values.join(',\n')};`);
  return rows.length;
}

// Skewed top-level 工种 weights (a county gig market: construction, loading, factory and farm work lead).
const TOP_WEIGHT = { 1: 9, 2: 12, 3: 16, 4: 9, 5: 6, 6: 11, 7: 10, 8: 5, 9: 4, 10: 2, 11: 3, 12: 3, 13: 1, 14: 2, 15: 1, 16: 7 };
// pay unit mix per top-level 工种: [hour, day, piece, gig]
const UNIT_MIX = { 1: [5, 3, 0, 2], 2: [2, 5, 2, 1], 3: [1, 8, 0, 1], 4: [4, 6, 0, 0], 5: [2, 4, 4, 0], 6: [3, 6, 1, 0],
  7: [1, 5, 4, 0], 8: [1, 3, 1, 5], 9: [3, 7, 0, 0], 10: [5, 5, 0, 0], 11: [2, 8, 0, 0], 12: [2, 6, 0, 2], 13: [6, 3, 1, 0],
  14: [1, 1, 8, 0], 15: [8, 2, 0, 0], 16: [3, 6, 0, 1] };
const UNITS = ['hour', 'day', 'piece', 'gig'];

function payFor(unit, top) {
  switch (unit) {
    case 'hour': return ri(15, 60) * 100; // 15–60 元/小时
    case 'day': { // 100–400 元/天; skilled construction pays the most
      const lo = top === 3 || top === 12 ? 200 : 100, hi = top === 3 || top === 12 ? 400 : 300;
      return ri(lo / 10, hi / 10) * 1000;
    }
    case 'piece': return ri(5, 300) * 10; // 0.5–30 元/件（斤、箱）
    default: return ri(10, 200) * 500; // 50–1000 元/单
  }
}
const payText = (fen, unit) => {
  const yuan = fen % 100 ? (fen / 100).toFixed(1) : String(fen / 100);
  return `${yuan}元/${{ hour: '小时', day: '天', piece: '件', gig: '单' }[unit]}`;
};

// ---------- main ----------

async function main() {
  const a = parseArgs(process.argv.slice(2));
  seedRng(a.seed);
  const tAll = Date.now();
  const [[localInfile]] = sql('SELECT @@GLOBAL.local_infile;');
  if (localInfile !== '1') die('the server refuses LOAD DATA LOCAL: start mariadbd with --local-infile=ON');

  const tmp = a.tmp || fs.mkdtempSync(path.join(os.tmpdir(), 'linggong-gen.'));
  fs.mkdirSync(tmp, { recursive: true });
  const t0 = Date.now();
  const nreg = insertRegions();
  console.log(`regions            ${fmt(nreg).padStart(10)} rows   INSERT IGNORE ${secs(t0)}s`);

  // counties (with their seats) and the towns of the counties that have them
  const counties = sql('SELECT code, name, lat, lng FROM regions WHERE level = 3 AND lat IS NOT NULL ORDER BY code;')
    .map(([code, name, lat, lng]) => ({ code, name, lat: +lat, lng: +lng, towns: [] }));
  const byCode = new Map(counties.map((c) => [c.code, c]));
  const cityName = new Map(sql('SELECT code, name FROM regions WHERE level = 2;'));
  for (const [code, parent, name, lat, lng] of sql('SELECT code, parent_code, name, lat, lng FROM regions WHERE level = 4 ' +
    'AND lat IS NOT NULL ORDER BY code;')) {
    const c = byCode.get(parent);
    if (c) c.towns.push({ code, name, lat: +lat, lng: +lng });
  }
  if (!counties.length) die('no counties in regions: run migrations first');
  for (const c of counties) {
    // 城区 names alone are ambiguous (every city has a 城中区): prefix the city
    c.label = /区$/.test(c.name) ? cityName.get(c.code.slice(0, 4) + '00') + c.name : c.name;
    c.city = c.code.slice(0, 4) + '00';
  }
  // Zipf-like spread (s = 0.8) over counties ranked: districts of the provincial capitals, then other
  // city districts and county-level cities, then counties, in seeded random order within each group.
  // With the 211 counties of regions.js the busiest holds ~9% of the rows, the median ~0.2%.
  const rank = (c) => (/^(4501|3601)/.test(c.code) && /区$/.test(c.name) ? 0 : /[区市]$/.test(c.name) ? 1 : 2);
  const ranked = [0, 1, 2].flatMap((g) => shuffle(counties.filter((c) => rank(c) === g)));
  const countyPick = new Weighted(ranked, zipf(ranked.length, 0.8));
  const countiesOfCity = new Map();
  for (const c of counties) {
    if (!countiesOfCity.has(c.city)) countiesOfCity.set(c.city, []);
    countiesOfCity.get(c.city).push(c);
  }

  const jobs = sql('SELECT id, COALESCE(parent_id, 0), name FROM job_types ORDER BY id;').map(([id, p, name]) => ({ id: +id, parent: +p, name }));
  const leaves = jobs.filter((j) => j.parent);
  const leafByTop = new Map();
  for (const j of leaves) {
    if (!leafByTop.has(j.parent)) leafByTop.set(j.parent, []);
    leafByTop.get(j.parent).push(j);
  }
  const tops = [...leafByTop.keys()];
  const topPick = new Weighted(tops, tops.map((t) => TOP_WEIGHT[t] || 1));
  const leafPick = new Map(tops.map((t) => [t, new Weighted(leafByTop.get(t), zipf(leafByTop.get(t).length, 1.0))]));
  const pickLeaf = () => leafPick.get(topPick.pick()).pick();
  const unitPick = new Map(tops.map((t) => [t, new Weighted(UNITS, UNIT_MIX[t] || [1, 1, 1, 1])]));

  const [[userBase]] = sql('SELECT COALESCE(MAX(id), 0) FROM users;');
  const [[gigBase]] = sql('SELECT COALESCE(MAX(id), 0) FROM gigs;');
  const ubase = +userBase, gbase = +gigBase;
  let abase = 0, hbase = 0;
  if (a.applications) {
    const [[n]] = sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'applications';");
    if (n !== '1') die('--applications: the applications table does not exist (schema 007)');
    abase = +sql('SELECT COALESCE(MAX(id), 0) FROM applications;')[0][0];
    hbase = +sql('SELECT COALESCE(MAX(id), 0) FROM application_history;')[0][0];
  }
  const now = Date.now();
  const DAY = 86400000, HOUR = 3600000;
  const scatter = (c, sigma) => [(c.lat + gauss() * sigma).toFixed(6), (c.lng + gauss() * sigma / Math.cos(c.lat * Math.PI / 180)).toFixed(6)];
  const personName = () => pick(W.SURNAMES) + pick(W.GIVEN) + (rand() < 0.7 ? pick(W.GIVEN) : '');
  const addressIn = (c, town) => {
    const where = town ? town.name : '';
    const r = rand();
    if (r < 0.55) return `${c.label}${where}${pick(W.ROADS)}${ri(1, 300)}号`;
    if (r < 0.8) return `${c.label}${where}${pick(W.PLACES)}`;
    return `${c.label}${where || ''}${pick(W.VILLAGE)}村${ri(1, 12)}组`;
  };

  // ----- users: workers first, then employers, ids ascending -----
  let t = Date.now();
  const users = new Tsv(path.join(tmp, 'users.tsv'));
  const nUsers = a.workers + a.employers;
  for (let i = 1; i <= nUsers; i++) {
    const id = ubase + i;
    users.row([id, a.prefix + id, dt(now - rand() * 730 * DAY, true)]);
    if (i % 200000 === 0) await yieldNow();
  }
  users.close();
  load('users', users, 'id, openid, created_at', '', secs(t) + 's');

  // ----- workers, their 工种 and work regions -----
  t = Date.now();
  const workers = new Tsv(path.join(tmp, 'workers.tsv'));
  const wjt = new Tsv(path.join(tmp, 'worker_job_types.tsv'));
  const wreg = new Tsv(path.join(tmp, 'worker_regions.tsv'));
  const thisYear = new Date(now).getUTCFullYear();
  const workersByCounty = new Map(); // county code -> worker ids, for applicants
  for (let i = 1; i <= a.workers; i++) {
    const id = ubase + i;
    const c = countyPick.pick();
    if (a.applications) {
      if (!workersByCounty.has(c.code)) workersByCounty.set(c.code, []);
      workersByCounty.get(c.code).push(id);
    }
    const [lat, lng] = scatter(c, 0.08);
    const born = thisYear - ri(18, 64);
    const unit = rand() < 0.75 ? 'day' : 'hour';
    const created = dt(now - rand() * 700 * DAY, true);
    let avail = 0;
    for (let b = 0; b < 21; b++) if (rand() < 0.55) avail |= 1 << b;
    const discoverable = rand() < 0.3 ? 1 : 0;
    const n = rand() < 0.5 ? 1 : rand() < 0.6 ? 2 : 3;
    const chosen = new Set();
    while (chosen.size < n) chosen.add(pickLeaf().id);
    const intro = rand() < 0.4 ? `做过${[...chosen].map((j) => jobs.find((x) => x.id === j).name).join('、')}，能吃苦` : N;
    workers.row([id, personName(), born, rand() < 0.55 ? 'male' : 'female', intro, unit === 'day' ? ri(10, 35) * 1000 : ri(15, 50) * 100,
      unit, avail, born < thisYear - 58 && rand() < 0.4 ? 1 : 0, discoverable, c.code, lat, lng, 100, ri(20, 100), created, created]);
    for (const j of [...chosen].sort((x, y) => x - y)) wjt.row([id, j, ri(0, 20)]);
    const regs = [c.towns.length && rand() < 0.5 ? pick(c.towns).code : c.code];
    if (rand() < 0.4) {
      const other = pick(countiesOfCity.get(c.city));
      if (other.code !== c.code) regs.push(other.code);
    }
    for (const r of regs.sort()) wreg.row([id, r]);
    if (i % 100000 === 0) await yieldNow();
  }
  workers.close();
  wjt.close();
  wreg.close();
  const wsecs = secs(t);
  load('workers', workers, 'user_id, real_name, birth_year, gender, intro, expected_pay_fen, expected_pay_unit, availability, ' +
    'elder_mode, discoverable, region_code, lat, lng, credit, completeness, created_at, updated_at', '', wsecs + 's');
  load('worker_job_types', wjt, 'user_id, job_type_id, years', '', '   (^)');
  load('worker_regions', wreg, 'user_id, region_code', '', '   (^)');

  // ----- employers -----
  t = Date.now();
  const employers = new Tsv(path.join(tmp, 'employers.tsv'));
  const empByCounty = new Map();
  const empAll = [];
  for (let i = 1; i <= a.employers; i++) {
    const id = ubase + a.workers + i;
    const c = countyPick.pick();
    const top = topPick.pick();
    const org = rand() < 0.65;
    const surname = pick(W.SURNAMES);
    const name = org ? `${c.label}${pick(W.SHOP)}${pick(W.TRADE[(top - 1) % W.TRADE.length])}${pick(W.ORG_SUFFIX)}`
      : `${surname}${pick(W.PERSON_SUFFIX)}`;
    const r = rand();
    const verification = r < 0.8 ? 'verified' : r < 0.88 ? 'pending' : r < 0.96 ? 'unverified' : 'rejected';
    const created = now - rand() * 600 * DAY;
    const verifiedAt = verification === 'verified' ? dt(created + rand() * 3 * DAY, true) : N;
    const town = c.towns.length && rand() < 0.5 ? pick(c.towns) : null;
    employers.row([id, org ? 'org' : 'person', name, N, org ? surname + pick(W.GIVEN) + pick(W.GIVEN) : N,
      `${surname}${org ? pick(['经理', '主管', '先生', '女士']) : pick(W.PERSON_SUFFIX)}`, town ? town.code : c.code,
      addressIn(c, town), verification, verification === 'rejected' ? '营业执照照片不清晰' : N, verifiedAt, ri(90, 100),
      dt(created, true), dt(created, true)]);
    const e = { id, county: c, top, name, org };
    empAll.push(e);
    if (!empByCounty.has(c.code)) empByCounty.set(c.code, []);
    empByCounty.get(c.code).push(e);
  }
  employers.close();
  const empByCity = new Map();
  for (const e of empAll) {
    if (!empByCity.has(e.county.city)) empByCity.set(e.county.city, []);
    empByCity.get(e.county.city).push(e);
  }
  load('employers', employers, 'user_id, kind, name, credit_code, legal_rep, contact_name, region_code, address, verification, ' +
    'verification_reason, verified_at, credit, created_at, updated_at', '', secs(t) + 's');

  // ----- gigs: generated in batches, search terms from the server's own tokeniser -----
  t = Date.now();
  const gigs = new Tsv(path.join(tmp, 'gigs.tsv'));
  const apps = a.applications ? new Tsv(path.join(tmp, 'applications.tsv')) : null;
  const hist = a.applications ? new Tsv(path.join(tmp, 'application_history.tsv')) : null;
  // applicants per published, closed or expired gig: geometric with the mean that gives --applications
  // (floor of an exponential with mean m has mean 1 / (e^(1/m) - 1): solve for the wanted per-gig mean)
  const perGig = a.applications / Math.max(1, a.gigs * 0.94);
  const appMean = perGig > 0 ? 1 / Math.log(1 + 1 / perGig) : 0;
  let appId = abase, histId = hbase;
  const histRow = (app, from, to, at, actor) => hist.row([++histId, app, 'user', actor, from || N, to, N, dt(at, true)]);
  // applications of one gig; returns how many were accepted (accepted or completed)
  function applicationsFor(gigId, status, county, employerId, head, published, starts, ends) {
    if (status === 'draft' || status === 'pending_review') return 0;
    const pool = workersByCounty.get(county);
    if (!pool || !pool.length) return 0;
    const n = Math.min(pool.length, Math.floor(-Math.log(1 - rand()) * appMean));
    const chosen = new Set();
    for (let tries = 0; chosen.size < n && tries < n * 3; tries++) chosen.add(pick(pool));
    let accepted = 0;
    const past = ends < now;
    for (const w of [...chosen].sort((x, y) => x - y)) {
      const created = Math.max(published, Math.min(now - 500, published + rand() * Math.max(60000, Math.min(now, starts) - published)));
      const r = rand();
      let st;
      if (status === 'published' && !past) st = r < 0.55 ? 'applied' : r < 0.8 ? 'accepted' : r < 0.95 ? 'rejected' : 'withdrawn';
      else st = r < 0.6 ? 'completed' : r < 0.65 ? 'no_show' : r < 0.7 ? 'cancelled' : r < 0.9 ? 'rejected' : 'withdrawn';
      if (!past && (st === 'completed' || st === 'no_show')) st = 'accepted'; // closed early, work not done yet
      if ((st === 'accepted' || st === 'completed' || st === 'no_show' || st === 'cancelled') && accepted >= head) st = 'rejected';
      if (st === 'accepted' || st === 'completed') accepted++;
      const id = ++appId;
      const cap = (x) => Math.max(created, Math.min(now - 100, x)); // between the application and now
      const decided = st === 'applied' || st === 'withdrawn' ? null : cap(created + ri(10, 24 * 60) * 60000);
      const done = st === 'completed' ? cap(Math.max(decided, ends + ri(1, 48) * HOUR)) : null;
      const last = done || decided || (st === 'withdrawn' ? cap(created + ri(10, 600) * 60000) : created);
      apps.row([id, gigId, w, employerId, st, rand() < 0.9 ? 'apply' : 'invitation', N, 0,
        st === 'applied' && rand() < 0.5 ? N : dt(cap(Math.min(decided || now, created + ri(1, 600) * 60000)), true),
        decided ? dt(decided, true) : N, done ? dt(done, true) : N, done ? dt(done, true) : N, done ? dt(done, true) : N,
        dt(created, true), dt(last, true)]);
      histRow(id, null, 'applied', created, w);
      if (st === 'withdrawn') histRow(id, 'applied', 'withdrawn', last, w);
      else if (st === 'rejected') histRow(id, 'applied', 'rejected', decided, employerId);
      else if (st !== 'applied') {
        histRow(id, 'applied', 'accepted', decided, employerId);
        if (st !== 'accepted') histRow(id, 'accepted', st, done || cap(Math.max(decided, starts)), st === 'cancelled' ? w : employerId);
      }
    }
    return accepted;
  }
  const BATCH = 20000;
  for (let start = 1; start <= a.gigs; start += BATCH) {
    const n = Math.min(BATCH, a.gigs - start + 1);
    const rows = [];
    for (let k = 0; k < n; k++) {
      const c = countyPick.pick();
      const town = c.towns.length && rand() < 0.6 ? pick(c.towns) : null;
      const local = empByCounty.get(c.code);
      const cityEmps = empByCity.get(c.city);
      const emp = local && rand() < 0.9 ? pick(local) : cityEmps ? pick(cityEmps) : pick(empAll);
      // employers mostly post their own trade
      const leaf = rand() < 0.6 ? leafPick.get(emp.top).pick() : pickLeaf();
      const top = leaf.parent;
      const unit = unitPick.get(top).pick();
      const pay = payFor(unit, top);
      const head = Math.min(20, 1 + Math.floor(-Math.log(1 - rand()) * 2.5));
      const sr = rand();
      const status = sr < 0.85 ? 'published' : sr < 0.9 ? 'closed' : sr < 0.94 ? 'expired' : sr < 0.97 ? 'draft' : 'pending_review';
      const days = unit === 'hour' ? 1 : rand() < 0.5 ? 1 : ri(2, 10);
      const dur = unit === 'hour' ? ri(2, 10) * HOUR : days * DAY - ri(0, 10) * HOUR;
      let starts;
      if (status === 'expired') starts = now - ri(3 * 24, 20 * 24) * HOUR - dur;
      else if (status === 'draft' || status === 'pending_review') starts = now + ri(24, 30 * 24) * HOUR;
      else starts = now + ri(-3 * 24, 30 * 24) * HOUR;
      // work starts between 07:00 and 14:30 Beijing time (UTC+8), on the half hour
      starts = Math.floor((starts + 8 * HOUR) / DAY) * DAY - 8 * HOUR + ri(14, 29) * 30 * 60000;
      let ends = starts + dur;
      if (status === 'published' && ends <= now + HOUR) ends = now + ri(2, 48) * HOUR;
      let created = now - Math.min(-Math.log(1 - rand()) * 3 * DAY, 20 * DAY);
      if (created > starts - HOUR) created = starts - ri(1, 72) * HOUR;
      created = Math.min(created, now - ri(1, 120) * 60000);
      const published = status === 'draft' || status === 'pending_review' ? null : Math.min(created + ri(5, 360) * 60000, now - 1000);
      const updated = status === 'closed' || status === 'expired' ? Math.max(published || created, Math.min(ends, now - 1000)) : published || created;
      const [lat, lng] = scatter(town || c, rand() < 0.7 ? 0.03 : 0.1);
      const jname = pick(leaf.name.split('/'));
      const ptext = payText(pay, unit);
      const place = town ? town.name : c.label;
      const title = pick(W.TITLE_TPL)(jname, head, ptext, place, days).slice(0, 40);
      const address = addressIn(c, town);
      const d = new Date(starts + 8 * HOUR);
      const desc = `工作内容：${pick(W.TASKS[(top - 1) % W.TASKS.length])}。工作地点：${address}。时间：${d.getUTCMonth() + 1}月` +
        `${d.getUTCDate()}日起，约${days}天，${unit === 'hour' ? `每次${Math.round(dur / HOUR)}小时` : '早8点到晚6点'}。` +
        `要求：${pick(W.REQUIRE)}，${pick(W.REQUIRE)}。待遇：${ptext}，${pick(W.SETTLE)}，${pick(W.PERKS)}。` +
        (rand() < 0.5 ? `招${jname}${head}名，` : '') + (emp.org ? `${emp.name}直招，无中介费。` : '个人雇主，联系时请说明在零工平台看到。');
      const reg = town ? town.code : c.code;
      const gigId = gbase + start + k;
      const accepted = apps ? applicationsFor(gigId, status, c.code, emp.id, head, published || created, starts, ends)
        : status === 'published' ? Math.floor(rand() * rand() * head) : status === 'closed' ? head : 0;
      rows.push([gigId, emp.id, title, desc, leaf.id, top, pay, unit, head, accepted,
        dt(starts), dt(ends), address, lat, lng, reg, reg.slice(0, 2) + '0000', reg.slice(0, 4) + '00', reg.slice(0, 6), status,
        dt(created, true), dt(updated, true), published ? dt(published, true) : N]);
    }
    for (let k = 0; k < n; k++) gigs.row(rows[k]);
    await yieldNow();
  }
  gigs.close();
  if (a.gigs > 0) {
    load('gigs', gigs, 'id, employer_id, title, description, job_type_id, job_top_id, pay_fen, pay_unit, headcount, accepted_count, ' +
      'starts_at, ends_at, address, @lat, @lng, region_code, province_code, city_code, county_code, status, ' +
      'created_at, updated_at, published_at', 'lat = @lat, lng = @lng, location = POINT(@lng, @lat)',
      `${secs(t)}s`);
  }
  if (apps) {
    apps.close();
    hist.close();
    load('applications', apps, 'id, gig_id, worker_id, employer_id, status, source, note, late_cancel, first_viewed_at, ' +
      'decided_at, worker_confirmed_at, employer_confirmed_at, completed_at, created_at, updated_at', '', '   (^)');
    load('application_history', hist, 'id, application_id, actor_kind, actor_id, from_status, to_status, reason, at', '', '   (^)');
  }
  await loadChain;
  t = Date.now();
  sql(`ANALYZE TABLE users, workers, worker_job_types, worker_regions, employers, gigs${apps ? ', applications, application_history' : ''};`);
  console.log(`analyze tables                          ${secs(t)}s`);
  if (!a.keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`TSV files kept in ${tmp}`);
  console.log(`total ${secs(tAll)}s: ${fmt(a.workers)} workers, ${fmt(a.employers)} employers, ${fmt(a.gigs)} gigs, ` +
    `${fmt(appId - abase)} applications ` +
    `(users ${ubase + 1}..${ubase + nUsers}, gigs ${gbase + 1}..${gbase + a.gigs}, openid prefix ${a.prefix})`);
}

main().catch((e) => {
  process.stderr.write(`gen: ${e.message}\n`);
  process.exit(1);
});
