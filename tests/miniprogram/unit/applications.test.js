// The applications modules: services/applications.js and utils/idempotency.js (one Idempotency-Key per user
// action, the same key when that action is repeated after an unknown outcome, a new one after a definite
// answer or a changed body), logic/applications.js (state → actions, the late-cancel warning, cards, punching
// by position or 现场码), logic/gig-detail.js apply states, and logic/inbox.js (badge, targets, mark read).
'use strict';
const { json, apiError, pathOf, queryOf } = require('../helpers/wx-double');
const { fresh, session } = require('../helpers/mp');
const fakeApi = require('../helpers/fake-api');

const NOW = Date.parse('2026-11-20T02:00:00Z');
const HOUR = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// An application whose gig starts `startIn` ms after NOW and lasts 9 h.
function app(status, startIn, over) {
  return fakeApi.application(5, Object.assign({ status, gig: { starts_at: iso(NOW + startIn), ends_at: iso(NOW + startIn + 9 * HOUR) } }, over));
}

function signedIn(server) {
  const ctx = fresh(server);
  ctx.wx.setStorageSync('lg.session', session());
  return ctx;
}

describe('state → actions', () => {
  const { mp } = fresh(() => json(200, {}));
  const logic = mp('logic/applications');

  test.each([
    ['applied', 48 * HOUR, { withdraw: true, cancel: false, checkIn: false, checkOut: false, confirm: false }],
    ['accepted', 48 * HOUR, { withdraw: false, cancel: true, checkIn: false, checkOut: false, confirm: false }],
    ['accepted', 1 * HOUR, { withdraw: false, cancel: true, checkIn: true, checkOut: true, confirm: false }],
    ['accepted', -1 * HOUR, { withdraw: false, cancel: false, checkIn: true, checkOut: true, confirm: true }],
    ['accepted', -30 * HOUR, { withdraw: false, cancel: false, checkIn: false, checkOut: false, confirm: true }],
    ['rejected', 48 * HOUR, { withdraw: false, cancel: false, checkIn: false, checkOut: false, confirm: false }],
    ['withdrawn', 48 * HOUR, { withdraw: false, cancel: false, checkIn: false, checkOut: false, confirm: false }],
    ['cancelled', 1 * HOUR, { withdraw: false, cancel: false, checkIn: false, checkOut: false, confirm: false }],
    ['no_show', -1 * HOUR, { withdraw: false, cancel: false, checkIn: false, checkOut: false, confirm: false }],
    ['completed', -30 * HOUR, { withdraw: false, cancel: false, checkIn: false, checkOut: false, confirm: false }],
  ])('%s, starting in %d ms', (status, startIn, want) => {
    expect(logic.actionsFor(app(status, startIn), NOW)).toEqual(want);
  });

  test('a side that already confirmed is not offered 确认完成 again, and the card says it waits for the employer', () => {
    const a = app('accepted', -30 * HOUR, { worker_confirmed_at: iso(NOW - HOUR) });
    expect(logic.actionsFor(a, NOW).confirm).toBe(false);
    expect(logic.card(a, NOW).progress).toBe('你已确认完成，等待雇主确认');
    expect(logic.card(app('accepted', -30 * HOUR, { employer_confirmed_at: iso(NOW) }), NOW).progress).toBe('雇主已确认完成，请你确认');
  });

  test('every tab is a state the server knows, and every state has a label', () => {
    const states = ['applied', 'accepted', 'rejected', 'withdrawn', 'cancelled', 'no_show', 'completed'];
    expect(Object.keys(logic.STATUS).sort()).toEqual(states.slice().sort());
    for (const t of logic.TABS) if (t.value !== 'all') expect(states).toContain(t.value);
  });
});

describe('late-cancel warning', () => {
  const { mp } = fresh(() => json(200, {}));
  const logic = mp('logic/applications');

  test('inside 24 h of the start the cancel is late and the confirmation warns about 临时取消 and 诚信分', () => {
    const a = app('accepted', 23 * HOUR + 59 * 60000);
    expect(logic.isLateCancel(a, NOW)).toBe(true);
    expect(logic.cancelMessage(a, NOW)).toMatch(/不足 24 小时.*临时取消.*诚信分/);
    expect(logic.card(a, NOW)).toMatchObject({ lateCancel: true, cancelText: logic.cancelMessage(a, NOW) });
  });

  test('24 h or more before the start it is an ordinary cancel', () => {
    const a = app('accepted', 24 * HOUR);
    expect(logic.isLateCancel(a, NOW)).toBe(false);
    expect(logic.cancelMessage(a, NOW)).not.toMatch(/临时取消/);
    expect(logic.card(a, NOW).lateCancel).toBe(false);
  });

  test('a late cancel in the history is shown on the card', () => {
    expect(logic.card(app('cancelled', HOUR, { late_cancel: true }), NOW).progress).toBe('临时取消（开工前 24 小时内）');
  });

  test('cancel shows the server notice when it flags the cancel late', async () => {
    const a = app('cancelled', HOUR, { late_cancel: true });
    const { mp: m } = signedIn(() => json(200, { application: a, notice: '开工前 24 小时内取消，已记为临时取消' }));
    const r = await m('logic/applications').cancel(5, NOW);
    expect(r).toMatchObject({ message: '开工前 24 小时内取消，已记为临时取消', card: { status: 'cancelled' } });
  });
});

describe('Idempotency-Key per user action', () => {
  test('request.js retries of one apply carry one key (a 503 then a 201)', async () => {
    let n = 0;
    const { wx, mp } = signedIn(() => (++n === 1 ? apiError(503, 'db_unavailable', '服务暂时不可用') : json(201, { application: fakeApi.application(9) })));
    await mp('services/applications').apply(42, '会开叉车');
    const keys = wx._requests.map((r) => r.header['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(wx._requests[0].data).toEqual({ note: '会开叉车' });
  });

  test('tapping again after no answer reuses the key; after the answer the next action gets a new key', async () => {
    let answer = { fail: 'request:fail timeout' };
    const { wx, mp } = signedIn(() => answer);
    const svc = mp('services/applications');
    const idem = mp('utils/idempotency');
    const e = await svc.apply(42, '', { toast: false }).catch((x) => x);
    expect(e.code).toBe('network_timeout');
    const first = wx._requests[0].header['Idempotency-Key'];
    expect(new Set(wx._requests.map((r) => r.header['Idempotency-Key']))).toEqual(new Set([first])); // 3 attempts, 1 key
    expect(idem.pendingKey('apply:42')).toBe(first);
    answer = json(201, { application: fakeApi.application(9) });
    await svc.apply(42, '');
    expect(wx._requests[wx._requests.length - 1].header['Idempotency-Key']).toBe(first);
    expect(wx._requests[wx._requests.length - 1].data).toEqual({});
    expect(idem.pendingKey('apply:42')).toBeNull();
    await svc.apply(42, '').catch(() => {});
    expect(wx._requests[wx._requests.length - 1].header['Idempotency-Key']).not.toBe(first);
  });

  test('a definite refusal (409) ends the action; a changed note is a new action; another gig has its own key', async () => {
    const { wx, mp } = signedIn((req) => (pathOf(req.url) === '/gigs/42/applications' ? apiError(409, 'already_exists', '你已报名过这个岗位') : { fail: 'request:fail timeout' }));
    const svc = mp('services/applications');
    const idem = mp('utils/idempotency');
    await svc.apply(42, 'a', { toast: false }).catch(() => {});
    expect(idem.pendingKey('apply:42')).toBeNull();
    await svc.apply(43, 'a', { toast: false }).catch(() => {});
    const k43 = idem.pendingKey('apply:43');
    expect(k43).toMatch(/^[0-9a-f]{32}$/);
    await svc.apply(43, 'b', { toast: false }).catch(() => {});
    expect(idem.pendingKey('apply:43')).not.toBe(k43);
    expect(wx._requests.filter((r) => r.url.includes('/gigs/43/')).map((r) => r.data.note)).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  });

  test('withdraw, cancel and confirm carry keys; check-in does not and is not retried', async () => {
    const { wx, mp } = signedIn((req) => {
      const p = pathOf(req.url);
      if (p.endsWith('/confirm')) return json(200, { confirmation: { application_id: 5, status: 'accepted', worker_confirmed_at: iso(NOW), employer_confirmed_at: null, completed_at: null, auto_confirm_at: null } });
      if (p.endsWith('/check-in')) return apiError(503, 'db_unavailable', '服务暂时不可用');
      return json(200, { application: fakeApi.application(5) });
    });
    const svc = mp('services/applications');
    await svc.withdraw(5, '临时有事');
    await svc.cancel(5);
    await svc.confirm(5);
    await svc.checkIn(5, { code: '123456' }, { toast: false }).catch(() => {});
    const by = (suffix) => wx._requests.filter((r) => pathOf(r.url).endsWith(suffix));
    expect(by('/withdraw')[0]).toMatchObject({ method: 'POST', data: { reason: '临时有事' } });
    expect(by('/withdraw')[0].header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
    expect(by('/cancel')[0].data).toEqual({});
    expect(by('/cancel')[0].header['Idempotency-Key']).not.toBe(by('/withdraw')[0].header['Idempotency-Key']);
    expect(by('/confirm')[0].data).toBeUndefined();
    expect(by('/confirm')[0].header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
    expect(by('/check-in')).toHaveLength(1);
    expect(by('/check-in')[0].header['Idempotency-Key']).toBeUndefined();
  });

  test('outcomeUnknown: no answer, 408, 429 and 5xx keep the key; 2xx and other 4xx end the action', () => {
    const { mp } = fresh(() => json(200, {}));
    const idem = mp('utils/idempotency');
    for (const s of [0, 408, 429, 500, 503]) expect(idem.outcomeUnknown({ status: s })).toBe(true);
    for (const s of [400, 403, 404, 409, 422]) expect(idem.outcomeUnknown({ status: s })).toBe(false);
  });
});

describe('punching and confirming', () => {
  test('by 现场码: six digits only, checked before any request', async () => {
    const { wx, mp } = signedIn(() => json(200, {}));
    const logic = mp('logic/applications');
    await expect(logic.proof('code', '12345')).rejects.toThrow('请输入雇主出示的 6 位现场码');
    await expect(logic.proof('code', ' 012345 ')).resolves.toEqual({ code: '012345' });
    expect(wx._requests).toHaveLength(0);
  });

  test('by position: a fresh fix is sent; a refused location permission asks for the 现场码 instead', async () => {
    const { wx, mp } = signedIn(() => json(200, {}));
    wx.setStorageSync('lg.lastLocation', { lat: 1, lng: 1, at: Date.now() });
    const logic = mp('logic/applications');
    await expect(logic.proof('location')).resolves.toEqual({ lat: 24.4728, lng: 109.752 });
    wx.getLocation.mockImplementationOnce((o) => o.fail({ errMsg: 'getLocation:fail auth deny' }));
    await expect(logic.proof('location')).rejects.toThrow(/现场码/);
  });

  test('check-out then the card is read again; the message names the time in Beijing time', async () => {
    const a = app('accepted', -2 * HOUR);
    const { wx, mp } = signedIn((req) => {
      if (req.method === 'GET') return json(200, { application: a });
      return json(200, { attendance: { id: 1, work_date: '2026-11-20', check_in_at: iso(NOW - 2 * HOUR), check_in_method: 'location', check_out_at: '2026-11-20T09:30:00Z', check_out_method: 'code', minutes_worked: 600, hours_worked: 10, corrections: [] } });
    });
    const r = await mp('logic/applications').punch(5, 'out', 'code', '654321', NOW);
    expect(r.message).toBe('签退成功 17:30');
    expect(r.card.id).toBe(5);
    expect(wx._requests.map((x) => `${x.method} ${pathOf(x.url)}`)).toEqual(['POST /applications/5/attendance/check-out', 'GET /applications/5']);
  });

  test('confirm: completed when the other side had confirmed, else waiting', async () => {
    let status = 'accepted';
    const { mp } = signedIn((req) =>
      req.method === 'GET'
        ? json(200, { application: app(status, -30 * HOUR) })
        : json(200, { confirmation: { application_id: 5, status, worker_confirmed_at: iso(NOW), employer_confirmed_at: null, completed_at: null, auto_confirm_at: null } }),
    );
    const logic = mp('logic/applications');
    expect((await logic.confirm(5, NOW)).message).toBe('已确认，等待雇主确认');
    status = 'completed';
    expect((await logic.confirm(5, NOW)).message).toBe('已完成');
  });

  test('the list asks /me/applications with the tab state and pages on', async () => {
    const { wx, mp } = signedIn((req) => json(200, { items: [fakeApi.application(Number(queryOf(req.url).page))], page: 1, page_size: 20, total: 2 }));
    const l = mp('logic/applications').list('accepted', NOW);
    await l.reload();
    await l.more();
    expect(l.state.items.map((c) => c.id)).toEqual([1, 2]);
    expect(l.state.done).toBe(true);
    expect(wx._requests.map((r) => queryOf(r.url))).toEqual([
      { status: 'accepted', page: '1', page_size: '20' },
      { status: 'accepted', page: '2', page_size: '20' },
    ]);
  });
});

describe('gig detail apply states', () => {
  const { mp } = fresh(() => json(200, {}));
  const detail = mp('logic/gig-detail');
  const view = { id: 11, title: '装卸工', employerId: 3, open: true };

  test('the owner sees no button; others see 我要报名; a closed gig 已停止招聘', () => {
    expect(detail.applyView(view, { id: 3 }).show).toBe(false);
    expect(detail.applyView(view, { id: 7 })).toMatchObject({ show: true, text: '我要报名', disabled: false });
    expect(detail.applyView(view, null)).toMatchObject({ show: true, text: '我要报名' });
    expect(detail.applyView(Object.assign({}, view, { open: false }), { id: 7 })).toMatchObject({ text: '已停止招聘', disabled: true });
  });

  test('after applying: 已报名; a refusal keeps the server message; a network failure leaves the button on', async () => {
    let answer;
    const { mp: m } = signedIn(() => answer);
    const d = m('logic/gig-detail');
    answer = json(201, { application: fakeApi.application(9) });
    expect(await d.apply(11, '')).toMatchObject({ status: 'applied' });
    answer = apiError(409, 'already_exists', '你已报名过这个岗位');
    const dup = await d.apply(11, '');
    expect(dup).toEqual({ status: 'applied', message: '你已报名过这个岗位' });
    expect(d.applyView(view, { id: 7 }, dup)).toMatchObject({ text: '已报名', disabled: true, hint: '你已报名过这个岗位' });
    answer = apiError(403, 'credit_restricted', '诚信分低于限制线，暂时不能报名，请联系就业服务中心');
    const refused = await d.apply(11, '');
    expect(d.applyView(view, { id: 7 }, refused)).toMatchObject({ text: '不能报名', disabled: true, hint: refused.message });
    answer = { fail: 'request:fail timeout' };
    const lost = await d.apply(11, '');
    expect(d.applyView(view, { id: 7 }, lost)).toMatchObject({ text: '我要报名', disabled: false, hint: lost.message });
  });

  test('the note is at most 200 characters', () => {
    expect(detail.checkNote(' 会开叉车 ')).toEqual({ note: '会开叉车', error: '' });
    expect(detail.checkNote('字'.repeat(201)).error).toBe('备注最多 200 个字');
  });
});

describe('inbox', () => {
  const { mp } = fresh(() => json(200, {}));
  const inbox = mp('logic/inbox');

  test('badge text and the page a notification opens', () => {
    expect([0, 1, 99, 100].map(inbox.badgeText)).toEqual(['', '1', '99', '99+']);
    expect(inbox.target(fakeApi.notification(1, { object_type: 'gig', object_id: 8 }))).toBe('/pages/gig/detail?id=8');
    expect(inbox.target(fakeApi.notification(1))).toBe('/pages/worker/applications');
    expect(inbox.target(fakeApi.notification(1, { kind: 'application_received' }))).toBe('');
    expect(inbox.target(fakeApi.notification(1, { object_type: null, object_id: null, kind: 'system' }))).toBe('');
  });

  test('unreadCount asks for one unread item and reads unread_count; a failure changes nothing', async () => {
    const { wx, mp: m } = signedIn(() => json(200, { items: [], page: 1, page_size: 1, total: 3, unread_count: 3 }));
    const ib = m('logic/inbox');
    expect(await ib.unreadCount()).toBe(3);
    expect(queryOf(wx._requests[0].url)).toEqual({ unread: 'true', page_size: '1' });
    wx._setServer(() => apiError(503, 'db_unavailable', '服务暂时不可用'));
    expect(await ib.unreadCount()).toBeNull();
    expect(wx.showToast).not.toHaveBeenCalled();
    ib.setTabBadge(120);
    expect(wx.setTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 2, text: '99+' }));
    ib.setTabBadge(0);
    expect(wx.removeTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 2 }));
  });
});
