// Signing in and out of the console, one function per endpoint (POST /admin/auth/login, POST /auth/logout,
// GET /admin/me). The session itself (tokens, refresh, its end) is api.js's; this module only talks.

import { API, requestPublic, requestWithToken, request, startSession, endSession, updateAdmin } from '../api.js';

// POST /admin/auth/login {username, password} → {access_token, refresh_token, expires_in, admin}; starts the
// session and returns the admin profile. Throws ApiError (field names the wrong input).
export async function login(username, password) {
  const reply = await requestPublic('POST', `${API}/admin/auth/login`, { username, password });
  startSession(reply);
  return reply.admin;
}

// POST /auth/logout: forgets the session here, then revokes every token of this admin on the server (best
// effort: the local session is gone either way, and an expired token is already useless).
export async function logout() {
  const token = endSession();
  if (!token) return;
  try {
    await requestWithToken(token, 'POST', `${API}/auth/logout`);
  } catch {
    /* signed out locally whatever the answer */
  }
}

// GET /admin/me → {admin}: the authoritative role and region; refreshes the stored profile and returns it.
export async function me() {
  const reply = await request('GET', `${API}/admin/me`);
  return updateAdmin(reply.admin);
}
