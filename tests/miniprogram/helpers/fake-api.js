// A small in-memory linggongd for page and component tests: the shapes of server/openapi.json and the issue's
// contract (regions, 工种, gigs, profiles, stations, sign-in), with every request recorded. Tests override a
// route by passing {'<METHOD> <path>': req => answer}.
'use strict';
const { json, apiError, pathOf, queryOf } = require('./wx-double');

const user = { id: 7, phone: null, created_at: '2026-01-01T00:00:00Z' };

const REGIONS = {
  '': [
    { code: '360000', name: '江西省', level: 1, has_children: true },
    { code: '450000', name: '广西壮族自治区', level: 1, has_children: true },
  ],
  450000: [{ code: '450200', name: '柳州市', level: 2, has_children: true }],
  450200: [{ code: '450223', name: '鹿寨县', level: 3, has_children: true, lat: 24.4728, lng: 109.752 }],
  450223: [{ code: '450223100', name: '鹿寨镇', level: 4, has_children: false }],
};

const JOB_TYPES = [
  { id: 1, name: '建筑装修', children: [{ id: 11, name: '泥瓦工', children: [] }, { id: 12, name: '木工', children: [] }] },
  { id: 2, name: '装卸搬运', children: [] },
];

function gig(id, over) {
  return Object.assign(
    {
      id,
      title: `装卸工 ${id}`,
      description: '卸水泥，管午饭',
      job_type: { id: 2, name: '装卸搬运' },
      pay_fen: 18000,
      pay_unit: 'day',
      headcount: 3,
      accepted_count: 0,
      remaining: 3,
      starts_at: '2030-11-22T00:00:00Z',
      ends_at: '2030-11-22T09:00:00Z',
      address: '鹿寨镇建设路 8 号',
      lat: 24.4728,
      lng: 109.752,
      region: { code: '450223', name: '鹿寨县' },
      status: 'published',
      review_reason: null,
      employer: { id: 3, name: '鹿寨建材有限公司', kind: 'org', verification: 'verified', credit: 96 },
      created_at: '2026-11-19T01:00:00Z',
      published_at: '2026-11-19T02:00:00Z',
      distance_m: 800,
    },
    over,
  );
}

function worker() {
  return {
    exists: true,
    real_name: '韦师傅',
    id_number: '4502**********123X',
    birth_year: 1975,
    gender: 'male',
    phone: null,
    job_types: [{ id: 11, name: '泥瓦工', years: 12 }],
    certificates: [],
    work_regions: [{ code: '450223', name: '鹿寨县' }],
    region: { code: '450223', name: '鹿寨县' },
    lat: null,
    lng: null,
    availability: { mon: ['morning'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    expected_pay: { fen: 25000, unit: 'day' },
    intro: '',
    elder_mode: false,
    discoverable: false,
    completeness: 60,
  };
}

function employer() {
  return {
    exists: true,
    kind: 'org',
    name: '鹿寨建材有限公司',
    credit_code: '91350100M000100Y43',
    legal_rep: '覃某',
    contact_name: '覃经理',
    contact_phone: '138****8000',
    id_number: null,
    region: { code: '450223', name: '鹿寨县' },
    address: '建设路 8 号',
    verification: 'pending',
    verification_reason: null,
  };
}

function create(overrides = {}) {
  const seen = [];
  const mine = [gig(41, { status: 'draft' }), gig(42, { status: 'published' }), gig(43, { status: 'rejected', review_reason: '请写明工作时间' })];
  const routes = {
    'POST /auth/wechat': () => json(200, { access_token: 'A1', refresh_token: 'R1', token_type: 'Bearer', expires_in: 900, user }),
    'POST /auth/refresh': () => json(200, { access_token: 'A2', refresh_token: 'R2', token_type: 'Bearer', expires_in: 900 }),
    'POST /auth/phone': () => json(200, { user: Object.assign({}, user, { phone: '138****8000' }) }),
    'POST /auth/logout': () => json(200, { logged_out: true }),
    'GET /me': () => json(200, { user }),
    'GET /regions': (req) => json(200, { items: REGIONS[queryOf(req.url).parent || ''] || [] }),
    'GET /job-types': () => json(200, { items: JOB_TYPES }, { ETag: '"jt1"' }),
    'GET /gigs': (req) => {
      const page = Number(queryOf(req.url).page || 1);
      const items = page <= 2 ? [gig(page * 10 + 1), gig(page * 10 + 2)] : [];
      return json(200, { items, page, page_size: 20, total: 4 });
    },
    'GET /gigs/:id': (req) => json(200, { gig: gig(Number(pathOf(req.url).split('/')[2])) }),
    'POST /gigs': (req) => json(201, { gig: gig(50, Object.assign({}, req.data, { status: req.data.submit === false ? 'draft' : 'pending_review' })) }),
    'PUT /gigs/:id': (req) => json(200, { gig: gig(Number(pathOf(req.url).split('/')[2]), { status: 'pending_review' }) }),
    'POST /gigs/:id/submit': (req) => json(200, { gig: gig(Number(pathOf(req.url).split('/')[2]), { status: 'pending_review' }) }),
    'POST /gigs/:id/close': (req) => json(200, { gig: gig(Number(pathOf(req.url).split('/')[2]), { status: 'closed' }) }),
    'GET /me/gigs': (req) => {
      const status = queryOf(req.url).status;
      const items = status ? mine.filter((g) => g.status === status) : mine;
      return json(200, { items, page: 1, page_size: 20, total: items.length });
    },
    'GET /me/worker': () => json(200, { worker: worker() }),
    'PUT /me/worker': (req) => json(200, { worker: Object.assign(worker(), { intro: req.data.intro }) }),
    'GET /me/employer': () => json(200, { employer: employer() }),
    'PUT /me/employer': () => json(200, { employer: employer() }),
    'GET /stations': () =>
      json(200, {
        items: [
          { id: 2, name: '鹿寨县零工驿站', address: '鹿寨镇人民路 1 号', phone: '0772-6812345', hours: '08:00-18:00', services: '岗位推荐、技能培训', lat: 24.47, lng: 109.75, region: { code: '450223', name: '鹿寨县' }, distance_m: 640 },
        ],
        page: 1,
        page_size: 50,
        total: 1,
      }),
  };
  Object.assign(routes, overrides);
  function server(req) {
    const p = pathOf(req.url);
    const key = `${req.method} ${p.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    seen.push({ key, req });
    const fn = routes[key];
    if (!fn) return apiError(404, 'not_found', '找不到请求的内容');
    return fn(req);
  }
  return { server, seen, routes, gig };
}

module.exports = { create, gig, user, REGIONS, JOB_TYPES };
