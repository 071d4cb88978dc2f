// 找工人: filters (工种, region, date the worker should be free) → the /workers query, the result cards
// (masked name, age, 工种 with years, credit, distance), and 邀请 to one of the employer's published gigs.
'use strict';
const workers = require('../services/workers');
const gigs = require('../services/gigs');
const format = require('../utils/format');
const paged = require('./paged');

const GENDER = { male: '男', female: '女' };

function defaults() {
  return { jobType: null, region: null, date: '' };
}

// The /workers query for the filters and the phone's position (distances are measured from it).
function query(f, loc) {
  const q = {};
  if (f.jobType) q.job_type = f.jobType.id;
  if (f.region) q.region = f.region.code;
  if (f.date) q.available_on = f.date;
  if (loc && typeof loc.lat === 'number' && typeof loc.lng === 'number') {
    q.lat = loc.lat;
    q.lng = loc.lng;
  }
  return q;
}

function chips(f) {
  const out = [];
  if (f.jobType) out.push(f.jobType.name);
  if (f.region) out.push(f.region.name);
  if (f.date) out.push(`${f.date} 有空`);
  return out;
}

function card(w) {
  const facts = [GENDER[w.gender], typeof w.age === 'number' ? `${w.age}岁` : '', w.region ? w.region.name : ''].filter(Boolean).join(' · ');
  return {
    id: w.id,
    name: w.display_name,
    facts,
    jobTypes: (w.job_types || []).map((j) => ({ id: j.id, text: j.years > 0 ? `${j.name} ${j.years}年` : j.name })),
    credit: w.credit,
    completeness: w.completeness,
    distance: typeof w.distance_m === 'number' ? `约${format.distance(w.distance_m)}` : '',
    free: w.available_on === true ? '当天有空' : '',
  };
}

function list(f, loc) {
  const q = query(f, loc);
  return paged.create((page) => workers.find(Object.assign({}, q, { page, page_size: 20 }), { toast: false }), { map: card });
}

// The employer's published gigs that still have seats, as picker options [{id, title}].
async function invitableGigs() {
  const r = await gigs.myGigs({ status: 'published', page: 1, page_size: 50 }, { toast: false });
  return (r.items || []).filter((g) => g.remaining == null || g.remaining > 0).map((g) => ({ id: g.id, title: g.title }));
}

// Resolves {message}; rejects the ApiError (request.js has shown its zh-CN message, e.g. 409 已经邀请过).
async function invite(gigId, workerId) {
  await gigs.invite(gigId, workerId);
  return { message: '已发出邀请' };
}

module.exports = { defaults, query, chips, card, list, invitableGigs, invite };
