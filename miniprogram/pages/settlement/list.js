// 我的结算: the settlements of the signed-in user on the side chosen in 我的 (找活: the pay I received; 招工:
// the pay I recorded), by state; tap one to open it (confirm, dispute, mark paid there). Workers reach the
// yearly income statement from here too.
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const logic = require('../../logic/settlement');
const auth = require('../../utils/auth');

Component({
  behaviors: [pageBehavior, pagedList],
  data: { tabs: logic.TABS, tab: 'all', items: [], loading: false, done: false, error: '' },
  methods: {
    onShow() {
      this.reload();
    },
    reload() {
      const u = auth.currentUser();
      this._list = logic.list(this.data.role, this.data.tab, u ? u.id : 0);
      return this.fetch(this._list.reload());
    },
    onTab(e) {
      this.setData({ tab: e.detail.value });
      this.reload();
    },
    onOpen(e) {
      wx.navigateTo({ url: `/pages/settlement/index?id=${e.currentTarget.dataset.id}` });
    },
    onIncome() {
      wx.navigateTo({ url: '/pages/settlement/income' });
    },
  },
});
