// E-agreements 劳务协议 in the mini-program: services/agreements.js (paths; signing carries an
// Idempotency-Key, the same one after an unknown outcome and a new one after an answer), logic/agreement.js
// (who may sign, draft, void; the intent box must be ticked; a changed text asks for a re-read), and the
// page in miniprogram-simulate (read, tick, sign, download the PDF and open it; the employer drafts).
'use strict';
const { createWx, json, apiError, pathOf } = require('../helpers/wx-double');
const { fresh, session } = require('../helpers/mp');
const { mount, settle, text } = require('../helpers/simulate');

const INTENT = '本人已完整阅读并理解本协议全部条款，确认协议内容无误，自愿以电子方式签署本协议。';
const HASH = 'a'.repeat(64);
const setupWx = global.wx; // what setup/wx.js installed (tdesign asks it for system info)

function agreement(over) {
  return Object.assign({
    id: 31, number: 'LG00000031', application_id: 62, gig_id: 11, status: 'draft', revision: 1,
    template: { id: 1, code: 'default', version: 1, title: '零工劳务协议' },
    employer: { id: 501, name: '鹿寨县示范劳务有限公司' }, worker: { id: 7, name: '王建国' }, gig_title: '装卸工 11',
    text: '零工劳务协议\n协议编号：LG00000031\n\n甲方（用工方）：鹿寨县示范劳务有限公司\n乙方（劳务提供方）：王建国\n报酬标准：180.00 元/天。\n',
    text_sha256: HASH, intent_statement: INTENT, verify_url: 'http://127.0.0.1:8080/api/v1/agreements/31/verify?hash=' + HASH,
    created_at: '2026-11-21T02:00:00Z', updated_at: '2026-11-21T02:00:00Z', events: [], history: [], seal: null,
  }, over);
}
const employerEvent = { role: 'employer', account_id: 501, signed_at: '2026-11-21T02:10:00Z', ip: '10.0.0.1', user_agent: 'x', text_sha256: HASH, intent: INTENT };
const workerEvent = Object.assign({}, employerEvent, { role: 'worker', account_id: 7, signed_at: '2026-11-21T02:20:00Z' });

function signedIn(server) {
  const ctx = fresh(server);
  ctx.wx.setStorageSync('lg.session', session());
  return ctx;
}

describe('services/agreements.js', () => {
  test('reads by id and by application, drafts, voids and verifies on the right paths', async () => {
    const seen = [];
    const ctx = signedIn((req) => {
      seen.push(`${req.method} ${pathOf(req.url)}`);
      if (pathOf(req.url).endsWith('/verify')) return json(200, { valid: true });
      return json(req.method === 'POST' ? 201 : 200, { agreement: agreement() });
    });
    const s = ctx.mp('services/agreements');
    expect((await s.getAgreement(31)).id).toBe(31);
    expect((await s.ofApplication(62)).number).toBe('LG00000031');
    expect((await s.draft(62)).status).toBe('draft');
    await s.voidAgreement(31, '时间冲突');
    expect((await s.verify(31)).valid).toBe(true);
    expect(seen).toEqual(['GET /agreements/31', 'GET /applications/62/agreement', 'POST /applications/62/agreement',
      'POST /agreements/31/void', 'GET /agreements/31/verify']);
  });

  test('sign sends {text_sha256, intent} with an Idempotency-Key, reused after a 503 and new after an answer', async () => {
    let n = 0;
    const keys = [];
    const ctx = signedIn((req) => {
      keys.push(req.header['Idempotency-Key']);
      n++;
      if (n <= 3) return apiError(503, 'service_unavailable', '服务暂时不可用');
      return json(200, { agreement: agreement({ status: 'signed_by_one', events: [workerEvent] }) });
    });
    const s = ctx.mp('services/agreements');
    await expect(s.sign(31, HASH, INTENT, { toast: false })).rejects.toMatchObject({ status: 503 });
    const a = await s.sign(31, HASH, INTENT, { toast: false });
    expect(a.status).toBe('signed_by_one');
    expect(new Set(keys).size).toBe(1); // request.js retries and the person's second tap: one key
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    await s.sign(31, HASH, INTENT, { toast: false });
    expect(keys[keys.length - 1]).not.toBe(keys[0]);
    const body = JSON.parse(JSON.stringify(ctx.wx.request.mock.calls[0][0].data));
    expect(body).toEqual({ text_sha256: HASH, intent: INTENT });
  });
});

describe('logic/agreement.js', () => {
  test('the worker of a draft may sign and void but not draft; the employer may draft; a stranger nothing', () => {
    const { view } = require('../../../miniprogram/logic/agreement');
    const w = view(agreement(), 7);
    expect(w).toMatchObject({ role: 'worker', canSign: true, canDraft: false, canVoid: true, statusText: '待签署', roleText: '乙方（劳务方）' });
    expect(view(agreement(), 501)).toMatchObject({ role: 'employer', canSign: true, canDraft: true });
    expect(view(agreement(), 99)).toMatchObject({ role: null, canSign: false, canDraft: false, canVoid: false });
    const one = view(agreement({ status: 'signed_by_one', events: [employerEvent] }), 501);
    expect(one).toMatchObject({ canSign: false, signedByMe: true, canDraft: false });
    expect(view(agreement({ status: 'signed_by_one', events: [employerEvent] }), 7).canSign).toBe(true);
    const done = view(agreement({ status: 'signed', events: [employerEvent, workerEvent], seal: { key_id: 'e163487d120bead6' } }), 7);
    expect(done).toMatchObject({ canSign: false, canVoid: false, sealed: true, statusText: '已签署生效' });
    expect(done.events.map((e) => e.who)).toEqual(['甲方（用工方）', '乙方（劳务方）']);
  });

  test('signing needs the intent box ticked; a changed text asks for a re-read', async () => {
    let answer = () => json(200, { agreement: agreement({ status: 'signed_by_one', events: [workerEvent] }) });
    const ctx = signedIn(() => answer());
    const logic = ctx.mp('logic/agreement');
    const v = logic.view(agreement(), 7);
    const no = await logic.sign(v, false, 7);
    expect(no.error).toContain('勾选');
    expect(ctx.wx.request).not.toHaveBeenCalled();
    const ok = await logic.sign(v, true, 7);
    expect(ok.error).toBe('');
    expect(ok.view.signedByMe).toBe(true);
    answer = () => apiError(409, 'agreement_text_changed', '协议内容已更新，请重新阅读后再签署', 'text_sha256');
    const stale = await logic.sign(v, true, 7);
    expect(stale).toMatchObject({ reload: true, error: '协议内容已更新，请重新阅读后再签署' });
  });
});

describe('pages/agreement/index', () => {
  function open(server, query) {
    // the setup's wx (with what tdesign asks of it) plus a double answering through server
    jest.resetModules();
    global.wx = Object.assign(setupWx, createWx({ server }));
    wx.setStorageSync('lg.session', session());
    const ctx = { wx: global.wx };
    ctx.wx.openDocument = jest.fn();
    ctx.wx.downloadFile = jest.fn((o) => {
      ctx.downloads = (ctx.downloads || []).concat([o.url]);
      o.success({ statusCode: 200, tempFilePath: 'wxfile://agreement.pdf' });
    });
    const comp = mount('pages/agreement/index');
    comp.instance.onLoad(query);
    return settle(40).then(() => ({ ctx, comp }));
  }

  test('the worker reads the text, ticks the intent statement, signs, and downloads the PDF', async () => {
    let state = agreement();
    const { ctx, comp } = await open((req) => {
      const p = pathOf(req.url);
      if (req.method === 'POST' && p === '/agreements/31/sign') {
        state = agreement({ status: 'signed_by_one', events: [workerEvent] });
        return json(200, { agreement: state });
      }
      if (p === '/applications/62/agreement') return json(200, { agreement: state });
      return apiError(404, 'not_found', '找不到请求的内容');
    }, { application: '62' });
    expect(text(comp)).toContain('零工劳务协议');
    expect(text(comp)).toContain('王建国');
    expect(text(comp)).toContain(HASH);
    expect(text(comp)).toContain(INTENT);
    await comp.instance.onSign();
    expect(text(comp)).toContain('请先勾选确认签署意愿');
    comp.instance.onAgree({ detail: { checked: true } });
    await comp.instance.onSign();
    await settle();
    expect(comp.data.view.status).toBe('signed_by_one');
    expect(text(comp)).toContain('一方已签署');
    expect(text(comp)).not.toContain('确认签署');
    await comp.instance.onPdf();
    expect(ctx.downloads[0]).toBe('http://127.0.0.1:8080/api/v1/agreements/31/pdf?state=signed_by_one');
    expect(ctx.wx.openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://agreement.pdf', fileType: 'pdf' }));
  });

  test('no agreement yet: the employer drafts it from the page', async () => {
    let drafted = false;
    const { comp } = await open((req) => {
      if (req.method === 'POST') {
        drafted = true;
        return json(201, { agreement: agreement({ employer: { id: 7, name: '鹿寨县示范劳务有限公司' }, worker: { id: 8, name: '王建国' } }) });
      }
      return apiError(404, 'not_found', '找不到请求的内容');
    }, { application: '62' });
    expect(text(comp)).toContain('还没有劳务协议');
    await comp.instance.onDraft();
    await settle();
    expect(drafted).toBe(true);
    expect(comp.data.view.canDraft).toBe(true);
    expect(text(comp)).toContain('重新起草');
  });
});
