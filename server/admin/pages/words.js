// 敏感词: the one sensitive-word lexicon every region shares (GET /admin/sensitive-words, searchable by
// part of a word, category and action), a tester that runs the current filter over a text (POST …/test),
// and the CSV export (GET …/export, fetched with the token and saved from a Blob). Adding, editing and
// deleting entries (POST, PUT, DELETE) is for admins without a region scope: the server refuses county and
// city admins, so the page shows them the lexicon read-only. Role admin.

import * as words from '../services/words.js';
import { h, fill, notice, saveBlob } from '../dom.js';
import {
  pageHead, card, badge, fmtTime, statusArea, pagedTable, formDialog, charCount,
} from '../ui.js';
import { WORD_CATEGORIES, WORD_ACTIONS } from '../labels.js';

const VERDICTS = {
  pass: ['ok', '通过：可以直接发布'],
  mask: ['level', '打码：命中部分以 * 号保存'],
  review: ['warn', '人工审核：进入审核队列'],
  block: ['bad', '拦截：不允许提交'],
};

const options = (names) => Object.entries(names).map(([value, label]) => ({ value, label }));

function wordFields(w = {}) {
  return [
    { name: 'word', label: '词语', kind: 'text', min: 1, max: 64, value: w.word, hint: '简体书写一次即可，全半角、繁简、大小写和夹杂的符号都能识别' },
    { name: 'category', label: '类别', kind: 'select', options: options(WORD_CATEGORIES), value: w.category || 'custom' },
    { name: 'action', label: '处理方式', kind: 'choice', options: options(WORD_ACTIONS), value: w.action || 'review' },
    { name: 'allow', label: '词语用途', kind: 'choice', value: Boolean(w.allow),
      options: [{ value: false, label: '敏感词' }, { value: true, label: '允许词（如“不收押金”，抵消与之重叠的命中）' }] },
    { name: 'enabled', label: '状态', kind: 'choice', value: w.enabled !== false,
      options: [{ value: true, label: '启用' }, { value: false, label: '停用' }] },
    { name: 'note', label: '备注', kind: 'text', max: 200, required: false, keepEmpty: Boolean(w.id), value: w.note || '' },
  ];
}

function testerCard(status) {
  const text = h('textarea', { class: 'input textarea', id: 'word-test', rows: 2, maxlength: 2000, placeholder: '输入一段岗位描述，如：日结工资，先交 200 元押金，加微信详聊' });
  const run = h('button', { type: 'submit', class: 'btn btn-primary' }, '检测');
  const out = h('div', { class: 'tester-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'tester' },
    h('label', { class: 'field-label', for: 'word-test' }, '检测文本'), h('div', { class: 'tester-row' }, text, run), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = text.value.trim();
    if (!v || charCount(v) > 2000) {
      fill(out, notice('error', '请输入 1～2000 字的检测文本。'));
      return;
    }
    status.clear();
    run.disabled = true;
    try {
      const r = await words.test(v);
      const [kind, label] = VERDICTS[r.verdict] || ['soon', r.verdict];
      fill(out,
        h('p', {}, '结论：', badge(kind, label)),
        r.hits.length ? h('ul', { class: 'hits' }, r.hits.map((hit) => h('li', {},
          h('span', { class: 'hit-word' }, `「${hit.word}」`),
          h('span', { class: 'muted' }, hit.allow ? '允许词' : `${WORD_CATEGORIES[hit.category] || hit.category} · ${WORD_ACTIONS[hit.action] || hit.action}`))))
          : h('p', { class: 'muted' }, '没有命中任何词语。'),
        r.masked !== v ? h('p', {}, '保存后：', h('span', { class: 'quote' }, r.masked)) : null);
    } catch (err) {
      fill(out, notice('error', `检测失败：${err.message}`));
    } finally {
      run.disabled = false;
    }
  });
  return card('card-tester', '检测工具', h('div', { class: 'card-body' }, form));
}

export function render(root, { title, admin }) {
  const status = statusArea();
  const canEdit = !admin.region;
  const filter = { q: '', category: '', action: '' };
  const q = h('input', { class: 'input', id: 'w-q', type: 'search', maxlength: 64, placeholder: '词语的一部分', autocomplete: 'off' });
  const cat = h('select', { class: 'input', id: 'w-cat' }, h('option', { value: '' }, '全部类别'),
    options(WORD_CATEGORIES).map((o) => h('option', { value: o.value }, o.label)));
  const act = h('select', { class: 'input', id: 'w-act' }, h('option', { value: '' }, '全部处理方式'),
    options(WORD_ACTIONS).map((o) => h('option', { value: o.value }, o.label)));
  const search = h('button', { type: 'submit', class: 'btn' }, '查询');
  const add = canEdit ? h('button', { type: 'button', class: 'btn btn-primary' }, '新增敏感词') : null;
  const exportBtn = h('button', { type: 'button', class: 'btn' }, '导出 CSV');
  const version = h('span', { class: 'muted small' });

  const list = pagedTable({
    label: '敏感词列表',
    pageSize: 50,
    empty: '没有符合条件的词语。',
    columns: [
      { title: '词语', cell: (w) => [h('span', { class: 'cell-main' }, w.word), w.allow ? badge('ok', '允许词') : null] },
      { title: '类别', class: 'nowrap', cell: (w) => WORD_CATEGORIES[w.category] || w.category },
      { title: '处理方式', class: 'nowrap', cell: (w) => badge(w.action === 'block' ? 'bad' : w.action === 'review' ? 'warn' : 'level', WORD_ACTIONS[w.action] || w.action) },
      { title: '状态', class: 'nowrap', cell: (w) => (w.enabled ? '启用' : badge('soon', '已停用')) },
      { title: '备注', cell: (w) => w.note || '—' },
      { title: '添加人', class: 'nowrap', cell: (w) => (w.created_by === 'seed' ? '系统预置' : w.created_by || '—') },
      { title: '更新时间', class: 'col-time', cell: (w) => fmtTime(w.updated_at) },
    ],
    load: (page, size) => words.list({ ...filter, page, page_size: size }),
    onLoad: (r) => fill(version, `词库版本 ${r.version}`),
    rowActions: canEdit ? (w) => [editButton(w), deleteButton(w)] : undefined,
  });

  function button(label, onClick, cls = 'btn btn-small') {
    const b = h('button', { type: 'button', class: cls }, label);
    b.addEventListener('click', onClick);
    return b;
  }

  async function edit(w) {
    status.clear();
    const r = await formDialog({
      title: w ? `修改「${w.word}」` : '新增敏感词',
      intro: '保存后立即在本服务器生效，其他服务器在数秒内同步。',
      fields: wordFields(w || {}),
      submitText: '保存',
      onSubmit: (v) => (w ? words.update(w.id, v) : words.create(v)),
    });
    if (r.done) status.ok(w ? `已保存「${r.result.word.word}」的修改。` : `已添加「${r.result.word.word}」。`);
    if (r.done || r.failed) list.reload(w ? undefined : 1);
  }

  const editButton = (w) => button('修改', () => edit(w));
  const deleteButton = (w) => button('删除', async () => {
    status.clear();
    const r = await formDialog({
      title: '删除词语',
      intro: `删除「${w.word}」（${WORD_CATEGORIES[w.category]}）？删除后不可恢复；如只是暂时不用，可以改为停用。`,
      submitText: '确认删除',
      danger: true,
      onSubmit: () => words.remove(w.id),
    });
    if (r.done) status.ok(`已删除「${w.word}」。`);
    if (r.done || r.failed) list.reload();
  }, 'btn btn-small btn-danger-text');

  async function exportCsv() {
    status.clear();
    exportBtn.disabled = true;
    try {
      const { blob } = await words.exportCsv();
      saveBlob(blob, '敏感词库.csv');
      status.ok('已导出“敏感词库.csv”。');
    } catch (err) {
      status.error(`导出失败：${err.message}`);
    } finally {
      exportBtn.disabled = false;
    }
  }

  const filters = h('form', { class: 'filters', role: 'search' },
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'w-q' }, '词语'), q),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'w-cat' }, '类别'), cat),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'w-act' }, '处理方式'), act),
    search, h('span', { class: 'filters-gap' }), version, exportBtn, add);
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    Object.assign(filter, { q: q.value.trim(), category: cat.value, action: act.value });
    list.reload(1);
  });
  for (const s of [cat, act]) s.addEventListener('change', () => filters.requestSubmit());
  exportBtn.addEventListener('click', exportCsv);
  if (add) add.addEventListener('click', () => edit(null));

  fill(root,
    pageHead(title, '岗位标题、描述、地址及用户填写的文字在保存前都会经过敏感词检查：拦截的不允许提交，人工审核的进入岗位审核，打码的以 * 号保存。'),
    canEdit ? null : notice('info', '敏感词库由全平台共用，只有不限区域的管理员可以修改。您可以查询词库、导出和使用检测工具。'),
    status.el,
    h('div', { class: 'stack' },
      testerCard(status),
      card('card-words', '词库', h('div', { class: 'card-body' }, filters, list.el))));
  list.reload(1);
}
