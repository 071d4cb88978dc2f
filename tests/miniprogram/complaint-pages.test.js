// The complaint screens in miniprogram-simulate against the fake API: 我要投诉 (type, text, photos through
// wx.chooseMedia + wx.uploadFile, field errors at the field, filing then opening the progress), 我的诉求 (list
// with status and latest step) and 诉求进度 (steps, outcome, images fetched with the token); and the ways in:
// 我的 → 我的诉求, 我的报名 → 投诉雇主, a gig's 举报虚假招聘信息.
'use strict';
const { createWx, apiError } = require('./helpers/wx-double');
const fakeApi = require('./helpers/fake-api');
const { mount, settle, text } = require('./helpers/simulate');

let api;
beforeEach(() => {
  api = fakeApi.create();
  global.wx = Object.assign(global.wx, createWx({ server: api.server }));
  wx.setStorageSync('lg.session', { access_token: 'A1', refresh_token: 'R1', expires_at: Date.now() + 900000, user: fakeApi.user });
});

async function open(page, query) {
  const comp = mount(page);
  const inst = comp.instance;
  if (inst.onLoad) inst.onLoad(query || {});
  if (inst.onShow) inst.onShow();
  await settle(40);
  return comp;
}
const posts = (p) => api.seen.filter((s) => s.key === `POST ${p}`);

test('我要投诉: text too short is shown at the field and nothing is sent; with photos it files the complaint and opens its progress', async () => {
  const comp = await open('pages/complaint/new', { respondent_id: '501', application_id: '62', title: '%E8%A3%85%E5%8D%B8%E5%B7%A5%2062' });
  expect(text(comp)).toContain('关于：装卸工 62');
  expect(text(comp)).toContain('拖欠工资');
  comp.instance.onText({ detail: { value: '没给钱' } });
  await comp.instance.onSubmit();
  await settle();
  expect(text(comp)).toContain('至少 5 个字');
  expect(posts('/complaints')).toHaveLength(0);

  wx._setMedia([{ tempFilePath: 'wxfile://a.jpg', size: 2048 }, { tempFilePath: 'wxfile://b.jpg', size: 4096 }]);
  comp.querySelector('.add').dispatchEvent('tap');
  await settle(40);
  expect(comp.data.form.images.map((i) => i.id)).toEqual([901, 902]);
  expect(wx.uploadFile).toHaveBeenCalledTimes(2);
  comp.instance.onRemoveImage({ currentTarget: { dataset: { index: 0 } } });
  comp.instance.onCategory({ detail: { value: 'fee_demanded' } });
  comp.instance.onText({ detail: { value: '报名后雇主要求先交 200 元押金才能上岗' } });
  await comp.instance.onSubmit();
  await settle();
  const sent = posts('/complaints');
  expect(sent).toHaveLength(1);
  expect(sent[0].req.data).toEqual({ category: 'fee_demanded', respondent_id: 501, application_id: 62, text: '报名后雇主要求先交 200 元押金才能上岗', image_ids: [902] });
  expect(sent[0].req.header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
  expect(wx.redirectTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/complaint/detail?id=83' }));
});

test('我要投诉: the server\'s refusal (no dealings with the respondent) is shown on the page', async () => {
  api.routes['POST /complaints'] = () => apiError(403, 'forbidden', '只能投诉与你有过报名或邀约往来的用户', 'respondent_id');
  const comp = await open('pages/complaint/new', { respondent_id: '501' });
  comp.instance.onText({ detail: { value: '这个人发布的信息是假的' } });
  await comp.instance.onSubmit();
  await settle();
  expect(text(comp)).toContain('只能投诉与你有过报名或邀约往来的用户');
  expect(wx.redirectTo).not.toHaveBeenCalled();
});

test('我要投诉 opened without a respondent explains where to start, with no form', async () => {
  const comp = await open('pages/complaint/new', {});
  expect(text(comp)).toContain('请从报名记录或岗位页面发起投诉');
  expect(comp.querySelector('.add')).toBeFalsy();
});

test('我的诉求 lists my complaints with status and latest step; tapping one opens its progress', async () => {
  const comp = await open('pages/complaint/list');
  const t = text(comp);
  expect(t).toContain('拖欠工资');
  expect(t).toContain('处理中');
  expect(t).toContain('已电话联系雇主核实');
  expect(t).toContain('已提交');
  comp.querySelectorAll('.item')[0].dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/complaint/detail?id=81' }));
});

test('诉求进度 shows the steps newest first, the deadline, and the image fetched with the token', async () => {
  const comp = await open('pages/complaint/detail', { id: '81' });
  const t = text(comp);
  expect(t).toContain('编号 81');
  expect(t).toContain('办理时限');
  expect(t.indexOf('处理中')).toBeLessThan(t.indexOf('已提交'));
  expect(comp.data.images).toEqual(['wxfile://upload_801.jpg']);
  expect(wx.downloadFile.mock.calls[0][0].header.Authorization).toBe('Bearer A1');
});

test('the ways in: 我的 → 我的诉求, 我的报名 → 投诉雇主, a published gig → 举报虚假招聘信息', async () => {
  const me = await open('pages/me/index');
  expect(text(me)).toContain('我的诉求');
  const apps = await open('pages/worker/applications');
  const link = apps.querySelector('.complain');
  expect(link).toBeTruthy();
  link.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo.mock.calls.pop()[0].url).toMatch(/^\/pages\/complaint\/new\?respondent_id=\d+&application_id=\d+&title=/);
  const gig = await open('pages/gig/detail', { id: '11' });
  gig.querySelector('.report').dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo.mock.calls.pop()[0].url).toMatch(/^\/pages\/complaint\/new\?respondent_id=\d+&gig_id=11&category=false_info&title=/);
});
