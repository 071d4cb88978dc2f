// Settlements (薪酬结算), one function per endpoint: the region's list, its CSV export and one settlement.

import { API, request, withQuery, fetchBlob } from '../api.js';

// GET /admin/settlements?state=&month=&page=&page_size= → {items, page, page_size, total}.
export function list(query) {
  return request('GET', withQuery(`${API}/admin/settlements`, query));
}

// GET /admin/settlements/export.csv?state=&month= → {blob, fileName}.
export function exportCsv(filter) {
  return fetchBlob(withQuery(`${API}/admin/settlements/export.csv`, filter));
}

// GET /settlements/{id} → {settlement} with items and history.
export function get(id) {
  return request('GET', `${API}/settlements/${encodeURIComponent(id)}`);
}
