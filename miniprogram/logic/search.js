// Gig search: the filter state (keyword, 工种, region, minimum pay, dates, distance, sort), its translation into
// the /gigs query, and the filter summary chips. Pure except for the paged fetch it builds.
'use strict';
const format = require('../utils/format');
const gigs = require('../services/gigs');
const paged = require('./paged');
const present = require('./present');

const PAGE_SIZE = 20;
const SORTS = [
  { value: 'new', label: '最新发布' },
  { value: 'pay', label: '报酬最高' },
  { value: 'distance', label: '离我最近' },
];
const RADII = [0, 3, 5, 10, 30, 50]; // km; 0 = 不限

function defaults() {
  return { q: '', jobType: null, region: null, payMin: '', dateFrom: '', dateTo: '', radiusKm: 0, sort: 'new' };
}

// Returns {query, error}: the /gigs query for page `page`, or the zh-CN reason the filters cannot be used.
function toQuery(f, loc, page) {
  const q = { page: page || 1, page_size: PAGE_SIZE, sort: f.sort || 'new' };
  const text = String(f.q || '').trim();
  if (text) q.q = text.slice(0, 50);
  if (f.jobType) q.job_type = f.jobType.id;
  if (f.region) q.region = f.region.code;
  if (String(f.payMin || '').trim() !== '') {
    const fen = format.yuanToFen(f.payMin);
    if (fen === null) return { query: null, error: '最低报酬请填写金额，例如 150 或 150.5' };
    if (fen > 0) q.pay_min = fen;
  }
  if (f.dateFrom) q.date_from = f.dateFrom;
  if (f.dateTo) q.date_to = f.dateTo;
  if (f.dateFrom && f.dateTo && f.dateFrom > f.dateTo) return { query: null, error: '开始日期不能晚于结束日期' };
  if (q.sort === 'distance' && !loc) return { query: null, error: '按距离排序需要开启定位' };
  if (loc) {
    q.lat = loc.lat;
    q.lng = loc.lng;
    if (f.radiusKm) q.radius_km = f.radiusKm;
  }
  return { query: q, error: '' };
}

// Short texts of the active filters, for the chips under the search box.
function chips(f, loc) {
  const out = [];
  if (f.jobType) out.push(f.jobType.name);
  if (f.region) out.push(f.region.name);
  const fen = format.yuanToFen(f.payMin);
  if (fen) out.push(`${format.yuan(fen)} 起`);
  if (f.dateFrom || f.dateTo) out.push(`${f.dateFrom || '…'} 至 ${f.dateTo || '…'}`);
  if (f.radiusKm && loc) out.push(`${f.radiusKm} 公里内`);
  const sort = SORTS.find((s) => s.value === f.sort);
  if (sort && sort.value !== 'new') out.push(sort.label);
  return out;
}

// A paged list over /gigs for the filters; errors are kept in state.error (the page shows them in place).
function list(f, loc, now) {
  return paged.create(
    (page) => {
      const { query, error } = toQuery(f, loc, page);
      if (error) return Promise.reject(new Error(error));
      return gigs.search(query, { toast: false });
    },
    { map: (g) => present.gigCard(g, now) },
  );
}

module.exports = { PAGE_SIZE, SORTS, RADII, defaults, toQuery, chips, list };
