// Picks a region (行政区划) level by level from GET /regions?parent=, loading each level only when it is
// opened (a province has hundreds of towns). `min-level` stops a choice above that level (3 = 区县, which the
// gig form needs). Emits `change` {code, name, level, fullName} and `close`.
'use strict';
const reference = require('../../services/reference');

Component({
  properties: {
    visible: { type: Boolean, value: false },
    title: { type: String, value: '选择地区' },
    minLevel: { type: Number, value: 1 },
  },
  data: { path: [], items: [], loading: false, error: '', canPickHere: false },
  observers: {
    visible(v) {
      if (v && !this.data.items.length && !this.data.loading) this.load();
    },
  },
  methods: {
    async load() {
      const path = this.data.path;
      const parent = path.length ? path[path.length - 1].code : '';
      const minLevel = this.data.minLevel;
      this.setData({ loading: true, error: '', items: [] });
      try {
        const regions = await reference.regions(parent || undefined, { toast: false });
        this.setData({
          loading: false,
          items: regions.map((r) => ({
            code: r.code,
            name: r.name,
            level: r.level,
            hasChildren: !!r.has_children,
            disabled: !r.has_children && r.level < minLevel,
          })),
          canPickHere: path.length > 0 && path[path.length - 1].level >= minLevel,
        });
      } catch (e) {
        this.setData({ loading: false, error: e.message });
      }
    },
    onItem(e) {
      const item = this.data.items[e.currentTarget.dataset.index];
      if (!item || item.disabled) return;
      const path = this.data.path.concat([{ code: item.code, name: item.name, level: item.level }]);
      if (item.hasChildren) {
        this.setData({ path });
        this.load();
      } else {
        this.choose(path);
      }
    },
    onPickHere() {
      if (this.data.canPickHere) this.choose(this.data.path);
    },
    onCrumb(e) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ path: this.data.path.slice(0, index) });
      this.load();
    },
    choose(path) {
      const last = path[path.length - 1];
      if (!last || last.level < this.data.minLevel) return;
      this.triggerEvent('change', {
        code: last.code,
        name: last.name,
        level: last.level,
        fullName: path.map((p) => p.name).join(' '),
      });
      this.triggerEvent('close');
    },
    onVisibleChange(e) {
      if (!e.detail.visible) this.triggerEvent('close');
    },
    onClose() {
      this.triggerEvent('close');
    },
  },
});
