// Shared by every page (pages are built with Component so they can share this): keeps `elder` and `role` in
// the page's data in step with utils/prefs.js, so each page root can say class="page {{elder ? 'elder' : ''}}"
// and restyle the moment the setting changes, including pages already open underneath.
'use strict';
const prefs = require('../utils/prefs');

module.exports = Behavior({
  data: { elder: false, role: 'worker' },
  lifetimes: {
    attached() {
      this.setData(prefs.snapshot());
      this._prefsOff = prefs.subscribe((s) => this.setData(s));
    },
    detached() {
      if (this._prefsOff) this._prefsOff();
      this._prefsOff = null;
    },
  },
});
