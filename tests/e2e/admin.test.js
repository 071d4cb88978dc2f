// Browser tests of the admin console (server/admin/): sign-in, the shell, the session's life, the
// read-only reference pages and what each role sees. The work pages have theirs in admin-work.test.js;
// tests/e2e/console.js starts the server and Chromium and fails a page on console errors or CSP violations.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { call, sql } = require('../api/lib');
const harness = require('./console');

const ctx = harness.useConsole();
const { account, shot, navEntries } = harness;
const openPage = (t) => harness.openPage(ctx, t);
const signIn = (page, username, password) => harness.signIn(ctx, page, username, password);

test('GET /admin/ serves the console with the CSP and no inline script or style', async () => {
  const r = await call(ctx.srv.url, 'GET', '/admin/');
  assert.equal(r.status, 200);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  // complaint photos are fetched with the token and shown through blob: URLs; no other image source
  assert.match(csp, /img-src 'self' data: blob:;/);
  assert.doesNotMatch(r.text, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline <script>');
  assert.doesNotMatch(r.text, /\sstyle=|<style|\son[a-z]+=/i, 'inline style or handler');
});

test('login with a wrong password shows the API error text and stays on the login page', async (t) => {
  const p = await openPage(t);
  const username = account();
  await p.page.goto(`${ctx.srv.url}/admin/`);
  await p.page.locator('#username').waitFor();
  assert.equal(await p.page.title(), '登录 - 零工市场管理平台');
  await shot(p.page, 'login');
  p.expect(401, '/api/v1/admin/auth/login');
  await signIn(p.page, username, 'not-the-password');
  const alert = p.page.locator('#login-message [role=alert]');
  await alert.waitFor();
  assert.equal((await alert.textContent()).trim(), '用户名或密码错误');
  assert.equal(await p.page.locator('#password').getAttribute('aria-invalid'), 'true');
  assert.equal(await p.page.locator('#password').inputValue(), '');
  assert.ok(await p.page.locator('#view-shell').isHidden());
  await shot(p.page, 'login-error');
  p.check();
});

test('login with empty fields is refused in the page without calling the API', async (t) => {
  const p = await openPage(t);
  let calls = 0;
  p.page.on('request', (req) => { if (req.url().includes('/auth/login')) calls++; });
  await p.page.goto(`${ctx.srv.url}/admin/`);
  await p.page.getByRole('button', { name: '登 录' }).click();
  await p.page.locator('#login-message').getByText('请输入用户名。').waitFor();
  await p.page.locator('#username').fill('someone');
  await p.page.getByRole('button', { name: '登 录' }).click();
  await p.page.locator('#login-message').getByText('请输入密码。').waitFor();
  assert.equal(calls, 0);
  p.check();
});

test('a locked account sees the lockout message with the minutes remaining', async (t) => {
  const p = await openPage(t);
  const username = account();
  for (let i = 0; i < 5; i++) {
    const r = await call(ctx.srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: 'wrong' } });
    assert.equal(r.status, 401, r.text);
  }
  p.expect(429, '/api/v1/admin/auth/login');
  await signIn(p.page, username);
  const alert = p.page.locator('#login-message [role=alert]');
  await alert.waitFor();
  const text = await alert.textContent();
  assert.match(text, /锁定/);
  assert.match(text, /约 1[45] 分钟后再试/);
  await shot(p.page, 'login-locked');
  p.check();
});

test('correct login shows the shell with display name, role and scope; 概览 shows readiness', async (t) => {
  const p = await openPage(t);
  const username = account({ displayName: '张晓燕' });
  await signIn(p.page, username);
  await p.page.locator('#view-shell').waitFor();
  assert.equal(await p.page.locator('#user-name').textContent(), '张晓燕');
  assert.equal(await p.page.locator('#user-role').textContent(), '管理员');
  assert.equal(await p.page.locator('#user-region').textContent(), '全部辖区');
  assert.match(p.page.url(), /#\/overview$/);
  await p.page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
  const status = p.page.locator('section', { has: p.page.getByRole('heading', { name: '系统状态' }) });
  await status.getByText('可以正常办理业务').waitFor();
  assert.equal(await status.locator('dd').nth(1).textContent(), '正常');
  const acct = p.page.locator('section', { has: p.page.getByRole('heading', { name: '当前账号' }) });
  await acct.getByText('全部辖区（不限地区）').waitFor();
  assert.ok(await acct.getByText(username, { exact: true }).isVisible());

  const nav = await navEntries(p.page);
  const enabled = nav.filter(([, on]) => on).map(([l]) => l);
  const soon = nav.filter(([, on]) => !on).map(([l]) => l);
  assert.deepEqual(enabled, ['概览', '岗位审核', '雇主认证', '诉求处理', '薪酬结算', '评价与诚信', '行政区划', '工种目录', '敏感词']);
  for (const l of ['零工人员', '驿站信息', '代登记', '统计报表']) {
    assert.ok(soon.includes(l), `${l} should be listed as 即将上线`);
  }
  assert.ok(!soon.includes('审计日志') && !enabled.includes('审计日志'), '三员分立: the admin does not read the audit log');
  assert.equal(await p.page.locator('#nav .nav-disabled .nav-soon').count(), soon.length);
  assert.ok((await p.page.locator('#nav .nav-disabled').allTextContents()).every((s) => s.includes('即将上线')));
  assert.equal(await p.page.locator('#nav a.nav-item[aria-current=page]').textContent(), '概览');
  const stored = await p.page.evaluate(() => [Object.keys(sessionStorage), Object.keys(localStorage)]);
  assert.deepEqual(stored, [['linggong.admin.session'], []], 'tokens belong in sessionStorage only');
  await shot(p.page, 'overview');
  p.check();
});

test('行政区划 expands 广西壮族自治区 → 柳州市 → 鹿寨县 and lists its towns', async (t) => {
  const p = await openPage(t);
  await signIn(p.page, account());
  await p.page.locator('#view-shell').waitFor();
  await p.page.getByRole('link', { name: '行政区划' }).click();
  await p.page.getByRole('heading', { level: 1, name: '行政区划' }).waitFor();
  assert.match(p.page.url(), /#\/regions$/);
  await p.page.getByRole('button', { name: '展开 广西壮族自治区' }).click();
  await p.page.getByRole('button', { name: '展开 柳州市' }).click();
  await p.page.getByRole('button', { name: '展开 鹿寨县' }).click();
  const county = p.page.locator('li[data-code="450223"]');
  assert.equal(await county.getAttribute('aria-expanded'), 'true');
  const towns = county.locator(':scope > ul > li .node-name');
  await towns.first().waitFor();
  assert.deepEqual((await towns.allTextContents()).sort(),
    ['中渡镇', '四排镇', '寨沙镇', '平山镇', '鹿寨镇', '黄冕镇'].sort());
  await county.locator(':scope > .node-row .node-name').click();
  const detail = p.page.locator('section', { has: p.page.getByRole('heading', { name: '区划详情' }) });
  await detail.getByRole('heading', { name: '鹿寨县' }).waitFor();
  assert.ok(await detail.getByText('450223', { exact: true }).isVisible());
  assert.ok(await detail.getByText('柳州市', { exact: true }).isVisible());
  await shot(p.page, 'regions');
  // Collapsing hides the towns again without reloading them.
  await p.page.getByRole('button', { name: '收起 鹿寨县' }).click();
  assert.ok(await county.locator(':scope > ul').isHidden());
  p.check();
});

test('a county admin sees their county in the header and the tree opened down to it', async (t) => {
  const p = await openPage(t);
  await signIn(p.page, account({ region: '450223' }));
  await p.page.locator('#view-shell').waitFor();
  await p.page.locator('#user-region').getByText('鹿寨县').waitFor();
  assert.equal(await p.page.locator('#user-region').getAttribute('title'), '广西壮族自治区 / 柳州市 / 鹿寨县');
  await p.page.getByRole('link', { name: '行政区划' }).click();
  const own = p.page.locator('li[data-code="450223"]');
  await own.locator('.badge-own').waitFor();
  assert.equal(await own.getAttribute('aria-selected'), 'true');
  await p.page.locator('section', { has: p.page.getByRole('heading', { name: '区划详情' }) })
    .getByText('这是您的管辖区域。').waitFor();
  await shot(p.page, 'regions-county');
  p.check();
});

test('工种目录 shows 建筑装修 → 水电工, and the filter finds it', async (t) => {
  const p = await openPage(t);
  await signIn(p.page, account());
  await p.page.locator('#view-shell').waitFor();
  await p.page.getByRole('link', { name: '工种目录' }).click();
  await p.page.getByRole('heading', { level: 1, name: '工种目录' }).waitFor();
  const group = p.page.locator('li.jt-group[data-name="建筑装修"]');
  await group.waitFor();
  assert.ok(await group.getByText('水电工').isHidden());
  await p.page.getByRole('button', { name: '展开 建筑装修' }).click();
  await group.getByText('水电工', { exact: true }).waitFor({ state: 'visible' });
  assert.ok(await group.getByText('泥瓦工', { exact: true }).isVisible());
  await p.page.locator('.card-head').getByText(/共 16 个大类，\d+ 个工种/).waitFor();
  await shot(p.page, 'job-types');
  await p.page.getByRole('button', { name: '收起 建筑装修' }).click();
  await p.page.getByRole('searchbox', { name: '筛选工种' }).fill('水电');
  await group.getByText('水电工', { exact: true }).waitFor({ state: 'visible' });
  assert.deepEqual(await p.page.locator('li.jt-group:visible').evaluateAll((els) => els.map((e) => e.dataset.name)),
    ['建筑装修', '维修安装']);
  assert.deepEqual(await p.page.locator('li.jt-hit').allTextContents(), ['水电工#301', '水电维修#805']);
  await shot(p.page, 'job-types-filter');
  p.check();
});

test('an auditor sees only 审计日志 in the navigation and cannot open other pages', async (t) => {
  const p = await openPage(t);
  await signIn(p.page, account({ role: 'auditor', displayName: '审计员甲' }));
  await p.page.locator('#view-shell').waitFor();
  assert.equal(await p.page.locator('#user-role').textContent(), '审计员');
  assert.deepEqual(await navEntries(p.page), [['审计日志', false]]);
  await p.page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
  await p.page.evaluate(() => { location.hash = '#/regions'; });
  await p.page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
  assert.equal(await p.page.locator('.tree').count(), 0);
  await shot(p.page, 'auditor');
  p.check();
});

test('a reviewer sees only the review pages and station staff only 驿站信息 and 代登记', async (t) => {
  const p = await openPage(t);
  await signIn(p.page, account({ role: 'reviewer' }));
  await p.page.locator('#view-shell').waitFor();
  assert.equal(await p.page.locator('#user-role').textContent(), '审核员');
  assert.deepEqual(await navEntries(p.page), [['岗位审核', true], ['雇主认证', true], ['评价与诚信', true]]);
  await p.page.getByRole('heading', { level: 1, name: '岗位审核' }).waitFor();
  // ratings yes, 诚信分 no (the credit routes are role admin only)
  await p.page.locator('#nav').getByRole('link', { name: '评价与诚信' }).click();
  await p.page.getByRole('heading', { level: 2, name: '评价管理' }).waitFor();
  assert.equal(await p.page.getByRole('button', { name: '诚信档案' }).count(), 0);
  await p.page.evaluate(() => { location.hash = '#/trust?user=1'; });
  await p.page.getByRole('heading', { level: 2, name: '评价管理' }).waitFor();
  assert.equal(await p.page.getByRole('heading', { name: '诚信档案' }).count(), 0);
  await p.page.getByRole('button', { name: '退出登录' }).click();
  await p.page.locator('#view-login').waitFor();
  await signIn(p.page, account({ role: 'station', region: '450223' }));
  await p.page.locator('#view-shell').waitFor();
  assert.equal(await p.page.locator('#user-role').textContent(), '驿站工作人员');
  assert.deepEqual(await navEntries(p.page), [['驿站信息', false], ['代登记', false]]);
  p.check();
});

test('logout returns to the login page and the old token is refused by the API', async (t) => {
  const p = await openPage(t);
  await signIn(p.page, account());
  await p.page.locator('#view-shell').waitFor();
  const token = await p.page.evaluate(() => JSON.parse(sessionStorage.getItem('linggong.admin.session')).access_token);
  const before = await call(ctx.srv.url, 'GET', '/api/v1/admin/me', { token });
  assert.equal(before.status, 200, before.text);
  await p.page.getByRole('button', { name: '退出登录' }).click();
  await p.page.locator('#view-login').waitFor();
  await p.page.locator('#login-message').getByText('您已安全退出登录。').waitFor();
  assert.ok(await p.page.locator('#view-shell').isHidden());
  assert.equal(await p.page.evaluate(() => sessionStorage.length), 0);
  const afterLogout = await call(ctx.srv.url, 'GET', '/api/v1/admin/me', { token });
  assert.equal(afterLogout.status, 401, afterLogout.text);
  assert.equal(afterLogout.json.error.code, 'token_invalid');
  // A reload stays signed out.
  await p.page.reload();
  await p.page.locator('#view-login').waitFor();
  p.check();
});

test('a reload keeps the session; a 401 token_expired is answered by one refresh and one retry', async (t) => {
  const p = await openPage(t);
  await signIn(p.page, account({ displayName: '李建国' }));
  await p.page.locator('#view-shell').waitFor();
  const read = () => p.page.evaluate(() => JSON.parse(sessionStorage.getItem('linggong.admin.session')));
  const first = await read();
  let meCalls = 0;
  await p.page.route('**/api/v1/admin/me', (route) => {
    meCalls++;
    if (meCalls === 1) {
      return route.fulfill({
        status: 401, contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ error: { code: 'token_expired', message: '登录已过期，请重新登录' } }),
      });
    }
    return route.continue();
  });
  p.expect(401, '/api/v1/admin/me');
  await p.page.reload();
  await p.page.locator('#view-shell').waitFor();
  await p.page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
  assert.equal(await p.page.locator('#user-name').textContent(), '李建国');
  await p.page.waitForFunction((old) => {
    const s = JSON.parse(sessionStorage.getItem('linggong.admin.session') || 'null');
    return s && s.refresh_token !== old;
  }, first.refresh_token);
  assert.equal(meCalls, 2, 'one refused call, one retry');
  const second = await read();
  assert.notEqual(second.access_token, first.access_token);
  // Rotation: the first refresh token is spent.
  const reuse = await call(ctx.srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
  assert.equal(reuse.status, 401, reuse.text);
  p.check();
});

test('a disabled account is sent back to login and cannot sign in again', async (t) => {
  const p = await openPage(t);
  const username = account();
  await signIn(p.page, username);
  await p.page.locator('#view-shell').waitFor();
  sql(`UPDATE admin_users SET status = 'disabled' WHERE username = '${username}'`);
  p.expect(403, '/api/v1/admin/me');
  await p.page.reload();
  await p.page.locator('#view-login').waitFor();
  await p.page.locator('#login-message').getByText('账号已停用，请联系就业服务中心').waitFor();
  assert.equal(await p.page.evaluate(() => sessionStorage.length), 0);
  p.expect(403, '/api/v1/admin/auth/login');
  await signIn(p.page, username);
  await p.page.locator('#login-message [role=alert]').getByText('账号已停用，请联系就业服务中心').waitFor();
  p.check();
});

test('the access token is renewed before expires_in runs out, without any user action', async (t) => {
  const p = await openPage(t);
  await p.page.clock.install();
  await signIn(p.page, account());
  await p.page.locator('#view-shell').waitFor();
  const read = () => p.page.evaluate(() => JSON.parse(sessionStorage.getItem('linggong.admin.session')));
  const first = await read();
  const ttl = Math.round((first.expires_at - Date.now()) / 1000);
  assert.ok(ttl > 60 && ttl <= 900, `expires_at ${ttl}s ahead`);
  await p.page.clock.fastForward((ttl - 10) * 1000);
  let now = first;
  for (let i = 0; i < 100 && now.refresh_token === first.refresh_token; i++) {
    await new Promise((r) => setTimeout(r, 100));
    now = await read();
  }
  assert.notEqual(now.refresh_token, first.refresh_token, 'no refresh happened before expiry');
  const me = await call(ctx.srv.url, 'GET', '/api/v1/admin/me', { token: now.access_token });
  assert.equal(me.status, 200, me.text);
  p.check();
});

test('when the refresh is refused the console goes back to login with a message', async (t) => {
  const p = await openPage(t);
  await signIn(p.page, account());
  await p.page.locator('#view-shell').waitFor();
  const s = await p.page.evaluate(() => JSON.parse(sessionStorage.getItem('linggong.admin.session')));
  // Revoke everything on the server behind the page's back, then make the page's token look expired.
  const out = await call(ctx.srv.url, 'POST', '/api/v1/auth/logout', { token: s.access_token });
  assert.equal(out.status, 200, out.text);
  await p.page.route('**/api/v1/admin/me', (route) => route.fulfill({
    status: 401, contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: { code: 'token_expired', message: '登录已过期，请重新登录' } }),
  }));
  p.expect(401, '/api/v1/admin/me');
  p.expect(401, '/api/v1/auth/refresh');
  await p.page.reload();
  await p.page.locator('#view-login').waitFor();
  await p.page.locator('#login-message').getByText('登录已过期，请重新登录。').waitFor();
  assert.equal(await p.page.evaluate(() => sessionStorage.length), 0);
  p.check();
});
