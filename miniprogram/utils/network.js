// Watches the network type so requests wait longer on weak signals (2G/3G in the countryside) and fail at
// once when the phone says it is offline. Holds no data besides the last reported state.
'use strict';

// Per-attempt timeouts in ms. WeChat's default is 60 s, which on a dead connection feels like a hang.
const TIMEOUTS = { wifi: 10000, '5g': 10000, '4g': 12000, '3g': 20000, '2g': 30000, unknown: 20000, none: 20000 };
const WEAK_TIMEOUT = 30000;

const state = { type: 'unknown', connected: true, weak: false };
let started = false;

function update(type, connected, weak) {
  if (type) state.type = type;
  if (typeof connected === 'boolean') state.connected = connected;
  if (typeof weak === 'boolean') state.weak = weak;
}

// Starts listening (idempotent). app.js calls it at launch; request.js calls it on first use.
function start() {
  if (started) return;
  started = true;
  try {
    wx.getNetworkType({
      success(res) {
        update(res.networkType, res.networkType !== 'none', !!res.weakNet);
      },
    });
  } catch (e) {
    /* older base library: keep the defaults */
  }
  try {
    wx.onNetworkStatusChange((res) => update(res.networkType, res.isConnected, false));
  } catch (e) {
    /* not available */
  }
  if (typeof wx.onNetworkWeakChange === 'function') {
    try {
      wx.onNetworkWeakChange((res) => update(res.networkType, undefined, !!res.weak));
    } catch (e) {
      /* not available */
    }
  }
}

// Returns the timeout in ms for one attempt on the current network.
function timeoutMs() {
  const t = TIMEOUTS[state.type] || TIMEOUTS.unknown;
  return state.weak ? Math.max(t, WEAK_TIMEOUT) : t;
}

function isOffline() {
  return state.connected === false;
}

// For tests and for the network listener only.
function _set(type, connected, weak) {
  update(type, connected, weak);
}

module.exports = { start, timeoutMs, isOffline, TIMEOUTS, WEAK_TIMEOUT, _set, _state: state };
