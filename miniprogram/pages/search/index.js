// Gig search with filters (工种, region, minimum pay, dates, distance, sort) and infinite scroll. The filter
// state and the /gigs query are in logic/search.js; this page only shows them.
'use strict';
const pageBehavior = require('../../behaviors/page');
const pagedList = require('../../behaviors/paged-list');
const location = require('../../utils/location');
const format = require('../../utils/format');
const search = require('../../logic/search');

const RADIUS_OPTIONS = search.RADII.map((km) => ({ value: km, label: km ? `${km} 公里内` : '不限' }));

Component({
  behaviors: [pageBehavior, pagedList],
  data: {
    filters: search.defaults(),
    draft: search.defaults(),
    chips: [],
    items: [],
    total: 0,
    loading: false,
    done: false,
    error: '',
    located: false,
    jobTypeVisible: false,
    regionVisible: false,
    moreVisible: false,
    dateVisible: false,
    dateField: '',
    dateValue: '',
    dateStart: '',
    sortOptions: search.SORTS,
    radiusOptions: RADIUS_OPTIONS,
  },
  methods: {
    async onLoad(query) {
      const filters = search.defaults();
      if (query && query.q) filters.q = decodeURIComponent(query.q);
      this._loc = await location.current();
      this.setData({ filters, located: !!this._loc, dateStart: format.shanghaiDate() });
      this.reload();
    },
    reload() {
      const f = this.data.filters;
      this._list = search.list(f, this._loc);
      this.setData({ chips: search.chips(f, this._loc) });
      return this.fetch(this._list.reload());
    },
    listExtras(s) {
      return { total: s.total };
    },
    onRetry() {
      if (this.data.items.length && this._list) this.fetch(this._list.more());
      else this.reload();
    },
    onQueryChange(e) {
      this.setData({ 'filters.q': e.detail.value });
    },
    onQuerySubmit() {
      this.reload();
    },
    onQueryClear() {
      this.setData({ 'filters.q': '' });
      this.reload();
    },
    // 工种
    openJobType() {
      this.setData({ jobTypeVisible: true });
    },
    closeJobType() {
      this.setData({ jobTypeVisible: false });
    },
    onJobType(e) {
      this.setData({ 'filters.jobType': { id: e.detail.id, name: e.detail.name } });
      this.reload();
    },
    // region
    openRegion() {
      this.setData({ regionVisible: true });
    },
    closeRegion() {
      this.setData({ regionVisible: false });
    },
    onRegion(e) {
      this.setData({ 'filters.region': { code: e.detail.code, name: e.detail.name } });
      this.reload();
    },
    // pay, dates, distance and sort are edited as a draft and applied together
    openMore() {
      this.setData({ moreVisible: true, draft: Object.assign({}, this.data.filters) });
    },
    closeMore() {
      this.setData({ moreVisible: false });
    },
    onMoreVisible(e) {
      if (!e.detail.visible) this.closeMore();
    },
    onPayMin(e) {
      this.setData({ 'draft.payMin': e.detail.value });
    },
    onRadius(e) {
      this.setData({ 'draft.radiusKm': Number(e.detail.value) });
    },
    onSort(e) {
      this.setData({ 'draft.sort': e.detail.value });
    },
    openDate(e) {
      const field = e.currentTarget.dataset.field;
      this.setData({ dateVisible: true, dateField: field, dateValue: this.data.draft[field] || format.shanghaiDate() });
    },
    closeDate() {
      this.setData({ dateVisible: false });
    },
    onDate(e) {
      this.setData({ [`draft.${this.data.dateField}`]: e.detail.value, dateVisible: false });
    },
    clearDates() {
      this.setData({ 'draft.dateFrom': '', 'draft.dateTo': '' });
    },
    applyMore() {
      const draft = Object.assign({}, this.data.filters, {
        payMin: this.data.draft.payMin,
        dateFrom: this.data.draft.dateFrom,
        dateTo: this.data.draft.dateTo,
        radiusKm: this.data.draft.radiusKm,
        sort: this.data.draft.sort,
      });
      const { error } = search.toQuery(draft, this._loc, 1);
      if (error) {
        wx.showToast({ title: error, icon: 'none' });
        return;
      }
      this.setData({ filters: draft, moreVisible: false });
      this.reload();
    },
    resetFilters() {
      this.setData({ filters: Object.assign(search.defaults(), { q: this.data.filters.q }), moreVisible: false });
      this.reload();
    },
  },
});
