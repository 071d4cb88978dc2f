// 消息: the inbox newest first with infinite scroll; tapping one marks it read and opens what it is about;
// 全部已读 marks everything read. The unread badge on 我的 follows (logic/inbox.js).
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const inbox = require('../../logic/inbox');

Component({
  behaviors: [pageBehavior, pagedList],
  data: { items: [], unread: 0, loading: false, done: false, error: '', marking: false },
  methods: {
    onShow() {
      this.reload();
    },
    reload() {
      this._list = inbox.list();
      return this.fetch(this._list.reload());
    },
    listExtras(s, list) {
      return { unread: list.counts.unread };
    },
    async onOpen(e) {
      const id = e.currentTarget.dataset.id;
      const n = this.data.items.find((x) => String(x.id) === String(id));
      if (!n) return;
      if (n.unread && (await inbox.markRead(n.id))) {
        const items = this.data.items.map((x) => (x.id === n.id ? Object.assign({}, x, { unread: false }) : x));
        this.setData({ items, unread: Math.max(0, this.data.unread - 1) });
      }
      if (n.url) wx.navigateTo({ url: n.url });
    },
    async onReadAll() {
      if (this.data.marking || !this.data.unread) return;
      this.setData({ marking: true });
      try {
        await inbox.markAllRead();
        const items = this.data.items.map((x) => (x.unread ? Object.assign({}, x, { unread: false }) : x));
        this.setData({ items, unread: 0, marking: false });
      } catch (err) {
        this.setData({ marking: false }); // request.js has shown the message
      }
    },
  },
});
