// 评价 after a completed engagement: which side the user is on, the tags of that side's direction, the form's
// limits (1–5 stars, up to 5 tags, 300 characters — the server's, checked here first), the pair as the
// server shows it (the other side's rating only once revealed: both rated, or 7 days), and the summary line
// profiles and gigs show (average, 好评率, count).
'use strict';
const ratings = require('../services/ratings');
const applications = require('../services/applications');
const auth = require('../utils/auth');
const format = require('../utils/format');

const MAX_TAGS = 5;
const TEXT_MAX = 300;
const STAR_TEXT = ['', '很差', '较差', '一般', '满意', '非常满意'];

// The direction a rating by `user` on application `a` has, or '' when the user is neither side.
function directionOf(a, user) {
  if (!a || !user) return '';
  if (String(a.worker_id) === String(user.id)) return 'worker_to_employer';
  if (String(a.employer_id) === String(user.id)) return 'employer_to_worker';
  return '';
}

function ratingView(r, now) {
  if (!r) return null;
  return {
    id: r.id,
    stars: r.stars,
    starsText: `${r.stars} 星 · ${STAR_TEXT[r.stars] || ''}`,
    tags: r.tags || [],
    text: r.text || '',
    author: r.author ? r.author.name : '',
    time: format.dateTime(r.created_at, now),
    pending: !r.revealed ? '对方评价后或 7 天后公开' : '',
    hidden: r.hidden ? `已被就业服务中心隐藏${r.hidden_reason ? '：' + r.hidden_reason : ''}` : '',
  };
}

// What the page shows of the pair {mine, theirs, theirs_submitted, can_rate}.
function pairView(p, now) {
  let theirsNote = '';
  if (!p.theirs && p.theirs_submitted) theirsNote = p.mine ? '对方已评价，正在公开中' : '对方已评价，你评价后双方的评价同时公开';
  else if (!p.theirs) theirsNote = '对方还没有评价';
  return { canRate: !!p.can_rate, mine: ratingView(p.mine, now), theirs: ratingView(p.theirs, now), theirsNote };
}

// Loads what the rating page needs. Resolves {view, tags, direction, title, error}; never rejects.
async function load(applicationId, now) {
  try {
    const [a, pair] = await Promise.all([
      applications.getApplication(applicationId, { toast: false }),
      ratings.forApplication(applicationId, { toast: false }),
    ]);
    const direction = directionOf(a, auth.currentUser()) || (pair.mine && pair.mine.direction) || '';
    const tags = pair.can_rate && direction ? (await ratings.tags(direction, { toast: false })).map((t) => ({ name: t.name, positive: t.positive, selected: false })) : [];
    return { view: pairView(pair, now), tags, direction, title: (a.gig && a.gig.title) || '', error: '' };
  } catch (e) {
    return { view: null, tags: [], direction: '', title: '', error: e.message || '加载失败' };
  }
}

// Selects or clears a tag. Resolves {tags, error}: a sixth tag is refused.
function toggleTag(tags, name) {
  const t = tags.find((x) => x.name === name);
  if (!t) return { tags, error: '' };
  if (!t.selected && tags.filter((x) => x.selected).length >= MAX_TAGS) return { tags, error: `最多选 ${MAX_TAGS} 个标签` };
  return { tags: tags.map((x) => (x.name === name ? Object.assign({}, x, { selected: !x.selected }) : x)), error: '' };
}

// The request body from the form {stars, tags, text}: {body, error, field}.
function check(form) {
  const stars = Number(form.stars);
  if (!Number.isInteger(stars) || stars < 1 || stars > 5) return { body: null, error: '请选择 1 到 5 星', field: 'stars' };
  const chosen = (form.tags || []).filter((t) => t.selected).map((t) => t.name);
  if (chosen.length > MAX_TAGS) return { body: null, error: `最多选 ${MAX_TAGS} 个标签`, field: 'tags' };
  const text = String(form.text || '').trim();
  if (text.length > TEXT_MAX) return { body: null, error: `评价内容最多 ${TEXT_MAX} 个字`, field: 'text' };
  const body = { stars };
  if (chosen.length) body.tags = chosen;
  if (text) body.text = text;
  return { body, error: '', field: '' };
}

// Sends the rating. Resolves {rating, error, field}: a refusal comes back as its zh-CN message (and field).
async function submit(applicationId, form, now) {
  const c = check(form);
  if (c.error) return { rating: null, error: c.error, field: c.field };
  try {
    const r = await ratings.rate(applicationId, c.body, { toast: false });
    return { rating: ratingView(r, now), error: '', field: '' };
  } catch (e) {
    return { rating: null, error: e.message, field: e.field || '' };
  }
}

// "4.5 分 · 好评率 90% · 12 条评价", or "暂无评价".
function summaryText(s) {
  if (!s || !s.count) return '暂无评价';
  return `${Number(s.average).toFixed(1)} 分 · 好评率 ${s.positive_rate}% · ${s.count} 条评价`;
}

// The rating page of an application.
function url(applicationId) {
  return `/pages/rating/index?app=${encodeURIComponent(applicationId)}`;
}

module.exports = { MAX_TAGS, TEXT_MAX, STAR_TEXT, directionOf, ratingView, pairView, load, toggleTag, check, submit, summaryText, url };
