// How API objects are shown: status and verification labels (the server's own when it sends them), and the
// view model of a gig card and a gig detail. Pure functions of the API shapes; no wx calls, no requests.
'use strict';
const format = require('../utils/format');
const rating = require('./rating');

const GIG_STATUS = {
  draft: '草稿',
  pending_review: '待审核',
  published: '招募中',
  closed: '已关闭',
  expired: '已过期',
  cancelled: '已取消',
  rejected: '未通过审核',
};
const GIG_STATUS_THEME = {
  draft: 'default',
  pending_review: 'warning',
  published: 'success',
  closed: 'default',
  expired: 'default',
  cancelled: 'default',
  rejected: 'danger',
};
const VERIFICATION = { unverified: '未认证', pending: '认证审核中', verified: '已认证', rejected: '认证未通过' };
const VERIFICATION_THEME = { unverified: 'default', pending: 'warning', verified: 'success', rejected: 'danger' };
const EMPLOYER_KIND = { org: '单位', person: '个人' };

// The gig's state in words: the server's status_label when it sends one, else GIG_STATUS.
function gigStatusText(g) {
  return format.stateLabel(g, 'status', GIG_STATUS);
}

// The employer's verification state in words (the server's verification_label when it sends one); 未认证
// when the reply says nothing.
function verificationText(employer) {
  return format.stateLabel(employer, 'verification', VERIFICATION) || VERIFICATION.unverified;
}

function remainingText(g) {
  if (typeof g.remaining !== 'number') return '';
  return g.remaining > 0 ? `还招 ${g.remaining} 人` : '已招满';
}

// The card in lists.
function gigCard(g, now) {
  const employer = g.employer || {};
  return {
    id: g.id,
    title: g.title,
    pay: format.pay(g.pay_fen, g.pay_unit),
    time: format.timeRange(g.starts_at, g.ends_at, now),
    place: [g.region && g.region.name, g.address].filter(Boolean).join(' · '),
    distance: format.distance(g.distance_m),
    jobType: (g.job_type && g.job_type.name) || '',
    employer: employer.name || '',
    verified: employer.verification === 'verified',
    remaining: remainingText(g),
    status: g.status,
    statusText: gigStatusText(g),
    statusTheme: GIG_STATUS_THEME[g.status] || 'default',
  };
}

// The detail page.
function gigDetail(g, now) {
  const employer = g.employer || {};
  const card = gigCard(g, now);
  const hasPlace = typeof g.lat === 'number' && typeof g.lng === 'number';
  return Object.assign(card, {
    description: g.description || '',
    address: g.address,
    region: (g.region && g.region.name) || '',
    headcount: g.headcount,
    accepted: g.accepted_count,
    lat: g.lat,
    lng: g.lng,
    markers: hasPlace ? [{ id: 1, latitude: g.lat, longitude: g.lng, title: g.title, width: 30, height: 40 }] : [],
    employerId: employer.id == null ? null : employer.id,
    employerName: employer.name || '',
    employerKind: EMPLOYER_KIND[employer.kind] || '',
    verificationText: verificationText(employer),
    verificationTheme: VERIFICATION_THEME[employer.verification] || 'default',
    credit: typeof employer.credit === 'number' ? employer.credit : null,
    employerRating: employer.rating ? rating.summaryText(employer.rating) : '', // 雇主评价 (issue 7)
    reviewReason: g.review_reason || '',
    published: g.published_at ? format.dateTime(g.published_at, now) : '',
    open: g.status === 'published',
  });
}

module.exports = {
  GIG_STATUS,
  GIG_STATUS_THEME,
  VERIFICATION,
  VERIFICATION_THEME,
  EMPLOYER_KIND,
  gigStatusText,
  verificationText,
  gigCard,
  gigDetail,
};
