// Applications (报名) from the worker's side, attendance (签到/签退) and result confirmation (结果确认), one
// function per endpoint. Writes the server takes an Idempotency-Key for go through utils/idempotency.js: one
// key per user action, the same key when that action is repeated after an unknown outcome.
'use strict';
const { get, post } = require('../utils/request');
const idem = require('../utils/idempotency');

const enc = encodeURIComponent;

// Drops empty optional text so the body is {} rather than {note: ""}.
function optional(name, text) {
  const t = typeof text === 'string' ? text.trim() : '';
  return t ? { [name]: t } : {};
}

// POST /gigs/{id}/applications {note?} (Idempotency-Key) → {application}. 409 already_exists / gig_not_open,
// 403 credit_restricted / own_gig.
function apply(gigId, note, opts) {
  const body = optional('note', note);
  return idem
    .run(`apply:${gigId}`, body, (key) => post(`/gigs/${enc(gigId)}/applications`, body, Object.assign({ idempotencyKey: key }, opts)))
    .then((d) => d.application);
}

// GET /me/applications?status=&page=&page_size= → {items, page, page_size, total}; each item has its gig summary.
function mine(query, opts) {
  return get('/me/applications', query, opts);
}

// GET /applications/{id} → {application} (with history)
function getApplication(id, opts) {
  return get(`/applications/${enc(id)}`, undefined, opts).then((d) => d.application);
}

// A state change with an optional reason; resolves {application, notice?}.
function transition(verb, id, reason, opts) {
  const body = optional('reason', reason);
  return idem.run(`${verb}:${id}`, body, (key) => post(`/applications/${enc(id)}/${verb}`, body, Object.assign({ idempotencyKey: key }, opts)));
}

// POST /applications/{id}/withdraw {reason?} → {application} (applied only)
function withdraw(id, reason, opts) {
  return transition('withdraw', id, reason, opts);
}

// POST /applications/{id}/cancel {reason?} → {application, notice?} (accepted; notice set when late)
function cancel(id, reason, opts) {
  return transition('cancel', id, reason, opts);
}

// POST /applications/{id}/attendance/check-in {lat, lng} | {code} → {attendance}. No Idempotency-Key: a second
// check-in the same day is 409 already_checked_in, so a repeat cannot double it.
function checkIn(id, proof, opts) {
  return post(`/applications/${enc(id)}/attendance/check-in`, proof, opts).then((d) => d.attendance);
}

// POST /applications/{id}/attendance/check-out {lat, lng} | {code} → {attendance}
function checkOut(id, proof, opts) {
  return post(`/applications/${enc(id)}/attendance/check-out`, proof, opts).then((d) => d.attendance);
}

// GET /applications/{id}/attendance → {application_id, items, work_days, days_attended, minutes_total, hours_total}
function attendance(id, opts) {
  return get(`/applications/${enc(id)}/attendance`, undefined, opts);
}

// POST /applications/{id}/confirm (no body; Idempotency-Key) → {confirmation}
function confirm(id, opts) {
  return idem
    .run(`confirm:${id}`, undefined, (key) => post(`/applications/${enc(id)}/confirm`, undefined, Object.assign({ idempotencyKey: key }, opts)))
    .then((d) => d.confirmation);
}

// ---- the employer's side ----

// GET /gigs/{id}/applications?status=&page=&page_size= → {items, page, page_size, total}; each item carries
// `worker` (the applicant's summary: phone masked unless accepted or completed, then phone_unmasked true).
// The gig's employer only.
function forGig(gigId, query, opts) {
  return get(`/gigs/${enc(gigId)}/applications`, query, opts);
}

// POST /applications/{id}/accept {reason?} (Idempotency-Key) → {application}. 409 gig_full beyond headcount.
function accept(id, reason, opts) {
  return transition('accept', id, reason, opts);
}

// POST /applications/{id}/reject {reason?} (Idempotency-Key) → {application}
function reject(id, reason, opts) {
  return transition('reject', id, reason, opts);
}

// POST /applications/{id}/no-show {reason?} (Idempotency-Key) → {application}. 409 gig_not_started before the start.
function noShow(id, reason, opts) {
  return transition('no-show', id, reason, opts);
}

module.exports = { apply, mine, getApplication, withdraw, cancel, checkIn, checkOut, attendance, confirm, forGig, accept, reject, noShow };
