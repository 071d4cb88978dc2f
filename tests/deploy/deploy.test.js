'use strict';
// Static checks of the deployment files: docker-compose.yml, deploy/Dockerfile, deploy/nginx.conf,
// deploy/linggongd.service, deploy/linggongd.env.example, deploy/mariadb.cnf and .dockerignore. Nothing
// here runs Docker or nginx (tests/deploy/nginx.test.js runs nginx); the files are parsed and checked for
// the properties the stack relies on, every setting they hand to linggongd is checked against the
// server's own config table (`$LINGGONGD config-list`), and MariaDB's options are read by mariadbd itself.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..', '..');
const read = (rel) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

// Secrets the server refuses to start without; compose must hand them over.
const REQUIRED_SECRETS = ['JWT_SECRET', 'DATA_KEY'];
const NAME_RE = /^[A-Z][A-Z0-9_]*$/;

// ---------------------------------------------------------------------------------------------------
// The server's config table, from the built binary.

let tableCache;
function configTable() {
  if (tableCache) return tableCache;
  const bin = process.env.LINGGONGD;
  if (!bin) {
    assert.fail(
      'LINGGONGD is not set: set it to the built server binary (e.g. LINGGONGD=build/linggongd) so the ' +
        'settings in the deploy files can be checked against `linggongd config-list`',
    );
  }
  let out;
  try {
    out = execFileSync(bin, ['config-list'], { encoding: 'utf8', timeout: 15000 });
  } catch (e) {
    assert.fail(`\`${bin} config-list\` failed: ${e.message}`);
  }
  const table = new Map();
  const lines = out.split('\n').filter((l) => l.trim() !== '');
  for (const line of lines) {
    const f = line.split('\t');
    assert.ok(f.length >= 5, `config-list line is not NAME<TAB>TYPE<TAB>DEFAULT<TAB>secret|plain<TAB>description: ${JSON.stringify(line)}`);
    const [name, type, def, kind] = f;
    assert.match(name, NAME_RE, `config-list: bad setting name ${JSON.stringify(name)}`);
    assert.ok(kind === 'secret' || kind === 'plain', `config-list: ${name}: 4th field must be secret|plain, got ${JSON.stringify(kind)}`);
    assert.ok(!table.has(name), `config-list: ${name} listed twice`);
    table.set(name, { type, def, secret: kind === 'secret', description: f.slice(4).join('\t') });
  }
  assert.ok(table.size > 0, `\`${bin} config-list\` printed no settings`);
  tableCache = table;
  return table;
}

// Names a deploy file may set: every setting, plus NAME_FILE for the secret ones. Returns problems.
function unknownSettings(names, table) {
  const problems = [];
  for (const n of names) {
    if (table.has(n)) continue;
    const base = n.endsWith('_FILE') ? n.slice(0, -'_FILE'.length) : null;
    if (base && table.has(base)) {
      if (!table.get(base).secret) problems.push(`${n} (${base} is not a secret, so it has no _FILE variant)`);
      continue;
    }
    problems.push(n);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// docker-compose.yml

let composeCache;
function compose() {
  if (!composeCache) composeCache = YAML.parse(read('docker-compose.yml'));
  return composeCache;
}
const svc = (name) => {
  const s = compose().services && compose().services[name];
  assert.ok(s, `docker-compose.yml has no service ${name}`);
  return s;
};

// Compose interpolation with the file's defaults only (the environment is ignored so the check is
// deterministic): ${X:-d} and ${X-d} give d, ${X} and $X give "", $$ is a literal $.
function interp(v) {
  return String(v)
    .replace(/\$\$/g, '\u0000')
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_, _n, d) => (d === undefined ? '' : d))
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, '')
    .replace(/\u0000/g, '$');
}

// environment: as a map or as a list of NAME=value / NAME.
function envMap(service) {
  const e = service.environment;
  const m = new Map();
  if (!e) return m;
  if (Array.isArray(e)) {
    for (const item of e) {
      const s = String(item);
      const i = s.indexOf('=');
      m.set(i < 0 ? s : s.slice(0, i), i < 0 ? null : s.slice(i + 1));
    }
  } else {
    for (const [k, v] of Object.entries(e)) m.set(k, v === null ? null : String(v));
  }
  return m;
}

// Secrets a service mounts: Map of the path inside the container → the top-level secret's name.
function secretTargets(service) {
  const out = new Map();
  for (const s of service.secrets || []) {
    const source = typeof s === 'string' ? s : s.source;
    const target = typeof s === 'string' ? s : s.target || s.source;
    out.set(target.startsWith('/') ? target : `/run/secrets/${target}`, source);
  }
  return out;
}

function healthTest(service) {
  const t = service.healthcheck && service.healthcheck.test;
  assert.ok(t, 'no healthcheck.test');
  return Array.isArray(t) ? t.join(' ') : String(t);
}

function publishedPorts(service) {
  const out = [];
  for (const p of service.ports || []) {
    if (typeof p === 'object') out.push({ published: String(p.published), target: String(p.target) });
    else {
      const parts = String(p).split('/')[0].split(':');
      const target = parts[parts.length - 1];
      const published = parts.length >= 2 ? parts[parts.length - 2] : target;
      out.push({ published, target });
    }
  }
  return out;
}

test('docker-compose.yml defines exactly the mariadb, linggongd and nginx services', () => {
  const names = Object.keys(compose().services || {}).sort();
  assert.deepEqual(names, ['linggongd', 'mariadb', 'nginx']);
});

test('docker-compose.yml: mariadb is mariadb:10.11 with a named volume on /var/lib/mysql', () => {
  const m = svc('mariadb');
  assert.match(String(m.image), /^mariadb:10\.11(\.\d+)?$/);
  const vols = (m.volumes || []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v));
  const data = vols.find((v) => v.target === '/var/lib/mysql');
  assert.ok(data, 'mariadb mounts nothing on /var/lib/mysql');
  assert.ok(!/^[./~]/.test(data.source), `mariadb data is a bind mount (${data.source}), not a named volume`);
  assert.ok(compose().volumes && data.source in compose().volumes, `volume ${data.source} is not declared under top-level volumes:`);
});

test('docker-compose.yml: mariadb defaults to utf8mb4 and takes its passwords from secret files', () => {
  const m = svc('mariadb');
  const cmd = Array.isArray(m.command) ? m.command.join(' ') : String(m.command || '');
  assert.match(cmd, /--character-set-server=utf8mb4\b/);
  assert.match(cmd, /--collation-server=utf8mb4_/);
  const env = envMap(m);
  for (const n of ['MARIADB_ROOT_PASSWORD', 'MARIADB_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD']) {
    assert.ok(!env.has(n), `${n} is set in plain text; use ${n}_FILE with a secret`);
  }
  assert.ok(env.has('MARIADB_ROOT_PASSWORD_FILE'), 'MARIADB_ROOT_PASSWORD_FILE is not set');
  assert.ok(env.has('MARIADB_PASSWORD_FILE'), 'MARIADB_PASSWORD_FILE is not set');
  const lg = envMap(svc('linggongd'));
  assert.equal(interp(env.get('MARIADB_DATABASE')), interp(lg.get('DB_NAME') ?? 'linggong'), 'MARIADB_DATABASE differs from linggongd DB_NAME');
  assert.equal(interp(env.get('MARIADB_USER')), interp(lg.get('DB_USER') ?? 'linggong'), 'MARIADB_USER differs from linggongd DB_USER');
  assert.equal(env.get('MARIADB_PASSWORD_FILE'), lg.get('DB_PASSWORD_FILE'), 'MariaDB and linggongd read the DB password from different secrets');
});

// mariadbd's own reading of server options: `mariadbd --help --verbose` parses them as the server would
// (an unknown or malformed option fails) and prints every variable's resulting value. Returns a Map of
// variable name (with dashes) → value as printed.
function mariadbdVariables(args) {
  const r = spawnSync('mariadbd', [...args, '--help', '--verbose'], { encoding: 'utf8', timeout: 30000 });
  assert.ifError(r.error);
  assert.equal(r.status, 0, `mariadbd ${args.join(' ')} --help --verbose failed:\n${r.stderr}`);
  const vars = new Map();
  const at = r.stdout.search(/^-{10,}\s+-{10,}/m);
  assert.ok(at >= 0, 'mariadbd --help --verbose printed no variable table');
  for (const line of r.stdout.slice(at).split('\n').slice(1)) {
    const m = /^([a-z0-9_-]+)\s+(.*)$/.exec(line);
    if (m) vars.set(m[1], m[2].trim());
  }
  return vars;
}

// Durability of acknowledged commits: the redo log and the binary log flushed at every commit, with the
// binary log on (sync_binlog means nothing without it).
function assertDurable(vars, where) {
  assert.equal(vars.get('innodb-flush-log-at-trx-commit'), '1', `${where}: innodb_flush_log_at_trx_commit`);
  assert.equal(vars.get('sync-binlog'), '1', `${where}: sync_binlog`);
  const bin = vars.get('log-bin');
  assert.ok(bin && !['(No default value)', '0', 'OFF'].includes(bin), `${where}: the binary log is off (log-bin ${bin})`);
}

test('docker-compose.yml: mariadb flushes every commit to disk: innodb_flush_log_at_trx_commit=1, sync_binlog=1, binary log on', () => {
  const cmd = svc('mariadb').command;
  assert.ok(Array.isArray(cmd), 'mariadb command is not a list of mariadbd options');
  const opts = cmd.map((o) => interp(o));
  // stated in the file, not left to the image's defaults (the last of repeated options wins)
  const last = (name) => {
    const hits = opts.map((o) => /^--([a-z0-9_-]+)(?:=(.*))?$/.exec(o)).filter((m) => m && m[1].replace(/_/g, '-') === name);
    return hits.length ? hits[hits.length - 1][2] : undefined;
  };
  assert.equal(last('innodb-flush-log-at-trx-commit'), '1', 'docker-compose.yml does not set --innodb-flush-log-at-trx-commit=1');
  assert.equal(last('sync-binlog'), '1', 'docker-compose.yml does not set --sync-binlog=1');
  assert.ok(last('log-bin') !== undefined, 'docker-compose.yml does not turn the binary log on (--log-bin)');
  // and mariadbd (10.11, as in the image) reads them so
  assertDurable(mariadbdVariables(['--no-defaults', ...opts]), 'docker-compose.yml mariadb command');
});

test('deploy/mariadb.cnf (host installs): innodb_flush_log_at_trx_commit=1, sync_binlog=1, binary log on, utf8mb4', () => {
  const vars = mariadbdVariables([`--defaults-file=${path.join(ROOT, 'deploy/mariadb.cnf')}`]);
  assertDurable(vars, 'deploy/mariadb.cnf');
  assert.equal(vars.get('character-set-server'), 'utf8mb4');
  assert.match(vars.get('collation-server'), /^utf8mb4_/);
});

test("docker-compose.yml: mariadb healthcheck runs the image's healthcheck.sh --connect --innodb_initialized", () => {
  const t = healthTest(svc('mariadb'));
  assert.match(t, /healthcheck\.sh/);
  assert.match(t, /--connect\b/);
  assert.match(t, /--innodb_initialized\b/);
});

test('docker-compose.yml: linggongd healthcheck requests /healthz on its own port', () => {
  const lg = svc('linggongd');
  const t = healthTest(lg);
  const port = interp(envMap(lg).get('PORT') ?? '8080');
  assert.match(t, new RegExp(`https?://(127\\.0\\.0\\.1|localhost):${port}/healthz\\b`));
});

test('docker-compose.yml: linggongd is built from deploy/Dockerfile with the repo root as context', () => {
  const b = svc('linggongd').build;
  assert.ok(b && typeof b === 'object', 'linggongd has no build: section');
  assert.ok(['.', './'].includes(String(b.context)), `build context is ${b.context}, not .`);
  assert.equal(b.dockerfile, 'deploy/Dockerfile');
});

test('docker-compose.yml: linggongd waits for mariadb to be healthy', () => {
  const d = svc('linggongd').depends_on;
  assert.ok(d && !Array.isArray(d) && d.mariadb, 'linggongd depends_on has no long-form mariadb entry');
  assert.equal(d.mariadb.condition, 'service_healthy');
});

test('docker-compose.yml: linggongd and mariadb publish no ports to the host', () => {
  for (const n of ['linggongd', 'mariadb']) {
    assert.deepEqual(svc(n).ports || [], [], `${n} publishes ports`);
    assert.notEqual(svc(n).network_mode, 'host', `${n} uses the host network`);
  }
  assert.equal(svc('linggongd').container_name, undefined, 'container_name on linggongd prevents --scale');
});

test('docker-compose.yml: nginx publishes 443 and 80 and mounts deploy/nginx.conf and a certs directory', () => {
  const n = svc('nginx');
  assert.match(String(n.image), /^nginx:1\.\d+(\.\d+)?(-[a-z0-9.-]+)?$/, 'nginx image is not a pinned nginx:1.x tag');
  const ports = publishedPorts(n);
  for (const p of ['443', '80']) {
    assert.ok(ports.some((x) => x.published === p && x.target === p), `nginx does not publish ${p}:${p}`);
  }
  const mounts = (n.volumes || []).map((v) => (typeof v === 'string' ? v.split(':') : [v.source, v.target]));
  assert.ok(
    mounts.some(([s, t]) => path.normalize(s) === path.normalize('deploy/nginx.conf') && t === '/etc/nginx/nginx.conf'),
    'deploy/nginx.conf is not mounted as /etc/nginx/nginx.conf',
  );
  assert.ok(mounts.some(([, t]) => t === '/etc/nginx/certs'), 'nothing is mounted on /etc/nginx/certs');
});

test('docker-compose.yml: every secret used is declared, and every *_FILE path is a secret the service mounts', () => {
  const declared = compose().secrets || {};
  for (const [name, s] of Object.entries(compose().services)) {
    for (const [, source] of secretTargets(s)) {
      assert.ok(source in declared, `${name} uses secret ${source}, which is not declared under top-level secrets:`);
    }
    const mounted = secretTargets(s);
    for (const [k, v] of envMap(s)) {
      if (!k.endsWith('_FILE')) continue;
      assert.ok(mounted.has(v), `${name}: ${k}=${v} is not a secret mounted in that service`);
    }
  }
});

test('docker-compose.yml: linggongd reaches MariaDB by service name and trusts X-Forwarded-For only from the nginx network', () => {
  const env = envMap(svc('linggongd'));
  assert.equal(interp(env.get('DB_HOST')), 'mariadb');
  assert.equal(interp(env.get('BIND_ADDR')), '0.0.0.0', 'BIND_ADDR must be 0.0.0.0 inside the container');
  const trusted = interp(env.get('TRUSTED_PROXIES') || '');
  assert.ok(trusted !== '', 'TRUSTED_PROXIES is empty: client IPs (rate limits, audit) would all be nginx');
  assert.ok(!/(^|,)\s*0\.0\.0\.0\/0\s*(,|$)/.test(trusted), 'TRUSTED_PROXIES trusts every address');
  const nets = compose().networks || {};
  const ngxNets = svc('nginx').networks || [];
  const subnets = (Array.isArray(ngxNets) ? ngxNets : Object.keys(ngxNets)).flatMap((n) =>
    ((nets[n] && nets[n].ipam && nets[n].ipam.config) || []).map((c) => interp(c.subnet)),
  );
  assert.ok(subnets.length > 0, "nginx's network has no fixed subnet for TRUSTED_PROXIES to name");
  const list = trusted.split(',').map((x) => x.trim());
  assert.ok(subnets.every((s) => list.includes(s)), `TRUSTED_PROXIES (${trusted}) does not name nginx's subnet ${subnets.join(',')}`);
});

// ---------------------------------------------------------------------------------------------------
// Settings handed to linggongd, checked against the config table.

test('config-list: `$LINGGONGD config-list` prints one NAME TYPE DEFAULT secret|plain description line per setting', () => {
  const table = configTable();
  for (const n of REQUIRED_SECRETS) {
    assert.ok(table.has(n), `config-list has no ${n}`);
    assert.ok(table.get(n).secret, `config-list: ${n} is not marked secret`);
  }
});

test('docker-compose.yml: every linggongd environment variable is a config-table setting (NAME_FILE for secrets)', () => {
  const table = configTable();
  const env = envMap(svc('linggongd'));
  assert.deepEqual(unknownSettings([...env.keys()], table), [], 'unknown settings in docker-compose.yml linggongd.environment');
});

test('docker-compose.yml: linggongd gets every secret as a NAME_FILE docker secret, including JWT_SECRET and DATA_KEY', () => {
  const table = configTable();
  const env = envMap(svc('linggongd'));
  const plain = [...env.keys()].filter((k) => table.has(k) && table.get(k).secret);
  assert.deepEqual(plain, [], 'secrets set as plain environment values (visible in docker inspect)');
  for (const n of REQUIRED_SECRETS) assert.ok(env.has(`${n}_FILE`), `${n}_FILE is not set for linggongd`);
});

function envExampleNames() {
  const names = [];
  for (const line of read('deploy/linggongd.env.example').split('\n')) {
    const m = /^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(line);
    if (m) names.push(m[1]);
  }
  return names;
}

test('deploy/linggongd.env.example: every variable it sets or shows is a config-table setting', () => {
  const table = configTable();
  const names = envExampleNames();
  assert.ok(names.length > 0, 'deploy/linggongd.env.example sets no variables');
  assert.deepEqual(unknownSettings(names, table), [], 'unknown settings in deploy/linggongd.env.example');
});

test('deploy/linggongd.env.example: lists every setting of the config table', () => {
  const table = configTable();
  const names = new Set(envExampleNames());
  const missing = [...table.keys()].filter((n) => !names.has(n) && !names.has(`${n}_FILE`));
  assert.deepEqual(missing, [], 'settings missing from deploy/linggongd.env.example');
});

// ---------------------------------------------------------------------------------------------------
// deploy/Dockerfile

// Instructions with continuation lines joined and comment lines dropped, grouped by stage.
function dockerfile() {
  const lines = read('deploy/Dockerfile').split('\n');
  const instrs = [];
  let cur = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (/^\s*#/.test(raw)) continue;
    if (cur === null) {
      if (raw.trim() === '') continue;
      cur = { line: i + 1, text: '' };
    }
    const cont = /\\\s*$/.test(raw);
    cur.text += (cur.text ? ' ' : '') + raw.replace(/\\\s*$/, '').trim();
    if (!cont) {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(cur.text);
      instrs.push({ line: cur.line, cmd: m[1].toUpperCase(), rest: m[2] });
      cur = null;
    }
  }
  const stages = [];
  for (const ins of instrs) {
    if (ins.cmd === 'FROM') stages.push({ from: ins, instrs: [] });
    else if (stages.length) stages[stages.length - 1].instrs.push(ins);
  }
  return { instrs, stages };
}

function dockerEnvNames(rest) {
  const r = rest.trim();
  // Legacy form `ENV NAME value`.
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(r)) return [r.split(/\s+/)[0]];
  const names = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s"'\\]|\\.)*)/g;
  let m;
  while ((m = re.exec(r))) names.push(m[1]);
  return names;
}

test('deploy/Dockerfile: both stages are FROM debian:12 (bookworm)', () => {
  const { stages } = dockerfile();
  assert.ok(stages.length >= 2, `expected a multi-stage build, found ${stages.length} stage(s)`);
  for (const s of stages) {
    const image = s.from.rest.replace(/--platform=\S+\s+/, '').split(/\s+/)[0];
    assert.match(image, /^debian:(12|bookworm)(-slim)?(@sha256:[0-9a-f]{64})?$/, `line ${s.from.line}: FROM ${image}`);
  }
});

test('deploy/Dockerfile: nothing is downloaded from the internet (no curl/wget/git in RUN, no ADD <url>)', () => {
  const { instrs } = dockerfile();
  for (const ins of instrs) {
    if (ins.cmd === 'ADD') {
      assert.ok(!/(https?|ftp|git):\/\/|git@/.test(ins.rest), `line ${ins.line}: ADD from a URL`);
    }
    if (ins.cmd !== 'RUN') continue;
    assert.ok(!/\b(https?|ftp):\/\//.test(ins.rest), `line ${ins.line}: RUN names a URL`);
    for (const seg of ins.rest.split(/&&|\|\||[;|]/)) {
      const words = seg.trim().split(/\s+/).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && w !== 'sudo');
      assert.ok(!['curl', 'wget', 'git', 'pip', 'pip3', 'npm'].includes(words[0]), `line ${ins.line}: RUN fetches with ${words[0]}`);
    }
  }
});

test('deploy/Dockerfile: the build stage builds linggongd with cmake Release, LG_WERROR=OFF and LG_TESTS=OFF', () => {
  const { stages } = dockerfile();
  const runs = stages[0].instrs.filter((i) => i.cmd === 'RUN').map((i) => i.rest).join('\n');
  for (const pkg of ['build-essential', 'cmake', 'pkg-config', 'libcivetweb-dev', 'libjwt-dev', 'libjansson-dev', 'libmariadb-dev', 'libssl-dev', 'libcurl4-openssl-dev']) {
    assert.match(runs, new RegExp(`\\b${pkg.replace(/[-.]/g, '\\$&')}\\b`), `build stage does not install ${pkg}`);
  }
  assert.match(runs, /cmake -S \. -B build\b[^\n]*-DCMAKE_BUILD_TYPE=Release/);
  assert.match(runs, /-DLG_WERROR=OFF/);
  // check and node, which the tests require, are not installed in this stage
  assert.match(runs, /-DLG_TESTS=OFF/);
  assert.match(runs, /cmake --build build\b[^\n]*--target linggongd/);
});

test('deploy/Dockerfile: the runtime stage has only runtime libraries and runs as a non-root user', () => {
  const { stages } = dockerfile();
  const rt = stages[stages.length - 1].instrs;
  const runs = rt.filter((i) => i.cmd === 'RUN').map((i) => i.rest).join('\n');
  for (const pkg of ['libcivetweb1', 'libjwt0', 'libjansson4', 'libmariadb3', 'libssl3', 'libcurl4', 'ca-certificates', 'curl']) {
    assert.match(runs, new RegExp(`(^|\\s)${pkg.replace(/[-.]/g, '\\$&')}(\\s|$)`), `runtime stage does not install ${pkg}`);
  }
  assert.ok(!/\S+-dev\b|build-essential|\bcmake\b|\bgcc\b/.test(runs), 'runtime stage installs build tools or -dev packages');
  const users = rt.filter((i) => i.cmd === 'USER');
  assert.ok(users.length > 0, 'runtime stage has no USER');
  const user = users[users.length - 1].rest.trim().split(':')[0];
  assert.ok(!['root', '0'].includes(user), `runtime stage runs as ${user}`);
  assert.match(runs, /useradd\b[^\n]*\blinggong\b/, 'runtime stage does not create the linggong user');
});

test('deploy/Dockerfile: the runtime stage installs the binary, schema and admin console where SCHEMA_DIR and ADMIN_DIR point', () => {
  const { stages } = dockerfile();
  const rt = stages[stages.length - 1].instrs;
  const copies = rt.filter((i) => i.cmd === 'COPY').map((i) => i.rest.replace(/\s+/g, ' '));
  assert.ok(copies.some((c) => /--from=\S+ \S*build\/linggongd \/usr\/local\/bin\/linggongd$/.test(c)), 'build/linggongd is not copied to /usr/local/bin/linggongd');
  assert.ok(copies.some((c) => /(^|\s)\.?\/?schema\/? \/usr\/share\/linggong\/schema\/?$/.test(c)), 'schema/ is not copied to /usr/share/linggong/schema');
  assert.ok(copies.some((c) => /(^|\s)\.?\/?server\/admin\/? \/usr\/share\/linggong\/admin\/?$/.test(c)), 'server/admin/ is not copied to /usr/share/linggong/admin');
  const env = rt.filter((i) => i.cmd === 'ENV').map((i) => i.rest).join(' ');
  assert.match(env, /\bSCHEMA_DIR=\/usr\/share\/linggong\/schema\b/);
  assert.match(env, /\bADMIN_DIR=\/usr\/share\/linggong\/admin\b/);
  assert.match(env, /\bBIND_ADDR=0\.0\.0\.0\b/);
});

test('deploy/Dockerfile: the entrypoint runs `linggongd migrate` and then execs `linggongd serve`', () => {
  const { stages } = dockerfile();
  const rt = stages[stages.length - 1].instrs;
  const eps = rt.filter((i) => i.cmd === 'ENTRYPOINT');
  assert.equal(eps.length, 1, 'runtime stage needs one ENTRYPOINT');
  const ep = eps[0].rest.trim();
  const text = ep.startsWith('[') ? JSON.parse(ep).join(' ') : ep;
  const mig = text.search(/linggongd migrate\b/);
  const srv = text.search(/exec \S*linggongd serve\b/);
  assert.ok(mig >= 0, 'entrypoint does not run linggongd migrate');
  assert.ok(srv > mig, 'entrypoint does not exec linggongd serve after migrating');
  assert.match(text.slice(mig, srv), /&&/, 'serve does not depend on migrate succeeding (&&)');
});

test('deploy/Dockerfile: every ENV of the runtime stage is a config-table setting', () => {
  const table = configTable();
  const { stages } = dockerfile();
  const names = stages[stages.length - 1].instrs.filter((i) => i.cmd === 'ENV').flatMap((i) => dockerEnvNames(i.rest));
  assert.ok(names.length > 0, 'runtime stage sets no ENV');
  assert.deepEqual(unknownSettings(names, table), [], 'unknown settings in deploy/Dockerfile ENV');
});

// Whether .dockerignore excludes a context path: patterns are globs relative to the context root,
// `**` spans directories, a match on a directory covers what is inside, the last match (or `!`) wins.
function dockerignored(pats, p) {
  let out = false;
  for (let pat of pats) {
    const neg = pat.startsWith('!');
    if (neg) pat = pat.slice(1);
    pat = pat.replace(/^\/+|\/+$/g, '');
    const body = pat
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '\u0001')
      .replace(/\/\*\*/g, '\u0002')
      .replace(/\*\*/g, '\u0003')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')
      .replace(/\u0001/g, '(?:.*/)?')
      .replace(/\u0002/g, '(?:/.*)?')
      .replace(/\u0003/g, '.*');
    if (new RegExp(`^${body}(?:/.*)?$`).test(p)) out = !neg;
  }
  return out;
}

test('.dockerignore keeps .git, .state, build trees, node_modules, secrets and certs out of the build context but not the sources', () => {
  const pats = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const out = ['.git', '.git/config', '.state/db/ibdata1', 'build', 'build/linggongd', 'build-asan/CMakeCache.txt', 'node_modules', 'tests/node_modules/yaml/package.json', 'deploy/secrets/jwt_secret', 'deploy/certs/privkey.pem'];
  for (const p of out) assert.ok(dockerignored(pats, p), `.dockerignore lets ${p} into the build context`);
  const keep = ['CMakeLists.txt', 'tests/CMakeLists.txt', 'server/embed.cmake', 'server/openapi.json', 'server/src/main.c', 'schema/001_init.sql', 'server/admin/index.html'];
  for (const p of keep) assert.ok(!dockerignored(pats, p), `.dockerignore drops ${p}, which the image build needs`);
});

// ---------------------------------------------------------------------------------------------------
// deploy/linggongd.service

function unit() {
  const sections = new Map();
  let cur = null;
  let pending = '';
  for (const raw of read('deploy/linggongd.service').split('\n')) {
    const line = pending + raw;
    if (/\\$/.test(line)) {
      pending = line.slice(0, -1) + ' ';
      continue;
    }
    pending = '';
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(t);
    if (sec) {
      cur = sec[1];
      if (!sections.has(cur)) sections.set(cur, []);
      continue;
    }
    const i = t.indexOf('=');
    assert.ok(cur && i > 0, `deploy/linggongd.service: not key=value inside a section: ${t}`);
    sections.get(cur).push([t.slice(0, i).trim(), t.slice(i + 1).trim()]);
  }
  const get = (sec, key) => (sections.get(sec) || []).filter(([k]) => k === key).map(([, v]) => v);
  return { sections, get };
}

// Environment= value: space-separated assignments, each optionally in double or single quotes.
function unitEnvNames(value) {
  const names = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m;
  while ((m = re.exec(value))) {
    const a = m[1] ?? m[2] ?? m[3];
    const i = a.indexOf('=');
    assert.ok(i > 0, `Environment= item without '=': ${a}`);
    names.push(a.slice(0, i));
  }
  return names;
}

test('deploy/linggongd.service: every Environment= variable is a config-table setting', () => {
  const table = configTable();
  const names = unit().get('Service', 'Environment').flatMap(unitEnvNames);
  assert.deepEqual(unknownSettings(names, table), [], 'unknown settings in deploy/linggongd.service');
});

test('deploy/linggongd.service: runs as linggong with the env file, migrates before serving and restarts on failure', () => {
  const u = unit();
  const one = (k) => {
    const v = u.get('Service', k);
    assert.ok(v.length > 0, `[Service] ${k}= is missing`);
    return v[v.length - 1];
  };
  assert.equal(one('User'), 'linggong');
  assert.match(one('EnvironmentFile'), /^-?\/etc\/linggong\/linggongd\.env$/);
  assert.match(one('ExecStartPre'), /^\/\S*linggongd migrate$/);
  assert.match(one('ExecStart'), /^\/\S*linggongd serve$/);
  assert.equal(one('Restart'), 'on-failure');
  assert.ok(one('TimeoutStopSec'));
  assert.ok(u.get('Install', 'WantedBy').includes('multi-user.target'), '[Install] WantedBy=multi-user.target is missing');
});

test('deploy/linggongd.service: is sandboxed (NoNewPrivileges, ProtectSystem=strict, PrivateTmp, no capabilities)', () => {
  const u = unit();
  const last = (k) => u.get('Service', k).slice(-1)[0];
  assert.equal(last('NoNewPrivileges'), 'yes');
  assert.equal(last('ProtectSystem'), 'strict');
  assert.equal(last('PrivateTmp'), 'yes');
  assert.equal(last('ProtectHome'), 'yes');
  assert.equal(last('PrivateDevices'), 'yes');
  assert.equal(last('CapabilityBoundingSet'), '', 'CapabilityBoundingSet= must be empty');
  assert.ok(u.get('Service', 'SystemCallFilter').length > 0, 'no SystemCallFilter=');
});

// ---------------------------------------------------------------------------------------------------
// deploy/nginx.conf: tokenised (quotes and comments respected) into a directive tree.

function tokenize(text) {
  const toks = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '{' || c === '}' || c === ';') {
      toks.push({ t: c, line });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) {
          s += text[j] + text[j + 1];
          j += 2;
          continue;
        }
        if (text[j] === '\n') line++;
        s += text[j++];
      }
      assert.ok(j < text.length, `nginx.conf: unterminated quote starting on line ${line}`);
      toks.push({ t: 'word', v: s, line });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s;{}]/.test(text[j])) j++;
      // `${var}` inside an unquoted word is a variable, not a block.
      while (text[j] === '{' && text[j - 1] === '$') {
        j = text.indexOf('}', j) + 1;
        while (j < text.length && !/[\s;{}]/.test(text[j])) j++;
      }
      toks.push({ t: 'word', v: text.slice(i, j), line });
      i = j;
    }
  }
  return toks;
}

function parseNginx(text) {
  const toks = tokenize(text);
  const root = { name: 'main', args: [], block: [], parent: null };
  const stack = [root];
  let words = [];
  for (const tok of toks) {
    const top = stack[stack.length - 1];
    if (tok.t === 'word') words.push(tok);
    else if (tok.t === ';') {
      assert.ok(words.length > 0, `nginx.conf line ${tok.line}: empty directive`);
      top.block.push({ name: words[0].v, args: words.slice(1).map((w) => w.v), block: null, parent: top, line: words[0].line });
      words = [];
    } else if (tok.t === '{') {
      assert.ok(words.length > 0, `nginx.conf line ${tok.line}: '{' without a directive`);
      const d = { name: words[0].v, args: words.slice(1).map((w) => w.v), block: [], parent: top, line: words[0].line };
      top.block.push(d);
      stack.push(d);
      words = [];
    } else {
      assert.ok(words.length === 0, `nginx.conf line ${tok.line}: directive before '}' lacks ';'`);
      assert.ok(stack.length > 1, `nginx.conf line ${tok.line}: '}' without a matching '{'`);
      stack.pop();
    }
  }
  assert.ok(words.length === 0, 'nginx.conf: last directive lacks ;');
  assert.equal(stack.length, 1, `nginx.conf: ${stack.length - 1} block(s) not closed (braces do not balance)`);
  return root;
}

let ngxCache;
const ngx = () => (ngxCache = ngxCache || parseNginx(read('deploy/nginx.conf')));
const kids = (d, name) => (d.block || []).filter((x) => x.name === name);
const http = () => {
  const h = kids(ngx(), 'http');
  assert.equal(h.length, 1, 'nginx.conf needs exactly one http block');
  return h[0];
};
const servers = () => kids(http(), 'server');
// Nearest definition of a directive, walking from d up through its enclosing blocks (nginx inheritance:
// a level that sets the directive at all replaces everything inherited).
function effective(d, name) {
  for (let n = d; n; n = n.parent) {
    const found = kids(n, name);
    if (found.length) return found;
  }
  return [];
}
function walk(d, fn) {
  for (const x of d.block || []) {
    fn(x);
    if (x.block) walk(x, fn);
  }
}
const listenPorts = (srv) => kids(srv, 'listen').map((l) => String(l.args[0]).split(':').pop());

test('deploy/nginx.conf: braces balance and it has events and http blocks', () => {
  const root = ngx();
  assert.equal(kids(root, 'events').length, 1, 'no events block');
  http();
});

test('deploy/nginx.conf: upstream linggongd has server linggongd:8080 and a keepalive pool', () => {
  const ups = kids(http(), 'upstream').filter((u) => u.args[0] === 'linggongd');
  assert.equal(ups.length, 1, 'no upstream linggongd');
  const u = ups[0];
  const srv = kids(u, 'server');
  assert.ok(srv.some((s) => s.args[0] === 'linggongd:8080'), 'upstream linggongd has no server linggongd:8080');
  const ka = kids(u, 'keepalive');
  assert.equal(ka.length, 1, 'upstream linggongd has no keepalive');
  assert.ok(Number(ka[0].args[0]) >= 16, `keepalive ${ka[0].args[0]} is too small`);
  // The compose service listens there too.
  assert.equal(interp(envMap(svc('linggongd')).get('PORT') ?? '8080'), '8080');
  if (srv.some((s) => s.args.includes('resolve'))) {
    assert.equal(kids(u, 'zone').length, 1, '`resolve` needs a zone in the upstream');
    assert.ok(kids(http(), 'resolver').length + kids(u, 'resolver').length > 0, '`resolve` needs a resolver');
  }
});

test('deploy/nginx.conf: every proxy_pass uses HTTP/1.1 with an empty Connection header', () => {
  let n = 0;
  walk(http(), (d) => {
    if (d.name !== 'proxy_pass') return;
    n++;
    const loc = d.parent;
    const ver = effective(loc, 'proxy_http_version');
    assert.ok(ver.length && ver[ver.length - 1].args[0] === '1.1', `line ${d.line}: proxy_http_version is not 1.1 here`);
    const hdrs = effective(loc, 'proxy_set_header');
    assert.ok(
      hdrs.some((h) => h.args[0].toLowerCase() === 'connection' && h.args[1] === ''),
      `line ${d.line}: proxy_set_header Connection "" is not in effect here`,
    );
  });
  assert.ok(n > 0, 'nginx.conf has no proxy_pass');
});

test('deploy/nginx.conf: requests to linggongd carry X-Forwarded-For, X-Real-IP and X-Request-Id', () => {
  walk(http(), (d) => {
    if (d.name !== 'proxy_pass' || !listenPorts(serverOf(d)).includes('443')) return;
    const hdrs = effective(d.parent, 'proxy_set_header').map((h) => h.args[0].toLowerCase());
    for (const h of ['x-forwarded-for', 'x-real-ip', 'x-request-id', 'host']) {
      assert.ok(hdrs.includes(h), `line ${d.line}: proxy_set_header ${h} is not in effect`);
    }
  });
});
function serverOf(d) {
  for (let n = d; n; n = n.parent) if (n.name === 'server' && n.block) return n;
  return null;
}

test('deploy/nginx.conf: ssl_protocols allows only TLSv1.2 and TLSv1.3', () => {
  const all = [];
  walk(ngx(), (d) => d.name === 'ssl_protocols' && all.push(d));
  assert.ok(all.length > 0, 'no ssl_protocols');
  for (const d of all) {
    for (const p of d.args) assert.ok(['TLSv1.2', 'TLSv1.3'].includes(p), `line ${d.line}: ssl_protocols allows ${p}`);
  }
});

test('deploy/nginx.conf: a TLS server on 443 with HTTP/2, HSTS and certs under /etc/nginx/certs; 80 redirects to https', () => {
  const tls = servers().filter((s) => listenPorts(s).includes('443'));
  assert.equal(tls.length, 1, 'expected one server listening on 443');
  const s = tls[0];
  const listen = kids(s, 'listen').find((l) => String(l.args[0]).endsWith('443'));
  assert.ok(listen.args.includes('ssl'), 'listen 443 without ssl');
  const h2 = listen.args.includes('http2') || effective(s, 'http2').some((d) => d.args[0] === 'on');
  assert.ok(h2, 'HTTP/2 is not enabled on 443');
  for (const k of ['ssl_certificate', 'ssl_certificate_key']) {
    const v = effective(s, k);
    assert.ok(v.length && v[0].args[0].startsWith('/etc/nginx/certs/'), `${k} is not under /etc/nginx/certs`);
  }
  const hsts = effective(s, 'add_header').find((h) => h.args[0].toLowerCase() === 'strict-transport-security');
  assert.ok(hsts, 'no Strict-Transport-Security header');
  assert.match(hsts.args[1], /max-age=(\d+)/);
  assert.ok(Number(/max-age=(\d+)/.exec(hsts.args[1])[1]) >= 15552000, 'HSTS max-age under 180 days');
  // No location may drop the server's add_header by defining its own.
  walk(s, (d) => assert.ok(!(d.name === 'add_header' && d.parent !== s), `line ${d.line}: add_header in a location drops HSTS there`));

  const plain = servers().filter((x) => listenPorts(x).includes('80'));
  assert.equal(plain.length, 1, 'expected one server listening on 80');
  const root = kids(plain[0], 'location').find((l) => l.args.length === 1 && l.args[0] === '/');
  const ret = root ? kids(root, 'return') : kids(plain[0], 'return');
  assert.ok(ret.length && ['301', '308'].includes(ret[0].args[0]) && /^https:\/\//.test(ret[0].args[1]), 'port 80 does not redirect to https');
});

function sizeBytes(v) {
  const m = /^(\d+)([kKmMgG]?)$/.exec(v);
  assert.ok(m, `bad size ${v}`);
  return Number(m[1]) * { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()];
}
// The location nginx would pick for a plain path (exact match, else longest prefix; regex locations are
// not used for these paths in our config, and are reported if they are).
function locationFor(srv, p) {
  const locs = kids(srv, 'location');
  const exact = locs.find((l) => l.args[0] === '=' && l.args[1] === p);
  if (exact) return exact;
  const regex = locs.filter((l) => l.args[0] === '~' || l.args[0] === '~*');
  for (const r of regex) assert.ok(!new RegExp(r.args[1], r.args[0] === '~*' ? 'i' : '').test(p), `regex location ${r.args[1]} matches ${p}; extend this test`);
  let best = null;
  for (const l of locs) {
    const pre = l.args.length === 1 ? l.args[0] : l.args[0] === '^~' ? l.args[1] : null;
    if (pre && p.startsWith(pre) && (!best || pre.length > best.pre.length)) best = { pre, l };
  }
  return best ? best.l : null;
}

test('deploy/nginx.conf: body cap is a little over 64 KiB, and 6m for /api/v1/uploads', () => {
  const s = servers().find((x) => listenPorts(x).includes('443'));
  const general = effective(locationFor(s, '/api/v1/gigs'), 'client_max_body_size');
  assert.ok(general.length, 'no client_max_body_size for API requests (nginx default is 1m)');
  const g = sizeBytes(general[0].args[0]);
  assert.ok(g >= 64 * 1024 && g <= 256 * 1024, `client_max_body_size ${general[0].args[0]} is not a little over 64 KiB`);
  const up = locationFor(s, '/api/v1/uploads');
  const u = effective(up, 'client_max_body_size');
  assert.equal(sizeBytes(u[0].args[0]), 6 * 1024 * 1024, `client_max_body_size for /api/v1/uploads is ${u[0].args[0]}`);
  assert.ok(kids(up, 'proxy_pass').length === 1, '/api/v1/uploads location does not proxy to linggongd');
});

// allow/deny rules in effect at d: the nearest level that has any of them (nginx inheritance).
function accessRules(d) {
  for (let n = d; n; n = n.parent) {
    const r = (n.block || []).filter((x) => x.name === 'allow' || x.name === 'deny');
    if (r.length) return r;
  }
  return [];
}

test('deploy/nginx.conf: /metrics is refused on published ports and allowed only to internal networks elsewhere', () => {
  const published = publishedPorts(svc('nginx')).map((p) => p.target);
  const internal = /^(127\.0\.0\.1|::1|10\.0\.0\.0\/8|172\.16\.0\.0\/12|192\.168\.0\.0\/16|unix:)$/;
  for (const s of servers()) {
    const ports = listenPorts(s).join(',');
    const loc = locationFor(s, '/metrics');
    const rules = accessRules(loc || s);
    const denyAll = rules.some((r) => r.name === 'deny' && r.args[0] === 'all');
    if (!loc || kids(loc, 'proxy_pass').length === 0) {
      assert.ok(!loc || denyAll || kids(loc, 'return').length, `server on ${ports}: /metrics is neither denied nor answered by nginx`);
      continue;
    }
    assert.ok(!listenPorts(s).some((p) => published.includes(p)), `server on published port ${ports} proxies /metrics`);
    assert.ok(denyAll, `server on ${ports}: /metrics is proxied without deny all`);
    for (const a of rules.filter((r) => r.name === 'allow')) {
      assert.match(a.args[0], internal, `server on ${ports}: /metrics allowed to ${a.args[0]}`);
    }
  }
  const pub = servers().find((x) => listenPorts(x).includes('443'));
  assert.ok(locationFor(pub, '/metrics') && kids(locationFor(pub, '/metrics'), 'proxy_pass').length === 0, 'the 443 server proxies /metrics');
});

test('deploy/nginx.conf: gzip is on for JSON responses', () => {
  const h = http();
  assert.equal(kids(h, 'gzip')[0]?.args[0], 'on');
  const types = kids(h, 'gzip_types').flatMap((d) => d.args);
  assert.ok(types.includes('application/json'), 'gzip_types lacks application/json');
});

test('deploy/nginx.conf: client, proxy and keep-alive timeouts are set explicitly', () => {
  const h = http();
  const s = servers().find((x) => listenPorts(x).includes('443'));
  for (const k of ['client_header_timeout', 'client_body_timeout', 'send_timeout', 'keepalive_timeout']) {
    assert.ok(effective(s, k).length, `${k} is not set`);
  }
  for (const k of ['proxy_connect_timeout', 'proxy_read_timeout', 'proxy_send_timeout']) {
    assert.ok(effective(s, k).length, `${k} is not set`);
  }
  // nginx must close idle upstream connections before linggongd does (KEEP_ALIVE_TIMEOUT_MS).
  const ups = kids(h, 'upstream').find((u) => u.args[0] === 'linggongd');
  const kt = kids(ups, 'keepalive_timeout')[0];
  assert.ok(kt, 'upstream keepalive_timeout is not set');
  const ms = (v) => (/ms$/.test(v) ? Number(v.slice(0, -2)) : /s$/.test(v) ? Number(v.slice(0, -1)) * 1000 : Number(v) * 1000);
  const serverKa = Number(interp(envMap(svc('linggongd')).get('KEEP_ALIVE_TIMEOUT_MS') ?? '5000'));
  assert.ok(ms(kt.args[0]) < serverKa, `upstream keepalive_timeout ${kt.args[0]} is not below linggongd's ${serverKa} ms`);
});
