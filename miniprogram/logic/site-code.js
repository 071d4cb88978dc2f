// 现场码: the gig's rotating 6-digit code (TOTP, 60 s steps) shown large for workers to type in, with a
// countdown from the server's expires_in; when it runs out the next code is fetched. Plain timers (setTimeout)
// so tests drive it with jest's fake timers. A failed fetch is retried after RETRY_S seconds.
'use strict';
const gigs = require('../services/gigs');

const RETRY_S = 5;

// "123456" → "123 456" (easier to read aloud and to type)
function spaced(code) {
  const c = String(code || '');
  return /^\d{6}$/.test(c) ? `${c.slice(0, 3)} ${c.slice(3)}` : c;
}

function countdownText(s) {
  return s > 0 ? `${s} 秒后更新` : '正在更新…';
}

// create(gigId, onState) → {start, stop, refresh}. onState({code, spaced, left, text, error, loading}) after
// each change.
function create(gigId, onState) {
  const st = { code: '', spaced: '', left: 0, text: '', error: '', loading: false };
  let timer = null;
  let stopped = true;
  let gen = 0;

  const emit = () => onState(Object.assign({}, st));
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const tick = () => {
    timer = null;
    if (stopped) return;
    st.left = Math.max(0, st.left - 1);
    st.text = countdownText(st.left);
    emit();
    if (st.left <= 0) refresh();
    else timer = setTimeout(tick, 1000);
  };

  async function refresh() {
    clear();
    const my = ++gen;
    st.loading = true;
    emit();
    try {
      const r = await gigs.siteCode(gigId, { toast: false });
      if (my !== gen || stopped) return;
      Object.assign(st, { code: r.code, spaced: spaced(r.code), left: Math.max(1, Number(r.expires_in) || 1), error: '', loading: false });
      st.text = countdownText(st.left);
      emit();
      timer = setTimeout(tick, 1000);
    } catch (e) {
      if (my !== gen || stopped) return;
      Object.assign(st, { error: (e && e.message) || '现场码获取失败', loading: false, left: 0, text: '' });
      emit();
      // 403/404 will not get better; anything else is tried again shortly
      if (!(e && (e.status === 403 || e.status === 404))) timer = setTimeout(refresh, RETRY_S * 1000);
    }
  }

  return {
    start() {
      stopped = false;
      return refresh();
    },
    stop() {
      stopped = true;
      gen++;
      clear();
    },
    refresh,
    state: st,
  };
}

module.exports = { RETRY_S, spaced, countdownText, create };
