// 屏蔽 (blocklist): the users the signed-in user blocked, one function per endpoint. A blocked pair no longer
// see each other's gigs, applications or profiles.
'use strict';
const { get, post, request } = require('../utils/request');

// GET /me/blocks?page=&page_size= → {items: [{user_id, employer_name, worker_name, created_at}], page, page_size, total}
function list(query, opts) {
  return get('/me/blocks', query, opts);
}

// POST /me/blocks {user_id} → {block} (201 new, 200 already blocked)
function add(userId, opts) {
  return post('/me/blocks', { user_id: Number(userId) }, opts).then((d) => d.block);
}

// DELETE /me/blocks/{user_id} → {user_id, blocked: false}; 404 when it was not blocked
function remove(userId, opts) {
  return request(Object.assign({}, opts, { method: 'DELETE', path: `/me/blocks/${encodeURIComponent(userId)}` })).then((r) => r.data);
}

module.exports = { list, add, remove };
