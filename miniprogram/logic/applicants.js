// 报名管理 for one gig, the employer's side: the applicants with their profile summary (phone masked until
// accepted, then callable), which actions each state allows — 录用 / 不录用 (applied), 取消 with the late-cancel
// warning (accepted, before the start), 未到岗 and 确认完成 (accepted, after the start) — and the actions
// themselves. The server's zh-CN refusal (409 gig_full, gig_not_started, confirm_too_early …) is kept on the
// applicant's card so it shows at the item.
'use strict';
const applications = require('../services/applications');
const format = require('../utils/format');
const paged = require('./paged');
const rating = require('./rating');
const worker = require('./applications'); // the shared state words, late-cancel rule and modal

const TABS = [
  { value: 'all', label: '全部' },
  { value: 'applied', label: '待处理' },
  { value: 'accepted', label: '已录用' },
  { value: 'completed', label: '已完成' },
  { value: 'rejected', label: '未录用' },
  { value: 'cancelled', label: '已取消' },
  { value: 'no_show', label: '未到岗' },
];

const GENDER = { male: '男', female: '女' };

function nowMs(now) {
  return now == null ? Date.now() : typeof now === 'number' ? now : Date.parse(now);
}

function startMs(a) {
  const t = Date.parse(a && a.gig && a.gig.starts_at);
  return isFinite(t) ? t : NaN;
}

// Which buttons an applicant shows: {accept, reject, cancel, noShow, confirm}.
function actionsFor(a, now) {
  const t = nowMs(now);
  const start = startMs(a);
  const accepted = a.status === 'accepted';
  const begun = isFinite(start) && t >= start;
  return {
    accept: a.status === 'applied',
    reject: a.status === 'applied',
    cancel: accepted && !begun,
    noShow: accepted && begun,
    confirm: accepted && begun && !a.employer_confirmed_at,
  };
}

// The employer's cancel confirmation, warned when it would be late (inside 24 h of the start).
function cancelMessage(a, now) {
  if (worker.isLateCancel(a, now)) {
    return '距离开工已不足 24 小时，现在取消会记为临时取消，扣减你的诚信分，并通知零工。确定取消吗？';
  }
  return '取消后零工会收到通知。确定取消这位零工的录用吗？';
}

function age(birthYear, now) {
  if (typeof birthYear !== 'number' || !birthYear) return null;
  return new Date(nowMs(now)).getUTCFullYear() - birthYear;
}

// "泥瓦工 12年 · 木工" from [{name, years}]
function jobTypesText(list) {
  return (list || []).map((j) => (j.years > 0 ? `${j.name} ${j.years}年` : j.name)).join(' · ');
}

function progressOf(a) {
  if (a.status === 'accepted' && a.employer_confirmed_at) return a.worker_confirmed_at ? '双方已确认' : '你已确认完成，等待零工确认';
  if (a.status === 'accepted' && a.worker_confirmed_at) return '零工已确认完成，请你确认';
  if (a.status === 'cancelled' && a.late_cancel) return '临时取消（开工前 24 小时内）';
  return '';
}

// The view model of one applicant.
function card(a, now) {
  const w = a.worker || {};
  const actions = actionsFor(a, now);
  const years = age(w.birth_year, now);
  const facts = [GENDER[w.gender], years != null ? `${years}岁` : ''].filter(Boolean).join(' · ');
  return {
    id: a.id,
    gigId: a.gig_id,
    workerId: w.id || a.worker_id,
    name: w.real_name || '零工',
    facts,
    jobTypes: jobTypesText(w.job_types),
    credit: typeof w.credit === 'number' ? w.credit : null,
    completeness: typeof w.completeness === 'number' ? w.completeness : null,
    phone: w.phone || '',
    canCall: !!(w.phone_unmasked && w.phone),
    note: a.note || '',
    source: a.source === 'invitation' ? '受邀' : '',
    appliedAt: format.dateTime(a.created_at, now),
    status: a.status,
    statusText: format.stateLabel(a, 'status', worker.STATUS),
    statusTheme: worker.STATUS_THEME[a.status] || 'default',
    progress: progressOf(a),
    rateUrl: a.status === 'completed' ? rating.url(a.id) : '', // 评价 after completion (issue 7)
    lateCancel: actions.cancel && worker.isLateCancel(a, now),
    cancelText: actions.cancel ? cancelMessage(a, now) : '',
    actions,
    hasActions: Object.keys(actions).some((k) => actions[k]),
    error: '',
    raw: a, // the application as the server last gave it, for rebuilding the card after an action
  };
}

function list(gigId, tab, now) {
  return paged.create((page) => applications.forGig(gigId, { status: tab === 'all' ? undefined : tab, page, page_size: 20 }, { toast: false }), {
    map: (a) => card(a, now),
  });
}

// The card after an action: the action's answer ({app} or a confirmation {patch}) over the application the card
// was built from; a transition answer may lack the worker summary, so the one we had is kept.
function next(prevRaw, r, now) {
  const base = prevRaw || {};
  const a = r.app ? Object.assign({}, r.app) : Object.assign({}, base, r.patch);
  if (!a.worker && base.worker) a.worker = base.worker;
  if (!a.gig && base.gig) a.gig = base.gig;
  return card(a, now);
}

// Each action resolves {app, message} with the updated application (raw); rejects the ApiError, unshown
// (toast: false): the page puts its message on the card.
async function accept(id) {
  const r = await applications.accept(id, undefined, { toast: false });
  return { app: r.application, message: '已录用' };
}

async function reject(id) {
  const r = await applications.reject(id, undefined, { toast: false });
  return { app: r.application, message: '已标记不录用' };
}

async function cancel(id) {
  const r = await applications.cancel(id, undefined, { toast: false });
  return { app: r.application, message: r.notice || '已取消录用' };
}

async function noShow(id) {
  const r = await applications.noShow(id, undefined, { toast: false });
  return { app: r.application, message: '已记为未到岗' };
}

async function confirm(id) {
  const c = await applications.confirm(id, { toast: false });
  return {
    patch: { status: c.status, worker_confirmed_at: c.worker_confirmed_at, employer_confirmed_at: c.employer_confirmed_at, completed_at: c.completed_at },
    message: c.status === 'completed' ? '已完成' : '已确认，等待零工确认',
  };
}

module.exports = { TABS, actionsFor, cancelMessage, age, jobTypesText, card, list, next, accept, reject, cancel, noShow, confirm, modal: worker.modal };
