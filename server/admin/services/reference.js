// Reference data every page may show (public endpoints, no token): the region tree and the 工种 tree.

import { API, requestPublic } from '../api.js';

// GET /regions[?parent=code] → the items: the roots without parent, else the children of parent.
export function regions(parent) {
  const q = parent ? `?parent=${encodeURIComponent(parent)}` : '';
  return requestPublic('GET', `${API}/regions${q}`).then((r) => r.items || []);
}

// GET /job-types → the items of the 工种 tree.
export function jobTypes() {
  return requestPublic('GET', `${API}/job-types`).then((r) => r.items || []);
}
