// The sensitive-word lexicon (敏感词), one function per endpoint. Writes are refused by the server to admins
// with a region scope. Replies are returned as the API sends them.

import { API, request, withQuery, fetchBlob } from '../api.js';

const BASE = `${API}/admin/sensitive-words`;

// GET /admin/sensitive-words?q=&category=&action=&page=&page_size= → {items, version, page, page_size, total}.
export function list(query) {
  return request('GET', withQuery(BASE, query));
}

// POST /admin/sensitive-words/test {text} → {verdict, hits, masked}: the current filter run over text.
export function test(text) {
  return request('POST', `${BASE}/test`, { text });
}

// POST /admin/sensitive-words {word, category, action, allow, enabled, note} → {word}.
export function create(word) {
  return request('POST', BASE, word);
}

// PUT /admin/sensitive-words/{id} (same body) → {word}.
export function update(id, word) {
  return request('PUT', `${BASE}/${encodeURIComponent(id)}`, word);
}

// DELETE /admin/sensitive-words/{id}.
export function remove(id) {
  return request('DELETE', `${BASE}/${encodeURIComponent(id)}`);
}

// GET /admin/sensitive-words/export → {blob, fileName} (CSV).
export function exportCsv() {
  return fetchBlob(`${BASE}/export`);
}
