// The admin console's entry point: sign-in, the shell (header, role-dependent navigation, content area)
// and hash routing (#/<page>[?key=value…], e.g. #/trust?user=12). Pages live in pages/*.js and render into
// the content area with ctx = {admin, title, params}; every request goes through services/*.js (one
// function per endpoint) on top of api.js, which holds the session.

import * as api from './api.js';
import * as auth from './services/auth.js';
import { h, fill, notice, releaseObjectUrls } from './dom.js';
import { regionLabel } from './region.js';
import { navFor, roleName } from './roles.js';
import * as overview from './pages/overview.js';
import * as regionsPage from './pages/regions.js';
import * as jobTypesPage from './pages/job-types.js';
import * as reviewPage from './pages/review.js';
import * as employersPage from './pages/employers.js';
import * as complaintsPage from './pages/complaints.js';
import * as settlementsPage from './pages/settlements.js';
import * as trustPage from './pages/trust.js';
import * as wordsPage from './pages/words.js';

const PAGES = {
  overview: overview.render,
  regions: regionsPage.render,
  'job-types': jobTypesPage.render,
  review: reviewPage.render,
  employers: employersPage.render,
  complaints: complaintsPage.render,
  settlements: settlementsPage.render,
  trust: trustPage.render,
  words: wordsPage.render,
};
const APP_TITLE = '零工市场管理平台';

const $ = (id) => document.getElementById(id);
const views = { login: $('view-login'), shell: $('view-shell') };
const form = $('login-form');
const loginMsg = $('login-message');
const submit = $('login-submit');

let admin = null;

function showLogin(message, kind = 'warn') {
  admin = null;
  views.shell.hidden = true;
  views.login.hidden = false;
  fill($('nav'));
  fill($('content'));
  document.title = `登录 - ${APP_TITLE}`;
  fill(loginMsg, message ? notice(kind, message) : null);
  form.password.value = '';
  submit.disabled = false;
  submit.textContent = '登 录';
  if (location.hash) history.replaceState(null, '', location.pathname);
  (form.username.value ? form.password : form.username).focus();
}

function fieldError(input, text) {
  input.setAttribute('aria-invalid', 'true');
  fill(loginMsg, notice('error', text));
  input.focus();
}

async function onLogin(ev) {
  ev.preventDefault();
  for (const el of [form.username, form.password]) el.removeAttribute('aria-invalid');
  const username = form.username.value.trim();
  const password = form.password.value;
  if (!username) return fieldError(form.username, '请输入用户名。');
  if (!password) return fieldError(form.password, '请输入密码。');
  submit.disabled = true;
  submit.textContent = '正在登录…';
  fill(loginMsg);
  try {
    const who = await auth.login(username, password);
    form.password.value = '';
    await enter(who);
  } catch (err) {
    submit.disabled = false;
    submit.textContent = '登 录';
    const input = err.field === 'username' ? form.username : form.password;
    if (err.code === 'invalid_credentials' || err.field) {
      form.password.value = '';
      fieldError(input, err.message);
    } else {
      fill(loginMsg, notice('error', err.message || '登录失败，请稍后再试。'));
    }
  }
}

function navEntry(item) {
  if (!item.page) {
    return h('li', {},
      h('span', { class: 'nav-item nav-disabled', 'aria-disabled': 'true', title: '该功能正在建设中' },
        h('span', { class: 'nav-label' }, item.label), h('span', { class: 'nav-soon' }, '即将上线')));
  }
  return h('li', {},
    h('a', { class: 'nav-item', href: `#/${item.page}`, dataset: { page: item.page } },
      h('span', { class: 'nav-label' }, item.label)));
}

function buildShell() {
  fill($('user-name'), admin.display_name || admin.username || '');
  fill($('user-role'), roleName(admin.role));
  const region = $('user-region');
  fill(region, admin.region ? admin.region : '全部辖区');
  regionLabel(admin.region).then((l) => {
    fill(region, l.short);
    region.title = l.full;
  });
  fill($('nav'), navFor(admin.role).map((g) =>
    h('div', { class: 'nav-group' },
      h('div', { class: 'nav-group-title' }, g.group),
      h('ul', { class: 'nav-list' }, g.items.map(navEntry)))));
  views.login.hidden = true;
  views.shell.hidden = false;
}

function pagesOfRole() {
  return navFor(admin.role).flatMap((g) => g.items).filter((i) => i.page);
}

function route() {
  if (!admin) return;
  const allowed = pagesOfRole();
  const [want, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  let item = allowed.find((i) => i.page === want);
  if (!item && allowed.length) {
    item = allowed[0];
    history.replaceState(null, '', `#/${item.page}`);
  }
  for (const a of document.querySelectorAll('#nav a.nav-item')) {
    if (item && a.dataset.page === item.page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  releaseObjectUrls();
  const root = h('div', { class: 'page' });
  fill($('content'), root);
  const params = item && item.page === want ? new URLSearchParams(query) : new URLSearchParams();
  const ctx = { admin, title: item ? item.label : '工作台', params };
  if (item) PAGES[item.page](root, ctx);
  else overview.renderWelcome(root, ctx);
  document.title = `${ctx.title} - ${APP_TITLE}`;
  const h1 = root.querySelector('h1');
  if (h1 && document.activeElement && document.activeElement !== document.body) h1.focus();
}

async function enter(who) {
  admin = { ...who };
  buildShell();
  route();
}

async function logout() {
  $('logout').disabled = true;
  await auth.logout();
  $('logout').disabled = false;
  showLogin('您已安全退出登录。', 'info');
}

function start() {
  form.addEventListener('submit', onLogin);
  $('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  api.onEnd((reason) => showLogin(reason || '登录已失效，请重新登录。'));
  if (!api.resume()) {
    showLogin();
    return;
  }
  // A session restored after a reload: ask the server who we are (role and region may have changed).
  views.login.hidden = true;
  auth.me().then(enter).catch((err) => {
    if (api.currentAdmin()) {
      // Not an auth failure (network, 5xx): keep the session and show what we know.
      enter(api.currentAdmin()).then(() => {
        $('content').prepend(notice('error', `无法核实登录状态：${err.message}`));
      });
    } else {
      showLogin(err.message);
    }
  });
}

start();
