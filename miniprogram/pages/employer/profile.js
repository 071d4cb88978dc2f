// Employer profile and its verification state (未认证 / 审核中 / 已认证 / 未通过 with the reviewer's reason).
// Form rules in logic/employer-profile.js; the server's field errors show under their field.
'use strict';
const pageBehavior = require('../../behaviors/page');
const profileApi = require('../../services/profile');
const ep = require('../../logic/employer-profile');

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    loadError: '',
    saving: false,
    form: ep.fromServer(null),
    errors: {},
    kinds: ep.KINDS,
    regionVisible: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      try {
        const e = await profileApi.getEmployer({ toast: false });
        this.setData({ loading: false, form: ep.fromServer(e), errors: {} });
      } catch (err) {
        this.setData({ loading: false, loadError: err.message });
      }
    },
    set(field, value) {
      const patch = { [`form.${field}`]: value };
      if (this.data.errors[field]) patch[`errors.${field}`] = '';
      this.setData(patch);
    },
    onInput(e) {
      this.set(e.currentTarget.dataset.field, e.detail.value);
    },
    openRegion() {
      this.setData({ regionVisible: true });
    },
    closeRegion() {
      this.setData({ regionVisible: false });
    },
    onRegion(e) {
      this.set('region', { code: e.detail.code, name: e.detail.fullName || e.detail.name });
    },
    async onSave() {
      const { body, errors } = ep.toBody(this.data.form);
      if (!body) {
        this.setData({ errors });
        wx.showToast({ title: '请按提示修改标红的项目', icon: 'none' });
        return;
      }
      this.setData({ saving: true, errors: {} });
      try {
        const e = await profileApi.saveEmployer(body, { toast: false });
        this.setData({ saving: false, form: ep.fromServer(e) });
        wx.showToast({ title: e.verification === 'pending' ? '已提交审核' : '已保存', icon: 'success' });
      } catch (err) {
        const r = ep.serverErrors(err);
        this.setData({ saving: false, errors: r.errors });
        wx.showToast({ title: r.summary, icon: 'none' });
      }
    },
  },
});
