/**
 * @jest-environment node
 */
// The complaint screens' services against the REAL linggongd and MariaDB that deploy/test.sh starts: what
// utils/transfer.js hands wx.uploadFile is sent the way WeChat sends it (multipart/form-data, the file in the
// part named by `name`, formData fields before it) and the server stores it; the worker files a complaint
// about the employer of their application with that image, sees it in 我的诉求 and its progress, and fetches
// the image back with wx.downloadFile; a PHP file named .jpg is refused with the server's message. JSON
// answers are checked against openapi.json.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const lib = require('../api/lib'); // throws with a clear message unless deploy/test.sh's environment is set
const { createFetchWx } = require('./helpers/fetch-wx');
const { mpRequire, startApp } = require('./helpers/mp');

jest.setTimeout(120000);

let wechat;
let srv;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-mp-'));

beforeAll(async () => {
  wechat = await lib.startWechat({ clientTimeoutMs: 2000 });
  srv = await lib.startServer({ ...wechat.env, RATE_LOGIN_PER_MIN: '100000' });
});

afterAll(async () => {
  if (wechat) await wechat.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!srv) return;
  const exit = await srv.kill('SIGTERM');
  if (exit.code !== 0) throw new Error(`linggongd exited with ${JSON.stringify(exit)}:\n${srv.logs().slice(-30).join('\n')}`);
});

// wx.uploadFile and wx.downloadFile over fetch, shaped like WeChat's: the upload is multipart/form-data with
// formData fields and then the file (its temp file name as the part's filename); the download writes the body
// to a temp file when the status is 200.
function withFiles(wx) {
  wx.uploadFile = jest.fn((o) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(o.formData || {})) form.append(k, String(v));
    form.append(o.name, new Blob([fs.readFileSync(o.filePath)]), path.basename(o.filePath));
    fetch(o.url, { method: 'POST', headers: o.header || {}, body: form })
      .then(async (r) => {
        const data = await r.text();
        wx._exchanges.push({ method: 'POST', url: o.url, status: r.status, text: data });
        o.success && o.success({ statusCode: r.status, data, errMsg: 'uploadFile:ok' });
      })
      .catch((e) => o.fail && o.fail({ errMsg: `uploadFile:fail ${e.message}` }));
  });
  wx.downloadFile = jest.fn((o) => {
    fetch(o.url, { headers: o.header || {} })
      .then(async (r) => {
        const buf = Buffer.from(await r.arrayBuffer());
        const file = path.join(tmp, `dl_${crypto.randomBytes(4).toString('hex')}`);
        if (r.status === 200) fs.writeFileSync(file, buf);
        wx._downloads = (wx._downloads || []).concat([{ status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition') }]);
        o.success && o.success({ statusCode: r.status, tempFilePath: r.status === 200 ? file : '' });
      })
      .catch((e) => o.fail && o.fail({ errMsg: `downloadFile:fail ${e.message}` }));
  });
  return wx;
}

function miniProgram(prefix) {
  jest.resetModules();
  const wx = withFiles(createFetchWx({ name: lib.uniq(prefix) }));
  global.wx = wx;
  wx.setStorageSync('lg.devBaseUrl', `${srv.url}/api/v1`);
  startApp();
  const request = mpRequire('utils/request');
  request.config.sleep = () => Promise.resolve();
  return { wx, auth: mpRequire('utils/auth'), applications: mpRequire('services/applications'), complaints: mpRequire('services/complaints'), uploads: mpRequire('services/uploads'), logic: mpRequire('logic/complaints') };
}

// A real JPEG (the server decodes every upload whole): the API tests' fixture, made with cjpeg.
function jpegFile(name) {
  const b = fs.readFileSync(path.join(__dirname, '..', 'api', 'fixtures', 'photo.jpg'));
  const p = path.join(tmp, name);
  fs.writeFileSync(p, b);
  return { path: p, bytes: b };
}

test('upload (as wx.uploadFile sends it) → complaint with the image → 我的诉求 → progress → image back; a PHP file is refused', async () => {
  // an employer with a published gig (through the API directly: the employer screens have their own tests)
  const employer = await lib.signIn(srv, lib.uniq('mpce'));
  const gig = await lib.publishGig(srv, employer);

  const w = miniProgram('mpcw');
  const user = await w.auth.ensureUser();
  const app = await w.applications.apply(gig.id);
  expect(app.status).toBe('applied');

  const img = jpegFile('tmp_evidence.jpg');
  const up = await w.uploads.upload(img.path);
  expect(up.content_type).toBe('image/jpeg');
  expect(up.size).toBe(img.bytes.length);
  expect(up.sha256).toBe(crypto.createHash('sha256').update(img.bytes).digest('hex'));
  lib.assertMatchesSpec('/api/v1/uploads', 'POST', { status: 201, json: { upload: up } });

  const php = path.join(tmp, 'shell.jpg');
  fs.writeFileSync(php, "<?php system($_GET['c']); ?>");
  await expect(w.uploads.upload(php, { toast: false })).rejects.toMatchObject({ status: 415, code: 'unsupported_media_type', field: 'file' });

  const form = Object.assign(w.logic.initialForm({ respondent_id: String(employer.user.id), application_id: String(app.id) }), {
    category: 'fee_demanded',
    text: '报名后对方要求先交 200 元押金才能上岗',
    images: [{ path: img.path, id: up.id }],
  });
  expect(w.logic.validate(form)).toEqual({});
  const c = await w.logic.submit(form);
  lib.assertMatchesSpec('/api/v1/complaints', 'POST', { status: 201, json: { complaint: c } });
  expect(c).toMatchObject({ status: 'submitted', category: 'fee_demanded', respondent_id: employer.user.id, application_id: app.id });
  expect(c.images.map((i) => i.id)).toEqual([up.id]);

  const mine = await w.complaints.mine({ page: 1 });
  lib.assertMatchesSpec('/api/v1/me/complaints', 'GET', { status: 200, json: mine });
  expect(mine.items[0].id).toBe(c.id);
  const detail = await w.logic.load(c.id, Date.now());
  expect(detail.statusText).toBe('已提交');
  expect(detail.steps.map((s) => s.status)).toEqual(['已提交']);
  const [file] = await w.logic.imagePaths(detail.images);
  expect(fs.readFileSync(file)).toEqual(img.bytes);
  expect(w.wx._downloads[0]).toEqual({ status: 200, type: 'image/jpeg', disposition: 'inline' });

  // the employer (the respondent) can neither read the complaint nor fetch the image
  const asEmployer = await lib.call(srv.url, 'GET', `/api/v1/complaints/${c.id}`, { token: employer.access_token });
  expect(asEmployer.status).toBe(404);
  const imgAsEmployer = await lib.call(srv.url, 'GET', `/api/v1/uploads/${up.id}`, { token: employer.access_token });
  expect(imgAsEmployer.status).toBe(403);
  expect(user.id).toBeGreaterThan(0);
});
