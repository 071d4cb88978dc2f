// 找工人: discoverable workers as an employer finds them (masked name, no phone, no coordinates), one function
// per endpoint. Needs sign-in and an employer profile (403 otherwise).
'use strict';
const { get } = require('../utils/request');

// GET /workers?job_type=&region=&q=&available_on=&lat=&lng=&page=&page_size= → {items, page, page_size, total};
// each item {id, display_name, gender, age, job_types[{id,name,years}], region, distance_m?, credit,
// completeness, available_on?}
function find(query, opts) {
  return get('/workers', query, opts);
}

module.exports = { find };
