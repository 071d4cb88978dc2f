// 年度收入明细: the worker's pay received in one year (settlements employers marked paid), by month and item,
// with what is confirmed, awaiting confirmation or disputed, and what is still unpaid; downloadable as a PDF
// (to print, or to show a bank or the bureau). Logic in logic/settlement.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const logic = require('../../logic/settlement');
const settlements = require('../../services/settlements');

Component({
  behaviors: [pageBehavior],
  data: { years: [], year: '', view: null, loading: true, error: '', busy: false },
  methods: {
    onLoad() {
      const years = logic.years();
      this.setData({ years: years.map((y) => ({ value: y, label: `${y}年` })), year: years[0] });
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const st = await settlements.incomeStatement(this.data.year, { toast: false });
        this.setData({ view: logic.income(st), loading: false });
      } catch (e) {
        this.setData({ view: null, loading: false, error: (e && e.message) || '加载失败' });
      }
    },
    onYear(e) {
      this.setData({ year: e.detail.value });
      this.load();
    },
    onOpen(e) {
      wx.navigateTo({ url: `/pages/settlement/index?id=${e.currentTarget.dataset.id}` });
    },
    async onPdf() {
      if (this.data.busy || !this.data.view) return;
      this.setData({ busy: true });
      try {
        const filePath = await settlements.incomePdf(this.data.year, this.data.view.version);
        wx.openDocument({ filePath, fileType: 'pdf', showMenu: true });
      } catch (e) {
        /* transfer.js showed the server's message */
      }
      this.setData({ busy: false });
    },
  },
});
