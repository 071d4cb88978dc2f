// The inbox (消息): notifications newest first with infinite scroll, the unread count for the badge on 我的
// (the tab bar and its 消息 row), marking one or all read, and where a notification leads.
'use strict';
const notifications = require('../services/notifications');
const format = require('../utils/format');
const paged = require('./paged');

// 我的 is the third tab in app.json.
const ME_TAB_INDEX = 2;

function item(n, now) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    time: format.dateTime(n.created_at, now),
    unread: !n.read_at,
    url: target(n),
  };
}

// The page a notification opens, or '' when it names nothing a page shows.
function target(n) {
  if (n.object_type === 'gig' && n.object_id) return `/pages/gig/detail?id=${n.object_id}`;
  if (n.object_type === 'application' && /^application_(accepted|rejected|cancelled|no_show|completed)$|^invitation/.test(n.kind || '')) {
    return '/pages/worker/applications';
  }
  return '';
}

// The list; `counts.unread` follows the server's unread_count of the last page read.
function list(now) {
  const counts = { unread: 0 };
  const p = paged.create(
    (page) =>
      notifications.list({ page, page_size: 20 }, { toast: false }).then((r) => {
        counts.unread = r.unread_count || 0;
        return r;
      }),
    { map: (n) => item(n, now) },
  );
  p.counts = counts;
  return p;
}

// Resolves the number of unread notifications, or null when it could not be read (no badge change then).
async function unreadCount() {
  try {
    const r = await notifications.list({ unread: 'true', page_size: 1 }, { toast: false });
    return r.unread_count || 0;
  } catch (e) {
    return null;
  }
}

// "3", "99+", or '' for none.
function badgeText(count) {
  if (!count || count < 0) return '';
  return count > 99 ? '99+' : String(count);
}

// Shows the count on the 我的 tab (only works while a tab page is showing; failures are ignored).
function setTabBadge(count) {
  const text = badgeText(count);
  const noop = () => {};
  try {
    if (text) wx.setTabBarBadge({ index: ME_TAB_INDEX, text, fail: noop });
    else wx.removeTabBarBadge({ index: ME_TAB_INDEX, fail: noop });
  } catch (e) {
    /* not a tab page, or an old base library */
  }
}

// Marks one read; resolves true when the server agreed.
async function markRead(id) {
  try {
    await notifications.markRead(id, { toast: false });
    return true;
  } catch (e) {
    return false;
  }
}

// Resolves how many were marked; rejects the ApiError (request.js shows it).
async function markAllRead() {
  return (await notifications.markAllRead()).marked;
}

module.exports = { ME_TAB_INDEX, item, target, list, unreadCount, badgeText, setTabBadge, markRead, markAllRead };
