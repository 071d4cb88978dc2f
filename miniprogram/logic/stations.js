// 零工驿站 map: stations near the phone (or in a region), markers for the map component, the nearest list,
// calling a station (wx.makePhoneCall) and navigating to it (wx.openLocation).
'use strict';
const stationsApi = require('../services/stations');
const format = require('../utils/format');

function view(s) {
  const services = Array.isArray(s.services) ? s.services.join('、') : s.services || '';
  return {
    id: s.id,
    name: s.name,
    address: s.address || '',
    phone: s.phone || '',
    hours: s.hours || '',
    services,
    lat: s.lat,
    lng: s.lng,
    distance: format.distance(s.distance_m),
  };
}

function markers(items) {
  return items
    .filter((s) => typeof s.lat === 'number' && typeof s.lng === 'number')
    .map((s) => ({
      id: Number(s.id),
      latitude: s.lat,
      longitude: s.lng,
      title: s.name,
      width: 30,
      height: 40,
      callout: { content: s.name, display: 'BYCLICK', padding: 6, borderRadius: 6 },
    }));
}

// Resolves {items, markers, center, error}. loc is {lat, lng} or null; region a code or ''.
async function load(loc, region) {
  const query = { page_size: 50 };
  if (loc) {
    query.lat = loc.lat;
    query.lng = loc.lng;
  }
  if (region) query.region = region;
  try {
    const res = await stationsApi.stations(query, { toast: false });
    const items = res.items.map(view);
    const first = items.find((s) => typeof s.lat === 'number');
    const center = loc || (first ? { lat: first.lat, lng: first.lng } : null);
    return { items, markers: markers(items), center, error: '' };
  } catch (e) {
    return { items: [], markers: [], center: loc, error: e.message };
  }
}

function call(station) {
  if (!station || !station.phone) return false;
  wx.makePhoneCall({ phoneNumber: station.phone });
  return true;
}

function navigate(station) {
  if (!station || typeof station.lat !== 'number' || typeof station.lng !== 'number') return false;
  wx.openLocation({ latitude: station.lat, longitude: station.lng, name: station.name, address: station.address, scale: 16 });
  return true;
}

module.exports = { load, call, navigate, view, markers };
