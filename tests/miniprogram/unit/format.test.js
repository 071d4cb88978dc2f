// utils/format.js and utils/validate.js: money in fen with units, Asia/Shanghai display of UTC times whatever
// the phone's time zone, picker text ⇄ RFC 3339, distances, state labels (the server's first), and the ID /
// credit code / mobile checks.
'use strict';
const { mpRequire } = require('../helpers/mp');

const format = mpRequire('utils/format');
const validate = mpRequire('utils/validate');

test('money is integer fen shown as ¥ with two decimals and the unit', () => {
  expect(format.pay(18000, 'day')).toBe('¥180.00 元/天');
  expect(format.pay(2550, 'hour')).toBe('¥25.50 元/小时');
  expect(format.pay(5, 'piece')).toBe('¥0.05 元/件');
  expect(format.pay(300000, 'gig')).toBe('¥3000.00 元/单');
  expect(format.yuan(-1234)).toBe('-¥12.34');
  expect(format.pay(undefined, 'day')).toBe('');
});

test('typed yuan become fen exactly, without floating point, and bad amounts are refused', () => {
  expect(format.yuanToFen('180')).toBe(18000);
  expect(format.yuanToFen('180.5')).toBe(18050);
  expect(format.yuanToFen(' 0.07 ')).toBe(7);
  expect(format.yuanToFen('19.99')).toBe(1999); // 19.99 * 100 is 1998.9999… in floating point
  expect(format.yuanToFen('1.234')).toBeNull();
  expect(format.yuanToFen('-5')).toBeNull();
  expect(format.yuanToFen('abc')).toBeNull();
  expect(format.yuanToFen('')).toBeNull();
  expect(format.fenToYuanInput(18050)).toBe('180.50');
});

test('UTC instants are shown in Asia/Shanghai, including across midnight UTC', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  expect(format.dateTime('2026-11-21T16:30:00Z', now)).toBe('11月22日 周日 00:30');
  expect(format.dateTime('2027-01-02T01:00:00Z', now)).toBe('2027年1月2日 周六 09:00');
  expect(format.timeRange('2026-11-22T00:00:00Z', '2026-11-22T09:00:00Z', now)).toBe('11月22日 周日 08:00–17:00');
  expect(format.timeRange('2026-11-22T00:00:00Z', '2026-11-24T09:00:00Z', now)).toBe('11月22日 08:00 至 11月24日 17:00');
  expect(format.dateTime('not a time', now)).toBe('');
});

test('picker wall-clock text in Shanghai converts to RFC 3339 UTC and back', () => {
  expect(format.shanghaiToUtc('2026-11-22 08:30')).toBe('2026-11-22T00:30:00Z');
  expect(format.shanghaiToUtc('2026-11-22 07:00')).toBe('2026-11-21T23:00:00Z');
  expect(format.utcToShanghai('2026-11-21T23:00:00Z')).toBe('2026-11-22 07:00');
  expect(format.shanghaiToUtc('2026-02-30 08:00')).toBeNull();
  expect(format.shanghaiToUtc('2026-11-22 24:00')).toBeNull();
  expect(format.shanghaiToUtc('')).toBeNull();
  expect(format.shanghaiDate(Date.parse('2026-11-21T16:00:00Z'))).toBe('2026-11-22');
});

test('distances read as 米 below a kilometre and 公里 above', () => {
  expect(format.distance(850)).toBe('850米');
  expect(format.distance(12345)).toBe('12.3公里');
  expect(format.distance(250000)).toBe('250公里');
  expect(format.distance(undefined)).toBe('');
});

test('ID numbers need a real date and the GB 11643 check character', () => {
  expect(validate.idNumber('11010519491231002X')).toBe(true);
  expect(validate.idNumber('11010519491231002x')).toBe(true);
  expect(validate.idNumber('110105194912310021')).toBe(false); // wrong check character
  expect(validate.idNumber('110105194902300028')).toBe(false); // 30 February
  expect(validate.idNumber('1101051949123100')).toBe(false);
});

test('unified social credit codes need the GB 32100 check character', () => {
  expect(validate.creditCode('91350100M000100Y43')).toBe(true);
  expect(validate.creditCode('91110108551385082Q')).toBe(true);
  expect(validate.creditCode('91350100M000100Y44')).toBe(false);
  expect(validate.creditCode('91350100M000100I43')).toBe(false); // I is not in the alphabet
  // final MOD 31 character right, embedded organisation code (GB 11714) check wrong
  expect(validate.creditCode('91350100M000100Y56')).toBe(false);
  expect(validate.mobile('13800138000')).toBe(true);
  expect(validate.mobile('12800138000')).toBe(false);
  expect(validate.isMasked('138****8000')).toBe(true);
});

test('a state is named by the label the server sends beside it, else by the client table, else by its value', () => {
  const table = { published: '招募中' };
  expect(format.stateLabel({ status: 'published', status_label: '已发布' }, 'status', table)).toBe('已发布');
  expect(format.stateLabel({ status: 'published' }, 'status', table)).toBe('招募中');
  expect(format.stateLabel({ status: 'published', status_label: '' }, 'status', table)).toBe('招募中');
  expect(format.stateLabel({ status: 'archived' }, 'status', table)).toBe('archived');
  expect(format.stateLabel({ verification: 'verified', verification_label: '已认证' }, 'verification', {})).toBe('已认证');
  expect(format.stateLabel({ to: 'handling', to_label: '处理中' }, 'to', {})).toBe('处理中');
  expect(format.stateLabel({}, 'status', table)).toBe('');
  expect(format.stateLabel(null, 'status', table)).toBe('');
});
