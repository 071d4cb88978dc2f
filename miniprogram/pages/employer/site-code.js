// 现场码: the gig's rotating 6-digit code shown very large for workers to type in when they 签到/签退, with a
// countdown from the server's expires_in; a new code is fetched when it runs out. The screen stays on while
// shown. Logic in logic/site-code.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const siteCode = require('../../logic/site-code');

Component({
  behaviors: [pageBehavior],
  data: { gigId: '', title: '', code: '', spaced: '', left: 0, text: '', error: '', loading: true },
  methods: {
    onLoad(query) {
      const q = query || {};
      this.setData({ gigId: q.id || '', title: q.title ? decodeURIComponent(q.title) : '' });
    },
    onShow() {
      if (!this.data.gigId) {
        this.setData({ error: '没有指定岗位', loading: false });
        return;
      }
      if (wx.setKeepScreenOn) wx.setKeepScreenOn({ keepScreenOn: true });
      if (this._code) this._code.stop();
      this._code = siteCode.create(this.data.gigId, (s) => this.setData(s));
      this._code.start();
    },
    onHide() {
      if (this._code) this._code.stop();
    },
    onUnload() {
      if (this._code) this._code.stop();
      this._code = null;
    },
    onRefresh() {
      if (this._code) this._code.refresh();
    },
  },
  lifetimes: {
    detached() {
      if (this._code) this._code.stop();
    },
  },
});
