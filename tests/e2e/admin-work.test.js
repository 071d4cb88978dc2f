// Browser tests of the console's work pages, as a county clerk of 安源区 (360302) uses them: each test seeds
// what it needs through the real API (users signed in through the WeChat double) or SQL as the API tests do,
// clicks through the page's main actions, and checks the result both on the screen and in MariaDB, with a
// screenshot per page in tests/e2e/screenshots/. 安源区 is this file's own county (no other test writes
// there), so its queues hold only what these tests put in them.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const zlib = require('node:zlib');
const {
  startWechat, call, sql, uniq, uniqZh, signIn: wxSignIn, makeEmployer, makeWorker, gigBody, createAdmin, applyTo,
} = require('../api/lib');
const harness = require('./console');

const COUNTY = '360302';
const TOWN = '360302001'; // 东大街街道
const SITE = { region_code: TOWN, address: '安源区东大街 18 号', lat: 27.629, lng: 113.858 };
let wx;
const ctx = harness.useConsole(async () => {
  wx = await startWechat();
  return { ...wx.env, RATE_USER_PER_MIN: '100000', RATE_UPLOAD_PER_MIN: '100000', TASK_INTERVAL_S: '3600' };
});
const { account, shot } = harness;
const openPage = (t) => harness.openPage(ctx, t);
const url = () => ctx.srv.url;
let clerk; // the county clerk's username

before(async () => {
  clerk = account({ region: COUNTY, displayName: '刘晓红' });
  // Leftovers of an earlier run in this county would sit ahead of this run's items in the oldest-first queues.
  sql(`UPDATE gigs SET status = 'cancelled' WHERE region_code LIKE '${COUNTY}%' AND status IN ('pending_review', 'rejected')`);
  sql(`UPDATE employers SET verification = 'unverified' WHERE region_code LIKE '${COUNTY}%' AND verification = 'pending'`);
});
after(async () => {
  if (wx) await wx.close();
});

const one = (q) => sql(q)[0];
const count = (q) => Number(sql(q)[0][0]);

// A clerk signed in and on the page of the navigation entry named label.
async function clerkOn(t, label, username = clerk) {
  const p = await openPage(t);
  await harness.signIn(ctx, p.page, username);
  await p.page.locator('#view-shell').waitFor();
  await p.page.locator('#nav').getByRole('link', { name: label }).click();
  await p.page.getByRole('heading', { level: 1, name: label }).waitFor();
  return p;
}

// An access token of a fresh admin of this county, for changes made behind the page's back.
async function adminToken(role = 'admin', region = COUNTY) {
  const password = `pw-${uniq('w')}`;
  const username = createAdmin({ password, role, region });
  const r = await call(url(), 'POST', '/api/v1/admin/auth/login', { body: { username, password } });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}

// A user signed in through the WeChat double who is an employer of this county.
async function employer(name, verification = 'verified') {
  const u = await wxSignIn(ctx.srv, uniq('wke'));
  makeEmployer(u.user.id, { verification, region: COUNTY, name });
  return u;
}

async function postGig(emp, over) {
  const r = await call(url(), 'POST', '/api/v1/gigs', { token: emp.access_token, body: gigBody({ ...SITE, ...over }) });
  assert.equal(r.status, 201, r.text);
  return r.json.gig;
}

// The open dialog, its submit button pressed after fill(dialog) ran.
async function inDialog(page, fill, submitName) {
  const dlg = page.getByRole('dialog');
  await dlg.waitFor();
  if (fill) await fill(dlg);
  await dlg.getByRole('button', { name: submitName }).click();
  return dlg;
}

test('岗位审核: the clerk reads a flagged gig, approves it, rejects another with a reason; a stale approval shows the API message', async (t) => {
  const emp = await employer('安源区顺达家政服务有限公司');
  const flagged = await postGig(emp, { title: '家政保洁阿姨', description: '小区日常保洁，有意者加V信详聊，日结。' });
  const plain = await postGig(emp, { title: '仓库临时搬运工', description: '装卸货物，包午餐。请加V信咨询。' });
  const stale = await postGig(emp, { title: '餐馆传菜员', description: '周末两天，加V信联系。' });
  for (const g of [flagged, plain, stale]) assert.equal(g.status, 'pending_review');

  const p = await clerkOn(t, '岗位审核');
  const { page } = p;
  const queue = page.locator('section', { has: page.getByRole('heading', { name: '审核队列' }) });
  await queue.locator(`tr[data-id="${flagged.id}"]`).waitFor();
  assert.equal(await queue.getByRole('button', { name: '待审核' }).getAttribute('aria-pressed'), 'true');
  // oldest first: the order the employer submitted them
  const ids = await queue.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
  assert.deepEqual(ids, [flagged.id, plain.id, stale.id]);
  await queue.locator(`tr[data-id="${flagged.id}"]`).getByRole('button', { name: '查看' }).click();
  const detail = page.locator('section', { has: page.getByRole('heading', { name: '岗位详情' }) });
  await detail.getByRole('heading', { name: '家政保洁阿姨' }).waitFor();
  // the finding: the field, the verdict, the category, and the words marked inside the description
  await detail.getByText('需人工审核').waitFor();
  assert.ok(await detail.locator('.finding').getByText('岗位描述').isVisible());
  assert.match(await detail.locator('.hits').first().textContent(), /联系方式/);
  assert.match(await detail.locator('.prose mark').first().textContent(), /V信/);
  assert.equal(await detail.locator('.prose').textContent(), '小区日常保洁，有意者加V信详聊，日结。');
  assert.ok(await detail.getByText('安源区顺达家政服务有限公司').isVisible());
  await shot(page, 'review');

  await detail.getByRole('button', { name: '审核通过' }).click();
  await inDialog(page, null, '通过并发布');
  await page.locator('.page-status').getByText('岗位「家政保洁阿姨」已审核通过并发布。').waitFor();
  await detail.locator('.badge', { hasText: '已发布' }).waitFor();
  await queue.locator(`tr[data-id="${flagged.id}"]`).waitFor({ state: 'detached' });
  assert.deepEqual(one(`SELECT status FROM gigs WHERE id = ${flagged.id}`), ['published']);
  assert.deepEqual(one(`SELECT actor_kind, from_status, to_status FROM gig_history WHERE gig_id = ${flagged.id} ORDER BY id DESC LIMIT 1`),
    ['admin', 'pending_review', 'published']);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'gig.approve' AND object_id = '${flagged.id}'`), 1);

  // reject: a reason too short is refused in the dialog; a preset fills it
  await queue.locator(`tr[data-id="${plain.id}"]`).getByRole('button', { name: '查看' }).click();
  await detail.getByRole('heading', { name: '仓库临时搬运工' }).waitFor();
  await detail.getByRole('button', { name: '不通过' }).click();
  const dlg = await inDialog(page, (d) => d.getByLabel('不通过原因').fill('差'), '确认不通过');
  await dlg.getByText('不通过原因至少 2 个字。').waitFor();
  await dlg.getByRole('button', { name: '岗位描述含有私下联系方式，请删除后重新提交' }).click();
  await dlg.getByRole('button', { name: '确认不通过' }).click();
  await page.locator('.page-status').getByText('岗位「仓库临时搬运工」已退回，原因已通知雇主。').waitFor();
  await detail.getByText('未通过原因：岗位描述含有私下联系方式，请删除后重新提交').waitFor();
  assert.deepEqual(one(`SELECT status, review_reason FROM gigs WHERE id = ${plain.id}`), ['rejected', '岗位描述含有私下联系方式，请删除后重新提交']);
  await queue.getByRole('button', { name: '未通过' }).click();
  await queue.locator(`tr[data-id="${plain.id}"]`).waitFor();

  // another clerk approves a gig while this page still shows it as pending: the API's 409 text is shown
  await queue.getByRole('button', { name: '待审核' }).click();
  await queue.locator(`tr[data-id="${stale.id}"]`).getByRole('button', { name: '查看' }).click();
  await detail.getByRole('heading', { name: '餐馆传菜员' }).waitFor();
  const other = await call(url(), 'POST', `/api/v1/admin/gigs/${stale.id}/approve`, { token: await adminToken('reviewer') });
  assert.equal(other.status, 200, other.text);
  p.expect(409, `/api/v1/admin/gigs/${stale.id}/approve`);
  await detail.getByRole('button', { name: '审核通过' }).click();
  const failed = await inDialog(page, null, '通过并发布');
  await failed.getByRole('alert').getByText('岗位当前状态为「已发布」，不能进行此操作').waitFor();
  await shot(page, 'review-conflict');
  await failed.getByRole('button', { name: '取消' }).click();
  await detail.locator('.badge', { hasText: '已发布' }).waitFor();
  assert.equal(await detail.getByRole('button', { name: '审核通过' }).count(), 0);
  p.check();
});

// An employer of this county written directly (the profile API has its own tests), pending by default.
let creditSeq = 0;
async function employerProfile(name, verification = 'pending') {
  const u = await wxSignIn(ctx.srv, uniq('wkp'));
  const code = `91360302MA${String(Date.now() % 1e6).padStart(6, '0')}${String(++creditSeq).padStart(2, '0')}`;
  sql(`INSERT INTO employers (user_id, kind, name, credit_code, legal_rep, contact_name, region_code, address, verification,
       created_at, updated_at) VALUES (${u.user.id}, 'org', '${name}', '${code}', '钟国平', '钟晓丽', '${TOWN}',
       '安源区东大街 26 号', '${verification}', NOW(3), NOW(3))`);
  return { id: u.user.id, code };
}

test('雇主认证: pending applications first; the clerk verifies one and rejects another with a reason', async (t) => {
  const a = await employerProfile('萍乡市安源区鸿运建筑劳务有限公司');
  const b = await employerProfile('安源区小李装修工作室');
  const c = await employerProfile('安源区已认证物流有限公司', 'verified');
  const p = await clerkOn(t, '雇主认证');
  const { page } = p;
  const listCard = page.locator('section', { has: page.getByRole('heading', { name: '认证申请' }) });
  await listCard.locator(`tr[data-id="${a.id}"]`).waitFor();
  assert.equal(await listCard.getByRole('button', { name: '待审核' }).getAttribute('aria-pressed'), 'true');
  assert.ok(await listCard.locator(`tr[data-id="${b.id}"]`).isVisible());
  assert.equal(await listCard.locator(`tr[data-id="${c.id}"]`).count(), 0, 'a verified employer is not in the pending list');

  await listCard.locator(`tr[data-id="${a.id}"]`).getByRole('button', { name: '查看' }).click();
  const detail = page.locator('section', { has: page.getByRole('heading', { name: '雇主信息' }) });
  await detail.getByRole('heading', { name: '萍乡市安源区鸿运建筑劳务有限公司' }).waitFor();
  assert.ok(await detail.getByText(a.code, { exact: true }).isVisible());
  assert.ok(await detail.getByText('钟国平', { exact: true }).isVisible());
  await shot(page, 'employers');
  await detail.getByRole('button', { name: '通过认证' }).click();
  await inDialog(page, null, '通过认证');
  await page.locator('.page-status').getByText('「萍乡市安源区鸿运建筑劳务有限公司」已通过雇主认证。').waitFor();
  await detail.locator('.badge', { hasText: '已认证' }).waitFor();
  await listCard.locator(`tr[data-id="${a.id}"]`).waitFor({ state: 'detached' });
  const clerkId = one(`SELECT id FROM admin_users WHERE username = '${clerk}'`)[0];
  assert.deepEqual(one(`SELECT verification, verified_by FROM employers WHERE user_id = ${a.id}`), ['verified', clerkId]);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'employer.verify' AND object_id = '${a.id}' AND result = 'ok'`), 1);

  await listCard.locator(`tr[data-id="${b.id}"]`).getByRole('button', { name: '查看' }).click();
  await detail.getByRole('heading', { name: '安源区小李装修工作室' }).waitFor();
  await detail.getByRole('button', { name: '不通过' }).click();
  await inDialog(page, (d) => d.getByLabel('不通过原因').fill('营业执照照片模糊，无法核实'), '确认不通过');
  await page.locator('.page-status').getByText('「安源区小李装修工作室」的认证申请已退回，原因已通知雇主。').waitFor();
  await detail.getByText('未通过原因：营业执照照片模糊，无法核实').waitFor();
  assert.deepEqual(one(`SELECT verification, verification_reason FROM employers WHERE user_id = ${b.id}`), ['rejected', '营业执照照片模糊，无法核实']);
  // the 已认证 tab: the county's verified employers (oldest change first, so earlier runs' come first)
  await listCard.getByRole('button', { name: '已认证' }).click();
  const verified = count(`SELECT COUNT(*) FROM employers WHERE region_code LIKE '${COUNTY}%' AND verification = 'verified'`);
  assert.ok(verified >= 2, 'a and c at least');
  await listCard.locator('.pager-info').getByText(new RegExp(`^共 ${verified} 条`)).waitFor();
  const badges = await listCard.locator('tbody tr .badge').allTextContents();
  assert.ok(badges.length > 0 && badges.every((b) => b === '已认证'), badges.join());
  p.check();
});

// A real PNG (w×h, diagonal stripes of two RGB colours) that the browser decodes.
function png(w, hgt, a, b) {
  const raw = Buffer.alloc((w * 3 + 1) * hgt);
  for (let y = 0; y < hgt; y++) {
    for (let x = 0; x < w; x++) raw.set(((x + y) >> 3) & 1 ? a : b, y * (w * 3 + 1) + 1 + x * 3);
  }
  const chunk = (type, data) => {
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(hgt, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function upload(who, body) {
  const r = await call(url(), 'POST', '/api/v1/uploads', { token: who.access_token, body, headers: { 'content-type': 'image/png' } });
  assert.equal(r.status, 201, r.text);
  return r.json.upload.id;
}

// A worker's unpaid-wage complaint against an employer of this county, about their application to its gig.
async function complaintAbout(emp, gig, text, imageIds = []) {
  const w = await wxSignIn(ctx.srv, uniq('wkw'));
  const a = await applyTo(ctx.srv, w, gig);
  assert.equal(a.status, 201, a.text);
  const ids = [];
  for (const body of imageIds) ids.push(await upload(w, body));
  const r = await call(url(), 'POST', '/api/v1/complaints', {
    token: w.access_token,
    body: { category: 'unpaid_wage', respondent_id: emp.user.id, application_id: a.json.application.id, text, image_ids: ids },
  });
  assert.equal(r.status, 201, r.text);
  return { worker: w, complaint: r.json.complaint };
}

test('诉求处理: photos through blob: URLs, the deadline, accept → handle → resolve upheld, reject; an escalated one is read-only for the county', async (t) => {
  const emp = await employer('安源区恒丰餐饮管理有限公司');
  const gig = await postGig(emp, { title: '后厨帮工', description: '洗菜切配，日结。' });
  assert.equal(gig.status, 'published');
  const { worker: complainant, complaint: c } = await complaintAbout(emp, gig, '做了三天后厨帮工，老板一直拖着不结工资，电话也不接。',
    [png(120, 90, [200, 60, 50], [250, 240, 230]), png(90, 120, [40, 90, 160], [230, 240, 250])]);
  const { complaint: d } = await complaintAbout(emp, gig, '老板说我打碎了盘子要扣两百块工钱。');
  // d is already being handled (by another clerk, through the API)
  const other = await adminToken();
  for (const [verb, body] of [['accept'], ['handle', { note: '已联系雇主核实' }]]) {
    const r = await call(url(), 'POST', `/api/v1/admin/complaints/${d.id}/${verb}`, { token: other, body });
    assert.equal(r.status, 200, r.text);
  }
  // one escalated past its deadline to 萍乡市: the county may read it but not act
  sql(`INSERT INTO complaints (complainant_id, respondent_id, category, text, source, region_code, status, sla_due_at, escalated_at,
       escalated_region, created_at, updated_at) VALUES (${complainant.user.id}, ${emp.user.id}, 'safety', '工地没有安全帽，高处作业没有安全绳。', 'user',
       '${COUNTY}', 'escalated', UTC_TIMESTAMP() - INTERVAL 2 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY, '360300', NOW(3) - INTERVAL 6 DAY, NOW(3))`);
  const esc = Number(one(`SELECT MAX(id) FROM complaints WHERE region_code = '${COUNTY}' AND status = 'escalated'`)[0]);

  const p = await clerkOn(t, '诉求处理');
  const { page } = p;
  const uploads = [];
  page.on('request', (req) => { if (req.url().includes('/api/v1/uploads/')) uploads.push(req); });
  const listCard = page.locator('section', { has: page.getByRole('heading', { name: '诉求列表' }) });
  const row = listCard.locator(`tr[data-id="${c.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /欠薪|工资/);
  assert.match(await row.textContent(), /剩余/);
  const escRow = listCard.locator(`tr[data-id="${esc}"]`);
  assert.match(await escRow.textContent(), /已升级督办/);
  assert.equal(await escRow.locator('.late').count(), 2, 'an open complaint past its deadline shows it in red');

  await row.getByRole('button', { name: '查看' }).click();
  const detail = page.locator('section', { has: page.getByRole('heading', { name: '诉求详情' }) });
  await detail.getByText('做了三天后厨帮工，老板一直拖着不结工资，电话也不接。').waitFor();
  await detail.getByText(/^办理期限：.*（剩余 /).waitFor();
  // the photos: fetched with the Authorization header, shown from blob: URLs, decoded
  const imgs = detail.locator('.thumbs img');
  await imgs.nth(1).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.thumbs img')].every((i) => i.complete && i.naturalWidth > 0));
  assert.deepEqual(await imgs.evaluateAll((els) => els.map((e) => [e.src.startsWith('blob:'), e.naturalWidth])), [[true, 120], [true, 90]]);
  assert.equal(uploads.length, 2);
  for (const req of uploads) {
    assert.match(req.headers().authorization || '', /^Bearer /);
    assert.equal(new URL(req.url()).search, '', 'no token or anything else in the image URL');
  }
  await shot(page, 'complaints');

  await detail.getByRole('button', { name: '受理' }).click();
  await inDialog(page, null, '确认受理');
  await page.locator('.page-status').getByText(`诉求 ${c.id} 已受理，投诉人已收到通知。`).waitFor();
  await detail.getByRole('button', { name: '开始处理' }).click();
  await inDialog(page, (dl) => dl.getByRole('button', { name: '已调取考勤、结算记录，正在核实' }).click(), '提交');
  await page.locator('.page-status').getByText(`诉求 ${c.id} 已进入处理，进展已通知投诉人。`).waitFor();
  await detail.getByRole('button', { name: '办结' }).click();
  const dlg = await inDialog(page, (dl) => dl.getByLabel('处理结果').fill('经核实欠薪属实，已责令雇主三日内结清'), '确认办结');
  await dlg.getByText('请选择核实结论。').waitFor();
  await dlg.getByLabel('诉求成立', { exact: true }).check();
  await dlg.getByRole('button', { name: '确认办结' }).click();
  await page.locator('.page-status').getByText(`诉求 ${c.id} 已办结，结果已通知投诉人。`).waitFor();
  await detail.locator('.notice-ok').getByText('诉求成立：经核实欠薪属实，已责令雇主三日内结清').waitFor();
  assert.deepEqual(await detail.locator('.timeline li').evaluateAll((els) => els.length), 4);
  assert.deepEqual(one(`SELECT status, upheld, resolution FROM complaints WHERE id = ${c.id}`), ['resolved', '1', '经核实欠薪属实，已责令雇主三日内结清']);
  assert.deepEqual(sql(`SELECT to_status, reason FROM complaint_history WHERE complaint_id = ${c.id} ORDER BY id`).map((r) => r[0]),
    ['submitted', 'accepted', 'handling', 'resolved']);
  assert.equal(count(`SELECT COUNT(*) FROM credit_ledger WHERE user_id = ${emp.user.id} AND reason = 'complaint_upheld' AND object_id = ${c.id}`), 1);
  await shot(page, 'complaints-resolved');

  // the one being handled: reject with a reason
  await listCard.getByRole('button', { name: '处理中' }).click();
  await listCard.locator(`tr[data-id="${d.id}"]`).getByRole('button', { name: '查看' }).click();
  await detail.getByText('老板说我打碎了盘子要扣两百块工钱。').waitFor();
  await detail.getByRole('button', { name: '驳回' }).click();
  await inDialog(page, (dl) => dl.getByLabel('驳回理由').fill('损坏物品赔偿属双方约定事项，不属于欠薪'), '确认驳回');
  await page.locator('.page-status').getByText(`诉求 ${d.id} 已驳回，理由已通知投诉人。`).waitFor();
  assert.deepEqual(one(`SELECT status, resolution FROM complaints WHERE id = ${d.id}`), ['rejected', '损坏物品赔偿属双方约定事项，不属于欠薪']);

  // escalated: listed under 超期升级, read-only here
  await listCard.getByRole('button', { name: '超期升级' }).click();
  await listCard.locator(`tr[data-id="${esc}"]`).getByRole('button', { name: '查看' }).click();
  await detail.getByText('该诉求已升级，由上级就业服务部门办理，本级只能查看。').waitFor();
  await detail.getByText(/升级至萍乡市督办/).waitFor();
  assert.equal(await detail.locator('.actions').count(), 0);
  assert.equal(await listCard.locator(`tr[data-id="${c.id}"]`).count(), 0);
  await shot(page, 'complaints-escalated');
  p.check();
});

// A settlement recorded by emp for a new worker of this county (name) who worked one 8-hour day on a gig that
// has ended: the gig through the API, moved into the past, the completed application and its attendance
// written directly (their flows have their own tests), the settlement through the API.
async function settlementFor(emp, name, gigTitle) {
  const g = await postGig(emp, { title: gigTitle, description: '按天计薪，当日结算。', pay_fen: 18000, pay_unit: 'day' });
  sql(`UPDATE gigs SET starts_at = UTC_TIMESTAMP() - INTERVAL 2 DAY, ends_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = ${g.id}`);
  const w = await wxSignIn(ctx.srv, uniq('wks'));
  makeWorker(w.user.id, { name, region: TOWN });
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at, completed_at)
       VALUES (${g.id}, ${w.user.id}, ${emp.user.id}, 'completed', 'apply', NOW(3), NOW(3), NOW(3))`);
  const app = Number(one(`SELECT id FROM applications WHERE gig_id = ${g.id} AND worker_id = ${w.user.id}`)[0]);
  sql(`INSERT INTO attendance (application_id, work_date, check_in_at, check_in_method, check_out_at, check_out_method, created_at, updated_at)
       VALUES (${app}, DATE(UTC_TIMESTAMP() - INTERVAL 2 DAY), UTC_TIMESTAMP() - INTERVAL 50 HOUR, 'location',
       UTC_TIMESTAMP() - INTERVAL 42 HOUR, 'location', NOW(3), NOW(3))`);
  const r = await call(url(), 'POST', `/api/v1/applications/${app}/settlements`, {
    token: emp.access_token, body: {}, headers: { 'idempotency-key': uniq('e2e-settle-') },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.settlement;
}

test('薪酬结算: filter by state and month, read how an amount was made up, export the same filters as CSV', async (t) => {
  const emp = await employer('安源区兴旺装卸服务部');
  const recorded = await settlementFor(emp, '钟小明', '物流园装卸工');
  const paid = await settlementFor(emp, '肖红梅', '超市理货员');
  const pay = await call(url(), 'POST', `/api/v1/settlements/${paid.id}/pay`,
    { token: emp.access_token, body: { method: 'bank', reference: 'NX20261122' }, headers: { 'idempotency-key': uniq('e2e-pay-') } });
  assert.equal(pay.status, 200, pay.text);
  const month = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7); // Asia/Shanghai

  const p = await clerkOn(t, '薪酬结算');
  const { page } = p;
  const listCard = page.locator('section', { has: page.getByRole('heading', { name: '结算列表' }) });
  await listCard.locator(`tr[data-id="${recorded.id}"]`).waitFor();
  assert.ok(await listCard.locator(`tr[data-id="${paid.id}"]`).isVisible());
  await page.getByLabel('结算状态').selectOption({ label: '已支付待确认' });
  await listCard.locator(`tr[data-id="${recorded.id}"]`).waitFor({ state: 'detached' });
  await page.getByLabel('记录月份').selectOption(month);
  await listCard.locator(`tr[data-id="${paid.id}"]`).waitFor();
  assert.deepEqual(await listCard.locator('tbody tr .badge').allTextContents(), await listCard.locator('tbody tr').evaluateAll((rows) => rows.map(() => '已支付待确认')));
  const row = listCard.locator(`tr[data-id="${paid.id}"]`);
  assert.match(await row.textContent(), /肖红梅/);
  assert.match(await row.textContent(), /¥180\.00/);
  await row.getByRole('button', { name: '查看' }).click();
  const detail = page.locator('section', { has: page.getByRole('heading', { name: '结算详情' }) });
  await detail.getByText('银行转账，单号 NX20261122').waitFor();
  assert.ok(await detail.getByText('¥180.00 / 天').isVisible());
  assert.ok(await detail.locator('.timeline').getByText('已支付待确认').isVisible());
  await shot(page, 'settlements');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 Excel（CSV）' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `薪酬结算_${month}_已支付待确认.csv`);
  const file = require('node:fs').readFileSync(await download.path());
  assert.deepEqual([...file.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM for Excel');
  const lines = file.subarray(3).toString('utf8').split('\r\n');
  assert.ok(lines[0].startsWith('结算编号,状态,记录时间'), lines[0]);
  assert.ok(lines.some((l) => l.startsWith(`${paid.id},已支付待确认,`) && l.includes(',肖红梅,')), 'the paid one is in the file');
  assert.ok(!lines.some((l) => l.startsWith(`${recorded.id},`)), 'the recorded one is filtered out');
  assert.ok(lines.slice(1).filter(Boolean).every((l) => l.includes(',已支付待确认,')));
  await page.locator('.page-status').getByText(`已导出“薪酬结算_${month}_已支付待确认.csv”，可用 Excel 打开。`).waitFor();
  // audited as region:state:rows
  const rows = lines.slice(1).filter(Boolean).length;
  assert.ok(count(`SELECT COUNT(*) FROM audit_log WHERE action = 'settlement.export' AND object_id = '${COUNTY}%:paid:${rows}'`) >= 1);
  p.check();
});

test('评价与诚信: the clerk hides an abusive rating with a reason, then adjusts the rated employer\'s 诚信分 below the line and lifts the restriction', async (t) => {
  const emp = await employer('安源区佳美保洁服务中心');
  const gig = await postGig(emp, { title: '商场保洁员', description: '商场日常保洁，做六休一。' });
  const w = await wxSignIn(ctx.srv, uniq('wkr'));
  makeWorker(w.user.id, { name: '邱桂英', region: TOWN });
  sql(`INSERT INTO applications (gig_id, worker_id, employer_id, status, source, created_at, updated_at, completed_at)
       VALUES (${gig.id}, ${w.user.id}, ${emp.user.id}, 'completed', 'apply', NOW(3), NOW(3), NOW(3))`);
  const app = Number(one(`SELECT id FROM applications WHERE gig_id = ${gig.id} AND worker_id = ${w.user.id}`)[0]);
  const rate = async (who, body) => {
    const r = await call(url(), 'POST', `/api/v1/applications/${app}/ratings`, { token: who.access_token, body });
    assert.equal(r.status, 201, r.text);
    return r.json.rating;
  };
  const abusive = await rate(w, { stars: 1, tags: [], text: '老板说话难听，还骂人是废物，以后再也不来了' });
  await rate(emp, { stars: 5, tags: ['准时', '吃苦耐劳'], text: '干活认真，准时到岗' });

  const p = await clerkOn(t, '评价与诚信');
  const { page } = p;
  const ratings = page.locator('section', { has: page.getByRole('heading', { name: '评价管理' }) });
  const row = ratings.locator(`tr[data-id="${abusive.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /骂人是废物/);
  assert.equal(await row.locator('.stars').getAttribute('aria-label'), '1 星');
  assert.match(await row.textContent(), /已公开/, 'both sides rated: revealed');
  await shot(page, 'trust-ratings');
  await row.getByRole('button', { name: '隐藏' }).click();
  await inDialog(page, (d) => d.getByRole('button', { name: '含有侮辱、谩骂等不文明用语' }).click(), '确认隐藏');
  await page.locator('.page-status').getByText('已隐藏 ').waitFor();
  await row.getByText('已隐藏', { exact: true }).waitFor();
  assert.equal(await row.getByRole('button', { name: '隐藏' }).count(), 0);
  assert.deepEqual(one(`SELECT hidden, hidden_reason FROM ratings WHERE id = ${abusive.id}`), ['1', '含有侮辱、谩骂等不文明用语']);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'rating.hide%' AND object_id = '${abusive.id}'`), 1);

  // from the rating to the rated employer's 诚信档案
  await row.getByRole('link', { name: '被评价方诚信分' }).click();
  const credit = page.locator('section', { has: page.getByRole('heading', { name: '诚信档案' }) });
  await credit.getByRole('heading', { name: `用户 ${emp.user.id} 的诚信档案` }).waitFor();
  assert.match(page.url(), new RegExp(`#/trust\\?user=${emp.user.id}$`));
  const before = Number(await credit.locator('.score-value').textContent());
  assert.equal(before, Number(one(`SELECT COALESCE((SELECT score FROM credit_scores WHERE user_id = ${emp.user.id}), 100)`)[0]));
  await credit.getByRole('button', { name: '调整诚信分' }).click();
  const dlg = await inDialog(page, (d) => d.getByLabel('调整分值').fill('0'), '确认调整');
  await dlg.getByText('调整分值不能为 0。').waitFor();
  await dlg.getByLabel('调整分值').fill('-50');
  await dlg.getByLabel('调整原因').fill('经查实多次拖欠零工工资，扣减诚信分');
  await dlg.getByRole('button', { name: '确认调整' }).click();
  await page.locator('.page-status').getByText(`已调整用户 ${emp.user.id} 的诚信分，当前 ${before - 50} 分。`).waitFor();
  await credit.getByText('已限制', { exact: true }).waitFor();
  const entry = credit.locator('tbody tr').first();
  await entry.getByText('经查实多次拖欠零工工资，扣减诚信分').waitFor();
  assert.equal(await entry.locator('.delta-down').textContent(), '-50');
  await shot(page, 'trust-credit');
  assert.deepEqual(one(`SELECT reason, delta, actor_kind, note FROM credit_ledger WHERE user_id = ${emp.user.id} ORDER BY id DESC LIMIT 1`),
    ['admin_adjust', '-50', 'admin', '经查实多次拖欠零工工资，扣减诚信分']);
  assert.deepEqual(one(`SELECT score, restricted FROM credit_scores WHERE user_id = ${emp.user.id}`), [String(before - 50), '1']);

  await credit.getByRole('button', { name: '解除限制' }).click();
  await inDialog(page, (d) => d.getByLabel('复核意见').fill('雇主已结清欠薪并书面承诺整改'), '确认解除');
  await page.locator('.page-status').getByText(`已解除用户 ${emp.user.id} 的限制。`).waitFor();
  await credit.getByText(/解除限制：雇主已结清欠薪并书面承诺整改/).waitFor();
  assert.equal(await credit.getByRole('button', { name: '解除限制' }).count(), 0);
  assert.deepEqual(one(`SELECT restricted, lift_note FROM credit_scores WHERE user_id = ${emp.user.id}`), ['0', '雇主已结清欠薪并书面承诺整改']);
  // a user outside the county (or unknown) is not found
  p.expect(404, '/credit');
  await credit.getByLabel('用户编号').fill('999999999');
  await credit.getByRole('button', { name: '查询' }).click();
  await credit.getByText('没有找到编号为 999999999 的用户，或该用户不在本辖区。').waitFor();
  p.check();
});

test('敏感词: an admin without a region adds, finds, changes and deletes a word and tests a text; a county clerk reads it only', async (t) => {
  const word = `测试${uniqZh(4)}`;
  // the lexicon is shared by every test: whatever happens, the word does not stay behind
  t.after(() => {
    if (count(`SELECT COUNT(*) FROM sensitive_words WHERE word = '${word}'`)) {
      sql(`DELETE FROM sensitive_words WHERE word = '${word}'`);
      sql('UPDATE wordfilter_version SET version = version + 1');
    }
  });
  const p = await clerkOn(t, '敏感词', account({ displayName: '平台管理员' }));
  const { page } = p;
  const lexicon = page.locator('section', { has: page.getByRole('heading', { name: '词库' }) });
  await lexicon.locator('tbody tr').first().waitFor();
  await lexicon.getByRole('button', { name: '新增敏感词' }).click();
  await inDialog(page, async (d) => {
    await d.getByLabel('词语', { exact: true }).fill(word);
    await d.getByLabel('类别').selectOption({ label: '押金/收费' });
    await d.getByLabel('人工审核').check();
    await d.getByLabel('备注').fill('端到端测试添加');
    await shot(page, 'words-dialog');
  }, '保存');
  await page.locator('.page-status').getByText(`已添加「${word}」。`).waitFor();
  assert.deepEqual(one(`SELECT category, action, is_allow, enabled, note FROM sensitive_words WHERE word = '${word}'`),
    ['deposit_fee', 'review', '0', '1', '端到端测试添加']);
  const id = Number(one(`SELECT id FROM sensitive_words WHERE word = '${word}'`)[0]);
  await lexicon.getByLabel('词语').fill(word.slice(0, 4));
  await lexicon.getByRole('button', { name: '查询' }).click();
  const row = lexicon.locator(`tr[data-id="${id}"]`);
  await row.waitFor();
  assert.equal(await lexicon.locator('tbody tr').count(), 1);
  await row.getByRole('button', { name: '修改' }).click();
  await inDialog(page, (d) => d.getByLabel('拦截').check(), '保存');
  await page.locator('.page-status').getByText(`已保存「${word}」的修改。`).waitFor();
  await row.getByText('拦截').waitFor();
  assert.deepEqual(one(`SELECT action, note FROM sensitive_words WHERE id = ${id}`), ['block', '端到端测试添加']);
  // the tester sees it at once, through noise between the letters
  const tester = page.locator('section', { has: page.getByRole('heading', { name: '检测工具' }) });
  await tester.getByLabel('检测文本').fill(`招聘保洁，${word.slice(0, 3)}*${word.slice(3)}另计`);
  await tester.getByRole('button', { name: '检测' }).click();
  await tester.getByText('拦截：不允许提交').waitFor();
  assert.ok(await tester.getByText(`「${word}」`).isVisible());
  await shot(page, 'words');
  await row.getByRole('button', { name: '删除' }).click();
  await inDialog(page, null, '确认删除');
  await page.locator('.page-status').getByText(`已删除「${word}」。`).waitFor();
  await row.waitFor({ state: 'detached' });
  assert.equal(count(`SELECT COUNT(*) FROM sensitive_words WHERE id = ${id}`), 0);
  assert.equal(count(`SELECT COUNT(*) FROM audit_log WHERE object_type = 'sensitive_word' AND object_id = '${id}'`), 3);
  p.check();

  // the county clerk: read-only, but the tester and the export work
  const c = await clerkOn(t, '敏感词');
  await c.page.getByText('敏感词库由全平台共用，只有不限区域的管理员可以修改。').waitFor();
  const theirs = c.page.locator('section', { has: c.page.getByRole('heading', { name: '词库' }) });
  await theirs.locator('tbody tr').first().waitFor();
  assert.equal(await c.page.getByRole('button', { name: '新增敏感词' }).count(), 0);
  assert.equal(await theirs.getByRole('button', { name: '修改' }).count(), 0);
  const [download] = await Promise.all([
    c.page.waitForEvent('download'),
    theirs.getByRole('button', { name: '导出 CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), '敏感词库.csv');
  const csv = require('node:fs').readFileSync(await download.path()).toString('utf8');
  assert.ok(csv.startsWith('\ufeffword,category,action,allow,note,enabled\r\n'), csv.slice(0, 60));
  c.check();
});
