// 劳务协议: the two parties read the agreement of an accepted application, sign it after ticking the explicit
// intent statement (the text's SHA-256 they read is what gets signed), download the PDF at any time, and the
// employer drafts it (again, while nobody signed). Opened with ?id= or ?application=. Logic in
// logic/agreement.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const logic = require('../../logic/agreement');
const agreements = require('../../services/agreements');
const auth = require('../../utils/auth');

function me() {
  const u = auth.currentUser();
  return u ? u.id : 0;
}

Component({
  behaviors: [pageBehavior],
  data: { query: {}, view: null, missing: false, agreed: false, loading: true, error: '', formError: '', busy: false },
  methods: {
    onLoad(query) {
      this.setData({ query: query || {} });
      this.load();
    },
    async load() {
      const q = this.data.query;
      if (!q.id && !q.application) {
        this.setData({ loading: false, error: '缺少协议或报名编号' });
        return;
      }
      this.setData({ loading: true, error: '', formError: '' });
      const r = await logic.load(q, me());
      this.setData({ loading: false, view: r.view, error: r.error, missing: r.missing, agreed: false });
    },
    onAgree(e) {
      this.setData({ agreed: !!e.detail.checked, formError: '' });
    },
    async onSign() {
      if (this.data.busy) return;
      this.setData({ busy: true, formError: '' });
      const r = await logic.sign(this.data.view, this.data.agreed, me());
      this.setData({ busy: false, view: r.view, formError: r.error });
      if (r.reload) this.load();
      else if (!r.error) wx.showToast({ title: '签署成功', icon: 'success' });
    },
    async onDraft() {
      if (this.data.busy) return;
      this.setData({ busy: true, formError: '' });
      try {
        const a = await agreements.draft(this.data.query.application || this.data.view.applicationId);
        this.setData({ view: logic.view(a, me()), missing: false, agreed: false });
      } catch (e) {
        this.setData({ formError: (e && e.message) || '起草失败' });
      }
      this.setData({ busy: false });
    },
    async onPdf() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        const filePath = await agreements.pdf(this.data.view.id, this.data.view.status);
        wx.openDocument({ filePath, fileType: 'pdf', showMenu: true });
      } catch (e) {
        /* transfer.js showed the server's message */
      }
      this.setData({ busy: false });
    },
  },
});
