// One complaint (诉求) of mine: its status, what I wrote, the images (fetched with my token), the deadline
// while it is open, the outcome, and every step the bureau took, newest first.
'use strict';
const pageBehavior = require('../../behaviors/page');
const logic = require('../../logic/complaints');

Component({
  behaviors: [pageBehavior],
  data: { c: null, images: [], loading: true, error: '' },
  methods: {
    onLoad(query) {
      this._id = query.id;
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const c = await logic.load(this._id);
        this.setData({ c, loading: false });
        const images = await logic.imagePaths(c.images);
        this.setData({ images });
      } catch (err) {
        this.setData({ loading: false, error: err.message });
      }
    },
    onPreview(e) {
      const urls = this.data.images.filter(Boolean);
      wx.previewImage({ current: this.data.images[Number(e.currentTarget.dataset.index)], urls });
    },
  },
});
