// session_key never leaves linggongd (SECURITY.md, WeChat): several users sign in through the WeChat
// double, which records every session_key it hands out; none of those values — as issued (base64), as
// base64url or as hex of its bytes — may appear in any reply the test received, in the server's log
// output (at debug level) or in a dump of every table of the test database.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { startServer, startWechat, call, uniq } = require('./lib');

let wx, srv;
after(async () => {
  if (srv) await srv.stop().catch(() => {});
  if (wx) await wx.close();
});

// Every way a 16-byte key might be written down.
function spellings(b64) {
  const bytes = Buffer.from(b64, 'base64');
  assert.equal(bytes.length, 16, `not a 16-byte session_key: ${b64}`);
  const url = bytes.toString('base64url');
  return [b64, b64.replace(/=+$/, ''), url, bytes.toString('hex')];
}

test('session_key values WeChat issued appear in no reply, no log line and no table', async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, LOG_LEVEL: 'debug', RATE_LOGIN_PER_MIN: '100000' });
  const replies = [];
  const rec = async (method, p, opts) => {
    const r = await call(srv.url, method, p, opts);
    replies.push(`${r.status} ${JSON.stringify([...r.headers])}\n${r.text}`);
    return r;
  };
  const signIn = async (code) => {
    const r = await rec('POST', '/api/v1/auth/wechat', { body: { code } });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };

  const names = [uniq('sk'), uniq('sk'), uniq('sk'), uniq('sk')];
  const users = [];
  for (const n of names) users.push(await signIn(`test:${n}`));
  users.push(await signIn(`test:${names[0]}`)); // the same user again: a new session_key
  const { code } = await wx.control('codes', { name: uniq('sk') });
  users.push(await signIn(code)); // a single-use code
  for (const [i, u] of users.entries()) {
    const t = { token: u.access_token };
    assert.equal((await rec('GET', '/api/v1/me', t)).status, 200);
    if (i < 2) {
      const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const p = await rec('POST', '/api/v1/auth/phone', { ...t, body: { code: `phone:${phone}` } });
      assert.equal(p.status, 200, p.text);
    }
    const r = await rec('POST', '/api/v1/auth/refresh', { body: { refresh_token: u.refresh_token } });
    assert.equal(r.status, 200, r.text);
    await rec('GET', '/api/v1/me/notifications', { token: r.json.access_token });
  }
  await rec('POST', '/api/v1/auth/logout', { token: users[1].access_token });
  await rec('GET', '/metrics');
  await rec('GET', '/readyz');
  await srv.stop();
  const logs = srv.logs().join('\n');
  srv = null;

  const issued = await wx.control('session-keys');
  assert.equal(issued.length, users.length, 'the double issued a session_key per sign-in');
  assert.equal(new Set(issued.map((k) => k.session_key)).size, issued.length);
  const dump = execFileSync('mariadb-dump', ['--no-defaults', '-uroot', '-S', process.env.DB_SOCKET, '--hex-blob',
    '--single-transaction', '--skip-comments', process.env.DB_NAME || 'linggong'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.match(dump, /INSERT INTO `users`/, 'the dump holds the users table');
  const places = { replies: replies.join('\n'), 'server log': logs, 'table dump': dump };
  for (const [where, text] of Object.entries(places)) {
    const lower = text.toLowerCase();
    for (const k of issued) {
      for (const s of spellings(k.session_key)) {
        const hex = /^[0-9a-f]+$/.test(s);
        assert.ok(!(hex ? lower.includes(s) : text.includes(s)), `session_key of ${k.openid} (${s}) found in the ${where}`);
      }
    }
  }
});
