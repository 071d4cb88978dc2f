// Idempotency-Keys for writes a person may repeat (报名, 撤回, 取消, 确认完成). One user action gets one fresh
// key; request.js reuses it for its own retries, and this module hands the same key back when the person taps
// again after an answer that left the outcome unknown (no answer, 5xx, 429), so a write the server did apply
// is replayed rather than doubled. A definite answer (2xx or another 4xx) ends the action: the next tap is a
// new action with a new key. The key is tied to the body too: a changed body (another note) is a new action,
// since the server answers 422 to an old key with a new body. Keys live in memory only.
'use strict';
const { newIdempotencyKey } = require('./request');

const pending = new Map(); // scope → {fp, key}

function fingerprint(body) {
  return body === undefined || body === null ? '' : JSON.stringify(body);
}

// The key for the action `scope` (e.g. "apply:42") with this body: the pending one, else a new one.
function keyFor(scope, body) {
  const fp = fingerprint(body);
  const p = pending.get(scope);
  if (p && p.fp === fp) return p.key;
  const key = newIdempotencyKey();
  pending.set(scope, { fp, key });
  return key;
}

// True when the server may or may not have applied the write, so a repeat must carry the same key.
function outcomeUnknown(err) {
  const s = err && typeof err.status === 'number' ? err.status : 0;
  return s === 0 || s === 408 || s === 429 || s >= 500;
}

// Runs send(key) for the action; resolves or rejects with what send does.
async function run(scope, body, send) {
  const key = keyFor(scope, body);
  const forget = () => {
    const p = pending.get(scope);
    if (p && p.key === key) pending.delete(scope);
  };
  try {
    const res = await send(key);
    forget();
    return res;
  } catch (e) {
    if (!outcomeUnknown(e)) forget();
    throw e;
  }
}

// For tests: the key pending for a scope, if any.
function pendingKey(scope) {
  const p = pending.get(scope);
  return p ? p.key : null;
}

function reset() {
  pending.clear();
}

module.exports = { run, keyFor, outcomeUnknown, pendingKey, reset };
