// Server field errors shown at the field. The server names the body field (pay_fen, region_code,
// certificates[0].number, expected_pay.fen); a form maps the top-level name onto its own input. Pure.
'use strict';

// Returns {errors, summary}: errors maps a form field to the message; summary is the toast text.
function fromError(err, fieldMap) {
  const errors = {};
  const message = (err && err.message) || '保存失败，请稍后重试';
  const top = err && err.field ? String(err.field).replace(/[[.].*$/, '') : '';
  if (top) errors[(fieldMap && fieldMap[top]) || top] = message;
  return { errors, summary: message };
}

module.exports = { fromError };
