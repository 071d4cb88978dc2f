// 行政区划: the region tree, children loaded from GET /regions?parent= when a node is first opened. The
// signed-in admin's own region is opened and marked 本辖区. Read-only: regions come from the migrations.

import { h, fill, notice } from '../dom.js';
import { LEVEL_NAMES, childrenOf, regionPath } from '../region.js';

export function render(root, { admin, title }) {
  const detail = h('div', { class: 'card-body' }, h('p', { class: 'muted' }, '点击区划名称查看详情。'));
  const tree = h('ul', { class: 'tree', role: 'tree', 'aria-label': '行政区划' });
  const treeBody = h('div', { class: 'card-body tree-wrap' }, tree);
  let selected = null;
  let ownPath = [];

  function showDetail(r, parentName) {
    fill(detail,
      h('h3', { class: 'detail-title' }, r.name),
      h('dl', { class: 'facts' },
        h('dt', {}, '区划代码'), h('dd', { class: 'mono' }, r.code),
        h('dt', {}, '级别'), h('dd', {}, LEVEL_NAMES[r.level] || String(r.level)),
        h('dt', {}, '上级区划'), h('dd', {}, parentName || '—'),
        h('dt', {}, '下级区划'), h('dd', {}, r.has_children ? '有（展开查看）' : '无'),
        h('dt', {}, '中心坐标'),
        h('dd', { class: 'mono' }, typeof r.lat === 'number' && typeof r.lng === 'number'
          ? `${r.lat.toFixed(4)}, ${r.lng.toFixed(4)}` : '未登记')),
      admin.region === r.code ? notice('info', '这是您的管辖区域。') : null);
  }

  // One <li> per region; its <ul role=group> is filled on first expansion.
  function node(r, parentName) {
    const own = admin.region === r.code;
    const group = h('ul', { role: 'group', class: 'tree-group', hidden: true });
    const li = h('li', {
      role: 'treeitem', class: 'tree-node', dataset: { code: r.code }, 'aria-level': String(r.level),
      'aria-expanded': r.has_children ? 'false' : undefined, 'aria-selected': 'false',
    });
    let loaded = false;
    const toggle = r.has_children
      ? h('button', { type: 'button', class: 'toggle', 'aria-label': `展开 ${r.name}` })
      : h('span', { class: 'toggle toggle-leaf', 'aria-hidden': 'true' });
    const label = h('button', { type: 'button', class: 'node-name' }, r.name);

    async function open(expand) {
      if (!r.has_children) return;
      li.setAttribute('aria-expanded', expand ? 'true' : 'false');
      toggle.setAttribute('aria-label', `${expand ? '收起' : '展开'} ${r.name}`);
      group.hidden = !expand;
      if (!expand || loaded) return;
      loaded = true;
      fill(group, h('li', { class: 'tree-status', role: 'none' }, '正在加载…'));
      try {
        const items = await childrenOf(r.code);
        fill(group, items.length ? items.map((c) => node(c, r.name))
          : h('li', { class: 'tree-status', role: 'none' }, '没有下级区划'));
      } catch (err) {
        loaded = false;
        const retry = h('button', { type: 'button', class: 'btn btn-link' }, '重试');
        retry.addEventListener('click', () => open(true));
        fill(group, h('li', { class: 'tree-status tree-error', role: 'none' }, `加载失败：${err.message}`, retry));
      }
    }
    li.open = open;

    if (r.has_children) toggle.addEventListener('click', () => open(li.getAttribute('aria-expanded') !== 'true'));
    label.addEventListener('click', () => {
      if (selected) {
        selected.setAttribute('aria-selected', 'false');
      }
      selected = li;
      li.setAttribute('aria-selected', 'true');
      showDetail(r, parentName);
    });
    label.addEventListener('dblclick', () => open(li.getAttribute('aria-expanded') !== 'true'));

    li.append(
      h('div', { class: own ? 'node-row node-own' : 'node-row' },
        toggle, label,
        h('span', { class: 'node-code mono' }, r.code),
        h('span', { class: 'badge badge-level' }, LEVEL_NAMES[r.level] || ''),
        own ? h('span', { class: 'badge badge-own' }, '本辖区') : null),
      group);
    return li;
  }

  async function load() {
    fill(tree, h('li', { class: 'tree-status', role: 'none' }, '正在加载…'));
    try {
      if (admin.region) ownPath = (await regionPath(admin.region)).map((r) => r.code);
    } catch {
      ownPath = [];
    }
    try {
      const roots = await childrenOf('');
      fill(tree, roots.length ? roots.map((r) => node(r, null))
        : h('li', { class: 'tree-status', role: 'none' }, '尚未导入行政区划数据'));
    } catch (err) {
      const retry = h('button', { type: 'button', class: 'btn btn-link' }, '重试');
      retry.addEventListener('click', load);
      fill(tree, h('li', { class: 'tree-status tree-error', role: 'none' }, `加载失败：${err.message}`, retry));
      return;
    }
    // Open the way down to the admin's own region (not the region itself: its children may be many).
    for (const code of ownPath.slice(0, -1)) {
      const li = tree.querySelector(`li[data-code="${code}"]`);
      if (!li) break;
      await li.open(true);
    }
    const mine = admin.region && tree.querySelector(`li[data-code="${admin.region}"] .node-name`);
    if (mine) {
      mine.click();
      mine.scrollIntoView({ block: 'nearest' });
    }
  }

  fill(root,
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, title),
      h('p', { class: 'muted' },
        '省、市、县三级使用 6 位行政区划代码，乡镇（街道）使用 9 位统计用区划代码。点击名称前的箭头展开下级区划。')),
    h('div', { class: 'split' },
      h('section', { class: 'card', 'aria-labelledby': 'card-tree' },
        h('header', { class: 'card-head' }, h('h2', { id: 'card-tree' }, '区划树')),
        treeBody),
      h('section', { class: 'card card-side', 'aria-labelledby': 'card-detail' },
        h('header', { class: 'card-head' }, h('h2', { id: 'card-detail' }, '区划详情')),
        detail)));
  load();
}
