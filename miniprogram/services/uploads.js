// Images for complaints (诉求), one function per endpoint, through utils/transfer.js (the file-transfer
// companion of utils/request.js).
'use strict';
const transfer = require('../utils/transfer');

// POST /uploads, multipart with the image in the part named "file" → {upload: {id, content_type, size, ...}}.
// 415 unsupported_media_type (not JPEG/PNG/WebP), 413 payload_too_large (over 5 MB), 429 rate_limited.
function upload(filePath, opts) {
  return transfer.upload('/uploads', filePath, Object.assign({ name: 'file' }, opts)).then((d) => d.upload);
}

// GET /uploads/{id} (owner, or admins in scope) → a temp file path to show in <image>.
function fetch(id, opts) {
  return transfer.download(`/uploads/${encodeURIComponent(id)}`, opts);
}

module.exports = { upload, fetch };
