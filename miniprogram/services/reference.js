// Reference data (regions, 工种), one function per endpoint. Public routes: no sign-in needed.
'use strict';
const { request, get, headerValue } = require('../utils/request');

const JOB_TYPES_KEY = 'lg.jobTypes';

// GET /regions?parent= → [{code, name, level, has_children, lat?, lng?}] (roots when parent is omitted)
function regions(parent, opts) {
  return get('/regions', parent ? { parent } : undefined, Object.assign({ auth: false }, opts)).then((d) => d.items);
}

// GET /job-types → the 工种 tree [{id, name, children}]. Keeps the last answer with its ETag and sends
// If-None-Match, so an unchanged tree costs a 304 and no body on a slow connection.
async function jobTypes(opts) {
  let cached = null;
  try {
    cached = wx.getStorageSync(JOB_TYPES_KEY) || null;
  } catch (e) {
    cached = null;
  }
  const headers = cached && cached.etag && Array.isArray(cached.items) ? { 'If-None-Match': cached.etag } : undefined;
  const res = await request(Object.assign({ method: 'GET', path: '/job-types', auth: false, headers }, opts));
  if (res.status === 304 && headers) return cached.items;
  const items = (res.data && res.data.items) || [];
  const etag = headerValue(res.header, 'etag');
  if (etag) wx.setStorageSync(JOB_TYPES_KEY, { etag, items });
  return items;
}

module.exports = { regions, jobTypes, JOB_TYPES_KEY };
