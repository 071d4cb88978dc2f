// 评价: after a completed engagement, the user rates the other side once — stars, up to 5 tags of their
// side's list, a short text — and sees both ratings: theirs only once revealed (both rated, or 7 days), their
// own always (marked when the bureau hid it). Logic in logic/rating.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const rating = require('../../logic/rating');

Component({
  behaviors: [pageBehavior],
  data: {
    app: '', title: '', view: null, tags: [], stars: 0, starList: [1, 2, 3, 4, 5], starText: '', text: '',
    textMax: rating.TEXT_MAX, loading: true, error: '', formError: '', sending: false,
  },
  methods: {
    onLoad(query) {
      this.setData({ app: (query && query.app) || '' });
      this.load();
    },
    async load() {
      if (!this.data.app) {
        this.setData({ loading: false, error: '缺少报名编号' });
        return;
      }
      this.setData({ loading: true, error: '' });
      const r = await rating.load(this.data.app);
      this.setData({ loading: false, error: r.error, view: r.view, tags: r.tags, title: r.title });
    },
    onStar(e) {
      const stars = Number(e.currentTarget.dataset.n);
      this.setData({ stars, starText: rating.STAR_TEXT[stars], formError: '' });
    },
    onTag(e) {
      const r = rating.toggleTag(this.data.tags, e.currentTarget.dataset.name);
      this.setData({ tags: r.tags, formError: r.error });
    },
    onText(e) {
      this.setData({ text: e.detail.value });
    },
    async onSubmit() {
      if (this.data.sending) return;
      this.setData({ sending: true, formError: '' });
      const r = await rating.submit(this.data.app, { stars: this.data.stars, tags: this.data.tags, text: this.data.text });
      this.setData({ sending: false, formError: r.error });
      if (r.rating) {
        wx.showToast({ title: '评价成功', icon: 'success' });
        this.load();
      }
    },
  },
});
