// 屏蔽名单: the users the signed-in user blocked, newest first, each with 解除屏蔽 (asked first). Blocking is
// offered where the other side shows: gig detail (the employer) and the applicant list (the worker).
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const blocks = require('../../logic/blocks');

Component({
  behaviors: [pageBehavior, pagedList],
  data: { items: [], loading: false, done: false, error: '', busyId: '' },
  methods: {
    onShow() {
      this.reload();
    },
    reload() {
      this._list = blocks.list();
      return this.fetch(this._list.reload());
    },
    async onUnblock(e) {
      const id = e.currentTarget.dataset.id;
      const b = this.data.items.find((x) => String(x.userId) === String(id));
      if (!b || this.data.busyId) return;
      const ok = await new Promise((resolve) =>
        wx.showModal({ title: '解除屏蔽', content: `解除后双方可以再看到对方的岗位和报名。解除对「${b.name}」的屏蔽吗？`, success: (r) => resolve(!!r.confirm), fail: () => resolve(false) }),
      );
      if (!ok) return;
      this.setData({ busyId: String(id) });
      try {
        await blocks.unblock(id);
        this.setData({ busyId: '', items: this.data.items.filter((x) => String(x.userId) !== String(id)) });
        wx.showToast({ title: '已解除', icon: 'success' });
      } catch (err) {
        this.setData({ busyId: '' });
        wx.showToast({ title: (err && err.message) || '操作失败', icon: 'none' });
      }
    },
  },
});
