/* The error table. Codes are part of the public API: rename one only with a new API version. */
#include "http/errors.h"

static const struct err_info table[ERR__COUNT] = {
    [ERR_VALIDATION] = {400, "validation_failed", "提交的内容不符合要求"},
    [ERR_MALFORMED_JSON] = {400, "malformed_json", "请求内容不是有效的 JSON"},
    [ERR_DUPLICATE_KEY] = {400, "duplicate_key", "请求内容中有重复的字段"},
    [ERR_UNKNOWN_FIELD] = {400, "unknown_field", "请求内容中有不认识的字段"},
    [ERR_MISSING_FIELD] = {400, "missing_field", "缺少必填项"},
    [ERR_BAD_QUERY] = {400, "bad_query", "查询参数不正确"},
    [ERR_BAD_ID] = {400, "bad_id", "编号格式不正确"},
    [ERR_UNSUPPORTED_MEDIA_TYPE] = {415, "unsupported_media_type", "请以 JSON 格式提交"},
    [ERR_WECHAT_CODE_INVALID] = {400, "wechat_code_invalid", "微信登录凭证无效，请重新进入小程序"},
    [ERR_WECHAT_CODE_USED] = {400, "wechat_code_used", "微信登录凭证已使用，请重新进入小程序"},
    [ERR_UNAUTHENTICATED] = {401, "unauthenticated", "请先登录"},
    [ERR_TOKEN_INVALID] = {401, "token_invalid", "登录状态无效，请重新登录"},
    [ERR_TOKEN_EXPIRED] = {401, "token_expired", "登录已过期，请重新登录"},
    [ERR_REFRESH_REUSED] = {401, "refresh_token_reused", "登录凭证已被使用，为安全起见请重新登录"},
    [ERR_BAD_CREDENTIALS] = {401, "invalid_credentials", "用户名或密码错误"},
    [ERR_FORBIDDEN] = {403, "forbidden", "没有权限进行此操作"},
    [ERR_EMPLOYER_PROFILE_REQUIRED] = {403, "employer_profile_required", "请先填写雇主信息再发布岗位"},
    [ERR_WECHAT_USER_RISKY] = {403, "wechat_user_risky", "微信判定当前账号存在风险，暂时无法登录"},
    [ERR_ACCOUNT_DISABLED] = {403, "account_disabled", "账号已停用，请联系就业服务中心"},
    [ERR_NOT_FOUND] = {404, "not_found", "找不到请求的内容"},
    [ERR_METHOD_NOT_ALLOWED] = {405, "method_not_allowed", "不支持此请求方法"},
    [ERR_STATE_CONFLICT] = {409, "state_conflict", "当前状态下不能进行此操作"},
    [ERR_ALREADY_EXISTS] = {409, "already_exists", "记录已存在"},
    [ERR_PAYLOAD_TOO_LARGE] = {413, "payload_too_large", "提交的内容过大"},
    [ERR_CONTENT_REJECTED] = {422, "content_rejected", "内容未通过审核"},
    [ERR_IDEMPOTENCY_MISMATCH] = {422, "idempotency_mismatch", "重复提交的内容与首次不一致"},
    [ERR_RATE_LIMITED] = {429, "rate_limited", "操作过于频繁，请稍后再试"},
    [ERR_ACCOUNT_LOCKED] = {429, "account_locked", "登录失败次数过多，账号已暂时锁定，请稍后再试"},
    [ERR_WECHAT_RATE_LIMITED] = {429, "wechat_rate_limited", "微信接口繁忙，请稍后再试"},
    [ERR_INTERNAL] = {500, "internal_error", "服务器内部错误，请稍后再试"},
    [ERR_WECHAT_NOT_CONFIGURED] = {503, "wechat_not_configured", "微信登录尚未配置"},
    [ERR_DB_UNAVAILABLE] = {503, "service_unavailable", "服务暂时不可用，请稍后再试"},
    [ERR_WECHAT_UNAVAILABLE] = {503, "wechat_unavailable", "微信服务暂时不可用，请稍后再试"},
    /* agreements */
    [ERR_AGREEMENT_UNAVAILABLE] = {503, "agreement_signing_unavailable",
                                   "电子协议签章密钥尚未配置，暂时不能起草、签署或核验协议"},
    [ERR_AGREEMENT_TEXT_CHANGED] = {409, "agreement_text_changed", "协议内容已更新，请重新阅读后再签署"},
    [ERR_ALREADY_SIGNED] = {409, "already_signed", "你已经签署过这份协议"},
    [ERR_PARTY_PROFILE_INCOMPLETE] = {409, "party_profile_incomplete",
                                      "双方须先在个人资料中填写真实姓名，才能起草协议"},
    /* attendance and result confirmation */
    [ERR_TOO_FAR] = {422, "too_far", "不在工作地点附近，无法打卡"},
    [ERR_SITE_CODE_INVALID] = {422, "site_code_invalid", "现场码不正确或已过期，请向雇主索取最新的现场码"},
    [ERR_OUTSIDE_PUNCH_WINDOW] = {409, "outside_punch_window", "不在签到时间内"},
    [ERR_ALREADY_CHECKED_IN] = {409, "already_checked_in", "今天已经签到过了"},
    [ERR_NOT_CHECKED_IN] = {409, "not_checked_in", "还没有签到，不能签退"},
    [ERR_ALREADY_CHECKED_OUT] = {409, "already_checked_out", "已经签退过了"},
    [ERR_CONFIRM_TOO_EARLY] = {409, "confirm_too_early", "岗位结束或最后一天签退后才能确认结果"},
    /* applications */
    [ERR_CREDIT_RESTRICTED] = {403, "credit_restricted",
                               "诚信分低于限制线，暂时不能报名或发布岗位，请联系就业服务中心"},
    [ERR_GIG_NOT_OPEN] = {409, "gig_not_open", "该岗位已不在招聘中"},
    [ERR_GIG_FULL] = {409, "gig_full", "该岗位录用人数已满"},
    [ERR_GIG_NOT_STARTED] = {409, "gig_not_started", "岗位开工后才能标记未到岗"},
    [ERR_OWN_GIG] = {403, "own_gig", "不能报名自己发布的岗位"},
    /* settlements */
    [ERR_IDEMPOTENCY_KEY_REQUIRED] = {400, "idempotency_key_required",
                                      "请求缺少 Idempotency-Key，请更新小程序后重试"},
    /* complaints */
    [ERR_COMPLAINT_OPEN] = {409, "complaint_open", "你对同一对象的同类诉求还在办理中，请等办结后再提交"},
    /* admin sign-in: every password check slot stayed busy for ADMIN_SCRYPT_WAIT_MS */
    [ERR_SIGNIN_BUSY] = {503, "signin_busy", "登录的人较多，请稍后再试"},
};

const struct err_info *errors_info(enum err e)
{
    if ((unsigned)e >= ERR__COUNT)
        e = ERR_INTERNAL;
    return &table[e];
}
