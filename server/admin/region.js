// Region names for codes: the API answers only children of a parent, so the path of a code is found by
// walking down from the provinces along the codes its prefix implies (省 XX0000 → 市 XXYY00 → 县 XXYYZZ
// → 乡镇 9 digits). Results are cached for the page's life. No DOM here.

import { regions } from './services/reference.js';

export const LEVEL_NAMES = { 1: '省级', 2: '地市级', 3: '县级', 4: '乡镇级' };

const children = new Map(); // parent code ('' for roots) → Promise of items

// Children of a region (roots for ''), cached; a failed load is not cached.
export function childrenOf(parent) {
  const key = parent || '';
  if (!children.has(key)) {
    const p = regions(key || undefined);
    children.set(key, p);
    p.catch(() => children.delete(key));
  }
  return children.get(key);
}

function ancestorsOf(code) {
  const guesses = [code.slice(0, 2) + '0000', code.slice(0, 4) + '00', code.slice(0, 6)];
  const out = [];
  for (const g of guesses) if (g !== code && !out.includes(g)) out.push(g);
  return out;
}

// [{code, name, level}, …] from the province down to the code itself; ends early (without the code) when a
// level cannot be found.
export async function regionPath(code) {
  const path = [];
  let parent = '';
  for (const step of [...ancestorsOf(code), code]) {
    const items = await childrenOf(parent);
    const hit = items.find((r) => r.code === step) || items.find((r) => r.code === code);
    if (!hit) break;
    path.push(hit);
    if (hit.code === code) break;
    parent = hit.code;
  }
  return path;
}

// "广西壮族自治区 / 柳州市 / 鹿寨县" for a code, the code itself when the name cannot be found, or the
// whole deployment for null.
export async function regionLabel(code) {
  if (!code) return { short: '全部辖区', full: '全部辖区（不限地区）' };
  try {
    const path = await regionPath(code);
    const last = path[path.length - 1];
    if (last && last.code === code) return { short: last.name, full: path.map((r) => r.name).join(' / ') };
  } catch {
    /* fall through to the bare code */
  }
  return { short: code, full: `区划代码 ${code}` };
}

// Whether region code lies inside scope (an admin's region; null or '' is everywhere), as the server
// decides it: 450000 holds 45…, 450200 holds 4502…, a county or town holds codes starting with it.
export function regionContains(scope, code) {
  if (!scope) return true;
  if (!code) return false;
  let prefix = scope;
  if (prefix.length === 6) {
    if (prefix.endsWith('0000')) prefix = prefix.slice(0, 2);
    else if (prefix.endsWith('00')) prefix = prefix.slice(0, 4);
  }
  return code.startsWith(prefix);
}
