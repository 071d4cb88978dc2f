// Device preferences every page honours: the 找活/招工 role last used and elder mode (large font, high
// contrast). Stored with wx.setStorageSync; subscribers (behaviors/page.js) hear every change so pages that
// are already open restyle at once.
'use strict';

const ROLE_KEY = 'lg.role';
const ELDER_KEY = 'lg.elder';
const ROLES = ['worker', 'employer'];
const listeners = [];

function read(key, dflt) {
  try {
    const v = wx.getStorageSync(key);
    return v === '' || v === undefined || v === null ? dflt : v;
  } catch (e) {
    return dflt;
  }
}

function snapshot() {
  return { role: getRole(), elder: getElder() };
}

function notify() {
  const s = snapshot();
  listeners.slice().forEach((fn) => fn(s));
}

// 'worker' (找活, the default) or 'employer' (招工)
function getRole() {
  const r = read(ROLE_KEY, 'worker');
  return ROLES.indexOf(r) >= 0 ? r : 'worker';
}

function setRole(role) {
  if (ROLES.indexOf(role) < 0) throw new Error(`unknown role ${role}`);
  wx.setStorageSync(ROLE_KEY, role);
  notify();
}

function getElder() {
  return read(ELDER_KEY, false) === true;
}

function setElder(on) {
  wx.setStorageSync(ELDER_KEY, !!on);
  notify();
}

// fn({role, elder}) on every change; returns the unsubscribe function.
function subscribe(fn) {
  listeners.push(fn);
  return () => {
    const i = listeners.indexOf(fn);
    if (i >= 0) listeners.splice(i, 1);
  };
}

module.exports = { ROLE_KEY, ELDER_KEY, getRole, setRole, getElder, setElder, subscribe, snapshot };
