// Client-side checks that give an answer before a slow round trip: the check digits of 居民身份证号
// (GB 11643) and 统一社会信用代码 (GB 32100 with its GB 11714 organisation code), and mainland mobile numbers. The server checks again; these only
// spare the user a wait. Pure functions.
'use strict';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

// True for an 18-character ID number with a real birth date and a correct check character.
function idNumber(s) {
  const v = String(s || '').trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const y = +v.slice(6, 10);
  const m = +v.slice(10, 12);
  const d = +v.slice(12, 14);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (v.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === v[17];
}

const CC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

// The GB 11714 check character of the 8-character organisation code body (digits and A–Z = 10–35).
function orgCheck(body) {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body[i];
    sum += (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55) * ORG_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

// True for an 18-character unified social credit code whose embedded organisation code (characters 9–17)
// and final character both check.
function creditCode(s) {
  const v = String(s || '').trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v)) return false;
  if (orgCheck(v.slice(8, 16)) !== v[16]) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CC_CHARS.indexOf(v[i]) * CC_WEIGHTS[i];
  const check = (31 - (sum % 31)) % 31;
  return CC_CHARS[check] === v[17];
}

// True for an 11-digit mainland mobile number.
function mobile(s) {
  return /^1[3-9]\d{9}$/.test(String(s || '').trim());
}

// True for a value the server sent back masked (138****1234, 4502**********123X): not something to re-send.
function isMasked(s) {
  return /\*/.test(String(s || ''));
}

module.exports = { idNumber, creditCode, mobile, isMasked };
