// Two-way ratings (评价), one function per endpoint: rate the other side of a completed application, read an
// application's pair, a user's received ratings with summaries, and the tag lists per direction.
'use strict';
const { get, post } = require('../utils/request');

const enc = encodeURIComponent;

// GET /rating-tags?direction= → {items: [{id, direction, name, positive}]} (public)
function tags(direction, opts) {
  return get('/rating-tags', direction ? { direction } : undefined, Object.assign({ auth: 'optional' }, opts)).then((d) => d.items);
}

// POST /applications/{id}/ratings {stars, tags?, text?} → {rating}. 409 already_exists (rated before) or
// state_conflict (not completed), 422 content_rejected (the word filter), 400 with the field.
function rate(applicationId, body, opts) {
  return post(`/applications/${enc(applicationId)}/ratings`, body, opts).then((d) => d.rating);
}

// GET /applications/{id}/ratings → {application_id, mine, theirs, theirs_submitted, can_rate}
function forApplication(applicationId, opts) {
  return get(`/applications/${enc(applicationId)}/ratings`, undefined, opts);
}

// GET /users/{id}/ratings?role=&page=&page_size= → {items, page, page_size, total, summary: {worker, employer}}
function ofUser(userId, query, opts) {
  return get(`/users/${enc(userId)}/ratings`, query, opts);
}

module.exports = { tags, rate, forApplication, ofUser };
