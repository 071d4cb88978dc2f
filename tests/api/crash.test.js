// kill -9 of linggongd in the middle of a stream of applies and accepts (SECURITY.md "Writes that must not
// be lost or doubled"): after a restart every acknowledged (2xx) write is present, nothing is doubled
// (UNIQUE holds, retries with the same Idempotency-Key replay) and nothing is orphaned (each application
// has its history, accepted_count matches the accepted applications, every notification's object exists,
// no idempotency key is left without its answer).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, startWechat, call, sql, uniq, signIn, publishGig, applyTo, sleep } = require('./lib');

test('SIGKILL during applies and accepts: after restart every acknowledged write is there, no duplicate, no orphan', async () => {
  const wx = await startWechat();
  const env = { ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_IP_PER_MIN: '1000000' };
  let srv = await startServer(env);
  let srv2;
  try {
    const emp = await signIn(srv, uniq('ce'));
    const gigs = [];
    for (let i = 0; i < 4; i++) gigs.push(await publishGig(srv, emp, { headcount: 3 }));
    const workers = await Promise.all(Array.from({ length: 40 }, () => signIn(srv, uniq('cw'))));
    const ids = gigs.map((g) => g.id).join(',');

    const ackedApply = new Map(); // application id -> {gig, worker}
    const ackedAccept = new Set();
    const keys = []; // every apply sent: {worker, gig, key}
    let stop = false;
    const applier = async (slice) => {
      for (const wk of slice) {
        for (const g of gigs) {
          if (stop) return;
          const key = uniq('crash-');
          keys.push({ wk, g, key });
          try {
            const r = await applyTo(srv, wk, g, { note: '崩溃测试', key });
            if (r.status === 201) ackedApply.set(r.json.application.id, { gig: g.id, worker: wk.user.id });
          } catch { /* the server died under us */ }
        }
      }
    };
    const accepter = async () => {
      while (!stop) {
        const pending = [...ackedApply.keys()].filter((id) => !ackedAccept.has(id));
        const id = pending[Math.floor(Math.random() * pending.length)];
        if (id === undefined) { await sleep(5); continue; }
        try {
          const r = await call(srv.url, 'POST', `/api/v1/applications/${id}/accept`, { token: emp.access_token });
          if (r.status === 200) ackedAccept.add(id);
        } catch { /* died */ }
      }
    };
    const loops = [0, 1, 2, 3].map((i) => applier(workers.slice(i * 10, i * 10 + 10)));
    loops.push(accepter(), accepter());
    // let the stream run, then kill -9 in the middle of it
    for (let i = 0; i < 200 && ackedApply.size < 40; i++) await sleep(20);
    await srv.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    assert.ok(ackedApply.size > 0, 'some applies were acknowledged before the kill');

    srv2 = await startServer(env);
    srv = srv2;
    // every acknowledged apply is there, as acknowledged
    for (const [id, a] of ackedApply) {
      const row = sql(`SELECT gig_id, worker_id FROM applications WHERE id = ${id}`);
      assert.deepEqual(row, [[String(a.gig), String(a.worker)]], `acknowledged application ${id} lost`);
    }
    // every acknowledged accept is there
    for (const id of ackedAccept) assert.equal(sql(`SELECT status FROM applications WHERE id = ${id}`)[0][0], 'accepted');
    // retries of every apply with its key: a replay of the committed answer or a first execution, never a double
    for (const { wk, g, key } of keys.slice(0, 60)) {
      const r = await applyTo(srv, wk, g, { note: '崩溃测试', key });
      assert.ok(r.status === 201 || r.status === 409, r.text);
    }
    // no duplicate
    assert.deepEqual(sql(`SELECT gig_id, worker_id FROM applications WHERE gig_id IN (${ids}) GROUP BY gig_id, worker_id HAVING COUNT(*) > 1`), []);
    // no orphan: history for every application, and its last row names the current status
    assert.deepEqual(sql(`SELECT a.id FROM applications a WHERE a.gig_id IN (${ids}) AND a.status <> (
      SELECT h.to_status FROM application_history h WHERE h.application_id = a.id ORDER BY h.id DESC LIMIT 1)`), []);
    assert.deepEqual(sql(`SELECT a.id FROM applications a WHERE a.gig_id IN (${ids})
      AND NOT EXISTS (SELECT 1 FROM application_history h WHERE h.application_id = a.id)`), []);
    // seats: accepted_count equals the accepted applications and never exceeds headcount
    assert.deepEqual(sql(`SELECT g.id FROM gigs g WHERE g.id IN (${ids}) AND (g.accepted_count > g.headcount OR g.accepted_count <>
      (SELECT COUNT(*) FROM applications a WHERE a.gig_id = g.id AND a.status = 'accepted'))`), []);
    // every notification's object exists
    assert.deepEqual(sql(`SELECT n.id FROM notifications n WHERE n.object_type = 'application'
      AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = n.object_id)`), []);
    assert.deepEqual(sql(`SELECT n.id FROM notifications n WHERE n.object_type = 'gig'
      AND NOT EXISTS (SELECT 1 FROM gigs g WHERE g.id = n.object_id)`), []);
    // one application_received per application of these gigs
    assert.deepEqual(sql(`SELECT a.id FROM applications a WHERE a.gig_id IN (${ids}) AND (SELECT COUNT(*) FROM notifications n
      WHERE n.kind = 'application_received' AND n.object_id = a.id) <> 1`), []);
    // no key without its answer
    assert.deepEqual(sql(`SELECT idem_key FROM idempotency_keys WHERE status = 0 OR response = ''`), []);
  } finally {
    if (srv2) await srv2.stop();
    else await srv.kill('SIGKILL');
    await wx.close();
  }
});
