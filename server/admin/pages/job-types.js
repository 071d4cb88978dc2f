// 工种目录: the two-level job-type catalogue from GET /job-types, with a filter box and expand/collapse.
// Read-only: the catalogue comes from the migrations.

import { jobTypes } from '../services/reference.js';
import { h, fill, notice, loading } from '../dom.js';

function count(items) {
  return items.reduce((n, t) => n + 1 + count(t.children || []), 0);
}

export function render(root, { title }) {
  const body = h('div', { class: 'card-body' }, loading());
  const summary = h('span', { class: 'muted' });
  const filter = h('input', {
    type: 'search', class: 'input input-search', placeholder: '输入工种名称筛选，如：水电', 'aria-label': '筛选工种',
    maxlength: '20', autocomplete: 'off',
  });
  const expandAll = h('button', { type: 'button', class: 'btn btn-small' }, '全部展开');
  const collapseAll = h('button', { type: 'button', class: 'btn btn-small' }, '全部收起');
  let groups = [];

  function group(t) {
    const kids = t.children || [];
    const list = h('ul', { class: 'jt-children', role: 'group', hidden: true },
      kids.map((c) => h('li', { class: 'jt-child', role: 'treeitem', dataset: { id: c.id, name: c.name } },
        h('span', { class: 'jt-name' }, c.name), h('span', { class: 'node-code mono' }, `#${c.id}`))));
    const li = h('li', {
      class: 'jt-group', role: 'treeitem', dataset: { id: t.id, name: t.name },
      'aria-expanded': kids.length ? 'false' : undefined,
    });
    const toggle = h('button', {
      type: 'button', class: 'jt-head', 'aria-label': `展开 ${t.name}`, disabled: kids.length === 0,
    },
    h('span', { class: 'toggle', 'aria-hidden': 'true' }),
    h('span', { class: 'jt-name' }, t.name),
    h('span', { class: 'badge badge-level' }, `${kids.length} 个工种`),
    h('span', { class: 'node-code mono' }, `编号 ${t.id}`));
    function set(open) {
      if (!kids.length) return;
      li.setAttribute('aria-expanded', open ? 'true' : 'false');
      toggle.setAttribute('aria-label', `${open ? '收起' : '展开'} ${t.name}`);
      list.hidden = !open;
    }
    toggle.addEventListener('click', () => set(li.getAttribute('aria-expanded') !== 'true'));
    li.append(toggle, list);
    return { li, list, set, t };
  }

  function applyFilter() {
    const q = filter.value.trim();
    let shown = 0;
    for (const g of groups) {
      const own = g.t.name.includes(q);
      let anyChild = false;
      for (const c of g.list.children) {
        const hit = !q || own || c.dataset.name.includes(q);
        c.hidden = !hit;
        c.classList.toggle('jt-hit', Boolean(q) && c.dataset.name.includes(q));
        anyChild = anyChild || hit;
      }
      g.li.hidden = Boolean(q) && !own && !anyChild;
      if (!g.li.hidden) shown++;
      if (q) g.set(anyChild && !own ? true : g.li.getAttribute('aria-expanded') === 'true');
    }
    const none = body.querySelector('.jt-none');
    if (none) none.hidden = shown > 0;
  }

  async function load() {
    fill(body, loading());
    try {
      const items = await jobTypes();
      groups = items.map(group);
      const total = count(items);
      fill(summary, `共 ${items.length} 个大类，${total - items.length} 个工种`);
      fill(body,
        groups.length ? h('ul', { class: 'jt-tree', role: 'tree', 'aria-label': '工种目录' }, groups.map((g) => g.li))
          : notice('info', '尚未导入工种目录。'),
        h('p', { class: 'muted jt-none', hidden: true }, '没有符合条件的工种。'));
    } catch (err) {
      const retry = h('button', { type: 'button', class: 'btn btn-link' }, '重试');
      retry.addEventListener('click', load);
      fill(body, notice('error', `加载失败：${err.message}`, ' ', retry));
    }
  }

  filter.addEventListener('input', applyFilter);
  expandAll.addEventListener('click', () => groups.forEach((g) => { if (!g.li.hidden) g.set(true); }));
  collapseAll.addEventListener('click', () => groups.forEach((g) => g.set(false)));

  fill(root,
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, title),
      h('p', { class: 'muted' }, '发布岗位和登记零工时选用的工种分类（两级）。编号用于数据对接。')),
    h('section', { class: 'card', 'aria-labelledby': 'card-jt' },
      h('header', { class: 'card-head' },
        h('h2', { id: 'card-jt' }, '工种分类'), summary,
        h('div', { class: 'toolbar' }, filter, expandAll, collapseAll)),
      body));
  load();
}
