// 概览: the service's readiness (GET /readyz) and the signed-in admin's account and scope. Also the
// 工作台 page of roles whose own pages are not built yet. Shows only what the API answers: no figures.

import { readiness } from '../services/health.js';
import { h, fill, notice, shanghaiTime } from '../dom.js';
import { regionLabel } from '../region.js';
import { ROLE_DUTIES, navFor, roleName } from '../roles.js';

function row(label, value, cls) {
  return [h('dt', {}, label), h('dd', { class: cls }, value)];
}

function statusBadge(ok, okText, badText) {
  return h('span', { class: ok ? 'badge badge-ok' : 'badge badge-bad' }, ok ? okText : badText);
}

function statusCard() {
  const body = h('div', { class: 'card-body' });
  const button = h('button', { type: 'button', class: 'btn btn-small' }, '重新检查');
  async function check() {
    button.disabled = true;
    fill(body, h('p', { class: 'muted' }, '正在检查…'));
    try {
      const r = await readiness();
      const db = r.checks.database;
      fill(body,
        h('dl', { class: 'facts' },
          row('服务', statusBadge(true, '运行中', '')),
          row('数据库', statusBadge(db === 'ok', '正常', '不可用')),
          row('整体状态', statusBadge(r.status === 'ready', '可以正常办理业务', '服务暂不可用')),
          row('检查时间', shanghaiTime(new Date()))),
        r.status === 'ready' ? null
          : notice('error', '数据库暂时无法访问，业务功能可能无法使用。请联系系统运维人员。'));
    } catch (err) {
      fill(body, notice('error', err.message));
    } finally {
      button.disabled = false;
    }
  }
  button.addEventListener('click', check);
  check();
  return h('section', { class: 'card', 'aria-labelledby': 'card-status' },
    h('header', { class: 'card-head' }, h('h2', { id: 'card-status' }, '系统状态'), button),
    body);
}

// The account and scope of the signed-in admin.
export function accountCard(admin) {
  const scope = h('dd', {}, '正在查询…');
  const code = admin.region || '—';
  regionLabel(admin.region).then((l) => fill(scope, l.full));
  return h('section', { class: 'card', 'aria-labelledby': 'card-account' },
    h('header', { class: 'card-head' }, h('h2', { id: 'card-account' }, '当前账号')),
    h('div', { class: 'card-body' },
      h('dl', { class: 'facts' },
        row('姓名', admin.display_name || admin.username || '—'),
        row('用户名', admin.username || '—'),
        row('角色', roleName(admin.role)),
        h('dt', {}, '管辖范围'), scope,
        row('区划代码', code, 'mono')),
      h('p', { class: 'muted' }, admin.region
        ? '本账号的权限限于上述辖区及其下级区划。'
        : '本账号的权限不限地区，覆盖本平台的全部辖区。')));
}

function dutiesCard(admin) {
  const items = navFor(admin.role).flatMap((g) => g.items);
  return h('section', { class: 'card', 'aria-labelledby': 'card-duties' },
    h('header', { class: 'card-head' }, h('h2', { id: 'card-duties' }, '岗位职责与权限')),
    h('div', { class: 'card-body' },
      h('p', {}, ROLE_DUTIES[admin.role] || ''),
      h('ul', { class: 'feature-list' },
        items.map((i) => h('li', {},
          h('span', {}, i.label),
          i.page ? h('span', { class: 'badge badge-ok' }, '可用') : h('span', { class: 'badge badge-soon' }, '即将上线')))),
      h('p', { class: 'muted' }, '本平台实行系统管理、业务审核、安全审计三类角色分离，所有登录和操作均记入审计日志。')));
}

export function render(root, { admin, title }) {
  fill(root,
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, title),
      h('p', { class: 'muted' }, '系统运行状况与本账号的管辖范围。')),
    h('div', { class: 'grid' }, statusCard(), accountCard(admin), dutiesCard(admin)));
}

// 工作台 of a role none of whose pages exist yet.
export function renderWelcome(root, { admin }) {
  fill(root,
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, '工作台'),
      h('p', { class: 'muted' }, `欢迎，${admin.display_name || admin.username || ''}。`)),
    notice('info', '您的角色可用的功能正在建设中，上线后将出现在左侧菜单中。'),
    h('div', { class: 'grid' }, accountCard(admin), dutiesCard(admin)));
}
