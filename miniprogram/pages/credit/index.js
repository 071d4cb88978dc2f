// 我的诚信分: the score and its standing, why the user is restricted (when they are) and what that stops,
// and the ledger newest first with infinite scroll. Logic in logic/credit.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const credit = require('../../logic/credit');

Component({
  behaviors: [pageBehavior, pagedList],
  data: { state: null, items: [], loading: false, done: false, error: '' },
  methods: {
    onShow() {
      this.reload();
    },
    reload() {
      this._list = credit.list();
      return this.fetch(this._list.reload());
    },
    listExtras(s, list) {
      return { state: list.holder.state };
    },
  },
});
