// A gig in a list: title, pay with its unit, when, where, how far, who is hiring. Takes the view model from
// logic/present.js gigCard; tapping opens the detail page unless `link` is false. Actions go in the slot.
'use strict';

Component({
  options: { multipleSlots: true },
  properties: {
    gig: { type: Object, value: null },
    showStatus: { type: Boolean, value: false },
    link: { type: Boolean, value: true },
  },
  methods: {
    onTap() {
      const g = this.data.gig;
      if (!g) return;
      this.triggerEvent('open', { id: g.id });
      if (this.data.link) wx.navigateTo({ url: `/pages/gig/detail?id=${g.id}` });
    },
  },
});
