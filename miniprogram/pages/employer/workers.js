// 找工人: discoverable workers filtered by 工种, region and a date they should be free, as masked cards (name,
// age, 工种 with years, credit, distance), with 邀请 to one of my published gigs (the one this page was opened
// for, or picked from a list). Logic in logic/find-workers.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const location = require('../../utils/location');
const format = require('../../utils/format');
const logic = require('../../logic/find-workers');

Component({
  behaviors: [pageBehavior, pagedList],
  data: {
    filters: logic.defaults(),
    chips: [],
    items: [],
    total: 0,
    loading: false,
    done: false,
    error: '',
    gigId: '',
    invited: {},
    busyId: '',
    jobTypeVisible: false,
    regionVisible: false,
    dateVisible: false,
    dateStart: '',
  },
  methods: {
    async onLoad(query) {
      const q = query || {};
      this.setData({ gigId: q.gig || '', dateStart: format.shanghaiDate() });
      this._loc = await location.current();
      this.reload();
    },
    reload() {
      const f = this.data.filters;
      this._list = logic.list(f, this._loc);
      this.setData({ chips: logic.chips(f) });
      return this.fetch(this._list.reload());
    },
    listExtras(s) {
      return { total: s.total };
    },
    openJobType() {
      this.setData({ jobTypeVisible: true });
    },
    closeJobType() {
      this.setData({ jobTypeVisible: false });
    },
    onJobType(e) {
      this.setData({ 'filters.jobType': { id: e.detail.id, name: e.detail.name }, jobTypeVisible: false });
      this.reload();
    },
    openRegion() {
      this.setData({ regionVisible: true });
    },
    closeRegion() {
      this.setData({ regionVisible: false });
    },
    onRegion(e) {
      this.setData({ 'filters.region': { code: e.detail.code, name: e.detail.name }, regionVisible: false });
      this.reload();
    },
    openDate() {
      this.setData({ dateVisible: true });
    },
    closeDate() {
      this.setData({ dateVisible: false });
    },
    onDate(e) {
      this.setData({ 'filters.date': e.detail.value, dateVisible: false });
      this.reload();
    },
    resetFilters() {
      this.setData({ filters: logic.defaults() });
      this.reload();
    },
    // The gig to invite to: the one the page was opened for, else one picked from my published gigs.
    async pickGig() {
      if (this.data.gigId) return this.data.gigId;
      let gigs;
      try {
        gigs = await logic.invitableGigs();
      } catch (err) {
        wx.showToast({ title: (err && err.message) || '加载失败', icon: 'none' });
        return null;
      }
      if (!gigs.length) {
        wx.showToast({ title: '没有正在招募的岗位，先发布招工吧', icon: 'none' });
        return null;
      }
      if (gigs.length === 1) return gigs[0].id;
      const shown = gigs.slice(0, 6);
      return new Promise((resolve) => {
        wx.showActionSheet({
          itemList: shown.map((g) => g.title),
          success: (res) => resolve(shown[res.tapIndex] ? shown[res.tapIndex].id : null),
          fail: () => resolve(null),
        });
      });
    },
    async onInvite(e) {
      const id = e.currentTarget.dataset.id;
      if (this.data.busyId || this.data.invited[id]) return;
      const gigId = await this.pickGig();
      if (!gigId) return;
      this.setData({ busyId: String(id) });
      try {
        const r = await logic.invite(gigId, id);
        this.setData({ busyId: '', [`invited.${id}`]: true });
        wx.showToast({ title: r.message, icon: 'success' });
      } catch (err) {
        // request.js has shown the server's message (already invited, gig full …)
        this.setData({ busyId: '' });
      }
    },
  },
});
