// The home tab. 找活 (worker): "recommended" is the newest gigs near the phone until the recommendation
// route exists, and "nearby" is the nearest open gigs. 招工 (employer): the employer profile's state and the
// latest own gigs. Errors come back as text for the page to show in place (no fake data).
'use strict';
const gigs = require('../services/gigs');
const profile = require('../services/profile');
const present = require('./present');

const RECOMMEND_RADIUS_KM = 50;
const NEARBY_RADIUS_KM = 10;

// Resolves {recommended, nearby, located, error}.
async function workerHome(loc, now) {
  const card = (g) => present.gigCard(g, now);
  const rec = loc
    ? { sort: 'new', lat: loc.lat, lng: loc.lng, radius_km: RECOMMEND_RADIUS_KM, page_size: 5 }
    : { sort: 'new', page_size: 5 };
  try {
    const [a, b] = await Promise.all([
      gigs.search(rec, { toast: false }),
      loc
        ? gigs.search({ sort: 'distance', lat: loc.lat, lng: loc.lng, radius_km: NEARBY_RADIUS_KM, page_size: 10 }, { toast: false })
        : Promise.resolve({ items: [] }),
    ]);
    return { recommended: a.items.map(card), nearby: b.items.map(card), located: !!loc, error: '' };
  } catch (e) {
    return { recommended: [], nearby: [], located: !!loc, error: e.message };
  }
}

// Resolves {employer, recent, error}; employer is the view of /me/employer (exists false before the first save).
async function employerHome(now) {
  try {
    const employer = await profile.getEmployer({ toast: false });
    let recent = [];
    if (employer && employer.exists) {
      const list = await gigs.myGigs({ page: 1, page_size: 5 }, { toast: false });
      recent = list.items.map((g) => present.gigCard(g, now));
    }
    return {
      employer: {
        exists: !!(employer && employer.exists),
        name: (employer && employer.name) || '',
        verificationText: present.verificationText(employer),
        verificationTheme: present.VERIFICATION_THEME[(employer && employer.verification) || 'unverified'],
      },
      recent,
      error: '',
    };
  } catch (e) {
    return { employer: null, recent: [], error: e.message };
  }
}

module.exports = { workerHome, employerHome, RECOMMEND_RADIUS_KM, NEARBY_RADIUS_KM };
