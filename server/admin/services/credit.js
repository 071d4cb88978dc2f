// A user's 诚信分 (诚信档案), one function per endpoint; role admin only, as the API allows.

import { API, request, withQuery } from '../api.js';

const base = (user) => `${API}/admin/users/${encodeURIComponent(user)}/credit`;

// GET /admin/users/{id}/credit?page=&page_size= → {credit, items, page, page_size, total} (the ledger).
export function ledger(user, query) {
  return request('GET', withQuery(base(user), query));
}

// POST /admin/users/{id}/credit/adjust {delta, reason} → {credit}.
export function adjust(user, delta, reason) {
  return request('POST', `${base(user)}/adjust`, { delta, reason });
}

// POST /admin/users/{id}/credit/lift {reason} → {credit}: lifts a restriction after review.
export function lift(user, reason) {
  return request('POST', `${base(user)}/lift`, { reason });
}
