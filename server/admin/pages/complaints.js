// 诉求处理: complaints of the admin's region, newest first, by status or escalation (GET /admin/complaints),
// one complaint with its photos, progress and deadline (GET /complaints/{id}; photos from GET /uploads/{id}
// fetched with the bearer token and shown through blob: URLs — a token never goes into a URL), and the
// bureau's steps: accept, handle with a note, resolve (upheld or not, with a note) or reject with a reason
// (POST /admin/complaints/{id}/…). Once escalated past its SLA only the parent region's admins act on it.
// Role admin.

import * as complaints from '../services/complaints.js';
import * as uploads from '../services/uploads.js';
import { h, fill, objectUrl } from '../dom.js';
import { regionContains, regionLabel } from '../region.js';
import {
  listDetailPage, facts, badge, fmtTime, remaining, statusArea, pagedTable, formDialog, detailPanel,
  actions, section, historyList, creditLink,
} from '../ui.js';
import { COMPLAINT_STATES, labelOf } from '../labels.js';

const TABS = [
  { value: '', label: '全部' },
  { value: 'submitted', label: '待受理' },
  { value: 'accepted', label: '已受理' },
  { value: 'handling', label: '处理中' },
  { value: 'escalated', label: '超期升级' },
  { value: 'resolved', label: '已办结' },
  { value: 'rejected', label: '已驳回' },
];

const OPEN = new Set(['submitted', 'accepted', 'handling', 'escalated']);
const isOpen = (c) => OPEN.has(c.status);
const overdue = (c) => isOpen(c) && Date.parse(c.sla_due_at) < Date.now();

const HANDLE_PRESETS = ['已电话联系双方，正在核实情况', '已调取考勤、结算记录，正在核实', '已约谈用工单位，要求限期整改'];

function statusBadges(c) {
  const kind = c.status === 'resolved' ? 'ok' : c.status === 'rejected' ? 'soon' : c.status === 'escalated' ? 'bad' : 'warn';
  return [
    badge(kind, labelOf(c, 'status', COMPLAINT_STATES)),
    c.escalated && c.status !== 'escalated' ? badge('bad', '已升级') : null,
    overdue(c) && !c.escalated ? badge('bad', '已超期') : null,
  ];
}

function deadlineCell(c) {
  if (!isOpen(c)) return h('span', { class: 'muted' }, fmtTime(c.sla_due_at));
  return [h('div', { class: overdue(c) ? 'late' : '' }, fmtTime(c.sla_due_at)),
    h('div', { class: overdue(c) ? 'late small' : 'muted small' }, remaining(c.sla_due_at))];
}

const clip = (text, n = 40) => (Array.from(text).length > n ? `${Array.from(text).slice(0, n).join('')}…` : text);

// One photo: fetched with the token, shown from a blob: URL (released when the page is left).
function photo(img, n) {
  const box = h('a', { class: 'thumb', target: '_blank', rel: 'noopener', title: `查看原图（第 ${n} 张）` },
    h('span', { class: 'thumb-error muted' }, '加载中…'));
  uploads.file(img.id).then(({ blob }) => {
    const url = objectUrl(blob);
    box.href = url;
    fill(box, h('img', { src: url, alt: `诉求图片 ${n}` }));
  }).catch((err) => {
    box.removeAttribute('target');
    fill(box, h('span', { class: 'thumb-error' }, `图片无法加载：${err.message}`));
  });
  return box;
}

export function render(root, { title, admin }) {
  const status = statusArea();
  let tab = '';
  const detail = detailPanel('card-complaint', '诉求详情', '在左侧列表中点击“查看”，查看诉求内容、图片和办理记录。');

  const list = pagedTable({
    label: '诉求列表',
    empty: '当前没有这一状态的诉求。',
    columns: [
      { title: '编号', class: 'mono col-id', cell: (c) => String(c.id) },
      { title: '类别', class: 'nowrap', cell: (c) => c.category_label },
      { title: '诉求内容', cell: (c) => h('div', { class: 'cell-clip' }, clip(c.text)) },
      { title: '状态', cell: statusBadges },
      { title: '办理期限', class: 'col-time', cell: deadlineCell },
    ],
    load: (page, size) => complaints.list({
      status: tab === 'escalated' ? '' : tab, escalated: tab === 'escalated' ? 'true' : '', page, page_size: size,
    }),
    onOpen: (c) => open(c.id),
  });

  async function act(c, verb) {
    status.clear();
    const forms = {
      accept: {
        title: '受理诉求',
        intro: `受理编号 ${c.id} 的诉求？受理后投诉人会收到通知，请在办理期限（${fmtTime(c.sla_due_at)}）前办结。`,
        submitText: '确认受理',
        onSubmit: () => complaints.accept(c.id),
        done: `诉求 ${c.id} 已受理，投诉人已收到通知。`,
      },
      handle: {
        title: '开始处理',
        intro: '填写处理进展，投诉人可以在“诉求进度”中看到。',
        fields: [{ name: 'note', label: '处理进展', min: 2, max: 500, presets: HANDLE_PRESETS, hint: '2～500 字，投诉人可见' }],
        submitText: '提交',
        onSubmit: (v) => complaints.handle(c.id, v.note),
        done: `诉求 ${c.id} 已进入处理，进展已通知投诉人。`,
      },
      resolve: {
        title: '办结诉求',
        intro: '诉求成立的，被投诉人将记一次诚信扣分；虚假招聘信息成立的，相关岗位将被下架。',
        fields: [
          { name: 'upheld', label: '核实结论', kind: 'choice', options: [{ value: true, label: '诉求成立' }, { value: false, label: '诉求不成立' }] },
          { name: 'note', label: '处理结果', min: 2, max: 500, hint: '2～500 字，投诉人可见' },
        ],
        submitText: '确认办结',
        onSubmit: (v) => complaints.resolve(c.id, v.upheld, v.note),
        done: `诉求 ${c.id} 已办结，结果已通知投诉人。`,
      },
      reject: {
        title: '驳回诉求',
        intro: '驳回后诉求结束办理，投诉人会看到驳回理由。',
        fields: [{ name: 'reason', label: '驳回理由', min: 2, max: 500, hint: '2～500 字，投诉人可见' }],
        submitText: '确认驳回',
        danger: true,
        onSubmit: (v) => complaints.reject(c.id, v.reason),
        done: `诉求 ${c.id} 已驳回，理由已通知投诉人。`,
      },
    };
    const f = forms[verb];
    const r = await formDialog(f);
    if (r.done) {
      status.ok(f.done);
      show(r.result.complaint);
      list.reload();
    } else if (r.failed) {
      list.reload();
      open(c.id);
    }
  }

  function deadlineNotice(c) {
    if (!isOpen(c)) return null;
    if (c.escalated) {
      const to = h('span', {}, c.escalated_region || '上级');
      if (c.escalated_region) regionLabel(c.escalated_region).then((l) => fill(to, l.short));
      return h('div', { class: 'notice notice-error' }, `已超过办理期限（${fmtTime(c.sla_due_at)}），于 ${fmtTime(c.escalated_at)} 升级至`, to, '督办。');
    }
    if (overdue(c)) return h('div', { class: 'notice notice-error' }, `已超过办理期限（${fmtTime(c.sla_due_at)}），${remaining(c.sla_due_at)}，即将升级至上级督办。`);
    return h('div', { class: 'notice notice-info' }, `办理期限：${fmtTime(c.sla_due_at)}（${remaining(c.sla_due_at)}）`);
  }

  function stepButtons(c) {
    if (!isOpen(c)) return null;
    if (c.escalated_region && !regionContains(admin.region, c.escalated_region)) {
      return h('div', { class: 'notice notice-warn' }, '该诉求已升级，由上级就业服务部门办理，本级只能查看。');
    }
    const b = (label, verb, kind) => ({ label, kind, onClick: () => act(c, verb) });
    if (c.status === 'submitted') return actions([b('受理', 'accept', 'primary')]);
    if (c.status === 'escalated') return actions([b('受理', 'accept', 'primary'), b('开始处理', 'handle')]);
    if (c.status === 'accepted') return actions([b('开始处理', 'handle', 'primary')]);
    return actions([b('办结', 'resolve', 'primary'), b('驳回', 'reject', 'danger')]);
  }

  function show(c) {
    const region = h('span', {}, c.region_code || '—');
    if (c.region_code) regionLabel(c.region_code).then((l) => fill(region, l.short));
    const images = c.images || [];
    detail.show(
      h('div', { class: 'detail-title-row' }, h('h3', { class: 'detail-title' }, `${c.category_label} · 编号 ${c.id}`),
        h('span', {}, statusBadges(c))),
      deadlineNotice(c),
      stepButtons(c),
      c.status === 'resolved' || c.status === 'rejected' ? h('div', { class: `notice ${c.upheld ? 'notice-ok' : 'notice-info'}` },
        c.status === 'rejected' ? `已驳回：${c.resolution || ''}` : `${c.upheld ? '诉求成立' : '诉求不成立'}：${c.resolution || ''}`) : null,
      facts([
        ['来源', c.source === 'system' ? '结算争议自动转入' : '用户提交'],
        ['所属区县', region],
        ['投诉人', [`用户 ${c.complainant_id} `, creditLink(admin, c.complainant_id)]],
        ['被投诉人', [`用户 ${c.respondent_id} `, creditLink(admin, c.respondent_id)]],
        ['关联岗位', c.gig ? `${c.gig.title}（编号 ${c.gig.id}）` : null],
        ['关联报名', c.application_id ? `编号 ${c.application_id}` : null],
        ['关联结算', c.settlement_id ? `编号 ${c.settlement_id}` : null],
        ['提交时间', fmtTime(c.created_at)],
        ['办结时间', c.resolved_at ? fmtTime(c.resolved_at) : null],
      ]),
      section('诉求内容', h('p', { class: 'prose' }, c.text)),
      images.length ? section(`图片（${images.length} 张）`, h('div', { class: 'thumbs' }, images.map((img, i) => photo(img, i + 1)))) : null,
      section('办理记录', historyList(c.history, COMPLAINT_STATES)));
  }

  const open = (id) => detail.load(() => complaints.get(id), (r) => show(r.complaint), '诉求');

  listDetailPage(root, {
    title,
    description: '本辖区零工和雇主提交的诉求，最新的在前。请在办理期限内受理、处理并办结；超过期限未办结的诉求将自动升级至上级督办。',
    status, listTitle: '诉求列表', list, detail,
    tabs: { label: '诉求状态', options: TABS, value: tab, pick: (v) => { tab = v; } },
  });
}
