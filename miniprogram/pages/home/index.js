// Home tab: the 找活/招工 switch (remembered in utils/prefs.js) over the worker's recommended and nearby gigs
// or the employer's profile state and latest gigs. Logic in logic/home.js.
'use strict';
const pageBehavior = require('../../behaviors/page');
const prefs = require('../../utils/prefs');
const location = require('../../utils/location');
const home = require('../../logic/home');

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    located: false,
    recommended: [],
    nearby: [],
    employer: null,
    recent: [],
  },
  methods: {
    onShow() {
      this.refresh();
    },
    onPullDownRefresh() {
      this.refresh({ freshLocation: true }).then(() => wx.stopPullDownRefresh());
    },
    async refresh(opts) {
      const role = prefs.getRole();
      const seq = (this._seq = (this._seq || 0) + 1); // a role switch mid-load must not show the old role's answer
      this.setData({ loading: true, error: '' });
      if (role === 'employer') {
        const r = await home.employerHome();
        if (seq !== this._seq) return;
        this.setData({ loading: false, error: r.error, employer: r.employer, recent: r.recent });
      } else {
        const loc = await location.current({ fresh: !!(opts && opts.freshLocation) });
        const r = await home.workerHome(loc);
        if (seq !== this._seq) return;
        this.setData({ loading: false, error: r.error, located: r.located, recommended: r.recommended, nearby: r.nearby });
      }
    },
    onRole(e) {
      const role = e.currentTarget.dataset.role;
      if (role === this.data.role) return;
      prefs.setRole(role);
      this.refresh();
    },
    onSearch() {
      wx.navigateTo({ url: '/pages/search/index' });
    },
    onLocate() {
      this.refresh({ freshLocation: true });
    },
    onStations() {
      wx.switchTab({ url: '/pages/stations/index' });
    },
    onWorkerProfile() {
      wx.navigateTo({ url: '/pages/worker/profile' });
    },
    onEmployerProfile() {
      wx.navigateTo({ url: '/pages/employer/profile' });
    },
    onPost() {
      wx.navigateTo({ url: '/pages/employer/gig-edit' });
    },
    onMyGigs() {
      wx.navigateTo({ url: '/pages/employer/gigs' });
    },
  },
});
