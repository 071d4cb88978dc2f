// 我的诉求: the complaints I filed, newest first, each with its status and latest progress; tap one for its
// whole progress and images.
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const logic = require('../../logic/complaints');

Component({
  behaviors: [pageBehavior, pagedList],
  data: { items: [], loading: false, done: false, error: '' },
  methods: {
    onShow() {
      this.reload();
    },
    reload() {
      this._list = logic.list();
      return this.fetch(this._list.reload());
    },
    onOpen(e) {
      wx.navigateTo({ url: `/pages/complaint/detail?id=${e.currentTarget.dataset.id}` });
    },
  },
});
