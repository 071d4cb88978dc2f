// Gig detail: load the gig, hand its place to WeChat's map app for navigation, and apply (报名): a
// confirmation with an optional note, then the state the server answered — 已报名, or its zh-CN refusal
// (已报名过 409, 诚信分 restriction 403, 不在招聘 409). The gig's own employer sees no apply button.
'use strict';
const gigs = require('../services/gigs');
const applications = require('../services/applications');
const auth = require('../utils/auth');
const present = require('./present');

const NOTE_MAX = 200;
// Refusals that another tap cannot change: the button stays off and says why.
const FINAL_CODES = ['credit_restricted', 'own_gig', 'gig_not_open', 'not_found'];

// Resolves {gig, error}.
async function load(id, now) {
  try {
    const g = await gigs.getGig(id, { toast: false });
    return { gig: present.gigDetail(g, now), error: '' };
  } catch (e) {
    return { gig: null, error: e.message };
  }
}

// Opens the site in WeChat's map (navigation from there).
function navigate(view) {
  if (!view || typeof view.lat !== 'number' || typeof view.lng !== 'number') return false;
  wx.openLocation({ latitude: view.lat, longitude: view.lng, name: view.title, address: view.address, scale: 16 });
  return true;
}

// True when the signed-in user posted this gig.
function isOwner(view, user) {
  return !!(view && user && view.employerId != null && String(view.employerId) === String(user.id));
}

// The apply bar: {show, text, disabled, hint, applied}. state: {status: 'idle'|'applied'|'refused', message}.
function applyView(view, user, state) {
  const s = state || { status: 'idle', message: '' };
  if (!view || isOwner(view, user)) return { show: false, text: '', disabled: true, hint: '', applied: false };
  if (s.status === 'applied') return { show: true, text: '已报名', disabled: true, hint: s.message || '等待雇主确认，可在「我的报名」查看进度', applied: true };
  if (s.status === 'refused') return { show: true, text: '不能报名', disabled: true, hint: s.message, applied: false };
  if (!view.open) return { show: true, text: '已停止招聘', disabled: true, hint: '', applied: false };
  return { show: true, text: '我要报名', disabled: false, hint: s.message || '', applied: false };
}

// The note typed into the confirmation: {note, error}.
function checkNote(text) {
  const note = String(text || '').trim();
  if (note.length > NOTE_MAX) return { note, error: `备注最多 ${NOTE_MAX} 个字` };
  return { note, error: '' };
}

// Asks to confirm the application with an optional note. Resolves {ok, note}.
function askApply(view) {
  return new Promise((resolve) => {
    wx.showModal({
      title: '确认报名',
      content: '',
      editable: true,
      placeholderText: `给雇主留言（选填）：${view && view.title ? view.title : ''}`.slice(0, 40),
      confirmText: '确认报名',
      cancelText: '再想想',
      success: (res) => resolve({ ok: !!res.confirm, note: typeof res.content === 'string' ? res.content : '' }),
      fail: () => resolve({ ok: false, note: '' }),
    });
  });
}

// Applies; resolves the next apply state {status, message, application?}. Never rejects.
async function apply(gigId, note) {
  try {
    const application = await applications.apply(gigId, note);
    return { status: 'applied', message: '报名成功，等待雇主确认', application };
  } catch (e) {
    if (e.code === 'already_exists') return { status: 'applied', message: e.message };
    if (FINAL_CODES.indexOf(e.code) >= 0 || e.status === 403) return { status: 'refused', message: e.message };
    return { status: 'idle', message: e.message };
  }
}

function currentUser() {
  return auth.currentUser();
}

module.exports = { load, navigate, isOwner, applyView, checkNote, askApply, apply, currentUser, NOTE_MAX };
