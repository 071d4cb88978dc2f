// A small in-memory linggongd for page and component tests: the shapes of server/openapi.json and the issue's
// contract (regions, 工种, gigs, profiles, stations, sign-in, applications, inbox), with every request recorded. Tests override a
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

// An application of user 7 (the signed-in worker) as GET /me/applications lists it.
function application(id, over) {
  const o = Object.assign({}, over);
  const g = Object.assign(
    { id: 100 + id, title: `装卸工 ${100 + id}`, status: 'published', starts_at: '2030-11-22T00:00:00Z', ends_at: '2030-11-22T09:00:00Z', pay_fen: 18000, pay_unit: 'day', address: '鹿寨镇建设路 8 号', region_code: '450223' },
    o.gig,
  );
  delete o.gig;
  return Object.assign(
    {
      id,
      gig_id: g.id,
      worker_id: 7,
      employer_id: 3,
      status: 'applied',
      source: 'apply',
      note: null,
      late_cancel: false,
      first_viewed_at: null,
      decided_at: null,
      worker_confirmed_at: null,
      employer_confirmed_at: null,
      completed_at: null,
      created_at: '2026-11-19T03:00:00Z',
      updated_at: '2026-11-19T03:00:00Z',
      gig: g,
    },
    o,
  );
}

// An applicant of the employer's gig 42 as GET /gigs/{id}/applications lists it: the application with `worker`,
// the phone masked unless accepted or completed.
function applicant(id, over) {
  const o = Object.assign({}, over);
  const open = o.status === 'accepted' || o.status === 'completed';
  const w = Object.assign(
    {
      id: 200 + id,
      real_name: '韦师傅',
      birth_year: 1975,
      gender: 'male',
      credit: 88,
      completeness: 80,
      phone: open ? '13800138000' : '138****8000',
      phone_unmasked: open,
      job_types: [{ id: 11, name: '泥瓦工', years: 12 }],
    },
    o.worker,
  );
  delete o.worker;
  return Object.assign(application(id, Object.assign({ worker_id: w.id, employer_id: 7, gig: Object.assign({ id: 42, title: '装卸工 42' }, o.gig) }, o)), { gig_id: 42, worker: w });
}

// A worker as GET /workers finds them.
function workerCard(id, over) {
  return Object.assign(
    { id, display_name: '韦**', gender: 'male', age: 51, job_types: [{ id: 11, name: '泥瓦工', years: 12 }], region: { code: '450223', name: '鹿寨县' }, distance_m: 3000, credit: 92, completeness: 80 },
    over,
  );
}

// A settlement 薪酬结算 of the signed-in worker (user 7) with employer 3, as GET /settlements/{id} answers it.
function settlement(id, over) {
  return Object.assign(
    {
      id,
      application_id: 63,
      gig: { id: 163, title: '装卸工 163' },
      worker: { id: 7, name: '韦师傅' },
      employer: { id: 3, name: '鹿寨建材有限公司' },
      region: { code: '450223100', name: '鹿寨镇' },
      status: 'recorded',
      pay_unit: 'day',
      rate_fen: 18000,
      quantity_milli: 2000,
      quantity: '2',
      minutes_worked: 960,
      days_attended: 2,
      base_fen: 36000,
      items_fen: 2000,
      computed_fen: 38000,
      amount_fen: 38000,
      adjusted: false,
      adjust_reason: null,
      pay_method: null,
      pay_reference: null,
      dispute_reason: null,
      complaint_id: null,
      paid_at: null,
      confirmed_at: null,
      disputed_at: null,
      resolved_at: null,
      created_at: '2026-11-20T10:00:00Z',
      updated_at: '2026-11-20T10:00:00Z',
      items: [
        { position: 0, kind: 'base', label: '工资（按天计）', quantity_milli: 2000, unit_fen: 18000, amount_fen: 36000 },
        { position: 1, kind: 'extra', label: '餐补', quantity_milli: null, unit_fen: null, amount_fen: 2000 },
      ],
      history: [{ actor: 'user', from: null, to: 'recorded', reason: null, at: '2026-11-20T10:00:00Z' }],
    },
    over,
  );
}

function notification(id, over) {
  return Object.assign(
    { id, kind: 'application_accepted', title: '报名已录用', body: `你报名的岗位「装卸工 ${id}」已录用你`, object_type: 'application', object_id: 62, read_at: null, created_at: '2026-11-20T03:00:00Z' },
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

// A complaint 诉求 as GET /complaints/{id} answers the complainant.
function complaint(id, over) {
  return Object.assign(
    {
      id,
      category: 'unpaid_wage',
      category_label: '拖欠工资',
      status: 'handling',
      status_label: '处理中',
      respondent_id: 501,
      text: '做完三天的活，雇主说月底统一结，到现在电话也不接。',
      source: 'user',
      sla_due_at: '2026-11-26T16:00:00Z',
      escalated: false,
      escalated_at: null,
      gig: { id: 11, title: '装卸工 11' },
      application_id: 62,
      settlement_id: null,
      upheld: null,
      resolution: null,
      resolved_at: null,
      created_at: '2026-11-20T02:00:00Z',
      updated_at: '2026-11-21T02:00:00Z',
      history: [
        { actor: 'user', from: null, to: 'submitted', reason: null, at: '2026-11-20T02:00:00Z' },
        { actor: 'admin', from: 'submitted', to: 'accepted', reason: null, at: '2026-11-20T06:00:00Z' },
        { actor: 'admin', from: 'accepted', to: 'handling', reason: '已电话联系雇主核实', at: '2026-11-21T02:00:00Z' },
      ],
      images: [{ id: 801, url: '/api/v1/uploads/801', content_type: 'image/jpeg', size: 2048 }],
    },
    over,
  );
}

function create(overrides = {}) {
  const seen = [];
  const mine = [gig(41, { status: 'draft' }), gig(42, { status: 'published' }), gig(43, { status: 'rejected', review_reason: '请写明工作时间' })];
  const apps = [
    application(61),
    application(62, { status: 'accepted', decided_at: '2026-11-19T05:00:00Z' }),
    application(63, { status: 'completed', completed_at: '2026-11-20T09:00:00Z' }),
    application(64, { status: 'cancelled', late_cancel: true }),
  ];
  const applicants = [
    applicant(91),
    applicant(92, { status: 'accepted', decided_at: '2026-11-19T05:00:00Z' }),
    applicant(93, { status: 'rejected', worker: { real_name: '覃阿姨', gender: 'female', birth_year: 1968 } }),
  ];
  const workers = [workerCard(301), workerCard(302, { display_name: '覃**', gender: 'female', age: 58, distance_m: undefined })];
  const invitations = [];
  const notes = [notification(71), notification(72, { kind: 'gig_approved', title: '招工已通过审核', body: '你发布的招工已通过审核', object_type: 'gig', object_id: 11, read_at: '2026-11-20T04:00:00Z' })];
  const idOf = (req) => Number(pathOf(req.url).split('/')[2]);
  const appOf = (req) => apps.find((a) => a.id === idOf(req)) || applicants.find((a) => a.id === idOf(req)) || application(idOf(req));
  const moved = (req, status, extra) => {
    const a = appOf(req);
    Object.assign(a, { status }, extra);
    return json(200, { application: a });
  };
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
    'POST /gigs/:id/applications': (req) => {
      const gigId = idOf(req);
      const a = application(90, { gig_id: gigId, note: (req.data && req.data.note) || null, gig: { id: gigId } });
      return json(201, { application: a });
    },
    'GET /me/applications': (req) => {
      const q = queryOf(req.url);
      const items = q.status ? apps.filter((a) => a.status === q.status) : apps;
      return json(200, { items, page: Number(q.page || 1), page_size: 20, total: items.length });
    },
    'GET /applications/:id': (req) => json(200, { application: appOf(req) }),
    'POST /applications/:id/withdraw': (req) => moved(req, 'withdrawn'),
    'POST /applications/:id/cancel': (req) => moved(req, 'cancelled'),
    'POST /applications/:id/confirm': (req) => {
      const a = appOf(req);
      // an applicant of the employer's gig (has `worker`) is confirmed by the employer, the rest by the worker
      if (a.worker) a.employer_confirmed_at = '2030-11-22T10:00:00Z';
      else a.worker_confirmed_at = '2030-11-22T10:00:00Z';
      return json(200, { confirmation: { application_id: a.id, status: a.status, worker_confirmed_at: a.worker_confirmed_at, employer_confirmed_at: a.employer_confirmed_at, completed_at: null, auto_confirm_at: '2030-11-25T09:00:00Z' } });
    },
    'POST /applications/:id/attendance/check-in': () =>
      json(201, { attendance: { id: 1, work_date: '2030-11-22', check_in_at: '2030-11-22T00:05:00Z', check_in_method: 'location', check_out_at: null, check_out_method: null, minutes_worked: 0, hours_worked: 0, corrections: [] } }),
    'POST /applications/:id/attendance/check-out': () =>
      json(200, { attendance: { id: 1, work_date: '2030-11-22', check_in_at: '2030-11-22T00:05:00Z', check_in_method: 'location', check_out_at: '2030-11-22T09:00:00Z', check_out_method: 'code', minutes_worked: 535, hours_worked: 8.92, corrections: [] } }),
    'GET /me/notifications': (req) => {
      const q = queryOf(req.url);
      const unread = notes.filter((n) => !n.read_at).length;
      const items = q.unread === 'true' ? notes.filter((n) => !n.read_at) : notes;
      return json(200, { items: items.slice(0, Number(q.page_size || 20)), page: 1, page_size: Number(q.page_size || 20), total: items.length, unread_count: unread });
    },
    'POST /me/notifications/:id/read': (req) => {
      const n = notes.find((x) => x.id === Number(pathOf(req.url).split('/')[3]));
      if (n) n.read_at = '2026-11-21T00:00:00Z';
      return json(200, { id: n ? n.id : 0, read: true });
    },
    'POST /me/notifications/read-all': () => {
      const marked = notes.filter((n) => !n.read_at).length;
      notes.forEach((n) => (n.read_at = n.read_at || '2026-11-21T00:00:00Z'));
      return json(200, { marked });
    },
    'GET /gigs/:id/applications': (req) => {
      const q = queryOf(req.url);
      const items = q.status ? applicants.filter((a) => a.status === q.status) : applicants;
      return json(200, { items, page: Number(q.page || 1), page_size: 20, total: items.length });
    },
    'POST /applications/:id/accept': (req) => {
      const a = appOf(req);
      if (a.worker) Object.assign(a.worker, { phone: '13800138000', phone_unmasked: true });
      return moved(req, 'accepted', { decided_at: '2026-11-21T01:00:00Z' });
    },
    'POST /applications/:id/reject': (req) => moved(req, 'rejected', { decided_at: '2026-11-21T01:00:00Z' }),
    'POST /applications/:id/no-show': (req) => moved(req, 'no_show'),
    'GET /applications/:id/attendance': (req) => json(200, { application_id: idOf(req), items: [], work_days: 1, days_attended: 0, minutes_total: 0, hours_total: 0 }),
    'GET /gigs/:id/site-code': (req) => json(200, { gig_id: idOf(req), code: '482913', expires_in: 37, step: 60 }),
    'GET /workers': (req) => {
      const q = queryOf(req.url);
      return json(200, { items: workers, page: Number(q.page || 1), page_size: 20, total: workers.length });
    },
    'POST /gigs/:id/invitations': (req) => {
      const gigId = idOf(req);
      const inv = {
        id: 500 + invitations.length,
        status: 'pending',
        gig: { id: gigId, title: `装卸工 ${gigId}`, status: 'published', starts_at: '2030-11-22T00:00:00Z', ends_at: '2030-11-22T09:00:00Z', pay_fen: 18000, pay_unit: 'day', headcount: 3, accepted_count: 0, remaining: 3, region: { code: '450223', name: '鹿寨县' } },
        employer: { id: 7, name: '鹿寨建材有限公司' },
        worker: { id: req.data.worker_id, display_name: '韦**' },
        application_id: null,
        created_at: '2026-11-21T01:00:00Z',
        responded_at: null,
      };
      invitations.unshift(inv);
      return json(201, { invitation: inv });
    },
    'GET /gigs/:id/invitations': () => json(200, { items: invitations, page: 1, page_size: 20, total: invitations.length }),
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
  // complaints 诉求 and their images
  const complaints = [complaint(81), complaint(82, { status: 'submitted', status_label: '已提交', history: [{ actor: 'user', from: null, to: 'submitted', reason: null, at: '2026-11-21T02:00:00Z' }], images: [] })];
  let uploadId = 900;
  Object.assign(routes, {
    'GET /me/complaints': () => json(200, { items: complaints, page: 1, page_size: 20, total: complaints.length }),
    'GET /complaints/:id': (req) => json(200, { complaint: complaints.find((c) => c.id === idOf(req)) || complaint(idOf(req)) }),
    'POST /complaints': (req) => {
      const c = complaint(83, { status: 'submitted', category: req.data.category, text: req.data.text, images: (req.data.image_ids || []).map((id) => ({ id, url: `/api/v1/uploads/${id}`, content_type: 'image/jpeg', size: 2048 })) });
      complaints.unshift(c);
      return json(201, { complaint: c });
    },
    'POST /uploads': () => {
      uploadId++;
      return json(201, { upload: { id: uploadId, content_type: 'image/jpeg', size: 2048, sha256: '0'.repeat(64), url: `/api/v1/uploads/${uploadId}`, created_at: '2026-11-21T02:00:00Z' } });
    },
    'GET /uploads/:id': (req) => ({ statusCode: 200, tempFilePath: `wxfile://upload_${idOf(req)}.jpg` }),
  });
  // trust (issue 7): ratings of application 63 (completed), 诚信分, the blocklist
  const ratingsByApp = {};
  const blocks = [{ user_id: 3, employer_name: '鹿寨建材有限公司', worker_name: null, created_at: '2026-11-20T01:00:00Z' }];
  Object.assign(routes, {
    'GET /rating-tags': (req) => {
      const all = [['worker_to_employer', '工资按时结', true], ['worker_to_employer', '环境安全', true], ['worker_to_employer', '拖欠工资', false],
        ['employer_to_worker', '准时', true], ['employer_to_worker', '技术好', true], ['employer_to_worker', '迟到早退', false]]
        .map(([direction, name, positive], i) => ({ id: i + 1, direction, name, positive }));
      const d = queryOf(req.url).direction;
      return json(200, { items: d ? all.filter((t) => t.direction === d) : all });
    },
    'GET /applications/:id/ratings': (req) => {
      const id = idOf(req);
      const mine = ratingsByApp[id] || null;
      const a = appOf(req);
      return json(200, { application_id: id, mine, theirs: null, theirs_submitted: id === 63, can_rate: a.status === 'completed' && !mine });
    },
    'POST /applications/:id/ratings': (req) => {
      const id = idOf(req);
      if (ratingsByApp[id]) return apiError(409, 'already_exists', '你已经评价过这次工作，每次工作只能评价一次');
      const r = { id: 900 + id, application_id: id, direction: 'worker_to_employer', subject_id: 3, stars: req.data.stars, tags: req.data.tags || [], text: req.data.text || null, gig: { id: 100 + id, title: `装卸工 ${100 + id}` }, author: { name: '韦**', role: 'worker' }, revealed: false, reveal_at: '2026-11-28T01:00:00Z', created_at: '2026-11-21T01:00:00Z', hidden: false, hidden_reason: null, hidden_at: null };
      ratingsByApp[id] = r;
      return json(201, { rating: r });
    },
    'GET /me/credit': (req) => {
      const q = queryOf(req.url);
      const items = [
        { id: 3, reason: { code: 'no_show', label: '未到岗' }, delta: -10, score_before: 60, score_after: 50, role: 'worker', actor: 'user', note: null, created_at: '2026-11-20T08:00:00Z', object: { type: 'application', id: 62 } },
        { id: 2, reason: { code: 'admin_adjust', label: '管理员调整' }, delta: -42, score_before: 100, score_after: 58, role: null, actor: 'admin', note: '核实多次爽约', created_at: '2026-11-19T08:00:00Z', object: null },
        { id: 1, reason: { code: 'rating_received', label: '收到评价' }, delta: 2, score_before: 100, score_after: 100, role: 'worker', actor: 'user', note: null, created_at: '2026-11-18T08:00:00Z', object: { type: 'rating', id: 5 } },
      ];
      return json(200, { credit: { score: 50, threshold: 60, restricted: true, restricted_at: '2026-11-20T08:00:00Z', restricted_because: { code: 'no_show', label: '未到岗' }, lifted_at: null, lift_note: null }, items, page: Number(q.page || 1), page_size: 20, total: items.length });
    },
    'GET /me/blocks': (req) => json(200, { items: blocks, page: Number(queryOf(req.url).page || 1), page_size: 20, total: blocks.length }),
    'POST /me/blocks': (req) => {
      const b = { user_id: req.data.user_id, employer_name: null, worker_name: '韦**', created_at: '2026-11-21T02:00:00Z' };
      blocks.unshift(b);
      return json(201, { block: b });
    },
    'DELETE /me/blocks/:id': (req) => {
      const i = blocks.findIndex((b) => b.user_id === idOf(req));
      if (i < 0) return apiError(404, 'not_found', '找不到请求的内容');
      blocks.splice(i, 1);
      return json(200, { user_id: idOf(req), blocked: false });
    },
  });
  // settlements 薪酬结算: 63 (completed, the worker's) has one, paid and awaiting the worker's confirmation
  const settlements = [settlement(501, { status: 'paid', pay_method: 'wechat', paid_at: '2026-11-20T12:00:00Z' }), settlement(502, { application_id: 999, status: 'confirmed' })];
  const settlementMove = (req, status, extra) => {
    const st = settlements.find((x) => x.id === idOf(req));
    if (!st) return apiError(404, 'not_found', '找不到请求的内容');
    Object.assign(st, { status }, extra);
    st.history = st.history.concat([{ actor: 'user', from: null, to: status, reason: (extra && extra.dispute_reason) || null, at: '2026-11-21T03:00:00Z' }]);
    return json(200, { settlement: st });
  };
  Object.assign(routes, {
    'GET /applications/:id/settlement': (req) => {
      const st = settlements.find((x) => x.application_id === idOf(req));
      return st ? json(200, { settlement: st }) : apiError(404, 'not_found', '找不到请求的内容');
    },
    'POST /applications/:id/settlements': (req) => {
      const a = appOf(req);
      const st = settlement(600 + settlements.length, { application_id: a.id, worker: { id: a.worker_id, name: '韦师傅' }, employer: { id: a.employer_id, name: '鹿寨建材有限公司' }, amount_fen: req.data.amount_fen || 36000, adjusted: !!req.data.amount_fen, adjust_reason: req.data.adjust_reason || null });
      settlements.push(st);
      return json(201, { settlement: st });
    },
    'GET /settlements/:id': (req) => {
      const st = settlements.find((x) => x.id === idOf(req));
      return st ? json(200, { settlement: st }) : apiError(404, 'not_found', '找不到请求的内容');
    },
    'POST /settlements/:id/pay': (req) => settlementMove(req, 'paid', { pay_method: req.data.method, pay_reference: req.data.reference || null, paid_at: '2026-11-21T03:00:00Z' }),
    'POST /settlements/:id/confirm': (req) => settlementMove(req, 'confirmed', { confirmed_at: '2026-11-21T03:00:00Z' }),
    'POST /settlements/:id/dispute': (req) => settlementMove(req, 'disputed', { dispute_reason: req.data.reason, complaint_id: 81, disputed_at: '2026-11-21T03:00:00Z' }),
    'GET /me/settlements': (req) => {
      const q = queryOf(req.url);
      const items = settlements.filter((x) => (!q.state || x.status === q.state) && (q.role !== 'employer' || x.employer.id === user.id) && (q.role !== 'worker' || x.worker.id === user.id));
      return json(200, { items, page: Number(q.page || 1), page_size: 20, total: items.length });
    },
    'GET /me/income-statement': (req) => {
      const year = Number(queryOf(req.url).year || 2026);
      const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, count: i === 10 ? 1 : 0, amount_fen: i === 10 ? 38000 : 0 }));
      return json(200, { statement: { year, worker: { id: 7, name: '韦师傅' }, generated_at: '2026-11-21T04:00:00Z', count: 1, total_fen: 38000, confirmed_fen: 0, awaiting_confirmation_fen: 38000, disputed_fen: 0, months,
        items: [{ id: 501, gig_id: 163, gig_title: '装卸工 163', employer_name: '鹿寨建材有限公司', paid_at: '2026-11-20T12:00:00Z', amount_fen: 38000, status: 'paid', pay_method: 'wechat' }], unpaid: { count: 1, amount_fen: 7000 } } });
    },
    'GET /me/income-statement.pdf': (req) => ({ statusCode: 200, tempFilePath: `wxfile://income_${queryOf(req.url).year}.pdf` }),
  });
  Object.assign(routes, overrides);
  function server(req) {
    const p = pathOf(req.url);
    const key = `${req.method} ${p.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    seen.push({ key, req });
    const fn = routes[key];
    if (!fn) return apiError(404, 'not_found', '找不到请求的内容');
    return fn(req);
  }
  return { server, seen, routes, gig, apps, notes, applicants, workers, invitations, complaints, settlements };
}

module.exports = { create, gig, application, applicant, workerCard, notification, complaint, settlement, user, REGIONS, JOB_TYPES };
