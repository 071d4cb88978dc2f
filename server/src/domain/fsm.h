/* The state machines of SPEC §2 (gig, application, agreement, settlement, complaint) as static transition
 * tables, with the wire names of machines, states, actions and actor roles. Pure lookups: no I/O, no
 * clock, no ownership checks (whether THIS employer owns THIS gig is the caller's job). */
#ifndef LG_DOMAIN_FSM_H
#define LG_DOMAIN_FSM_H
#include <stddef.h>

enum fsm_machine {
    FSM_GIG,
    FSM_APPLICATION,
    FSM_AGREEMENT,
    FSM_SETTLEMENT,
    FSM_COMPLAINT,
    FSM_MACHINE_COUNT
};

enum fsm_gig_state {
    FSM_GIG_DRAFT,
    FSM_GIG_PENDING_REVIEW,
    FSM_GIG_PUBLISHED,
    FSM_GIG_CLOSED,
    FSM_GIG_EXPIRED,
    FSM_GIG_CANCELLED,
    FSM_GIG_REJECTED,
    FSM_GIG_STATE_COUNT
};

enum fsm_application_state {
    FSM_APPLICATION_APPLIED,
    FSM_APPLICATION_ACCEPTED,
    FSM_APPLICATION_REJECTED,
    FSM_APPLICATION_WITHDRAWN,
    FSM_APPLICATION_CANCELLED,
    FSM_APPLICATION_NO_SHOW,
    FSM_APPLICATION_COMPLETED,
    FSM_APPLICATION_STATE_COUNT
};

enum fsm_agreement_state {
    FSM_AGREEMENT_DRAFT,
    FSM_AGREEMENT_SIGNED_BY_ONE,
    FSM_AGREEMENT_SIGNED,
    FSM_AGREEMENT_VOIDED,
    FSM_AGREEMENT_STATE_COUNT
};

enum fsm_settlement_state {
    FSM_SETTLEMENT_RECORDED,
    FSM_SETTLEMENT_PAID,
    FSM_SETTLEMENT_CONFIRMED,
    FSM_SETTLEMENT_DISPUTED,
    FSM_SETTLEMENT_RESOLVED,
    FSM_SETTLEMENT_STATE_COUNT
};

enum fsm_complaint_state {
    FSM_COMPLAINT_SUBMITTED,
    FSM_COMPLAINT_ACCEPTED,
    FSM_COMPLAINT_HANDLING,
    FSM_COMPLAINT_RESOLVED,
    FSM_COMPLAINT_REJECTED,
    FSM_COMPLAINT_ESCALATED,
    FSM_COMPLAINT_STATE_COUNT
};

/* Actions are the verbs of the routes (POST /gigs/{id}/close, /applications/{id}/no-show, ...). */
enum fsm_action {
    FSM_ACT_SUBMIT,
    FSM_ACT_PUBLISH,
    FSM_ACT_APPROVE,
    FSM_ACT_REJECT,
    FSM_ACT_EDIT,
    FSM_ACT_CLOSE,
    FSM_ACT_EXPIRE,
    FSM_ACT_CANCEL,
    FSM_ACT_ACCEPT,
    FSM_ACT_WITHDRAW,
    FSM_ACT_NO_SHOW,
    FSM_ACT_COMPLETE,
    FSM_ACT_SIGN,
    FSM_ACT_VOID,
    FSM_ACT_PAY,
    FSM_ACT_CONFIRM,
    FSM_ACT_DISPUTE,
    FSM_ACT_RESOLVE,
    FSM_ACT_HANDLE,
    FSM_ACT_ESCALATE,
    FSM_ACTION_COUNT
};

/* Who performs a transition. ADMIN stands for any county/city/province admin (region scoping is the
 * caller's); SYSTEM is the server's own timers (expiry, auto-confirm, SLA escalation). */
enum fsm_role {
    FSM_ROLE_WORKER,
    FSM_ROLE_EMPLOYER,
    FSM_ROLE_STATION,
    FSM_ROLE_REVIEWER,
    FSM_ROLE_ADMIN,
    FSM_ROLE_AUDITOR,
    FSM_ROLE_SYSTEM,
    FSM_ROLE_COUNT
};

#define FSM_ROLE_BIT(r) (1u << (r))

enum fsm_result {
    FSM_OK,        /* the transition is allowed; *to holds the new state */
    FSM_ILLEGAL,   /* no such transition from this state: answer 409 with the current state */
    FSM_FORBIDDEN, /* the transition exists but this role may not perform it: answer 403 */
};

/* One row of a machine's table. `from`/`to` are values of that machine's state enum; `roles` is a mask of
 * FSM_ROLE_BIT; `needs_reason` says the history row must carry a non-empty reason. */
struct fsm_transition {
    int from;
    enum fsm_action action;
    int to;
    unsigned roles;
    int needs_reason;
};

/* Looks up `action` from state `from` of `m` performed by `role`. Returns FSM_OK and writes the new state to
 * `*to`; FSM_FORBIDDEN if `role` may not perform `action` on this machine at all, or may not from `from`
 * (checked first, so a role never learns a state it could not act on anyway); FSM_ILLEGAL if no row of the
 * table starts at `from` with `action`, or any argument is out of range. `*to` is written only on FSM_OK. */
enum fsm_result fsm_next(enum fsm_machine m, int from, enum fsm_action action, enum fsm_role role, int *to);

/* Returns 1 if the transition (`from`, `action`) of `m` must record a reason, 0 if not or if it does not
 * exist. */
int fsm_needs_reason(enum fsm_machine m, int from, enum fsm_action action);

/* Returns the static table of `m` and its row count in `*n`, or NULL (and *n = 0) for an unknown machine. */
const struct fsm_transition *fsm_table(enum fsm_machine m, size_t *n);

/* Returns the number of states of `m`, or 0 for an unknown machine. */
int fsm_state_count(enum fsm_machine m);

/* Returns the state a new row of `m` is created in (gig draft, application applied, agreement draft,
 * settlement recorded, complaint submitted), or -1 for an unknown machine. */
int fsm_initial(enum fsm_machine m);

/* Returns 1 if no transition leaves `state` of `m` (closed, signed, confirmed, ...), 0 if one does, -1 for
 * an unknown machine or state. */
int fsm_is_final(enum fsm_machine m, int state);

/* Wire names (snake_case, static strings). Each returns NULL for a value outside its enum. */
const char *fsm_machine_name(enum fsm_machine m);
const char *fsm_state_name(enum fsm_machine m, int state);
const char *fsm_action_name(enum fsm_action action);
const char *fsm_role_name(enum fsm_role role);
const char *fsm_result_name(enum fsm_result r);
/* The zh-CN name of a state ("已录用"), static; NULL outside the enum. */
const char *fsm_state_label(enum fsm_machine m, int state);
/* The zh-CN name of the state wire-named state_name, or state_name itself when it names none of m's. */
const char *fsm_label(enum fsm_machine m, const char *state_name);
/* The zh-CN name of an employer verification state ("unverified" 未提交认证, "pending" 待审核, "verified"
 * 已认证, "rejected" 已驳回), or v itself when it names none. Verification is not a machine of this table
 * (its rules are domain/profile.c's); its labels sit here so that every label has one home. */
const char *fsm_verification_label(const char *v);

/* Invitations are not a machine of this file (pending → accepted | declined | withdrawn, each answered
 * once), but their states are named here too, so every zh-CN state name lives in one place. Returns the
 * zh-CN name of the invitation state wire-named state_name ("待回复"), static; NULL when it names none. */
const char *fsm_invitation_label(const char *state_name);

/* Parsers of the wire names above (exact, case-sensitive). Each returns 0 and writes `*out`, or -1 and
 * leaves it untouched when `s` is NULL or not a name. */
int fsm_machine_parse(const char *s, enum fsm_machine *out);
int fsm_state_parse(enum fsm_machine m, const char *s, int *out);
int fsm_action_parse(const char *s, enum fsm_action *out);
int fsm_role_parse(const char *s, enum fsm_role *out);

#endif
