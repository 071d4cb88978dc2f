// Complaints 诉求, one function per endpoint. Filing carries an Idempotency-Key through utils/idempotency.js,
// so a person tapping 提交 again after a timeout files one complaint, not two.
'use strict';
const { get, post } = require('../utils/request');
const idem = require('../utils/idempotency');

// POST /complaints {category, respondent_id, gig_id?, application_id?, text, image_ids?} → {complaint}.
// 403 (no dealings with the respondent, or another's image), 404 (an application or gig not the caller's).
function create(body, opts) {
  const scope = `complaint:${body.respondent_id}:${body.gig_id || ''}:${body.application_id || ''}`;
  return idem
    .run(scope, body, (key) => post('/complaints', body, Object.assign({ idempotencyKey: key }, opts)))
    .then((d) => d.complaint);
}

// GET /me/complaints?page=&page_size= → {items, page, page_size, total}; each item has its history.
function mine(query, opts) {
  return get('/me/complaints', query, opts);
}

// GET /complaints/{id} → {complaint} with images and history.
function get1(id, opts) {
  return get(`/complaints/${encodeURIComponent(id)}`, undefined, opts).then((d) => d.complaint);
}

module.exports = { create, mine, get: get1 };
