// The service's own state (GET /readyz), outside the API prefix.

import { ApiError, probe } from '../api.js';

// GET /readyz → {httpStatus, status, checks}. It answers 503 with a body when the database is down: both are
// a status, not an error; throws ApiError when no answer came or the answer is not a readiness body.
export async function readiness() {
  const { httpStatus, body } = await probe('/readyz');
  if (!body || typeof body.status !== 'string') {
    throw new ApiError(httpStatus, 'bad_reply', `状态检查没有返回可识别的结果（HTTP ${httpStatus}）。`);
  }
  return { httpStatus, status: body.status, checks: body.checks || {} };
}
