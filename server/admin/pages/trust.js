// 评价与诚信: the ratings made on gigs of the admin's region, newest first (GET /admin/ratings), hiding one
// with a reason its author sees (POST /admin/ratings/{id}/hide; its credit effect is undone by the server),
// and a user's 诚信分 with its ledger (GET /admin/users/{id}/credit), adjusted with a reason or a
// restriction lifted after review (POST …/credit/adjust | lift). Ratings: roles admin and reviewer; 诚信档案:
// role admin only, as the API allows. #/trust?user=ID opens a user's 诚信档案 (links from other pages).

import * as ratings from '../services/ratings.js';
import * as credit from '../services/credit.js';
import { h, fill, notice, loading } from '../dom.js';
import {
  pageHead, card, badge, fmtTime, statusArea, filterTabs, pagedTable, formDialog, actions, creditLink,
} from '../ui.js';
import { RATING_DIRECTIONS, CREDIT_ROLES, ACTORS } from '../labels.js';

const HIDE_PRESETS = [
  '含有侮辱、谩骂等不文明用语',
  '含有电话、住址等个人隐私信息',
  '与本次用工无关的内容',
  '经核实评价内容与事实不符',
];

const stars = (n) => h('span', { class: 'stars', title: `${n} 星`, 'aria-label': `${n} 星` }, '★'.repeat(n) + '☆'.repeat(5 - n));

function ratingState(r) {
  if (r.hidden) return [badge('bad', '已隐藏'), r.hidden_reason ? h('div', { class: 'muted small' }, r.hidden_reason) : null];
  return r.revealed ? badge('ok', '已公开') : badge('soon', '待揭晓');
}

function ratingsView(admin, status) {
  let hidden = '';
  const list = pagedTable({
    label: '评价列表',
    empty: '没有符合条件的评价。',
    columns: [
      { title: '时间', class: 'col-time', cell: (r) => fmtTime(r.created_at) },
      { title: '岗位', cell: (r) => r.gig.title },
      { title: '评价方', cell: (r) => [h('div', {}, r.author.name), h('div', { class: 'muted small' }, RATING_DIRECTIONS[r.direction] || r.direction)] },
      { title: '星级', cell: (r) => stars(r.stars) },
      { title: '评价内容', cell: (r) => [r.text ? h('div', { class: 'cell-clip' }, r.text) : h('span', { class: 'muted' }, '（无文字）'),
        r.tags.length ? h('div', { class: 'muted small' }, r.tags.join('、')) : null] },
      { title: '状态', cell: ratingState },
    ],
    load: (page, size) => ratings.list({ hidden, page, page_size: size }),
    rowActions: (r) => [
      r.hidden ? null : hideButton(r),
      creditLink(admin, r.subject_id, '被评价方诚信分'),
    ],
  });

  function hideButton(r) {
    const b = h('button', { type: 'button', class: 'btn btn-small' }, '隐藏');
    b.addEventListener('click', async () => {
      status.clear();
      const res = await formDialog({
        title: '隐藏评价',
        intro: h('div', {}, h('p', {}, `${r.author.name}（${RATING_DIRECTIONS[r.direction]}）的 ${r.stars} 星评价：`),
          h('p', { class: 'quote' }, r.text || '（无文字）'),
          h('p', { class: 'muted' }, '隐藏后该评价不再公开、不计入好评率，由它产生的诚信分变动将被撤销；评价人会看到隐藏原因。')),
        fields: [{ name: 'reason', label: '隐藏原因', min: 2, max: 200, presets: HIDE_PRESETS, hint: '2～200 字，评价人可见' }],
        submitText: '确认隐藏',
        danger: true,
        onSubmit: (v) => ratings.hide(r.id, v.reason),
      });
      if (res.done) status.ok(`已隐藏 ${r.author.name} 对岗位「${r.gig.title}」的评价。`);
      if (res.done || res.failed) list.reload();
    });
    return b;
  }

  const tabs = filterTabs('评价状态', [
    { value: '', label: '全部' }, { value: '0', label: '未隐藏' }, { value: '1', label: '已隐藏' },
  ], hidden, (v) => {
    hidden = v;
    list.reload(1);
  });
  list.reload(1);
  return card('card-ratings', '评价管理', h('div', { class: 'card-body' }, list.el), tabs.el);
}

function creditView(status, initialUser) {
  const input = h('input', {
    class: 'input mono', id: 'credit-user', name: 'user', inputmode: 'numeric', maxlength: '18', autocomplete: 'off',
    placeholder: '如：10086', value: initialUser || '',
  });
  const go = h('button', { type: 'submit', class: 'btn btn-primary' }, '查询');
  const form = h('form', { class: 'lookup', role: 'search' },
    h('label', { class: 'field-label', for: 'credit-user' }, '用户编号'), input, go,
    h('span', { class: 'muted small' }, '用户编号可在诉求、评价、雇主认证等页面中找到。'));
  const result = h('div', { class: 'credit-result' });

  function scoreCard(user, c) {
    const low = c.restricted || c.score < c.threshold;
    return h('div', { class: 'credit-state' },
      h('div', { class: 'score' },
        h('span', { class: `score-value${low ? ' score-low' : ''}` }, String(c.score)),
        h('span', {}, `分（满分 100，低于 ${c.threshold} 分将被限制）`),
        c.restricted ? badge('bad', '已限制') : badge('ok', '正常')),
      c.restricted ? notice('error', `自 ${fmtTime(c.restricted_at)} 起被限制，不能报名或发布岗位。原因：${c.restricted_because
        ? `${c.restricted_because.label}${c.restricted_because.note ? `（${c.restricted_because.note}）` : ''}` : '诚信分低于限制线'}`) : null,
      !c.restricted && c.lifted_at ? notice('info', `已于 ${fmtTime(c.lifted_at)} 解除限制${c.lift_note ? `：${c.lift_note}` : ''}`) : null,
      actions([
        { label: '调整诚信分', kind: 'primary', onClick: () => adjust(user, c) },
        c.restricted ? { label: '解除限制', onClick: () => lift(user) } : null,
      ]));
  }

  async function adjust(user, c) {
    status.clear();
    const r = await formDialog({
      title: '调整诚信分',
      intro: `用户 ${user} 当前诚信分 ${c.score} 分。调整记入诚信分明细，分值在 0～100 之间。`,
      fields: [
        { name: 'delta', label: '调整分值', kind: 'number', min: -100, max: 100, nonZero: true, hint: '加分填正数，扣分填负数，如 -10' },
        { name: 'reason', label: '调整原因', min: 2, max: 200, hint: '2～200 字，用户可见' },
      ],
      submitText: '确认调整',
      onSubmit: (v) => credit.adjust(user, v.delta, v.reason),
    });
    if (r.done) {
      status.ok(`已调整用户 ${user} 的诚信分，当前 ${r.result.credit.score} 分。`);
      lookup(user);
    } else if (r.failed) {
      lookup(user);
    }
  }

  async function lift(user) {
    status.clear();
    const r = await formDialog({
      title: '解除限制',
      intro: `经复核后解除用户 ${user} 的限制，该用户可以继续报名和发布岗位（诚信分不变）。`,
      fields: [{ name: 'reason', label: '复核意见', min: 2, max: 200, hint: '2～200 字' }],
      submitText: '确认解除',
      onSubmit: (v) => credit.lift(user, v.reason),
    });
    if (r.done) {
      status.ok(`已解除用户 ${user} 的限制。`);
      lookup(user);
    } else if (r.failed) {
      lookup(user);
    }
  }

  async function lookup(user) {
    fill(result, loading());
    const ledgerPage = (page, size) => credit.ledger(user, { page, page_size: size });
    let first;
    try {
      first = await ledgerPage(1, 20);
    } catch (err) {
      fill(result, notice('error', err.status === 404
        ? `没有找到编号为 ${user} 的用户，或该用户不在本辖区。` : `查询失败：${err.message}`));
      return;
    }
    const state = h('div');
    const ledger = pagedTable({
      label: '诚信分明细',
      empty: '暂无诚信分变动记录（初始 100 分）。',
      columns: [
        { title: '时间', class: 'col-time', cell: (e) => fmtTime(e.created_at) },
        { title: '事由', cell: (e) => e.reason.label },
        { title: '变动', class: 'col-num', cell: (e) => h('span', { class: e.delta < 0 ? 'delta-down' : 'delta-up' }, e.delta > 0 ? `+${e.delta}` : String(e.delta)) },
        { title: '变动后', class: 'col-num', cell: (e) => String(e.score_after) },
        { title: '身份', cell: (e) => CREDIT_ROLES[e.role] || '—' },
        { title: '记录人', cell: (e) => ACTORS[e.actor] || e.actor },
        { title: '说明', cell: (e) => e.note || '—' },
      ],
      load: (page, size) => (page === 1 && first ? Promise.resolve(first) : ledgerPage(page, size)),
      onLoad: (reply) => {
        first = null;
        fill(state, scoreCard(user, reply.credit));
      },
    });
    fill(result, h('h3', { class: 'detail-title' }, `用户 ${user} 的诚信档案`), state,
      h('h3', { class: 'detail-heading' }, '诚信分明细（最新在前）'), ledger.el);
    ledger.reload(1);
  }

  function submit(ev) {
    if (ev) ev.preventDefault();
    const v = input.value.trim();
    if (!/^[1-9][0-9]{0,17}$/.test(v)) {
      input.setAttribute('aria-invalid', 'true');
      fill(result, notice('error', '请输入正确的用户编号（数字）。'));
      return;
    }
    input.removeAttribute('aria-invalid');
    if (location.hash !== `#/trust?user=${v}`) history.replaceState(null, '', `#/trust?user=${v}`);
    lookup(v);
  }
  form.addEventListener('submit', submit);
  if (initialUser) submit();
  return card('card-credit', '诚信档案', h('div', { class: 'card-body' }, form, result));
}

export function render(root, { title, admin, params }) {
  const status = statusArea();
  const user = params.get('user') || '';
  const canCredit = admin.role === 'admin';
  const body = h('div', { class: 'trust-body' });
  const views = {};
  const view = (name) => {
    if (!views[name]) views[name] = name === 'credit' ? creditView(status, user) : ratingsView(admin, status);
    fill(body, views[name]);
  };
  const tabs = canCredit ? filterTabs('功能', [{ value: 'ratings', label: '评价管理' }, { value: 'credit', label: '诚信档案' }],
    user ? 'credit' : 'ratings', (v) => {
      status.clear();
      view(v);
    }) : null;
  fill(root,
    pageHead(title, canCredit
      ? '查看本辖区岗位上的双向评价，隐藏违规评价；查询零工和雇主的诚信分及明细，必要时调整分值或解除限制。'
      : '查看本辖区岗位上的双向评价，隐藏违规评价。'),
    tabs ? h('div', { class: 'page-tabs' }, tabs.el) : null,
    status.el,
    body);
  view(canCredit && user ? 'credit' : 'ratings');
}
