// The trust screens of issue 7 in miniprogram-simulate against the fake API: 评价 after completion (stars,
// tags up to 5, text; the other side's rating only once revealed), 我的诚信分 with the restriction reason and
// the ledger, 屏蔽名单 with 解除屏蔽, and the entry points — 评价 on completed cards of 我的报名 and 报名管理,
// 屏蔽 on gig detail and on an applicant, 诚信 on 我的.
'use strict';
const { createWx } = require('./helpers/wx-double');
const fakeApi = require('./helpers/fake-api');
const { mount, settle, text } = require('./helpers/simulate');

let api;
let errors;
beforeEach(() => {
  api = fakeApi.create();
  global.wx = Object.assign(global.wx, createWx({ server: api.server }));
  wx.setStorageSync('lg.session', { access_token: 'A1', refresh_token: 'R1', expires_at: Date.now() + 900000, user: fakeApi.user });
  errors = [];
  jest.spyOn(console, 'error').mockImplementation((...a) => errors.push(a.join(' ')));
  jest.spyOn(console, 'warn').mockImplementation((...a) => errors.push(a.join(' ')));
});
afterEach(() => {
  console.error.mockRestore();
  console.warn.mockRestore();
});

async function open(page, query) {
  const comp = mount(page);
  const inst = comp.instance;
  if (inst.onLoad) inst.onLoad(query || {});
  if (inst.onShow) inst.onShow();
  await settle(40);
  return comp;
}
const sent = (key) => api.seen.filter((s) => s.key === key);

test('评价: the worker picks stars and tags of their direction, writes a text, and sees the rating as pending', async () => {
  const comp = await open('pages/rating/index', { app: '63' });
  expect(comp.data.view).toMatchObject({ canRate: true, theirsNote: '对方已评价，你评价后双方的评价同时公开' });
  expect(comp.data.tags.map((t) => t.name)).toEqual(['工资按时结', '环境安全', '拖欠工资']); // the worker's direction
  expect(text(comp)).toContain('提交评价');
  comp.instance.onStar({ currentTarget: { dataset: { n: 5 } } });
  comp.instance.onTag({ currentTarget: { dataset: { name: '工资按时结' } } });
  comp.instance.onTag({ currentTarget: { dataset: { name: '环境安全' } } });
  comp.instance.onText({ detail: { value: '  当天结清工资  ' } });
  expect(comp.data.starText).toBe('非常满意');
  await comp.instance.onSubmit();
  await settle(40);
  const post = sent('POST /applications/:id/ratings');
  expect(post).toHaveLength(1);
  expect(post[0].req.data).toEqual({ stars: 5, tags: ['工资按时结', '环境安全'], text: '当天结清工资' });
  expect(comp.data.view.canRate).toBe(false);
  expect(comp.data.view.mine).toMatchObject({ stars: 5, pending: '对方评价后或 7 天后公开' });
  expect(text(comp)).toContain('我的评价');
  expect(errors).toEqual([]);
});

test('评价: a refusal from the server (409 rated before) shows on the form; a sixth tag is refused locally', async () => {
  api.routes['POST /applications/:id/ratings'] = () => ({ statusCode: 409, header: {}, data: { error: { code: 'already_exists', message: '你已经评价过这次工作，每次工作只能评价一次' } } });
  const comp = await open('pages/rating/index', { app: '63' });
  comp.setData({ tags: ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => ({ name, positive: true, selected: i < 5 })) });
  comp.instance.onTag({ currentTarget: { dataset: { name: 'f' } } });
  expect(comp.data.formError).toBe('最多选 5 个标签');
  comp.instance.onStar({ currentTarget: { dataset: { n: 2 } } });
  await comp.instance.onSubmit();
  await settle();
  expect(comp.data.formError).toBe('你已经评价过这次工作，每次工作只能评价一次');
  expect(text(comp)).toContain('每次工作只能评价一次');
});

test('我的诚信分: score, why it is restricted and what that stops, and the ledger with signed changes', async () => {
  const comp = await open('pages/credit/index');
  expect(comp.data.state).toMatchObject({ score: 50, restricted: true, level: '受限' });
  const t = text(comp);
  expect(t).toContain('低于 60 分（因「未到岗」），暂时不能报名或发布岗位');
  expect(t).toContain('-10');
  expect(t).toContain('+2');
  expect(t).toContain('核实多次爽约');
  expect(comp.data.items.map((e) => e.label)).toEqual(['未到岗', '管理员调整', '收到评价']);
  expect(errors).toEqual([]);
});

test('屏蔽名单: lists blocked users; 解除屏蔽 asks, sends DELETE and removes the row', async () => {
  const comp = await open('pages/blocks/index');
  expect(text(comp)).toContain('鹿寨建材有限公司');
  await comp.instance.onUnblock({ currentTarget: { dataset: { id: 3 } } });
  await settle();
  expect(wx.showModal).toHaveBeenCalled();
  expect(sent('DELETE /me/blocks/:id')).toHaveLength(1);
  expect(comp.data.items).toEqual([]);
  expect(text(comp)).toContain('没有屏蔽任何人');
});

test('entry points: 评价 on a completed application card; 屏蔽该雇主 on gig detail; 屏蔽 on an applicant; 诚信 on 我的', async () => {
  const mine = await open('pages/worker/applications');
  const done = mine.data.items.find((a) => a.status === 'completed');
  expect(done.rateUrl).toBe('/pages/rating/index?app=63');
  expect(mine.data.items.filter((a) => a.status !== 'completed').every((a) => !a.rateUrl)).toBe(true);
  expect(text(mine)).toContain('评价雇主');
  mine.instance.onRate({ currentTarget: { dataset: { url: done.rateUrl } } });
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/rating/index?app=63' }));

  api.routes['GET /gigs/:id'] = () => ({ statusCode: 200, header: {}, data: { gig: fakeApi.gig(11, { employer: { id: 3, name: '鹿寨建材有限公司', kind: 'org', verification: 'verified', credit: 96, rating: { count: 12, average: 4.5, positive_rate: 90, stars: [0, 1, 0, 3, 8], tags: [] } } }) } });
  const detail = await open('pages/gig/detail', { id: '11' });
  expect(text(detail)).toContain('4.5 分 · 好评率 90% · 12 条评价');
  expect(text(detail)).toContain('屏蔽该雇主');
  await detail.instance.onBlock();
  await settle();
  expect(sent('POST /me/blocks')[0].req.data).toEqual({ user_id: 3 });
  expect(wx.navigateBack).toHaveBeenCalled();

  api.applicants.push(fakeApi.applicant(94, { status: 'completed', completed_at: '2026-11-20T09:00:00Z' }));
  const applicants = await open('pages/employer/applicants', { id: '42', title: '装卸工 42' });
  const c = applicants.data.items.find((a) => a.status === 'completed');
  expect(c.rateUrl).toBe('/pages/rating/index?app=94');
  expect(text(applicants)).toContain('评价零工');
  await applicants.instance.onBlock({ currentTarget: { dataset: { id: c.id } } });
  await settle();
  expect(sent('POST /me/blocks').pop().req.data).toEqual({ user_id: c.workerId });

  const me = await open('pages/me/index');
  expect(text(me)).toContain('我的诚信分');
  expect(text(me)).toContain('屏蔽名单');
  expect(errors).toEqual([]);
});
