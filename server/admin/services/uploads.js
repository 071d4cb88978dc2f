// Uploaded files (complaint photos), fetched with the bearer token: a token never goes into a URL.

import { API, fetchBlob } from '../api.js';

// GET /uploads/{id} → {blob, fileName}.
export function file(id) {
  return fetchBlob(`${API}/uploads/${encodeURIComponent(id)}`);
}
