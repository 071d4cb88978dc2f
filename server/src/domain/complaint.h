/* Complaint rules that need no I/O: the categories of a complaint 诉求 with their wire names and zh-CN
 * labels, and the SLA deadline counted in working days. The state machine itself is domain/fsm.c's
 * FSM_COMPLAINT table; who may see or act on a complaint is api/complaint.c's. */
#ifndef LG_DOMAIN_COMPLAINT_H
#define LG_DOMAIN_COMPLAINT_H

enum complaint_category {
    COMPLAINT_UNPAID_WAGE,    /* 拖欠工资 */
    COMPLAINT_FALSE_INFO,     /* 虚假信息: also how a false gig posting is reported */
    COMPLAINT_SAFETY,         /* 安全问题 */
    COMPLAINT_DISCRIMINATION, /* 就业歧视 */
    COMPLAINT_FEE_DEMANDED,   /* 违规收费 (deposits, "training fees") */
    COMPLAINT_OTHER,
    COMPLAINT_CATEGORY_COUNT
};

/* Wire name ("unpaid_wage", ...) and zh-CN label of c; NULL outside the enum. Static strings. */
const char *complaint_category_name(enum complaint_category c);
const char *complaint_category_zh(enum complaint_category c);
/* Parses a wire name (exact). Returns 0 and sets *out, or -1 for NULL or an unknown name. */
int complaint_category_parse(const char *s, enum complaint_category *out);

/* The SLA deadline of a complaint submitted at unix second submitted_at: the end of the workdays-th
 * working day after the day of submission, as a unix second (00:00 of the following day, Asia/Shanghai,
 * which has no daylight saving: UTC+8 all year). Working days are Monday to Friday; the day of
 * submission never counts (a complaint filed on Monday with 3 working days is due at the end of
 * Thursday; one filed on Friday, Saturday or Sunday at the end of Wednesday).
 * Public holidays (春节, 国庆, ...) and the weekend days the State Council declares working days are NOT
 * modelled: around them a deadline may fall a few days early, which errs on the complainant's side.
 * workdays < 1 counts as 1. */
long long complaint_sla_due(long long submitted_at, int workdays);

/* Day of the week of unix second t in Asia/Shanghai: 0 Sunday ... 6 Saturday. */
int complaint_weekday(long long t);

#endif
