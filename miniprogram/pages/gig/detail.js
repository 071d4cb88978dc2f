// Gig detail: pay, time, place on a map (navigate with WeChat's map), the employer's verification and
// 诚信分, and 报名 — a confirmation with an optional note, then 已报名 or the server's refusal. The gig's own
// employer sees no apply button. Logic in logic/gig-detail.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const detail = require('../../logic/gig-detail');
const blocks = require('../../logic/blocks');
const complaints = require('../../logic/complaints');

Component({
  behaviors: [pageBehavior],
  data: { id: '', gig: null, loading: true, error: '', applying: false, apply: detail.applyView(null) },
  methods: {
    onLoad(query) {
      this.setData({ id: (query && query.id) || '' });
      this._applyState = { status: 'idle', message: '' };
      this.load();
    },
    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, error: '缺少岗位编号' });
        return;
      }
      this.setData({ loading: true, error: '' });
      const r = await detail.load(this.data.id);
      this.setData({ loading: false, gig: r.gig, error: r.error });
      this.showApply();
      if (r.gig) wx.setNavigationBarTitle({ title: r.gig.title });
    },
    showApply() {
      this.setData({ apply: detail.applyView(this.data.gig, detail.currentUser(), this._applyState) });
    },
    async onApply() {
      if (this.data.applying || this.data.apply.disabled) return;
      const ask = await detail.askApply(this.data.gig);
      if (!ask.ok) return;
      const checked = detail.checkNote(ask.note);
      if (checked.error) {
        wx.showToast({ title: checked.error, icon: 'none' });
        return;
      }
      this.setData({ applying: true });
      this._applyState = await detail.apply(this.data.id, checked.note);
      this.setData({ applying: false });
      this.showApply();
      if (this._applyState.application) wx.showToast({ title: '报名成功', icon: 'success' });
    },
    onReport() {
      const g = this.data.gig;
      wx.navigateTo({ url: complaints.newUrl({ respondentId: g.employerId, gigId: g.id, category: 'false_info', subject: g.title }) });
    },
    // 屏蔽 the employer (asked first): their gigs no longer show to this user, so the page closes (issue 7)
    async onBlock() {
      const g = this.data.gig;
      if (g && (await blocks.confirmBlock(g.employerId, g.employerName))) {
        wx.showToast({ title: '已屏蔽', icon: 'success' });
        wx.navigateBack({ fail: () => {} });
      }
    },
    onMine() {
      wx.navigateTo({ url: '/pages/worker/applications' });
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    onNavigate() {
      detail.navigate(this.data.gig);
    },
    onShareAppMessage() {
      const g = this.data.gig;
      return { title: g ? `${g.title} ${g.pay}` : '零工岗位', path: `/pages/gig/detail?id=${this.data.id}` };
    },
  },
});
