// Sign-in: WeChat code2session through the double, refresh rotation and reuse detection (which ends the
// family's access tokens at once), logout, phone binding with masking, every WeChat error and fault mode,
// admin login with a lockout per username and client address (growing, the same reply for unknown names),
// role separation. The client address comes from X-Forwarded-For (the test client is the trusted proxy).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn, createAdmin } = require('./lib');

let wx, srv;
before(async () => {
  wx = await startWechat({ clientTimeoutMs: 800, timeoutDelayMs: 3000 });
  srv = await startServer({
    ...wx.env, RATE_LOGIN_PER_MIN: '100000', ADMIN_LOCKOUT_FAILURES: '5', ADMIN_LOCKOUT_S: '900',
    ADMIN_LOCKOUT_MAX_S: '3000', TRUSTED_PROXIES: '127.0.0.1',
    // no idle keep-alive connection closed under a client that is about to reuse it (a loaded machine
    // stretches the pauses of sql() between calls past the default 5 s)
    KEEP_ALIVE_TIMEOUT_MS: '60000',
  });
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

// A client address of its own for each test that counts admin sign-in failures (the X-Forwarded-For the
// trusted proxy 127.0.0.1 passes on). Only a header value: no traffic goes to it.
let nextAddr = 1;
const addr = () => `127.77.${Math.floor(Math.random() * 200)}.${nextAddr++}`;
const adminLogin = (username, password, ip) => call(srv.url, 'POST', '/api/v1/admin/auth/login',
  { body: { username, password }, headers: ip ? { 'x-forwarded-for': ip } : {} });

const userCount = (openid) => Number(sql(`SELECT COUNT(*) FROM users WHERE openid = '${openid}'`)[0][0]);

test('POST /api/v1/auth/wechat with a test code signs in and answers tokens and the user per openapi.json', async () => {
  const name = uniq('alice');
  const r = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: `test:${name}` } });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/auth/wechat', 'POST', r);
  assert.equal(r.json.token_type, 'Bearer');
  assert.equal(r.json.expires_in, 900);
  assert.equal(r.json.user.phone, null);
  assert.equal(userCount(`o_test_${name}`), 1);
  // a second sign-in finds the same user, not a new one
  const again = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: `test:${name}` } });
  assert.equal(again.json.user.id, r.json.user.id);
  assert.equal(userCount(`o_test_${name}`), 1);
  const unionid = sql(`SELECT unionid FROM users WHERE openid = 'o_test_${name}'`)[0][0];
  assert.equal(unionid, `u_test_${name}`);
  const me = await call(srv.url, 'GET', '/api/v1/me', { token: r.json.access_token });
  assert.equal(me.status, 200);
  assertMatchesSpec('/api/v1/me', 'GET', me);
  assert.equal(me.json.user.id, r.json.user.id);
});

test('POST /api/v1/auth/wechat with a single-use code works once, then answers 400 wechat_code_used', async () => {
  const name = uniq('once');
  const { code } = await wx.control('codes', { name });
  const first = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code } });
  assert.equal(first.status, 200, first.text);
  const second = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code } });
  assertError(second, 400, 'wechat_code_used');
  assertMatchesSpec('/api/v1/auth/wechat', 'POST', second);
});

const wechatFailures = [
  ['unknown code', 'nonexistent-code-123', 400, 'wechat_code_invalid'],
  ['err:40029', 'err:40029', 400, 'wechat_code_invalid'],
  ['err:40163', 'err:40163', 400, 'wechat_code_used'],
  ['err:45011', 'err:45011', 429, 'wechat_rate_limited'],
  ['err:40226', 'err:40226', 403, 'wechat_user_risky'],
  ['err:-1', 'err:-1', 503, 'wechat_unavailable'],
  ['fault:timeout', 'fault:timeout', 503, 'wechat_unavailable'],
  ['fault:reset', 'fault:reset', 503, 'wechat_unavailable'],
  ['fault:500', 'fault:500', 503, 'wechat_unavailable'],
  ['fault:garbage', 'fault:garbage', 503, 'wechat_unavailable'],
];
for (const [label, code, status, errcode] of wechatFailures) {
  test(`POST /api/v1/auth/wechat when WeChat answers ${label} gives ${status} ${errcode} and creates no user`, async () => {
    const before = Number(sql('SELECT COUNT(*) FROM users')[0][0]);
    const t0 = Date.now();
    const r = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code } });
    assertError(r, status, errcode);
    assertMatchesSpec('/api/v1/auth/wechat', 'POST', r);
    assert.ok(Date.now() - t0 < 5000, 'answered within the client timeout plus margin');
    if (status === 429 || status === 503) assert.ok(Number(r.headers.get('retry-after')) > 0);
    const after = Number(sql('SELECT COUNT(*) FROM users')[0][0]);
    assert.equal(after, before, 'no user row was written');
  });
}

test('POST /api/v1/auth/wechat with an empty, missing or oversized code answers 400 naming the field', async () => {
  assertError(await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: {} }), 400, 'missing_field');
  const empty = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: '' } });
  assertError(empty, 400, 'validation_failed');
  assert.equal(empty.json.error.field, 'code');
  const big = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: 'x'.repeat(129) } });
  assertError(big, 400, 'validation_failed');
  const num = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: 12 } });
  assertError(num, 400, 'validation_failed');
});

test('session_key from WeChat never appears in a response or a log line', async () => {
  const name = uniq('sk');
  const r = await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: `test:${name}` } });
  assert.equal(r.status, 200);
  const calls = await (await fetch(`${wx.url}/__fake/calls?path=/sns/jscode2session`)).json();
  assert.ok(calls.length > 0);
  // the double hands out a fresh session_key each call; fetch one the same way the server did and check
  // that no session_key-looking value, nor the word, reaches the client or the log
  assert.ok(!/session_key/i.test(r.text));
  const logs = srv.logs().join('\n');
  assert.ok(!/session_key/i.test(logs), 'the log mentions session_key');
  assert.ok(!logs.includes(wx.secret), 'the log contains the app secret');
  assert.ok(!logs.includes(r.json.access_token), 'the log contains an access token');
  assert.ok(!logs.includes(r.json.refresh_token), 'the log contains a refresh token');
  assert.equal(sql("SHOW COLUMNS FROM users LIKE 'session_key%'").length, 0, 'session_key is not stored');
});

test('POST /api/v1/auth/refresh rotates: the new pair works, the old refresh token replayed revokes the family', async () => {
  const s = await signIn(srv, uniq('rot'));
  const r1 = await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: s.refresh_token } });
  assert.equal(r1.status, 200, r1.text);
  assertMatchesSpec('/api/v1/auth/refresh', 'POST', r1);
  assert.notEqual(r1.json.refresh_token, s.refresh_token);
  assert.equal((await call(srv.url, 'GET', '/api/v1/me', { token: r1.json.access_token })).status, 200);
  // replay of the first (used) refresh token: reuse detected
  const replay = await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: s.refresh_token } });
  assertError(replay, 401, 'refresh_token_reused');
  // the whole family is revoked, including the latest token
  const latest = await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: r1.json.refresh_token } });
  assertError(latest, 401, 'token_invalid');
});

test('POST /api/v1/auth/refresh replayed makes the access tokens of that family answer 401 at once, another family of the user keeps working', async () => {
  const name = uniq('fam');
  const a = await signIn(srv, name); // family A
  const b = await signIn(srv, name); // family B: the same user on a second device
  const a1 = await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh_token } });
  assert.equal(a1.status, 200, a1.text);
  for (const t of [a.access_token, a1.json.access_token, b.access_token]) {
    assert.equal((await call(srv.url, 'GET', '/api/v1/me', { token: t })).status, 200);
  }
  const replay = await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: a.refresh_token } });
  assertError(replay, 401, 'refresh_token_reused');
  // at once, not after ACCESS_TOKEN_TTL_S: both access tokens of family A are refused
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: a.access_token }), 401, 'token_invalid');
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: a1.json.access_token }), 401, 'token_invalid');
  // family B is untouched: its access token works and its refresh token rotates
  assert.equal((await call(srv.url, 'GET', '/api/v1/me', { token: b.access_token })).status, 200);
  const b1 = await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: b.refresh_token } });
  assert.equal(b1.status, 200, b1.text);
  assert.equal((await call(srv.url, 'GET', '/api/v1/me', { token: b1.json.access_token })).status, 200);
});

test('POST /api/v1/auth/refresh replayed by an admin ends that family\'s admin access token at once, not the admin\'s other session', async () => {
  const pw = 'Family-admin-1';
  const username = createAdmin({ password: pw });
  const s1 = await adminLogin(username, pw);
  const s2 = await adminLogin(username, pw);
  assert.equal(s1.status, 200, s1.text);
  assert.equal(s2.status, 200, s2.text);
  const r1 = await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: s1.json.refresh_token } });
  assert.equal(r1.status, 200, r1.text);
  assertError(await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: s1.json.refresh_token } }), 401, 'refresh_token_reused');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/me', { token: r1.json.access_token }), 401, 'token_invalid');
  assertError(await call(srv.url, 'GET', '/api/v1/admin/me', { token: s1.json.access_token }), 401, 'token_invalid');
  assert.equal((await call(srv.url, 'GET', '/api/v1/admin/me', { token: s2.json.access_token })).status, 200);
});

test('POST /api/v1/auth/refresh refuses an access token, a forged token and garbage with 401', async () => {
  const s = await signIn(srv, uniq('rf'));
  assertError(await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: s.access_token } }), 401, 'token_invalid');
  const parts = s.refresh_token.split('.');
  const forged = `${parts[0]}.${parts[1]}.${Buffer.from('x'.repeat(32)).toString('base64url')}`;
  assertError(await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: forged } }), 401, 'token_invalid');
  assertError(await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: 'not.a.jwt' } }), 401, 'token_invalid');
});

test('a refresh token used as a bearer access token is refused with 401', async () => {
  const s = await signIn(srv, uniq('ra'));
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: s.refresh_token }), 401, 'token_invalid');
});

test('POST /api/v1/auth/logout revokes the access token and every refresh token of the user', async () => {
  const name = uniq('out');
  const a = await signIn(srv, name);
  const b = await signIn(srv, name); // a second device
  const r = await call(srv.url, 'POST', '/api/v1/auth/logout', { token: a.access_token });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/auth/logout', 'POST', r);
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: a.access_token }), 401, 'token_invalid');
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: b.access_token }), 401, 'token_invalid');
  assertError(await call(srv.url, 'POST', '/api/v1/auth/refresh', { body: { refresh_token: b.refresh_token } }), 401, 'token_invalid');
  // signing in again works
  const c = await signIn(srv, name);
  assert.equal((await call(srv.url, 'GET', '/api/v1/me', { token: c.access_token })).status, 200);
});

test('POST /api/v1/auth/phone binds the phone encrypted, answers it masked, and a change rotates tokens', async () => {
  const s = await signIn(srv, uniq('ph'));
  const num = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const r = await call(srv.url, 'POST', '/api/v1/auth/phone', { token: s.access_token, body: { code: `phone:${num}` } });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/auth/phone', 'POST', r);
  assert.equal(r.json.user.phone, `${num.slice(0, 3)}****${num.slice(7)}`);
  assert.ok(!r.text.includes(num));
  const me = await call(srv.url, 'GET', '/api/v1/me', { token: s.access_token });
  assert.equal(me.json.user.phone, r.json.user.phone);
  const stored = sql(`SELECT HEX(phone_enc) FROM users WHERE id = ${s.user.id}`)[0][0];
  assert.ok(!stored.includes(Buffer.from(num).toString('hex').toUpperCase()), 'phone stored in plaintext');
  // same phone again: no change, same tokens keep working
  const same = await call(srv.url, 'POST', '/api/v1/auth/phone', { token: s.access_token, body: { code: `phone:${num}` } });
  assert.equal(same.status, 200);
  assert.equal((await call(srv.url, 'GET', '/api/v1/me', { token: s.access_token })).status, 200);
  // a different phone: old tokens are revoked, the reply carries new ones
  const other = `137${num.slice(3)}`;
  const ch = await call(srv.url, 'POST', '/api/v1/auth/phone', { token: s.access_token, body: { code: `phone:${other}` } });
  assert.equal(ch.status, 200, ch.text);
  assert.ok(ch.json.access_token);
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: s.access_token }), 401, 'token_invalid');
  const me2 = await call(srv.url, 'GET', '/api/v1/me', { token: ch.json.access_token });
  assert.equal(me2.json.user.phone, `137****${other.slice(7)}`);
});

test('POST /api/v1/auth/phone with a phone bound to another account answers 409', async () => {
  const num = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const a = await signIn(srv, uniq('pa'));
  const b = await signIn(srv, uniq('pb'));
  assert.equal((await call(srv.url, 'POST', '/api/v1/auth/phone', { token: a.access_token, body: { code: `phone:${num}` } })).status, 200);
  const r = await call(srv.url, 'POST', '/api/v1/auth/phone', { token: b.access_token, body: { code: `phone:${num}` } });
  assertError(r, 409, 'already_exists');
  assert.equal(r.json.error.field, 'phone');
});

test('POST /api/v1/auth/phone maps WeChat errors to 4xx/503 and refreshes a stale access_token once', async () => {
  const s = await signIn(srv, uniq('pe'));
  assertError(await call(srv.url, 'POST', '/api/v1/auth/phone', { token: s.access_token, body: { code: 'bogus' } }), 400, 'wechat_code_invalid');
  assertError(await call(srv.url, 'POST', '/api/v1/auth/phone', { token: s.access_token, body: { code: 'fault:garbage' } }), 503, 'wechat_unavailable');
  assertError(await call(srv.url, 'POST', '/api/v1/auth/phone', { token: s.access_token, body: { code: 'fault:timeout' } }), 503, 'wechat_unavailable');
  // the cached token goes stale (42001): one stable_token refresh, then success
  await wx.control('expire-tokens', {});
  const before = (await (await fetch(`${wx.url}/__fake/calls?path=/cgi-bin/stable_token`)).json()).length;
  const num = `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const ok = await call(srv.url, 'POST', '/api/v1/auth/phone', { token: s.access_token, body: { code: `phone:${num}` } });
  assert.equal(ok.status, 200, ok.text);
  const afterN = (await (await fetch(`${wx.url}/__fake/calls?path=/cgi-bin/stable_token`)).json()).length;
  assert.equal(afterN - before, 1, 'exactly one stable_token refresh');
  // a token that stays invalid: refreshed once, never in a loop, then 503
  await wx.control('next', { path: '/wxa/business/getuserphonenumber', errcode: 40001, count: 5 });
  const b0 = (await (await fetch(`${wx.url}/__fake/calls?path=/cgi-bin/stable_token`)).json()).length;
  const bad = await call(srv.url, 'POST', '/api/v1/auth/phone', { token: s.access_token, body: { code: `phone:${num}` } });
  assertError(bad, 503, 'wechat_unavailable');
  const b1 = (await (await fetch(`${wx.url}/__fake/calls?path=/cgi-bin/stable_token`)).json()).length;
  assert.equal(b1 - b0, 1, 'one refresh, no loop');
  await wx.control('reset', {});
});

test('POST /api/v1/admin/auth/login signs in with role and scope, and answers 401 for a wrong password', async () => {
  const pw = 'Correct-horse-1';
  const username = createAdmin({ password: pw, role: 'admin', region: '450223' });
  const r = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: pw } });
  assert.equal(r.status, 200, r.text);
  assertMatchesSpec('/api/v1/admin/auth/login', 'POST', r);
  assert.equal(r.json.admin.role, 'admin');
  assert.equal(r.json.admin.region, '450223');
  const me = await call(srv.url, 'GET', '/api/v1/admin/me', { token: r.json.access_token });
  assert.equal(me.status, 200);
  assert.equal(me.json.admin.region, '450223');
  assert.equal(me.json.admin.username, username);
  assertMatchesSpec('/api/v1/admin/me', 'GET', me);
  assertError(await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: 'wrong' } }), 401, 'invalid_credentials');
  assertError(await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username: uniq('nobody'), password: pw } }), 401, 'invalid_credentials');
  const audit = sql(`SELECT result FROM audit_log a JOIN admin_users u ON a.actor_id = u.id WHERE u.username = '${username}' ORDER BY a.id`);
  assert.deepEqual(audit.map((x) => x[0]), ['ok', 'failed']);
});

test('POST /api/v1/admin/auth/login locks the username for the client address after 5 failures, even for the right password', async () => {
  const pw = 'Lockout-test-9';
  const username = createAdmin({ password: pw });
  const ip = addr();
  for (let i = 0; i < 5; i++) assertError(await adminLogin(username, `bad${i}`, ip), 401, 'invalid_credentials');
  const locked = await adminLogin(username, pw, ip);
  assertError(locked, 429, 'account_locked');
  assertMatchesSpec('/api/v1/admin/auth/login', 'POST', locked);
  const retry = Number(locked.headers.get('retry-after'));
  assert.ok(retry > 800 && retry <= 900, `Retry-After ${retry}`);
  // when the lock has passed, the right password works again
  sql(`UPDATE admin_login_throttle SET locked_until = NOW(3) - INTERVAL 1 SECOND WHERE username = '${username}' AND ip = '${ip}'`);
  const ok = await adminLogin(username, pw, ip);
  assert.equal(ok.status, 200, ok.text);
  assert.equal(sql(`SELECT COUNT(*) FROM admin_login_throttle WHERE username = '${username}'`)[0][0], '0', 'a success forgets the pair');
});

test('POST /api/v1/admin/auth/login: six wrong passwords from address A do not lock the account for address B', async () => {
  const pw = 'Two-places-1';
  const username = createAdmin({ password: pw });
  const a = addr();
  const b = addr();
  for (let i = 0; i < 5; i++) assertError(await adminLogin(username, `wrong${i}`, a), 401, 'invalid_credentials');
  assertError(await adminLogin(username, 'wrong5', a), 429, 'account_locked');
  const fromB = await adminLogin(username, pw, b);
  assert.equal(fromB.status, 200, `the right password from B: ${fromB.text}`);
  // A stays locked, and its case variants of the name are the same name
  assertError(await adminLogin(username, pw, a), 429, 'account_locked');
  assertError(await adminLogin(username.toUpperCase(), pw, a), 429, 'account_locked');
});

test('POST /api/v1/admin/auth/login answers an unknown username and a locked account byte-identically', async () => {
  const pw = 'Same-reply-1';
  const known = createAdmin({ password: pw });
  const unknown = uniq('nobody');
  const ip = addr();
  for (let i = 0; i <= 5; i++) {
    const k = await adminLogin(known, `wrong${i}`, ip);
    const u = await adminLogin(unknown, `wrong${i}`, ip);
    assert.equal(u.status, k.status, `attempt ${i + 1}: ${u.text} vs ${k.text}`);
    assert.equal(u.text, k.text, `attempt ${i + 1}`);
    assert.equal(k.status, i < 5 ? 401 : 429, `attempt ${i + 1}: ${k.text}`);
  }
  // locked: the right password of the existing account gets exactly what any password of a name that
  // does not exist gets
  const k = await adminLogin(known, pw, ip);
  const u = await adminLogin(unknown, pw, ip);
  assertError(k, 429, 'account_locked');
  assert.equal(u.status, k.status);
  assert.equal(u.text, k.text);
  assert.ok(Math.abs(Number(u.headers.get('retry-after')) - Number(k.headers.get('retry-after'))) <= 2);
});

test('POST /api/v1/admin/auth/login: each further lockout of a username and address lasts twice as long, up to ADMIN_LOCKOUT_MAX_S', async () => {
  const pw = 'Growing-delay-1';
  const username = createAdmin({ password: pw });
  const ip = addr();
  const expire = () => sql(`UPDATE admin_login_throttle SET locked_until = NOW(3) - INTERVAL 1 SECOND WHERE username = '${username}' AND ip = '${ip}'`);
  const lockout = async () => {
    for (let i = 0; i < 5; i++) assertError(await adminLogin(username, `bad${i}`, ip), 401, 'invalid_credentials');
    const r = await adminLogin(username, pw, ip);
    assertError(r, 429, 'account_locked');
    return Number(r.headers.get('retry-after'));
  };
  const first = await lockout();
  assert.ok(first > 890 && first <= 900, `first lockout ${first} s`);
  expire();
  const second = await lockout();
  assert.ok(second > 1790 && second <= 1800, `second lockout ${second} s (twice 900)`);
  expire();
  const third = await lockout();
  assert.ok(third > 2990 && third <= 3000, `third lockout ${third} s (3600 capped at ADMIN_LOCKOUT_MAX_S 3000)`);
  expire();
  const ok = await adminLogin(username, pw, ip);
  assert.equal(ok.status, 200, ok.text);
});

test('POST /api/v1/admin/auth/login: a username and address quiet for ADMIN_LOCKOUT_MAX_S start again from zero', async () => {
  const pw = 'Quiet-pair-1';
  const username = createAdmin({ password: pw });
  const ip = addr();
  for (let i = 0; i < 4; i++) assertError(await adminLogin(username, `bad${i}`, ip), 401, 'invalid_credentials');
  sql(`UPDATE admin_login_throttle SET last_failure_at = NOW(3) - INTERVAL 3010 SECOND, lockouts = 3 WHERE username = '${username}' AND ip = '${ip}'`);
  // the count starts over: five more failures are answered 401 (without the restart the first of them
  // would have been the fifth, and the next one locked)
  for (let i = 0; i < 5; i++) assertError(await adminLogin(username, `again${i}`, ip), 401, 'invalid_credentials');
  // ...and the lockout the fifth reached is a first one again (not the fourth: 3000 s)
  const r = await adminLogin(username, pw, ip);
  assertError(r, 429, 'account_locked');
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(retry > 890 && retry <= 900, `Retry-After ${retry}`);
});

test('POST /api/v1/admin/auth/login failures sweep throttle rows quiet for twice ADMIN_LOCKOUT_MAX_S, and only those', async () => {
  const stale = uniq('stale');
  const recent = uniq('recent');
  sql(`INSERT INTO admin_login_throttle (username, ip, failures, lockouts, locked_until, last_failure_at) VALUES
       ('${stale}', '127.9.9.9', 3, 2, NULL, NOW(3) - INTERVAL 6010 SECOND),
       ('${recent}', '127.9.9.9', 3, 2, NULL, NOW(3) - INTERVAL 5990 SECOND)`);
  assertError(await adminLogin(uniq('sweeper'), 'wrong', addr()), 401, 'invalid_credentials');
  const left = sql(`SELECT username FROM admin_login_throttle WHERE username IN ('${stale}', '${recent}')`).map((x) => x[0]);
  assert.deepEqual(left, [recent]);
});

test('a worker token on an admin route answers 403 and an admin token on a user route answers 403', async () => {
  const s = await signIn(srv, uniq('w'));
  assertError(await call(srv.url, 'GET', '/api/v1/admin/me', { token: s.access_token }), 403, 'forbidden');
  const pw = 'Role-sep-pass1';
  const username = createAdmin({ password: pw, role: 'auditor' });
  const a = await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: pw } });
  assert.equal(a.status, 200);
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: a.json.access_token }), 403, 'forbidden');
  assertError(await call(srv.url, 'POST', '/api/v1/auth/phone', { token: a.json.access_token, body: { code: 'phone:13800000000' } }), 403, 'forbidden');
});

test('a disabled admin cannot sign in, and a banned user is refused with 403', async () => {
  const pw = 'Disabled-pass-1';
  const username = createAdmin({ password: pw, status: 'disabled' });
  assertError(await call(srv.url, 'POST', '/api/v1/admin/auth/login', { body: { username, password: pw } }), 403, 'account_disabled');
  const name = uniq('ban');
  const s = await signIn(srv, name);
  sql(`UPDATE users SET status = 'banned' WHERE id = ${s.user.id}`);
  assertError(await call(srv.url, 'GET', '/api/v1/me', { token: s.access_token }), 403, 'account_disabled');
  assertError(await call(srv.url, 'POST', '/api/v1/auth/wechat', { body: { code: `test:${name}` } }), 403, 'account_disabled');
});

test('sign-in is rate limited per IP with 429 and Retry-After', async () => {
  const limited = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '3' });
  try {
    const codes = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await call(limited.url, 'POST', '/api/v1/auth/wechat', { body: { code: `test:${uniq('rl')}` } })).status);
    }
    assert.deepEqual(codes.slice(0, 3), [200, 200, 200]);
    assert.equal(codes[3], 429);
  } finally {
    await limited.stop();
  }
});

test('WeChat sign-in answers 503 wechat_not_configured when no appid is set', async () => {
  const bare = await startServer({ WX_APPID: '', WX_SECRET: '' });
  try {
    assertError(await call(bare.url, 'POST', '/api/v1/auth/wechat', { body: { code: 'test:x' } }), 503, 'wechat_not_configured');
  } finally {
    await bare.stop();
  }
});

