// 零工驿站 stations, one function per endpoint.
'use strict';
const { get } = require('../utils/request');

// GET /stations?lat=&lng=&region=&page=&page_size= → {items:[{id, name, address, phone, hours, services, lat, lng,
// region, distance_m?}], page, page_size, total}
function stations(query, opts) {
  return get('/stations', query, Object.assign({ auth: 'optional' }, opts));
}

module.exports = { stations };
