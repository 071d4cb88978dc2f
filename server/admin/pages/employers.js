// 雇主认证: employers of the admin's region by verification state (GET /admin/employers?verification=…,
// oldest change first, the pending ones shown first), one employer's submitted particulars (phone and ID
// numbers arrive masked), and verify / reject with a reason the employer sees (POST /admin/employers/{id}/
// verify | reject). Roles admin and reviewer; the server scopes everything to the admin's region.

import * as employers from '../services/employers.js';
import { h } from '../dom.js';
import {
  listDetailPage, facts, badge, fmtTime, statusArea, pagedTable, formDialog, detailPanel, actions,
  creditLink,
} from '../ui.js';
import { VERIFICATION, EMPLOYER_KINDS, labelOf } from '../labels.js';

const TABS = [
  { value: 'pending', label: '待审核' },
  { value: 'verified', label: '已认证' },
  { value: 'rejected', label: '未通过' },
  { value: 'unverified', label: '未提交' },
  { value: '', label: '全部' },
];

const REJECT_PRESETS = [
  '统一社会信用代码与单位名称不一致，请核对后重新提交',
  '法定代表人信息与登记信息不符',
  '联系人或联系电话无法核实，请更新后重新提交',
  '经营地址不在本辖区，请向所在地就业服务中心申请',
];

const verificationBadge = (e) => badge(
  e.verification === 'verified' ? 'ok' : e.verification === 'pending' ? 'warn' : e.verification === 'rejected' ? 'bad' : 'soon',
  labelOf(e, 'verification', VERIFICATION));

export function render(root, { title, admin }) {
  const status = statusArea();
  let state = 'pending';
  const detail = detailPanel('card-employer', '雇主信息', '在左侧列表中点击“查看”，核对雇主提交的信息后作出认证决定。');

  const list = pagedTable({
    label: '雇主列表',
    empty: '当前没有这一状态的雇主。',
    columns: [
      { title: '名称', cell: (e) => [h('div', { class: 'cell-main' }, e.name || '（未填写）'), h('div', { class: 'muted' }, EMPLOYER_KINDS[e.kind] || '')] },
      { title: '统一社会信用代码', class: 'mono', cell: (e) => e.credit_code || '—' },
      { title: '地区', cell: (e) => (e.region ? e.region.name : '—') },
      { title: '状态', cell: (e) => verificationBadge(e) },
      { title: '更新时间', class: 'col-time', cell: (e) => fmtTime(e.updated_at) },
    ],
    load: (page, size) => employers.list({ verification: state, page, page_size: size }),
    onOpen: (e) => show(e),
  });

  async function decide(e, verb) {
    const verify = verb === 'verify';
    const name = e.name || `编号 ${e.id}`;
    status.clear();
    const r = await formDialog(verify ? {
      title: '通过认证',
      intro: `确认已核实「${name}」的身份信息，通过雇主认证？认证后其发布的岗位无需逐条审核（含敏感内容的除外）。`,
      submitText: '通过认证',
      onSubmit: () => employers.verify(e.id),
    } : {
      title: '认证不通过',
      intro: `「${name}」的认证申请将被退回，雇主会看到下面填写的原因，修改后可重新提交。`,
      fields: [{ name: 'reason', label: '不通过原因', min: 2, max: 200, presets: REJECT_PRESETS, hint: '2～200 字，雇主可见' }],
      submitText: '确认不通过',
      danger: true,
      onSubmit: (v) => employers.reject(e.id, v.reason),
    });
    if (r.done) {
      status.ok(verify ? `「${name}」已通过雇主认证。` : `「${name}」的认证申请已退回，原因已通知雇主。`);
      show(r.result.employer);
      list.reload();
    } else if (r.failed) {
      detail.reset();
      list.reload();
    }
  }

  function show(e) {
    detail.show(
      h('div', { class: 'detail-title-row' }, h('h3', { class: 'detail-title' }, e.name || '（未填写名称）'), verificationBadge(e)),
      e.verification === 'pending' ? actions([
        { label: '通过认证', kind: 'primary', onClick: () => decide(e, 'verify') },
        { label: '不通过', kind: 'danger', onClick: () => decide(e, 'reject') },
      ]) : null,
      e.verification === 'rejected' && e.verification_reason
        ? h('div', { class: 'notice notice-warn' }, `未通过原因：${e.verification_reason}`) : null,
      facts([
        ['用户编号', h('span', { class: 'mono' }, String(e.id))],
        ['类型', EMPLOYER_KINDS[e.kind] || '—'],
        e.kind === 'org' ? ['信用代码', h('span', { class: 'mono' }, e.credit_code || '—')] : null,
        e.kind === 'org' ? ['法定代表人', e.legal_rep || '—'] : null,
        e.kind === 'person' ? ['身份证号', h('span', { class: 'mono' }, e.id_number || '—')] : null,
        ['联系人', e.contact_name || '—'],
        ['联系电话', h('span', { class: 'mono' }, e.contact_phone || '—')],
        ['所属区划', e.region ? e.region.name : '—'],
        ['经营地址', e.address || '—'],
        ['诚信分', e.credit === null ? '—' : [String(e.credit), ' ', creditLink(admin, e.id)]],
        ['认证时间', e.verified_at ? fmtTime(e.verified_at) : null],
        ['更新时间', fmtTime(e.updated_at)],
      ]),
      h('p', { class: 'muted small' }, '联系电话和身份证号已按规定脱敏显示。'));
  }

  listDetailPage(root, {
    title,
    description: '核实本辖区雇主提交的单位或个人身份信息。已认证雇主发布的岗位无需逐条审核，未认证雇主的岗位全部进入岗位审核。',
    status, listTitle: '认证申请', list, detail,
    tabs: { label: '认证状态', options: TABS, value: state, pick: (v) => { state = v; } },
  });
}
