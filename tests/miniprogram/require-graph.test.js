/**
 * @jest-environment node
 */
// The require graph of miniprogram/**/*.js (miniprogram_npm and node_modules left out): no module requires one
// that requires it back, directly or through others, and request.js knows no session module (its tokens are
// injected by app.js). Every require names a string literal that resolves to a file of the tree or is a bare
// npm name; a lazy require inside a function counts like one at the top (that is how circles hide).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { MP } = require('./helpers/mp');

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'miniprogram_npm' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

function resolve(from, spec) {
  const base = spec.startsWith('/') ? path.join(MP, spec) : path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.js`, path.join(base, 'index.js')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return null;
}

// {graph: Map(rel file → [rel files it requires]), problems: [text]} for the tree at MP.
function requireGraph() {
  const graph = new Map();
  const problems = [];
  const rel = (p) => path.relative(MP, p);
  for (const file of walk(MP)) {
    const src = fs.readFileSync(file, 'utf8');
    const deps = [];
    for (const m of src.matchAll(/\brequire\s*\(\s*(?:'([^'\n]*)'|"([^"\n]*)"|`([^`$\n]*)`)?/g)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec === undefined) {
        problems.push(`${rel(file)}: require with a computed argument (the graph cannot see it)`);
        continue;
      }
      if (!spec.startsWith('.') && !spec.startsWith('/')) continue; // an npm package: outside the tree
      const target = resolve(file, spec);
      if (!target) problems.push(`${rel(file)}: require('${spec}') names no file`);
      else if (target.endsWith('.js')) deps.push(rel(target));
    }
    graph.set(rel(file), deps);
  }
  return { graph, problems };
}

// Every circle reachable in graph (Map node → [nodes]) as a path that ends where it starts, e.g.
// ['a.js', 'b.js', 'a.js']. Depth-first with grey/black marks: a grey target closes a circle.
function cycles(graph) {
  const state = new Map(); // node → 'grey' while on the stack, 'black' when done
  const stack = [];
  const found = [];
  function visit(n) {
    state.set(n, 'grey');
    stack.push(n);
    for (const d of graph.get(n) || []) {
      if (state.get(d) === 'grey') found.push(stack.slice(stack.indexOf(d)).concat([d]));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'black');
  }
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return found;
}

describe('the cycle finder (so the check below can fail)', () => {
  test('finds a circle through three modules and a module requiring itself', () => {
    const g = new Map([
      ['a.js', ['b.js']],
      ['b.js', ['c.js', 'd.js']],
      ['c.js', ['a.js']],
      ['d.js', []],
      ['e.js', ['e.js']],
    ]);
    expect(cycles(g)).toEqual([
      ['a.js', 'b.js', 'c.js', 'a.js'],
      ['e.js', 'e.js'],
    ]);
  });

  test('finds none in a diamond (two paths to one module are not a circle)', () => {
    const g = new Map([
      ['a.js', ['b.js', 'c.js']],
      ['b.js', ['d.js']],
      ['c.js', ['d.js']],
      ['d.js', []],
    ]);
    expect(cycles(g)).toEqual([]);
  });
});

describe('miniprogram require graph', () => {
  const { graph, problems } = requireGraph();

  test('the walk sees the tree (app.js, the pages, services on top of utils/request.js)', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('app.js')).toEqual(expect.arrayContaining(['utils/request.js', 'utils/auth.js']));
    expect(graph.get('services/gigs.js')).toContain('utils/request.js');
    expect(graph.get('utils/auth.js')).toEqual(expect.arrayContaining(['services/auth.js', 'utils/errors.js']));
  });

  test('every require is a string literal naming a file of the tree or an npm package', () => {
    expect(problems).toEqual([]);
  });

  test('no module requires, directly or through others, a module that requires it back', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  test('utils/request.js and utils/transfer.js require no session module (app.js injects the token source)', () => {
    for (const f of ['utils/request.js', 'utils/transfer.js']) {
      expect(graph.get(f)).not.toContain('utils/auth.js');
      expect(graph.get(f)).not.toContain('services/auth.js');
    }
    expect(graph.get('utils/errors.js')).toEqual([]);
  });
});
