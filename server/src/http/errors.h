/* The one table of error codes the API answers with: stable snake_case code, HTTP status, zh-CN
 * message. Handlers name an enum; nothing else invents codes or statuses. */
#ifndef LG_ERRORS_H
#define LG_ERRORS_H

enum err {
    ERR_VALIDATION,
    ERR_MALFORMED_JSON,
    ERR_DUPLICATE_KEY,
    ERR_UNKNOWN_FIELD,
    ERR_MISSING_FIELD,
    ERR_BAD_QUERY,
    ERR_BAD_ID,
    ERR_UNSUPPORTED_MEDIA_TYPE,
    ERR_WECHAT_CODE_INVALID,
    ERR_WECHAT_CODE_USED,
    ERR_UNAUTHENTICATED,
    ERR_TOKEN_INVALID,
    ERR_TOKEN_EXPIRED,
    ERR_REFRESH_REUSED,
    ERR_BAD_CREDENTIALS,
    ERR_FORBIDDEN,
    ERR_EMPLOYER_PROFILE_REQUIRED,
    ERR_WECHAT_USER_RISKY,
    ERR_ACCOUNT_DISABLED,
    ERR_NOT_FOUND,
    ERR_METHOD_NOT_ALLOWED,
    ERR_STATE_CONFLICT,
    ERR_ALREADY_EXISTS,
    ERR_PAYLOAD_TOO_LARGE,
    ERR_CONTENT_REJECTED,
    ERR_IDEMPOTENCY_MISMATCH,
    ERR_RATE_LIMITED,
    ERR_ACCOUNT_LOCKED,
    ERR_WECHAT_RATE_LIMITED,
    ERR_INTERNAL,
    ERR_WECHAT_NOT_CONFIGURED,
    ERR_DB_UNAVAILABLE,
    ERR_WECHAT_UNAVAILABLE,
    /* agreements (api/agreement.c) */
    ERR_AGREEMENT_UNAVAILABLE,
    ERR_AGREEMENT_TEXT_CHANGED,
    ERR_ALREADY_SIGNED,
    ERR_PARTY_PROFILE_INCOMPLETE,
    /* attendance and result confirmation (api/attendance.c, api/confirm.c) */
    ERR_TOO_FAR,
    ERR_SITE_CODE_INVALID,
    ERR_OUTSIDE_PUNCH_WINDOW,
    ERR_ALREADY_CHECKED_IN,
    ERR_NOT_CHECKED_IN,
    ERR_ALREADY_CHECKED_OUT,
    ERR_CONFIRM_TOO_EARLY,
    /* applications (api/application.c) */
    ERR_CREDIT_RESTRICTED,
    ERR_GIG_NOT_OPEN,
    ERR_GIG_FULL,
    ERR_GIG_NOT_STARTED,
    ERR_OWN_GIG,
    /* settlements (api/settlement.c) */
    ERR_IDEMPOTENCY_KEY_REQUIRED,
    /* complaints (api/complaint.c) */
    ERR_COMPLAINT_OPEN,
    ERR_SIGNIN_BUSY,
    ERR__COUNT
};

struct err_info {
    int status;
    const char *code;
    const char *message;
};

/* Returns the table row of e (a valid pointer for every e < ERR__COUNT). */
const struct err_info *errors_info(enum err e);

#endif
