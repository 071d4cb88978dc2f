// Shared by the pages that show one paged list (search, 我的报名, 我的发布, 报名管理, 找工人, 消息): each keeps
// its list object in this._list (from a logic/ module: reload() and more() resolve to {items, done, error,
// …}) and its own reload(); this behaviour shows what comes back, pages on at the bottom and refreshes on
// pull-down. listExtras(state, list) lets a page copy more fields (a total, an unread count) into its data.
'use strict';

module.exports = Behavior({
  methods: {
    // Shows a page of this._list; an answer for a list replaced meanwhile (new tab or filters) is dropped.
    async fetch(promise) {
      const list = this._list;
      this.setData({ loading: true, error: '' });
      const s = await promise;
      if (list !== this._list) return;
      this.setData({ items: s.items, loading: false, done: s.done, error: s.error, ...this.listExtras(s, list) });
    },
    listExtras() {
      return {};
    },
    onReachBottom() {
      if (this._list && !this.data.done && !this.data.loading) this.fetch(this._list.more());
    },
    onPullDownRefresh() {
      this.reload().then(() => wx.stopPullDownRefresh());
    },
  },
});
