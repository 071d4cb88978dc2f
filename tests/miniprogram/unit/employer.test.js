// The employer's screens in plain modules: services for applicants, site code, find workers and invitations
// (one function per endpoint, Idempotency-Key on accept/reject/no-show/confirm), logic/applicants.js (state →
// actions, late-cancel warning, cards with masked or callable phone, the card after an action),
// logic/site-code.js (countdown from expires_in, refresh when it runs out, retry after a failure) and
// logic/find-workers.js (filters → /workers query, cards, invitable gigs).
'use strict';
const { json, apiError, pathOf } = require('../helpers/wx-double');
const { fresh, session } = require('../helpers/mp');
const fakeApi = require('../helpers/fake-api');

const NOW = Date.parse('2026-11-20T02:00:00Z');
const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function applicant(status, startIn, over) {
  return fakeApi.applicant(5, Object.assign({ status, gig: { starts_at: iso(NOW + startIn), ends_at: iso(NOW + startIn + 9 * HOUR) } }, over));
}

function signedIn(server) {
  const ctx = fresh(server);
  ctx.wx.setStorageSync('lg.session', session());
  return ctx;
}

describe('services', () => {
  test('one call per endpoint with the exact path, query and body; accept/reject/no-show/confirm carry an Idempotency-Key', async () => {
    const seen = [];
    const { mp } = signedIn((req) => {
      seen.push(req);
      const p = pathOf(req.url);
      if (/site-code$/.test(p)) return json(200, { gig_id: 42, code: '123456', expires_in: 20, step: 60 });
      if (/invitations$/.test(p) && req.method === 'POST') return json(201, { invitation: { id: 1 } });
      if (/confirm$/.test(p)) return json(200, { confirmation: { application_id: 9, status: 'accepted' } });
      if (req.method === 'POST') return json(200, { application: fakeApi.applicant(9, { status: 'accepted' }) });
      return json(200, { items: [], page: 1, page_size: 20, total: 0 });
    });
    const apps = mp('services/applications');
    const gigs = mp('services/gigs');
    const workers = mp('services/workers');
    await apps.forGig(42, { status: 'applied', page: 1 });
    await apps.accept(9);
    await apps.reject(9, '人已招满');
    await apps.noShow(9);
    await apps.confirm(9);
    await gigs.siteCode(42);
    await gigs.invite(42, '301');
    await gigs.invitations(42, { status: 'pending' });
    await workers.find({ job_type: 11, region: '450223', available_on: '2030-11-22' });
    const line = (r) => `${r.method} ${r.url.replace(/^https?:\/\/[^/]+\/api\/v1/, '')}`;
    expect(seen.map(line)).toEqual([
      'GET /gigs/42/applications?status=applied&page=1',
      'POST /applications/9/accept',
      'POST /applications/9/reject',
      'POST /applications/9/no-show',
      'POST /applications/9/confirm',
      'GET /gigs/42/site-code',
      'POST /gigs/42/invitations',
      'GET /gigs/42/invitations?status=pending',
      'GET /workers?job_type=11&region=450223&available_on=2030-11-22',
    ]);
    for (const i of [1, 2, 3, 4]) expect(seen[i].header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
    expect(seen[6].header['Idempotency-Key']).toBeUndefined();
    expect(seen[1].data).toEqual({});
    expect(seen[2].data).toEqual({ reason: '人已招满' });
    expect(seen[6].data).toEqual({ worker_id: 301 });
  });
});

describe('applicants: state → actions', () => {
  const { mp } = fresh(() => json(200, {}));
  const logic = mp('logic/applicants');

  test.each([
    ['applied', 48 * HOUR, { accept: true, reject: true, cancel: false, noShow: false, confirm: false }],
    ['applied', -1 * HOUR, { accept: true, reject: true, cancel: false, noShow: false, confirm: false }],
    ['accepted', 48 * HOUR, { accept: false, reject: false, cancel: true, noShow: false, confirm: false }],
    ['accepted', 1 * HOUR, { accept: false, reject: false, cancel: true, noShow: false, confirm: false }],
    ['accepted', -1 * HOUR, { accept: false, reject: false, cancel: false, noShow: true, confirm: true }],
    ['rejected', 48 * HOUR, { accept: false, reject: false, cancel: false, noShow: false, confirm: false }],
    ['withdrawn', 48 * HOUR, { accept: false, reject: false, cancel: false, noShow: false, confirm: false }],
    ['cancelled', 1 * HOUR, { accept: false, reject: false, cancel: false, noShow: false, confirm: false }],
    ['no_show', -1 * HOUR, { accept: false, reject: false, cancel: false, noShow: false, confirm: false }],
    ['completed', -30 * HOUR, { accept: false, reject: false, cancel: false, noShow: false, confirm: false }],
  ])('%s, starting in %d ms', (status, startIn, want) => {
    expect(logic.actionsFor(applicant(status, startIn), NOW)).toEqual(want);
  });

  test('an employer who confirmed is not offered 确认完成 again; progress says who is waiting', () => {
    const a = applicant('accepted', -30 * HOUR, { employer_confirmed_at: iso(NOW - HOUR) });
    expect(logic.actionsFor(a, NOW)).toMatchObject({ confirm: false, noShow: true });
    expect(logic.card(a, NOW).progress).toBe('你已确认完成，等待零工确认');
    expect(logic.card(applicant('accepted', -30 * HOUR, { worker_confirmed_at: iso(NOW) }), NOW).progress).toBe('零工已确认完成，请你确认');
  });

  test('the cancel warning says 临时取消 inside 24 h of the start only', () => {
    const late = logic.card(applicant('accepted', 23 * HOUR), NOW);
    expect(late.lateCancel).toBe(true);
    expect(late.cancelText).toContain('临时取消');
    const early = logic.card(applicant('accepted', 25 * HOUR), NOW);
    expect(early.lateCancel).toBe(false);
    expect(early.cancelText).not.toContain('临时取消');
  });

  test('card: masked phone is shown but not callable; unmasked after acceptance is; age, gender and 工种 years', () => {
    const masked = logic.card(applicant('applied', 48 * HOUR), NOW);
    expect(masked).toMatchObject({ name: '韦师傅', phone: '138****8000', canCall: false, facts: '男 · 51岁', jobTypes: '泥瓦工 12年', credit: 88 });
    const open = logic.card(applicant('accepted', 48 * HOUR), NOW);
    expect(open).toMatchObject({ phone: '13800138000', canCall: true });
    const noPhone = logic.card(applicant('accepted', 48 * HOUR, { worker: { phone: null, phone_unmasked: true, birth_year: null, gender: null, job_types: [{ id: 2, name: '装卸搬运', years: 0 }] } }), NOW);
    expect(noPhone).toMatchObject({ phone: '', canCall: false, facts: '', jobTypes: '装卸搬运' });
  });

  test('the card after an action keeps the worker summary the answer lacks, and applies a confirmation', () => {
    const before = applicant('applied', 48 * HOUR);
    const answer = Object.assign({}, before, { status: 'accepted' });
    delete answer.worker;
    const c = logic.next(before, { app: answer }, NOW);
    expect(c).toMatchObject({ status: 'accepted', name: '韦师傅', actions: { cancel: true, accept: false } });
    const started = applicant('accepted', -HOUR);
    const d = logic.next(started, { patch: { status: 'accepted', employer_confirmed_at: iso(NOW), worker_confirmed_at: null } }, NOW);
    expect(d).toMatchObject({ actions: { confirm: false, noShow: true }, progress: '你已确认完成，等待零工确认' });
    const e = logic.next(started, { patch: { status: 'completed', employer_confirmed_at: iso(NOW), worker_confirmed_at: iso(NOW) } }, NOW);
    expect(e).toMatchObject({ statusText: '已完成', hasActions: false });
  });

  test('an action refused by the server rejects its ApiError without a toast (the page shows it at the item)', async () => {
    const ctx = signedIn(() => apiError(409, 'gig_full', '录用人数已满'));
    const l = ctx.mp('logic/applicants');
    await expect(l.accept(9)).rejects.toMatchObject({ status: 409, message: '录用人数已满' });
    expect(ctx.wx.showToast).not.toHaveBeenCalled();
  });
});

describe('site code countdown', () => {
  afterEach(() => jest.useRealTimers());

  test('counts down from expires_in, fetches the next code when it runs out, stops on stop()', async () => {
    jest.useFakeTimers();
    const codes = [
      { gig_id: 42, code: '111222', expires_in: 3, step: 60 },
      { gig_id: 42, code: '333444', expires_in: 60, step: 60 },
    ];
    let n = 0;
    const { mp } = signedIn(() => json(200, codes[Math.min(n++, 1)]));
    const sc = mp('logic/site-code');
    const states = [];
    const c = sc.create(42, (s) => states.push(s));
    await c.start();
    expect(states.pop()).toMatchObject({ code: '111222', spaced: '111 222', left: 3, text: '3 秒后更新', loading: false });
    await jest.advanceTimersByTimeAsync(1000);
    expect(states[states.length - 1]).toMatchObject({ left: 2, text: '2 秒后更新' });
    await jest.advanceTimersByTimeAsync(2000);
    expect(n).toBe(2);
    expect(states[states.length - 1]).toMatchObject({ code: '333444', left: 60 });
    c.stop();
    const count = states.length;
    await jest.advanceTimersByTimeAsync(120000);
    expect(states.length).toBe(count);
    expect(n).toBe(2);
  });

  test('a failed fetch shows the message and retries; 403 does not retry', async () => {
    jest.useFakeTimers();
    let n = 0;
    const { mp } = signedIn(() => (n++ === 0 ? apiError(503, 'unavailable', '服务繁忙') : json(200, { gig_id: 42, code: '555666', expires_in: 30, step: 60 })));
    mp('utils/request').config.maxAttempts = 1;
    const sc = mp('logic/site-code');
    const states = [];
    const c = sc.create(42, (s) => states.push(s));
    await c.start();
    expect(states[states.length - 1].error).toBeTruthy();
    await jest.advanceTimersByTimeAsync(sc.RETRY_S * 1000);
    expect(states[states.length - 1]).toMatchObject({ code: '555666', error: '' });
    c.stop();

    let m = 0;
    const ctx = signedIn(() => {
      m++;
      return apiError(403, 'forbidden', '只有岗位的雇主可以查看现场码');
    });
    const sc2 = ctx.mp('logic/site-code');
    const st2 = [];
    const c2 = sc2.create(42, (s) => st2.push(s));
    await c2.start();
    expect(st2[st2.length - 1]).toMatchObject({ error: '只有岗位的雇主可以查看现场码', code: '' });
    await jest.advanceTimersByTimeAsync(60000);
    expect(m).toBe(1);
    c2.stop();
  });

  test('spaced and countdown text', () => {
    const { mp } = fresh(() => json(200, {}));
    const sc = mp('logic/site-code');
    expect(sc.spaced('012345')).toBe('012 345');
    expect(sc.spaced('12')).toBe('12');
    expect(sc.countdownText(5)).toBe('5 秒后更新');
    expect(sc.countdownText(0)).toBe('正在更新…');
  });
});

describe('find workers', () => {
  const { mp } = fresh(() => json(200, {}));
  const fw = mp('logic/find-workers');

  test('filters → query, with the position for distances', () => {
    expect(fw.query(fw.defaults())).toEqual({});
    const f = { jobType: { id: 11, name: '泥瓦工' }, region: { code: '450223', name: '鹿寨县' }, date: '2030-11-22' };
    expect(fw.query(f, { lat: 24.47, lng: 109.75 })).toEqual({ job_type: 11, region: '450223', available_on: '2030-11-22', lat: 24.47, lng: 109.75 });
    expect(fw.chips(f)).toEqual(['泥瓦工', '鹿寨县', '2030-11-22 有空']);
  });

  test('card: masked name, age, 工种 with years, credit, distance only when given', () => {
    expect(fw.card(fakeApi.workerCard(301))).toMatchObject({ id: 301, name: '韦**', facts: '男 · 51岁 · 鹿寨县', jobTypes: [{ id: 11, text: '泥瓦工 12年' }], credit: 92, distance: '约3.0公里' });
    expect(fw.card(fakeApi.workerCard(302, { distance_m: undefined, age: null, gender: null, region: null, available_on: true }))).toMatchObject({ facts: '', distance: '', free: '当天有空' });
  });

  test('invitable gigs are my published ones with seats left', async () => {
    const ctx = signedIn(() =>
      json(200, { items: [fakeApi.gig(42), fakeApi.gig(43, { remaining: 0 }), fakeApi.gig(44, { title: '木工' })], page: 1, page_size: 50, total: 3 }),
    );
    const l = ctx.mp('logic/find-workers');
    expect(await l.invitableGigs()).toEqual([
      { id: 42, title: '装卸工 42' },
      { id: 44, title: '木工' },
    ]);
  });
});
