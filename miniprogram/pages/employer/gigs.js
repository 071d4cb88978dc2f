// An employer's own gigs by state (全部 / 草稿 / 审核中 / 招募中 / 未通过 / 已关闭) with the actions the state
// allows: edit, submit for review, close. Logic in logic/my-gigs.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const myGigs = require('../../logic/my-gigs');
const me = require('../../logic/me');

Component({
  behaviors: [pageBehavior, pagedList],
  data: { tabs: myGigs.TABS, tab: 'all', items: [], loading: false, done: false, error: '', busyId: '' },
  methods: {
    onShow() {
      this.reload();
    },
    reload() {
      this._list = myGigs.list(this.data.tab);
      return this.fetch(this._list.reload());
    },
    onTab(e) {
      this.setData({ tab: e.detail.value });
      this.reload();
    },
    onPost() {
      wx.navigateTo({ url: '/pages/employer/gig-edit' });
    },
    onEdit(e) {
      wx.navigateTo({ url: `/pages/employer/gig-edit?id=${e.currentTarget.dataset.id}` });
    },
    onApplicants(e) {
      const { id, title } = e.currentTarget.dataset;
      wx.navigateTo({ url: `/pages/employer/applicants?id=${id}&title=${encodeURIComponent(title || '')}` });
    },
    onSiteCode(e) {
      const { id, title } = e.currentTarget.dataset;
      wx.navigateTo({ url: `/pages/employer/site-code?id=${id}&title=${encodeURIComponent(title || '')}` });
    },
    onFindWorkers(e) {
      wx.navigateTo({ url: `/pages/employer/workers?gig=${e.currentTarget.dataset.id}` });
    },
    async act(id, fn, doneText) {
      this.setData({ busyId: String(id) });
      try {
        const card = await fn(id);
        const items = this.data.items.map((g) => (String(g.id) === String(id) ? card : g));
        this.setData({ items, busyId: '' });
        wx.showToast({ title: doneText(card), icon: 'success' });
      } catch (err) {
        // request.js has shown the server's message (e.g. 409 with the current state); refresh the list
        this.setData({ busyId: '' });
        this.reload();
      }
    },
    async onSubmit(e) {
      const id = e.currentTarget.dataset.id;
      if (!(await me.confirm('提交审核', '提交后由就业服务中心审核，通过后对零工可见。'))) return;
      this.act(id, myGigs.submit, (c) => (c.status === 'published' ? '已发布' : '已提交审核'));
    },
    async onClose(e) {
      const id = e.currentTarget.dataset.id;
      if (!(await me.confirm('停止招工', '关闭后零工将看不到这条招工，且不能重新打开。确定关闭吗？'))) return;
      this.act(id, myGigs.close, () => '已关闭');
    },
  },
});
