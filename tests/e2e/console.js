// What the browser tests of the admin console share: one linggongd (through tests/api/lib.js) and one
// headless Debian Chromium (/usr/bin/chromium, never a downloaded browser) per test file, admin accounts
// made for the run, pages that fail their test on a console error, an uncaught exception or a CSP
// violation (except the failed-resource lines of API errors a test provokes on purpose), sign-in, and
// screenshots into tests/e2e/screenshots/ (git-ignored). Needs the environment deploy/test.sh exports.
'use strict';
const { before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { chromium } = require('playwright-core');
const { startServer, createAdmin, sql, uniq } = require('../api/lib');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(__dirname, 'screenshots');
const PASSWORD = `E2e-${crypto.randomBytes(6).toString('hex')}`;
const VIEWPORT = { width: 1366, height: 768 };
const TIMEOUT = 15000;

// Registers before/after hooks that start the server (env: extra settings, or a function called before the
// server starts that returns them, e.g. to start the WeChat double first) and the browser. Returns an
// object whose srv and browser are set once the hooks ran.
function useConsole(env = {}) {
  const ctx = { srv: null, browser: null };
  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const extra = typeof env === 'function' ? await env() : env;
    // Many sign-ins from one address in a few seconds: lift the per-IP login limit for this server only.
    ctx.srv = await startServer({ RATE_LOGIN_PER_MIN: '10000', ...extra });
    ctx.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    if (ctx.browser) await ctx.browser.close();
    if (ctx.srv) await ctx.srv.stop();
  });
  return ctx;
}

// An admin account for one test; display_name set when given.
function account({ role = 'admin', region = null, displayName = null } = {}) {
  const username = createAdmin({ username: uniq('e2e'), password: PASSWORD, role, region });
  if (displayName) sql(`UPDATE admin_users SET display_name = '${displayName}' WHERE username = '${username}'`);
  return username;
}

// A fresh browser context and page that records console errors, page errors and CSP violations.
// expect(status, urlPart) declares an API error the test provokes; check() asserts nothing else happened.
async function openPage(ctx, t) {
  const context = await ctx.browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(TIMEOUT);
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  const expected = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && !/Content Security Policy/i.test(msg.text())) return;
    const url = (msg.location() && msg.location().url) || '';
    const hit = expected.find((x) => !x.seen && msg.text().includes(`status of ${x.status}`) && url.includes(x.urlPart));
    if (hit) hit.seen = true;
    else problems.push(`console.${msg.type()}: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('response', (res) => {
    const u = new URL(res.url());
    if (u.pathname.startsWith('/admin/') && res.status() !== 200) problems.push(`${res.status()} for ${u.pathname}`);
  });
  return {
    page,
    expect(status, urlPart) { expected.push({ status, urlPart, seen: false }); },
    check() { assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`); },
  };
}

// Saves a screenshot, after checking that no value leaked onto the screen as "null", "undefined", "NaN" or
// "[object Object]" (what a missing field or a wrong append shows).
async function shot(page, name) {
  const text = await page.evaluate(() => document.body.innerText);
  const junk = /(^|[^A-Za-z])(null|undefined|NaN)(?![A-Za-z])|\[object /.exec(text);
  assert.equal(junk, null, `the screen of ${name} shows ${junk && junk[0]}:\n${text}`);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function signIn(ctx, page, username, password = PASSWORD) {
  await page.goto(`${ctx.srv.url}/admin/`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: '登 录' }).click();
}

// Texts of the navigation entries, as [label, enabled] pairs.
async function navEntries(page) {
  return page.locator('#nav .nav-item').evaluateAll((els) => els.map((e) => [
    e.querySelector('.nav-label').textContent, e.tagName === 'A',
  ]));
}

module.exports = { useConsole, account, openPage, shot, signIn, navEntries, PASSWORD };
