// Settlements 薪酬结算 in the mini-program: services/settlements.js (paths; record, pay, confirm and dispute
// carry an Idempotency-Key, the same one after an unknown outcome and a new one after an answer; the income
// statement PDF through utils/transfer.js) and logic/settlement.js (the preview of the amount the server
// computes, the record form's rules and body, the pay and dispute forms, who may do what in which state, the
// list cards and the income statement's view model).
'use strict';
const { json, apiError, pathOf, queryOf } = require('../helpers/wx-double');
const { fresh, signedIn } = require('../helpers/mp');
const fakeApi = require('../helpers/fake-api');

const NOW = Date.parse('2026-11-21T04:00:00Z');

describe('services/settlements.js', () => {
  test('each function calls its route: record, read by application and id, pay, confirm, dispute, lists, statement', async () => {
    const seen = [];
    const ctx = signedIn((req) => {
      seen.push([`${req.method} ${pathOf(req.url)}`, req.data, queryOf(req.url)]);
      if (pathOf(req.url) === '/me/settlements') return json(200, { items: [], page: 1, page_size: 20, total: 0 });
      if (pathOf(req.url) === '/me/income-statement') return json(200, { statement: { year: 2025 } });
      return json(req.method === 'POST' && pathOf(req.url).endsWith('/settlements') ? 201 : 200, { settlement: fakeApi.settlement(501) });
    });
    const s = ctx.mp('services/settlements');
    expect((await s.record(63, { pieces: 3 })).id).toBe(501);
    expect((await s.ofApplication(63)).id).toBe(501);
    expect((await s.getSettlement(501)).id).toBe(501);
    await s.pay(501, 'bank', 'ICBC 001');
    await s.pay(502, 'cash');
    await s.confirm(501);
    await s.dispute(501, '少算了一天');
    await s.mine({ role: 'worker', state: 'paid', page: 2 });
    expect((await s.incomeStatement(2025)).year).toBe(2025);
    expect(seen.map((x) => x[0])).toEqual([
      'POST /applications/63/settlements', 'GET /applications/63/settlement', 'GET /settlements/501', 'POST /settlements/501/pay',
      'POST /settlements/502/pay', 'POST /settlements/501/confirm', 'POST /settlements/501/dispute', 'GET /me/settlements', 'GET /me/income-statement',
    ]);
    expect(seen[0][1]).toEqual({ pieces: 3 });
    expect(seen[3][1]).toEqual({ method: 'bank', reference: 'ICBC 001' });
    expect(seen[4][1]).toEqual({ method: 'cash' });
    expect(seen[6][1]).toEqual({ reason: '少算了一天' });
    expect(seen[7][2]).toEqual({ role: 'worker', state: 'paid', page: '2' });
    expect(seen[8][2]).toEqual({ year: '2025' });
  });

  test('record carries an Idempotency-Key: the same one after a 503 (outcome unknown), a new one after an answer', async () => {
    let n = 0;
    const keys = [];
    const ctx = signedIn((req) => {
      keys.push(req.header['Idempotency-Key']);
      n++;
      if (n <= 3) return apiError(503, 'service_unavailable', '服务暂时不可用');
      if (n === 4) return json(201, { settlement: fakeApi.settlement(600) });
      return apiError(409, 'already_exists', '这份报名已经记录过结算');
    });
    const s = ctx.mp('services/settlements');
    await expect(s.record(63, {}, { toast: false })).rejects.toMatchObject({ status: 503 }); // three attempts, one key
    expect((await s.record(63, {}, { toast: false })).id).toBe(600); // the tap again: still the same key
    expect(new Set(keys.slice(0, 4)).size).toBe(1);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{1,128}$/);
    await expect(s.record(63, {}, { toast: false })).rejects.toMatchObject({ status: 409, code: 'already_exists' });
    expect(keys[4]).not.toBe(keys[0]); // an answer ended the first action
    // every write carries one; reads never do
    const seen = [];
    const ctx2 = signedIn((req) => {
      seen.push([req.method, req.header['Idempotency-Key']]);
      return json(200, { settlement: fakeApi.settlement(501) });
    });
    const s2 = ctx2.mp('services/settlements');
    await s2.pay(501, 'cash');
    await s2.confirm(501);
    await s2.dispute(501, '没收到');
    await s2.getSettlement(501);
    expect(seen.slice(0, 3).every(([m, k]) => m === 'POST' && k)).toBe(true);
    expect(seen[3]).toEqual(['GET', undefined]);
  });

  test('incomePdf downloads with the token through utils/transfer.js; the version keeps a changed statement out of the cache', async () => {
    const ctx = signedIn((req) => ({ statusCode: 200, tempFilePath: `wxfile://${queryOf(req.url).v}.pdf` }));
    const s = ctx.mp('services/settlements');
    expect(await s.incomePdf(2026, '1-38000-0')).toBe('wxfile://1-38000-0.pdf');
    expect(await s.incomePdf(2026, '2-45000-0')).toBe('wxfile://2-45000-0.pdf');
    const calls = ctx.wx.downloadFile.mock.calls.map((c) => c[0]);
    expect(calls.map((o) => o.url)).toEqual([
      'http://127.0.0.1:8080/api/v1/me/income-statement.pdf?year=2026&v=1-38000-0',
      'http://127.0.0.1:8080/api/v1/me/income-statement.pdf?year=2026&v=2-45000-0',
    ]);
    expect(calls[0].header.Authorization).toBe('Bearer A1');
  });
});

describe('logic/settlement.js', () => {
  let logic;
  beforeEach(() => {
    fresh(() => json(200, {}));
    logic = require('../helpers/mp').mpRequire('logic/settlement');
  });

  test('preview mirrors the server: checked-out minutes for hour pay, days for day pay, pieces, a whole gig, plus items', () => {
    expect(logic.preview('hour', 3000, { minutes_total: 450, days_attended: 1 }, null, [])).toEqual({ quantity: 7.5, base: 22500, items: 0, total: 22500 });
    expect(logic.preview('hour', 3000, { minutes_total: 20 }, null, []).base).toBe(999); // 0.333 h, as domain/settlement.c rounds
    expect(logic.preview('day', 25000, { minutes_total: 1, days_attended: 3 }, null, [2000, -500])).toEqual({ quantity: 3, base: 75000, items: 1500, total: 76500 });
    expect(logic.preview('piece', 150, {}, 400, [])).toMatchObject({ quantity: 400, total: 60000 });
    expect(logic.preview('piece', 150, {}, null, [])).toBe(null);
    expect(logic.preview('gig', 80000, {}, null, [])).toMatchObject({ quantity: 1, total: 80000 });
  });

  test('the record form: items need a label and an amount; deductions and a changed amount need a reason; the body', () => {
    const form = Object.assign(logic.emptyForm('day'), {
      items: [{ label: '加班费', amount: '50' }, { label: '损坏工具', amount: '15.5', deduction: true }],
    });
    expect(logic.validate(form, 51950)).toEqual({ reason: '调整金额或扣款时请说明原因' });
    form.reason = '  损坏电钻一把  ';
    expect(logic.validate(form, 51950)).toEqual({});
    expect(logic.body(form)).toEqual({ items: [{ label: '加班费', amount_fen: 5000 }, { label: '损坏工具', amount_fen: -1550 }], adjust_reason: '损坏电钻一把' });

    const bad = Object.assign(logic.emptyForm('day'), { items: [{ label: '', amount: '5' }, { label: '加'.repeat(33), amount: '5' }, { label: '补', amount: '0' }, { label: '补', amount: '100001' }] });
    expect(logic.validate(bad, 1000)).toEqual({ 'items.0': '请填写名目', 'items.1': '名目最多 32 个字', 'items.2': '请填写大于 0 的金额', 'items.3': '单项金额不能超过 10 万元' });

    const adj = Object.assign(logic.emptyForm('hour'), { adjust: true, amount: '200' });
    expect(logic.validate(adj, 24000)).toEqual({ reason: '调整金额或扣款时请说明原因' });
    expect(logic.validate(Object.assign({}, adj, { amount: '240' }), 24000)).toEqual({}); // the computed amount: no reason owed
    expect(logic.validate(Object.assign({}, adj, { amount: '0' }), 24000).amount).toBe('请填写大于 0 的结算金额');
    expect(logic.validate(Object.assign({}, adj, { amount: '1000001', reason: '因' }), 24000).amount).toBe('结算金额不能超过 100 万元');
    expect(logic.validate(Object.assign({}, adj, { reason: '因'.repeat(201) }), 24000).reason).toBe('原因最多 200 个字');
    expect(logic.body(Object.assign({}, adj, { reason: '提前离场' }))).toEqual({ amount_fen: 20000, adjust_reason: '提前离场' });
    // no attendance: an amount must be entered
    expect(logic.validate(logic.emptyForm('day'), 0)).toEqual({ amount: '没有考勤记录，请填写结算金额并说明原因' });
    // piece pay needs the count
    expect(logic.validate(logic.emptyForm('piece'), null)).toEqual({ pieces: '请填写完成的件数' });
    expect(logic.body(Object.assign(logic.emptyForm('piece'), { pieces: '400' }))).toEqual({ pieces: 400 });
  });

  test('pay and dispute forms', () => {
    expect(logic.validatePay('wechat', '')).toEqual({});
    expect(logic.validatePay('bank', 'ICBC-2026_01 A')).toEqual({});
    expect(logic.validatePay('paypal', '')).toEqual({ method: '请选择付款方式' });
    expect(Object.keys(logic.validatePay('bank', '转账单号'))).toEqual(['reference']);
    expect(Object.keys(logic.validatePay('bank', 'x'.repeat(65)))).toEqual(['reference']);
    expect(logic.validateDispute('少')).toBe('请写明哪里不对（至少 2 个字）');
    expect(logic.validateDispute('少算了一天')).toBe('');
    expect(logic.validateDispute('少'.repeat(501))).toBe('最多 500 个字');
  });

  test('who may do what: the employer pays a recorded one, the worker confirms or disputes a paid one, nobody acts after', () => {
    const recorded = fakeApi.settlement(501);
    const paid = fakeApi.settlement(501, { status: 'paid', pay_method: 'bank', pay_reference: 'ICBC 1', paid_at: '2026-11-20T12:00:00Z' });
    const w = (s) => logic.view(s, 7, NOW);
    const e = (s) => logic.view(s, 3, NOW);
    expect(e(recorded)).toMatchObject({ role: 'employer', canPay: true, canConfirm: false, canDispute: false, statusText: '待付款' });
    expect(w(recorded)).toMatchObject({ role: 'worker', canPay: false, canConfirm: false, canDispute: false });
    expect(w(paid)).toMatchObject({ canConfirm: true, canDispute: true, payMethod: '银行转账', payReference: 'ICBC 1', paidAt: '11月20日 周五 20:00' });
    expect(e(paid)).toMatchObject({ canPay: false, canConfirm: false });
    for (const status of ['confirmed', 'disputed', 'resolved']) {
      const v = w(fakeApi.settlement(501, { status }));
      expect([v.canPay, v.canConfirm, v.canDispute]).toEqual([false, false, false]);
    }
    expect(logic.view(recorded, 99, NOW).role).toBe(null);
    const v = w(recorded);
    expect(v).toMatchObject({ amount: '¥380.00', basis: '¥180.00 元/天 × 2 天', workerName: '韦师傅' });
    expect(v.items.map((i) => [i.label, i.amount])).toEqual([['工资（按天计）', '¥360.00'], ['餐补', '¥20.00']]);
    const adjusted = w(fakeApi.settlement(501, { adjusted: true, amount_fen: 30000, adjust_reason: '提前离场', items: [{ position: 1, kind: 'deduction', label: '扣款', quantity_milli: null, unit_fen: null, amount_fen: -1500 }] }));
    expect(adjusted).toMatchObject({ adjusted: true, computed: '¥380.00', amount: '¥300.00', adjustReason: '提前离场' });
    expect(adjusted.items[0]).toMatchObject({ amount: '-¥15.00', deduction: true });
  });

  test('history steps newest first, in words; the list card from either side; the income statement', () => {
    const s = fakeApi.settlement(501, { status: 'disputed', complaint_id: 81, history: [
      { actor: 'user', from: null, to: 'recorded', reason: null, at: '2026-11-20T10:00:00Z' },
      { actor: 'user', from: 'recorded', to: 'paid', reason: null, at: '2026-11-20T12:00:00Z' },
      { actor: 'user', from: 'paid', to: 'disputed', reason: '少算了一天', at: '2026-11-21T01:00:00Z' },
    ] });
    const v = logic.view(s, 7, NOW);
    expect(v.steps.map((x) => [x.who, x.status, x.reason])).toEqual([['零工', '有争议', '少算了一天'], ['雇主', '已付款待确认', ''], ['雇主', '待付款', '']]);
    expect(v.complaintId).toBe(81);
    expect(logic.card(s, 7, NOW)).toMatchObject({ side: '我的工钱', other: '鹿寨建材有限公司', amount: '¥380.00', statusText: '有争议' });
    expect(logic.card(s, 3, NOW)).toMatchObject({ side: '我付的工钱', other: '韦师傅' });

    const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, count: i === 2 ? 2 : i === 10 ? 1 : 0, amount_fen: i === 2 ? 50000 : i === 10 ? 25000 : 0 }));
    const st = { year: 2026, worker: { id: 7, name: '韦师傅' }, count: 3, total_fen: 75000, confirmed_fen: 50000, awaiting_confirmation_fen: 25000, disputed_fen: 0, months,
      items: [{ id: 1, gig_id: 2, gig_title: '装卸工', employer_name: '鹿寨建材', paid_at: '2026-03-02T02:00:00Z', amount_fen: 25000, status: 'confirmed', pay_method: 'cash' }], unpaid: { count: 0, amount_fen: 0 } };
    const inc = logic.income(st, NOW);
    expect(inc).toMatchObject({ total: '¥750.00', confirmed: '¥500.00', awaiting: '¥250.00', hasDisputed: false, unpaid: '', count: 3 });
    expect(inc.months[2]).toMatchObject({ label: '3月', amount: '¥500.00', pct: 100 });
    expect(inc.months[10].pct).toBe(50);
    expect(inc.months[0].amount).toBe('—');
    expect(inc.items[0]).toMatchObject({ title: '装卸工', statusText: '已确认收款' });
    expect(logic.income(Object.assign({}, st, { unpaid: { count: 2, amount_fen: 7000 } }), NOW).unpaid).toBe('另有 2 笔工钱雇主尚未付款，共 ¥70.00');
    expect(logic.years(NOW)).toEqual(['2026', '2025', '2024', '2023', '2022']);
  });
});
