// The edge under test: deploy/nginx.conf rendered for a loopback run on the machine's own nginx (Debian's
// package), a throwaway certificate, and the two sides of a slow-client attack — attackers that hold
// connections open and a probe that asks GET /healthz once a second. Everything listens and connects on
// 127.0.0.1 only, and every function here stops what it starts. Used by tests/deploy/nginx.test.js.
'use strict';
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const tls = require('node:tls');

const ROOT = process.env.LG_SOURCE_DIR || path.resolve(__dirname, '..', '..');
const CONF = path.join(ROOT, 'deploy/nginx.conf');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The installed nginx's version as [major, minor, patch].
function nginxVersion() {
  const r = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  if (r.error) throw new Error(`nginx is not installed (deploy/test.sh installs Debian's nginx): ${r.error.message}`);
  const m = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(`${r.stderr}${r.stdout}`);
  if (!m) throw new Error(`cannot read the version from \`nginx -v\`: ${r.stderr}`);
  return m.slice(1).map(Number);
}
const atLeast = (v, w) => v[0] - w[0] || v[1] - w[1] || v[2] - w[2];

// The committed deploy/nginx.conf with only what a loopback run must change: listen addresses (ports on
// 127.0.0.1), the upstream address, certificate, pid, log and temporary-file paths, the worker user, and
// — on nginx older than the 1.28 the file is written for — the two spellings that file's header names
// (`http2` on the listen line before 1.25.1; no `resolve` before 1.27.3, moot for a literal address).
// Every rule must match exactly once, so a change to the committed file that a rule no longer fits fails
// here instead of being tested in an altered form. Returns {text, changes: [{line, from, to}]}.
function renderConf({ dir, ports, upstreamPort, cert, key, version = nginxVersion() }) {
  const h2OnListen = atLeast(version, [1, 25, 1]) < 0;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${dir}/${k}_temp;`);
  const rules = [
    // workers drop to an unprivileged user as in the image (whose user is nginx); without root, no user
    { re: /^user\s+nginx;$/, to: () => (root ? ['user nobody nogroup;'] : []) },
    { re: /^pid\s+\S+;$/, to: () => [`pid ${dir}/nginx.pid;`] },
    { re: /^error_log\s+\S+\s+warn;$/, to: () => [`error_log ${dir}/error.log warn;`] },
    { re: /^(\s*)access_log\s+\/var\/log\/nginx\/access\.log\s+lg_json;$/, to: (m) => [`${m[1]}access_log ${dir}/access.log lg_json;`] },
    { re: /^http \{$/, to: (m) => [m[0], ...temp.map((l) => `    ${l}`)] },
    { re: /^(\s*)listen\s+80 default_server;$/, to: (m) => [`${m[1]}listen 127.0.0.1:${ports.http} default_server;`] },
    { re: /^(\s*)listen\s+443 ssl default_server;$/, to: (m) => [`${m[1]}listen 127.0.0.1:${ports.https} ssl${h2OnListen ? ' http2' : ''} default_server;`] },
    { re: /^(\s*)http2\s+on;$/, to: (m) => (h2OnListen ? [] : [m[0]]) },
    { re: /^(\s*)listen\s+8081;$/, to: (m) => [`${m[1]}listen 127.0.0.1:${ports.internal};`] },
    { re: /^(\s*)server\s+linggongd:8080 resolve( [^;]*);$/, to: (m) => [`${m[1]}server 127.0.0.1:${upstreamPort}${m[2]};`] },
    { re: /^(\s*)ssl_certificate\s+\S+;$/, to: (m) => [`${m[1]}ssl_certificate ${cert};`] },
    { re: /^(\s*)ssl_certificate_key\s+\S+;$/, to: (m) => [`${m[1]}ssl_certificate_key ${key};`] },
  ];
  const hits = new Map(rules.map((r) => [r, 0]));
  const out = [];
  const changes = [];
  fs.readFileSync(CONF, 'utf8').split('\n').forEach((line, i) => {
    const rule = rules.find((r) => r.re.test(line));
    if (!rule) {
      out.push(line);
      return;
    }
    hits.set(rule, hits.get(rule) + 1);
    const to = rule.to(rule.re.exec(line));
    out.push(...to);
    if (to.length !== 1 || to[0] !== line) changes.push({ line: i + 1, from: line.trim(), to: to.map((l) => l.trim()).join(' | ') });
  });
  const bad = rules.filter((r) => hits.get(r) !== 1).map((r) => `${r.re} matched ${hits.get(r)} lines`);
  if (bad.length) throw new Error(`deploy/nginx.conf no longer fits the loopback rendering (each rule must match once):\n${bad.join('\n')}`);
  return { text: out.join('\n'), changes };
}

// A self-signed certificate for localhost and 127.0.0.1, valid one day: {cert, key, ca} (paths, and the PEM).
function makeCert(dir) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key, ca: fs.readFileSync(cert) };
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

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

// Renders the config into a fresh directory in front of linggongd on upstreamPort. Returns
// {dir, ports, ca, conf, changes, check(), start(), stop(), errorLog(), status()}: check() runs `nginx -t`
// ({code, output}); start() runs nginx in the foreground until stop() (SIGTERM, SIGKILL after 10 s).
async function prepareNginx({ upstreamPort }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-nginx-'));
  fs.chmodSync(dir, 0o755); // the workers (nobody) create their temp directories in here
  const ports = { https: await freePort(), http: await freePort(), internal: await freePort() };
  const { cert, key, ca } = makeCert(dir);
  const { text, changes } = renderConf({ dir, ports, upstreamPort, cert, key });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, text);
  const args = ['-p', `${dir}/`, '-c', conf, '-e', path.join(dir, 'error.log')];
  let child = null;
  let exitP = null;
  const errorLog = () => {
    try { return fs.readFileSync(path.join(dir, 'error.log'), 'utf8'); } catch { return ''; }
  };
  return {
    dir,
    ports,
    ca,
    conf,
    changes,
    errorLog,
    check() {
      const r = spawnSync('nginx', [...args, '-t'], { encoding: 'utf8', timeout: 20000 });
      return { code: r.status, output: `${r.stdout}${r.stderr}` };
    },
    async start() {
      let out = '';
      child = spawn('nginx', [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      exitP = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      let exited = null;
      exitP.then((e) => { exited = e; });
      const deadline = Date.now() + 10000;
      while (!(await canConnect(ports.https)) || !(await canConnect(ports.internal))) {
        if (exited) throw new Error(`nginx exited at start (${JSON.stringify(exited)}):\n${out}\n${errorLog()}`);
        if (Date.now() > deadline) throw new Error(`nginx did not listen within 10 s:\n${out}\n${errorLog()}`);
        await sleep(50);
      }
    },
    // stub_status of the internal listener: {active, reading, writing, waiting}
    async status() {
      const r = await get({ port: ports.internal, path: '/nginx-status', timeoutMs: 3000 });
      const m = /Active connections:\s*(\d+)[\s\S]*Reading:\s*(\d+)\s+Writing:\s*(\d+)\s+Waiting:\s*(\d+)/.exec(r.body || '');
      if (!m) throw new Error(`no stub_status reply: ${JSON.stringify(r)}`);
      return { active: +m[1], reading: +m[2], writing: +m[3], waiting: +m[4] };
    },
    async stop() {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        let timer;
        const res = await Promise.race([exitP, new Promise((r) => { timer = setTimeout(() => r(null), 10000); })]);
        clearTimeout(timer);
        if (!res) {
          child.kill('SIGKILL');
          await exitP;
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// One GET on a new connection (TLS when ca is given, trusting only that certificate). Resolves to
// {ok, status, ms, body, headers, error}; ok means 200 within timeoutMs. Never rejects.
function get({ port, path: p = '/healthz', ca, timeoutMs = 5000, agent = false }) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ok: r.status === 200, ms: ms(), ...r });
    };
    const opts = { host: '127.0.0.1', port, path: p, agent, headers: { host: 'localhost' } };
    const req = ca ? https.request({ ...opts, ca, servername: 'localhost' }) : http.request(opts);
    const timer = setTimeout(() => {
      finish({ status: 0, error: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => finish({ status: res.statusCode, headers: res.headers, body }));
      res.on('error', (e) => finish({ status: 0, error: e.message }));
    });
    req.on('error', (e) => finish({ status: 0, error: e.code || e.message }));
    req.end();
  });
}

// GET path every intervalMs for durationMs, each on its own connection so every probe must be accepted
// afresh. Resolves when the last probe has settled, to the list of get() results.
async function probe({ port, ca, durationMs, intervalMs = 1000, timeoutMs = 5000, path: p = '/healthz' }) {
  const pending = [];
  const end = Date.now() + durationMs;
  for (let next = Date.now(); next < end; next += intervalMs) {
    await sleep(Math.max(0, next - Date.now()));
    pending.push(get({ port, ca, timeoutMs, path: p }));
  }
  return Promise.all(pending);
}

// Prints what a probe saw: failures of total, error rate, latency p50/p95/max.
function summary(results) {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const q = (f) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(f * ms.length))].toFixed(1) : '-');
  const failed = results.filter((r) => !r.ok);
  const rate = results.length ? ((100 * failed.length) / results.length).toFixed(1) : '-';
  const why = [...new Set(failed.map((r) => r.error || `HTTP ${r.status}`))].join('; ');
  return `${failed.length} of ${results.length} probes failed (error rate ${rate}%), latency ms p50 ${q(0.5)} p95 ${q(0.95)} max ${q(1 - 1e-9)}${why ? ` — ${why}` : ''}`;
}

// Keeps connections to 127.0.0.1:port open until stop(): `slow` ones send one byte of a request header
// that never ends every intervalMs, `silent` ones send nothing at all. A connection the server closes is
// opened again 100 ms later, as an attacker would, so the pressure never lets up. With ca (TLS), slow
// connections complete the handshake and trickle the header inside TLS; silent ones never start it.
// stats(): {live, opened, closed: {slow: [ms open], silent: [...]}, meanLive}: live counts connections
// established (for TLS: handshake done), meanLive is its average over samples every 250 ms after the
// first second.
function attack({ port, ca, slow = 0, silent = 0, intervalMs = 2000 }) {
  const header = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\n' + 'X-Slow: '.repeat(64);
  const socks = new Set();
  const live = new Set();
  const closed = { slow: [], silent: [] };
  let opened = 0;
  let stopping = false;
  const samples = [];
  const t0 = Date.now();
  const open = (kind) => {
    if (stopping) return;
    const born = Date.now();
    const s = ca && kind === 'slow'
      ? tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' })
      : net.connect({ host: '127.0.0.1', port });
    opened++;
    socks.add(s);
    let timer = null;
    let i = 0;
    s.once(ca && kind === 'slow' ? 'secureConnect' : 'connect', () => {
      live.add(s);
      if (kind !== 'slow') return;
      const drip = () => {
        if (s.destroyed) return;
        s.write(header[i++ % header.length]);
        timer = setTimeout(drip, intervalMs);
      };
      drip();
    });
    s.on('data', () => {}); // an answer (400/408) is read and dropped; the close below reopens
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      socks.delete(s);
      live.delete(s);
      if (stopping) return;
      closed[kind].push(Date.now() - born);
      setTimeout(() => open(kind), 100);
    });
  };
  for (let k = 0; k < slow; k++) open('slow');
  for (let k = 0; k < silent; k++) open('silent');
  const sampler = setInterval(() => {
    if (Date.now() - t0 >= 1000) samples.push(live.size);
  }, 250);
  const meanLive = () => (samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0);
  return {
    stats: () => ({ live: live.size, opened, closed, meanLive: meanLive() }),
    stop() {
      stopping = true;
      clearInterval(sampler);
      for (const s of socks) s.destroy();
      socks.clear();
      live.clear();
    },
  };
}

module.exports = { renderConf, prepareNginx, nginxVersion, get, probe, summary, attack, sleep, CONF };
