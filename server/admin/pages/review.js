// 岗位审核: the moderation queue of the admin's region (GET /admin/gigs?status=…, oldest first), one gig with
// what the sensitive-word filter flagged (GET /gigs/{id} answers admins of its region every state, its
// history and the findings), approve, and reject with a reason the employer sees (POST /admin/gigs/{id}/
// approve | reject). Roles admin and reviewer; the server scopes everything to the admin's region.

import * as gigs from '../services/gigs.js';
import { h } from '../dom.js';
import {
  listDetailPage, facts, badge, fmtTime, payText, statusArea, pagedTable, formDialog, detailPanel,
  actions, section, historyList,
} from '../ui.js';
import { GIG_STATES, VERIFICATION, WORD_CATEGORIES, WORD_ACTIONS, CHECKED_FIELDS, labelOf } from '../labels.js';

const TABS = [
  { value: 'pending_review', label: '待审核' },
  { value: 'published', label: '已发布' },
  { value: 'rejected', label: '未通过' },
];

const REJECT_PRESETS = [
  '岗位描述含有私下联系方式，请删除后重新提交',
  '涉嫌向求职者收取押金或费用，不予发布',
  '薪资待遇表述不清或与实际不符，请核实后修改',
  '岗位信息不完整，请补充工作内容和要求',
];

// The contact detector's rules, as findings name them.
const DETECTORS = {
  'contact:phone': '疑似手机号码',
  'contact:digits': '疑似联系号码',
  'contact:landline': '疑似固定电话',
  'contact:keyword': '引导私下联系',
};

const gigBadge = (g) => badge(g.status === 'published' ? 'ok' : g.status === 'pending_review' ? 'warn' : 'bad',
  labelOf(g, 'status', GIG_STATES));

// employer: the gig's employer object (its verification and, when the server sends it, verification_label)
function verificationBadge(employer) {
  const v = employer.verification;
  return badge(v === 'verified' ? 'ok' : v === 'pending' ? 'warn' : 'bad', labelOf(employer, 'verification', VERIFICATION));
}

// text with the code-point ranges [start, end) wrapped in <mark>.
function marked(text, ranges) {
  const cps = Array.from(text || '');
  const spans = ranges.map((r) => [Math.max(0, r.start), Math.min(cps.length, r.end), r.title])
    .filter(([s, e]) => s < e).sort((a, b) => a[0] - b[0]);
  const out = [];
  let at = 0;
  for (const [s, e, title] of spans) {
    if (s < at) continue; // overlapping hits: the first one marks the span
    if (s > at) out.push(cps.slice(at, s).join(''));
    out.push(h('mark', { title }, cps.slice(s, e).join('')));
    at = e;
  }
  if (at < cps.length) out.push(cps.slice(at).join(''));
  return out;
}

const hitName = (hit) => DETECTORS[hit.word] || `「${hit.word}」`;

// The hits of the newest finding of each field (findings come newest first), as marks for that field.
function rangesOf(findings) {
  const byField = {};
  for (const f of findings) {
    if (byField[f.field]) continue;
    byField[f.field] = f.hits.map((hit) => ({
      start: hit.start, end: hit.end, title: `${hitName(hit)}：${WORD_CATEGORIES[hit.category] || hit.category}`,
    }));
  }
  return (field) => byField[field] || [];
}

function findingsView(gig) {
  const list = gig.moderation || [];
  if (!list.length) {
    return h('p', { class: 'muted' }, gig.employer.verification === 'verified' ? '未发现敏感内容。'
      : '未发现敏感内容。该雇主尚未通过认证，其发布的岗位均需人工审核。');
  }
  return h('ul', { class: 'findings' }, list.map((f) => h('li', { class: 'finding' },
    h('div', { class: 'finding-head' },
      h('strong', {}, CHECKED_FIELDS[f.field] || f.field),
      badge(f.verdict === 'review' ? 'warn' : 'level', f.verdict === 'review' ? '需人工审核' : '已自动打码'),
      h('span', { class: 'muted mono' }, fmtTime(f.at))),
    h('ul', { class: 'hits' }, f.hits.map((hit) => h('li', {},
      h('span', { class: 'hit-word' }, hitName(hit)),
      h('span', { class: 'muted' }, `${WORD_CATEGORIES[hit.category] || hit.category} · ${WORD_ACTIONS[hit.action] || hit.action}`)))))));
}

export function render(root, { title }) {
  const status = statusArea();
  let state = 'pending_review';
  const detail = detailPanel('card-gig', '岗位详情', '在左侧列表中点击“查看”，核对岗位内容后作出审核决定。');

  const list = pagedTable({
    label: '岗位列表',
    empty: '当前没有这一状态的岗位。',
    columns: [
      { title: '编号', class: 'mono col-id', cell: (g) => String(g.id) },
      { title: '岗位', cell: (g) => [h('div', { class: 'cell-main' }, g.title), h('div', { class: 'muted' }, g.job_type.name)] },
      { title: '用工单位', cell: (g) => [h('div', {}, g.employer.name), verificationBadge(g.employer)] },
      { title: '地区', cell: (g) => g.region.name },
      { title: '提交时间', class: 'col-time', cell: (g) => fmtTime(g.created_at) },
    ],
    load: (page, size) => gigs.list({ status: state, page, page_size: size }),
    onOpen: (g) => open(g.id),
  });

  async function decide(gig, verb) {
    const approve = verb === 'approve';
    status.clear();
    const r = await formDialog(approve ? {
      title: '审核通过',
      intro: `确认岗位「${gig.title}」内容合规，通过审核并立即发布？`,
      submitText: '通过并发布',
      onSubmit: () => gigs.approve(gig.id),
    } : {
      title: '审核不通过',
      intro: `岗位「${gig.title}」将退回给雇主，雇主会收到下面填写的原因。`,
      fields: [{ name: 'reason', label: '不通过原因', min: 2, max: 200, presets: REJECT_PRESETS, hint: '2～200 字，雇主可见' }],
      submitText: '确认不通过',
      danger: true,
      onSubmit: (v) => gigs.reject(gig.id, v.reason),
    });
    if (r.done) {
      status.ok(approve ? `岗位「${gig.title}」已审核通过并发布。` : `岗位「${gig.title}」已退回，原因已通知雇主。`);
      show(r.result.gig);
      list.reload();
    } else if (r.failed) {
      list.reload();
      open(gig.id);
    }
  }

  function show(g) {
    const mark = rangesOf(g.moderation || []);
    detail.show(
      h('div', { class: 'detail-title-row' }, h('h3', { class: 'detail-title' }, marked(g.title, mark('title'))), gigBadge(g)),
      g.status === 'pending_review' ? actions([
        { label: '审核通过', kind: 'primary', onClick: () => decide(g, 'approve') },
        { label: '不通过', kind: 'danger', onClick: () => decide(g, 'reject') },
      ]) : null,
      g.status === 'rejected' && g.review_reason ? h('div', { class: 'notice notice-warn' }, `未通过原因：${g.review_reason}`) : null,
      facts([
        ['岗位编号', h('span', { class: 'mono' }, String(g.id))],
        ['用工单位', [g.employer.name, ' ', verificationBadge(g.employer)]],
        ['诚信分', String(g.employer.credit)],
        ['工种', g.job_type.name],
        ['薪酬', payText(g.pay_fen, g.pay_unit)],
        ['招聘人数', `${g.headcount} 人（已录用 ${g.accepted_count} 人）`],
        ['工作时间', `${fmtTime(g.starts_at)} 至 ${fmtTime(g.ends_at)}`],
        ['工作地点', marked(g.address, mark('address'))],
        ['所属区划', g.region.name],
        ['提交时间', fmtTime(g.created_at)],
        ['发布时间', g.published_at ? fmtTime(g.published_at) : null],
      ]),
      section('岗位描述', h('p', { class: 'prose' }, marked(g.description || '', mark('description')))),
      section('敏感词检查', findingsView(g)),
      section('审核记录', historyList(g.history, GIG_STATES)));
  }

  const open = (id) => detail.load(() => gigs.get(id), (r) => show(r.gig), '岗位');

  listDetailPage(root, {
    title,
    description: '本辖区雇主提交的岗位，按提交先后排列。未认证雇主的岗位和含敏感内容的岗位需经审核后才能发布。',
    status, listTitle: '审核队列', list, detail,
    tabs: { label: '岗位状态', options: TABS, value: state, pick: (v) => { state = v; } },
  });
}
