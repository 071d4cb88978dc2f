// Building blocks shared by the console's work pages: page heads, cards, fact lists, badges, times and
// money in the clerk's terms, filter tabs, paged tables, and the one modal form every action goes through
// (it validates, calls the API, and shows the API's zh-CN message when the call fails). Built on dom.js, so
// API text only ever becomes text nodes. No fetch here: pages pass functions that call api.js.

import { h, fill, notice, loading, shanghaiTime } from './dom.js';
import { ACTORS, labelOf } from './labels.js';
import { navFor } from './roles.js';

// The page's title block.
export function pageHead(title, description) {
  return h('div', { class: 'page-head' },
    h('h1', { tabindex: '-1' }, title),
    description ? h('p', { class: 'muted' }, description) : null);
}

// A card with a titled head (extra head content after the title) and the given body element.
export function card(id, title, body, ...head) {
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('header', { class: 'card-head' }, h('h2', { id }, title), ...head),
    body);
}

// <dl class="facts"> from [label, value] pairs; pairs whose value is null or undefined are left out.
export function facts(rows, cls = 'facts') {
  return h('dl', { class: cls }, rows.filter((r) => r && r[1] !== null && r[1] !== undefined)
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

// kind: ok | bad | warn | soon | level | own
export function badge(kind, text) {
  return h('span', { class: `badge badge-${kind}` }, text);
}

// An RFC 3339 time as Asia/Shanghai wall time ('—' for none).
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : shanghaiTime(d);
}

// Integer fen as yuan with two decimals: 25000 → "¥250.00".
export function yuan(fen) {
  const n = Number(fen) || 0;
  const abs = Math.abs(n);
  const cents = String(abs % 100).padStart(2, '0');
  return `${n < 0 ? '-' : ''}¥${Math.floor(abs / 100).toLocaleString('zh-CN')}.${cents}`;
}

export const PAY_UNITS = { hour: '小时', day: '天', piece: '件', gig: '单' };

// "¥250.00 / 天"
export function payText(fen, unit) {
  return `${yuan(fen)} / ${PAY_UNITS[unit] || unit}`;
}

// "剩余 2 天 3 小时" / "已超期 5 小时" for a deadline, relative to now.
export function remaining(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const late = t < now;
  let mins = Math.round(Math.abs(t - now) / 60000);
  const days = Math.floor(mins / 1440);
  mins -= days * 1440;
  const hours = Math.floor(mins / 60);
  mins -= hours * 60;
  const parts = days ? [`${days} 天`, hours ? `${hours} 小时` : ''] : hours ? [`${hours} 小时`, mins ? `${mins} 分钟` : '']
    : [`${mins} 分钟`];
  return `${late ? '已超期' : '剩余'} ${parts.filter(Boolean).join(' ')}`;
}

// Characters as the server counts them (code points, not UTF-16 units).
export const charCount = (s) => Array.from(s || '').length;

// An element that holds the page's last result notice (aria-live), replaced by each new one.
export function statusArea() {
  const el = h('div', { class: 'page-status', 'aria-live': 'polite' });
  return {
    el,
    ok(text) { fill(el, notice('ok', text)); },
    error(text) { fill(el, notice('error', text)); },
    clear() { fill(el); },
  };
}

// A row of filter buttons; the current one is aria-pressed. onChange(value) when another one is pressed.
export function filterTabs(label, options, current, onChange) {
  const el = h('div', { class: 'tabs', role: 'group', 'aria-label': label });
  function set(value) {
    current = value;
    for (const b of el.children) b.setAttribute('aria-pressed', String(b.dataset.value === String(value)));
  }
  for (const o of options) {
    const b = h('button', { type: 'button', class: 'tab', dataset: { value: String(o.value) } }, o.label);
    b.addEventListener('click', () => {
      if (String(o.value) === String(current)) return;
      set(o.value);
      onChange(o.value);
    });
    el.append(b);
  }
  set(current);
  return { el, set };
}

// A paged table. load(page, pageSize) → Promise<{items, total}>; columns: [{title, cell(item) → node or
// text, class}]; onOpen(item) makes each row openable by a 查看 button, rowActions(item) → nodes adds
// other controls to the 操作 column (rows carry data-id). onLoad(reply) sees each page's whole reply.
// Returns {el, reload(page?)} — reload() keeps the current page, clamped to what remains.
export function pagedTable({
  label, columns, load, onOpen, rowActions, onLoad, pageSize = 20, empty = '没有符合条件的记录。', openText = '查看',
}) {
  const el = h('div', { class: 'table-wrap' });
  let page = 1;
  let selected = null;
  let seq = 0;

  function row(item) {
    const tr = h('tr', { dataset: { id: String(item.id) }, 'aria-selected': String(selected === item.id) },
      columns.map((c) => h('td', { class: c.class }, c.cell(item))));
    if (onOpen) {
      const open = h('button', { type: 'button', class: 'btn btn-small' }, openText);
      open.addEventListener('click', () => {
        selected = item.id;
        for (const r of el.querySelectorAll('tbody tr')) r.setAttribute('aria-selected', String(r === tr));
        onOpen(item);
      });
      tr.append(h('td', { class: 'col-op' }, open, rowActions ? rowActions(item) : null));
    } else if (rowActions) {
      tr.append(h('td', { class: 'col-op' }, rowActions(item)));
    }
    return tr;
  }

  function pager(total) {
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const prev = h('button', { type: 'button', class: 'btn btn-small', disabled: page <= 1 }, '上一页');
    const next = h('button', { type: 'button', class: 'btn btn-small', disabled: page >= pages }, '下一页');
    prev.addEventListener('click', () => go(page - 1));
    next.addEventListener('click', () => go(page + 1));
    return h('div', { class: 'pager' },
      h('span', { class: 'muted pager-info' }, `共 ${total} 条，第 ${page} / ${pages} 页`), prev, next);
  }

  async function go(p) {
    const mine = ++seq;
    page = Math.max(1, p);
    fill(el, loading());
    try {
      const r = await load(page, pageSize);
      if (mine !== seq) return;
      if (onLoad) onLoad(r);
      const total = Number(r.total) || 0;
      if (!r.items.length && page > 1 && total > 0) {
        go(Math.ceil(total / pageSize));
        return;
      }
      if (!r.items.length) {
        fill(el, h('p', { class: 'empty muted' }, empty));
        return;
      }
      fill(el,
        h('table', { class: 'table', 'aria-label': label },
          h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.class, scope: 'col' }, c.title)),
            onOpen || rowActions ? h('th', { class: 'col-op', scope: 'col' }, '操作') : null)),
          h('tbody', {}, r.items.map(row))),
        pager(total));
    } catch (err) {
      if (mine !== seq) return;
      const retry = h('button', { type: 'button', class: 'btn btn-link' }, '重试');
      retry.addEventListener('click', () => go(page));
      fill(el, notice('error', `加载失败：${err.message}`, ' ', retry));
    }
  }

  return {
    el,
    reload(p) { return go(p === undefined ? page : p); },
  };
}

let dialogSeq = 0;

function fieldInput(f, id) {
  if (f.kind === 'choice') {
    return h('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': `${id}-label` },
      f.options.map((o) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: f.name, value: String(o.value), checked: o.value === f.value }),
        h('span', {}, o.label))));
  }
  if (f.kind === 'select') {
    return h('select', { class: 'input', id, name: f.name },
      f.options.map((o) => h('option', { value: String(o.value), selected: o.value === f.value }, o.label)));
  }
  if (f.kind === 'number') {
    return h('input', {
      class: 'input input-number', id, name: f.name, type: 'number', step: '1', min: f.min, max: f.max,
      value: f.value === undefined ? '' : String(f.value), inputmode: 'numeric',
    });
  }
  if (f.kind === 'text') {
    return h('input', { class: 'input', id, name: f.name, type: 'text', maxlength: f.max, value: f.value || '', autocomplete: 'off' });
  }
  return h('textarea', { class: 'input textarea', id, name: f.name, rows: f.rows || 4, maxlength: f.max }, f.value || '');
}

function fieldValue(form, f) {
  if (f.kind === 'choice' || f.kind === 'select') {
    const c = f.kind === 'choice' ? form.querySelector(`input[name="${f.name}"]:checked`) : form.elements[f.name];
    if (!c) return undefined;
    const o = f.options.find((x) => String(x.value) === c.value);
    return o ? o.value : undefined;
  }
  const raw = form.elements[f.name].value;
  if (f.kind === 'number') return raw.trim() === '' ? undefined : Number(raw);
  return raw.trim();
}

// The message for an invalid value, or ''.
function fieldProblem(f, v) {
  if (f.kind === 'choice' || f.kind === 'select') return v === undefined ? `请选择${f.label}。` : '';
  if (f.kind === 'number') {
    if (v === undefined || !Number.isInteger(v)) return `请填写${f.label}（整数）。`;
    if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) {
      return `${f.label}应在 ${f.min} 到 ${f.max} 之间。`;
    }
    if (f.nonZero && v === 0) return `${f.label}不能为 0。`;
    return '';
  }
  const n = charCount(v);
  if (!n && f.required !== false) return `请填写${f.label}。`;
  if (n && f.min && n < f.min) return `${f.label}至少 ${f.min} 个字。`;
  if (f.max && n > f.max) return `${f.label}最多 ${f.max} 个字。`;
  return '';
}

// A modal form for one action. fields: [{name, label, kind: 'textarea' (default) | 'text' | 'number' |
// 'choice' (radio buttons) | 'select', min, max, required, hint, presets (texts that fill a textarea),
// options [{value, label}] for choice and select, nonZero for number, keepEmpty (an emptied field is sent as
// '' instead of being left out), value}]. On 确定 the values are checked here, then onSubmit(values) runs; an
// error keeps the dialog open showing err.message (the API's zh-CN text). Resolves {done: true, result}
// after a success, {done: false, failed} when cancelled (failed: whether a call failed before).
export function formDialog({ title, intro, fields = [], submitText = '确定', danger = false, onSubmit }) {
  const id = `dlg${++dialogSeq}`;
  const msg = h('div', { class: 'dialog-message', 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: danger ? 'btn btn-danger' : 'btn btn-primary' }, submitText);
  const cancel = h('button', { type: 'button', class: 'btn' }, '取消');
  const form = h('form', { class: 'dialog-form', method: 'dialog', novalidate: true });
  const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': `${id}-title` },
    h('h2', { class: 'dialog-title', id: `${id}-title` }, title), form);
  const rows = fields.map((f) => {
    const fid = `${id}-${f.name}`;
    const input = fieldInput(f, fid);
    const counter = f.kind === undefined || f.kind === 'textarea'
      ? h('span', { class: 'counter muted' }, `${charCount(f.value)}/${f.max}`) : null;
    if (counter) input.addEventListener('input', () => fill(counter, `${charCount(input.value)}/${f.max}`));
    const presets = f.presets ? h('div', { class: 'presets' }, h('span', { class: 'muted' }, '常用：'),
      f.presets.map((p) => {
        const b = h('button', { type: 'button', class: 'btn btn-small btn-preset' }, p);
        b.addEventListener('click', () => {
          input.value = p;
          input.dispatchEvent(new Event('input'));
          input.focus();
        });
        return b;
      })) : null;
    const label = f.kind === 'choice' ? h('span', { class: 'field-label', id: `${fid}-label` }, f.label)
      : h('label', { class: 'field-label', for: fid }, f.label);
    return h('div', { class: 'field' }, label, input, presets,
      h('div', { class: 'field-foot' }, f.hint ? h('span', { class: 'muted' }, f.hint) : h('span'), counter));
  });
  fill(form, intro ? h('div', { class: 'dialog-intro' }, intro) : null, rows, msg,
    h('div', { class: 'dialog-actions' }, cancel, submit));
  document.body.append(dlg);

  return new Promise((resolve) => {
    let failed = false;
    let busy = false;
    const finish = (value) => {
      dlg.close();
      dlg.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => { if (!busy) finish({ done: false, failed }); });
    dlg.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      if (!busy) finish({ done: false, failed });
    });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (busy) return;
      const values = {};
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      for (const f of fields) {
        const v = fieldValue(form, f);
        const problem = fieldProblem(f, v);
        if (problem) {
          const el = form.elements[f.name];
          if (el && el.setAttribute) el.setAttribute('aria-invalid', 'true');
          fill(msg, notice('error', problem));
          if (el && el.focus) el.focus();
          return;
        }
        if (v !== undefined && (v !== '' || f.keepEmpty)) values[f.name] = v;
      }
      busy = true;
      submit.disabled = true;
      cancel.disabled = true;
      const label = submit.textContent;
      submit.textContent = '正在提交…';
      fill(msg);
      try {
        const result = await onSubmit(values);
        finish({ done: true, result });
      } catch (err) {
        failed = true;
        busy = false;
        submit.disabled = false;
        cancel.disabled = false;
        submit.textContent = label;
        fill(msg, notice('error', err.message || '操作失败，请稍后再试。'));
      }
    });
    dlg.showModal();
    const first = form.querySelector('textarea, input:not([type=radio]), input[type=radio]');
    (first || submit).focus();
  });
}

// The right-hand detail panel of a list page: a card whose body the page fills.
export function detailPanel(id, title, placeholder) {
  const body = h('div', { class: 'card-body' }, h('p', { class: 'muted' }, placeholder));
  const el = h('section', { class: 'card card-side detail', 'aria-labelledby': id },
    h('header', { class: 'card-head' }, h('h2', { id }, title)), body);
  return {
    el,
    body,
    show(...children) { fill(body, ...children); },
    reset() { fill(body, h('p', { class: 'muted' }, placeholder)); },
    // Shows 正在加载, then show(await get()), or why the object (named by what) could not be opened.
    async load(get, show, what) {
      fill(body, loading());
      try {
        show(await get());
      } catch (err) {
        fill(body, notice('error', `无法打开该${what}：${err.message}`));
      }
    },
  };
}

// Fills root with a list-and-detail work page: its head, the result notices, what goes above (filters),
// the list card and the detail panel beside it, and loads the list. tabs {label, options, value, pick}:
// filter tabs in the list card's head; picking one calls pick(value), clears the detail, reloads page 1.
export function listDetailPage(root, { title, description, status, above, listTitle, list, tabs, detail }) {
  const bar = tabs ? filterTabs(tabs.label, tabs.options, tabs.value, (v) => {
    tabs.pick(v);
    detail.reset();
    list.reload(1);
  }) : null;
  fill(root,
    pageHead(title, description),
    status.el,
    above || null,
    h('div', { class: `split split-detail${above ? ' split-below' : ''}` },
      card('card-list', listTitle, h('div', { class: 'card-body' }, list.el), bar ? bar.el : null),
      detail.el));
  list.reload(1);
}

// A row of action buttons: [{label, kind: 'primary' | 'danger' | undefined, onClick}] (null entries skipped).
export function actions(list) {
  return h('div', { class: 'actions' }, list.filter(Boolean).map((a) => {
    const b = h('button', { type: 'button', class: `btn${a.kind ? ` btn-${a.kind}` : ''}` }, a.label);
    b.addEventListener('click', a.onClick);
    return b;
  }));
}

// A titled block inside a detail panel.
export function section(title, ...children) {
  return h('div', { class: 'detail-section' }, h('h3', { class: 'detail-heading' }, title), ...children);
}

// A history list (newest last as the API sends it): [{actor, from, to, reason, at}] with zh-CN state names.
export function historyList(items, stateNames) {
  if (!items || !items.length) return h('p', { class: 'muted' }, '暂无记录。');
  return h('ol', { class: 'timeline' }, items.map((x) => h('li', {},
    h('div', { class: 'timeline-head' },
      h('span', { class: 'timeline-time mono' }, fmtTime(x.at)),
      h('span', {}, `${ACTORS[x.actor] || x.actor}：`,
        x.from ? `${labelOf(x, 'from', stateNames)} → ` : '', labelOf(x, 'to', stateNames))),
    x.reason ? h('div', { class: 'timeline-reason' }, x.reason) : null)));
}

// A link to a user's 诚信档案 on the 评价与诚信 page, for roles that may read credit (the API's credit routes
// are role admin only); null for others.
export function creditLink(admin, userId, text = '查看诚信档案') {
  const has = admin.role === 'admin' && navFor(admin.role).some((g) => g.items.some((i) => i.page === 'trust'));
  return has ? h('a', { href: `#/trust?user=${encodeURIComponent(userId)}`, class: 'credit-link' }, text) : null;
}
