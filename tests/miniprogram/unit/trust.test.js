// The trust modules of issue 7: services/ratings.js, credit.js and blocks.js (each endpoint's method, path and
// body), logic/rating.js (which side rates, tag limits, the form checked as the server checks it, the pair as
// shown, the summary line), logic/credit.js (standing, the restriction banner saying why, ledger rows) and
// logic/blocks.js (asked before blocking, unblocking a user no longer blocked counts as done).
'use strict';
const { json, apiError, pathOf, queryOf } = require('../helpers/wx-double');
const { fresh, session } = require('../helpers/mp');

const NOW = Date.parse('2026-11-21T02:00:00Z');

function signedIn(server) {
  const ctx = fresh(server);
  ctx.wx.setStorageSync('lg.session', session());
  return ctx;
}
const rating = (over) => Object.assign({ id: 9, application_id: 5, direction: 'worker_to_employer', subject_id: 3, stars: 4, tags: ['环境安全'], text: '不错', gig: { id: 1, title: '装卸工' }, author: { name: '韦**', role: 'worker' }, revealed: true, reveal_at: '2026-11-20T00:00:00Z', created_at: '2026-11-20T00:00:00Z' }, over);

describe('services', () => {
  test('ratings: tags, rate, forApplication and ofUser call their method and path', async () => {
    const { wx, mp } = signedIn((req) => {
      const p = pathOf(req.url);
      if (p === '/rating-tags') return json(200, { items: [{ id: 1, direction: 'employer_to_worker', name: '准时', positive: true }] });
      if (req.method === 'POST') return json(201, { rating: rating() });
      if (p.startsWith('/users/')) return json(200, { items: [], page: 1, page_size: 20, total: 0, summary: {} });
      return json(200, { application_id: 5, mine: null, theirs: null, theirs_submitted: false, can_rate: true });
    });
    const svc = mp('services/ratings');
    expect(await svc.tags('employer_to_worker')).toEqual([{ id: 1, direction: 'employer_to_worker', name: '准时', positive: true }]);
    expect((await svc.rate(5, { stars: 4 })).id).toBe(9);
    expect((await svc.forApplication(5)).can_rate).toBe(true);
    await svc.ofUser(3, { role: 'employer', page: 2 });
    const calls = wx._requests.map((r) => `${r.method} ${pathOf(r.url)}`);
    expect(calls).toEqual(['GET /rating-tags', 'POST /applications/5/ratings', 'GET /applications/5/ratings', 'GET /users/3/ratings']);
    expect(queryOf(wx._requests[0].url)).toEqual({ direction: 'employer_to_worker' });
    expect(wx._requests[1].data).toEqual({ stars: 4 });
    expect(queryOf(wx._requests[3].url)).toMatchObject({ role: 'employer', page: '2' });
  });

  test('credit and blocks: GET /me/credit, GET/POST /me/blocks and DELETE /me/blocks/{id}', async () => {
    const { wx, mp } = signedIn((req) => {
      if (req.method === 'POST') return json(201, { block: { user_id: 3, employer_name: '鹿寨建材', worker_name: null, created_at: '2026-11-21T00:00:00Z' } });
      if (req.method === 'DELETE') return json(200, { user_id: 3, blocked: false });
      return json(200, { items: [], page: 1, page_size: 20, total: 0, credit: { score: 100 } });
    });
    await mp('services/credit').mine({ page: 1 });
    const b = mp('services/blocks');
    await b.list({ page: 1 });
    expect((await b.add('3')).user_id).toBe(3);
    expect(await b.remove(3)).toEqual({ user_id: 3, blocked: false });
    expect(wx._requests.map((r) => `${r.method} ${pathOf(r.url)}`)).toEqual(['GET /me/credit', 'GET /me/blocks', 'POST /me/blocks', 'DELETE /me/blocks/3']);
    expect(wx._requests[2].data).toEqual({ user_id: 3 }); // a number, as the server's strict input wants
  });
});

describe('logic/rating', () => {
  const { mp } = fresh(() => json(200, {}));
  const logic = mp('logic/rating');

  test('the side decides the direction; a stranger has none', () => {
    const a = { worker_id: 7, employer_id: 3 };
    expect(logic.directionOf(a, { id: 7 })).toBe('worker_to_employer');
    expect(logic.directionOf(a, { id: '3' })).toBe('employer_to_worker');
    expect(logic.directionOf(a, { id: 9 })).toBe('');
    expect(logic.directionOf(a, null)).toBe('');
  });

  test('up to 5 tags: a sixth is refused with a message; tapping again clears one', () => {
    let tags = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name, selected: false }));
    for (const n of ['a', 'b', 'c', 'd', 'e']) tags = logic.toggleTag(tags, n).tags;
    const sixth = logic.toggleTag(tags, 'f');
    expect(sixth.error).toBe('最多选 5 个标签');
    expect(sixth.tags.filter((t) => t.selected)).toHaveLength(5);
    const cleared = logic.toggleTag(tags, 'a');
    expect(cleared.error).toBe('');
    expect(cleared.tags.find((t) => t.name === 'a').selected).toBe(false);
  });

  test('check: stars 1-5 required, text 300 characters at most (301 refused), empty text and tags left out', () => {
    expect(logic.check({ stars: 0 })).toMatchObject({ error: '请选择 1 到 5 星', field: 'stars' });
    expect(logic.check({ stars: 6 }).field).toBe('stars');
    expect(logic.check({ stars: 5, text: '好'.repeat(301) })).toMatchObject({ field: 'text' });
    expect(logic.check({ stars: 5, text: '好'.repeat(300) }).body.text).toHaveLength(300);
    expect(logic.check({ stars: '4', tags: [{ name: '准时', selected: false }], text: '  ' }).body).toEqual({ stars: 4 });
    expect(logic.check({ stars: 4, tags: [{ name: '准时', selected: true }, { name: '技术好', selected: false }], text: ' 好 ' }).body).toEqual({ stars: 4, tags: ['准时'], text: '好' });
  });

  test('submit shows the server refusal (422 word filter) at its field, and sends nothing for a local error', async () => {
    const { wx, mp: m } = signedIn(() => apiError(422, 'content_rejected', '评价内容含有不允许的内容（押金/收费），请修改', 'text'));
    const l = m('logic/rating');
    expect(await l.submit(5, { stars: 0 })).toMatchObject({ rating: null, field: 'stars' });
    expect(wx._requests).toHaveLength(0);
    const r = await l.submit(5, { stars: 1, text: '先交押金' });
    expect(r).toMatchObject({ rating: null, error: '评价内容含有不允许的内容（押金/收费），请修改', field: 'text' });
    expect(wx.showToast).not.toHaveBeenCalled(); // shown on the page, not as a toast
  });

  test('the pair: theirs only when the server shows it; otherwise whether they rated; mine pending or hidden', () => {
    const waiting = logic.pairView({ mine: null, theirs: null, theirs_submitted: true, can_rate: true }, NOW);
    expect(waiting).toMatchObject({ canRate: true, theirs: null, theirsNote: '对方已评价，你评价后双方的评价同时公开' });
    expect(logic.pairView({ mine: null, theirs: null, theirs_submitted: false, can_rate: true }, NOW).theirsNote).toBe('对方还没有评价');
    const mine = logic.pairView({ mine: rating({ revealed: false }), theirs: null, theirs_submitted: false, can_rate: false }, NOW).mine;
    expect(mine.pending).toBe('对方评价后或 7 天后公开');
    expect(mine.starsText).toBe('4 星 · 满意');
    const hidden = logic.ratingView(rating({ hidden: true, hidden_reason: '含有人身攻击' }), NOW);
    expect(hidden.hidden).toBe('已被就业服务中心隐藏：含有人身攻击');
    expect(logic.pairView({ mine: rating(), theirs: rating({ id: 10, stars: 5 }), theirs_submitted: true, can_rate: false }, NOW).theirs.stars).toBe(5);
  });

  test('summary line: average to one decimal, 好评率, count; none says 暂无评价', () => {
    expect(logic.summaryText({ count: 12, average: 4.5, positive_rate: 90 })).toBe('4.5 分 · 好评率 90% · 12 条评价');
    expect(logic.summaryText({ count: 1, average: 5, positive_rate: 100 })).toBe('5.0 分 · 好评率 100% · 1 条评价');
    expect(logic.summaryText({ count: 0, average: null, positive_rate: null })).toBe('暂无评价');
    expect(logic.summaryText(undefined)).toBe('暂无评价');
  });

  test('load: the worker of an application gets the worker-to-employer tags', async () => {
    const { wx, mp: m } = signedIn((req) => {
      const p = pathOf(req.url);
      if (p === '/applications/5') return json(200, { application: { id: 5, worker_id: 7, employer_id: 3, status: 'completed', gig: { title: '装卸工' } } });
      if (p === '/rating-tags') return json(200, { items: [{ id: 1, direction: 'worker_to_employer', name: '工资按时结', positive: true }] });
      return json(200, { application_id: 5, mine: null, theirs: null, theirs_submitted: false, can_rate: true });
    });
    const r = await m('logic/rating').load(5, NOW);
    expect(r).toMatchObject({ direction: 'worker_to_employer', title: '装卸工', error: '' });
    expect(r.tags).toEqual([{ name: '工资按时结', positive: true, selected: false }]);
    expect(queryOf(wx._requests.find((x) => pathOf(x.url) === '/rating-tags').url).direction).toBe('worker_to_employer');
  });
});

describe('logic/credit and logic/blocks', () => {
  test('the restriction banner says the score, the threshold and why; standing otherwise', () => {
    const { mp } = fresh(() => json(200, {}));
    const c = mp('logic/credit');
    const r = c.stateView({ score: 50, threshold: 60, restricted: true, restricted_because: { code: 'no_show', label: '未到岗' } });
    expect(r).toMatchObject({ score: 50, level: '受限', restricted: true });
    expect(r.banner).toBe('你的诚信分为 50 分，低于 60 分（因「未到岗」），暂时不能报名或发布岗位。请联系就业服务中心复核。');
    expect(c.stateView({ score: 95, threshold: 60, restricted: false })).toMatchObject({ level: '优秀', banner: '' });
    expect(c.stateView({ score: 55, threshold: 60, restricted: false, lifted_at: '2026-11-20T00:00:00Z', lift_note: '已核实' })).toMatchObject({ level: '较差', liftNote: '限制已解除：已核实' });
    expect(c.entry({ id: 1, reason: { label: '收到评价' }, delta: 2, score_after: 100, created_at: '2026-11-20T00:00:00Z' }, NOW)).toMatchObject({ delta: '+2', up: true, after: '100 分' });
    expect(c.entry({ id: 2, reason: { label: '未到岗' }, delta: -10, score_after: 90, created_at: '2026-11-20T00:00:00Z' }, NOW)).toMatchObject({ delta: '-10', up: false });
  });

  test('the ledger list carries the state of the page it read', async () => {
    const { mp } = signedIn(() => json(200, { credit: { score: 72, threshold: 60, restricted: false }, items: [{ id: 1, reason: { label: '管理员调整' }, delta: 30, score_after: 72, created_at: '2026-11-20T00:00:00Z' }], page: 1, page_size: 20, total: 1 }));
    const l = mp('logic/credit').list(NOW);
    const s = await l.reload();
    expect(s.items).toHaveLength(1);
    expect(s.done).toBe(true);
    expect(l.holder.state).toMatchObject({ score: 72, level: '一般' });
  });

  test('blocking asks first (no request when declined); unblocking a user no longer blocked (404) counts as done', async () => {
    const { wx, mp } = signedIn((req) => (req.method === 'DELETE' ? apiError(404, 'not_found', '找不到请求的内容') : json(201, { block: { user_id: 3 } })));
    const b = mp('logic/blocks');
    wx.showModal.mockImplementationOnce((o) => o.success({ confirm: false }));
    expect(await b.confirmBlock(3, '鹿寨建材')).toBe(false);
    expect(wx._requests).toHaveLength(0);
    expect(await b.confirmBlock(3, '鹿寨建材')).toBe(true);
    expect(wx.showModal.mock.calls[1][0].content).toContain('鹿寨建材');
    expect(await b.unblock(3)).toBe(true);
    expect(wx._requests.map((r) => r.method)).toEqual(['POST', 'DELETE']);
    expect(b.item({ user_id: 4, employer_name: null, worker_name: '覃**', created_at: '2026-11-20T00:00:00Z' }, NOW).name).toBe('覃**');
  });
});
