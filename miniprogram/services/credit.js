// 诚信分: the signed-in user's score, restriction and ledger, one function per endpoint.
'use strict';
const { get } = require('../utils/request');

// GET /me/credit?page=&page_size= → {credit: {score, threshold, restricted, restricted_at, restricted_because,
// lifted_at, lift_note}, items (ledger entries, newest first), page, page_size, total}
function mine(query, opts) {
  return get('/me/credit', query, opts);
}

module.exports = { mine };
