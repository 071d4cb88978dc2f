// Every page listed in app.json loads in miniprogram-simulate (templates compiled by WeChat's wcc) against a
// fake API without errors, honours elder mode through the class on its root, and its main interactions work:
// role switch remembered, search infinite scroll, gig detail with 报名 (confirmation, 已报名, refusals, none for
// the gig's own employer), profile and gig forms showing field errors at the field, my gigs actions, 我的报名
// actions by state, the inbox and its badge on 我的, stations call/navigate, phone binding.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createWx, apiError } = require('./helpers/wx-double');
const { MP, mpRequire } = require('./helpers/mp');
const fakeApi = require('./helpers/fake-api');
const { mount, settle, rootClasses, text } = require('./helpers/simulate');

const app = JSON.parse(fs.readFileSync(path.join(MP, 'app.json'), 'utf8'));
const QUERIES = {
  'pages/gig/detail': { id: '11' },
  'pages/employer/gig-edit': { id: '41' },
  'pages/employer/applicants': { id: '42', title: '装卸工 42' },
  'pages/employer/site-code': { id: '42' },
  'pages/complaint/new': { respondent_id: '501', application_id: '62', title: '%E8%A3%85%E5%8D%B8%E5%B7%A5%2062' },
  'pages/complaint/detail': { id: '81' },
  'pages/settlement/index': { application: '63' },
};

let api;
let errors;
beforeEach(() => {
  api = fakeApi.create();
  global.wx = Object.assign(global.wx, createWx({ server: api.server }));
  wx.setStorageSync('lg.session', { access_token: 'A1', refresh_token: 'R1', expires_at: Date.now() + 900000, user: fakeApi.user });
  // WeChat's template runtime reports problems (a wx:for without wx:key, bad bindings) as warnings
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
  if (inst.onLoad) inst.onLoad(query || QUERIES[page] || {});
  if (inst.onShow) inst.onShow();
  await settle(40);
  return comp;
}

describe.each(app.pages)('%s', (page) => {
  test('loads with the fake API, renders its root with class "page", and logs no error', async () => {
    const comp = await open(page);
    expect(rootClasses(comp)).toContain('page');
    expect(rootClasses(comp)).not.toContain('elder');
    expect(text(comp).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test('honours elder mode: stored setting at load, and a change while open restyles the page at once', async () => {
    wx.setStorageSync('lg.elder', true);
    const comp = await open(page);
    expect(rootClasses(comp)).toContain('elder');
    mpRequire('utils/prefs').setElder(false);
    await settle();
    expect(rootClasses(comp)).not.toContain('elder');
  });
});

test('home: 找活 shows recommended and nearby gigs; switching to 招工 is remembered and shows the employer side', async () => {
  const comp = await open('pages/home/index');
  expect(text(comp)).toContain('为你推荐');
  expect(text(comp)).toContain('装卸工 11');
  expect(text(comp)).toContain('¥180.00 元/天');
  comp.querySelectorAll('.switch-item')[1].dispatchEvent('tap'); // 我要招工
  await settle(40);
  expect(wx.getStorageSync('lg.role')).toBe('employer');
  expect(text(comp)).toContain('发布招工');
  expect(text(comp)).toContain('认证审核中');
  const again = await open('pages/home/index');
  expect(again.data.role).toBe('employer');
});

test('search: infinite scroll asks for the next page and stops at total', async () => {
  const comp = await open('pages/search/index');
  expect(comp.data.items).toHaveLength(2);
  comp.instance.onReachBottom();
  await settle(40);
  expect(comp.data.items.map((g) => g.id)).toEqual([11, 12, 21, 22]);
  expect(comp.data.done).toBe(true);
  const pages = api.seen.filter((s) => s.key === 'GET /gigs').map((s) => s.req.url.match(/page=(\d+)/)[1]);
  expect(pages).toEqual(['1', '2']);
  comp.instance.onReachBottom();
  await settle();
  expect(api.seen.filter((s) => s.key === 'GET /gigs')).toHaveLength(2);
  expect(text(comp)).toContain('没有更多了');
});

test('search: 工种 and region pickers narrow the query', async () => {
  const comp = await open('pages/search/index');
  comp.instance.onJobType({ detail: { id: 11, name: '泥瓦工' } });
  comp.instance.onRegion({ detail: { code: '450223', name: '鹿寨县' } });
  await settle(40);
  const last = api.seen.filter((s) => s.key === 'GET /gigs').pop().req.url;
  expect(last).toContain('job_type=11');
  expect(last).toContain('region=450223');
  expect(text(comp)).toContain('泥瓦工');
});

test('gig detail: pay with unit, employer verification and credit, a map marker, and 我要报名 enabled', async () => {
  const comp = await open('pages/gig/detail', { id: '11' });
  const t = text(comp);
  expect(t).toContain('¥180.00 元/天');
  expect(t).toContain('已认证');
  expect(t).toContain('96 分');
  expect(comp.data.gig.markers).toHaveLength(1);
  const apply = comp.querySelector('.apply-bar').dom.querySelector('wx-button');
  expect(apply.textContent).toBe('我要报名');
  expect(apply.className).not.toContain('t-button--disabled');
  comp.instance.onNavigate();
  expect(wx.openLocation).toHaveBeenCalled();
  expect(api.seen.filter((s) => s.req.method !== 'GET')).toEqual([]);
});

test('gig detail: 报名 asks first, sends the note with an Idempotency-Key, then shows 已报名 and links to 我的报名', async () => {
  const comp = await open('pages/gig/detail', { id: '11' });
  wx.showModal.mockImplementationOnce((o) => o.success({ confirm: false, content: '' }));
  await comp.instance.onApply();
  expect(api.seen.some((s) => s.key === 'POST /gigs/:id/applications')).toBe(false);
  wx.showModal.mockImplementationOnce((o) => {
    expect(o.editable).toBe(true);
    o.success({ confirm: true, content: '  干过三年装卸  ' });
  });
  await comp.instance.onApply();
  await settle();
  const sent = api.seen.filter((s) => s.key === 'POST /gigs/:id/applications');
  expect(sent).toHaveLength(1);
  expect(sent[0].req.url).toMatch(/\/gigs\/11\/applications$/);
  expect(sent[0].req.data).toEqual({ note: '干过三年装卸' });
  expect(sent[0].req.header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
  expect(text(comp)).toContain('已报名');
  expect(comp.data.apply).toMatchObject({ text: '已报名', disabled: true, applied: true });
  comp.instance.onMine();
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/worker/applications' }));
});

test('gig detail: 409 already applied shows 已报名 with the server message; 403 credit restriction shows the refusal', async () => {
  api.routes['POST /gigs/:id/applications'] = () => apiError(409, 'already_exists', '你已报名过这个岗位');
  let comp = await open('pages/gig/detail', { id: '11' });
  await comp.instance.onApply();
  await settle();
  expect(comp.data.apply).toMatchObject({ text: '已报名', disabled: true });
  expect(text(comp)).toContain('你已报名过这个岗位');
  api.routes['POST /gigs/:id/applications'] = () => apiError(403, 'credit_restricted', '诚信分低于限制线，暂时不能报名，请联系就业服务中心');
  comp = await open('pages/gig/detail', { id: '11' });
  await comp.instance.onApply();
  await settle();
  expect(comp.data.apply).toMatchObject({ text: '不能报名', disabled: true });
  expect(text(comp)).toContain('诚信分低于限制线');
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '诚信分低于限制线，暂时不能报名，请联系就业服务中心' }));
});

test('gig detail: the employer viewing their own gig sees no apply button; a closed gig says 已停止招聘', async () => {
  api.routes['GET /gigs/:id'] = () => ({ statusCode: 200, header: {}, data: { gig: api.gig(11, { employer: { id: 7, name: '我自己', kind: 'person', verification: 'verified', credit: 90 } }) } });
  let comp = await open('pages/gig/detail', { id: '11' });
  expect(comp.data.gig.title).toBe('装卸工 11');
  expect(comp.querySelector('.apply-bar')).toBeUndefined();
  expect(text(comp)).not.toContain('报名');
  api.routes['GET /gigs/:id'] = () => ({ statusCode: 200, header: {}, data: { gig: api.gig(11, { status: 'closed' }) } });
  comp = await open('pages/gig/detail', { id: '11' });
  expect(comp.data.apply).toMatchObject({ show: true, text: '已停止招聘', disabled: true });
});

test('my applications: states with their actions; tabs filter; 撤回 asks and updates the card; infinite scroll asks for page 2', async () => {
  api.routes['GET /me/applications'] = (req) => {
    const q = new URLSearchParams(req.url.split('?')[1]);
    const page = Number(q.get('page'));
    const status = q.get('status');
    const all = api.apps.filter((a) => !status || a.status === status);
    const items = status ? all : page === 1 ? all.slice(0, 2) : all.slice(2);
    return { statusCode: 200, header: {}, data: { items, page, page_size: 20, total: all.length } };
  };
  const comp = await open('pages/worker/applications');
  expect(comp.data.items.map((a) => a.status)).toEqual(['applied', 'accepted']);
  comp.instance.onReachBottom();
  await settle();
  expect(comp.data.items.map((a) => a.status)).toEqual(['applied', 'accepted', 'completed', 'cancelled']);
  expect(comp.data.done).toBe(true);
  const t = text(comp);
  expect(t).toContain('已报名');
  expect(t).toContain('已录用');
  expect(t).toContain('临时取消');
  expect(comp.data.items[0].actions).toMatchObject({ withdraw: true, cancel: false });
  expect(comp.data.items[1].actions).toMatchObject({ withdraw: false, cancel: true });
  expect(comp.data.items[2].hasActions).toBe(false);
  await comp.instance.onWithdraw({ currentTarget: { dataset: { id: 61 } } });
  await settle();
  const w = api.seen.find((s) => s.key === 'POST /applications/:id/withdraw');
  expect(w.req.header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
  expect(comp.data.items[0]).toMatchObject({ status: 'withdrawn', statusText: '已撤回', hasActions: false });
  comp.instance.onTab({ detail: { value: 'accepted' } });
  await settle();
  expect(api.seen.filter((s) => s.key === 'GET /me/applications').pop().req.url).toContain('status=accepted');
  expect(comp.data.items.map((a) => a.id)).toEqual([62]);
});

test('my applications: 取消 shows the late-cancel warning inside 24 h; 签到 by 现场码 and 确认完成 after the start', async () => {
  const soon = new Date(Date.now() + 3 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const later = new Date(Date.now() + 12 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const begun = new Date(Date.now() - 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  api.apps.splice(0, api.apps.length, fakeApi.application(81, { status: 'accepted', gig: { starts_at: soon, ends_at: later } }), fakeApi.application(82, { status: 'accepted', gig: { starts_at: begun, ends_at: later } }));
  const comp = await open('pages/worker/applications');
  expect(comp.data.items[0]).toMatchObject({ lateCancel: true, actions: { cancel: true, checkIn: false, confirm: false } });
  expect(text(comp)).toContain('距开工不足 24 小时');
  await comp.instance.onCancel({ currentTarget: { dataset: { id: 81 } } });
  expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: expect.stringContaining('临时取消') }));
  await settle();
  expect(comp.data.items[0].status).toBe('cancelled');

  expect(comp.data.items[1].actions).toMatchObject({ cancel: false, checkIn: true, checkOut: true, confirm: true });
  wx.showActionSheet.mockImplementationOnce((o) => o.success({ tapIndex: 1 }));
  wx.showModal.mockImplementationOnce((o) => o.success({ confirm: true, content: '123456' }));
  await comp.instance.onPunch({ currentTarget: { dataset: { id: 82, kind: 'in' } } });
  await settle();
  expect(api.seen.find((s) => s.key === 'POST /applications/:id/attendance/check-in').req.data).toEqual({ code: '123456' });
  expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: expect.stringContaining('签到成功') }));
  await comp.instance.onPunch({ currentTarget: { dataset: { id: 82, kind: 'out' } } }); // by position
  await settle();
  expect(api.seen.find((s) => s.key === 'POST /applications/:id/attendance/check-out').req.data).toEqual({ lat: 24.4728, lng: 109.752 });
  await comp.instance.onConfirm({ currentTarget: { dataset: { id: 82 } } });
  await settle();
  expect(api.seen.some((s) => s.key === 'POST /applications/:id/confirm')).toBe(true);
  expect(comp.data.items[1]).toMatchObject({ progress: '你已确认完成，等待雇主确认', actions: { confirm: false } });
});

test('my applications: a wrong 现场码 is refused before any request', async () => {
  const begun = new Date(Date.now() - 3600 * 1000).toISOString();
  api.apps.splice(0, api.apps.length, fakeApi.application(82, { status: 'accepted', gig: { starts_at: begun, ends_at: begun.replace(/^\d{4}/, '2099') } }));
  const comp = await open('pages/worker/applications');
  wx.showActionSheet.mockImplementationOnce((o) => o.success({ tapIndex: 1 }));
  wx.showModal.mockImplementationOnce((o) => o.success({ confirm: true, content: '12a' }));
  await comp.instance.onPunch({ currentTarget: { dataset: { id: 82, kind: 'in' } } });
  await settle();
  expect(api.seen.some((s) => s.key === 'POST /applications/:id/attendance/check-in')).toBe(false);
  expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '请输入雇主出示的 6 位现场码' }));
});

test('inbox: unread first marked, tap marks read and opens what it is about; 全部已读', async () => {
  const comp = await open('pages/inbox/index');
  expect(comp.data.unread).toBe(1);
  expect(text(comp)).toContain('1 条未读');
  expect(text(comp)).toContain('报名已录用');
  expect(comp.data.items.map((n) => n.unread)).toEqual([true, false]);
  await comp.instance.onOpen({ currentTarget: { dataset: { id: 71 } } });
  await settle();
  expect(api.seen.some((s) => s.key === 'POST /me/notifications/:id/read')).toBe(true);
  expect(comp.data.items[0].unread).toBe(false);
  expect(comp.data.unread).toBe(0);
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/worker/applications' }));
  await comp.instance.onOpen({ currentTarget: { dataset: { id: 72 } } });
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/gig/detail?id=11' }));
  expect(api.seen.filter((s) => s.key === 'POST /me/notifications/:id/read')).toHaveLength(1);
  api.notes[0].read_at = null;
  const again = await open('pages/inbox/index');
  await again.instance.onReadAll();
  await settle();
  expect(api.seen.some((s) => s.key === 'POST /me/notifications/read-all')).toBe(true);
  expect(again.data.items.every((n) => !n.unread)).toBe(true);
  expect(text(again)).toContain('没有未读消息');
});

test('worker profile: a wrong ID number is flagged at the field before any request; a server field error shows at its field', async () => {
  api.routes['PUT /me/worker'] = () => apiError(422, 'content_rejected', '自我介绍含有联系方式，请删除', 'intro');
  const comp = await open('pages/worker/profile');
  expect(text(comp)).toContain('资料完整度 60%');
  comp.instance.onInput({ currentTarget: { dataset: { field: 'idNumber' } }, detail: { value: '110105194912310021' } });
  await comp.instance.onSave();
  await settle();
  expect(text(comp)).toContain('身份证号码不正确，请核对后重新填写');
  expect(api.seen.filter((s) => s.key === 'PUT /me/worker')).toHaveLength(0);
  comp.instance.onInput({ currentTarget: { dataset: { field: 'idNumber' } }, detail: { value: '' } });
  comp.instance.onInput({ currentTarget: { dataset: { field: 'intro' } }, detail: { value: '加我微信 abc' } });
  await comp.instance.onSave();
  await settle();
  expect(api.seen.filter((s) => s.key === 'PUT /me/worker')).toHaveLength(1);
  expect(comp.data.errors).toEqual({ intro: '自我介绍含有联系方式，请删除' });
  expect(text(comp)).toContain('自我介绍含有联系方式，请删除');
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '自我介绍含有联系方式，请删除' }));
});

test('worker profile: the getPhoneNumber button binds the phone', async () => {
  const comp = await open('pages/worker/profile');
  await comp.instance.onPhone({ detail: { code: 'phone:13800138000', errMsg: 'getPhoneNumber:ok' } });
  await settle();
  expect(comp.data.form.phone).toBe('138****8000');
  expect(api.seen.find((s) => s.key === 'POST /auth/phone').req.data).toEqual({ code: 'phone:13800138000' });
});

test('gig edit: the map picker fills the address; the word filter 422 shows under 工作内容', async () => {
  api.routes['POST /gigs'] = () => apiError(422, 'content_rejected', '内容未通过审核：不得向零工收取押金', 'description');
  const comp = await open('pages/employer/gig-edit', {});
  comp.instance.chooseSite();
  await settle();
  expect(comp.data.form.address).toBe('广西壮族自治区柳州市鹿寨县 鹿寨县人民广场');
  const set = (field, value) => comp.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } });
  set('title', '装卸工');
  set('description', '上岗先交押金 200 元');
  set('payYuan', '180');
  comp.instance.onJobType({ detail: { id: 2, name: '装卸搬运' } });
  const pick = (field, value) => {
    comp.instance.openTime({ currentTarget: { dataset: { field } } });
    comp.instance.onTime({ detail: { value } });
  };
  pick('startsAt', '2030-11-22 08:00');
  pick('endsAt', '2030-11-22 17:00');
  expect(comp.data.timeVisible).toBe(false);
  await comp.instance.save(true);
  await settle();
  const sent = api.seen.find((s) => s.key === 'POST /gigs').req.data;
  expect(sent).toMatchObject({ title: '装卸工', pay_fen: 18000, starts_at: '2030-11-22T00:00:00Z', ends_at: '2030-11-22T09:00:00Z', region_code: '450223', submit: true });
  expect(comp.data.errors).toEqual({ description: '内容未通过审核：不得向零工收取押金' });
  expect(text(comp)).toContain('内容未通过审核：不得向零工收取押金');
});

test('my gigs: tabs filter by state; submit and close ask first and update the card', async () => {
  const comp = await open('pages/employer/gigs');
  expect(comp.data.items.map((g) => g.status)).toEqual(['draft', 'published', 'rejected']);
  expect(text(comp)).toContain('审核意见：请写明工作时间');
  comp.instance.onTab({ detail: { value: 'rejected' } });
  await settle();
  expect(api.seen.filter((s) => s.key === 'GET /me/gigs').pop().req.url).toContain('status=rejected');
  comp.instance.onTab({ detail: { value: 'all' } });
  await settle();
  await comp.instance.onClose({ currentTarget: { dataset: { id: 42 } } });
  await settle();
  expect(wx.showModal).toHaveBeenCalled();
  expect(api.seen.some((s) => s.key === 'POST /gigs/:id/close')).toBe(true);
  expect(comp.data.items.find((g) => g.id === 42).status).toBe('closed');
  wx.showModal.mockImplementationOnce((o) => o.success({ confirm: false }));
  await comp.instance.onSubmit({ currentTarget: { dataset: { id: 41 } } });
  await settle();
  expect(api.seen.some((s) => s.key === 'POST /gigs/:id/submit')).toBe(false);
});

test('stations: markers on the map, call and navigate through WeChat', async () => {
  const comp = await open('pages/stations/index');
  expect(comp.data.markers).toHaveLength(1);
  expect(text(comp)).toContain('鹿寨县零工驿站');
  expect(text(comp)).toContain('640米');
  comp.instance.onCall({ currentTarget: { dataset: { id: 2 } } });
  comp.instance.onNavigate({ currentTarget: { dataset: { id: 2 } } });
  expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0772-6812345' });
  expect(wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ name: '鹿寨县零工驿站' }));
});

test('me: binding the phone, switching role and elder mode from the settings', async () => {
  const comp = await open('pages/me/index');
  expect(text(comp)).toContain('绑定微信手机号');
  await comp.instance.onPhone({ detail: { code: 'phone:13800138000' } });
  await settle();
  expect(text(comp)).toContain('138****8000');
  comp.instance.onElder({ detail: { value: true } });
  await settle();
  expect(rootClasses(comp)).toContain('elder');
  expect(wx.getStorageSync('lg.elder')).toBe(true);
});

test('me: the unread count shows on 消息 and on the 我的 tab; links to 我的报名 and 消息', async () => {
  const comp = await open('pages/me/index');
  expect(comp.data.unread).toBe(1);
  expect(wx.setTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 2, text: '1' }));
  expect(comp.dom.querySelector('.t-badge--t-badge__count').textContent).toBe('1');
  expect(text(comp)).toContain('我的报名');
  // the rows link where 我的 says (tdesign cells keep data-url on their host, which simulate does not render)
  const wxml = fs.readFileSync(path.join(MP, 'pages/me/index.wxml'), 'utf8');
  expect(wxml).toMatch(/title="我的报名"[^>]*data-url="\/pages\/worker\/applications"/);
  expect(wxml).toMatch(/title="消息"[^>]*data-url="\/pages\/inbox\/index"/);
  comp.instance.go({ currentTarget: { dataset: { url: '/pages/inbox/index' } } });
  expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/inbox/index' }));
  api.notes.forEach((n) => (n.read_at = '2026-11-21T00:00:00Z'));
  comp.instance.onShow();
  await settle(40);
  expect(comp.data.unread).toBe(0);
  expect(wx.removeTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 2 }));
});

test('my gigs: a published gig links to 报名管理, 现场码 and 找工人', async () => {
  const comp = await open('pages/employer/gigs');
  const pub = comp.data.items.find((g) => g.id === 42);
  expect(pub.links).toEqual({ applicants: true, siteCode: true, findWorkers: true });
  expect(comp.data.items.find((g) => g.id === 41).links).toEqual({ applicants: false, siteCode: false, findWorkers: false });
  expect(text(comp)).toContain('报名管理');
  comp.instance.onApplicants({ currentTarget: { dataset: { id: 42, title: '装卸工 42' } } });
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/pages/employer/applicants?id=42&title=${encodeURIComponent('装卸工 42')}` }));
  comp.instance.onSiteCode({ currentTarget: { dataset: { id: 42, title: '' } } });
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/employer/site-code?id=42&title=' }));
  comp.instance.onFindWorkers({ currentTarget: { dataset: { id: 42 } } });
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/employer/workers?gig=42' }));
});

test('applicants: masked phone without a call button until accepted; 录用 unmasks it; 不录用 asks first', async () => {
  const comp = await open('pages/employer/applicants', { id: '42', title: '装卸工 42' });
  expect(api.seen.find((s) => s.key === 'GET /gigs/:id/applications').req.url).toMatch(/\/gigs\/42\/applications\?/);
  const [a, b, c] = comp.data.items;
  expect(a).toMatchObject({ status: 'applied', phone: '138****8000', canCall: false, actions: { accept: true, reject: true, cancel: false } });
  expect(b).toMatchObject({ status: 'accepted', phone: '13800138000', canCall: true, actions: { accept: false, cancel: true, noShow: false } });
  expect(c).toMatchObject({ statusText: '未录用', hasActions: false, name: '覃阿姨' });
  const t = text(comp);
  expect(t).toContain('泥瓦工 12年');
  expect(t).toContain('88 分');
  expect(t).toContain('录用后可见完整号码');
  expect(comp.querySelectorAll('.call')).toHaveLength(1);
  comp.instance.onCall({ currentTarget: { dataset: { id: 92 } } });
  expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13800138000' });
  comp.instance.onCall({ currentTarget: { dataset: { id: 91 } } });
  expect(wx.makePhoneCall).toHaveBeenCalledTimes(1);

  await comp.instance.onAccept({ currentTarget: { dataset: { id: 91 } } });
  await settle();
  const acc = api.seen.find((s) => s.key === 'POST /applications/:id/accept');
  expect(acc.req.url).toMatch(/\/applications\/91\/accept$/);
  expect(acc.req.header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
  expect(comp.data.items[0]).toMatchObject({ status: 'accepted', statusText: '已录用', canCall: true, phone: '13800138000', name: '韦师傅' });

  wx.showModal.mockImplementationOnce((o) => o.success({ confirm: false }));
  api.applicants[0].status = 'applied';
  await comp.instance.onReject({ currentTarget: { dataset: { id: 91 } } });
  expect(api.seen.some((s) => s.key === 'POST /applications/:id/reject')).toBe(false);
});

test('applicants: the server refusal shows at the applicant; 取消 warns when late; 未到岗 and 确认完成 after the start', async () => {
  const soon = new Date(Date.now() + 3 * 3600 * 1000).toISOString();
  const begun = new Date(Date.now() - 3600 * 1000).toISOString();
  const later = new Date(Date.now() + 8 * 3600 * 1000).toISOString();
  api.applicants.splice(
    0,
    api.applicants.length,
    fakeApi.applicant(91),
    fakeApi.applicant(94, { status: 'accepted', gig: { starts_at: soon, ends_at: later } }),
    fakeApi.applicant(95, { status: 'accepted', gig: { starts_at: begun, ends_at: later } }),
  );
  api.routes['POST /applications/:id/accept'] = () => apiError(409, 'gig_full', '录用人数已满，不能再录用');
  const comp = await open('pages/employer/applicants', { id: '42' });
  await comp.instance.onAccept({ currentTarget: { dataset: { id: 91 } } });
  await settle();
  expect(comp.data.items[0]).toMatchObject({ status: 'applied', error: '录用人数已满，不能再录用' });
  expect(comp.querySelector('.error').dom.textContent).toBe('录用人数已满，不能再录用');

  expect(comp.data.items[1]).toMatchObject({ lateCancel: true, actions: { cancel: true, noShow: false, confirm: false } });
  await comp.instance.onCancel({ currentTarget: { dataset: { id: 94 } } });
  expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: expect.stringContaining('临时取消') }));
  await settle();
  expect(comp.data.items[1].status).toBe('cancelled');

  expect(comp.data.items[2].actions).toMatchObject({ cancel: false, noShow: true, confirm: true });
  await comp.instance.onConfirm({ currentTarget: { dataset: { id: 95 } } });
  await settle();
  expect(api.seen.find((s) => s.key === 'POST /applications/:id/confirm').req.header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
  expect(comp.data.items[2]).toMatchObject({ status: 'accepted', progress: '你已确认完成，等待零工确认', actions: { confirm: false, noShow: true } });
  await comp.instance.onNoShow({ currentTarget: { dataset: { id: 95 } } });
  await settle();
  expect(comp.data.items[2]).toMatchObject({ status: 'no_show', statusText: '未到岗', hasActions: false });
});

test('site code: the code shown large with a countdown from expires_in', async () => {
  const comp = await open('pages/employer/site-code', { id: '42' });
  expect(api.seen.find((s) => s.key === 'GET /gigs/:id/site-code').req.url).toMatch(/\/gigs\/42\/site-code$/);
  expect(comp.data).toMatchObject({ code: '482913', spaced: '482 913' });
  expect(comp.querySelector('.code').dom.textContent).toBe('482 913');
  expect(text(comp)).toMatch(/3\d 秒后更新/);
  comp.instance.onUnload();
});

test('find workers: filters narrow /workers; cards are masked; 邀请 sends worker_id to the gig and marks 已邀请', async () => {
  const comp = await open('pages/employer/workers', { gig: '42' });
  expect(comp.data.items.map((w) => w.name)).toEqual(['韦**', '覃**']);
  const t = text(comp);
  expect(t).toContain('51岁');
  expect(t).toContain('泥瓦工 12年');
  expect(t).toContain('诚信 92 分');
  expect(t).toContain('约3.0公里');
  comp.instance.onJobType({ detail: { id: 11, name: '泥瓦工' } });
  comp.instance.onRegion({ detail: { code: '450223', name: '鹿寨县' } });
  comp.instance.onDate({ detail: { value: '2030-11-22' } });
  await settle(40);
  const last = api.seen.filter((s) => s.key === 'GET /workers').pop().req.url;
  expect(last).toContain('job_type=11');
  expect(last).toContain('region=450223');
  expect(last).toContain('available_on=2030-11-22');
  await comp.instance.onInvite({ currentTarget: { dataset: { id: 301 } } });
  await settle();
  const inv = api.seen.find((s) => s.key === 'POST /gigs/:id/invitations');
  expect(inv.req.url).toMatch(/\/gigs\/42\/invitations$/);
  expect(inv.req.data).toEqual({ worker_id: 301 });
  expect(comp.data.invited[301]).toBe(true);
  expect(text(comp)).toContain('已邀请');
});

test('find workers: without a gig, 邀请 offers my published gigs', async () => {
  const comp = await open('pages/employer/workers', {});
  await comp.instance.onInvite({ currentTarget: { dataset: { id: 302 } } });
  await settle();
  // one published gig (42) in the fake: no sheet needed
  expect(api.seen.filter((s) => s.key === 'GET /me/gigs').pop().req.url).toContain('status=published');
  expect(api.seen.find((s) => s.key === 'POST /gigs/:id/invitations').req.url).toMatch(/\/gigs\/42\/invitations$/);
});
