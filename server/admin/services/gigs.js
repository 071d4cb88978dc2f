// Gigs under review (岗位审核), one function per endpoint. Replies are returned as the API sends them.

import { API, request, withQuery } from '../api.js';

const enc = encodeURIComponent;

// GET /admin/gigs?status=&page=&page_size= → {items, page, page_size, total} of the admin's region.
export function list(query) {
  return request('GET', withQuery(`${API}/admin/gigs`, query));
}

// GET /gigs/{id} → {gig}; to admins of its region in every state, with its history and moderation findings.
export function get(id) {
  return request('GET', `${API}/gigs/${enc(id)}`);
}

// POST /admin/gigs/{id}/approve → {gig} (published).
export function approve(id) {
  return request('POST', `${API}/admin/gigs/${enc(id)}/approve`);
}

// POST /admin/gigs/{id}/reject {reason} → {gig}; the employer sees the reason.
export function reject(id, reason) {
  return request('POST', `${API}/admin/gigs/${enc(id)}/reject`, { reason });
}
