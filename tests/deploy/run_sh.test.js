// deploy/run.sh as a newcomer uses it: from an empty state directory it builds, starts MariaDB, migrates,
// loads the demo, and answers /healthz and /api/v1/job-types within 120 s; the printed admin password
// signs in; a WeChat user signs in through the double; Ctrl-C stops the server and the database.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');

const ROOT = process.env.LG_SOURCE_DIR || path.resolve(__dirname, '../..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const post = async (url, body) => {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
};

test('deploy/run.sh serves the demo within 120 s from an empty state directory and stops cleanly on Ctrl-C', { timeout: 600000 }, async () => {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'linggong-run-'));
  const port = await freePort();
  // a newcomer's environment: none of the variables deploy/test.sh exports
  const env = { PATH: process.env.PATH, HOME: process.env.HOME || '/root', PORT: String(port), STATE_DIR: state };
  const child = spawn(path.join(ROOT, 'deploy/run.sh'), [], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  try {
    const t0 = Date.now();
    let up = false;
    while (Date.now() - t0 < 120000) {
      try {
        const [h, j] = await Promise.all([fetch(`${base}/healthz`), fetch(`${base}/api/v1/job-types`)]);
        if (h.status === 200 && j.status === 200) { up = true; break; }
      } catch { /* not yet */ }
      await sleep(250);
    }
    assert.ok(up, `no answer within 120 s; output:\n${out}`);
    console.log(`run.sh answered /healthz and /api/v1/job-types after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(300);
    const m = /Admin sign-in:\s+admin \/ (\S+)/.exec(out);
    assert.ok(m, `run.sh did not print the admin credentials:\n${out}`);
    assert.equal(fs.readFileSync(path.join(state, 'admin_password'), 'utf8').trim(), m[1]);
    const admin = await post(`${base}/api/v1/admin/auth/login`, { username: 'admin', password: m[1] });
    assert.equal(admin.status, 200, JSON.stringify(admin.json));
    const county = await post(`${base}/api/v1/admin/auth/login`, { username: 'luzhai', password: m[1] });
    assert.equal(county.status, 200);
    assert.equal(county.json.admin.region, '450223');
    const user = await post(`${base}/api/v1/auth/wechat`, { code: 'test:newcomer' });
    assert.equal(user.status, 200, JSON.stringify(user.json));
    // the demo market: published gigs in each seed county, demo workers with profiles, stations
    for (const county of ['450223', '360302', '360104', '360824']) {
      const g = await (await fetch(`${base}/api/v1/gigs?region=${county}`)).json();
      assert.ok(g.total >= 5, `${county}: ${g.total} published gigs`);
    }
    const demo = await post(`${base}/api/v1/auth/wechat`, { code: 'test:demo_w01' });
    const prof = await (await fetch(`${base}/api/v1/me/worker`, { headers: { authorization: `Bearer ${demo.json.access_token}` } })).json();
    assert.equal(prof.worker.exists, true);
    assert.match(prof.worker.id_number, /^\d{4}\*{10}\d{3}[\dX]$/);
    // the demo market has applications (issue 4 item 7): demo_w01 applied, was hired and completed a gig
    const apps = await (await fetch(`${base}/api/v1/me/applications?page_size=100`, { headers: { authorization: `Bearer ${demo.json.access_token}` } })).json();
    assert.ok(apps.total >= 3, `demo_w01 has ${apps.total} applications`);
    assert.ok(['applied', 'accepted', 'completed'].every((s) => apps.items.some((a) => a.status === s)), JSON.stringify(apps.items.map((a) => a.status)));
    const st = await (await fetch(`${base}/api/v1/stations?lat=24.47&lng=109.75`)).json();
    assert.ok(st.items.length >= 1 && st.items[0].name.includes('驿站'));
    const console_ = await fetch(`${base}/admin/`);
    assert.equal(console_.status, 200);
    assert.match(await console_.text(), /零工市场管理平台/);
  } finally {
    try { process.kill(-child.pid, 'SIGINT'); } catch { /* already gone */ }
    const res = await Promise.race([exited, sleep(60000).then(() => null)]);
    if (!res) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    assert.ok(res, 'run.sh did not stop within 60 s of Ctrl-C');
    await sleep(500);
    assert.ok(!fs.existsSync(path.join(state, 'mysqld.pid')), `MariaDB still running after Ctrl-C:\n${out}`);
    await assert.rejects(fetch(`${base}/healthz`), 'the server still answers after Ctrl-C');
    fs.rmSync(state, { recursive: true, force: true });
  }
});
