// E-agreements 劳务协议, one function per endpoint. Signing carries an Idempotency-Key through
// utils/idempotency.js (the same key when a tap is repeated after an unknown outcome); the PDF is fetched by
// utils/transfer.js (the only caller of wx.downloadFile) and opened with wx.openDocument.
'use strict';
const { get, post } = require('../utils/request');
const idem = require('../utils/idempotency');

const enc = encodeURIComponent;

// POST /applications/{id}/agreement → {agreement} (employer; drafting again before anyone signs replaces it)
function draft(applicationId, opts) {
  return post(`/applications/${enc(applicationId)}/agreement`, undefined, opts).then((d) => d.agreement);
}

// GET /applications/{id}/agreement → {agreement} (404 when none was drafted yet)
function ofApplication(applicationId, opts) {
  return get(`/applications/${enc(applicationId)}/agreement`, undefined, opts).then((d) => d.agreement);
}

// GET /agreements/{id} → {agreement}: text, text_sha256, events, seal, history, intent_statement
function getAgreement(id, opts) {
  return get(`/agreements/${enc(id)}`, undefined, opts).then((d) => d.agreement);
}

// POST /agreements/{id}/sign {text_sha256, intent} (Idempotency-Key) → {agreement}. 409 agreement_text_changed
// when the text changed since it was read, already_signed, state_conflict.
function sign(id, textSha256, intent, opts) {
  const body = { text_sha256: textSha256, intent };
  return idem
    .run(`sign-agreement:${id}`, body, (key) => post(`/agreements/${enc(id)}/sign`, body, Object.assign({ idempotencyKey: key }, opts)))
    .then((d) => d.agreement);
}

// POST /agreements/{id}/void {reason} → {agreement} (before both signed)
function voidAgreement(id, reason, opts) {
  return post(`/agreements/${enc(id)}/void`, { reason }, opts).then((d) => d.agreement);
}

// GET /agreements/{id}/verify → {valid, reason, message, checks, ...}
function verify(id, opts) {
  return get(`/agreements/${enc(id)}/verify`, undefined, opts);
}

// GET /agreements/public-key → {algorithm, key_id, public_key_hex, public_key_pem}
function publicKey(opts) {
  return get('/agreements/public-key', undefined, opts);
}

// GET /agreements/{id}/pdf → a temp file path. The state is part of the path's query so that a PDF fetched
// before a signature is not served from the download cache afterwards.
function pdf(id, state, opts) {
  return require('../utils/transfer').download(`/agreements/${enc(id)}/pdf?state=${enc(state || '')}`, opts);
}

module.exports = { draft, ofApplication, getAgreement, sign, voidAgreement, verify, publicKey, pdf };
