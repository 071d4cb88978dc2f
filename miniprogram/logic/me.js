// 我的 page logic: sign in on demand, bind the phone from the getPhoneNumber button's code (the user may
// refuse, which is not an error), and a confirm dialog as a promise.
'use strict';
const auth = require('../utils/auth');
const env = require('../config/env');

// Resolves {user, error}.
async function signIn() {
  try {
    return { user: await auth.ensureUser(), error: '' };
  } catch (e) {
    return { user: null, error: e.message };
  }
}

// detail: the getphonenumber event's detail {code?, errMsg}. Resolves {user?, message}.
async function bindPhone(detail) {
  // develop builds against the local demo bind the number the WeChat double hands out (config/env.js)
  const devPhone = env.devSetting('phone');
  const code = (detail && detail.code) || (devPhone && `phone:${devPhone}`);
  if (!code) {
    const denied = detail && /deny|cancel/i.test(detail.errMsg || '');
    return { user: null, message: denied ? '未授权手机号，可以稍后再绑定' : '没有取到手机号，请稍后重试' };
  }
  try {
    const user = await auth.bindPhone(code);
    return { user, message: '手机号已绑定' };
  } catch (e) {
    return { user: null, message: e.message };
  }
}

function confirm(title, content) {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText: '确定',
      cancelText: '取消',
      success: (res) => resolve(!!res.confirm),
      fail: () => resolve(false),
    });
  });
}

module.exports = { signIn, bindPhone, confirm };
