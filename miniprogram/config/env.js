// The API base URL of each WeChat environment (开发版 develop, 体验版 trial, 正式版 release, from
// wx.getAccountInfoSync()); only this file knows server addresses. trial/release hosts are placeholders for the
// bureau's HTTPS domain (also a request合法域名 in the admin console). The local address is used only inside
// DevTools: a develop build on a phone is 预览/真机调试 (set lg.devBaseUrl) or WeChat's review, which must see
// production. Develop builds also read lg.devBaseUrl, lg.devLoginName and lg.devPhone from storage (the local
// demo's WeChat double accepts only test:<name> and phone:<digits>); trial and release ignore them.
'use strict';

const ENVIRONMENTS = {
  develop: 'http://127.0.0.1:8080/api/v1',
  trial: 'https://trial.linggong.example.cn/api/v1',
  release: 'https://linggong.example.cn/api/v1',
};

const DEV_KEYS = { baseUrl: 'lg.devBaseUrl', loginName: 'lg.devLoginName', phone: 'lg.devPhone' };
const DEV_PATTERNS = { baseUrl: /^https?:\/\/[^\s]+$/, loginName: /^[A-Za-z0-9_-]{1,40}$/, phone: /^1[3-9]\d{9}$/ };

// Returns 'develop', 'trial' or 'release' ('develop' when the runtime cannot tell).
function envVersion() {
  try {
    const info = wx.getAccountInfoSync();
    const v = info && info.miniProgram && info.miniProgram.envVersion;
    return ENVIRONMENTS[v] ? v : 'develop';
  } catch (e) {
    return 'develop';
  }
}

function inDevtools() {
  try {
    const info = typeof wx.getDeviceInfo === 'function' ? wx.getDeviceInfo() : wx.getSystemInfoSync();
    return info.platform === 'devtools';
  } catch (e) {
    return false;
  }
}

// A developer setting ('baseUrl', 'loginName' or 'phone') in a develop build, or null.
function devSetting(name) {
  if (envVersion() !== 'develop') return null;
  let v = '';
  try {
    v = wx.getStorageSync(DEV_KEYS[name]) || '';
  } catch (e) {
    v = '';
  }
  return DEV_PATTERNS[name].test(String(v)) ? String(v) : null;
}

// Returns the base URL (no trailing slash) requests go to.
function baseUrl() {
  const override = devSetting('baseUrl');
  if (override) return override.replace(/\/+$/, '');
  const env = envVersion();
  return env === 'develop' && !inDevtools() ? ENVIRONMENTS.release : ENVIRONMENTS[env];
}

module.exports = { ENVIRONMENTS, DEV_KEYS, envVersion, baseUrl, devSetting };
