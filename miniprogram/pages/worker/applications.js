// 我的报名: the worker's applications by state (全部 / 已报名 / 已录用 / 已完成 / 已取消 / 已撤回 / 未录用) with
// the actions each state allows — 撤回 (applied), 取消 (accepted, warned when late), 签到/签退 by position or
// 现场码 and 确认完成 (accepted) — and infinite scroll. Logic in logic/applications.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const apps = require('../../logic/applications');

Component({
  behaviors: [pageBehavior, pagedList],
  data: { tabs: apps.TABS, tab: 'all', items: [], loading: false, done: false, error: '', busyId: '' },
  methods: {
    onLoad(query) {
      const tab = query && query.tab;
      if (tab && apps.TABS.some((t) => t.value === tab)) this.setData({ tab });
    },
    onShow() {
      this.reload();
    },
    reload() {
      this._list = apps.list(this.data.tab);
      return this.fetch(this._list.reload());
    },
    onTab(e) {
      this.setData({ tab: e.detail.value });
      this.reload();
    },
    onComplain(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onRate(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onAgreement(e) {
      wx.navigateTo({ url: `/pages/agreement/index?application=${e.currentTarget.dataset.id}` });
    },
    onSettlement(e) {
      wx.navigateTo({ url: `/pages/settlement/index?application=${e.currentTarget.dataset.id}` });
    },
    onOpenGig(e) {
      wx.navigateTo({ url: `/pages/gig/detail?id=${e.currentTarget.dataset.gig}` });
    },
    item(id) {
      return this.data.items.find((a) => String(a.id) === String(id));
    },
    // Runs one action on one card; the card is replaced by the server's answer, or the list reloads when the
    // server refused (its message has been shown).
    async act(id, fn) {
      if (this.data.busyId) return;
      this.setData({ busyId: String(id) });
      try {
        const r = await fn();
        const items = this.data.items.map((a) => (String(a.id) === String(id) ? r.card : a));
        this.setData({ items, busyId: '' });
        if (r.message) wx.showToast({ title: r.message, icon: r.message.length > 7 ? 'none' : 'success', duration: 2500 });
      } catch (err) {
        this.setData({ busyId: '' });
        // request.js has shown an ApiError; a local refusal (no position, a bad code) is shown here
        if (!(err && err.name === 'ApiError')) wx.showToast({ title: (err && err.message) || '操作失败', icon: 'none' });
        else if (err.status === 409 || err.status === 404) this.reload();
      }
    },
    async onWithdraw(e) {
      const id = e.currentTarget.dataset.id;
      const r = await apps.modal({ title: '撤回报名', content: '撤回后雇主将看不到你的报名。确定撤回吗？' });
      if (r.ok) this.act(id, () => apps.withdraw(id));
    },
    async onCancel(e) {
      const id = e.currentTarget.dataset.id;
      const a = this.item(id);
      const r = await apps.modal({ title: '取消录用', content: a ? a.cancelText : '', confirmColor: '#d54941' });
      if (r.ok) this.act(id, () => apps.cancel(id));
    },
    async onPunch(e) {
      const { id, kind } = e.currentTarget.dataset;
      const word = kind === 'in' ? '签到' : '签退';
      const how = await new Promise((resolve) => {
        wx.showActionSheet({
          itemList: ['用当前位置' + word, '输入现场码' + word],
          success: (res) => resolve(res.tapIndex === 1 ? 'code' : 'location'),
          fail: () => resolve(null),
        });
      });
      if (!how) return;
      let code = '';
      if (how === 'code') {
        const r = await apps.modal({ title: `现场码${word}`, content: '', editable: true, placeholderText: '请输入雇主出示的 6 位现场码', confirmText: word });
        if (!r.ok) return;
        code = r.text;
      }
      this.act(id, () => apps.punch(id, kind, how, code));
    },
    async onConfirm(e) {
      const id = e.currentTarget.dataset.id;
      const r = await apps.modal({ title: '确认完成', content: '确认这份工作已经做完了吗？双方都确认后记为已完成。' });
      if (r.ok) this.act(id, () => apps.confirm(id));
    },
  },
});
