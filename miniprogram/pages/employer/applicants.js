// 报名管理: one gig's applicants (from 我的发布) by state with the actions each state allows — 录用 / 不录用,
// 取消 (warned when late), 未到岗 and 确认完成 after the start — a call button once the phone is unmasked
// (accepted), and the server's refusal shown at the applicant. Logic in logic/applicants.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const logic = require('../../logic/applicants');
const blocks = require('../../logic/blocks');

Component({
  behaviors: [pageBehavior, pagedList],
  data: { gigId: '', title: '', tabs: logic.TABS, tab: 'all', items: [], loading: false, done: false, error: '', busyId: '' },
  methods: {
    onLoad(query) {
      const q = query || {};
      this.setData({ gigId: q.id || q.gig || '', title: q.title ? decodeURIComponent(q.title) : '' });
    },
    onShow() {
      if (this.data.gigId) this.reload();
      else this.setData({ error: '没有指定岗位' });
    },
    reload() {
      this._raw = new Map();
      this._list = logic.list(this.data.gigId, this.data.tab);
      return this.fetch(this._list.reload());
    },
    onTab(e) {
      this.setData({ tab: e.detail.value });
      this.reload();
    },
    item(id) {
      return this.data.items.find((a) => String(a.id) === String(id));
    },
    replace(id, next) {
      this.setData({ items: this.data.items.map((a) => (String(a.id) === String(id) ? next : a)) });
    },
    // Runs one action on one applicant; the card becomes the server's answer, or carries its refusal.
    async act(id, fn) {
      if (this.data.busyId) return;
      this.setData({ busyId: String(id) });
      try {
        const r = await fn();
        const prev = this.item(id);
        this.replace(id, logic.next(prev && prev.raw, r));
        this.setData({ busyId: '' });
        if (r.message) wx.showToast({ title: r.message, icon: r.message.length > 7 ? 'none' : 'success', duration: 2500 });
      } catch (err) {
        const prev = this.item(id);
        if (prev) this.replace(id, Object.assign({}, prev, { error: (err && err.message) || '操作失败' }));
        this.setData({ busyId: '' });
      }
    },
    onRate(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    // 屏蔽 this worker (asked first): the pair no longer see each other's gigs and applications (issue 7)
    async onBlock(e) {
      const a = this.item(e.currentTarget.dataset.id);
      if (a && (await blocks.confirmBlock(a.workerId, a.name))) {
        wx.showToast({ title: '已屏蔽', icon: 'success' });
        this.reload();
      }
    },
    onCall(e) {
      const a = this.item(e.currentTarget.dataset.id);
      if (a && a.canCall) wx.makePhoneCall({ phoneNumber: a.phone });
    },
    async onAccept(e) {
      const id = e.currentTarget.dataset.id;
      const a = this.item(id);
      const r = await logic.modal({ title: '录用', content: `确定录用${a ? a.name : '这位零工'}吗？录用后可以看到对方的电话。` });
      if (r.ok) await this.act(id, () => logic.accept(id));
    },
    async onReject(e) {
      const id = e.currentTarget.dataset.id;
      const r = await logic.modal({ title: '不录用', content: '确定不录用这位零工吗？对方会收到通知。' });
      if (r.ok) await this.act(id, () => logic.reject(id));
    },
    async onCancel(e) {
      const id = e.currentTarget.dataset.id;
      const a = this.item(id);
      const r = await logic.modal({ title: '取消录用', content: a ? a.cancelText : '', confirmColor: '#d54941' });
      if (r.ok) await this.act(id, () => logic.cancel(id));
    },
    async onNoShow(e) {
      const id = e.currentTarget.dataset.id;
      const r = await logic.modal({ title: '未到岗', content: '确认这位零工没有到岗吗？这会扣减对方的诚信分。', confirmColor: '#d54941' });
      if (r.ok) await this.act(id, () => logic.noShow(id));
    },
    async onConfirm(e) {
      const id = e.currentTarget.dataset.id;
      const r = await logic.modal({ title: '确认完成', content: '确认这位零工已经做完了吗？双方都确认后记为已完成。' });
      if (r.ok) await this.act(id, () => logic.confirm(id));
    },
    onAgreement(e) {
      wx.navigateTo({ url: `/pages/agreement/index?application=${e.currentTarget.dataset.id}` });
    },
    // 结算工钱 of a completed applicant: record it, then mark it paid (pages/settlement)
    onSettlement(e) {
      wx.navigateTo({ url: `/pages/settlement/index?application=${e.currentTarget.dataset.id}` });
    },
    onSiteCode() {
      wx.navigateTo({ url: `/pages/employer/site-code?id=${this.data.gigId}` });
    },
    onFindWorkers() {
      wx.navigateTo({ url: `/pages/employer/workers?gig=${this.data.gigId}` });
    },
  },
});
