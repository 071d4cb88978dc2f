/* The five state machines of SPEC §2, one static table each. A row is (from, action, to, roles, reason);
 * any (state, action) pair not in a table is a 409 for the caller. This file owns which transitions exist
 * and which actor roles may perform them; it must not know about owners, regions, clocks or storage. */
#include <string.h>
#include "domain/fsm.h"

#define W  FSM_ROLE_BIT(FSM_ROLE_WORKER)
#define E  FSM_ROLE_BIT(FSM_ROLE_EMPLOYER)
#define ST FSM_ROLE_BIT(FSM_ROLE_STATION)
#define RV FSM_ROLE_BIT(FSM_ROLE_REVIEWER)
#define AD FSM_ROLE_BIT(FSM_ROLE_ADMIN)
#define SY FSM_ROLE_BIT(FSM_ROLE_SYSTEM)

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Gig:
 *   draft          --submit-->  pending_review   employer; the word filter asked for review
 *   draft          --publish--> published        employer; the word filter passed and review is off
 *   pending_review --approve--> published        reviewer, admin
 *   pending_review --reject-->  rejected         reviewer, admin (reason)
 *   published      --edit-->    pending_review   employer; an edited post is reviewed again
 *   published      --close-->   closed           employer, admin
 *   published      --expire-->  expired          system (past the last work date)
 *   published      --cancel-->  cancelled        employer, admin (reason: accepted workers are told)
 *   draft          --cancel-->  cancelled        employer (throws a draft away)
 *   pending_review --cancel-->  cancelled        employer (withdraws it before review)
 *   rejected       --submit-->  pending_review   employer, after fixing what the reviewer named
 *   rejected       --publish--> published        employer, likewise, when review is not required
 * closed, expired and cancelled are final. */
static const struct fsm_transition gig[] = {
    {FSM_GIG_DRAFT, FSM_ACT_SUBMIT, FSM_GIG_PENDING_REVIEW, E, 0},
    {FSM_GIG_DRAFT, FSM_ACT_PUBLISH, FSM_GIG_PUBLISHED, E, 0},
    {FSM_GIG_PENDING_REVIEW, FSM_ACT_APPROVE, FSM_GIG_PUBLISHED, RV | AD, 0},
    {FSM_GIG_PENDING_REVIEW, FSM_ACT_REJECT, FSM_GIG_REJECTED, RV | AD, 1},
    {FSM_GIG_PUBLISHED, FSM_ACT_EDIT, FSM_GIG_PENDING_REVIEW, E, 0},
    {FSM_GIG_PUBLISHED, FSM_ACT_CLOSE, FSM_GIG_CLOSED, E | AD, 0},
    {FSM_GIG_PUBLISHED, FSM_ACT_EXPIRE, FSM_GIG_EXPIRED, SY, 0},
    {FSM_GIG_PUBLISHED, FSM_ACT_CANCEL, FSM_GIG_CANCELLED, E | AD, 1},
    {FSM_GIG_DRAFT, FSM_ACT_CANCEL, FSM_GIG_CANCELLED, E, 0},
    {FSM_GIG_PENDING_REVIEW, FSM_ACT_CANCEL, FSM_GIG_CANCELLED, E, 0},
    {FSM_GIG_REJECTED, FSM_ACT_SUBMIT, FSM_GIG_PENDING_REVIEW, E, 0},
    {FSM_GIG_REJECTED, FSM_ACT_PUBLISH, FSM_GIG_PUBLISHED, E, 0},
};

/* Application:
 *   applied  --accept-->   accepted    employer (the caller enforces headcount atomically)
 *   applied  --reject-->   rejected    employer; system when the gig closes, expires or is cancelled
 *   applied  --withdraw--> withdrawn   worker, station staff on the worker's behalf
 *   accepted --cancel-->   cancelled   worker, employer; admin, system when the gig is cancelled
 *                                      (the caller counts a late cancel inside 24 h of start)
 *   accepted --no_show-->  no_show     employer (the caller checks the gig has started)
 *   accepted --complete--> completed   whoever confirms last (worker, employer) or system auto-confirm
 * rejected, withdrawn, cancelled, no_show and completed are final. */
static const struct fsm_transition application[] = {
    {FSM_APPLICATION_APPLIED, FSM_ACT_ACCEPT, FSM_APPLICATION_ACCEPTED, E, 0},
    {FSM_APPLICATION_APPLIED, FSM_ACT_REJECT, FSM_APPLICATION_REJECTED, E | SY, 0},
    {FSM_APPLICATION_APPLIED, FSM_ACT_WITHDRAW, FSM_APPLICATION_WITHDRAWN, W | ST, 0},
    {FSM_APPLICATION_ACCEPTED, FSM_ACT_CANCEL, FSM_APPLICATION_CANCELLED, W | E | AD | SY, 0},
    {FSM_APPLICATION_ACCEPTED, FSM_ACT_NO_SHOW, FSM_APPLICATION_NO_SHOW, E, 0},
    {FSM_APPLICATION_ACCEPTED, FSM_ACT_COMPLETE, FSM_APPLICATION_COMPLETED, W | E | SY, 0},
};

/* Agreement:
 *   draft         --sign--> signed_by_one   worker, employer
 *   signed_by_one --sign--> signed          worker, employer (the caller checks it is the other party)
 *   draft         --void--> voided          worker, employer, admin, system (reason)
 *   signed_by_one --void--> voided          worker, employer, admin, system (reason)
 * signed is immutable and voided is final. */
static const struct fsm_transition agreement[] = {
    {FSM_AGREEMENT_DRAFT, FSM_ACT_SIGN, FSM_AGREEMENT_SIGNED_BY_ONE, W | E, 0},
    {FSM_AGREEMENT_SIGNED_BY_ONE, FSM_ACT_SIGN, FSM_AGREEMENT_SIGNED, W | E, 0},
    {FSM_AGREEMENT_DRAFT, FSM_ACT_VOID, FSM_AGREEMENT_VOIDED, W | E | AD | SY, 1},
    {FSM_AGREEMENT_SIGNED_BY_ONE, FSM_ACT_VOID, FSM_AGREEMENT_VOIDED, W | E | AD | SY, 1},
};

/* Settlement:
 *   recorded --pay-->     paid       employer
 *   paid     --confirm--> confirmed  worker; system when the receipt auto-confirms after N days
 *   paid     --dispute--> disputed   worker (reason)
 *   disputed --resolve--> resolved   admin (reason)
 * confirmed and resolved are final. */
static const struct fsm_transition settlement[] = {
    {FSM_SETTLEMENT_RECORDED, FSM_ACT_PAY, FSM_SETTLEMENT_PAID, E, 0},
    {FSM_SETTLEMENT_PAID, FSM_ACT_CONFIRM, FSM_SETTLEMENT_CONFIRMED, W | SY, 0},
    {FSM_SETTLEMENT_PAID, FSM_ACT_DISPUTE, FSM_SETTLEMENT_DISPUTED, W, 1},
    {FSM_SETTLEMENT_DISPUTED, FSM_ACT_RESOLVE, FSM_SETTLEMENT_RESOLVED, AD, 1},
};

/* Complaint:
 *   submitted --accept-->   accepted    admin
 *   accepted  --handle-->   handling    admin
 *   handling  --resolve-->  resolved    admin (reason: the outcome)
 *   handling  --reject-->   rejected    admin (reason)
 *   submitted, accepted, handling, escalated --escalate--> escalated
 *                                       system past the SLA, admin forwarding upward; the caller moves
 *                                       it to the parent region. Escalated stays open:
 *   escalated --accept-->   accepted    admin (of the parent region)
 *   escalated --handle-->   handling    admin
 * resolved and rejected are final. */
static const struct fsm_transition complaint[] = {
    {FSM_COMPLAINT_SUBMITTED, FSM_ACT_ACCEPT, FSM_COMPLAINT_ACCEPTED, AD, 0},
    {FSM_COMPLAINT_ACCEPTED, FSM_ACT_HANDLE, FSM_COMPLAINT_HANDLING, AD, 0},
    {FSM_COMPLAINT_HANDLING, FSM_ACT_RESOLVE, FSM_COMPLAINT_RESOLVED, AD, 1},
    {FSM_COMPLAINT_HANDLING, FSM_ACT_REJECT, FSM_COMPLAINT_REJECTED, AD, 1},
    {FSM_COMPLAINT_SUBMITTED, FSM_ACT_ESCALATE, FSM_COMPLAINT_ESCALATED, SY | AD, 0},
    {FSM_COMPLAINT_ACCEPTED, FSM_ACT_ESCALATE, FSM_COMPLAINT_ESCALATED, SY | AD, 0},
    {FSM_COMPLAINT_HANDLING, FSM_ACT_ESCALATE, FSM_COMPLAINT_ESCALATED, SY | AD, 0},
    {FSM_COMPLAINT_ESCALATED, FSM_ACT_ESCALATE, FSM_COMPLAINT_ESCALATED, SY | AD, 0},
    {FSM_COMPLAINT_ESCALATED, FSM_ACT_ACCEPT, FSM_COMPLAINT_ACCEPTED, AD, 0},
    {FSM_COMPLAINT_ESCALATED, FSM_ACT_HANDLE, FSM_COMPLAINT_HANDLING, AD, 0},
};

static const char *const gig_states[] = {"draft",   "pending_review", "published", "closed",
                                         "expired", "cancelled",      "rejected"};
static const char *const application_states[] = {"applied",   "accepted", "rejected", "withdrawn",
                                                 "cancelled", "no_show",  "completed"};
static const char *const agreement_states[] = {"draft", "signed_by_one", "signed", "voided"};
static const char *const settlement_states[] = {"recorded", "paid", "confirmed", "disputed", "resolved"};
static const char *const complaint_states[] = {"submitted", "accepted", "handling",
                                               "resolved",  "rejected", "escalated"};

/* The zh-CN names of the states, index for index with the wire names above: the one table every reply's
 * status_label, every 409 message and every export uses (clients keep theirs only for filters). */
static const char *const gig_labels[] = {"草稿",   "待审核", "已发布",    "已关闭",
                                         "已过期", "已取消", "未通过审核"};
static const char *const application_labels[] = {"已报名", "已录用", "未录用", "已撤回",
                                                 "已取消", "未到岗", "已完成"};
static const char *const agreement_labels[] = {"待签署", "一方已签署", "已签署", "已作废"};
static const char *const settlement_labels[] = {"待支付", "已支付待确认", "已确认收款", "有争议",
                                                "争议已处理"};
static const char *const complaint_labels[] = {"已提交", "已受理", "处理中",
                                               "已办结", "已驳回", "已升级督办"};

/* Invitation states (not a machine here: see fsm.h) and their zh-CN names. */
static const struct {
    const char *name, *label;
} invitation_states[] = {
    {"pending", "待回复"},
    {"accepted", "已接受"},
    {"declined", "已谢绝"},
    {"withdrawn", "已撤回"},
};

static const struct {
    const char *name;
    const char *const *states;
    const char *const *labels;
    int state_count;
    int initial;
    const struct fsm_transition *table;
    size_t rows;
} machines[FSM_MACHINE_COUNT] = {
    [FSM_GIG] = {"gig", gig_states, gig_labels, (int)N(gig_states), FSM_GIG_DRAFT, gig, N(gig)},
    [FSM_APPLICATION] = {"application", application_states, application_labels, (int)N(application_states),
                         FSM_APPLICATION_APPLIED, application, N(application)},
    [FSM_AGREEMENT] = {"agreement", agreement_states, agreement_labels, (int)N(agreement_states),
                       FSM_AGREEMENT_DRAFT, agreement, N(agreement)},
    [FSM_SETTLEMENT] = {"settlement", settlement_states, settlement_labels, (int)N(settlement_states),
                        FSM_SETTLEMENT_RECORDED, settlement, N(settlement)},
    [FSM_COMPLAINT] = {"complaint", complaint_states, complaint_labels, (int)N(complaint_states),
                       FSM_COMPLAINT_SUBMITTED, complaint, N(complaint)},
};

_Static_assert(N(gig_states) == FSM_GIG_STATE_COUNT, "gig state names");
_Static_assert(N(application_states) == FSM_APPLICATION_STATE_COUNT, "application state names");
_Static_assert(N(agreement_states) == FSM_AGREEMENT_STATE_COUNT, "agreement state names");
_Static_assert(N(settlement_states) == FSM_SETTLEMENT_STATE_COUNT, "settlement state names");
_Static_assert(N(complaint_states) == FSM_COMPLAINT_STATE_COUNT, "complaint state names");
_Static_assert(N(gig_labels) == FSM_GIG_STATE_COUNT, "gig state labels");
_Static_assert(N(application_labels) == FSM_APPLICATION_STATE_COUNT, "application state labels");
_Static_assert(N(agreement_labels) == FSM_AGREEMENT_STATE_COUNT, "agreement state labels");
_Static_assert(N(settlement_labels) == FSM_SETTLEMENT_STATE_COUNT, "settlement state labels");
_Static_assert(N(complaint_labels) == FSM_COMPLAINT_STATE_COUNT, "complaint state labels");

static const char *const action_names[FSM_ACTION_COUNT] = {
    [FSM_ACT_SUBMIT] = "submit",     [FSM_ACT_PUBLISH] = "publish",   [FSM_ACT_APPROVE] = "approve",
    [FSM_ACT_REJECT] = "reject",     [FSM_ACT_EDIT] = "edit",         [FSM_ACT_CLOSE] = "close",
    [FSM_ACT_EXPIRE] = "expire",     [FSM_ACT_CANCEL] = "cancel",     [FSM_ACT_ACCEPT] = "accept",
    [FSM_ACT_WITHDRAW] = "withdraw", [FSM_ACT_NO_SHOW] = "no_show",   [FSM_ACT_COMPLETE] = "complete",
    [FSM_ACT_SIGN] = "sign",         [FSM_ACT_VOID] = "void",         [FSM_ACT_PAY] = "pay",
    [FSM_ACT_CONFIRM] = "confirm",   [FSM_ACT_DISPUTE] = "dispute",   [FSM_ACT_RESOLVE] = "resolve",
    [FSM_ACT_HANDLE] = "handle",     [FSM_ACT_ESCALATE] = "escalate",
};

static const char *const role_names[FSM_ROLE_COUNT] = {
    [FSM_ROLE_WORKER] = "worker",     [FSM_ROLE_EMPLOYER] = "employer", [FSM_ROLE_STATION] = "station",
    [FSM_ROLE_REVIEWER] = "reviewer", [FSM_ROLE_ADMIN] = "admin",       [FSM_ROLE_AUDITOR] = "auditor",
    [FSM_ROLE_SYSTEM] = "system",
};

static int machine_ok(enum fsm_machine m)
{
    return (unsigned)m < FSM_MACHINE_COUNT;
}

static int state_ok(enum fsm_machine m, int state)
{
    return machine_ok(m) && state >= 0 && state < machines[m].state_count;
}

static const struct fsm_transition *find(enum fsm_machine m, int from, enum fsm_action action)
{
    for (size_t i = 0; i < machines[m].rows; i++)
        if (machines[m].table[i].from == from && machines[m].table[i].action == action)
            return &machines[m].table[i];
    return NULL;
}

enum fsm_result fsm_next(enum fsm_machine m, int from, enum fsm_action action, enum fsm_role role, int *to)
{
    if (!state_ok(m, from) || (unsigned)action >= FSM_ACTION_COUNT || (unsigned)role >= FSM_ROLE_COUNT)
        return FSM_ILLEGAL;

    unsigned bit = FSM_ROLE_BIT(role);
    unsigned anywhere = 0;
    for (size_t i = 0; i < machines[m].rows; i++)
        if (machines[m].table[i].action == action)
            anywhere |= machines[m].table[i].roles;
    if (anywhere != 0 && !(anywhere & bit))
        return FSM_FORBIDDEN;

    const struct fsm_transition *t = find(m, from, action);
    if (t == NULL)
        return FSM_ILLEGAL;
    if (!(t->roles & bit))
        return FSM_FORBIDDEN;
    if (to != NULL)
        *to = t->to;
    return FSM_OK;
}

int fsm_needs_reason(enum fsm_machine m, int from, enum fsm_action action)
{
    if (!state_ok(m, from))
        return 0;
    const struct fsm_transition *t = find(m, from, action);
    return t != NULL && t->needs_reason;
}

const struct fsm_transition *fsm_table(enum fsm_machine m, size_t *n)
{
    if (!machine_ok(m)) {
        *n = 0;
        return NULL;
    }
    *n = machines[m].rows;
    return machines[m].table;
}

int fsm_state_count(enum fsm_machine m)
{
    return machine_ok(m) ? machines[m].state_count : 0;
}

int fsm_initial(enum fsm_machine m)
{
    return machine_ok(m) ? machines[m].initial : -1;
}

int fsm_is_final(enum fsm_machine m, int state)
{
    if (!state_ok(m, state))
        return -1;
    for (size_t i = 0; i < machines[m].rows; i++)
        if (machines[m].table[i].from == state)
            return 0;
    return 1;
}

const char *fsm_machine_name(enum fsm_machine m)
{
    return machine_ok(m) ? machines[m].name : NULL;
}

const char *fsm_state_name(enum fsm_machine m, int state)
{
    return state_ok(m, state) ? machines[m].states[state] : NULL;
}

const char *fsm_state_label(enum fsm_machine m, int state)
{
    return state_ok(m, state) ? machines[m].labels[state] : NULL;
}

const char *fsm_label(enum fsm_machine m, const char *state_name)
{
    int s;
    return fsm_state_parse(m, state_name, &s) == 0 ? machines[m].labels[s] : state_name;
}

/* Employer verification (domain/profile.h enum profile_verification), wire name and label. */
static const struct {
    const char *name, *label;
} verification_labels[] = {
    {"unverified", "未提交认证"},
    {"pending", "待审核"},
    {"verified", "已认证"},
    {"rejected", "已驳回"},
};

const char *fsm_verification_label(const char *v)
{
    for (size_t i = 0; v && i < N(verification_labels); i++)
        if (strcmp(v, verification_labels[i].name) == 0)
            return verification_labels[i].label;
    return v;
}

const char *fsm_invitation_label(const char *state_name)
{
    for (size_t i = 0; state_name && i < N(invitation_states); i++)
        if (strcmp(invitation_states[i].name, state_name) == 0)
            return invitation_states[i].label;
    return NULL;
}

const char *fsm_action_name(enum fsm_action action)
{
    return (unsigned)action < FSM_ACTION_COUNT ? action_names[action] : NULL;
}

const char *fsm_role_name(enum fsm_role role)
{
    return (unsigned)role < FSM_ROLE_COUNT ? role_names[role] : NULL;
}

const char *fsm_result_name(enum fsm_result r)
{
    switch (r) {
    case FSM_OK:
        return "ok";
    case FSM_ILLEGAL:
        return "illegal";
    case FSM_FORBIDDEN:
        return "forbidden";
    }
    return NULL;
}

/* Index of `s` in `names[0..n)`, or -1. */
static int lookup(const char *const *names, int n, const char *s)
{
    if (s == NULL)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

int fsm_machine_parse(const char *s, enum fsm_machine *out)
{
    for (int i = 0; s != NULL && i < FSM_MACHINE_COUNT; i++) {
        if (strcmp(machines[i].name, s) == 0) {
            *out = (enum fsm_machine)i;
            return 0;
        }
    }
    return -1;
}

int fsm_state_parse(enum fsm_machine m, const char *s, int *out)
{
    if (!machine_ok(m))
        return -1;
    int i = lookup(machines[m].states, machines[m].state_count, s);
    if (i < 0)
        return -1;
    *out = i;
    return 0;
}

int fsm_action_parse(const char *s, enum fsm_action *out)
{
    int i = lookup(action_names, FSM_ACTION_COUNT, s);
    if (i < 0)
        return -1;
    *out = (enum fsm_action)i;
    return 0;
}

int fsm_role_parse(const char *s, enum fsm_role *out)
{
    int i = lookup(role_names, FSM_ROLE_COUNT, s);
    if (i < 0)
        return -1;
    *out = (enum fsm_role)i;
    return 0;
}
