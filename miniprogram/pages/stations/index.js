// 零工驿站 map: markers on WeChat's map component, the nearest stations in a list, call a station
// (wx.makePhoneCall) or navigate to it (wx.openLocation). Without location the user picks a region instead.
'use strict';
const pageBehavior = require('../../behaviors/page');
const location = require('../../utils/location');
const stations = require('../../logic/stations');

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    located: false,
    items: [],
    markers: [],
    center: null,
    selectedId: null,
    region: null,
    regionVisible: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    onPullDownRefresh() {
      this.load({ freshLocation: true }).then(() => wx.stopPullDownRefresh());
    },
    async load(opts) {
      this.setData({ loading: true, error: '' });
      const loc = await location.current({ fresh: !!(opts && opts.freshLocation) });
      const region = this.data.region;
      const r = await stations.load(loc, region ? region.code : '');
      this.setData({
        loading: false,
        error: r.error,
        located: !!loc,
        items: r.items,
        markers: r.markers,
        center: r.center,
        selectedId: null,
      });
    },
    find(id) {
      return this.data.items.find((s) => String(s.id) === String(id));
    },
    onMarker(e) {
      this.setData({ selectedId: e.detail.markerId });
    },
    onSelect(e) {
      const s = this.find(e.currentTarget.dataset.id);
      if (s && typeof s.lat === 'number') this.setData({ selectedId: s.id, center: { lat: s.lat, lng: s.lng } });
    },
    onCall(e) {
      stations.call(this.find(e.currentTarget.dataset.id));
    },
    onNavigate(e) {
      stations.navigate(this.find(e.currentTarget.dataset.id));
    },
    openRegion() {
      this.setData({ regionVisible: true });
    },
    closeRegion() {
      this.setData({ regionVisible: false });
    },
    onRegion(e) {
      this.setData({ region: { code: e.detail.code, name: e.detail.name } });
      this.load();
    },
    clearRegion() {
      this.setData({ region: null });
      this.load();
    },
  },
});
