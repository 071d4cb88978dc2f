// Complaints (诉求处理), one function per endpoint: the region's list, one complaint, and the bureau's steps.
// Replies are returned as the API sends them ({complaint} for each step).

import { API, request, withQuery } from '../api.js';

const enc = encodeURIComponent;

// GET /admin/complaints?status=&escalated=&page=&page_size= → {items, page, page_size, total}.
export function list(query) {
  return request('GET', withQuery(`${API}/admin/complaints`, query));
}

// GET /complaints/{id} → {complaint} with images, history and deadline.
export function get(id) {
  return request('GET', `${API}/complaints/${enc(id)}`);
}

// POST /admin/complaints/{id}/accept → {complaint}.
export function accept(id) {
  return request('POST', `${API}/admin/complaints/${enc(id)}/accept`);
}

// POST /admin/complaints/{id}/handle {note} → {complaint}; the complainant sees the note.
export function handle(id, note) {
  return request('POST', `${API}/admin/complaints/${enc(id)}/handle`, { note });
}

// POST /admin/complaints/{id}/resolve {upheld, note} → {complaint}.
export function resolve(id, upheld, note) {
  return request('POST', `${API}/admin/complaints/${enc(id)}/resolve`, { upheld, note });
}

// POST /admin/complaints/{id}/reject {reason} → {complaint}.
export function reject(id, reason) {
  return request('POST', `${API}/admin/complaints/${enc(id)}/reject`, { reason });
}
