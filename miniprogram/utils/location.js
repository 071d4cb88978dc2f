// The phone's position for "nearby" lists, in GCJ-02 (the datum of WeChat's map, wx.chooseLocation and
// wx.openLocation). A refused permission is not an error: callers get null and show lists without distance.
// The last fix is kept for ten minutes so every tab does not wake the GPS.
'use strict';

const KEY = 'lg.lastLocation';
const MAX_AGE_MS = 10 * 60 * 1000;

// Resolves {lat, lng} or null.
function current(opts) {
  const fresh = opts && opts.fresh;
  if (!fresh) {
    try {
      const c = wx.getStorageSync(KEY);
      if (c && Date.now() - c.at < MAX_AGE_MS) return Promise.resolve({ lat: c.lat, lng: c.lng });
    } catch (e) {
      /* no cache */
    }
  }
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      success(res) {
        const loc = { lat: res.latitude, lng: res.longitude };
        try {
          wx.setStorageSync(KEY, { lat: loc.lat, lng: loc.lng, at: Date.now() });
        } catch (e) {
          /* cache is optional */
        }
        resolve(loc);
      },
      fail() {
        resolve(null);
      },
    });
  });
}

module.exports = { current, KEY, MAX_AGE_MS };
