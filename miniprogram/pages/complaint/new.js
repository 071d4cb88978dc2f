// 我要投诉: a complaint (诉求) about the other side of an application (from 我的报名) or a gig reported as
// false information (from its detail page): the type, what happened, up to 6 photos as evidence. The form's
// rules and the uploads are logic/complaints.js; after filing, the page opens the complaint's progress.
'use strict';
const pageBehavior = require('../../behaviors/page');
const logic = require('../../logic/complaints');

Component({
  behaviors: [pageBehavior],
  data: {
    form: null,
    categories: logic.CATEGORIES,
    textMax: logic.TEXT_MAX,
    imagesMax: logic.IMAGES_MAX,
    errors: {},
    uploading: '',
    submitting: false,
  },
  methods: {
    onLoad(query) {
      const form = logic.initialForm(query);
      const errors = form.respondentId ? {} : logic.validate(form);
      this.setData({ form, errors: { respondent: errors.respondent || '' } });
    },
    onCategory(e) {
      this.setData({ 'form.category': e.detail.value, 'errors.category': '' });
    },
    onText(e) {
      this.setData({ 'form.text': e.detail.value, 'errors.text': '' });
    },
    async onAddImages() {
      if (this.data.uploading) return;
      const room = logic.IMAGES_MAX - this.data.form.images.length;
      this.setData({ uploading: '正在上传…' });
      const r = await logic.pickAndUpload(room, (done, total) => this.setData({ uploading: `正在上传 ${done}/${total}` }));
      this.setData({ 'form.images': this.data.form.images.concat(r.added), uploading: '', 'errors.images': r.message });
    },
    onRemoveImage(e) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ 'form.images': this.data.form.images.filter((_, k) => k !== i) });
    },
    onPreview(e) {
      const urls = this.data.form.images.map((x) => x.path);
      wx.previewImage({ current: urls[Number(e.currentTarget.dataset.index)], urls });
    },
    async onSubmit() {
      if (this.data.submitting || this.data.uploading) return;
      const errors = logic.validate(this.data.form);
      if (Object.keys(errors).length) {
        this.setData({ errors });
        return;
      }
      this.setData({ submitting: true, errors: {} });
      try {
        const c = await logic.submit(this.data.form);
        this.setData({ submitting: false });
        wx.showToast({ title: '诉求已提交', icon: 'success' });
        wx.redirectTo({ url: `/pages/complaint/detail?id=${c.id}` });
      } catch (err) {
        const field = { text: 'text', image_ids: 'images', category: 'category' }[err.field] || 'submit';
        this.setData({ submitting: false, errors: { [field]: err.message } });
      }
    },
  },
});
