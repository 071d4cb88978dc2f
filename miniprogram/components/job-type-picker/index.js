// Picks a 工种 from the tree of GET /job-types (loaded once, revalidated with its ETag by services/). With
// `leaf-only` only the most specific types can be chosen (what a worker does); without it a whole branch can
// be chosen too (a search filter). Emits `change` {id, name} and `close`.
'use strict';
const reference = require('../../services/reference');

function view(nodes) {
  return (nodes || []).map((n) => ({ id: n.id, name: n.name, hasChildren: !!(n.children && n.children.length) }));
}

Component({
  properties: {
    visible: { type: Boolean, value: false },
    title: { type: String, value: '选择工种' },
    leafOnly: { type: Boolean, value: false },
  },
  data: { path: [], items: [], loading: false, error: '' },
  observers: {
    visible(v) {
      if (v && !this._tree && !this.data.loading) this.load();
    },
  },
  methods: {
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        this._tree = await reference.jobTypes({ toast: false });
        this.setData({ loading: false, path: [], items: view(this._tree) });
      } catch (e) {
        this.setData({ loading: false, error: e.message });
      }
    },
    nodesAt(path) {
      let nodes = this._tree || [];
      for (const p of path) {
        const n = nodes.find((x) => x.id === p.id);
        nodes = (n && n.children) || [];
      }
      return nodes;
    },
    onItem(e) {
      const item = this.data.items[e.currentTarget.dataset.index];
      if (!item) return;
      if (item.hasChildren) {
        const path = this.data.path.concat([{ id: item.id, name: item.name }]);
        this.setData({ path, items: view(this.nodesAt(path)) });
      } else {
        this.choose(item);
      }
    },
    onPickHere() {
      const last = this.data.path[this.data.path.length - 1];
      if (last && !this.data.leafOnly) this.choose(last);
    },
    onCrumb(e) {
      const path = this.data.path.slice(0, Number(e.currentTarget.dataset.index));
      this.setData({ path, items: view(this.nodesAt(path)) });
    },
    choose(item) {
      this.triggerEvent('change', { id: item.id, name: item.name });
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
