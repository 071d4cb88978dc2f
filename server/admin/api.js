// The only module of the admin console that calls fetch. It owns the session (tokens in sessionStorage,
// never localStorage), adds the bearer header, refreshes the access token before it runs out (one refresh
// in flight at a time: refresh tokens rotate and a second use of one revokes the whole family), retries a
// request once after a 401 token_expired, and turns every failure into an ApiError whose message is
// readable zh-CN text. Binary replies (CSV exports, complaint photos) come through the same path as Blobs, so
// the token only ever travels in the Authorization header, never in a URL. It must not touch the DOM, and
// it knows no endpoint but the token refresh: services/*.js build the paths, one function per endpoint.

const STORE_KEY = 'linggong.admin.session';
// The API's prefix, for services/*.js.
export const API = '/api/v1';

// Seconds before expiry at which the access token is renewed (a quarter of its life, at most a minute).
const leadSeconds = (ttl) => Math.min(60, Math.max(5, Math.floor(ttl / 4)));

export class ApiError extends Error {
  // status: HTTP status (0 when the server could not be reached); code: the API's stable code;
  // field: the offending input when the API named one; retryAfter: seconds from Retry-After, or 0.
  constructor(status, code, message, field, retryAfter) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.retryAfter = retryAfter || 0;
  }
}

let session = load();
let refreshing = null;
let timer = 0;
let onSessionEnd = () => {};

function load() {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
    return s && s.access_token && s.refresh_token ? s : null;
  } catch {
    return null;
  }
}

function save() {
  if (session) sessionStorage.setItem(STORE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORE_KEY);
}

function schedule() {
  clearTimeout(timer);
  if (!session) return;
  const due = session.refresh_at - Date.now();
  timer = setTimeout(() => {
    renew().catch(() => { /* renew() already ended the session */ });
  }, Math.max(1000, due));
}

// Stores a token pair (login or refresh reply); keeps the admin profile unless the reply carries one.
function adopt(reply) {
  const ttl = Number(reply.expires_in) || 900;
  const now = Date.now();
  session = {
    access_token: reply.access_token,
    refresh_token: reply.refresh_token,
    expires_at: now + ttl * 1000,
    refresh_at: now + (ttl - leadSeconds(ttl)) * 1000,
    admin: reply.admin || (session && session.admin) || null,
  };
  save();
  schedule();
}

function end(reason) {
  clearTimeout(timer);
  const had = session !== null;
  session = null;
  save();
  if (had) onSessionEnd(reason);
}

function minutes(seconds) {
  return Math.max(1, Math.ceil(seconds / 60));
}

// Builds the ApiError of a reply that was not 2xx.
async function failure(res) {
  const retryAfter = parseInt(res.headers.get('Retry-After') || '0', 10) || 0;
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const e = body && body.error;
  if (e && typeof e.code === 'string') {
    let message = typeof e.message === 'string' && e.message ? e.message : `请求失败（${res.status}）`;
    if (e.code === 'account_locked' && retryAfter > 0) {
      message = `${message.replace(/[，,]?\s*请稍后再试[。.]?$/, '')}，请约 ${minutes(retryAfter)} 分钟后再试。`;
    } else if (res.status === 429 && retryAfter > 0) {
      message = retryAfter >= 60 ? `${message}（约 ${minutes(retryAfter)} 分钟后可重试）`
        : `${message}（${retryAfter} 秒后可重试）`;
    }
    return new ApiError(res.status, e.code, message, e.field, retryAfter);
  }
  if (res.status >= 500) {
    return new ApiError(res.status, 'server_error', `服务器暂时无法处理请求（HTTP ${res.status}），请稍后再试。`);
  }
  return new ApiError(res.status, 'http_error', `请求失败（HTTP ${res.status}）。`);
}

// The file name of a Content-Disposition: attachment reply, or ''.
function fileNameOf(res) {
  const d = res.headers.get('Content-Disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(d) || /filename="?([^";]+)"?/i.exec(d);
  if (!m) return '';
  try {
    return decodeURIComponent(m[1]).replace(/[\\/]/g, '_');
  } catch {
    return m[1].replace(/[\\/]/g, '_');
  }
}

// One HTTP exchange, no session logic. Returns the parsed JSON body, or for as = 'blob' {blob, fileName},
// or throws ApiError.
async function send(method, path, body, token, as = 'json') {
  const headers = { Accept: as === 'blob' ? '*/*' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试。');
  }
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return null;
  try {
    if (as === 'blob') return { blob: await res.blob(), fileName: fileNameOf(res) };
    return await res.json();
  } catch {
    throw new ApiError(res.status, 'bad_reply', '服务器返回的内容无法识别，请稍后再试。');
  }
}

// Exchanges the refresh token for a new pair; concurrent callers share one exchange. A refusal ends the
// session (the caller gets the ApiError); a network failure keeps it so a later attempt can succeed.
function renew() {
  if (refreshing) return refreshing;
  if (!session) return Promise.reject(new ApiError(401, 'unauthenticated', '请先登录。'));
  const token = session.refresh_token;
  refreshing = send('POST', `${API}/auth/refresh`, { refresh_token: token })
    .then((reply) => {
      // Signed out (or signed in again) while this was in flight: the reply belongs to no session.
      if (!session || session.refresh_token !== token) throw new ApiError(401, 'unauthenticated', '请先登录。');
      adopt(reply);
    })
    .catch((err) => {
      if (err.code === 'unauthenticated') throw err;
      if (err.status === 0 || err.status >= 500 || err.status === 429) {
        schedule30();
        throw err;
      }
      const msg = err.status === 401 && err.code !== 'refresh_token_reused' ? '登录已过期，请重新登录。' : err.message;
      end(msg);
      throw new ApiError(401, err.code, msg);
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

function schedule30() {
  if (!session) return;
  session.refresh_at = Date.now() + 30000;
  save();
  schedule();
}

// An authenticated request: renews first when the token is (nearly) expired, retries once after a 401
// token_expired, ends the session on any other 401.
async function authed(method, path, body, as = 'json') {
  if (!session) throw new ApiError(401, 'unauthenticated', '请先登录。');
  if (Date.now() >= session.expires_at - 5000) await renew();
  if (!session) throw new ApiError(401, 'unauthenticated', '请先登录。');
  try {
    return await send(method, path, body, session.access_token, as);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'account_disabled') end(err.message);
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    if (err.code === 'token_expired') {
      await renew();
      if (!session) throw new ApiError(401, 'unauthenticated', '请先登录。');
      try {
        return await send(method, path, body, session.access_token, as);
      } catch (again) {
        if (again instanceof ApiError && again.status === 401) end(again.message);
        throw again;
      }
    }
    end(err.message);
    throw err;
  }
}

// Called with a zh-CN reason whenever the session ends without the user asking (refresh refused,
// token revoked, account disabled).
export function onEnd(fn) {
  onSessionEnd = fn;
}

// The admin profile of the current session, or null when signed out.
export function currentAdmin() {
  return session ? session.admin : null;
}

// Restarts the refresh timer of a session restored from sessionStorage (page reload).
export function resume() {
  if (!session) return false;
  schedule();
  if (Date.now() >= session.refresh_at) renew().catch(() => {});
  return true;
}

// Starts a session from a login reply {access_token, refresh_token, expires_in, admin} (services/auth.js).
export function startSession(reply) {
  adopt(reply);
}

// Forgets the session here without calling onEnd (the user signed out); returns the access token it held,
// for revoking on the server, or null when there was none.
export function endSession() {
  const token = session && session.access_token;
  clearTimeout(timer);
  session = null;
  save();
  return token || null;
}

// Merges the server's admin profile into the stored one; returns the profile now current (the given one when
// the session ended meanwhile).
export function updateAdmin(admin) {
  if (session && admin) {
    session.admin = { ...(session.admin || {}), ...admin };
    save();
  }
  return session ? session.admin : admin;
}

// An unauthenticated request (sign-in, reference data): the parsed JSON body, or throws ApiError.
export function requestPublic(method, path, body) {
  return send(method, path, body, null);
}

// A request with a token of the caller's (signing out revokes the token the session no longer holds).
export function requestWithToken(token, method, path, body) {
  return send(method, path, body, token);
}

// A GET whose non-2xx answers are a result too (GET /readyz answers 503 with a body when the database is
// down): {httpStatus, body} with body null when it was not JSON; throws ApiError only when no answer came.
export async function probe(path) {
  let res;
  try {
    res = await fetch(path, { cache: 'no-store', credentials: 'omit', headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试。');
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  return { httpStatus: res.status, body };
}

// The authenticated call services/*.js use: request('GET', '/api/v1/admin/gigs?status=…') → parsed JSON.
export { authed as request };

// An authenticated GET of a binary reply (export, image): {blob, fileName} (fileName '' when the server
// named none).
export function fetchBlob(path) {
  return authed('GET', path, undefined, 'blob');
}

// '/api/v1/x' + '?a=1&b=2' from an object, leaving out empty values.
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
