// 屏蔽名单: block a user (asked first: the pair will no longer see each other's gigs, applications or
// profiles), the list of blocked users page by page, and unblocking.
'use strict';
const blocks = require('../services/blocks');
const format = require('../utils/format');
const paged = require('./paged');

function item(b, now) {
  return { userId: b.user_id, name: b.employer_name || b.worker_name || `用户 ${b.user_id}`, time: format.dateTime(b.created_at, now) };
}

function list(now) {
  return paged.create((page) => blocks.list({ page, page_size: 20 }, { toast: false }), { map: (b) => item(b, now) });
}

// Asks, then blocks. Resolves true when blocked, false when the user said no; rejects the ApiError (shown).
function confirmBlock(userId, name) {
  return new Promise((resolve) => {
    wx.showModal({
      title: '屏蔽',
      content: `屏蔽「${name || '对方'}」后，双方互相看不到对方的岗位、报名和资料。可在「我的 - 屏蔽名单」中解除。`,
      confirmText: '屏蔽',
      confirmColor: '#d54941',
      cancelText: '再想想',
      success: (res) => resolve(!!res.confirm),
      fail: () => resolve(false),
    });
  }).then((ok) => (ok ? blocks.add(userId).then(() => true) : false));
}

// Unblocks; resolves true (a 404 — not blocked any more — counts as done).
async function unblock(userId) {
  try {
    await blocks.remove(userId, { toast: false });
    return true;
  } catch (e) {
    if (e.status === 404) return true;
    throw e;
  }
}

module.exports = { item, list, confirmBlock, unblock };
