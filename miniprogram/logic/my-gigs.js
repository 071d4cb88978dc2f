// An employer's own gigs by state, and which actions each state allows (mirrors the server's gig state
// machine; the server still answers 409 with the current state if the list was stale).
'use strict';
const gigs = require('../services/gigs');
const paged = require('./paged');
const present = require('./present');

const TABS = [
  { value: 'all', label: '全部' },
  { value: 'draft', label: '草稿' },
  { value: 'pending_review', label: '待审核' },
  { value: 'published', label: '招募中' },
  { value: 'rejected', label: '未通过' },
  { value: 'closed', label: '已关闭' },
];

function actionsFor(status) {
  return {
    edit: ['draft', 'rejected', 'pending_review', 'published'].indexOf(status) >= 0,
    submit: status === 'draft' || status === 'rejected',
    close: status === 'published',
  };
}

// Links to the gig's management pages: 报名管理 once it was listed, 现场码 and 找工人 while it recruits.
function linksFor(status) {
  return {
    applicants: status === 'published' || status === 'closed',
    siteCode: status === 'published' || status === 'closed',
    findWorkers: status === 'published',
  };
}

function card(g, now) {
  return Object.assign(present.gigCard(g, now), { actions: actionsFor(g.status), links: linksFor(g.status), reviewReason: g.review_reason || '' });
}

function list(tab, now) {
  return paged.create(
    (page) => gigs.myGigs({ status: tab === 'all' ? undefined : tab, page, page_size: 20 }, { toast: false }),
    { map: (g) => card(g, now) },
  );
}

// Resolves the updated card; rejects the ApiError (request.js has shown it).
async function submit(id, now) {
  return card(await gigs.submitGig(id), now);
}

async function close(id, now) {
  return card(await gigs.closeGig(id), now);
}

module.exports = { TABS, actionsFor, linksFor, card, list, submit, close };
