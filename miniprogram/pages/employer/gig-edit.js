// Post a new gig or edit one (?id=): title, 工种, pay and its unit, headcount, start and end, the site picked on
// WeChat's map (wx.chooseLocation) and its 区县, and the description. 保存草稿 keeps a draft; 提交发布 sends it
// to review (or straight out for verified employers); 保存修改 on a listed gig sends it back to review. Errors
// from the server, including the word filter's 422, show under the field they name.
'use strict';
const pageBehavior = require('../../behaviors/page');
const gigsApi = require('../../services/gigs');
const profileApi = require('../../services/profile');
const format = require('../../utils/format');
const gf = require('../../logic/gig-form');
const present = require('../../logic/present');

const YEAR_MS = 365 * 86400 * 1000; // the server refuses a start more than a year ahead

Component({
  behaviors: [pageBehavior],
  data: {
    id: '',
    loading: true,
    loadError: '',
    needsProfile: false,
    saving: '',
    status: '',
    form: gf.emptyForm(null),
    errors: {},
    unitOptions: format.UNIT_OPTIONS,
    limits: gf.LIMITS,
    jobTypeVisible: false,
    regionVisible: false,
    timeVisible: false,
    timeField: '',
    timeValue: '',
    timeStart: '',
    timeEnd: '',
  },
  methods: {
    onLoad(query) {
      this.setData({ id: (query && query.id) || '' });
      if (this.data.id) wx.setNavigationBarTitle({ title: '修改招工' });
      this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      try {
        if (this.data.id) {
          const g = await gigsApi.getGig(this.data.id, { toast: false });
          this.setData({ loading: false, form: gf.fromGig(g), status: g.status });
        } else {
          const e = await profileApi.getEmployer({ toast: false });
          this.setData({ loading: false, needsProfile: !e.exists, form: gf.emptyForm(e.region) });
        }
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
      const field = e.currentTarget.dataset.field;
      this.set(field, e.detail.value);
      if (field === 'payYuan' || field === 'payUnit') this.setData({ 'errors.pay': '' });
    },
    openJobType() {
      this.setData({ jobTypeVisible: true });
    },
    closeJobType() {
      this.setData({ jobTypeVisible: false });
    },
    onJobType(e) {
      this.set('jobType', { id: e.detail.id, name: e.detail.name });
    },
    openRegion() {
      this.setData({ regionVisible: true });
    },
    closeRegion() {
      this.setData({ regionVisible: false });
    },
    onRegion(e) {
      this.set('region', { code: e.detail.code, name: e.detail.name });
    },
    openTime(e) {
      const field = e.currentTarget.dataset.field;
      const now = format.utcToShanghai(Date.now());
      this.setData({
        timeVisible: true,
        timeField: field,
        timeValue: this.data.form[field] || (field === 'endsAt' && this.data.form.startsAt) || now,
        timeStart: now,
        timeEnd: format.utcToShanghai(Date.now() + YEAR_MS),
      });
    },
    closeTime() {
      this.setData({ timeVisible: false });
    },
    onTime(e) {
      this.set(this.data.timeField, e.detail.value);
      this.setData({ timeVisible: false });
    },
    chooseSite() {
      const f = this.data.form;
      const opts = typeof f.lat === 'number' ? { latitude: f.lat, longitude: f.lng } : {};
      wx.chooseLocation(
        Object.assign(opts, {
          success: (res) => {
            const place = gf.fromChosenLocation(res);
            this.setData({ 'form.address': place.address, 'form.lat': place.lat, 'form.lng': place.lng, 'errors.address': '' });
          },
        }),
      );
    },
    onFillProfile() {
      wx.redirectTo({ url: '/pages/employer/profile' });
    },
    onDraft() {
      this.save(false);
    },
    onSubmit() {
      this.save(true);
    },
    async save(submit) {
      const { body, errors } = gf.toBody(this.data.form);
      if (!body) {
        this.setData({ errors });
        wx.showToast({ title: '请按提示修改标红的项目', icon: 'none' });
        return;
      }
      this.setData({ saving: submit ? 'submit' : 'draft', errors: {} });
      try {
        let g;
        if (!this.data.id) {
          g = await gigsApi.createGig(Object.assign({ submit }, body), { toast: false });
        } else {
          // an edit keeps the state (a published gig goes back to review); a draft or rejected gig is then submitted
          g = await gigsApi.updateGig(this.data.id, body, { toast: false });
          if (submit && (g.status === 'draft' || g.status === 'rejected')) g = await gigsApi.submitGig(g.id, { toast: false });
        }
        this.setData({ saving: '', id: String(g.id), status: g.status });
        const done = { draft: '草稿已保存', pending_review: '已提交审核', published: '已发布' }[g.status] || present.gigStatusText(g);
        wx.showToast({ title: done, icon: 'success' });
        if (submit) setTimeout(() => wx.redirectTo({ url: '/pages/employer/gigs' }), 800);
      } catch (err) {
        const r = gf.serverErrors(err);
        this.setData({ saving: '', errors: r.errors });
        wx.showToast({ title: r.summary, icon: 'none' });
      }
    },
  },
});
