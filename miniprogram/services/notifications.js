// The signed-in user's inbox (消息), one function per endpoint.
'use strict';
const { get, post } = require('../utils/request');

// GET /me/notifications?unread=&page=&page_size= → {items, page, page_size, total, unread_count}, newest first
function list(query, opts) {
  return get('/me/notifications', query, opts);
}

// POST /me/notifications/{id}/read → {id, read}
function markRead(id, opts) {
  return post(`/me/notifications/${encodeURIComponent(id)}/read`, undefined, opts);
}

// POST /me/notifications/read-all → {marked}
function markAllRead(opts) {
  return post('/me/notifications/read-all', undefined, opts);
}

module.exports = { list, markRead, markAllRead };
