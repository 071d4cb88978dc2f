// The settlement screens' rules, as a plain module jest loads: the state machine of SPEC §2 in words and
// what each party may do in each state (the employer records and marks paid; the worker confirms receipt or
// disputes), the record form (a preview of the amount the server will compute from attendance × rate, item
// lines, an adjusted amount and when it needs a reason, and the body sent), the pay and dispute forms, the
// view models of one settlement, of 我的结算 and of the yearly income statement. The server still decides:
// its amount and its refusals (in zh-CN) are what the pages show.
'use strict';
const settlements = require('../services/settlements');
const applications = require('../services/applications');
const format = require('../utils/format');
const paged = require('./paged');

const STATUS = { recorded: '待付款', paid: '已付款待确认', confirmed: '已确认收款', disputed: '有争议', resolved: '争议已处理' };
const STATUS_THEME = { recorded: 'warning', paid: 'primary', confirmed: 'success', disputed: 'danger', resolved: 'default' };
const ACTOR = { user: '', admin: '就业服务中心', system: '系统' };
const METHODS = [
  { value: 'wechat', label: '微信转账' },
  { value: 'alipay', label: '支付宝' },
  { value: 'bank', label: '银行转账' },
  { value: 'cash', label: '现金' },
  { value: 'other', label: '其他' },
];
const TABS = [
  { value: 'all', label: '全部' },
  { value: 'recorded', label: '待付款' },
  { value: 'paid', label: '待确认' },
  { value: 'confirmed', label: '已确认' },
  { value: 'disputed', label: '有争议' },
];
const LIMITS = { items: 20, label: 32, reason: 200, disputeMin: 2, dispute: 500, reference: 64, maxFen: 100000000, itemMaxFen: 10000000, pieces: 1000000 };
const UNIT_QTY = { hour: '小时', day: '天', piece: '件', gig: '单' };

const chars = (s) => Array.from(String(s || '').trim()).length;
const methodLabel = (m) => (METHODS.find((x) => x.value === m) || { label: m || '' }).label;

// "¥250.00", with the sign kept for deductions: -1500 → "-¥15.00"
const money = (fen) => format.yuan(fen);

// The amount the server computes by default (domain/settlement.c): hour pay counts the checked-out minutes
// (rounded to 0.001 h), day pay the days with a check-in, piece pay the pieces given, a whole gig once; plus
// the item lines. attendance: GET /applications/{id}/attendance. Returns {quantity, base, items, total}
// in fen (quantity in the unit), or null when a piece count is still missing.
function preview(unit, rateFen, attendance, pieces, itemFen) {
  const a = attendance || {};
  let milli;
  if (unit === 'hour') milli = Math.floor(((a.minutes_total || 0) * 1000 + 30) / 60);
  else if (unit === 'day') milli = (a.days_attended || 0) * 1000;
  else if (unit === 'piece') milli = Number.isInteger(pieces) && pieces >= 0 ? pieces * 1000 : null;
  else milli = 1000;
  if (milli === null) return null;
  const base = Math.floor((rateFen * milli + 500) / 1000);
  const items = (itemFen || []).reduce((s, v) => s + v, 0);
  return { quantity: milli / 1000, base, items, total: base + items };
}

// An empty record form for a gig paid by unit.
function emptyForm(unit) {
  return { unit, pieces: '', items: [], adjust: false, amount: '', reason: '' };
}

// Item lines of the form as fen; {lines, errors} where errors maps "items.<i>" to a message.
function itemLines(form) {
  const errors = {};
  const lines = form.items.map((it, i) => {
    const fen = format.yuanToFen(String(it.amount || '').replace(/^-/, ''));
    const sign = it.deduction ? -1 : 1;
    if (!chars(it.label)) errors[`items.${i}`] = '请填写名目';
    else if (chars(it.label) > LIMITS.label) errors[`items.${i}`] = `名目最多 ${LIMITS.label} 个字`;
    else if (!fen) errors[`items.${i}`] = '请填写大于 0 的金额';
    else if (fen > LIMITS.itemMaxFen) errors[`items.${i}`] = '单项金额不能超过 10 万元';
    return { label: String(it.label || '').trim(), amount_fen: fen ? sign * fen : 0 };
  });
  return { lines, errors };
}

// {field: message} for what stops the form from being sent; {} when it can go. computedFen: preview total.
function validate(form, computedFen) {
  const { errors } = itemLines(form);
  if (form.items.length > LIMITS.items) errors.items = `最多 ${LIMITS.items} 项`;
  if (form.unit === 'piece') {
    const n = Number(form.pieces);
    if (!/^\d+$/.test(String(form.pieces).trim()) || n > LIMITS.pieces) errors.pieces = '请填写完成的件数';
  }
  const deduction = form.items.some((it) => it.deduction);
  if (form.adjust) {
    const fen = format.yuanToFen(form.amount);
    if (!fen) errors.amount = '请填写大于 0 的结算金额';
    else if (fen > LIMITS.maxFen) errors.amount = '结算金额不能超过 100 万元';
  }
  const reasonNeeded = deduction || (form.adjust && format.yuanToFen(form.amount) !== computedFen);
  if (reasonNeeded && !chars(form.reason)) errors.reason = '调整金额或扣款时请说明原因';
  else if (chars(form.reason) > LIMITS.reason) errors.reason = `原因最多 ${LIMITS.reason} 个字`;
  if (!form.adjust && computedFen !== null && computedFen !== undefined && computedFen <= 0 && !errors.pieces) {
    errors.amount = '没有考勤记录，请填写结算金额并说明原因';
  }
  return errors;
}

// The POST body of a valid form (only what was filled in).
function body(form) {
  const b = {};
  if (form.unit === 'piece') b.pieces = Number(form.pieces);
  const { lines } = itemLines(form);
  if (lines.length) b.items = lines;
  if (form.adjust) b.amount_fen = format.yuanToFen(form.amount);
  if (chars(form.reason)) b.adjust_reason = String(form.reason).trim();
  return b;
}

// {field: message} for the pay form; {} when it can go.
function validatePay(method, reference) {
  const errors = {};
  if (!METHODS.some((m) => m.value === method)) errors.method = '请选择付款方式';
  const r = String(reference || '').trim();
  if (r && !/^[A-Za-z0-9 _-]{1,64}$/.test(r)) errors.reference = '交易单号只能包含字母、数字、空格、- 和 _，最多 64 位';
  return errors;
}

// The dispute form's message, '' when the reason can go.
function validateDispute(reason) {
  const n = chars(reason);
  if (n < LIMITS.disputeMin) return '请写明哪里不对（至少 2 个字）';
  if (n > LIMITS.dispute) return `最多 ${LIMITS.dispute} 个字`;
  return '';
}

// The view model of settlement s for user id me.
function view(s, me, now) {
  const role = s.employer.id === me ? 'employer' : s.worker.id === me ? 'worker' : null;
  const qty = `${s.quantity} ${UNIT_QTY[s.pay_unit] || ''}`.trim();
  return {
    id: s.id,
    applicationId: s.application_id,
    gigTitle: s.gig.title,
    workerName: s.worker.name || `零工 ${s.worker.id}`,
    employerName: s.employer.name,
    status: s.status,
    statusText: format.stateLabel(s, 'status', STATUS),
    statusTheme: STATUS_THEME[s.status] || 'default',
    role,
    amount: money(s.amount_fen),
    computed: money(s.computed_fen),
    adjusted: !!s.adjusted,
    adjustReason: s.adjust_reason || '',
    basis: `${format.pay(s.rate_fen, s.pay_unit)} × ${qty}`,
    items: (s.items || []).map((i) => ({ key: String(i.position), label: i.label, amount: money(i.amount_fen), deduction: i.amount_fen < 0 })),
    payMethod: s.pay_method ? methodLabel(s.pay_method) : '',
    payReference: s.pay_reference || '',
    paidAt: s.paid_at ? format.dateTime(s.paid_at, now) : '',
    disputeReason: s.dispute_reason || '',
    complaintId: s.complaint_id || null,
    steps: (s.history || [])
      .map((h, i) => ({
        key: String(i),
        status: format.stateLabel(h, 'to', STATUS),
        who: h.actor === 'user' ? (h.to === 'recorded' || h.to === 'paid' ? '雇主' : '零工') : ACTOR[h.actor] || h.actor,
        at: format.dateTime(h.at, now),
        reason: h.reason || '',
      }))
      .reverse(),
    canPay: role === 'employer' && s.status === 'recorded',
    canConfirm: role === 'worker' && s.status === 'paid',
    canDispute: role === 'worker' && s.status === 'paid',
  };
}

// The card of 我的结算 (me: the signed-in user's id).
function card(s, me, now) {
  const asWorker = s.worker.id === me;
  return {
    id: s.id,
    gigTitle: s.gig.title,
    other: asWorker ? s.employer.name : s.worker.name || `零工 ${s.worker.id}`,
    side: asWorker ? '我的工钱' : '我付的工钱',
    amount: money(s.amount_fen),
    status: s.status,
    statusText: format.stateLabel(s, 'status', STATUS),
    statusTheme: STATUS_THEME[s.status] || 'default',
    at: format.dateTime(s.paid_at || s.created_at, now),
  };
}

// 我的结算 as the worker or the employer (role), in one state or all (tab).
function list(role, tab, me, now) {
  const q = (page) => Object.assign({ page, page_size: 20, role }, tab && tab !== 'all' ? { state: tab } : {});
  return paged.create((page) => settlements.mine(q(page), { toast: false }), { map: (s) => card(s, me, now) });
}

// What the settlement page shows for ?id= or ?application=: {view} when a settlement exists; otherwise, for
// the employer of a completed application, {form} with what the preview needs (unit, rate, attendance);
// {empty} with a reason for anyone else; {error} when loading failed.
async function load(query, me, now) {
  try {
    if (query.id) return { view: view(await settlements.getSettlement(query.id, { toast: false }), me, now) };
    try {
      return { view: view(await settlements.ofApplication(query.application, { toast: false }), me, now) };
    } catch (e) {
      if (!e || e.status !== 404) throw e;
    }
    const app = await applications.getApplication(query.application, { toast: false });
    if (app.employer_id !== me) return { empty: app.status === 'completed' ? '雇主还没有记录这次的工钱' : '双方确认完成后，雇主会在这里记录工钱' };
    if (app.status !== 'completed') return { empty: '双方都确认完成后才能记录工钱' };
    const attendance = await applications.attendance(query.application, { toast: false });
    return {
      form: emptyForm(app.gig.pay_unit),
      gig: { title: app.gig.title, unit: app.gig.pay_unit, rateFen: app.gig.pay_fen, rate: format.pay(app.gig.pay_fen, app.gig.pay_unit) },
      attendance: { days: attendance.days_attended || 0, hours: attendance.hours_total || 0, raw: attendance },
    };
  } catch (e) {
    return { error: (e && e.message) || '加载失败' };
  }
}

// The yearly income statement's view model.
function income(st, now) {
  const max = Math.max(1, ...st.months.map((m) => m.amount_fen));
  return {
    year: st.year,
    name: st.worker.name || '',
    total: money(st.total_fen),
    count: st.count,
    confirmed: money(st.confirmed_fen),
    awaiting: money(st.awaiting_confirmation_fen),
    disputed: money(st.disputed_fen),
    hasDisputed: st.disputed_fen > 0,
    unpaid: st.unpaid.count ? `另有 ${st.unpaid.count} 笔工钱雇主尚未付款，共 ${money(st.unpaid.amount_fen)}` : '',
    months: st.months.map((m) => ({ key: String(m.month), label: `${m.month}月`, amount: m.amount_fen ? money(m.amount_fen) : '—', pct: Math.round((m.amount_fen * 100) / max) })),
    items: st.items.map((i) => ({ key: String(i.id), id: i.id, title: i.gig_title, employer: i.employer_name, at: format.dateTime(i.paid_at, now), amount: money(i.amount_fen), statusText: format.stateLabel(i, 'status', STATUS) })),
    version: `${st.count}-${st.total_fen}-${st.confirmed_fen}`,
  };
}

// The years the statement page offers: this year (Asia/Shanghai) and the four before it.
function years(now) {
  const y = Number(format.shanghaiDate(now).slice(0, 4));
  return [0, 1, 2, 3, 4].map((k) => String(y - k));
}

module.exports = {
  STATUS, METHODS, TABS, LIMITS, preview, emptyForm, itemLines, validate, body, validatePay, validateDispute, view, card, list, load, income, years,
};
