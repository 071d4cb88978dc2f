// Settlements 薪酬结算 (records of pay; no money moves through the app), one function per endpoint. Recording,
// paying, confirming and disputing carry an Idempotency-Key through utils/idempotency.js (the same key when a
// tap is repeated after an unknown outcome, so a settlement is never recorded or paid twice); the yearly
// income statement's PDF is fetched by utils/transfer.js and opened with wx.openDocument.
'use strict';
const { get, post } = require('../utils/request');
const idem = require('../utils/idempotency');

const enc = encodeURIComponent;

// One write that must not be doubled: scope names the action, e.g. "settle:62".
function once(scope, path, body, opts) {
  return idem
    .run(scope, body, (key) => post(path, body, Object.assign({ idempotencyKey: key }, opts)))
    .then((d) => d.settlement);
}

// POST /applications/{id}/settlements {amount_fen?, adjust_reason?, pieces?, items?} (Idempotency-Key
// required) → {settlement}. 409 already_exists / state_conflict (not completed), 400 naming the field.
function record(applicationId, body, opts) {
  return once(`settle:${applicationId}`, `/applications/${enc(applicationId)}/settlements`, body || {}, opts);
}

// GET /applications/{id}/settlement → {settlement} (404 while none is recorded)
function ofApplication(applicationId, opts) {
  return get(`/applications/${enc(applicationId)}/settlement`, undefined, opts).then((d) => d.settlement);
}

// GET /settlements/{id} → {settlement} with items and history
function getSettlement(id, opts) {
  return get(`/settlements/${enc(id)}`, undefined, opts).then((d) => d.settlement);
}

// POST /settlements/{id}/pay {method, reference?} (employer) → {settlement}
function pay(id, method, reference, opts) {
  const body = reference ? { method, reference } : { method };
  return once(`pay-settlement:${id}`, `/settlements/${enc(id)}/pay`, body, opts);
}

// POST /settlements/{id}/confirm (worker: the money arrived) → {settlement}
function confirm(id, opts) {
  return once(`confirm-settlement:${id}`, `/settlements/${enc(id)}/confirm`, undefined, opts);
}

// POST /settlements/{id}/dispute {reason} (worker) → {settlement} with the complaint it opened
function dispute(id, reason, opts) {
  return once(`dispute-settlement:${id}`, `/settlements/${enc(id)}/dispute`, { reason }, opts);
}

// GET /me/settlements?state=&role=&page=&page_size= → {items, page, page_size, total}
function mine(query, opts) {
  return get('/me/settlements', query, opts);
}

// GET /me/income-statement?year= → {statement}
function incomeStatement(year, opts) {
  return get('/me/income-statement', year ? { year } : undefined, opts).then((d) => d.statement);
}

// GET /me/income-statement.pdf?year= → a temp file path. version (the statement's count and total) is part of
// the path's query so a PDF fetched earlier in the session is not served from the download cache once the
// statement changed; the server ignores it.
function incomePdf(year, version, opts) {
  return require('../utils/transfer').download(`/me/income-statement.pdf?year=${enc(year)}&v=${enc(version || '')}`, opts);
}

module.exports = { record, ofApplication, getSettlement, pay, confirm, dispute, mine, incomeStatement, incomePdf };
