/**
 * @jest-environment node
 */
// The mini-program's services/ and utils/ against the REAL linggongd and MariaDB that deploy/test.sh starts,
// with wx.request carried by fetch (helpers/fetch-wx.js) and wx.login codes from the WeChat double
// (test:<name>). Covers sign-in, token refresh and re-login, phone binding, 工种 and regions, and — for the
// routes server/openapi.json documents — profile save, employer profile, gig post (with the word filter's
// 422 at the field), review, search, detail, my gigs, stations, and applying: search → apply with an
// Idempotency-Key → 我的报名 → withdraw, with the employer's inbox. Routes not in openapi.json yet are listed
// as skipped tests naming the route, never passed silently. Every JSON answer the mini-program received is
// checked against openapi.json.
'use strict';
const lib = require('../api/lib'); // throws with a clear message unless deploy/test.sh's environment is set
const { createFetchWx } = require('./helpers/fetch-wx');
const { mpRequire, startApp } = require('./helpers/mp');

jest.setTimeout(120000);

const has = (method, p) => !!(lib.openapi.paths[p] && lib.openapi.paths[p][method]);
const ROUTES = {
  worker: has('put', '/api/v1/me/worker') && has('get', '/api/v1/me/worker'),
  employer: has('put', '/api/v1/me/employer') && has('get', '/api/v1/me/employer'),
  post: has('post', '/api/v1/gigs') && has('get', '/api/v1/me/gigs'),
  review: has('post', '/api/v1/admin/gigs/{id}/approve'),
  search: has('get', '/api/v1/gigs') && has('get', '/api/v1/gigs/{id}'),
  stations: has('get', '/api/v1/stations'),
  apply: has('post', '/api/v1/gigs/{id}/applications'),
  mine: has('get', '/api/v1/me/applications') && has('post', '/api/v1/applications/{id}/withdraw') && has('get', '/api/v1/me/notifications'),
};
const missing = Object.entries(ROUTES)
  .filter(([, v]) => !v)
  .map(([k]) => k);
if (missing.length) console.warn(`contract test: not in server/openapi.json yet, their tests are skipped: ${missing.join(', ')}`);
const when = (ok, route) => (ok ? test : (name, fn) => test.skip(`${name} [skipped: ${route} is not in openapi.json yet]`, fn));

let wechat;
let srv;
const users = [];

beforeAll(async () => {
  wechat = await lib.startWechat({ clientTimeoutMs: 2000 });
  srv = await lib.startServer({ ...wechat.env, RATE_LOGIN_PER_MIN: '100000' });
});

afterAll(async () => {
  if (wechat) await wechat.close();
  if (!srv) return;
  // srv.stop() would do the same but leaves its 20 s guard timer pending, which holds jest open after the run
  const exit = await srv.kill('SIGTERM');
  if (exit.code !== 0) throw new Error(`linggongd exited with ${JSON.stringify(exit)} (ASan/UBSan report?):\n${srv.logs().slice(-30).join('\n')}`);
});

// A mini-program instance for one WeChat user: fresh modules over a fetch-backed wx, pointed at the test server
// through the develop build's base URL override. `use()` makes it the current `wx` (modules read the global).
function miniProgram(prefix) {
  jest.resetModules();
  const name = lib.uniq(prefix);
  const wx = createFetchWx({ name });
  global.wx = wx;
  wx.setStorageSync('lg.devBaseUrl', `${srv.url}/api/v1`);
  startApp();
  const request = mpRequire('utils/request');
  request.config.sleep = () => Promise.resolve();
  const ctx = {
    name,
    wx,
    request,
    errors: mpRequire('utils/errors'),
    auth: mpRequire('utils/auth'),
    authApi: mpRequire('services/auth'),
    reference: mpRequire('services/reference'),
    profile: mpRequire('services/profile'),
    gigs: mpRequire('services/gigs'),
    stations: mpRequire('services/stations'),
    applications: mpRequire('services/applications'),
    wp: mpRequire('logic/worker-profile'),
    ep: mpRequire('logic/employer-profile'),
    gf: mpRequire('logic/gig-form'),
    use() {
      global.wx = wx;
      return ctx;
    },
  };
  users.push(ctx);
  return ctx;
}

// Every JSON answer received so far matches the route's response schema in openapi.json.
const templates = Object.keys(lib.openapi.paths).map((p) => ({ p, re: new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
afterEach(() => {
  for (const u of users) {
    for (const x of u.wx._exchanges.splice(0)) {
      if (x.status === 0 || x.status === 304) continue; // no answer / no body
      const p = new URL(x.url).pathname;
      if (x.status >= 500) {
        const log = srv.logs().filter((l) => /"level":"(error|warn|fatal)"|"status":5/.test(l)).slice(-5).join('\n');
        throw new Error(`${x.method} ${p}${new URL(x.url).search} answered ${x.status}: ${x.text}\nserver log:\n${log}`);
      }
      const t = templates.find((tt) => tt.re.test(p));
      if (!t) throw new Error(`the mini-program called ${x.method} ${p}, which openapi.json does not document`);
      lib.assertMatchesSpec(t.p, x.method, { status: x.status, json: x.json, text: x.text });
    }
  }
});

function calls(ctx, method, p) {
  return ctx.wx._exchanges.filter((x) => x.method === method && new URL(x.url).pathname === `/api/v1${p}`);
}

// A valid 18-digit ID number unique to this run (GB 11643 check character).
function idNumber() {
  const body = `450223${1960 + Math.floor(Math.random() * 40)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

// A valid unified social credit code unique to this run: 9 (工商) 1 (企业), a 广西 region, an organisation code
// with its GB 11714 check character, and the GB 32100 MOD 31 check character.
function creditCode() {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let org = '';
  while (org.length < 8) org += String(Math.floor(Math.random() * 10));
  const ow = [3, 7, 9, 10, 5, 8, 4, 2];
  const r = 11 - ([...org].reduce((s, c, i) => s + Number(c) * ow[i], 0) % 11);
  const body = `91450223${org}${r === 10 ? 'X' : r === 11 ? '0' : r}`;
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...body].reduce((s, c, i) => s + chars.indexOf(c) * w[i], 0);
  return body + chars[(31 - (sum % 31)) % 31];
}

// A mobile number unique to this run (a phone binds to one account only).
function mobile() {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

test('sign-in: wx.login → POST /auth/wechat through the WeChat double; GET /me answers the same user', async () => {
  const mp = miniProgram('mpsign');
  const user = await mp.auth.ensureUser();
  expect(user.id).toBeGreaterThan(0);
  expect(user.phone).toBeNull();
  expect(mp.wx.login).toHaveBeenCalledTimes(1);
  const me = await mp.authApi.me();
  expect(me.user.id).toBe(user.id);
  expect(calls(mp, 'GET', '/me')[0].header).toBeDefined();
  // the same WeChat user signing in again is the same account
  const again = miniProgram(mp.name.replace(/\d.*$/, '')); // a different name is a different user
  expect((await again.auth.ensureUser()).id).not.toBe(user.id);
});

test('an invalid access token is recovered with one refresh; a refused refresh token leads to a silent re-login', async () => {
  const mp = miniProgram('mprefresh');
  const user = await mp.auth.ensureUser();
  const s = mp.auth.session();
  mp.wx.setStorageSync('lg.session', Object.assign({}, s, { access_token: `${s.access_token}x` }));
  expect((await mp.authApi.me()).user.id).toBe(user.id);
  expect(calls(mp, 'POST', '/auth/refresh')).toHaveLength(1);
  expect(mp.wx.login).toHaveBeenCalledTimes(1);
  // replaying the first (already rotated) refresh token revokes the family on the server; the client signs in again
  const rotated = mp.auth.session();
  mp.wx.setStorageSync('lg.session', Object.assign({}, rotated, { access_token: 'bad', refresh_token: s.refresh_token }));
  expect((await mp.authApi.me()).user.id).toBe(user.id);
  expect(calls(mp, 'POST', '/auth/refresh')).toHaveLength(2);
  expect(calls(mp, 'POST', '/auth/refresh')[1].status).toBe(401);
  expect(mp.wx.login).toHaveBeenCalledTimes(2);
  expect(mp.wx.showToast).not.toHaveBeenCalled();
});

test('five concurrent requests with an invalid token share one refresh, so the refresh family is not revoked', async () => {
  const mp = miniProgram('mpconc');
  await mp.auth.ensureUser();
  const s = mp.auth.session();
  mp.wx.setStorageSync('lg.session', Object.assign({}, s, { access_token: `${s.access_token}x` }));
  const out = await Promise.all([1, 2, 3, 4, 5].map(() => mp.authApi.me()));
  expect(new Set(out.map((o) => o.user.id)).size).toBe(1);
  expect(calls(mp, 'POST', '/auth/refresh')).toHaveLength(1);
  expect(mp.wx.login).toHaveBeenCalledTimes(1);
});

test('phone binding: a getPhoneNumber code binds the phone, shown masked', async () => {
  const mp = miniProgram('mpphone');
  await mp.auth.ensureUser();
  const phone = mobile();
  const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const user = await mp.auth.bindPhone(`phone:${phone}`);
  expect(user.phone).toBe(masked);
  expect((await mp.authApi.me()).user.phone).toBe(masked);
});

test('工种: the tree, then a revalidation answered 304 from the stored ETag', async () => {
  const mp = miniProgram('mpjt');
  const tree = await mp.reference.jobTypes();
  expect(tree.length).toBeGreaterThan(0);
  expect(tree[0]).toEqual(expect.objectContaining({ id: expect.any(Number), name: expect.any(String), children: expect.any(Array) }));
  const again = await mp.reference.jobTypes();
  expect(again).toEqual(tree);
  expect(calls(mp, 'GET', '/job-types').map((x) => x.status)).toEqual([200, 304]);
});

test('regions: provinces, then the children of 广西 (450000), then 鹿寨县 under 柳州', async () => {
  const mp = miniProgram('mpreg');
  const roots = await mp.reference.regions();
  expect(roots.map((r) => r.code)).toEqual(expect.arrayContaining(['450000', '360000']));
  expect((await mp.reference.regions('450000')).map((r) => r.code)).toContain('450200');
  const counties = await mp.reference.regions('450200');
  expect(counties.find((r) => r.code === '450223')).toMatchObject({ name: '鹿寨县', level: 3 });
});

test('a server error reaches the user as its zh-CN message in a toast and as an ApiError', async () => {
  const mp = miniProgram('mperr');
  const err = await mp.reference.regions('abc').catch((e) => e);
  expect(err).toBeInstanceOf(mp.errors.ApiError);
  expect(err.status).toBe(400);
  expect(err.message).toMatch(/[\u4e00-\u9fa5]/);
  expect(mp.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: err.message, icon: 'none' }));
});

when(ROUTES.worker, 'GET/PUT /me/worker')('profile save: the 画像 form saves through PUT /me/worker and reads back, ID masked', async () => {
  const mp = miniProgram('mpworker');
  await mp.auth.ensureUser();
  const before = await mp.profile.getWorker();
  expect(before.exists).toBe(false);
  const tree = await mp.reference.jobTypes();
  const leaf = tree.find((t) => t.children.length).children[0];
  const form = mp.wp.fromServer(before);
  Object.assign(form, {
    realName: '韦师傅',
    idNumber: idNumber(),
    jobTypes: mp.wp.addJobType(form, leaf),
    regions: [{ code: '450223', name: '鹿寨县' }],
    region: { code: '450223', name: '鹿寨县' },
    lat: 24.4728,
    lng: 109.752,
    expectedPayYuan: '220',
    expectedPayUnit: 'day',
    intro: '做过二十年泥瓦工',
    discoverable: true,
  });
  form.jobTypes[0].years = 12;
  form.certificates = [{ key: 'c0', name: '建筑焊工证', number: 'T450223', expiresOn: '2030-06-30' }];
  expect(form.idNumberMasked).toBe('');
  form.availability = mp.wp.toggleSlot(form, 'mon', 'morning');
  const { body, errors } = mp.wp.toBody(form);
  expect(errors).toEqual({});
  const saved = await mp.profile.saveWorker(body);
  expect(saved).toMatchObject({ exists: true, real_name: '韦师傅', discoverable: true, expected_pay: { fen: 22000, unit: 'day' } });
  expect(saved.id_number).toMatch(/\*/);
  expect(saved.id_number).not.toBe(body.id_number);
  const back = mp.wp.fromServer(await mp.profile.getWorker());
  expect(back.jobTypes).toEqual([{ id: leaf.id, name: leaf.name, years: 12 }]);
  // certificate numbers come back masked (they are often ID numbers); saving the mask back keeps them
  expect(back.certificates[0]).toMatchObject({ name: '建筑焊工证', number: 'T4***23', expiresOn: '2030-06-30' });
  expect(back.availability[0].slots[0].on).toBe(true);
  expect(back.completeness).toBeGreaterThan(0);
  // saving again without retyping the ID number keeps it
  const resave = await mp.profile.saveWorker(mp.wp.toBody(back).body);
  expect(resave.id_number).toBe(saved.id_number);
  expect(resave.certificates[0].number).toBe('T4***23');
});

when(ROUTES.worker, 'PUT /me/worker')('profile save: a bad ID number from the server lands on the ID field', async () => {
  const mp = miniProgram('mpworkerbad');
  await mp.auth.ensureUser();
  const err = await mp.profile.saveWorker({ real_name: '韦师傅', id_number: '110105194912310021' }, { toast: false }).catch((e) => e);
  expect(err.status).toBe(400);
  expect(mp.wp.serverErrors(err).errors).toHaveProperty('idNumber');
});

// Signs `mp` in, saves an organisation employer profile from the employer form and posts a gig from the gig form.
async function employerWithGig(mp, gigOver) {
  await mp.auth.ensureUser();
  const ef = Object.assign(mp.ep.fromServer(await mp.profile.getEmployer()), {
    kind: 'org',
    name: `鹿寨建材${mp.name.slice(-6)}有限公司`,
    creditCode: creditCode(),
    legalRep: '覃某',
    contactName: '覃经理',
    contactPhone: mobile(),
    region: { code: '450223', name: '鹿寨县' },
    address: '建设路 8 号',
  });
  const e = mp.ep.toBody(ef);
  expect(e.errors).toEqual({});
  const employer = await mp.profile.saveEmployer(e.body);
  const tree = await mp.reference.jobTypes();
  const leaf = tree.find((t) => t.children.length).children[0];
  const day = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
  const form = Object.assign(
    mp.gf.emptyForm(employer.region),
    {
      title: `装卸工${mp.name.slice(-5)}`,
      description: '卸水泥，管午饭，自带手套',
      jobType: { id: leaf.id, name: leaf.name },
      payYuan: '180',
      payUnit: 'day',
      headcount: 3,
      startsAt: `${day} 08:00`,
      endsAt: `${day} 17:00`,
      address: '鹿寨镇建设路 8 号',
      lat: 24.4728,
      lng: 109.752,
    },
    gigOver,
  );
  const { body, errors } = mp.gf.toBody(form);
  expect(errors).toEqual({});
  return { employer, form, body, phone: e.body.contact_phone };
}

when(ROUTES.employer && ROUTES.post, 'PUT /me/employer, POST /gigs, GET /me/gigs')('gig post: employer profile from the form, then a gig from the form goes to review and is listed under 待审核 (the server label)', async () => {
  const mp = miniProgram('mpemployer');
  const { employer, form, body, phone } = await employerWithGig(mp);
  expect(employer).toMatchObject({ exists: true, kind: 'org', contact_phone: `${phone.slice(0, 3)}****${phone.slice(7)}` });
  expect(['unverified', 'pending']).toContain(employer.verification);
  const gig = await mp.gigs.createGig(Object.assign({ submit: true }, body));
  expect(gig).toMatchObject({ title: form.title, pay_fen: 18000, pay_unit: 'day', headcount: 3, status: 'pending_review', starts_at: body.starts_at });
  expect(mp.gf.fromGig(gig)).toMatchObject({ startsAt: form.startsAt, endsAt: form.endsAt, payYuan: '180.00' });
  const mine = await mpRequire('logic/my-gigs').list('pending_review').reload();
  expect(mine.error).toBe('');
  expect(mine.items.find((c) => c.id === gig.id)).toMatchObject({ statusText: '待审核', actions: { edit: true, submit: false, close: false } });
  // a draft edited and then submitted, as the edit page does it
  const draft = await mp.gigs.createGig(Object.assign({ submit: false }, body));
  expect(draft.status).toBe('draft');
  const edited = await mp.gigs.updateGig(draft.id, Object.assign({}, body, { headcount: 5 }));
  expect(edited).toMatchObject({ status: 'draft', headcount: 5 });
  expect((await mp.gigs.submitGig(draft.id)).status).toBe('pending_review');
});

when(ROUTES.employer && ROUTES.post, 'POST /gigs')('gig post: text the word filter blocks answers 422 content_rejected, shown at the field it names', async () => {
  const mp = miniProgram('mpwords');
  const { body } = await employerWithGig(mp, { description: '上岗先交押金 200 元，不交不能上岗' });
  const err = await mp.gigs.createGig(Object.assign({ submit: true }, body), { toast: false }).catch((x) => x);
  expect(err).toMatchObject({ status: 422, code: 'content_rejected', field: 'description' });
  expect(mp.gf.serverErrors(err).errors).toEqual({ description: err.message });
});

when(ROUTES.post && ROUTES.review && ROUTES.search, 'POST /admin/gigs/{id}/approve, GET /gigs, GET /gigs/{id}')('gig search: once approved, a worker finds the gig nearby and opens its detail; closed, it is gone', async () => {
  const employer = miniProgram('mpsearchemp');
  const { body } = await employerWithGig(employer);
  const gig = await employer.gigs.createGig(Object.assign({ submit: true }, body));
  const password = `Pw-${lib.uniq('x')}-9a`;
  const username = lib.createAdmin({ password });
  const login = await lib.call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  expect(login.status).toBe(200);
  const ok = await lib.call(srv.url, 'POST', `/api/v1/admin/gigs/${gig.id}/approve`, { token: login.json.access_token });
  expect(ok.status).toBe(200);

  const worker = miniProgram('mpsearch');
  const search = mpRequire('logic/search');
  const f = Object.assign(search.defaults(), { q: gig.title, sort: 'distance', radiusKm: 10 });
  const s = await search.list(f, { lat: 24.47, lng: 109.75 }).reload();
  expect(s.error).toBe('');
  const found = s.items.find((c) => c.id === gig.id);
  expect(found).toMatchObject({ title: gig.title, pay: '¥180.00 元/天' });
  expect(found.distance).toMatch(/米|公里/);
  const detail = await mpRequire('logic/gig-detail').load(gig.id);
  expect(detail.error).toBe('');
  expect(detail.gig).toMatchObject({ id: gig.id, open: true, employerKind: '单位', markers: [expect.objectContaining({ latitude: 24.4728 })] });

  employer.use();
  const closed = await mpRequire('logic/my-gigs').close(gig.id);
  expect(closed).toMatchObject({ status: 'closed', actions: { edit: false, submit: false, close: false } });
  worker.use();
  const after = await search.list(f, { lat: 24.47, lng: 109.75 }).reload();
  expect(after.items.find((c) => c.id === gig.id)).toBeUndefined();
});

when(ROUTES.stations, 'GET /stations')('stations: the nearest-first list for a position in 鹿寨县', async () => {
  const mp = miniProgram('mpstations');
  const r = await mpRequire('logic/stations').load({ lat: 24.4728, lng: 109.752 }, '');
  expect(r.error).toBe('');
  expect(Array.isArray(r.items)).toBe(true);
  const d = r.items.map((s) => s.distance);
  expect(d.every((x) => typeof x === 'string')).toBe(true);
  expect(mp.wx._exchanges.length).toBeGreaterThan(0);
});

// Posts a gig as `employer` and has an admin approve it, so workers can find it.
async function publishedGig(employer) {
  const { body } = await employerWithGig(employer);
  const gig = await employer.gigs.createGig(Object.assign({ submit: true }, body));
  const password = `Pw-${lib.uniq('x')}-9a`;
  const username = lib.createAdmin({ password });
  const login = await lib.call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  expect(login.status).toBe(200);
  const ok = await lib.call(srv.url, 'POST', `/api/v1/admin/gigs/${gig.id}/approve`, { token: login.json.access_token });
  expect(ok.status).toBe(200);
  return gig;
}

when(ROUTES.apply && ROUTES.review && ROUTES.search && ROUTES.mine, 'POST /gigs/{id}/applications, GET /me/applications, POST /applications/{id}/withdraw')(
  'apply: a worker finds a published gig, applies with a note (Idempotency-Key; a replay is the same application), sees it in 我的报名, is told 已报名过 on a second try, and withdraws',
  async () => {
    const employer = miniProgram('mpapplyemp');
    const gig = await publishedGig(employer);
    const own = await mpRequire('logic/gig-detail').load(gig.id);
    const employerUser = employer.auth.currentUser();
    expect(mpRequire('logic/gig-detail').applyView(own.gig, employerUser).show).toBe(false); // no button on one's own gig

    const worker = miniProgram('mpapply');
    const me = await worker.auth.ensureUser();
    const search = mpRequire('logic/search');
    const s = await search.list(Object.assign(search.defaults(), { q: gig.title }), null).reload();
    expect(s.error).toBe('');
    expect(s.items.find((c) => c.id === gig.id)).toBeDefined();
    const detail = mpRequire('logic/gig-detail');
    const view = (await detail.load(gig.id)).gig;
    expect(detail.applyView(view, me)).toMatchObject({ show: true, text: '我要报名', disabled: false });

    const applied = await detail.apply(gig.id, ' 会开叉车 ');
    expect(applied).toMatchObject({ status: 'applied', application: { gig_id: gig.id, worker_id: me.id, status: 'applied', note: '会开叉车', source: 'apply' } });
    const first = calls(worker, 'POST', `/gigs/${gig.id}/applications`);
    expect(first).toHaveLength(1);
    expect(first[0].status).toBe(201);
    const key = worker.wx.request.mock.calls.map((c) => c[0]).find((o) => o.url.endsWith(`/gigs/${gig.id}/applications`)).header['Idempotency-Key'];
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    // a retry of that same action (same key, same body) is answered with the same application, not a second one
    const replay = await mpRequire('services/applications').apply(gig.id, '会开叉车', { idempotencyKey: key });
    expect(replay).toEqual(applied.application);
    // a new action on the same gig is refused with the server's zh-CN message, shown as 已报名
    const again = await detail.apply(gig.id, '');
    expect(again.status).toBe('applied');
    expect(again.message).toMatch(/已报名/);
    expect(calls(worker, 'POST', `/gigs/${gig.id}/applications`).map((x) => x.status)).toEqual([201, 201, 409]);

    const apps = mpRequire('logic/applications');
    const mine = await apps.list('applied').reload();
    expect(mine.error).toBe('');
    const card = mine.items.find((c) => c.gigId === gig.id);
    expect(card).toMatchObject({ id: applied.application.id, title: gig.title, statusText: '已报名', pay: '¥180.00 元/天', note: '会开叉车', actions: { withdraw: true, cancel: false, confirm: false } });
    const one = await mpRequire('services/applications').getApplication(card.id);
    expect(one.history.map((h) => h.to)).toEqual(['applied']);

    const w = await apps.withdraw(card.id);
    expect(w.card).toMatchObject({ id: card.id, status: 'withdrawn', statusText: '已撤回', hasActions: false });
    expect((await apps.list('applied').reload()).items.find((c) => c.id === card.id)).toBeUndefined();
    expect((await apps.list('withdrawn').reload()).items.find((c) => c.id === card.id)).toBeDefined();
    // withdrawing twice is a state conflict, with the server's message
    const err = await mpRequire('services/applications').withdraw(card.id, '', { toast: false }).catch((x) => x);
    expect(err.status).toBe(409);
    expect(err.message).toMatch(/[\u4e00-\u9fa5]/);

    // the employer's inbox heard about the application; mark one read, then all
    employer.use();
    const inbox = mpRequire('logic/inbox');
    expect(await inbox.unreadCount()).toBeGreaterThanOrEqual(1);
    const l = inbox.list();
    const st = await l.reload();
    expect(st.error).toBe('');
    const received = st.items.find((n) => n.kind === 'application_received' && n.body.includes(gig.title));
    expect(received).toMatchObject({ unread: true, title: '收到新的报名' });
    expect(await inbox.markRead(received.id)).toBe(true);
    await inbox.markAllRead();
    expect(await inbox.unreadCount()).toBe(0);
  },
);

when(
  ROUTES.apply && ROUTES.review && has('get', '/api/v1/gigs/{id}/applications') && has('post', '/api/v1/applications/{id}/accept') && has('get', '/api/v1/gigs/{id}/site-code'),
  'GET /gigs/{id}/applications, POST /applications/{id}/accept, GET /gigs/{id}/site-code',
)('employer: 报名管理 lists the applicant with a masked phone, 录用 (Idempotency-Key) unmasks it, and 现场码 shows 6 digits with a countdown', async () => {
  const employer = miniProgram('mpaccemp');
  const gig = await publishedGig(employer);

  const worker = miniProgram('mpaccw');
  await worker.auth.ensureUser();
  const phone = mobile();
  await worker.auth.bindPhone(`phone:${phone}`);
  const application = await worker.applications.apply(gig.id, '');

  employer.use();
  const logic = mpRequire('logic/applicants');
  const before = await logic.list(gig.id, 'all').reload();
  expect(before.error).toBe('');
  const card = before.items.find((c) => c.id === application.id);
  expect(card).toMatchObject({ status: 'applied', phone: `${phone.slice(0, 3)}****${phone.slice(7)}`, canCall: false, actions: { accept: true, reject: true, cancel: false } });

  const r = await logic.accept(card.id);
  expect(r.app).toMatchObject({ id: card.id, status: 'accepted' });
  const sent = employer.wx.request.mock.calls.map((c) => c[0]).find((o) => o.url.endsWith(`/applications/${card.id}/accept`));
  expect(sent.header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
  const after = (await logic.list(gig.id, 'accepted').reload()).items.find((c) => c.id === card.id);
  expect(after).toMatchObject({ status: 'accepted', phone, canCall: true, actions: { accept: false, cancel: true } });

  const states = [];
  const code = mpRequire('logic/site-code').create(gig.id, (s) => states.push(s));
  await code.start();
  code.stop();
  const last = states[states.length - 1];
  expect(last.error).toBe('');
  expect(last.code).toMatch(/^\d{6}$/);
  expect(last.left).toBeGreaterThanOrEqual(1);
  expect(last.left).toBeLessThanOrEqual(60);
  expect(last.text).toBe(`${last.left} 秒后更新`);
});
