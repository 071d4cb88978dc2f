// Roles and the navigation they see (三员分立: the auditor reads only the audit log, the reviewer only the
// moderation queue, station staff only their station work; the admin everything else but the audit log,
// which records the admin's own actions). This table is the one place that decides which entry a role
// sees; the server still checks every request on its own.

export const ROLE_NAMES = {
  admin: '管理员',
  reviewer: '审核员',
  station: '驿站工作人员',
  auditor: '审计员',
};

export const ROLE_DUTIES = {
  admin: '管理本辖区的岗位审核、雇主认证、诉求处理、薪酬结算、评价与诚信分，以及敏感词与基础数据。',
  reviewer: '审核待发布的岗位、雇主认证申请和用户评价，不能管理账号和基础数据。',
  station: '维护本驿站信息，为到站求职的零工人员代为登记。',
  auditor: '只读查阅审计日志，核查各类账号的操作记录，不能进行任何业务操作。',
};

// page: the id of a working page (see app.js); entries without one are shown disabled as 即将上线.
export const NAV = [
  { group: '工作台', items: [{ id: 'overview', label: '概览', roles: ['admin'], page: 'overview' }] },
  {
    group: '业务管理',
    items: [
      { id: 'review', label: '岗位审核', roles: ['admin', 'reviewer'], page: 'review' },
      { id: 'employers', label: '雇主认证', roles: ['admin', 'reviewer'], page: 'employers' },
      { id: 'complaints', label: '诉求处理', roles: ['admin'], page: 'complaints' },
      { id: 'settlements', label: '薪酬结算', roles: ['admin'], page: 'settlements' },
      { id: 'trust', label: '评价与诚信', roles: ['admin', 'reviewer'], page: 'trust' },
      { id: 'workers', label: '零工人员', roles: ['admin'] },
      { id: 'station', label: '驿站信息', roles: ['admin', 'station'] },
      { id: 'proxy', label: '代登记', roles: ['admin', 'station'] },
    ],
  },
  {
    group: '基础数据',
    items: [
      { id: 'regions', label: '行政区划', roles: ['admin'], page: 'regions' },
      { id: 'job-types', label: '工种目录', roles: ['admin'], page: 'job-types' },
      { id: 'words', label: '敏感词', roles: ['admin'], page: 'words' },
    ],
  },
  {
    group: '统计与审计',
    items: [
      { id: 'stats', label: '统计报表', roles: ['admin'] },
      { id: 'audit', label: '审计日志', roles: ['auditor'] },
    ],
  },
];

// The navigation groups of one role, empty groups left out.
export function navFor(role) {
  return NAV.map((g) => ({ group: g.group, items: g.items.filter((i) => i.roles.includes(role)) }))
    .filter((g) => g.items.length > 0);
}

export function roleName(role) {
  return ROLE_NAMES[role] || role || '未知角色';
}
