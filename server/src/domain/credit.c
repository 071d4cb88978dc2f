/* 诚信分 rules: one table of reasons (wire name, zh-CN label, actor, fixed delta), star deltas parsed
 * from configuration, clamping, recomputation and the restriction decision. Pure; no I/O. */
#include "domain/credit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name, *zh, *actor;
    int delta; /* fixed delta; 0 = given by stars or by the admin */
} reasons[CREDIT__REASONS] = {
    [CREDIT_RATING_RECEIVED] = {"rating_received", "收到评价", "user", 0},
    [CREDIT_NO_SHOW] = {"no_show", "未到岗", "user", -10},
    [CREDIT_LATE_CANCEL] = {"late_cancel", "开工前 24 小时内取消", "user", -5},
    [CREDIT_MISSED_CONFIRMATION] = {"missed_confirmation", "未按时确认工作结果", "system", -2},
    [CREDIT_COMPLAINT_UPHELD] = {"complaint_upheld", "投诉经核实成立", "admin", -15},
    [CREDIT_ADMIN_ADJUST] = {"admin_adjust", "管理员调整", "admin", 0},
};

int credit_reason_parse(const char *name, enum credit_reason *out)
{
    for (int i = 0; name && i < CREDIT__REASONS; i++)
        if (strcmp(name, reasons[i].name) == 0) {
            *out = (enum credit_reason)i;
            return 0;
        }
    return -1;
}

const char *credit_reason_name(enum credit_reason r)
{
    return (unsigned)r < CREDIT__REASONS ? reasons[r].name : "";
}

const char *credit_reason_zh(enum credit_reason r)
{
    return (unsigned)r < CREDIT__REASONS ? reasons[r].zh : "";
}

const char *credit_reason_actor(enum credit_reason r)
{
    return (unsigned)r < CREDIT__REASONS ? reasons[r].actor : "system";
}

int credit_star_deltas_parse(const char *text, int out[5])
{
    int v[5];
    const char *p = text;
    if (!p)
        return -1;
    for (int i = 0; i < 5; i++) {
        char *end;
        if (!(*p == '-' || (*p >= '0' && *p <= '9')))
            return -1;
        errno = 0;
        long n = strtol(p, &end, 10);
        if (errno || end == p || n < -100 || n > 100)
            return -1;
        v[i] = (int)n;
        if (i < 4 && *end != ',')
            return -1;
        if (i == 4 && *end != '\0')
            return -1;
        p = end + 1;
    }
    memcpy(out, v, sizeof v);
    return 0;
}

int credit_delta(enum credit_reason r, int stars, int adjust, const int star_deltas[5], int *out)
{
    switch (r) {
    case CREDIT_RATING_RECEIVED:
        if (stars < 1 || stars > 5 || !star_deltas)
            return -1;
        *out = star_deltas[stars - 1];
        return 0;
    case CREDIT_ADMIN_ADJUST:
        if (adjust == 0 || adjust < -100 || adjust > 100)
            return -1;
        *out = adjust;
        return 0;
    default:
        if ((unsigned)r >= CREDIT__REASONS)
            return -1;
        *out = reasons[r].delta;
        return 0;
    }
}

int credit_apply_delta(int score, int delta)
{
    long s = (long)score + delta;
    return s < CREDIT_MIN ? CREDIT_MIN : s > CREDIT_MAX ? CREDIT_MAX : (int)s;
}

int credit_recompute(const int *deltas, size_t n)
{
    int s = CREDIT_START;
    for (size_t i = 0; i < n; i++)
        s = credit_apply_delta(s, deltas[i]);
    return s;
}

enum credit_restriction credit_restriction_after(int restricted, int delta, int score_after, int threshold)
{
    if (threshold <= 0)
        return restricted ? CREDIT_LIFT : CREDIT_KEEP;
    if (!restricted && delta < 0 && score_after < threshold)
        return CREDIT_RESTRICT;
    if (restricted && score_after >= threshold)
        return CREDIT_LIFT;
    return CREDIT_KEEP;
}
