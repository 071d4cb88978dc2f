// 工钱结算: one application's settlement (a record of pay; the app never holds money). Opened with ?application=
// (from 报名管理 or 我的报名) or ?id= (from 我的结算 or a notification). The employer of a completed application
// records it — the amount previewed from attendance × rate, item lines (extras, deductions), an adjusted
// amount with a reason — and marks it paid (method, reference); the worker confirms receipt or disputes it
// (a dispute goes to the bureau as an unpaid-wage complaint). Logic in logic/settlement.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const logic = require('../../logic/settlement');
const settlements = require('../../services/settlements');
const format = require('../../utils/format');
const auth = require('../../utils/auth');

const me = () => (auth.currentUser() || { id: 0 }).id;

Component({
  behaviors: [pageBehavior],
  data: {
    query: {},
    loading: true,
    error: '',
    empty: '',
    view: null,
    form: null,
    gig: null,
    attendance: null,
    preview: null,
    errors: {},
    itemErrors: [],
    formError: '',
    busy: false,
    methods: logic.METHODS,
    method: 'wechat',
    reference: '',
    disputing: false,
    disputeReason: '',
  },
  methods: {
    onLoad(query) {
      this.setData({ query: query || {} });
      this.load();
    },
    async load() {
      const q = this.data.query;
      if (!q.id && !q.application) {
        this.setData({ loading: false, error: '缺少结算或报名编号' });
        return;
      }
      this.setData({ loading: true, error: '', formError: '', errors: {} });
      const r = await logic.load(q, me());
      this.setData({
        loading: false,
        error: r.error || '',
        empty: r.empty || '',
        view: r.view || null,
        form: r.form || null,
        gig: r.gig || null,
        attendance: r.attendance || null,
      });
      if (r.form) this.refreshPreview();
    },
    // The amount the server will compute, shown before recording.
    refreshPreview() {
      const { form, gig, attendance } = this.data;
      const lines = logic.itemLines(form).lines.map((l) => l.amount_fen);
      const pieces = /^\d+$/.test(String(form.pieces).trim()) ? Number(form.pieces) : null;
      const p = logic.preview(gig.unit, gig.rateFen, attendance.raw, pieces, lines);
      this.setData({ preview: p ? { total: p.total, text: `${p.quantity} × ${gig.rate}${lines.length ? ' + 其他项目' : ''} = ${format.yuan(p.total)}` } : null });
    },
    setForm(patch) {
      this.setData({ form: Object.assign({}, this.data.form, patch), errors: {}, itemErrors: [] });
      this.refreshPreview();
    },
    onField(e) {
      this.setForm({ [e.currentTarget.dataset.field]: e.detail.value });
    },
    onAdjust(e) {
      this.setForm({ adjust: !!e.detail.value });
    },
    onAddItem(e) {
      const items = this.data.form.items.concat([{ key: String(Date.now()), label: '', amount: '', deduction: e.currentTarget.dataset.kind === 'deduction' }]);
      this.setForm({ items });
    },
    onItem(e) {
      const { index, field } = e.currentTarget.dataset;
      const items = this.data.form.items.map((it, i) => (i === Number(index) ? Object.assign({}, it, { [field]: e.detail.value }) : it));
      this.setForm({ items });
    },
    onRemoveItem(e) {
      this.setForm({ items: this.data.form.items.filter((_, i) => i !== Number(e.currentTarget.dataset.index)) });
    },
    async onRecord() {
      if (this.data.busy) return;
      const computed = this.data.preview ? this.data.preview.total : null;
      const errors = logic.validate(this.data.form, computed);
      if (Object.keys(errors).length) {
        this.setData({ errors, itemErrors: this.data.form.items.map((_, i) => errors[`items.${i}`] || '') });
        return;
      }
      this.setData({ busy: true, formError: '' });
      try {
        const s = await settlements.record(this.data.query.application, logic.body(this.data.form), { toast: false });
        this.setData({ view: logic.view(s, me()), form: null });
        wx.showToast({ title: '已记录', icon: 'success' });
      } catch (e) {
        this.setData({ formError: (e && e.message) || '记录失败' });
      }
      this.setData({ busy: false });
    },
    onMethod(e) {
      this.setData({ method: e.detail.value, errors: {} });
    },
    onReference(e) {
      this.setData({ reference: e.detail.value, errors: {} });
    },
    // Runs one transition; the page shows the server's answer, or its refusal.
    async act(fn, done) {
      if (this.data.busy) return;
      this.setData({ busy: true, formError: '' });
      try {
        const s = await fn();
        this.setData({ view: logic.view(s, me()), disputing: false });
        wx.showToast({ title: done, icon: 'success' });
      } catch (e) {
        this.setData({ formError: (e && e.message) || '操作失败' });
      }
      this.setData({ busy: false });
    },
    async onPay() {
      const errors = logic.validatePay(this.data.method, this.data.reference);
      if (Object.keys(errors).length) {
        this.setData({ errors });
        return;
      }
      await this.act(() => settlements.pay(this.data.view.id, this.data.method, this.data.reference.trim(), { toast: false }), '已标记付款');
    },
    async onConfirm() {
      const r = await new Promise((resolve) =>
        wx.showModal({ title: '确认收款', content: `确认已收到 ${this.data.view.amount} 吗？确认后不能再提出异议。`, success: resolve, fail: () => resolve({}) }),
      );
      if (r.confirm) await this.act(() => settlements.confirm(this.data.view.id, { toast: false }), '已确认收款');
    },
    onDisputeOpen() {
      this.setData({ disputing: true, formError: '' });
    },
    onDisputeReason(e) {
      this.setData({ disputeReason: e.detail.value, errors: {} });
    },
    async onDispute() {
      const msg = logic.validateDispute(this.data.disputeReason);
      if (msg) {
        this.setData({ errors: { dispute: msg } });
        return;
      }
      await this.act(() => settlements.dispute(this.data.view.id, this.data.disputeReason.trim(), { toast: false }), '已提交');
    },
    onComplaint() {
      wx.navigateTo({ url: `/pages/complaint/detail?id=${this.data.view.complaintId}` });
    },
  },
});
