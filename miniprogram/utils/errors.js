// ApiError: what every failed call to linggongd rejects with (request.js, transfer.js, auth.js), carrying the
// HTTP status (0 when no answer arrived), the server's error code, its zh-CN message and the offending field.
// Leaf module: it requires nothing, so anyone may import it without risking a require circle.
'use strict';

class ApiError extends Error {
  constructor({ status = 0, code = 'unknown_error', message, field = null, retryAfter = null }) {
    super(message || '请求失败，请稍后重试');
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

module.exports = { ApiError };
