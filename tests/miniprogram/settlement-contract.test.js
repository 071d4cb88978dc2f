/**
 * @jest-environment node
 */
// The settlement screens' services and logic against the REAL linggongd and MariaDB that deploy/test.sh
// starts: the employer's record form (its preview equals the amount the server computes from attendance ×
// rate, with an item line), 我已付款, the worker's view and 确认收款, 我的结算 on both sides, and the yearly
// income statement as JSON and as the PDF wx.downloadFile fetches. JSON answers are checked against
// openapi.json.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const lib = require('../api/lib');
const { createFetchWx } = require('./helpers/fetch-wx');
const { mpRequire, startApp } = require('./helpers/mp');
const { realServer } = require('./helpers/real-server');

jest.setTimeout(120000);
const env = realServer();

// One signed-in mini-program (its own wx over fetch, modules loaded fresh); wx.downloadFile writes the body
// to a temp file as WeChat does.
async function miniProgram(prefix) {
  jest.resetModules();
  const wx = createFetchWx({ name: lib.uniq(prefix) });
  wx.downloadFile = jest.fn((o) => {
    fetch(o.url, { headers: o.header || {} })
      .then(async (r) => {
        const file = path.join(env.tmp, `dl_${crypto.randomBytes(4).toString('hex')}`);
        if (r.status === 200) fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()));
        wx._downloads = (wx._downloads || []).concat([{ status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition') }]);
        o.success && o.success({ statusCode: r.status, tempFilePath: r.status === 200 ? file : '' });
      })
      .catch((e) => o.fail && o.fail({ errMsg: `downloadFile:fail ${e.message}` }));
  });
  global.wx = wx;
  wx.setStorageSync('lg.devBaseUrl', `${env.srv.url}/api/v1`);
  startApp();
  mpRequire('utils/request').config.sleep = () => Promise.resolve();
  const m = { wx, auth: mpRequire('utils/auth'), applications: mpRequire('services/applications'), settlements: mpRequire('services/settlements'), logic: mpRequire('logic/settlement') };
  m.user = await m.auth.ensureUser();
  m.token = () => wx.getStorageSync('lg.session').access_token;
  return m;
}
// Switches the module registry and wx global to an already signed-in mini-program.
function use(m) {
  global.wx = m.wx;
}

test('record (preview = the server\'s amount) → 我已付款 → the worker confirms → 我的结算 → income statement JSON and PDF', async () => {
  const e = await miniProgram('mpse');
  lib.makeEmployer(e.user.id, { name: '鹿寨县合同测试建材厂' });
  const g = await lib.call(env.srv.url, 'POST', '/api/v1/gigs', { token: e.token(), body: lib.gigBody({ pay_fen: 21000, pay_unit: 'day' }) });
  expect(g.status).toBe(201);
  const gigId = g.json.gig.id;
  const w = await miniProgram('mpsw');
  lib.makeWorker(w.user.id, { name: '覃合同', region: '450223100' });
  const app = await w.applications.apply(gigId);
  // the work itself (accept, two days checked in and out, both confirm) has its own tests: written directly
  lib.sql(`UPDATE applications SET status = 'completed', completed_at = NOW(3) WHERE id = ${app.id}`);
  for (const d of [3, 2]) {
    lib.sql(`INSERT INTO attendance (application_id, work_date, check_in_at, check_in_method, check_out_at, check_out_method, created_at, updated_at)
      VALUES (${app.id}, DATE(UTC_TIMESTAMP() - INTERVAL ${d} DAY), UTC_TIMESTAMP() - INTERVAL ${d * 24} HOUR, 'location',
      UTC_TIMESTAMP() - INTERVAL ${d * 24 - 8} HOUR, 'location', NOW(3), NOW(3))`);
  }

  use(e);
  const loaded = await e.logic.load({ application: String(app.id) }, e.user.id);
  expect(loaded.error).toBeUndefined();
  expect(loaded.form).toMatchObject({ unit: 'day' });
  expect(loaded.attendance.days).toBe(2);
  const form = Object.assign(loaded.form, { items: [{ label: '交通补贴', amount: '12.5' }] });
  const lines = e.logic.itemLines(form).lines.map((l) => l.amount_fen);
  const preview = e.logic.preview(loaded.gig.unit, loaded.gig.rateFen, loaded.attendance.raw, null, lines);
  expect(e.logic.validate(form, preview.total)).toEqual({});
  const s = await e.settlements.record(app.id, e.logic.body(form));
  lib.assertMatchesSpec('/api/v1/applications/{id}/settlements', 'POST', { status: 201, json: { settlement: s } });
  expect(s.amount_fen).toBe(preview.total);
  expect(s.amount_fen).toBe(2 * 21000 + 1250);
  expect(e.logic.view(s, e.user.id)).toMatchObject({ canPay: true, workerName: '覃合同' });
  const paid = await e.settlements.pay(s.id, 'alipay', '2026112122001');
  lib.assertMatchesSpec('/api/v1/settlements/{id}/pay', 'POST', { status: 200, json: { settlement: paid } });
  expect(paid.status).toBe('paid');

  use(w);
  const seen = await w.settlements.ofApplication(app.id);
  lib.assertMatchesSpec('/api/v1/applications/{id}/settlement', 'GET', { status: 200, json: { settlement: seen } });
  expect(w.logic.view(seen, w.user.id)).toMatchObject({ canConfirm: true, canDispute: true, payMethod: '支付宝' });
  const confirmed = await w.settlements.confirm(s.id);
  expect(confirmed.status).toBe('confirmed');
  const mine = await w.settlements.mine({ role: 'worker', page: 1 });
  lib.assertMatchesSpec('/api/v1/me/settlements', 'GET', { status: 200, json: mine });
  expect(mine.items.map((x) => x.id)).toEqual([s.id]);
  const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();
  const st = await w.settlements.incomeStatement(year);
  lib.assertMatchesSpec('/api/v1/me/income-statement', 'GET', { status: 200, json: { statement: st } });
  const v = w.logic.income(st);
  expect(v).toMatchObject({ count: 1, total: '¥432.50', confirmed: '¥432.50', name: '覃合同' });
  const file = await w.settlements.incomePdf(year, v.version);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  expect(w.wx._downloads[0]).toMatchObject({ status: 200, type: 'application/pdf' });
  expect(w.wx._downloads[0].disposition).toMatch(/^attachment; filename="?income-\d{4}\.pdf/);

  use(e);
  const theirs = await e.settlements.mine({ role: 'employer', state: 'confirmed', page: 1 });
  expect(theirs.items.map((x) => x.id)).toEqual([s.id]);
  expect(e.logic.card(theirs.items[0], e.user.id)).toMatchObject({ side: '我付的工钱', other: '覃合同', amount: '¥432.50' });
});
