// Complaints 诉求 in the mini-program: utils/transfer.js (the only caller of wx.uploadFile / wx.downloadFile:
// token, one recovery on 401, the server's error shape, no automatic retry of uploads), services/uploads.js
// and services/complaints.js (paths, Idempotency-Key reused after an unknown outcome), and
// logic/complaints.js (the form's rules and body, picking and uploading images, view models).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { json, apiError, pathOf } = require('../helpers/wx-double');
const { MP, fresh, session } = require('../helpers/mp');
const fakeApi = require('../helpers/fake-api');

const NOW = Date.parse('2026-11-21T04:00:00Z');

function signedIn(server) {
  const ctx = fresh(server);
  ctx.wx.setStorageSync('lg.session', session());
  return ctx;
}

describe('utils/transfer.js', () => {
  test('upload sends the file as multipart part "file" with the bearer token and parses the JSON answer', async () => {
    const ctx = signedIn((req) => json(201, { upload: { id: 5, content_type: 'image/png' } }));
    const up = await ctx.mp('services/uploads').upload('wxfile://tmp_a.png');
    expect(up).toEqual({ id: 5, content_type: 'image/png' });
    expect(ctx.wx.uploadFile).toHaveBeenCalledTimes(1);
    const o = ctx.wx.uploadFile.mock.calls[0][0];
    expect(o.url).toBe('http://127.0.0.1:8080/api/v1/uploads');
    expect(o.name).toBe('file');
    expect(o.filePath).toBe('wxfile://tmp_a.png');
    expect(o.header.Authorization).toBe('Bearer A1');
    expect(o.timeout).toBeGreaterThanOrEqual(60000);
  });

  test('a refused upload rejects the server\'s ApiError (code, message, field) and toasts it; it is not retried', async () => {
    const ctx = signedIn(() => apiError(415, 'unsupported_media_type', '只能上传 JPEG、PNG 或 WebP 格式的图片', 'file'));
    await expect(ctx.mp('services/uploads').upload('wxfile://a.php')).rejects.toMatchObject({ status: 415, code: 'unsupported_media_type', field: 'file' });
    expect(ctx.wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '只能上传 JPEG、PNG 或 WebP 格式的图片' }));
    const ctx2 = signedIn(() => apiError(503, 'db_unavailable', '服务暂时不可用'));
    await expect(ctx2.mp('services/uploads').upload('wxfile://b.png', { toast: false })).rejects.toMatchObject({ status: 503 });
    expect(ctx2.wx.uploadFile).toHaveBeenCalledTimes(1);
    expect(ctx2.wx.showToast).not.toHaveBeenCalled();
  });

  test('a 401 with an expired token refreshes once and sends the upload again with the new token', async () => {
    const ctx = signedIn((req) => {
      if (pathOf(req.url) === '/auth/refresh') return json(200, { access_token: 'A2', refresh_token: 'R2', expires_in: 900 });
      if (req.header.Authorization === 'Bearer A1') return apiError(401, 'token_expired', '登录已过期');
      return json(201, { upload: { id: 6 } });
    });
    expect(await ctx.mp('services/uploads').upload('wxfile://c.png')).toEqual({ id: 6 });
    expect(ctx.wx.uploadFile.mock.calls.map((c) => c[0].header.Authorization)).toEqual(['Bearer A1', 'Bearer A2']);
  });

  test('no answer (timeout) is a network ApiError', async () => {
    const ctx = signedIn(() => ({ fail: 'uploadFile:fail timeout' }));
    await expect(ctx.mp('services/uploads').upload('wxfile://d.png', { toast: false })).rejects.toMatchObject({ status: 0, code: 'network_timeout' });
  });

  test('download carries the token, resolves a temp file path and keeps it for the session; 403 rejects', async () => {
    const ctx = signedIn((req) => (pathOf(req.url) === '/uploads/7' ? { statusCode: 200, tempFilePath: 'wxfile://img7.jpg' } : { statusCode: 403 }));
    const uploads = ctx.mp('services/uploads');
    expect(await uploads.fetch(7)).toBe('wxfile://img7.jpg');
    expect(await uploads.fetch(7)).toBe('wxfile://img7.jpg');
    expect(ctx.wx.downloadFile).toHaveBeenCalledTimes(1);
    expect(ctx.wx.downloadFile.mock.calls[0][0].header.Authorization).toBe('Bearer A1');
    await expect(uploads.fetch(8, { toast: false })).rejects.toMatchObject({ status: 403, code: 'http_403' });
  });

  test('only utils/transfer.js calls wx.uploadFile or wx.downloadFile', () => {
    const walk = (dir, out = []) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === 'node_modules' || e.name === 'miniprogram_npm') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, out);
        else if (p.endsWith('.js')) out.push(p);
      }
      return out;
    };
    const re = /\bwx\s*\.\s*(uploadFile|downloadFile)\b/;
    expect(re.test('wx.uploadFile({})')).toBe(true);
    const code = (f) => fs.readFileSync(f, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, ''); // calls, not comments naming them
    expect(re.test(code(path.join(MP, 'utils/transfer.js')))).toBe(true);
    const callers = walk(MP).filter((f) => re.test(code(f))).map((f) => path.relative(MP, f));
    expect(callers).toEqual(['utils/transfer.js']);
  });
});

describe('services/complaints.js', () => {
  test('create posts the body with an Idempotency-Key and reuses the key after an unknown outcome', async () => {
    let calls = 0;
    const ctx = signedIn((req) => {
      calls++;
      return calls === 1 ? { fail: 'request:fail timeout' } : json(201, { complaint: fakeApi.complaint(9) });
    });
    ctx.request.config.maxAttempts = 1;
    const svc = ctx.mp('services/complaints');
    const body = { category: 'unpaid_wage', respondent_id: 501, application_id: 62, text: '三天工资没结' };
    await expect(svc.create(body, { toast: false })).rejects.toMatchObject({ code: 'network_timeout' });
    const c = await svc.create(body, { toast: false });
    expect(c.id).toBe(9);
    const posts = ctx.wx._requests.filter((r) => pathOf(r.url) === '/complaints');
    expect(posts).toHaveLength(2);
    expect(posts[0].header['Idempotency-Key']).toMatch(/^[0-9a-f]{32}$/);
    expect(posts[1].header['Idempotency-Key']).toBe(posts[0].header['Idempotency-Key']);
    expect(posts[0].data).toEqual(body);
  });

  test('mine and get read /me/complaints and /complaints/{id}', async () => {
    const api = fakeApi.create();
    const ctx = signedIn(api.server);
    const svc = ctx.mp('services/complaints');
    expect((await svc.mine({ page: 1 })).items.map((c) => c.id)).toEqual([81, 82]);
    expect((await svc.get(81)).history).toHaveLength(3);
  });
});

describe('logic/complaints.js', () => {
  const { mp } = fresh(() => json(200, {}));
  const logic = mp('logic/complaints');

  test('the form starts from the page query; a missing or malformed respondent is an error at once', () => {
    const f = logic.initialForm({ respondent_id: '501', application_id: '62', title: '%E8%A3%85%E5%8D%B8%E5%B7%A5' });
    expect(f).toMatchObject({ respondentId: 501, applicationId: 62, gigId: null, subject: '装卸工', category: 'unpaid_wage', images: [] });
    expect(logic.initialForm({ respondent_id: '501', gig_id: '11', category: 'false_info' }).category).toBe('false_info');
    expect(logic.initialForm({ respondent_id: '501', category: 'bogus' }).category).toBe('unpaid_wage');
    expect(logic.initialForm({ respondent_id: '0x1f' }).respondentId).toBe(null);
    expect(logic.validate(logic.initialForm({})).respondent).toBeTruthy();
  });

  test('validate: text 5..1000 characters (counted as the server counts them), at most 6 images', () => {
    const f = Object.assign(logic.initialForm({ respondent_id: '501' }), { text: '工资没结' });
    expect(logic.validate(f).text).toMatch(/至少 5/);
    f.text = '工资没有结清';
    expect(logic.validate(f)).toEqual({});
    f.text = '工'.repeat(1000);
    expect(logic.validate(f)).toEqual({});
    f.text = '工'.repeat(1001);
    expect(logic.validate(f).text).toMatch(/1000/);
    f.text = '😀'.repeat(1000); // 1000 characters, 2000 UTF-16 units
    expect(logic.validate(f)).toEqual({});
    f.images = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
    expect(logic.validate(f).images).toBeTruthy();
  });

  test('body: the application wins over the gig; images by id; text trimmed', () => {
    const f = Object.assign(logic.initialForm({ respondent_id: '501', application_id: '62', gig_id: '11' }), { text: '  押金不退  ', images: [{ path: 'p', id: 3 }] });
    expect(logic.body(f)).toEqual({ category: 'unpaid_wage', respondent_id: 501, application_id: 62, text: '押金不退', image_ids: [3] });
    const g = Object.assign(logic.initialForm({ respondent_id: '501', gig_id: '11', category: 'false_info' }), { text: '岗位是假的要交钱' });
    expect(logic.body(g)).toEqual({ category: 'false_info', respondent_id: 501, gig_id: 11, text: '岗位是假的要交钱' });
  });

  test('newUrl builds the form page URL the form reads back', () => {
    const url = logic.newUrl({ respondentId: 501, gigId: 11, category: 'false_info', subject: '装卸工 11' });
    expect(url).toBe('/pages/complaint/new?respondent_id=501&gig_id=11&category=false_info&title=%E8%A3%85%E5%8D%B8%E5%B7%A5%2011');
    const q = Object.fromEntries(url.split('?')[1].split('&').map((p) => p.split('=')));
    expect(logic.initialForm(q)).toMatchObject({ respondentId: 501, gigId: 11, category: 'false_info', subject: '装卸工 11' });
  });

  test('pickAndUpload uploads each picked image, skips one over 5 MB and one the server refuses, and reports why', async () => {
    let n = 0;
    const ctx = signedIn(() => (++n === 2 ? apiError(415, 'unsupported_media_type', '只能上传 JPEG、PNG 或 WebP 格式的图片', 'file') : json(201, { upload: { id: 100 + n } })));
    const l = ctx.mp('logic/complaints');
    ctx.wx._setMedia([
      { tempFilePath: 'wxfile://1.jpg', size: 1000, fileType: 'image' },
      { tempFilePath: 'wxfile://2.jpg', size: 1000, fileType: 'image' },
      { tempFilePath: 'wxfile://big.jpg', size: 5 * 1024 * 1024 + 1, fileType: 'image' },
      { tempFilePath: 'wxfile://3.jpg', size: 1000, fileType: 'image' },
    ]);
    const progress = [];
    const r = await l.pickAndUpload(6, (done, total) => progress.push(`${done}/${total}`));
    expect(r.added).toEqual([{ path: 'wxfile://1.jpg', id: 101 }, { path: 'wxfile://3.jpg', id: 103 }]);
    expect(r.message).toBeTruthy();
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(ctx.wx.chooseMedia.mock.calls[0][0]).toMatchObject({ count: 6, mediaType: ['image'], sizeType: ['compressed'] });
    expect(ctx.wx.uploadFile).toHaveBeenCalledTimes(3);
    // room for 2 more: the picker is asked for 2; a cancelled picker adds nothing
    ctx.wx._setMedia(new Error('cancel'));
    expect(await l.pickAndUpload(2)).toEqual({ added: [], message: '' });
    expect(ctx.wx.chooseMedia.mock.calls[1][0].count).toBe(2);
    expect((await l.pickAndUpload(0)).added).toEqual([]);
  });

  test('card and detail: labels for every server state, latest progress, outcome, steps newest first, deadline only while open', () => {
    const states = ['submitted', 'accepted', 'handling', 'resolved', 'rejected', 'escalated'];
    expect(Object.keys(logic.STATUS).sort()).toEqual(states.slice().sort());
    expect(Object.keys(logic.STATUS_THEME).sort()).toEqual(states.slice().sort());
    const c = fakeApi.complaint(81);
    const card = logic.card(c, NOW);
    expect(card).toMatchObject({ id: 81, category: '拖欠工资', statusText: '处理中', subject: '装卸工 11' });
    expect(card.progress).toContain('处理中：已电话联系雇主核实');
    const d = logic.detail(c, NOW);
    expect(d.steps.map((s) => s.status)).toEqual(['处理中', '已受理', '已提交']);
    expect(d.steps[0].who).toBe('就业服务中心');
    expect(d.due).toBeTruthy();
    expect(d.images).toEqual([{ id: 801, path: '' }]);
    const done = logic.detail(fakeApi.complaint(82, { status: 'resolved', upheld: true, resolution: '已责令结清工资' }), NOW);
    expect(done.outcome).toBe('诉求成立：已责令结清工资');
    expect(done.due).toBe('');
    expect(logic.detail(fakeApi.complaint(83, { status: 'rejected', resolution: '工资已结清' }), NOW).outcome).toBe('工资已结清');
  });
});
