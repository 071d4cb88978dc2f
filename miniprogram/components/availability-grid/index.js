// The weekly free-time grid of the worker profile: seven days × 上午/下午/晚上, big tap targets. Takes the
// rows of logic/worker-profile.js (availability) and reports taps as `toggle` {day, slot}; the page owns the state.
'use strict';

Component({
  properties: {
    days: { type: Array, value: [] },
    readonly: { type: Boolean, value: false },
  },
  methods: {
    onTap(e) {
      if (this.data.readonly) return;
      const { day, slot } = e.currentTarget.dataset;
      this.triggerEvent('toggle', { day, slot });
    },
  },
});
