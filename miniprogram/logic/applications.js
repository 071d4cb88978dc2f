// A worker's own applications (我的报名) by state, which actions each state allows, the late-cancel warning,
// and the actions themselves (撤回, 取消, 签到/签退 by position or 现场码, 确认完成). Mirrors the server's
// application state machine (SPEC §2); the server still answers 409 with its zh-CN message when the list was
// stale, and the page then reloads.
'use strict';
const applications = require('../services/applications');
const location = require('../utils/location');
const format = require('../utils/format');
const rating = require('./rating');
const paged = require('./paged');
const complaints = require('./complaints');

const HOUR = 3600 * 1000;
// A cancel this close to the start is recorded as late (临时取消) and costs credit (SPEC §3).
const LATE_CANCEL_MS = 24 * HOUR;
// 签到/签退 buttons show from this long before the start until this long after the end; the server's punch
// window is narrower and its 409 message names the window.
const PUNCH_BEFORE_MS = 2 * HOUR;
const PUNCH_AFTER_MS = 12 * HOUR;

const STATUS = {
  applied: '已报名',
  accepted: '已录用',
  rejected: '未录用',
  withdrawn: '已撤回',
  cancelled: '已取消',
  no_show: '未到岗',
  completed: '已完成',
};
const STATUS_THEME = {
  applied: 'primary',
  accepted: 'success',
  rejected: 'default',
  withdrawn: 'default',
  cancelled: 'default',
  no_show: 'danger',
  completed: 'success',
};
const TABS = [
  { value: 'all', label: '全部' },
  { value: 'applied', label: '已报名' },
  { value: 'accepted', label: '已录用' },
  { value: 'completed', label: '已完成' },
  { value: 'cancelled', label: '已取消' },
  { value: 'withdrawn', label: '已撤回' },
  { value: 'rejected', label: '未录用' },
];

function ms(iso) {
  const t = Date.parse(iso);
  return isFinite(t) ? t : NaN;
}

function nowMs(now) {
  return now == null ? Date.now() : typeof now === 'number' ? now : Date.parse(now);
}

// True when cancelling `a` now would be a late cancel: inside 24 h of the gig's start (or after it).
function isLateCancel(a, now) {
  const start = ms(a && a.gig && a.gig.starts_at);
  return isFinite(start) && start - nowMs(now) < LATE_CANCEL_MS;
}

// The text of the cancel confirmation, with the warning when the cancel would be late.
function cancelMessage(a, now) {
  if (isLateCancel(a, now)) {
    return '距离开工已不足 24 小时，现在取消会记为临时取消，扣减诚信分，并通知雇主。确定取消吗？';
  }
  return '取消后雇主会收到通知，名额将让给其他人。确定取消吗？';
}

// Which buttons an application shows: {withdraw, cancel, checkIn, checkOut, confirm}.
function actionsFor(a, now) {
  const t = nowMs(now);
  const start = ms(a.gig && a.gig.starts_at);
  const end = ms(a.gig && a.gig.ends_at);
  const accepted = a.status === 'accepted';
  const punch = accepted && isFinite(start) && isFinite(end) && t >= start - PUNCH_BEFORE_MS && t <= end + PUNCH_AFTER_MS;
  return {
    withdraw: a.status === 'applied',
    cancel: accepted && !(isFinite(start) && t >= start),
    checkIn: punch,
    checkOut: punch,
    confirm: accepted && !a.worker_confirmed_at && isFinite(start) && t >= start,
  };
}

// The view model of one application in the list.
function card(a, now) {
  const g = a.gig || {};
  const actions = actionsFor(a, now);
  let progress = '';
  if (a.status === 'accepted' && a.worker_confirmed_at) progress = a.employer_confirmed_at ? '双方已确认' : '你已确认完成，等待雇主确认';
  else if (a.status === 'accepted' && a.employer_confirmed_at) progress = '雇主已确认完成，请你确认';
  else if (a.status === 'cancelled' && a.late_cancel) progress = '临时取消（开工前 24 小时内）';
  return {
    id: a.id,
    gigId: a.gig_id,
    title: g.title || '',
    pay: format.pay(g.pay_fen, g.pay_unit),
    time: format.timeRange(g.starts_at, g.ends_at, now),
    address: g.address || '',
    status: a.status,
    statusText: format.stateLabel(a, 'status', STATUS),
    statusTheme: STATUS_THEME[a.status] || 'default',
    note: a.note || '',
    appliedAt: format.dateTime(a.created_at, now),
    progress,
    rateUrl: a.status === 'completed' ? rating.url(a.id) : '', // 评价 after completion (issue 7)
    lateCancel: actions.cancel && isLateCancel(a, now),
    cancelText: actions.cancel ? cancelMessage(a, now) : '',
    actions,
    hasActions: Object.keys(actions).some((k) => actions[k]),
    complainUrl: complaints.newUrl({ respondentId: a.employer_id, applicationId: a.id, subject: g.title }),
  };
}

function list(tab, now) {
  return paged.create((page) => applications.mine({ status: tab === 'all' ? undefined : tab, page, page_size: 20 }, { toast: false }), {
    map: (a) => card(a, now),
  });
}

// wx.showModal as a promise: resolves {ok, text} (text when editable).
function modal(o) {
  return new Promise((resolve) => {
    wx.showModal(
      Object.assign({ confirmText: '确定', cancelText: '再想想' }, o, {
        success: (res) => resolve({ ok: !!res.confirm, text: typeof res.content === 'string' ? res.content : '' }),
        fail: () => resolve({ ok: false, text: '' }),
      }),
    );
  });
}

// The actions below resolve the updated card (plus a message to show); they reject the ApiError, whose zh-CN
// message request.js has already shown.
async function withdraw(id, now) {
  const r = await applications.withdraw(id);
  return { card: card(r.application, now), message: '已撤回报名' };
}

async function cancel(id, now) {
  const r = await applications.cancel(id);
  return { card: card(r.application, now), message: r.notice || '已取消' };
}

// The proof of presence: the phone's position now, or the 6-digit 现场码. Resolves {lat, lng} | {code}, or
// rejects an Error with a zh-CN message when there is none.
async function proof(method, code) {
  if (method === 'code') {
    const c = String(code || '').trim();
    if (!/^\d{6}$/.test(c)) throw new Error('请输入雇主出示的 6 位现场码');
    return { code: c };
  }
  // the same datum as the gig's site (picked with wx.chooseLocation): GCJ-02, and a fresh fix
  const loc = await location.current({ fresh: true });
  if (!loc) throw new Error('没有取到位置，请打开定位权限，或改用现场码');
  return { lat: loc.lat, lng: loc.lng };
}

// kind: 'in' | 'out'. Resolves {card, message}.
async function punch(id, kind, method, code, now) {
  const body = await proof(method, code);
  const rec = kind === 'in' ? await applications.checkIn(id, body) : await applications.checkOut(id, body);
  const at = kind === 'in' ? rec.check_in_at : rec.check_out_at;
  const when = at ? format.dateTime(at, now).split(' ').pop() : '';
  return { card: card(await applications.getApplication(id, { toast: false }), now), message: `${kind === 'in' ? '签到' : '签退'}成功 ${when}`.trim() };
}

async function confirm(id, now) {
  const c = await applications.confirm(id);
  const a = await applications.getApplication(id, { toast: false });
  return { card: card(a, now), message: c.status === 'completed' ? '已完成' : '已确认，等待雇主确认' };
}

module.exports = {
  STATUS,
  STATUS_THEME,
  TABS,
  LATE_CANCEL_MS,
  isLateCancel,
  cancelMessage,
  actionsFor,
  card,
  list,
  modal,
  withdraw,
  cancel,
  proof,
  punch,
  confirm,
};
