#!/usr/bin/env node
// The house rules of ../shared/CONVENTIONS.md that a machine can hold the tree to. Each check prints what
// it found and exits non-zero on a breach:
//   floors  — no header included from a higher floor, no include circle between modules (a .c and its .h)
//   api     — every function api/ exports is a handler named in the route table (http/routes.c)
//   tx      — no db_begin/db_commit/db_rollback outside store/ and svc/ (the one transaction scope)
//   length  — no function in api/ longer than 80 lines (prints the longest three)
//   format  — every tracked C file is as clang-format (the root .clang-format) would write it
// Usage: node tests/house/check.js <check>... [--src DIR] (default: all checks on server/src).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const srcAt = args.indexOf('--src');
const src = srcAt >= 0 ? path.resolve(args[srcAt + 1]) : path.join(root, 'server', 'src');
const wanted = args.filter((a, i) => !a.startsWith('--') && (srcAt < 0 || i !== srcAt + 1));

// Floors, top to bottom; a file may include only from its own floor or below. seed/ is reached only from
// main.c. The request contract — the http/ headers a handler needs to read its request and answer it — sits
// on api's floor, so handlers may include it while http's own machinery (dispatch, routes, server) stays above.
const FLOOR = { 'main.c': 0, http: 1, seed: 1, api: 2, svc: 3, store: 4, ext: 4, domain: 5, core: 5 };
const CONTRACT = new Set(['http/req.h', 'http/input.h', 'http/errors.h', 'http/handler.h', 'http/cache.h']);
const MAX_HANDLER_LINES = 80;

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (/\.[ch]$/.test(e.name)) out.push(path.relative(src, p));
  }
  return out.sort();
}

function floorOf(rel) {
  if (CONTRACT.has(rel)) return FLOOR.api;
  const top = rel.includes('/') ? rel.split('/')[0] : rel;
  if (!(top in FLOOR)) throw new Error(`${rel}: not in any floor (${Object.keys(FLOOR).join(', ')})`);
  return FLOOR[top];
}

function includes(rel) {
  const text = fs.readFileSync(path.join(src, rel), 'utf8');
  return [...text.matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)].map((m) => m[1]);
}

function checkFloors() {
  const files = walk(src);
  const bad = [];
  const edges = new Map(); // module -> Set(module)
  const mod = (rel) => rel.replace(/\.[ch]$/, '');
  for (const f of files) {
    const fl = floorOf(f);
    for (const inc of includes(f)) {
      if (!fs.existsSync(path.join(src, inc))) continue; // generated or system headers
      const il = floorOf(inc);
      if (il < fl) bad.push(`${f} includes ${inc}, a header of a higher floor`);
      if (inc.startsWith('seed/') && f !== 'main.c' && !f.startsWith('seed/'))
        bad.push(`${f} includes ${inc}: only main.c reaches seed/`);
      if (mod(inc) === mod(f)) continue;
      if (!edges.has(mod(f))) edges.set(mod(f), new Set());
      edges.get(mod(f)).add(mod(inc));
    }
  }
  // include circles between modules: depth-first search keeping the path
  const state = new Map();
  const cycles = [];
  const stack = [];
  function visit(m) {
    state.set(m, 1);
    stack.push(m);
    for (const n of edges.get(m) || []) {
      if (state.get(n) === 1) cycles.push([...stack.slice(stack.indexOf(n)), n].join(' → '));
      else if (!state.has(n)) visit(n);
    }
    stack.pop();
    state.set(m, 2);
  }
  for (const m of [...edges.keys()].sort()) if (!state.has(m)) visit(m);
  for (const c of cycles) bad.push(`include circle: ${c}`);
  console.log(`floors: ${files.length} files, ${[...edges.values()].reduce((a, s) => a + s.size, 0)} module edges`);
  return bad;
}

// Function definitions at column 0 (the clang-format house style): name, first and last line.
function functions(rel) {
  const lines = fs.readFileSync(path.join(src, rel), 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(static\s+)?(?:const\s+)?[A-Za-z_][\w\s\*]*?\b([A-Za-z_]\w*)\s*\(/.exec(lines[i]);
    if (!m || /^(typedef|struct\s+\w+\s*\{|enum|#)/.test(lines[i]) || lines[i].endsWith(';')) continue;
    let j = i;
    while (j < lines.length && !/^\{/.test(lines[j]) && !/\)\s*\{$/.test(lines[j]) && !lines[j].endsWith(';')) j++;
    if (j >= lines.length || lines[j].endsWith(';')) continue;
    let k = j;
    while (k < lines.length && lines[k] !== '}') k++;
    out.push({ name: m[2], exported: !m[1], first: i + 1, last: k + 1 });
    i = k;
  }
  return out;
}

function checkApi() {
  const routes = fs.readFileSync(path.join(src, 'http', 'routes.c'), 'utf8');
  const bad = [];
  let n = 0;
  for (const f of walk(src).filter((f) => f.startsWith('api/') && f.endsWith('.c'))) {
    for (const fn of functions(f).filter((x) => x.exported)) {
      n++;
      if (!/^api_[a-z0-9]+(_[a-z0-9]+)+$/.test(fn.name))
        bad.push(`${f}:${fn.first} ${fn.name} is exported from api/ but is not named api_<resource>_<verb>`);
      else if (!new RegExp(`\\b${fn.name}\\b`).test(routes))
        bad.push(`${f}:${fn.first} ${fn.name} is exported from api/ but is not in the route table`);
    }
  }
  console.log(`api: ${n} exported functions`);
  return bad;
}

function checkTx() {
  const bad = [];
  for (const f of walk(src)) {
    if (f.startsWith('store/') || f.startsWith('svc/')) continue;
    const lines = fs.readFileSync(path.join(src, f), 'utf8').split('\n');
    lines.forEach((l, i) => {
      if (/\bdb_(begin|commit|rollback)\s*\(/.test(l) && !/^\s*(\/\/|\*|\/\*)/.test(l))
        bad.push(`${f}:${i + 1} ${l.trim()}`);
    });
  }
  console.log(`tx: ${bad.length} calls of db_begin/db_commit/db_rollback outside store/ and svc/`);
  return bad;
}

function checkLength() {
  const all = [];
  for (const f of walk(src).filter((f) => f.startsWith('api/') && f.endsWith('.c')))
    for (const fn of functions(f)) all.push({ ...fn, file: f, lines: fn.last - fn.first + 1 });
  all.sort((a, b) => b.lines - a.lines);
  console.log('length: the longest functions in api/:');
  for (const fn of all.slice(0, 3)) console.log(`  ${fn.file}:${fn.first} ${fn.name} ${fn.lines} lines`);
  return all.filter((fn) => fn.lines > MAX_HANDLER_LINES).map(
    (fn) => `${fn.file}:${fn.first} ${fn.name} is ${fn.lines} lines (at most ${MAX_HANDLER_LINES})`);
}

function checkFormat() {
  const tracked = execFileSync('git', ['ls-files', '*.c', '*.h'], { cwd: root, encoding: 'utf8' })
    .split('\n').filter((f) => f && fs.existsSync(path.join(root, f)));
  const bad = [];
  for (let i = 0; i < tracked.length; i += 50) {
    const batch = tracked.slice(i, i + 50);
    try {
      execFileSync('clang-format', ['--dry-run', '-Werror', '--style=file', ...batch],
        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const files = new Set([...String(e.stderr).matchAll(/^([^:\s]+\.[ch]):\d+:\d+: error/gm)].map((m) => m[1]));
      if (!files.size) bad.push(`clang-format failed: ${String(e.stderr).slice(0, 400)}`);
      for (const f of files) bad.push(`${f} is not formatted (clang-format -i ${f})`);
    }
  }
  console.log(`format: ${tracked.length} tracked C files`);
  return bad;
}

const CHECKS = { floors: checkFloors, api: checkApi, tx: checkTx, length: checkLength, format: checkFormat };
let failed = 0;
for (const name of wanted.length ? wanted : Object.keys(CHECKS)) {
  if (!CHECKS[name]) {
    console.error(`unknown check ${name} (${Object.keys(CHECKS).join(', ')})`);
    process.exit(2);
  }
  const bad = CHECKS[name]();
  for (const b of bad) console.log(`  FAIL ${b}`);
  if (bad.length) failed++;
}
console.log(failed ? `${failed} check(s) failed` : 'all checks passed');
process.exit(failed ? 1 : 0);
