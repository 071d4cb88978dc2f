// zh-CN names of the API's enumerations, as the server's own messages and exports name them (gig states as
// api/gig.c, word categories as api/moderation.c, settlement states and pay methods as api/settlement.c),
// so the console and the server never call one thing by two names. Data, and labelOf: a state shown to the
// clerk is the label the reply carries beside it (status_label); these tables serve filters and replies
// without one.

// The zh-CN name of obj[field] (status, verification, a history entry's from/to): the server's
// obj.<field>_label when it sent one, else table's name, else the raw value ('' when there is none).
export function labelOf(obj, field, table) {
  if (!obj) return '';
  const own = obj[`${field}_label`];
  if (typeof own === 'string' && own) return own;
  const v = obj[field];
  if (v === undefined || v === null || v === '') return '';
  return (table && table[v]) || String(v);
}

export const GIG_STATES = {
  draft: '草稿',
  pending_review: '待审核',
  published: '已发布',
  closed: '已关闭',
  expired: '已过期',
  cancelled: '已取消',
  rejected: '未通过审核',
};

export const VERIFICATION = {
  unverified: '未提交认证',
  pending: '待审核',
  verified: '已认证',
  rejected: '未通过',
};

export const EMPLOYER_KINDS = { org: '单位', person: '个人' };

export const WORD_CATEGORIES = {
  fraud: '欺诈',
  deposit_fee: '押金/收费',
  discrimination: '歧视',
  porn: '色情',
  gambling: '赌博',
  politics: '政治',
  contact_leak: '联系方式',
  drugs: '毒品',
  custom: '自定义',
};

export const WORD_ACTIONS = { block: '拦截', review: '人工审核', mask: '打码' };

// Fields the word filter checks, by the names findings carry.
export const CHECKED_FIELDS = { title: '标题', description: '岗位描述', address: '工作地址' };

export const COMPLAINT_STATES = {
  submitted: '已提交',
  accepted: '已受理',
  handling: '处理中',
  resolved: '已办结',
  rejected: '已驳回',
  escalated: '已升级督办',
};

export const SETTLEMENT_STATES = {
  recorded: '待支付',
  paid: '已支付待确认',
  confirmed: '已确认收款',
  disputed: '有争议',
  resolved: '争议已处理',
};

export const PAY_METHODS = { cash: '现金', wechat: '微信转账', alipay: '支付宝', bank: '银行转账', other: '其他' };

export const RATING_DIRECTIONS = { worker_to_employer: '零工评雇主', employer_to_worker: '雇主评零工' };

export const CREDIT_ROLES = { worker: '零工', employer: '雇主' };

export const ACTORS = { user: '用户', admin: '工作人员', system: '系统' };
