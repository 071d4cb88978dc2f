// 我的诚信分: the score with its standing, why the user is restricted (and what that stops), and the ledger
// page by page — each entry's reason, change and resulting score, as the server recorded it.
'use strict';
const credit = require('../services/credit');
const format = require('../utils/format');
const paged = require('./paged');

// The standing a score shows as.
function level(score, threshold) {
  if (score >= 90) return '优秀';
  if (score >= 75) return '良好';
  if (threshold && score < threshold) return '较差';
  return '一般';
}

// The state block: {score, level, restricted, banner, liftNote}.
function stateView(c) {
  if (!c) return null;
  let banner = '';
  if (c.restricted) {
    const why = c.restricted_because ? `（因「${c.restricted_because.label}」${c.restricted_because.note ? '：' + c.restricted_because.note : ''}）` : '';
    banner = `你的诚信分为 ${c.score} 分，低于 ${c.threshold} 分${why}，暂时不能报名或发布岗位。请联系就业服务中心复核。`;
  }
  return {
    score: c.score,
    level: c.restricted ? '受限' : level(c.score, c.threshold),
    restricted: !!c.restricted,
    banner,
    liftNote: !c.restricted && c.lifted_at && c.lift_note ? `限制已解除：${c.lift_note}` : '',
  };
}

// One ledger entry as a row.
function entry(e, now) {
  return {
    id: e.id,
    label: (e.reason && e.reason.label) || '',
    delta: e.delta > 0 ? `+${e.delta}` : String(e.delta),
    up: e.delta > 0,
    after: `${e.score_after} 分`,
    note: e.note || '',
    time: format.dateTime(e.created_at, now),
  };
}

// The ledger list; `holder.state` follows the credit state of the last page read.
function list(now) {
  const holder = { state: null };
  const p = paged.create(
    (page) =>
      credit.mine({ page, page_size: 20 }, { toast: false }).then((r) => {
        holder.state = stateView(r.credit);
        return r;
      }),
    { map: (e) => entry(e, now) },
  );
  p.holder = holder;
  return p;
}

module.exports = { level, stateView, entry, list };
