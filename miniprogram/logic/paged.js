// One page-by-page list (infinite scroll): which page comes next, whether there is more, and never two loads
// at once. fetch(page) resolves the API's {items, page, page_size, total}. The state is a plain object a page
// copies into setData.
'use strict';

function create(fetch, opts) {
  const map = (opts && opts.map) || ((x) => x);
  const state = { items: [], page: 0, total: 0, loading: false, done: false, error: '' };
  let generation = 0;

  async function load(reset) {
    if (state.loading && !reset) return state;
    if (!reset && state.done) return state;
    const gen = reset ? ++generation : generation;
    const page = reset ? 1 : state.page + 1;
    state.loading = true;
    state.error = '';
    if (reset) {
      state.items = [];
      state.page = 0;
      state.total = 0;
      state.done = false;
    }
    try {
      const res = await fetch(page);
      if (gen !== generation) return state; // a newer reset won; drop this answer
      const items = (res.items || []).map(map);
      state.items = state.items.concat(items);
      state.page = page;
      state.total = res.total || 0;
      state.done = items.length === 0 || state.items.length >= state.total;
    } catch (e) {
      if (gen !== generation) return state;
      state.error = e.message || '加载失败';
    } finally {
      if (gen === generation) state.loading = false;
    }
    return state;
  }

  return {
    state,
    reload: () => load(true),
    more: () => load(false),
  };
}

module.exports = { create };
