// The set-up a contract test file shares: the WeChat double and a real linggongd (on the MariaDB deploy/test.sh
// started) for the whole file, stopped afterwards with a clean exit required (so ASan and UBSan reports fail the
// file), and a temp directory for downloaded files. Call at the top level; use env.srv inside tests.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const lib = require('../../api/lib'); // throws with a clear message unless deploy/test.sh's environment is set

function realServer(overrides = {}) {
  const env = { srv: null, wechat: null, tmp: fs.mkdtempSync(path.join(os.tmpdir(), 'lg-mp-')) };
  beforeAll(async () => {
    env.wechat = await lib.startWechat({ clientTimeoutMs: 2000 });
    env.srv = await lib.startServer({ ...env.wechat.env, RATE_LOGIN_PER_MIN: '100000', ...overrides });
  });
  afterAll(async () => {
    if (env.wechat) await env.wechat.close();
    fs.rmSync(env.tmp, { recursive: true, force: true });
    if (!env.srv) return;
    const exit = await env.srv.kill('SIGTERM');
    if (exit.code !== 0) throw new Error(`linggongd exited with ${JSON.stringify(exit)}:\n${env.srv.logs().slice(-30).join('\n')}`);
  });
  return env;
}

module.exports = { realServer };
