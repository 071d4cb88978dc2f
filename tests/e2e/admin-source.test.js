// Checks of the admin console's source (server/admin/) that need no server or browser: pages and app.js
// build no request path (every endpoint is one function in services/*.js, on top of api.js), pages do not
// import api.js, only api.js calls fetch, and every module links: each relative import names a file that
// exists and each imported name (named or through a namespace, services.list) is exported by it; and states
// are named by the reply's status_label first (labels.js).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ADMIN = path.resolve(__dirname, '../../server/admin');
const read = (rel) => fs.readFileSync(path.join(ADMIN, rel), 'utf8');

function jsFiles(dir = ADMIN, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) jsFiles(p, out);
    else if (e.name.endsWith('.js')) out.push(path.relative(ADMIN, p));
  }
  return out.sort();
}

// Splits JavaScript source into its string literals and its code. strings: [{value, line}] (a template
// literal's text with each ${…} as "${}"; literals inside its expressions are listed on their own); code:
// the source with comments, string text and regular expressions blanked out (same length and lines).
// Enough of the language for the console's own files.
function lex(src) {
  const strings = [];
  const out = src.split('');
  const lineAt = (i) => src.slice(0, i).split('\n').length;
  const blank = (a, b) => {
    for (let k = a; k < b && k < src.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const endOf = (needle, from, extra) => {
    const e = src.indexOf(needle, from);
    return e < 0 ? src.length : e + extra;
  };

  function quoted(i) {
    const q = src[i];
    let j = i + 1;
    while (j < src.length && src[j] !== q && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
    strings.push({ value: src.slice(i + 1, j), line: lineAt(i) });
    blank(i, j + 1);
    return j + 1;
  }

  function template(i) {
    let j = i + 1;
    let value = '';
    let textFrom = i;
    while (j < src.length && src[j] !== '`') {
      if (src[j] === '\\') {
        value += src.slice(j, j + 2);
        j += 2;
      } else if (src[j] === '$' && src[j + 1] === '{') {
        blank(textFrom, j + 2);
        value += '${}';
        j = codeFrom(j + 2, true); // just past the expression's closing brace
        textFrom = j - 1;
      } else {
        value += src[j++];
      }
    }
    blank(textFrom, j + 1);
    strings.push({ value, line: lineAt(i) });
    return j + 1;
  }

  function regex(i) {
    let j = i + 1;
    let cls = false;
    while (j < src.length && (cls || src[j] !== '/') && src[j] !== '\n') {
      if (src[j] === '\\') j++;
      else if (src[j] === '[') cls = true;
      else if (src[j] === ']') cls = false;
      j++;
    }
    j++;
    while (/[a-z]/i.test(src[j] || '')) j++;
    blank(i, j);
    return j;
  }

  // Lexes code from i to the end, or (inExpr) to the closing brace of a template's ${…}; returns the index
  // after the last character it consumed.
  function codeFrom(i, inExpr) {
    let depth = 0;
    let last = ''; // the last significant character, to tell a regular expression from a division
    let word = ''; // the identifier ending there, for "return /re/"
    while (i < src.length) {
      const c = src[i];
      const n = src[i + 1];
      if (c === '/' && n === '/') {
        const e = endOf('\n', i, 0);
        blank(i, e);
        i = e;
      } else if (c === '/' && n === '*') {
        const e = endOf('*/', i + 2, 2);
        blank(i, e);
        i = e;
      } else if (c === "'" || c === '"' || c === '`') {
        i = c === '`' ? template(i) : quoted(i);
        last = 'x';
        word = '';
      } else if (c === '/' && (last === '' || '(,=:[!&|?{};+-*%<>~^'.includes(last) || /^(return|typeof|case|of|in)$/.test(word))) {
        i = regex(i);
        last = 'x';
        word = '';
      } else {
        if (c === '{') depth++;
        if (c === '}' && depth-- === 0 && inExpr) return i + 1;
        if (!/\s/.test(c)) {
          word = /[\w$]/.test(c) ? (/[\w$]/.test(last) ? word + c : c) : '';
          last = c;
        }
        i++;
      }
    }
    return i;
  }

  codeFrom(0, false);
  return { strings: strings.sort((a, b) => a.line - b.line), code: out.join('') };
}

// True for a string literal that is (part of) a request path: it names /api/ or /admin/ or a health route,
// unless it is a hash route of the console itself (#/trust?user=…).
function isApiPath(value) {
  if (value.startsWith('#')) return false;
  return /\/(api|admin)\//.test(value) || /^\/(api|admin|readyz|healthz)\b/.test(value);
}

// The exported names of a module's source.
function exportsOf(src) {
  const names = new Set();
  for (const m of src.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([\w$]+)/gm)) names.add(m[1]);
  for (const m of src.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) {
      const p = part.trim();
      if (p) names.add(p.split(/\s+as\s+/).pop().trim());
    }
  }
  return names;
}

// The import statements of a module's source: [{from, names: [imported names], ns: namespace binding}].
function importStatements(src) {
  const out = [];
  for (const m of src.matchAll(/^import\s+(?:\*\s*as\s+([\w$]+)|\{([^}]*)\})\s+from\s+'([^']+)';/gm)) {
    const names = m[2] ? m[2].split(',').map((p) => p.trim()).filter(Boolean).map((p) => p.split(/\s+as\s+/)[0].trim()) : [];
    out.push({ ns: m[1] || null, names, from: m[3] });
  }
  return out;
}

test('the lexer finds path literals in strings and templates, and not in comments, regexes or hash routes', () => {
  const src = [
    "// GET /api/v1/admin/gigs in a comment",
    "/* and '/api/v1/x' in a block comment */",
    "const a = request('GET', '/api/v1/admin/gigs');",
    'const b = `/api/v1/gigs/${id}/x`;',
    "const c = `${API}/admin/employers/${enc(id)}/verify`;",
    "const d = s.replace(/\\/api\\/'/g, '');",
    "const e = `#/trust?user=${v}`;",
    'const f = x / 2 / y;',
    "const g = `${a ? '/api/v1/nested' : ''}`;",
  ].join('\n');
  const { strings, code } = lex(src);
  const hits = strings.filter((s) => isApiPath(s.value)).map((s) => [s.line, s.value]);
  assert.deepEqual(hits, [
    [3, '/api/v1/admin/gigs'],
    [4, '/api/v1/gigs/${}/x'],
    [5, '${}/admin/employers/${}/verify'],
    [9, '/api/v1/nested'],
  ]);
  assert.doesNotMatch(code, /api\/v1/);
  assert.match(code, /x \/ 2 \/ y/);
});

test('no page and not app.js builds a request path: endpoints are functions of services/*.js', () => {
  const files = jsFiles().filter((f) => f.startsWith('pages/') || f === 'app.js');
  assert.ok(files.length >= 9, `pages found: ${files.join(', ')}`);
  const found = [];
  for (const f of files) {
    for (const s of lex(read(f)).strings) if (isApiPath(s.value)) found.push(`${f}:${s.line}: '${s.value}'`);
  }
  assert.deepEqual(found, []);
});

test('pages do not import api.js (they call services/), and only api.js calls fetch', () => {
  const viaApi = [];
  for (const f of jsFiles().filter((x) => x.startsWith('pages/'))) {
    for (const imp of importStatements(read(f))) if (imp.from === '../api.js') viaApi.push(f);
  }
  assert.deepEqual(viaApi, []);
  const fetchers = jsFiles().filter((f) => /\bfetch\s*\(/.test(lex(read(f)).code));
  assert.deepEqual(fetchers, ['api.js']);
});

test('every import names a module of the console and only what it exports (ns.name of a namespace too)', () => {
  const problems = [];
  const exportCache = new Map();
  const exportsOfFile = (rel) => {
    if (!exportCache.has(rel)) exportCache.set(rel, exportsOf(read(rel)));
    return exportCache.get(rel);
  };
  let links = 0;
  for (const f of jsFiles()) {
    const src = read(f);
    const { code } = lex(src);
    const stmts = importStatements(src);
    const raw = (src.match(/^import\s/gm) || []).length;
    if (raw !== stmts.length) problems.push(`${f}: an import statement this check cannot read`);
    for (const imp of stmts) {
      const target = path.normalize(path.join(path.dirname(f), imp.from));
      if (!imp.from.startsWith('.') || !fs.existsSync(path.join(ADMIN, target))) {
        problems.push(`${f}: import from '${imp.from}' names no file of the console`);
        continue;
      }
      const exported = exportsOfFile(target);
      const used = imp.ns ? [...new Set([...code.matchAll(new RegExp(`(?<![\\w$.])${imp.ns.replace('$', '\\$')}\\s*\\.\\s*([\\w$]+)`, 'g'))].map((m) => m[1]))] : imp.names;
      for (const name of used) {
        links++;
        if (!exported.has(name)) problems.push(`${f}: '${name}' is not exported by ${target}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(links > 50, `only ${links} imported names seen`);
});

test('every module parses and links as an ES module, as Chromium loads them from /admin/', () => {
  // node links ES modules without running them (no DOM needed): a syntax error, a missing file or a missing
  // named export fails here as it would in the browser before the console draws anything.
  const script = `
    const vm = require('node:vm'); const fs = require('node:fs'); const path = require('node:path');
    const root = ${JSON.stringify(ADMIN)};
    const cache = new Map();
    function load(file) {
      if (!cache.has(file)) cache.set(file, new vm.SourceTextModule(fs.readFileSync(file, 'utf8'), { identifier: file }));
      return cache.get(file);
    }
    (async () => {
      for (const rel of process.argv.slice(1)) {
        const m = load(path.join(root, rel));
        if (m.status === 'unlinked') await m.link((spec, ref) => load(path.resolve(path.dirname(ref.identifier), spec)));
      }
      console.log('linked ' + cache.size);
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
  const files = jsFiles();
  const r = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', '-e', script, ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), `linked ${files.length}`);
});

test('labels.js: a state is shown by the status_label the reply carries, else by the console\'s table', () => {
  // labels.js is data and one pure function: evaluated on its own, outside a browser
  const script = `
    const vm = require('node:vm'); const fs = require('node:fs');
    (async () => {
      const m = new vm.SourceTextModule(fs.readFileSync(${JSON.stringify(path.join(ADMIN, 'labels.js'))}, 'utf8'));
      await m.link(() => { throw new Error('labels.js imports nothing'); });
      await m.evaluate();
      const { labelOf, GIG_STATES, VERIFICATION } = m.namespace;
      console.log(JSON.stringify([
        labelOf({ status: 'published', status_label: '已发布（服务器）' }, 'status', GIG_STATES),
        labelOf({ status: 'published' }, 'status', GIG_STATES),
        labelOf({ status: 'published', status_label: '' }, 'status', GIG_STATES),
        labelOf({ status: 'archived' }, 'status', GIG_STATES),
        labelOf({ verification: 'pending', verification_label: '审核中（服务器）' }, 'verification', VERIFICATION),
        labelOf({ from: null, to: 'handling', to_label: '处理中（服务器）' }, 'to', {}),
        labelOf({}, 'status', GIG_STATES),
        labelOf(null, 'status', GIG_STATES),
      ]));
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    '已发布（服务器）', '已发布', '已发布', 'archived', '审核中（服务器）', '处理中（服务器）', '', '',
  ]);
});
