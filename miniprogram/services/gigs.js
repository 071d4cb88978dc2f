// Gigs (零工岗位), one function per endpoint. Search and detail are public (the token goes along when there
// is one); posting and managing need sign-in and an employer profile.
'use strict';
const { get, post, put } = require('../utils/request');

// GET /gigs?q=&job_type=&region=&pay_min=&date_from=&date_to=&lat=&lng=&radius_km=&sort=&page=&page_size=
// → {items, page, page_size, total}
function search(query, opts) {
  return get('/gigs', query, Object.assign({ auth: 'optional' }, opts));
}

// GET /gigs/{id} → {gig}
function getGig(id, opts) {
  return get(`/gigs/${encodeURIComponent(id)}`, undefined, Object.assign({ auth: 'optional' }, opts)).then((d) => d.gig);
}

// POST /gigs {title, description, job_type_id, pay_fen, pay_unit, headcount, starts_at, ends_at, address, lat,
// lng, region_code, submit} → {gig}. Not retried: the server takes no Idempotency-Key here.
function createGig(body, opts) {
  return post('/gigs', body, opts).then((d) => d.gig);
}

// PUT /gigs/{id} (same body) → {gig}
function updateGig(id, body, opts) {
  return put(`/gigs/${encodeURIComponent(id)}`, body, opts).then((d) => d.gig);
}

// POST /gigs/{id}/submit → {gig}
function submitGig(id, opts) {
  return post(`/gigs/${encodeURIComponent(id)}/submit`, undefined, opts).then((d) => d.gig);
}

// POST /gigs/{id}/close → {gig}
function closeGig(id, opts) {
  return post(`/gigs/${encodeURIComponent(id)}/close`, undefined, opts).then((d) => d.gig);
}

// GET /me/gigs?status=&page=&page_size= → {items, page, page_size, total}
function myGigs(query, opts) {
  return get('/me/gigs', query, opts);
}

// GET /gigs/{id}/site-code → {gig_id, code, expires_in, step}: the rotating 6-digit 现场码 (the gig's employer
// only). expires_in is the seconds left in this 60 s step.
function siteCode(id, opts) {
  return get(`/gigs/${encodeURIComponent(id)}/site-code`, undefined, opts);
}

// POST /gigs/{id}/invitations {worker_id} → {invitation}. Not retried: the server takes no Idempotency-Key here
// (one invitation per worker and gig, so a repeat is 409).
function invite(id, workerId, opts) {
  return post(`/gigs/${encodeURIComponent(id)}/invitations`, { worker_id: Number(workerId) }, opts).then((d) => d.invitation);
}

// GET /gigs/{id}/invitations?status=&page=&page_size= → {items, page, page_size, total}
function invitations(id, query, opts) {
  return get(`/gigs/${encodeURIComponent(id)}/invitations`, query, opts);
}

module.exports = { search, getGig, createGig, updateGig, submitGig, closeGig, myGigs, siteCode, invite, invitations };
