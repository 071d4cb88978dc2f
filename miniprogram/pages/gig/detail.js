// Gig detail: pay, time, place on a map (navigate with WeChat's map), the employer's verification and
// 诚信分, and the apply button — disabled with 即将开放 until the applications issue adds applying.
'use strict';
const pageBehavior = require('../../behaviors/page');
const detail = require('../../logic/gig-detail');

Component({
  behaviors: [pageBehavior],
  data: { id: '', gig: null, loading: true, error: '', applyText: detail.APPLY_TEXT },
  methods: {
    onLoad(query) {
      this.setData({ id: (query && query.id) || '' });
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
      if (r.gig) wx.setNavigationBarTitle({ title: r.gig.title });
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
