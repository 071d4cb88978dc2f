// Loading, error (with 重试) and empty states of a list or page, so every screen says the same thing the same
// way. Shows nothing when none applies.
'use strict';

Component({
  properties: {
    loading: { type: Boolean, value: false },
    error: { type: String, value: '' },
    empty: { type: Boolean, value: false },
    emptyText: { type: String, value: '暂无内容' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
