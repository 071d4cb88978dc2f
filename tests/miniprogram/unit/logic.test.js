// Page logic kept in plain modules: search filters → /gigs query, paged lists, the worker and employer profile
// forms ⇄ API bodies, the gig form with server field errors at the field, my-gigs actions per state, the
// stations list and map calls, home, gig detail.
'use strict';
const { json, apiError, pathOf, queryOf } = require('../helpers/wx-double');
const { fresh, session, mpRequire } = require('../helpers/mp');

const NOW = Date.parse('2026-11-20T02:00:00Z');

function gig(over) {
  return Object.assign(
    {
      id: 31,
      title: '鹿寨县城装卸工',
      description: '卸水泥，管午饭',
      job_type: { id: 11, name: '装卸搬运' },
      pay_fen: 18000,
      pay_unit: 'day',
      headcount: 3,
      accepted_count: 1,
      remaining: 2,
      starts_at: '2026-11-22T00:00:00Z',
      ends_at: '2026-11-22T09:00:00Z',
      address: '鹿寨镇建设路 8 号',
      lat: 24.4728,
      lng: 109.752,
      region: { code: '450223', name: '鹿寨县' },
      status: 'published',
      review_reason: null,
      employer: { id: 3, name: '鹿寨建材有限公司', kind: 'org', verification: 'verified', credit: 96 },
      created_at: '2026-11-19T01:00:00Z',
      published_at: '2026-11-19T02:00:00Z',
      distance_m: 1234,
    },
    over,
  );
}

describe('search', () => {
  const search = mpRequire('logic/search');
  const loc = { lat: 24.47, lng: 109.75 };

  test('filters become the /gigs query: 工种 id, region code, pay in fen, dates, radius and sort with the position', () => {
    const f = Object.assign(search.defaults(), {
      q: ' 搬运 ',
      jobType: { id: 11, name: '装卸搬运' },
      region: { code: '450223', name: '鹿寨县' },
      payMin: '150.5',
      dateFrom: '2026-11-22',
      dateTo: '2026-11-30',
      radiusKm: 10,
      sort: 'distance',
    });
    expect(search.toQuery(f, loc, 2)).toEqual({
      query: {
        page: 2,
        page_size: 20,
        sort: 'distance',
        q: '搬运',
        job_type: 11,
        region: '450223',
        pay_min: 15050,
        date_from: '2026-11-22',
        date_to: '2026-11-30',
        lat: 24.47,
        lng: 109.75,
        radius_km: 10,
      },
      error: '',
    });
    expect(search.chips(f, loc)).toEqual(['装卸搬运', '鹿寨县', '¥150.50 起', '2026-11-22 至 2026-11-30', '10 公里内', '离我最近']);
  });

  test('filters that cannot work are explained instead of sent', () => {
    const d = search.defaults();
    expect(search.toQuery(Object.assign({}, d, { payMin: '12.345' }), loc).error).toBe('最低报酬请填写金额，例如 150 或 150.5');
    expect(search.toQuery(Object.assign({}, d, { dateFrom: '2026-12-01', dateTo: '2026-11-01' }), loc).error).toBe('开始日期不能晚于结束日期');
    expect(search.toQuery(Object.assign({}, d, { sort: 'distance' }), null).error).toBe('按距离排序需要开启定位');
    // without a position the radius is dropped rather than sent alone
    expect(search.toQuery(Object.assign({}, d, { radiusKm: 5 }), null).query).toEqual({ page: 1, page_size: 20, sort: 'new' });
  });

  test('the list pages through /gigs until total and maps items to cards', async () => {
    const pages = { 1: [gig({ id: 1 }), gig({ id: 2 })], 2: [gig({ id: 3 })] };
    const { wx } = fresh((req) => {
      const q = queryOf(req.url);
      return json(200, { items: pages[q.page] || [], page: Number(q.page), page_size: 20, total: 3 });
    });
    const list = mpRequire('logic/search').list(search.defaults(), null, NOW);
    let s = await list.reload();
    expect(s.items.map((c) => c.id)).toEqual([1, 2]);
    expect(s.done).toBe(false);
    s = await list.more();
    expect(s.items.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(s.done).toBe(true);
    await list.more(); // nothing more to fetch
    expect(wx._requests).toHaveLength(2);
    expect(s.items[0]).toMatchObject({ pay: '¥180.00 元/天', time: '11月22日 周日 08:00–17:00', distance: '1.2公里', remaining: '还招 2 人', verified: true });
  });

  test('a failed page keeps the loaded items and the error text, and no toast interrupts scrolling', async () => {
    let n = 0;
    const { wx } = fresh(() => (++n === 1 ? json(200, { items: [gig()], page: 1, page_size: 20, total: 5 }) : apiError(404, 'not_found', '找不到请求的内容')));
    const list = mpRequire('logic/search').list(search.defaults(), null, NOW);
    await list.reload();
    const s = await list.more();
    expect(s.items).toHaveLength(1);
    expect(s.error).toBe('找不到请求的内容');
    expect(s.loading).toBe(false);
    expect(wx.showToast).not.toHaveBeenCalled();
  });
});

describe('paged', () => {
  test('a reload while a page is loading wins; the stale answer is dropped', async () => {
    const paged = mpRequire('logic/paged');
    const resolvers = [];
    const list = paged.create(() => new Promise((r) => resolvers.push(r)));
    const first = list.reload();
    const second = list.reload();
    resolvers[1]({ items: ['new'], total: 1 });
    resolvers[0]({ items: ['old'], total: 1 });
    await Promise.all([first, second]);
    expect(list.state.items).toEqual(['new']);
  });
});

describe('worker profile', () => {
  const wp = mpRequire('logic/worker-profile');
  const server = {
    exists: true,
    real_name: '韦师傅',
    id_number: '4502**********123X',
    birth_year: 1975,
    gender: 'male',
    phone: '138****8000',
    job_types: [{ id: 11, name: '泥瓦工', years: 12 }],
    certificates: [{ name: '建筑焊工证', number: 'T450223', expires_on: '2028-06-30' }],
    work_regions: [{ code: '450223', name: '鹿寨县' }],
    region: { code: '450223', name: '鹿寨县' },
    lat: 24.47,
    lng: 109.75,
    availability: { mon: ['morning', 'afternoon'], tue: [], wed: [], thu: [], fri: [], sat: ['evening'], sun: [] },
    expected_pay: { fen: 25000, unit: 'day' },
    intro: '做过二十年泥瓦工',
    elder_mode: true,
    discoverable: true,
    completeness: 85,
  };

  test('the server profile round-trips into a PUT body without re-sending the masked ID number', () => {
    const form = wp.fromServer(server);
    expect(form.gender).toBe('男');
    expect(form.availability[0].slots.map((s) => s.on)).toEqual([true, true, false]);
    const { body, errors } = wp.toBody(form);
    expect(errors).toEqual({});
    expect(body).toEqual({
      real_name: '韦师傅',
      job_types: [{ id: 11, years: 12 }],
      certificates: [{ name: '建筑焊工证', number: 'T450223', expires_on: '2028-06-30' }],
      work_regions: ['450223'],
      region_code: '450223',
      lat: 24.47,
      lng: 109.75,
      availability: server.availability,
      expected_pay: { fen: 25000, unit: 'day' },
      intro: '做过二十年泥瓦工',
      elder_mode: true,
      discoverable: true,
    });
    expect(body.id_number).toBeUndefined();
  });

  test('a newly typed ID number is checked before sending and sent upper-cased', () => {
    const form = Object.assign(wp.fromServer(server), { idNumber: '11010519491231002x' });
    expect(wp.toBody(form).body.id_number).toBe('11010519491231002X');
    const bad = Object.assign(wp.fromServer(server), { idNumber: '110105194912310021', expectedPayYuan: '2.345' });
    const r = wp.toBody(bad);
    expect(r.body).toBeNull();
    expect(r.errors).toEqual({ idNumber: '身份证号码不正确，请核对后重新填写', expectedPay: '期望报酬请填写金额，例如 200' });
  });

  test('the first save needs a name and an ID number; optional fields left empty are not sent (PUT clears them)', () => {
    const first = wp.emptyForm();
    expect(wp.toBody(first).errors).toEqual({ realName: '请填写真实姓名', idNumber: '请填写身份证号码' });
    Object.assign(first, { realName: '韦师傅', idNumber: '11010519491231002X' });
    const { body } = wp.toBody(first);
    expect(Object.keys(body).sort()).toEqual(['availability', 'certificates', 'discoverable', 'elder_mode', 'id_number', 'intro', 'job_types', 'real_name', 'work_regions']);
  });

  test('empty certificate rows are dropped, half-filled ones are flagged, rows keep distinct keys, availability toggles per slot', () => {
    let form = wp.fromServer(server);
    form.certificates = [{ key: 'c0', name: '', number: '', expiresOn: '' }];
    expect(wp.toBody(form).body.certificates).toEqual([]);
    form.certificates = [{ key: 'c0', name: '', number: 'X1', expiresOn: '' }];
    expect(wp.toBody(form).errors).toEqual({ certificates: '请填写证书名称' });
    form = wp.fromServer(server);
    for (let i = 0; i < 6; i++) form.certificates = wp.addCertificate(form);
    expect(form.certificates).toHaveLength(wp.MAX_CERTIFICATES);
    expect(new Set(form.certificates.map((c) => c.key)).size).toBe(wp.MAX_CERTIFICATES);
    form.availability = wp.toggleSlot(form, 'sun', 'evening');
    expect(wp.toBody(form).body.availability.sun).toEqual(['evening']);
  });

  test('server field errors land on the form field, including nested names', () => {
    expect(wp.serverErrors({ field: 'id_number', message: '身份证号已被其他账号使用' }).errors).toEqual({ idNumber: '身份证号已被其他账号使用' });
    expect(wp.serverErrors({ field: 'certificates[1].expires_on', message: '日期格式不正确' }).errors).toEqual({ certificates: '日期格式不正确' });
    expect(wp.serverErrors({ field: 'expected_pay.fen', message: '金额过大' }).errors).toEqual({ expectedPay: '金额过大' });
    expect(wp.serverErrors({ field: 'work_regions[0]', message: '没有这个行政区划' }).errors).toEqual({ regions: '没有这个行政区划' });
    expect(wp.serverErrors({ message: '服务暂时不可用' })).toEqual({ errors: {}, summary: '服务暂时不可用' });
  });

  test('job types and regions are not added twice', () => {
    const form = wp.fromServer(server);
    expect(wp.addJobType(form, { id: 11, name: '泥瓦工' })).toHaveLength(1);
    expect(wp.addJobType(form, { id: 12, name: '木工' })).toHaveLength(2);
    expect(wp.addRegion(form, { code: '450223', name: '鹿寨县' })).toHaveLength(1);
  });
});

describe('employer profile', () => {
  const ep = mpRequire('logic/employer-profile');

  test('an organisation needs a valid credit code, legal representative, contact and a region', () => {
    const form = Object.assign(ep.fromServer({ exists: false }), { kind: 'org', name: '鹿', creditCode: '91350100M000100Y44' });
    const r = ep.toBody(form);
    expect(r.body).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(['contactName', 'contactPhone', 'creditCode', 'legalRep', 'name', 'region']);
    Object.assign(form, {
      name: '鹿寨建材有限公司',
      creditCode: '91350100m000100y43',
      legalRep: '覃某',
      contactName: '覃经理',
      contactPhone: '13800138000',
      region: { code: '450223', name: '鹿寨县' },
      address: '建设路 8 号',
    });
    expect(ep.toBody(form)).toEqual({
      body: {
        kind: 'org',
        name: '鹿寨建材有限公司',
        credit_code: '91350100M000100Y43',
        legal_rep: '覃某',
        contact_name: '覃经理',
        contact_phone: '13800138000',
        region_code: '450223',
        address: '建设路 8 号',
      },
      errors: {},
    });
  });

  test('a person with an ID and phone already stored (masked) can save without typing them again', () => {
    const form = ep.fromServer({
      exists: true,
      kind: 'person',
      name: '黄大姐',
      contact_name: '黄大姐',
      contact_phone: '139****0000',
      id_number: '4502**********123X',
      region: { code: '450223', name: '鹿寨县' },
      address: '',
      verification: 'rejected',
      verification_reason: '身份证照片不清晰',
    });
    expect(form).toMatchObject({ verificationText: '认证未通过', verificationTheme: 'danger', verificationReason: '身份证照片不清晰' });
    const { body } = ep.toBody(form);
    expect(body).toEqual({ kind: 'person', name: '黄大姐', contact_name: '黄大姐', region_code: '450223', address: '' });
  });
});

describe('gig form', () => {
  const gf = mpRequire('logic/gig-form');
  const filled = () =>
    Object.assign(gf.emptyForm({ code: '450223', name: '鹿寨县' }), {
      title: '装卸工',
      description: '卸水泥',
      jobType: { id: 11, name: '装卸搬运' },
      payYuan: '180',
      payUnit: 'day',
      headcount: 3,
      startsAt: '2026-11-22 08:00',
      endsAt: '2026-11-22 17:00',
      address: '鹿寨镇建设路 8 号',
      lat: 24.4728,
      lng: 109.752,
    });

  test('the form becomes the GigInput body with UTC times and pay in fen (submit is the page’s, POST only)', () => {
    expect(gf.toBody(filled(), NOW)).toEqual({
      body: {
        title: '装卸工',
        description: '卸水泥',
        job_type_id: 11,
        pay_fen: 18000,
        pay_unit: 'day',
        headcount: 3,
        starts_at: '2026-11-22T00:00:00Z',
        ends_at: '2026-11-22T09:00:00Z',
        address: '鹿寨镇建设路 8 号',
        lat: 24.4728,
        lng: 109.752,
        region_code: '450223',
      },
      errors: {},
    });
  });

  test('client checks mirror the server limits, at limit and limit + 1', () => {
    const f = filled();
    f.title = '工'.repeat(40);
    f.headcount = 500;
    expect(gf.toBody(f, NOW).errors).toEqual({});
    f.title = '工'.repeat(41);
    f.headcount = 501;
    f.endsAt = '2026-11-22 08:00';
    f.lat = null;
    f.region = null;
    f.payYuan = '0';
    expect(gf.toBody(f, NOW).errors).toEqual({
      title: '岗位名称最多 40 个字',
      headcount: '招工人数应为 1–500 人',
      endsAt: '结束时间应晚于开工时间',
      address: '请在地图上选择工作地点',
      region: '请选择工作地点所在的区县或乡镇',
      pay: '请填写报酬金额，例如 180 或 25.5',
    });
    const past = filled();
    past.startsAt = '2026-11-19 08:00';
    expect(gf.toBody(past, NOW).errors.startsAt).toBe('开工时间不能早于现在');
  });

  test("the word filter's 422 and other server field errors show at the field that caused them", () => {
    expect(gf.serverErrors({ status: 422, code: 'content_rejected', field: 'description', message: '内容含有违规信息（押金、收费）' }).errors).toEqual({
      description: '内容含有违规信息（押金、收费）',
    });
    expect(gf.serverErrors({ field: 'pay_fen', message: '报酬过高，按此计薪单位最多 5000.00 元' }).errors).toEqual({ pay: '报酬过高，按此计薪单位最多 5000.00 元' });
    expect(gf.serverErrors({ field: 'region_code', message: '请选择到区县或乡镇一级' }).errors).toEqual({ region: '请选择到区县或乡镇一级' });
    expect(gf.serverErrors({ field: 'lat', message: '工作地点坐标不在中国境内' }).errors).toEqual({ address: '工作地点坐标不在中国境内' });
  });

  test('an existing gig fills the form in Shanghai time and a chosen map point fills the address', () => {
    const form = gf.fromGig(gig());
    expect(form).toMatchObject({ payYuan: '180.00', startsAt: '2026-11-22 08:00', endsAt: '2026-11-22 17:00', region: { code: '450223', name: '鹿寨县' } });
    expect(gf.fromChosenLocation({ name: '鹿寨县人民广场', address: '广西壮族自治区柳州市鹿寨县', latitude: 24.4, longitude: 109.7 })).toEqual({
      address: '广西壮族自治区柳州市鹿寨县 鹿寨县人民广场',
      lat: 24.4,
      lng: 109.7,
    });
  });
});

describe('my gigs', () => {
  test('each state offers only the actions the gig state machine allows', () => {
    const mg = mpRequire('logic/my-gigs');
    expect(mg.actionsFor('draft')).toEqual({ edit: true, submit: true, close: false });
    expect(mg.actionsFor('rejected')).toEqual({ edit: true, submit: true, close: false });
    expect(mg.actionsFor('pending_review')).toEqual({ edit: true, submit: false, close: false });
    expect(mg.actionsFor('published')).toEqual({ edit: true, submit: false, close: true });
    expect(mg.actionsFor('closed')).toEqual({ edit: false, submit: false, close: false });
    expect(mg.actionsFor('expired')).toEqual({ edit: false, submit: false, close: false });
  });

  test('the 全部 tab sends no status filter, the others send theirs', async () => {
    const { wx } = fresh(() => json(200, { items: [], page: 1, page_size: 20, total: 0 }));
    wx.setStorageSync('lg.session', session());
    const mg = mpRequire('logic/my-gigs');
    await mg.list('all').reload();
    await mg.list('rejected').reload();
    expect(queryOf(wx._requests[0].url)).toEqual({ page: '1', page_size: '20' });
    expect(queryOf(wx._requests[1].url).status).toBe('rejected');
  });
});

describe('stations', () => {
  test('stations load near the position, become markers, and call and navigate through WeChat', async () => {
    const { wx } = fresh(() =>
      json(200, {
        items: [
          { id: 2, name: '鹿寨县零工驿站', address: '鹿寨镇人民路 1 号', phone: '0772-6812345', hours: '08:00-18:00', services: '岗位推荐、技能培训', lat: 24.47, lng: 109.75, region: { code: '450223', name: '鹿寨县' }, distance_m: 640 },
        ],
        page: 1,
        page_size: 50,
        total: 1,
      }),
    );
    const st = mpRequire('logic/stations');
    const r = await st.load({ lat: 24.4, lng: 109.7 }, '');
    expect(queryOf(wx._requests[0].url)).toEqual({ page_size: '50', lat: '24.4', lng: '109.7' });
    expect(r.items[0]).toMatchObject({ services: '岗位推荐、技能培训', distance: '640米' });
    expect(r.markers).toEqual([expect.objectContaining({ id: 2, latitude: 24.47, longitude: 109.75, title: '鹿寨县零工驿站' })]);
    expect(st.call(r.items[0])).toBe(true);
    expect(wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0772-6812345' });
    expect(st.navigate(r.items[0])).toBe(true);
    expect(wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 24.47, longitude: 109.75, name: '鹿寨县零工驿站' }));
    expect(st.call({ phone: '' })).toBe(false);
  });

  test('an unavailable route is shown as the error text, with no invented stations', async () => {
    fresh(() => apiError(404, 'not_found', '找不到请求的内容'));
    const r = await mpRequire('logic/stations').load(null, '450223');
    expect(r).toEqual({ items: [], markers: [], center: null, error: '找不到请求的内容' });
  });
});

describe('home and gig detail', () => {
  test('worker home: recommended are the newest nearby, nearby are nearest first within 10 km', async () => {
    const { wx } = fresh(() => json(200, { items: [gig()], page: 1, page_size: 5, total: 1 }));
    const home = mpRequire('logic/home');
    const r = await home.workerHome({ lat: 24.4, lng: 109.7 }, NOW);
    const qs = wx._requests.map((x) => queryOf(x.url));
    expect(qs[0]).toMatchObject({ sort: 'new', radius_km: '50' });
    expect(qs[1]).toMatchObject({ sort: 'distance', radius_km: '10' });
    expect(r.recommended[0].title).toBe('鹿寨县城装卸工');
    expect(r.located).toBe(true);
    const noLoc = await home.workerHome(null, NOW);
    expect(noLoc.nearby).toEqual([]);
    expect(queryOf(wx._requests[2].url)).toEqual({ sort: 'new', page_size: '5' });
  });

  test('employer home asks for own gigs only once the employer profile exists', async () => {
    const { wx } = fresh((req) => (pathOf(req.url) === '/me/employer' ? json(200, { employer: { exists: false } }) : json(200, { items: [] })));
    wx.setStorageSync('lg.session', session());
    const r = await mpRequire('logic/home').employerHome(NOW);
    expect(r.employer).toMatchObject({ exists: false, verificationText: '未认证' });
    expect(wx._requests.map((x) => pathOf(x.url))).toEqual(['/me/employer']);
  });

  test('gig detail shows the employer verification and credit, a marker, and knows who posted it', async () => {
    const { wx } = fresh(() => json(200, { gig: gig() }));
    const detail = mpRequire('logic/gig-detail');
    const r = await detail.load(31, NOW);
    expect(r.gig).toMatchObject({ verificationText: '已认证', credit: 96, employerKind: '单位', markers: [expect.objectContaining({ latitude: 24.4728 })] });
    expect(r.gig.employerId).toBe(3);
    expect(detail.isOwner(r.gig, { id: 3 })).toBe(true);
    expect(detail.isOwner(r.gig, { id: 7 })).toBe(false);
    detail.navigate(r.gig);
    expect(wx.openLocation).toHaveBeenCalledWith(expect.objectContaining({ latitude: 24.4728, longitude: 109.752, name: '鹿寨县城装卸工' }));
  });
});

describe('me', () => {
  test('phone binding: a refused getPhoneNumber is a gentle message, a code is bound', async () => {
    const { wx } = fresh(() => json(200, { user: { id: 1, phone: '138****8000', created_at: '2026-01-01T00:00:00Z' } }));
    wx.setStorageSync('lg.session', session());
    const me = mpRequire('logic/me');
    await expect(me.bindPhone({ errMsg: 'getPhoneNumber:fail user deny' })).resolves.toEqual({ user: null, message: '未授权手机号，可以稍后再绑定' });
    expect(wx.request).not.toHaveBeenCalled();
    const r = await me.bindPhone({ code: 'phone:13800138000', errMsg: 'getPhoneNumber:ok' });
    expect(r).toEqual({ user: expect.objectContaining({ phone: '138****8000' }), message: '手机号已绑定' });
    // DevTools with the tourist appid has no getPhoneNumber: a develop build may use the double's phone code
    wx.setStorageSync('lg.devPhone', '13800138000');
    await me.bindPhone({ errMsg: 'getPhoneNumber:fail no permission' });
    expect(wx._requests[wx._requests.length - 1].data).toEqual({ code: 'phone:13800138000' });
  });
});

describe('status labels', () => {
  test('every status shown by the view models prefers the server\'s status_label (client tables are the fallback)', () => {
    const present = mpRequire('logic/present');
    const g = { id: 1, title: 't', status: 'published', employer: { verification: 'verified' } };
    expect(present.gigCard(g).statusText).toBe('招募中');
    expect(present.gigCard(Object.assign({}, g, { status_label: '已发布' })).statusText).toBe('已发布');
    expect(present.gigDetail(Object.assign({}, g, { employer: { verification: 'verified', verification_label: '认证通过' } })).verificationText).toBe('认证通过');
    expect(present.verificationText(undefined)).toBe('未认证');
    const settlement = mpRequire('logic/settlement');
    const s = {
      id: 5, status: 'paid', status_label: '已付款（服务器）', gig: { title: 'x' }, worker: { id: 7 }, employer: { id: 3, name: 'e' },
      quantity: 1, pay_unit: 'day', rate_fen: 100, amount_fen: 100, computed_fen: 100,
      history: [{ actor: 'user', to: 'paid', to_label: '已付款（服务器）', at: '2026-11-21T02:00:00Z' }],
    };
    expect(settlement.card(s, 7).statusText).toBe('已付款（服务器）');
    expect(settlement.view(s, 7).steps[0].status).toBe('已付款（服务器）');
    expect(settlement.card(Object.assign({}, s, { status_label: undefined }), 7).statusText).toBe(settlement.STATUS.paid);
    const applications = mpRequire('logic/applications');
    expect(applications.card({ id: 9, status: 'applied', status_label: '已报名（服务器）', gig: {} }).statusText).toBe('已报名（服务器）');
    expect(applications.card({ id: 9, status: 'applied', gig: {} }).statusText).toBe(applications.STATUS.applied);
  });
});
