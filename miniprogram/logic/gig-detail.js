// Gig detail: load the gig, and hand its place to WeChat's map app for navigation. Applying belongs to the
// applications issue; until then the page shows the button disabled (即将开放) and never pretends.
'use strict';
const gigs = require('../services/gigs');
const present = require('./present');

const APPLY_TEXT = '报名（即将开放）';

// Resolves {gig, error}.
async function load(id, now) {
  try {
    const g = await gigs.getGig(id, { toast: false });
    return { gig: present.gigDetail(g, now), error: '' };
  } catch (e) {
    return { gig: null, error: e.message };
  }
}

// Opens the site in WeChat's map (navigation from there).
function navigate(view) {
  if (!view || typeof view.lat !== 'number' || typeof view.lng !== 'number') return false;
  wx.openLocation({ latitude: view.lat, longitude: view.lng, name: view.title, address: view.address, scale: 16 });
  return true;
}

module.exports = { load, navigate, APPLY_TEXT };
