// Employer verification (雇主认证), one function per endpoint. Replies are returned as the API sends them.

import { API, request, withQuery } from '../api.js';

const enc = encodeURIComponent;

// GET /admin/employers?verification=&page=&page_size= → {items, page, page_size, total} of the admin's region.
export function list(query) {
  return request('GET', withQuery(`${API}/admin/employers`, query));
}

// POST /admin/employers/{id}/verify → {employer}.
export function verify(id) {
  return request('POST', `${API}/admin/employers/${enc(id)}/verify`);
}

// POST /admin/employers/{id}/reject {reason} → {employer}; the employer sees the reason.
export function reject(id, reason) {
  return request('POST', `${API}/admin/employers/${enc(id)}/reject`, { reason });
}
