'use strict';
// Loopback stand-in for api.weixin.qq.com, so linggongd's WeChat client can be tested and demoed offline.
// It owns the WeChat side of the contract: real paths, real response shapes and errcodes (HTTP 200 +
// {errcode, errmsg}), plus the misbehaviour a real network gives us (hangs, resets, 5xx, garbage), because
// those are the paths where a half-created user or a token-refresh loop would hide. Node built-ins only, so
// it runs anywhere the server's tests run without an npm install.

const http = require('node:http');
const crypto = require('node:crypto');

const NAME_RE = /^[A-Za-z0-9_-]{1,40}$/;
const FAULTS = ['timeout', 'reset', '500', 'garbage'];
const CODE_TTL_MS = 5 * 60 * 1000; // WeChat login codes live 5 minutes
const MAX_BODY = 1024 * 1024;

// errmsg texts as WeChat writes them; the " rid: …" suffix is appended per response.
const ERRMSG = {
  '-1': 'system error',
  0: 'ok',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40066: 'invalid url',
  40125: 'invalid appsecret',
  40129: 'invalid scene',
  40163: 'code been used',
  40164: 'invalid ip, not in whitelist',
  40226: 'code blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
  87014: 'risky content',
};
// WeChat puts a comma before "rid" on the login-code errors and not on the others; mirrored so that a
// client which (wrongly) parses errmsg breaks here first rather than in production.
const COMMA_BEFORE_RID = new Set([40029, 40163]);

const HTML_500 =
  '<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n' +
  '<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
// Truncated JSON followed by bytes that are not UTF-8: a parser must reject it, not half-accept it.
const GARBAGE = Buffer.concat([
  Buffer.from('{"errcode":0,"errmsg":"ok","openid":"o_'),
  Buffer.from([0x00, 0xff, 0xfe, 0x7b]),
  Buffer.from(' <html>upstream hiccup'),
]);

const WX_PATHS = [
  '/sns/jscode2session',
  '/cgi-bin/stable_token',
  '/wxa/business/getuserphonenumber',
  '/cgi-bin/message/subscribe/send',
  '/wxa/msg_sec_check',
];

function rid() {
  const t = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `${t}-${crypto.randomBytes(4).toString('hex')}-${crypto.randomBytes(4).toString('hex')}`;
}

function wxError(errcode) {
  const base = Object.prototype.hasOwnProperty.call(ERRMSG, errcode) ? ERRMSG[errcode] : `fake errcode ${errcode}`;
  if (errcode === 0) return { errcode: 0, errmsg: 'ok' };
  const sep = COMMA_BEFORE_RID.has(errcode) ? ', ' : ' ';
  return { errcode, errmsg: `${base}${sep}rid: ${rid()}` };
}

function isLoopback(host) {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function redact(obj) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return obj;
  const out = { ...obj };
  if ('secret' in out) out.secret = '[redacted]';
  return out;
}

function newState() {
  return {
    calls: [],
    codes: new Map(), // code -> {name, used, issuedAt}
    tokens: new Map(), // access_token -> {status: valid|expired|invalid, expiresAt}
    current: null,
    lastForceAt: 0,
    messages: [],
    sessionKeys: [], // every session_key code2session handed out: [{openid, session_key, at}]
    pending: [], // [{path, errcode?, fault?, remaining}]
  };
}

async function start(options = {}) {
  const opts = {
    host: options.host || '127.0.0.1',
    port: options.port === undefined || options.port === null ? 0 : Number(options.port),
    appid: options.appid || 'wx_test_appid',
    secret: options.secret || 'test_secret',
    timeoutDelayMs: options.timeoutDelayMs === undefined ? 30000 : Number(options.timeoutDelayMs),
    tokenTtlSeconds: options.tokenTtlSeconds === undefined ? 7200 : Number(options.tokenTtlSeconds),
    // stable_token documents that forced refreshes closer than 30 s apart do not refresh.
    forceRefreshIntervalMs: options.forceRefreshIntervalMs === undefined ? 30000 : Number(options.forceRefreshIntervalMs),
  };
  if (!isLoopback(opts.host)) throw new Error(`wechat-double: refusing non-loopback host ${opts.host}`);
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('wechat-double: bad port');
  if (!Number.isFinite(opts.timeoutDelayMs) || opts.timeoutDelayMs < 0) throw new Error('wechat-double: bad timeoutDelayMs');

  let state = newState();
  const held = new Set(); // fault:timeout responses being withheld: {timer, socket}
  let msgSeq = 0n;
  const msgBase = 2000000000000000000n + BigInt(crypto.randomInt(0, 2 ** 40)) * 1000n;

  // ---------- helpers ----------
  function sendRaw(res, status, body, type) {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  }
  function sendJson(res, obj, status = 200) {
    sendRaw(res, status, typeof obj === 'string' ? obj : JSON.stringify(obj), 'application/json; encoding=utf-8');
  }
  function sendWxError(res, errcode, status = 200) {
    sendJson(res, wxError(errcode), status);
  }
  function sendControl(res, status, obj) {
    sendRaw(res, status, JSON.stringify(obj), 'application/json; charset=utf-8');
  }

  function applyFault(kind, req, res) {
    switch (kind) {
      case 'timeout': {
        const socket = req.socket;
        const entry = { socket, timer: null };
        entry.timer = setTimeout(() => {
          held.delete(entry);
          socket.destroy();
        }, opts.timeoutDelayMs);
        held.add(entry);
        socket.once('close', () => {
          clearTimeout(entry.timer);
          held.delete(entry);
        });
        return;
      }
      case 'reset':
        if (typeof req.socket.resetAndDestroy === 'function') req.socket.resetAndDestroy();
        else req.socket.destroy();
        return;
      case '500':
        sendRaw(res, 500, HTML_500, 'text/html');
        return;
      case 'garbage':
        if (res.headersSent) return;
        res.writeHead(200, { 'Content-Type': 'application/json; encoding=utf-8', 'Content-Length': GARBAGE.length });
        res.end(GARBAGE);
        return;
      default:
        throw new Error(`unknown fault ${kind}`);
    }
  }

  // `err:<n>` / `fault:<kind>` codes; returns true when the response has been dealt with.
  function scriptedCode(code, req, res) {
    let m = /^fault:(.+)$/.exec(code);
    if (m && FAULTS.includes(m[1])) {
      applyFault(m[1], req, res);
      return true;
    }
    m = /^err:(-?\d{1,6})$/.exec(code);
    if (m) {
      sendWxError(res, Number(m[1]));
      return true;
    }
    return false;
  }

  function tokenErr(query) {
    const t = query.get('access_token');
    if (!t) return 41001;
    const rec = state.tokens.get(t);
    if (!rec || rec.status === 'invalid') return 40001;
    if (rec.status === 'expired' || Date.now() >= rec.expiresAt) return 42001;
    return 0;
  }

  // POST JSON endpoints: returns the parsed object or null after answering the error.
  function jsonBody(req, res, body) {
    if (req.method !== 'POST') {
      sendWxError(res, 43002);
      return null;
    }
    if (body.raw.length === 0) {
      sendWxError(res, 44002);
      return null;
    }
    if (!body.ok || !body.json || typeof body.json !== 'object' || Array.isArray(body.json)) {
      sendWxError(res, 47001);
      return null;
    }
    return body.json;
  }

  function issueToken() {
    const ttlMs = opts.tokenTtlSeconds * 1000;
    const token = `${crypto.randomInt(70, 100)}_${crypto.randomBytes(96).toString('base64url')}`;
    state.tokens.set(token, { status: 'valid', expiresAt: Date.now() + ttlMs });
    state.current = token;
    return { access_token: token, expires_in: opts.tokenTtlSeconds };
  }

  // ---------- WeChat endpoints ----------
  function code2session(req, res, url) {
    const q = url.searchParams;
    const jsCode = q.get('js_code') || '';
    if (/^fault:/.test(jsCode) && scriptedCode(jsCode, req, res)) return;
    const appid = q.get('appid');
    const secret = q.get('secret');
    if (!appid) return sendWxError(res, 41002);
    if (appid !== opts.appid) return sendWxError(res, 40013);
    if (!secret) return sendWxError(res, 41004);
    if (secret !== opts.secret) return sendWxError(res, 40125);
    if (q.get('grant_type') !== 'authorization_code') return sendWxError(res, 40002);
    if (!jsCode) return sendWxError(res, 41008);
    if (scriptedCode(jsCode, req, res)) return;

    let name = null;
    const m = /^test:(.*)$/.exec(jsCode);
    if (m) {
      if (!NAME_RE.test(m[1])) return sendWxError(res, 40029);
      name = m[1];
    } else {
      const rec = state.codes.get(jsCode);
      if (!rec || Date.now() - rec.issuedAt > CODE_TTL_MS) return sendWxError(res, 40029);
      if (rec.used) return sendWxError(res, 40163);
      rec.used = true;
      name = rec.name;
    }
    // Since late 2022 a successful code2Session carries no errcode/errmsg at all.
    const sessionKey = crypto.randomBytes(16).toString('base64');
    state.sessionKeys.push({ openid: `o_test_${name}`, session_key: sessionKey, at: new Date().toISOString() });
    sendJson(res, {
      session_key: sessionKey,
      openid: `o_test_${name}`,
      unionid: `u_test_${name}`,
    });
  }

  function stableToken(req, res, url, body) {
    const b = jsonBody(req, res, body);
    if (!b) return;
    if (!b.appid) return sendWxError(res, 41002);
    if (!b.secret) return sendWxError(res, 41004);
    if (b.grant_type !== 'client_credential') return sendWxError(res, 40002);
    if (b.appid !== opts.appid) return sendWxError(res, 40013);
    if (b.secret !== opts.secret) return sendWxError(res, 40125);
    if (b.force_refresh !== undefined && typeof b.force_refresh !== 'boolean') return sendWxError(res, 47001);

    const now = Date.now();
    const cur = state.current ? state.tokens.get(state.current) : null;
    const alive = cur && cur.status === 'valid' && now < cur.expiresAt;
    const remaining = alive ? Math.floor((cur.expiresAt - now) / 1000) : 0;
    if (b.force_refresh === true) {
      if (alive && now - state.lastForceAt < opts.forceRefreshIntervalMs) {
        return sendJson(res, { access_token: state.current, expires_in: remaining });
      }
      if (alive) cur.status = 'invalid'; // a forced refresh kills the previous token at once
      state.lastForceAt = now;
      return sendJson(res, issueToken());
    }
    // Normal mode: same token while valid; renewed in the last 5 minutes (1/24 of the lifetime), during
    // which the old one keeps working until it expires.
    const renewMs = Math.min(300000, (opts.tokenTtlSeconds * 1000) / 24);
    if (alive && cur.expiresAt - now > renewMs) {
      return sendJson(res, { access_token: state.current, expires_in: remaining });
    }
    return sendJson(res, issueToken());
  }

  function phoneNumber(req, res, url, body) {
    const b = jsonBody(req, res, body);
    if (!b) return;
    if (typeof b.code !== 'string') return sendWxError(res, 47001);
    if (/^fault:/.test(b.code) && scriptedCode(b.code, req, res)) return;
    const te = tokenErr(url.searchParams);
    if (te) return sendWxError(res, te);
    if (scriptedCode(b.code, req, res)) return;
    const m = /^phone:(\d{11})$/.exec(b.code);
    if (!m) return sendWxError(res, 40029);
    sendJson(res, {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: m[1],
        purePhoneNumber: m[1],
        countryCode: '86',
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: opts.appid },
      },
    });
  }

  function subscribeSend(req, res, url, body) {
    const b = jsonBody(req, res, body);
    if (!b) return;
    const te = tokenErr(url.searchParams);
    if (te) return sendWxError(res, te);
    if (typeof b.touser !== 'string' || b.touser === '') return sendWxError(res, 40003);
    if (typeof b.template_id !== 'string' || b.template_id === '') return sendWxError(res, 40037);
    if (!b.data || typeof b.data !== 'object' || Array.isArray(b.data)) return sendWxError(res, 47003);
    for (const v of Object.values(b.data)) {
      if (!v || typeof v !== 'object' || typeof v.value !== 'string' || v.value === '') return sendWxError(res, 47003);
    }
    if (b.page !== undefined && typeof b.page !== 'string') return sendWxError(res, 47003);
    if (b.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(b.miniprogram_state)) {
      return sendWxError(res, 47003);
    }
    if (b.lang !== undefined && !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(b.lang)) return sendWxError(res, 47003);
    if (b.touser.startsWith('o_test_refuse')) return sendWxError(res, 43101);

    // Real msgids exceed 2^53; written as a bare integer so a client that parses numbers as doubles breaks.
    msgSeq += 1n;
    const msgid = (msgBase + msgSeq).toString();
    state.messages.push({
      msgid,
      touser: b.touser,
      template_id: b.template_id,
      page: b.page,
      data: b.data,
      miniprogram_state: b.miniprogram_state,
      lang: b.lang,
      at: new Date().toISOString(),
    });
    sendJson(res, `{"errcode":0,"errmsg":"ok","msgid":${msgid}}`);
  }

  function msgSecCheck(req, res, url, body) {
    const b = jsonBody(req, res, body);
    if (!b) return;
    const te = tokenErr(url.searchParams);
    if (te) return sendWxError(res, te);
    if (typeof b.content !== 'string') return sendWxError(res, 47001);
    const suggest = b.content.includes('fake-risky') ? 'risky' : b.content.includes('fake-review') ? 'review' : 'pass';
    if (b.version !== 2) {
      // Without version 2 WeChat answers the retired v1 shape: no result, 87014 for risky text.
      return sendWxError(res, suggest === 'risky' ? 87014 : 0);
    }
    if (![1, 2, 3, 4].includes(b.scene)) return sendWxError(res, 40129);
    if (typeof b.openid !== 'string' || b.openid === '') return sendWxError(res, 40003);
    const label = suggest === 'risky' ? 20006 : suggest === 'review' ? 20012 : 100;
    const detail = [
      { strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 90 : 95 },
    ];
    if (suggest === 'pass') detail.push({ strategy: 'keyword', errcode: 0 });
    else {
      detail.push({
        strategy: 'keyword',
        errcode: 0,
        suggest,
        label,
        level: suggest === 'risky' ? 90 : 60,
        keyword: suggest === 'risky' ? 'fake-risky' : 'fake-review',
      });
    }
    sendJson(res, { errcode: 0, errmsg: 'ok', result: { suggest, label }, detail, trace_id: rid() });
  }

  const ROUTES = {
    '/sns/jscode2session': code2session,
    '/cgi-bin/stable_token': stableToken,
    '/wxa/business/getuserphonenumber': phoneNumber,
    '/cgi-bin/message/subscribe/send': subscribeSend,
    '/wxa/msg_sec_check': msgSecCheck,
  };

  // ---------- control endpoints ----------
  function control(req, res, url, body) {
    const p = url.pathname;
    const need = (method) => {
      if (req.method === method) return true;
      sendControl(res, 405, { error: `use ${method} for ${p}` });
      return false;
    };
    const jsonOrEmpty = () => {
      if (body.raw.length === 0) return {};
      if (!body.ok || !body.json || typeof body.json !== 'object' || Array.isArray(body.json)) return null;
      return body.json;
    };
    switch (p) {
      case '/__fake/health':
        if (!need('GET')) return;
        return sendControl(res, 200, { ok: true, appid: opts.appid });
      case '/__fake/codes': {
        if (!need('POST')) return;
        const b = jsonOrEmpty();
        if (!b || typeof b.name !== 'string' || !NAME_RE.test(b.name)) {
          return sendControl(res, 400, { error: 'name must match [A-Za-z0-9_-]{1,40}' });
        }
        const code = crypto.randomBytes(16).toString('hex');
        state.codes.set(code, { name: b.name, used: false, issuedAt: Date.now() });
        return sendControl(res, 200, { code, openid: `o_test_${b.name}` });
      }
      case '/__fake/calls': {
        if (!need('GET')) return;
        const only = url.searchParams.get('path');
        return sendControl(res, 200, only ? state.calls.filter((c) => c.path === only) : state.calls);
      }
      case '/__fake/messages':
        if (!need('GET')) return;
        return sendControl(res, 200, state.messages);
      case '/__fake/session-keys':
        if (!need('GET')) return;
        return sendControl(res, 200, state.sessionKeys);
      case '/__fake/reset':
        if (!need('POST')) return;
        state = newState();
        return sendControl(res, 200, { ok: true });
      case '/__fake/expire-tokens':
      case '/__fake/invalidate-tokens': {
        if (!need('POST')) return;
        const status = p === '/__fake/expire-tokens' ? 'expired' : 'invalid';
        for (const rec of state.tokens.values()) rec.status = status;
        return sendControl(res, 200, { ok: true, tokens: state.tokens.size });
      }
      case '/__fake/next': {
        if (!need('POST')) return;
        const b = jsonOrEmpty();
        if (!b) return sendControl(res, 400, { error: 'body must be a JSON object' });
        if (!WX_PATHS.includes(b.path)) return sendControl(res, 400, { error: `path must be one of ${WX_PATHS.join(', ')}` });
        const hasErr = b.errcode !== undefined;
        const hasFault = b.fault !== undefined;
        if (hasErr === hasFault) return sendControl(res, 400, { error: 'give exactly one of errcode, fault' });
        if (hasErr && !Number.isInteger(b.errcode)) return sendControl(res, 400, { error: 'errcode must be an integer' });
        if (hasFault && !FAULTS.includes(b.fault)) return sendControl(res, 400, { error: `fault must be one of ${FAULTS.join(', ')}` });
        const count = b.count === undefined ? 1 : b.count;
        if (!Number.isInteger(count) || count < 1 || count > 10000) return sendControl(res, 400, { error: 'count must be 1..10000' });
        state.pending.push({ path: b.path, errcode: hasErr ? b.errcode : undefined, fault: hasFault ? b.fault : undefined, remaining: count });
        return sendControl(res, 200, { ok: true });
      }
      default:
        return sendControl(res, 404, { error: `no control endpoint ${p}` });
    }
  }

  // ---------- dispatch ----------
  function handle(req, res, body) {
    let url;
    try {
      url = new URL(req.url, 'http://wechat-double.invalid');
    } catch {
      return sendWxError(res, 40066, 404);
    }
    if (url.pathname.startsWith('/__fake/')) return control(req, res, url, body);

    const query = Object.fromEntries(url.searchParams);
    if ('secret' in query) query.secret = '[redacted]';
    let recBody = null;
    if (body.raw.length) recBody = body.ok ? redact(body.json) : body.raw.toString('utf8').slice(0, 4096);
    state.calls.push({ method: req.method, path: url.pathname, query, body: recBody, at: new Date().toISOString() });

    const route = ROUTES[url.pathname];
    if (!route) return sendWxError(res, 40066, 404);

    const idx = state.pending.findIndex((f) => f.path === url.pathname);
    if (idx >= 0) {
      const f = state.pending[idx];
      if (--f.remaining <= 0) state.pending.splice(idx, 1);
      if (f.fault) return applyFault(f.fault, req, res);
      return sendWxError(res, f.errcode);
    }
    return route(req, res, url, body);
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) return sendWxError(res, 47001, 413);
      const raw = Buffer.concat(chunks);
      const body = { raw, ok: false, json: undefined };
      if (raw.length) {
        try {
          body.json = JSON.parse(raw.toString('utf8'));
          body.ok = true;
        } catch {
          /* left as ok:false */
        }
      }
      try {
        handle(req, res, body);
      } catch (e) {
        process.stderr.write(`wechat-double: ${e.stack || e}\n`);
        sendWxError(res, -1, 500);
      }
    });
    req.on('error', () => req.socket.destroy());
  });
  server.on('clientError', (err, socket) => socket.destroy());

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;
  const hostInUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closing = null;

  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    appid: opts.appid,
    close() {
      if (!closing) {
        closing = new Promise((resolve) => {
          for (const h of held) {
            clearTimeout(h.timer);
            h.socket.destroy();
          }
          held.clear();
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      return closing;
    },
  };
}

function parseArgs(argv, env) {
  const out = {
    host: env.WX_FAKE_HOST || '127.0.0.1',
    port: env.WX_FAKE_PORT || '0',
    appid: env.WX_APPID || 'wx_test_appid',
    secret: env.WX_SECRET || 'test_secret',
    timeoutDelayMs: env.WX_FAKE_TIMEOUT_DELAY_MS || '30000',
  };
  const keys = { '--host': 'host', '--port': 'port', '--appid': 'appid', '--secret': 'secret', '--timeout-delay-ms': 'timeoutDelayMs' };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let val;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      val = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(
        'usage: node wechat.js [--host 127.0.0.1] [--port 0] [--appid wx_test_appid] [--secret test_secret] [--timeout-delay-ms 30000]\n'
      );
      process.exit(0);
    }
    if (!keys[arg]) throw new Error(`unknown argument ${arg}`);
    if (val === undefined) {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      val = argv[++i];
    }
    out[keys[arg]] = val;
  }
  if (!/^\d+$/.test(String(out.port))) throw new Error('--port must be an integer');
  if (!/^\d+$/.test(String(out.timeoutDelayMs))) throw new Error('--timeout-delay-ms must be an integer');
  out.port = Number(out.port);
  out.timeoutDelayMs = Number(out.timeoutDelayMs);
  return out;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`wechat-double: ${e.message}\n`);
    process.exit(2);
  }
  let double;
  try {
    double = await start(args);
  } catch (e) {
    process.stderr.write(`wechat-double: ${e.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`wechat-double listening on ${double.url}\n`);
  const stop = () => {
    setTimeout(() => process.exit(0), 1000).unref();
    double.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) main();

module.exports = { start };
