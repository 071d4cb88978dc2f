// The settlement screens in miniprogram-simulate against the fake API: the employer records a completed
// applicant's pay (the preview from attendance × rate, an item line, the body sent) and marks it paid; the
// worker confirms receipt or disputes (the reason is checked before sending; the complaint is linked); the
// server's refusal shows on the page; 我的结算 by side and state; 年度收入明细 with its PDF; and the entry
// points on 报名管理, 我的报名 and 我的.
'use strict';
const { json } = require('./helpers/wx-double');
const fakeApi = require('./helpers/fake-api');
const { settle, text } = require('./helpers/simulate');
const { pageEnv } = require('./helpers/page-env');

const env = pageEnv();
const { open, sent } = env;
beforeEach(() => {
  wx.openDocument = jest.fn();
});
const ev = (value, dataset = {}) => ({ detail: { value }, currentTarget: { dataset } });

test('工钱结算 (employer): the preview from attendance × rate, an extra item, 记录结算 sends the body, then 我已付款', async () => {
  // applicant 94 of the employer's gig (user 7 is its employer), completed, two days attended
  env.api.applicants.push(fakeApi.applicant(94, { status: 'completed' }));
  env.api.routes['GET /applications/:id/attendance'] = () => json(200, { application_id: 94, items: [], work_days: 2, days_attended: 2, minutes_total: 960, hours_total: 16 });
  const comp = await open('pages/settlement/index', { application: '94' });
  expect(comp.data.form).toMatchObject({ unit: 'day', items: [] });
  expect(text(comp)).toContain('出勤 2 天');
  expect(comp.data.preview.text).toBe('2 × ¥180.00 元/天 = ¥360.00');
  comp.instance.onAddItem({ currentTarget: { dataset: { kind: 'extra' } } });
  comp.instance.onItem(ev('加班费', { index: 0, field: 'label' }));
  comp.instance.onItem(ev('50', { index: 0, field: 'amount' }));
  expect(comp.data.preview.text).toBe('2 × ¥180.00 元/天 + 其他项目 = ¥410.00');
  await comp.instance.onRecord();
  await settle(40);
  const post = sent('POST /applications/:id/settlements');
  expect(post).toHaveLength(1);
  expect(post[0].req.data).toEqual({ items: [{ label: '加班费', amount_fen: 5000 }] });
  expect(post[0].req.header['Idempotency-Key']).toBeTruthy();
  expect(comp.data.form).toBe(null);
  expect(comp.data.view).toMatchObject({ role: 'employer', canPay: true, statusText: '待付款' });
  expect(text(comp)).toContain('我已付款');

  comp.instance.onMethod(ev('bank'));
  comp.instance.onReference(ev('转账'));
  await comp.instance.onPay();
  expect(comp.data.errors.reference).toBeTruthy(); // checked before sending
  expect(sent('POST /settlements/:id/pay')).toHaveLength(0);
  comp.instance.onReference(ev(' ICBC 20261121 '));
  await comp.instance.onPay();
  await settle(40);
  const pay = sent('POST /settlements/:id/pay');
  expect(pay).toHaveLength(1);
  expect(pay[0].req.data).toEqual({ method: 'bank', reference: 'ICBC 20261121' });
  expect(comp.data.view).toMatchObject({ status: 'paid', canPay: false, payMethod: '银行转账' });
  expect(env.errors).toEqual([]);
});

test('工钱结算 (employer): a deduction without a reason is stopped on the form; the server\'s refusal is shown', async () => {
  env.api.applicants.push(fakeApi.applicant(95, { status: 'completed' }));
  env.api.routes['GET /applications/:id/attendance'] = () => json(200, { application_id: 95, items: [], work_days: 1, days_attended: 1, minutes_total: 480, hours_total: 8 });
  env.api.routes['POST /applications/:id/settlements'] = () => ({ statusCode: 409, header: {}, data: { error: { code: 'already_exists', message: '这份报名已经记录过结算' } } });
  const comp = await open('pages/settlement/index', { application: '95' });
  comp.instance.onAddItem({ currentTarget: { dataset: { kind: 'deduction' } } });
  comp.instance.onItem(ev('损坏工具', { index: 0, field: 'label' }));
  comp.instance.onItem(ev('15', { index: 0, field: 'amount' }));
  await comp.instance.onRecord();
  expect(comp.data.errors.reason).toBe('调整金额或扣款时请说明原因');
  expect(sent('POST /applications/:id/settlements')).toHaveLength(0);
  comp.instance.onField(ev('损坏电钻', { field: 'reason' }));
  await comp.instance.onRecord();
  await settle(40);
  expect(sent('POST /applications/:id/settlements')[0].req.data).toEqual({ items: [{ label: '损坏工具', amount_fen: -1500 }], adjust_reason: '损坏电钻' });
  expect(comp.data.formError).toBe('这份报名已经记录过结算');
  expect(text(comp)).toContain('这份报名已经记录过结算');
});

test('工钱结算 (worker): a paid settlement is confirmed after the question; nothing more can be done', async () => {
  const comp = await open('pages/settlement/index', { application: '63' });
  expect(comp.data.view).toMatchObject({ role: 'worker', canConfirm: true, canDispute: true, amount: '¥380.00' });
  expect(text(comp)).toContain('确认收款');
  await comp.instance.onConfirm();
  await settle(40);
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认收款' }));
  expect(sent('POST /settlements/:id/confirm')).toHaveLength(1);
  expect(comp.data.view).toMatchObject({ status: 'confirmed', canConfirm: false, canDispute: false, statusText: '已确认收款' });
  expect(text(comp)).not.toContain('收到工钱了吗');
});

test('工钱结算 (worker): 有异议 asks why, checks the length, sends the reason and links the complaint it opened', async () => {
  const comp = await open('pages/settlement/index', { id: '501' });
  comp.instance.onDisputeOpen();
  await settle();
  expect(text(comp)).toContain('提交后会作为欠薪诉求');
  comp.instance.onDisputeReason(ev('少'));
  await comp.instance.onDispute();
  expect(comp.data.errors.dispute).toBe('请写明哪里不对（至少 2 个字）');
  expect(sent('POST /settlements/:id/dispute')).toHaveLength(0);
  comp.instance.onDisputeReason(ev('约定两天，只付了一天'));
  await comp.instance.onDispute();
  await settle(40);
  expect(sent('POST /settlements/:id/dispute')[0].req.data).toEqual({ reason: '约定两天，只付了一天' });
  expect(comp.data.view).toMatchObject({ status: 'disputed', complaintId: 81, disputeReason: '约定两天，只付了一天' });
  comp.instance.onComplaint();
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/complaint/detail?id=81' }));
});

test('工钱结算: an application of someone else with nothing recorded shows why, with no form', async () => {
  const comp = await open('pages/settlement/index', { application: '62' }); // the worker's own, accepted, no settlement
  expect(comp.data.form).toBe(null);
  expect(comp.data.empty).toBe('双方确认完成后，雇主会在这里记录工钱');
  expect(text(comp)).toContain('还没有结算记录');
});

test('我的结算: the worker side lists the pay received; a tab asks the server for that state; a card opens it', async () => {
  const comp = await open('pages/settlement/list');
  expect(comp.data.items.map((i) => [i.id, i.side, i.statusText])).toEqual([[501, '我的工钱', '已付款待确认'], [502, '我的工钱', '已确认收款']]);
  expect(text(comp)).toContain('年度收入明细');
  expect(sent('GET /me/settlements')[0].req.url).toContain('role=worker');
  comp.instance.onTab(ev('paid'));
  await settle(40);
  expect(sent('GET /me/settlements').at(-1).req.url).toContain('state=paid');
  expect(comp.data.items.map((i) => i.id)).toEqual([501]);
  comp.instance.onOpen({ currentTarget: { dataset: { id: 501 } } });
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/settlement/index?id=501' }));
});

test('年度收入明细: totals, months and items of the year; another year is asked for; the PDF opens', async () => {
  const comp = await open('pages/settlement/income');
  expect(comp.data.view).toMatchObject({ total: '¥380.00', awaiting: '¥380.00', unpaid: '另有 1 笔工钱雇主尚未付款，共 ¥70.00' });
  expect(text(comp)).toContain('装卸工 163');
  const first = sent('GET /me/income-statement')[0].req.url;
  expect(first).toContain(`year=${comp.data.years[0].value}`);
  comp.instance.onYear(ev(comp.data.years[1].value));
  await settle(40);
  expect(sent('GET /me/income-statement').at(-1).req.url).toContain(`year=${comp.data.years[1].value}`);
  await comp.instance.onPdf();
  await settle(40);
  expect(wx.downloadFile).toHaveBeenCalledTimes(1);
  expect(wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: `wxfile://income_${comp.data.years[1].value}.pdf`, fileType: 'pdf' }));
});

test('entry points: 结算工钱 on a completed applicant, 工钱结算 on a completed application, the cells of 我的', async () => {
  env.api.applicants.push(fakeApi.applicant(94, { status: 'completed' }));
  const applicants = await open('pages/employer/applicants', { id: '42', title: '装卸工 42' });
  expect(text(applicants)).toContain('结算工钱');
  applicants.instance.onSettlement({ currentTarget: { dataset: { id: 94 } } });
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/settlement/index?application=94' }));

  const mine = await open('pages/worker/applications');
  expect(text(mine)).toContain('工钱结算');
  mine.instance.onSettlement({ currentTarget: { dataset: { id: 63 } } });
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/settlement/index?application=63' }));

  const me = await open('pages/me/index');
  expect(text(me)).toContain('我的工钱');
  expect(text(me)).toContain('年度收入明细');
  wx.setStorageSync('lg.role', 'employer');
  const meEmployer = await open('pages/me/index');
  expect(text(meEmployer)).toContain('工钱结算记录');
});
