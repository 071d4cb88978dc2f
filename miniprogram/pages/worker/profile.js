// 个人画像 editor: name and ID number, phone binding, 工种 with years, certificates, where the worker lives and
// will work, free time, expected pay, introduction, elder mode and "let employers find me". Form rules and
// the API mapping are in logic/worker-profile.js; the server's field errors show under their field.
'use strict';
const pageBehavior = require('../../behaviors/page');
const profileApi = require('../../services/profile');
const prefs = require('../../utils/prefs');
const format = require('../../utils/format');
const wp = require('../../logic/worker-profile');
const me = require('../../logic/me');

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    loadError: '',
    saving: false,
    form: wp.emptyForm(),
    errors: {},
    unitOptions: format.UNIT_OPTIONS,
    jobTypeVisible: false,
    regionVisible: false,
    regionTarget: '',
    certDateVisible: false,
    certDateIndex: -1,
    certDateValue: '',
    today: format.shanghaiDate(),
    maxJobTypes: wp.MAX_JOB_TYPES,
    maxCertificates: wp.MAX_CERTIFICATES,
    maxRegions: wp.MAX_REGIONS,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      try {
        const w = await profileApi.getWorker({ toast: false });
        const form = wp.fromServer(w);
        if (!w.exists) form.elderMode = prefs.getElder();
        this.setData({ loading: false, form, errors: {} });
      } catch (e) {
        this.setData({ loading: false, loadError: e.message });
      }
    },
    set(path, value) {
      const patch = { [`form.${path}`]: value };
      const key = path.split(/[.[]/)[0];
      if (this.data.errors[key]) patch[`errors.${key}`] = '';
      this.setData(patch);
    },
    onInput(e) {
      this.set(e.currentTarget.dataset.field, e.detail.value);
    },
    onSwitch(e) {
      this.set(e.currentTarget.dataset.field, !!e.detail.value);
    },
    onElder(e) {
      this.set('elderMode', !!e.detail.value);
      prefs.setElder(!!e.detail.value);
    },
    async onPhone(e) {
      const r = await me.bindPhone(e.detail);
      if (r.user) this.set('phone', r.user.phone);
      if (r.message) wx.showToast({ title: r.message, icon: r.user ? 'success' : 'none' });
    },
    // 工种
    openJobType() {
      this.setData({ jobTypeVisible: true });
    },
    closeJobType() {
      this.setData({ jobTypeVisible: false });
    },
    onJobType(e) {
      this.set('jobTypes', wp.addJobType(this.data.form, e.detail));
    },
    onYears(e) {
      this.set(`jobTypes[${e.currentTarget.dataset.index}].years`, e.detail.value);
    },
    removeJobType(e) {
      const i = Number(e.currentTarget.dataset.index);
      this.set('jobTypes', this.data.form.jobTypes.filter((_, k) => k !== i));
    },
    // certificates
    addCertificate() {
      this.set('certificates', wp.addCertificate(this.data.form));
    },
    removeCertificate(e) {
      const i = Number(e.currentTarget.dataset.index);
      this.set('certificates', this.data.form.certificates.filter((_, k) => k !== i));
    },
    onCertInput(e) {
      const { index, key } = e.currentTarget.dataset;
      this.set(`certificates[${index}].${key}`, e.detail.value);
    },
    openCertDate(e) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ certDateVisible: true, certDateIndex: i, certDateValue: this.data.form.certificates[i].expiresOn || this.data.today });
    },
    closeCertDate() {
      this.setData({ certDateVisible: false });
    },
    onCertDate(e) {
      this.set(`certificates[${this.data.certDateIndex}].expiresOn`, e.detail.value);
      this.setData({ certDateVisible: false });
    },
    // regions: `home` is where the worker lives, `work` adds a region willing to work in
    openRegion(e) {
      this.setData({ regionVisible: true, regionTarget: e.currentTarget.dataset.target });
    },
    closeRegion() {
      this.setData({ regionVisible: false });
    },
    onRegion(e) {
      const r = { code: e.detail.code, name: e.detail.name };
      if (this.data.regionTarget === 'home') this.set('region', r);
      else this.set('regions', wp.addRegion(this.data.form, r));
    },
    removeRegion(e) {
      const i = Number(e.currentTarget.dataset.index);
      this.set('regions', this.data.form.regions.filter((_, k) => k !== i));
    },
    chooseHome() {
      const f = this.data.form;
      const opts = typeof f.lat === 'number' ? { latitude: f.lat, longitude: f.lng } : {};
      wx.chooseLocation(
        Object.assign(opts, {
          success: (res) => {
            this.set('lat', res.latitude);
            this.set('lng', res.longitude);
          },
        }),
      );
    },
    onToggleSlot(e) {
      this.set('availability', wp.toggleSlot(this.data.form, e.detail.day, e.detail.slot));
    },
    async onSave() {
      const { body, errors } = wp.toBody(this.data.form);
      if (!body) {
        this.setData({ errors });
        wx.showToast({ title: '请按提示修改标红的项目', icon: 'none' });
        return;
      }
      this.setData({ saving: true, errors: {} });
      try {
        const w = await profileApi.saveWorker(body, { toast: false });
        this.setData({ saving: false, form: wp.fromServer(w) });
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (err) {
        const r = wp.serverErrors(err);
        this.setData({ saving: false, errors: r.errors });
        wx.showToast({ title: r.summary, icon: 'none' });
      }
    },
  },
});
