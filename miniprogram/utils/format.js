// Display rules shared by every screen: money is integer fen shown as ¥ with two decimals and the unit,
// times travel as UTC RFC 3339 and are shown in Asia/Shanghai (UTC+8, no daylight saving, whatever the
// phone's own time zone), distances in 米/公里, states by the server's own zh-CN label. Pure functions; no
// wx calls.
'use strict';

const UNIT_TEXT = { hour: '元/小时', day: '元/天', piece: '元/件', gig: '元/单' };
const UNIT_OPTIONS = [
  { value: 'hour', label: '按小时' },
  { value: 'day', label: '按天' },
  { value: 'piece', label: '按件' },
  { value: 'gig', label: '按单（整单）' },
];
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function pad(n) {
  return n < 10 ? `0${n}` : String(n);
}

// 18050 → "¥180.50"
function yuan(fen) {
  if (typeof fen !== 'number' || !isFinite(fen)) return '';
  const neg = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const s = `${Math.floor(abs / 100)}.${pad(abs % 100)}`;
  return `${neg ? '-' : ''}¥${s}`;
}

// (18000, 'day') → "¥180.00 元/天"
function pay(fen, unit) {
  const amount = yuan(fen);
  if (!amount) return '';
  return UNIT_TEXT[unit] ? `${amount} ${UNIT_TEXT[unit]}` : amount;
}

// "180.5" → 18050; null unless it is a non-negative amount with at most two decimals. No floating point.
function yuanToFen(text) {
  const s = String(text == null ? '' : text).trim();
  const m = /^(\d{1,8})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const frac = (m[2] || '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(frac);
}

// 18050 → "180.50" (for an input box)
function fenToYuanInput(fen) {
  if (typeof fen !== 'number') return '';
  return yuan(fen).replace('¥', '');
}

// Calendar fields of an instant in Asia/Shanghai.
function shanghaiParts(iso) {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!isFinite(ms)) return null;
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

// "2026-11-22T00:30:00Z" → "11月22日 周日 08:30" (the year is added when it is not this year)
function dateTime(iso, now) {
  const p = shanghaiParts(iso);
  if (!p) return '';
  const thisYear = shanghaiParts(now == null ? Date.now() : now).year;
  const y = p.year === thisYear ? '' : `${p.year}年`;
  return `${y}${p.month}月${p.day}日 ${WEEKDAYS[p.weekday]} ${pad(p.hour)}:${pad(p.minute)}`;
}

// A gig's working time: "11月22日 周日 08:00–17:00" on one day, else "11月22日 08:00 至 11月25日 17:00".
function timeRange(startIso, endIso, now) {
  const a = shanghaiParts(startIso);
  const b = shanghaiParts(endIso);
  if (!a || !b) return '';
  if (a.year === b.year && a.month === b.month && a.day === b.day) {
    return `${dateTime(startIso, now)}–${pad(b.hour)}:${pad(b.minute)}`;
  }
  const thisYear = shanghaiParts(now == null ? Date.now() : now).year;
  const fmt = (p) => `${p.year === thisYear ? '' : `${p.year}年`}${p.month}月${p.day}日 ${pad(p.hour)}:${pad(p.minute)}`;
  return `${fmt(a)} 至 ${fmt(b)}`;
}

// "2026-11-22 08:30" (Shanghai wall clock, as the date pickers give it) → "2026-11-22T00:30:00Z"; null if
// the text is not such a time.
function shanghaiToUtc(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(String(text || '').trim());
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) - SHANGHAI_OFFSET_MS;
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  if (d.getUTCMonth() + 1 !== +m[2] || d.getUTCDate() !== +m[3] || +m[4] > 23 || +m[5] > 59) return null;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// "2026-11-22T00:30:00Z" → "2026-11-22 08:30" (for the date pickers)
function utcToShanghai(iso) {
  const p = shanghaiParts(iso);
  if (!p) return '';
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

// Today's date in Shanghai as "YYYY-MM-DD" (what /gigs takes for date_from and date_to).
function shanghaiDate(ms) {
  const p = shanghaiParts(ms == null ? Date.now() : ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

// 850 → "850米", 12345 → "12.3公里"
function distance(m) {
  if (typeof m !== 'number' || !isFinite(m) || m < 0) return '';
  if (m < 1000) return `${Math.round(m)}米`;
  return `${(m / 1000).toFixed(m < 100000 ? 1 : 0)}公里`;
}

// The zh-CN name of a state field of an API object (status, verification, a history entry's to): the label
// the server sends beside it (obj.<field>_label, e.g. status_label) when there is one, else the client's
// table (kept for filters and as this fallback), else the raw value. '' for a missing object or value.
function stateLabel(obj, field, table) {
  if (!obj) return '';
  const own = obj[`${field}_label`];
  if (typeof own === 'string' && own) return own;
  const v = obj[field];
  if (v === undefined || v === null || v === '') return '';
  return (table && table[v]) || String(v);
}

module.exports = {
  UNIT_TEXT,
  UNIT_OPTIONS,
  yuan,
  pay,
  yuanToFen,
  fenToYuanInput,
  shanghaiParts,
  dateTime,
  timeRange,
  shanghaiToUtc,
  utcToShanghai,
  shanghaiDate,
  distance,
  stateLabel,
};
