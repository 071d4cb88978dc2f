// The signed-in user's worker profile (个人画像) and employer profile, one function per endpoint.
'use strict';
const { get, put } = require('../utils/request');

// GET /me/worker → {worker} (worker.exists is false before the first save)
function getWorker(opts) {
  return get('/me/worker', undefined, opts).then((d) => d.worker);
}

// PUT /me/worker {real_name, id_number?, job_types, certificates, regions, region_code, lat, lng, availability,
// expected_pay, intro, elder_mode, discoverable} → {worker}
function saveWorker(body, opts) {
  return put('/me/worker', body, opts).then((d) => d.worker);
}

// GET /me/employer → {employer}
function getEmployer(opts) {
  return get('/me/employer', undefined, opts).then((d) => d.employer);
}

// PUT /me/employer {kind, name, credit_code?, legal_rep?, contact_name, contact_phone?, id_number?, region_code,
// address} → {employer}
function saveEmployer(body, opts) {
  return put('/me/employer', body, opts).then((d) => d.employer);
}

module.exports = { getWorker, saveWorker, getEmployer, saveEmployer };
