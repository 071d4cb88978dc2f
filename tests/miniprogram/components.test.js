// Our components in miniprogram-simulate: the region picker loads each level lazily and respects min-level,
// the 工种 picker walks the tree and honours leaf-only, the gig card shows pay and opens the detail page, the
// availability grid reports taps, the page state shows errors with 重试. Taps on our own nodes are dispatched
// on the rendered node; tdesign components render with virtual hosts that cannot be selected, so their events
// (a t-cell's click) are delivered by calling our handler with the event WeChat would pass.
'use strict';
const { createWx } = require('./helpers/wx-double');
const fakeApi = require('./helpers/fake-api');
const { mount, settle, text } = require('./helpers/simulate');

let api;
beforeEach(() => {
  api = fakeApi.create();
  global.wx = Object.assign(global.wx, createWx({ server: api.server }));
});

function events(comp, name) {
  const got = [];
  comp.addEventListener(name, (e) => got.push(e.detail));
  return got;
}

// What a t-cell's click delivers to bind:click for the n-th row (its data-index).
function cellClick(n) {
  return { currentTarget: { dataset: { index: n } }, detail: {} };
}

test('region picker: opens on the provinces, loads children on tap, and picks a leaf with its full name', async () => {
  const comp = mount('components/region-picker/index', { visible: true });
  const changes = events(comp, 'change');
  const closes = events(comp, 'close');
  await settle();
  expect(comp.data.items.map((r) => r.name)).toEqual(['江西省', '广西壮族自治区']);
  comp.instance.onItem(cellClick(1));
  await settle();
  comp.instance.onItem(cellClick(0));
  await settle();
  comp.instance.onItem(cellClick(0));
  await settle();
  expect(api.seen.filter((s) => s.key === 'GET /regions').map((s) => s.req.url.split('?')[1] || '')).toEqual(['', 'parent=450000', 'parent=450200', 'parent=450223']);
  expect(text(comp)).toContain('鹿寨镇');
  comp.instance.onItem(cellClick(0));
  expect(changes).toEqual([{ code: '450223100', name: '鹿寨镇', level: 4, fullName: '广西壮族自治区 柳州市 鹿寨县 鹿寨镇' }]);
  expect(closes).toHaveLength(1);
});

test('region picker: with min-level 3 a province or city cannot be chosen, a county can, and the breadcrumb goes back', async () => {
  const comp = mount('components/region-picker/index', { visible: true, minLevel: 3 });
  const changes = events(comp, 'change');
  await settle();
  comp.instance.onItem(cellClick(1));
  await settle();
  expect(comp.data.canPickHere).toBe(false);
  comp.instance.onPickHere();
  comp.instance.onItem(cellClick(0));
  await settle();
  expect(comp.data.canPickHere).toBe(false);
  comp.instance.onItem(cellClick(0));
  await settle();
  expect(comp.data.canPickHere).toBe(true);
  expect(text(comp)).toContain('选择「鹿寨县」');
  comp.instance.onPickHere();
  expect(changes).toEqual([expect.objectContaining({ code: '450223', level: 3 })]);
  comp.instance.onCrumb({ currentTarget: { dataset: { index: 1 } } });
  await settle();
  expect(comp.data.path.map((p) => p.code)).toEqual(['450000']);
  expect(comp.data.items.map((r) => r.code)).toEqual(['450200']);
});

test('region picker: a failed load shows the server message in place and loads again on tap', async () => {
  let n = 0;
  api.routes['GET /regions'] = () =>
    ++n === 1
      ? { statusCode: 403, data: { error: { code: 'forbidden', message: '没有权限进行此操作' } }, header: {} }
      : { statusCode: 200, data: { items: fakeApi.REGIONS[''] }, header: {} };
  const comp = mount('components/region-picker/index', { visible: true });
  await settle();
  expect(comp.data.items).toEqual([]);
  expect(text(comp)).toContain('没有权限进行此操作（点此重试）');
  expect(wx.showToast).not.toHaveBeenCalled(); // shown in place, not twice
  comp.querySelector('.state.error').dispatchEvent('tap');
  await settle();
  expect(comp.data.items).toHaveLength(2);
  expect(comp.data.error).toBe('');
});

test('job-type picker: walks the tree; leaf-only refuses a branch; a leaf is emitted as {id, name}', async () => {
  const comp = mount('components/job-type-picker/index', { visible: true, leafOnly: true });
  const changes = events(comp, 'change');
  await settle();
  expect(comp.data.items).toEqual([
    { id: 1, name: '建筑装修', hasChildren: true },
    { id: 2, name: '装卸搬运', hasChildren: false },
  ]);
  comp.instance.onItem(cellClick(0));
  await settle();
  expect(comp.data.path).toEqual([{ id: 1, name: '建筑装修' }]);
  expect(text(comp)).not.toContain('全部」');
  comp.instance.onPickHere();
  expect(changes).toEqual([]);
  comp.instance.onItem(cellClick(1));
  expect(changes).toEqual([{ id: 12, name: '木工' }]);
});

test('job-type picker without leaf-only can choose a whole branch (a search filter)', async () => {
  const comp = mount('components/job-type-picker/index', { visible: true });
  const changes = events(comp, 'change');
  await settle();
  comp.instance.onItem(cellClick(0));
  await settle();
  expect(text(comp)).toContain('选择「建筑装修」全部');
  comp.instance.onPickHere();
  expect(changes).toEqual([{ id: 1, name: '建筑装修' }]);
});

test('gig card: shows title, pay with unit, time, distance and verification, and opens the detail page on tap', async () => {
  const present = require('./helpers/mp').mpRequire('logic/present');
  const card = present.gigCard(fakeApi.gig(11), Date.parse('2030-06-01T00:00:00Z'));
  const comp = mount('components/gig-card/index', { gig: card });
  const opened = events(comp, 'open');
  const t = text(comp);
  expect(t).toContain('装卸工 11');
  expect(t).toContain('¥180.00 元/天');
  expect(t).toContain('11月22日 周五 08:00–17:00');
  expect(t).toContain('距你 800米');
  expect(t).toContain('已认证');
  comp.querySelector('.main').dispatchEvent('tap');
  await settle();
  expect(opened).toEqual([{ id: 11 }]);
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/gig/detail?id=11' });
});

test('availability grid: a tap on a slot reports {day, slot}; read-only reports nothing', async () => {
  const wp = require('./helpers/mp').mpRequire('logic/worker-profile');
  const comp = mount('components/availability-grid/index', { days: wp.emptyForm().availability });
  const toggles = events(comp, 'toggle');
  const slots = comp.querySelectorAll('.slot');
  expect(slots).toHaveLength(21);
  slots[20].dispatchEvent('tap');
  await settle();
  expect(toggles).toEqual([{ day: 'sun', slot: 'evening' }]);
  comp.setData({ readonly: true });
  slots[0].dispatchEvent('tap');
  await settle();
  expect(toggles).toHaveLength(1);
});

test('page state: loading, then the error with 重试 that emits retry, then empty', async () => {
  const comp = mount('components/page-state/index', { loading: true });
  expect(text(comp)).toContain('正在加载');
  comp.setData({ loading: false, error: '找不到请求的内容' });
  await settle();
  expect(text(comp)).toContain('找不到请求的内容');
  const retries = events(comp, 'retry');
  comp.instance.onRetry(); // the 重试 t-button's tap
  await settle();
  expect(retries).toHaveLength(1);
  comp.setData({ error: '', empty: true, emptyText: '这里还没有零工驿站' });
  await settle();
  expect(text(comp)).toContain('这里还没有零工驿站');
});
