// Uploads (issue 7): POST /api/v1/uploads takes what wx.uploadFile sends (multipart/form-data, part "file")
// or the image itself; the type is sniffed from the bytes (a PHP file named .jpg is refused) and the image
// decoded whole (issue 13: an image header with HTML behind it, a truncated image or bytes after the image's
// end are refused; real JPEG, PNG and WebP pass), the size is capped (5 MB + 1 refused) and so are the
// dimensions (a side of 16384 / 40 megapixels pass, one more is 413), the file is stored under a random name
// inside UPLOAD_DIR whatever the client called it (a path-traversal name cannot escape), and GET
// /api/v1/uploads/{id} serves it to its owner only (another user 403). Per-user limits per minute and per
// day answer 429.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, startWechat, call, sql, uniq, assertMatchesSpec, assertError, signIn } = require('./lib');
const { fixture, png, pngChunk, jpegOfSize, jpegClaiming, forged, webpTruncated, HTML } = require('./images');

const UPLOAD_DIR = process.env.UPLOAD_DIR || path.join(process.env.STATE_DIR, 'uploads');
const MB5 = 5 * 1024 * 1024;

// A real 1×1 PNG (signature, IHDR, IDAT, IEND with their CRCs).
const png1x1 = () => png(1, 1, { rgb: [255, 0, 0] });
// A real JPEG of exactly n bytes (the fixture padded with comment segments).
const jpeg = jpegOfSize;

// A multipart/form-data body as wx.uploadFile builds it: formData fields, then the file part.
function multipart(file, { filename = 'tmp_1a2b.png', type = 'image/png', field = 'file', extra = { source: 'complaint' } } = {}) {
  const boundary = `----wxFormBoundary${crypto.randomBytes(8).toString('hex')}`;
  const parts = [];
  for (const [k, v] of Object.entries(extra)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`));
  parts.push(file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

const upload = (srv, who, { body, type }) => call(srv.url, 'POST', '/api/v1/uploads', { token: who && who.access_token, body, headers: { 'content-type': type } });
const getUpload = (srv, who, id) => fetch(`${srv.url}/api/v1/uploads/${id}`, { headers: who ? { authorization: `Bearer ${who.access_token}` } : {} });
const uploadsOf = (user) => Number(sql(`SELECT COUNT(*) FROM uploads WHERE owner_id = ${user.user.id}`)[0][0]);
const storedFiles = () => (fs.existsSync(UPLOAD_DIR) ? fs.readdirSync(UPLOAD_DIR) : []);

let wx, srv, owner, other;
before(async () => {
  wx = await startWechat();
  srv = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', RATE_USER_PER_MIN: '100000', RATE_UPLOAD_PER_MIN: '100000' });
  owner = await signIn(srv, uniq('upo'));
  other = await signIn(srv, uniq('upx'));
});
after(async () => {
  if (srv) await srv.stop();
  if (wx) await wx.close();
});

test('POST /api/v1/uploads with what wx.uploadFile sends stores the PNG; GET by the owner returns the same bytes with the sniffed type, nosniff and inline', async () => {
  const img = png1x1();
  const r = await upload(srv, owner, multipart(img));
  assert.equal(r.status, 201, r.text);
  assertMatchesSpec('/api/v1/uploads', 'POST', r);
  const u = r.json.upload;
  assert.equal(u.content_type, 'image/png');
  assert.equal(u.size, img.length);
  assert.equal(u.sha256, crypto.createHash('sha256').update(img).digest('hex'));
  assert.equal(u.url, `/api/v1/uploads/${u.id}`);
  assert.ok(!r.text.includes('tmp_1a2b'), 'the client file name is not echoed');
  // stored under a random 64-hex name inside UPLOAD_DIR, bytes intact, not readable by others on the host
  const [name] = sql(`SELECT storage_name FROM uploads WHERE id = ${u.id}`)[0];
  assert.match(name, /^[0-9a-f]{64}$/);
  const file = path.join(UPLOAD_DIR, name);
  assert.deepEqual(fs.readFileSync(file), img);
  assert.equal(fs.statSync(file).mode & 0o077, 0, 'upload file mode is 0600');

  const g = await getUpload(srv, owner, u.id);
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('content-type'), 'image/png');
  assert.equal(g.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(g.headers.get('content-disposition'), 'inline');
  assert.equal(g.headers.get('cache-control'), 'no-store');
  assert.deepEqual(Buffer.from(await g.arrayBuffer()), img);
});

test('POST /api/v1/uploads with the image itself as the body (image/jpeg) stores a JPEG', async () => {
  const img = jpeg(2048);
  const r = await upload(srv, owner, { body: img, type: 'image/jpeg' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.upload.content_type, 'image/jpeg');
  const g = await getUpload(srv, owner, r.json.upload.id);
  assert.equal(g.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual(Buffer.from(await g.arrayBuffer()), img);
});

test('POST /api/v1/uploads refuses a PHP file renamed .jpg (415), whatever its part type or Content-Type, and stores nothing', async () => {
  const php = Buffer.from("<?php system($_GET['c']); ?>\n");
  const before = uploadsOf(owner);
  const files = storedFiles().length;
  const a = await upload(srv, owner, multipart(php, { filename: 'shell.jpg', type: 'image/jpeg' }));
  assertError(a, 415, 'unsupported_media_type');
  assert.equal(a.json.error.field, 'file');
  assertMatchesSpec('/api/v1/uploads', 'POST', a);
  assertError(await upload(srv, owner, { body: php, type: 'image/jpeg' }), 415, 'unsupported_media_type');
  assertError(await upload(srv, owner, { body: php, type: 'application/octet-stream' }), 415, 'unsupported_media_type');
  // other formats the sniffer does not accept: GIF, HTML, an SVG (script inside an image type)
  assertError(await upload(srv, owner, multipart(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), { filename: 'a.gif', type: 'image/gif' })), 415, 'unsupported_media_type');
  assertError(await upload(srv, owner, multipart(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), { filename: 'a.png' })), 415, 'unsupported_media_type');
  assert.equal(uploadsOf(owner), before);
  assert.equal(storedFiles().length, files, 'no file left behind');
});

test('POST /api/v1/uploads decodes the image: a PNG, JPEG or WebP header with an HTML page behind it is refused (415, file), raw and multipart, and nothing is stored', async () => {
  const before = uploadsOf(owner);
  const files = storedFiles().length;
  for (const [kind, type] of [['png', 'image/png'], ['jpeg', 'image/jpeg'], ['webp', 'image/webp']]) {
    const body = forged[kind]();
    const raw = await upload(srv, owner, { body, type });
    assertError(raw, 415, 'unsupported_media_type');
    assert.equal(raw.json.error.field, 'file', kind);
    assertMatchesSpec('/api/v1/uploads', 'POST', raw);
    assertError(await upload(srv, owner, multipart(body, { type, filename: `photo.${kind}` })), 415, 'unsupported_media_type');
  }
  assert.equal(uploadsOf(owner), before);
  assert.equal(storedFiles().length, files, 'no file left behind');
});

test('POST /api/v1/uploads refuses truncated images and bytes after an image\'s end (415); an animated WebP too', async () => {
  const before = uploadsOf(owner);
  const jpg = fixture('photo.jpg');
  const cases = {
    'JPEG cut in half': [jpg.subarray(0, Math.floor(jpg.length / 2)), 'image/jpeg'],
    'JPEG without its last 2 bytes (EOI)': [jpg.subarray(0, jpg.length - 2), 'image/jpeg'],
    'progressive JPEG cut in half': [fixture('photo-progressive.jpg').subarray(0, 500), 'image/jpeg'],
    'PNG without IEND': [png(32, 32).subarray(0, png(32, 32).length - 12), 'image/png'],
    'PNG with its image data cut short': [(() => {
      const full = png(64, 64, { rgb: [1, 2, 3] });
      const idat = full.indexOf('IDAT') - 4;
      const len = full.readUInt32BE(idat);
      const data = full.subarray(idat + 8, idat + 8 + Math.floor(len / 2));
      return Buffer.concat([full.subarray(0, idat), pngChunk('IDAT', data), pngChunk('IEND', Buffer.alloc(0))]);
    })(), 'image/png'],
    'WebP cut short (RIFF size adjusted)': [webpTruncated(fixture('photo.webp'), 200), 'image/webp'],
    'JPEG with HTML after EOI': [Buffer.concat([jpg, HTML]), 'image/jpeg'],
    'PNG with HTML after IEND': [Buffer.concat([png1x1(), HTML]), 'image/png'],
    'animated WebP': [fixture('animated.webp'), 'image/webp'],
  };
  for (const [name, [body, type]] of Object.entries(cases)) {
    const r = await upload(srv, owner, { body, type });
    assert.equal(r.status, 415, `${name}: ${r.text}`);
    assert.equal(r.json.error.code, 'unsupported_media_type', name);
    assert.equal(r.json.error.field, 'file', name);
    assert.match(r.json.error.message, /损坏|不完整/, name);
  }
  assert.equal(uploadsOf(owner), before);
});

test('POST /api/v1/uploads still takes real images made by real encoders: baseline and progressive JPEG, lossy and lossless WebP, PNG; bytes served back intact', async () => {
  for (const [name, body, type] of [['photo.jpg', fixture('photo.jpg'), 'image/jpeg'], ['photo-progressive.jpg', fixture('photo-progressive.jpg'), 'image/jpeg'],
    ['photo.webp', fixture('photo.webp'), 'image/webp'], ['photo-lossless.webp', fixture('photo-lossless.webp'), 'image/webp'],
    ['png 64×48', png(64, 48, { rgb: [10, 200, 30] }), 'image/png'], ['png 1-bit 300×7', png(300, 7, { depth: 1 }), 'image/png']]) {
    const r = await upload(srv, owner, multipart(body, { type, filename: name }));
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    assert.equal(r.json.upload.content_type, type, name);
    const g = await getUpload(srv, owner, r.json.upload.id);
    assert.deepEqual(Buffer.from(await g.arrayBuffer()), body, name);
  }
});

test('POST /api/v1/uploads dimensions: a side of 16384 px and exactly 40 megapixels are stored; 16385 px and the next area above 40 MP are 413, refused from the header', async () => {
  const ok = async (body, what) => {
    const r = await upload(srv, owner, { body, type: 'image/png' });
    assert.equal(r.status, 201, `${what}: ${r.text}`);
  };
  const tooLarge = async (body, type, what) => {
    const r = await upload(srv, owner, { body, type });
    assert.equal(r.status, 413, `${what}: ${r.text}`);
    assert.equal(r.json.error.code, 'payload_too_large', what);
    assert.equal(r.json.error.field, 'file', what);
    assert.match(r.json.error.message, /16384.*4000 万/, what);
    assertMatchesSpec('/api/v1/uploads', 'POST', r);
  };
  await ok(png(16384, 1, { depth: 1 }), '16384×1');
  await tooLarge(png(16385, 1, { depth: 1 }), 'image/png', '16385×1');
  await ok(png(1, 16384, { depth: 1 }), '1×16384');
  await tooLarge(png(1, 16385, { depth: 1 }), 'image/png', '1×16385');
  await ok(png(8000, 5000, { depth: 1 }), '8000×5000 = 40,000,000 px');
  await tooLarge(png(3015, 13267, { depth: 1 }), 'image/png', '3015×13267 = 40,000,005 px (the smallest area above 40 MP with both sides ≤ 16384)');
  // a JPEG whose header claims 65000×65000 (4.2 gigapixels): answered at once, without decoding
  const t0 = Date.now();
  await tooLarge(jpegClaiming(65000, 65000), 'image/jpeg', 'JPEG claiming 65000×65000');
  await tooLarge(jpegClaiming(65000, 65000, 'photo-progressive.jpg'), 'image/jpeg', 'progressive JPEG claiming 65000×65000');
  assert.ok(Date.now() - t0 < 5000, 'refused from the header');
});

test('POST /api/v1/uploads: exactly 5 MB is stored, 5 MB + 1 is refused with 413 (raw and multipart), a body over the route cap is refused before it is read', async () => {
  const ok = await upload(srv, owner, { body: jpeg(MB5), type: 'image/jpeg' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.upload.size, MB5);
  const before = uploadsOf(owner);
  const raw = await upload(srv, owner, { body: jpeg(MB5 + 1), type: 'image/jpeg' });
  assertError(raw, 413, 'payload_too_large');
  assertMatchesSpec('/api/v1/uploads', 'POST', raw);
  assertError(await upload(srv, owner, multipart(jpeg(MB5 + 1), { type: 'image/jpeg', filename: 'big.jpg' })), 413, 'payload_too_large');
  // the multipart envelope allowance is 64 KiB: a body beyond 5 MiB + 64 KiB never reaches the handler
  assertError(await upload(srv, owner, { body: jpeg(MB5 + 64 * 1024 + 1), type: 'image/jpeg' }), 413, 'payload_too_large');
  assert.equal(uploadsOf(owner), before);
  // other routes keep the 64 KiB JSON cap
  const big = JSON.stringify({ text: 'x'.repeat(70 * 1024) });
  assertError(await call(srv.url, 'POST', '/api/v1/complaints', { token: owner.access_token, body: big }), 413, 'payload_too_large');
});

test('POST /api/v1/uploads: a path-traversal file name cannot escape the store (random name inside UPLOAD_DIR, nothing written where the name points)', async () => {
  const tag = uniq('trav');
  const names = [
    `../../${tag}.png`,
    `../../../../../../tmp/${tag}.png`,
    `/tmp/${tag}-abs.png`,
    `..\\..\\${tag}-win.png`,
    `%2e%2e%2f%2e%2e%2f${tag}-enc.png`,
  ];
  for (const filename of names) {
    const img = png1x1();
    const r = await upload(srv, owner, multipart(img, { filename }));
    assert.equal(r.status, 201, `${filename}: ${r.text}`);
    assert.ok(!r.text.includes(tag), 'the name is not echoed');
    const [name] = sql(`SELECT storage_name FROM uploads WHERE id = ${r.json.upload.id}`)[0];
    assert.match(name, /^[0-9a-f]{64}$/);
    assert.deepEqual(fs.readFileSync(path.join(UPLOAD_DIR, name)), img);
  }
  for (const target of [path.resolve(UPLOAD_DIR, `../../${tag}.png`), path.resolve(UPLOAD_DIR, '..', `${tag}.png`),
    `/tmp/${tag}.png`, `/tmp/${tag}-abs.png`, path.resolve(UPLOAD_DIR, `../../${tag}-win.png`)]) {
    assert.ok(!fs.existsSync(target), `${target} was written`);
  }
  for (const f of storedFiles()) assert.match(f, /^[0-9a-f]{64}$/, `unexpected entry ${f} in UPLOAD_DIR`);
});

test('GET /api/v1/uploads/{id}: another user gets 403 (no bytes), no token 401, an unknown id 404', async () => {
  const r = await upload(srv, owner, multipart(png1x1()));
  assert.equal(r.status, 201);
  const id = r.json.upload.id;
  const g = await getUpload(srv, other, id);
  assert.equal(g.status, 403);
  const j = await g.json();
  assert.equal(j.error.code, 'forbidden');
  assert.ok(!g.headers.get('content-type').startsWith('image/'));
  assert.equal((await getUpload(srv, null, id)).status, 401);
  assert.equal((await getUpload(srv, owner, 999999999)).status, 404);
});

test('POST /api/v1/uploads input errors: no file part 400, empty body 400, JSON 415, no token 401, malformed multipart 400', async () => {
  assertError(await upload(srv, owner, multipart(png1x1(), { field: 'image' })), 400, 'missing_field');
  assertError(await upload(srv, owner, { body: Buffer.alloc(0), type: 'image/png' }), 400, 'missing_field');
  assertError(await call(srv.url, 'POST', '/api/v1/uploads', { token: owner.access_token, body: { file: 'x' } }), 415, 'unsupported_media_type');
  assertError(await upload(srv, null, multipart(png1x1())), 401, 'unauthenticated');
  assertError(await upload(srv, owner, { body: Buffer.from('--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'), type: 'multipart/form-data; boundary=b' }), 400, 'validation_failed');
  assertError(await upload(srv, owner, { body: png1x1(), type: 'multipart/form-data' }), 400, 'validation_failed');
});

test('uploads per user: UPLOAD_DAILY_MAX per 24 h and RATE_UPLOAD_PER_MIN per minute answer 429', async () => {
  const s = await startServer({ ...wx.env, RATE_LOGIN_PER_MIN: '100000', UPLOAD_DAILY_MAX: '2', RATE_UPLOAD_PER_MIN: '4' });
  try {
    const a = await signIn(s, uniq('upd'));
    for (let i = 0; i < 2; i++) assert.equal((await upload(s, a, multipart(png1x1()))).status, 201);
    const third = await upload(s, a, multipart(png1x1()));
    assertError(third, 429, 'rate_limited');
    assert.equal(third.headers.get('retry-after'), '3600');
    assert.equal(uploadsOf(a), 2);
    // per minute: refused uploads count too (the limit guards the work of reading 5 MB bodies)
    const b = await signIn(s, uniq('upm'));
    for (let i = 0; i < 4; i++) assertError(await upload(s, b, { body: Buffer.from('nope'), type: 'image/png' }), 415, 'unsupported_media_type');
    const fifth = await upload(s, b, multipart(png1x1()));
    assertError(fifth, 429, 'rate_limited');
    assert.ok(Number(fifth.headers.get('retry-after')) >= 1);
    // other routes of the same user are not held back by the upload limit
    assert.equal((await call(s.url, 'GET', '/api/v1/me/notifications', { token: b.access_token })).status, 200);
  } finally {
    await s.stop();
  }
});

test('orphan upload files (a crash between the file and its row) are swept when an hour old; files with rows, young files and other names stay', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-sweep-'));
  const hex = () => crypto.randomBytes(32).toString('hex');
  const old = new Date(Date.now() - 2 * 3600 * 1000);
  const put = (name, aged) => {
    fs.writeFileSync(path.join(dir, name), png1x1());
    if (aged) fs.utimesSync(path.join(dir, name), old, old);
    return name;
  };
  const orphan = put(hex(), true);
  const part = put(`${hex()}.part`, true);
  const young = put(hex(), false);
  const other = put('README', true);
  const owned = put(hex(), true);
  sql(`INSERT INTO uploads (owner_id, storage_name, content_type, size_bytes, sha256, created_at)
       VALUES (${owner.user.id}, '${owned}', 'image/png', ${png1x1().length}, '${'0'.repeat(64)}', NOW(3) - INTERVAL 2 HOUR)`);
  const s = await startServer({ ...wx.env, UPLOAD_DIR: dir }); // the task thread's first pass runs at start
  try {
    for (let i = 0; i < 50 && fs.existsSync(path.join(dir, orphan)); i++) await new Promise((r) => setTimeout(r, 100));
    const left = fs.readdirSync(dir).sort();
    assert.deepEqual(left, [young, other, owned].sort());
    assert.ok(s.logs().some((l) => l.includes('orphan upload files removed') && JSON.parse(l).count === 2), 'logged');
    assert.ok(!left.includes(part));
  } finally {
    await s.stop();
    sql(`DELETE FROM uploads WHERE storage_name = '${owned}'`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
