// The agreement page's rules, as a plain module jest loads: which party the signed-in user is, what they may
// do (draft, sign, void, download), the status and signing events in words, and the explicit-intent rule
// (the checkbox must be ticked; the server's own statement is what gets sent).
'use strict';
const agreements = require('../services/agreements');
const format = require('../utils/format');

const STATUS = { draft: '待签署', signed_by_one: '一方已签署', signed: '已签署生效', voided: '已作废' };
const STATUS_THEME = { draft: 'warning', signed_by_one: 'primary', signed: 'success', voided: 'default' };
const ROLE = { employer: '甲方（用工方）', worker: '乙方（劳务方）' };

// The view model of agreement a for user id me.
function view(a, me) {
  const role = a.employer.id === me ? 'employer' : a.worker.id === me ? 'worker' : null;
  const signedBy = {};
  for (const e of a.events) signedBy[e.role] = e;
  const open = a.status === 'draft' || a.status === 'signed_by_one';
  return {
    id: a.id,
    number: a.number,
    applicationId: a.application_id,
    title: a.template.title,
    status: a.status,
    statusText: format.stateLabel(a, 'status', STATUS),
    statusTheme: STATUS_THEME[a.status] || 'default',
    text: a.text,
    hash: a.text_sha256,
    intent: a.intent_statement,
    role,
    roleText: role ? ROLE[role] : '',
    events: a.events.map((e) => ({ role: e.role, who: ROLE[e.role], at: format.dateTime(e.signed_at), ip: e.ip })),
    canSign: !!role && open && !signedBy[role],
    signedByMe: !!(role && signedBy[role]),
    canDraft: role === 'employer' && a.status === 'draft',
    canVoid: !!role && open,
    sealed: !!a.seal,
    sealKey: a.seal ? a.seal.key_id : '',
  };
}

// Loads the agreement by {id} or {application}; resolves {view, error, missing} (missing: none drafted yet).
async function load(query, me) {
  try {
    const a = query.id
      ? await agreements.getAgreement(query.id, { toast: false })
      : await agreements.ofApplication(query.application, { toast: false });
    return { view: view(a, me), error: '', missing: false };
  } catch (e) {
    if (e && e.status === 404 && query.application) return { view: null, error: '', missing: true };
    return { view: null, error: (e && e.message) || '加载失败', missing: false };
  }
}

// Signs v (the view the person read) when the intent box is ticked; resolves {view, error}.
async function sign(v, agreed, me) {
  if (!agreed) return { view: v, error: '请先勾选确认签署意愿' };
  try {
    const a = await agreements.sign(v.id, v.hash, v.intent, { toast: false });
    return { view: view(a, me), error: '' };
  } catch (e) {
    if (e && e.code === 'agreement_text_changed') return { view: v, error: '协议内容已更新，请重新阅读后再签署', reload: true };
    return { view: v, error: (e && e.message) || '签署失败' };
  }
}

module.exports = { STATUS, ROLE, view, load, sign };
