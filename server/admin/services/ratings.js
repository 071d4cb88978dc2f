// Ratings (评价管理), one function per endpoint. Replies are returned as the API sends them.

import { API, request, withQuery } from '../api.js';

// GET /admin/ratings?hidden=&page=&page_size= → {items, page, page_size, total} of the admin's region.
export function list(query) {
  return request('GET', withQuery(`${API}/admin/ratings`, query));
}

// POST /admin/ratings/{id}/hide {reason} → {rating}; the server undoes its credit effect.
export function hide(id, reason) {
  return request('POST', `${API}/admin/ratings/${encodeURIComponent(id)}/hide`, { reason });
}
