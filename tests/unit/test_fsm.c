/* Unit tests of domain/fsm: every legal transition of SPEC §2 written out again here by name, and an
 * exhaustive sweep of (state, action, role) asserting everything else is ILLEGAL or FORBIDDEN. */
#include <string.h>
#include "unit.h"
#include "domain/fsm.h"

/* The expected machines, by wire name, independent of the module's enums and tables. */
struct row {
    const char *machine, *from, *action, *to, *roles;
    int reason;
};

static const struct row expected[] = {
    {"gig", "draft", "submit", "pending_review", "employer", 0},
    {"gig", "draft", "publish", "published", "employer", 0},
    {"gig", "pending_review", "approve", "published", "reviewer admin", 0},
    {"gig", "pending_review", "reject", "rejected", "reviewer admin", 1},
    {"gig", "published", "edit", "pending_review", "employer", 0},
    {"gig", "published", "close", "closed", "employer admin", 0},
    {"gig", "published", "expire", "expired", "system", 0},
    {"gig", "published", "cancel", "cancelled", "employer admin", 1},
    {"gig", "draft", "cancel", "cancelled", "employer", 0},
    {"gig", "pending_review", "cancel", "cancelled", "employer", 0},
    {"gig", "rejected", "submit", "pending_review", "employer", 0},
    {"gig", "rejected", "publish", "published", "employer", 0},

    {"application", "applied", "accept", "accepted", "employer", 0},
    {"application", "applied", "reject", "rejected", "employer system", 0},
    {"application", "applied", "withdraw", "withdrawn", "worker station", 0},
    {"application", "accepted", "cancel", "cancelled", "worker employer admin system", 0},
    {"application", "accepted", "no_show", "no_show", "employer", 0},
    {"application", "accepted", "complete", "completed", "worker employer system", 0},

    {"agreement", "draft", "sign", "signed_by_one", "worker employer", 0},
    {"agreement", "signed_by_one", "sign", "signed", "worker employer", 0},
    {"agreement", "draft", "void", "voided", "worker employer admin system", 1},
    {"agreement", "signed_by_one", "void", "voided", "worker employer admin system", 1},

    {"settlement", "recorded", "pay", "paid", "employer", 0},
    {"settlement", "paid", "confirm", "confirmed", "worker system", 0},
    {"settlement", "paid", "dispute", "disputed", "worker", 1},
    {"settlement", "disputed", "resolve", "resolved", "admin", 1},

    {"complaint", "submitted", "accept", "accepted", "admin", 0},
    {"complaint", "accepted", "handle", "handling", "admin", 0},
    {"complaint", "handling", "resolve", "resolved", "admin", 1},
    {"complaint", "handling", "reject", "rejected", "admin", 1},
    {"complaint", "submitted", "escalate", "escalated", "system admin", 0},
    {"complaint", "accepted", "escalate", "escalated", "system admin", 0},
    {"complaint", "handling", "escalate", "escalated", "system admin", 0},
    {"complaint", "escalated", "escalate", "escalated", "system admin", 0},
    {"complaint", "escalated", "accept", "accepted", "admin", 0},
    {"complaint", "escalated", "handle", "handling", "admin", 0},
};

#define N_EXPECTED (sizeof expected / sizeof expected[0])

static const char *const all_states[FSM_MACHINE_COUNT][8] = {
    [FSM_GIG] = {"draft", "pending_review", "published", "closed", "expired", "cancelled", "rejected"},
    [FSM_APPLICATION] = {"applied", "accepted", "rejected", "withdrawn", "cancelled", "no_show", "completed"},
    [FSM_AGREEMENT] = {"draft", "signed_by_one", "signed", "voided"},
    [FSM_SETTLEMENT] = {"recorded", "paid", "confirmed", "disputed", "resolved"},
    [FSM_COMPLAINT] = {"submitted", "accepted", "handling", "resolved", "rejected", "escalated"},
};

static const char *const finals[FSM_MACHINE_COUNT][6] = {
    [FSM_GIG] = {"closed", "expired", "cancelled"},
    [FSM_APPLICATION] = {"rejected", "withdrawn", "cancelled", "no_show", "completed"},
    [FSM_AGREEMENT] = {"signed", "voided"},
    [FSM_SETTLEMENT] = {"confirmed", "resolved"},
    [FSM_COMPLAINT] = {"resolved", "rejected"},
};

static int has_role(const char *roles, const char *role)
{
    size_t n = strlen(role);
    for (const char *p = roles; (p = strstr(p, role)) != NULL; p += n)
        if ((p == roles || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static int state_of(enum fsm_machine m, const char *name)
{
    int s = -1;
    ck_assert_msg(fsm_state_parse(m, name, &s) == 0, "state %s", name);
    return s;
}

static const struct row *expected_row(const char *m, const char *from, const char *action)
{
    for (size_t i = 0; i < N_EXPECTED; i++)
        if (!strcmp(expected[i].machine, m) && !strcmp(expected[i].from, from) &&
            !strcmp(expected[i].action, action))
            return &expected[i];
    return NULL;
}

/* The rule of fsm_next restated: a role never allowed the action on the machine is FORBIDDEN in every
 * state; otherwise a missing row is ILLEGAL and a row without the role FORBIDDEN. */
static enum fsm_result expected_result(const char *m, const char *from, const char *action, const char *role)
{
    int anywhere = 0, any_row = 0;
    for (size_t i = 0; i < N_EXPECTED; i++) {
        if (strcmp(expected[i].machine, m) || strcmp(expected[i].action, action))
            continue;
        any_row = 1;
        anywhere |= has_role(expected[i].roles, role);
    }
    if (any_row && !anywhere)
        return FSM_FORBIDDEN;
    const struct row *r = expected_row(m, from, action);
    if (r == NULL)
        return FSM_ILLEGAL;
    return has_role(r->roles, role) ? FSM_OK : FSM_FORBIDDEN;
}

START_TEST(every_legal_transition)
{
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const struct row *r = &expected[i];
        enum fsm_machine m;
        enum fsm_action a;
        ck_assert_int_eq(fsm_machine_parse(r->machine, &m), 0);
        ck_assert_int_eq(fsm_action_parse(r->action, &a), 0);
        int from = state_of(m, r->from), want = state_of(m, r->to);
        for (int role = 0; role < FSM_ROLE_COUNT; role++) {
            if (!has_role(r->roles, fsm_role_name(role)))
                continue;
            int to = -1;
            ck_assert_msg(fsm_next(m, from, a, role, &to) == FSM_OK, "%s %s --%s--> by %s", r->machine,
                          r->from, r->action, fsm_role_name(role));
            ck_assert_int_eq(to, want);
        }
        ck_assert_int_eq(fsm_needs_reason(m, from, a), r->reason);
    }
}
END_TEST

START_TEST(exhaustive_sweep)
{
    long checked = 0;
    for (int m = 0; m < FSM_MACHINE_COUNT; m++) {
        for (int from = 0; from < fsm_state_count(m); from++) {
            for (int a = 0; a < FSM_ACTION_COUNT; a++) {
                for (int role = 0; role < FSM_ROLE_COUNT; role++) {
                    const char *mn = fsm_machine_name(m), *fn = fsm_state_name(m, from);
                    const char *an = fsm_action_name(a), *rn = fsm_role_name(role);
                    enum fsm_result want = expected_result(mn, fn, an, rn);
                    int to = 12345;
                    enum fsm_result got = fsm_next(m, from, a, role, &to);
                    ck_assert_msg(got == want, "%s %s --%s--> by %s: got %s want %s", mn, fn, an, rn,
                                  fsm_result_name(got), fsm_result_name(want));
                    if (got != FSM_OK)
                        ck_assert_int_eq(to, 12345);
                    checked++;
                }
            }
        }
    }
    ck_assert_int_eq(checked, (long)(7 + 7 + 4 + 5 + 6) * FSM_ACTION_COUNT * FSM_ROLE_COUNT);
}
END_TEST

START_TEST(state_pairs_not_in_table_are_unreachable)
{
    for (int m = 0; m < FSM_MACHINE_COUNT; m++) {
        for (int from = 0; from < fsm_state_count(m); from++) {
            for (int want = 0; want < fsm_state_count(m); want++) {
                int listed = 0;
                for (size_t i = 0; i < N_EXPECTED; i++)
                    listed |= !strcmp(expected[i].machine, fsm_machine_name(m)) &&
                              !strcmp(expected[i].from, fsm_state_name(m, from)) &&
                              !strcmp(expected[i].to, fsm_state_name(m, want));
                int reached = 0;
                for (int a = 0; a < FSM_ACTION_COUNT; a++) {
                    for (int role = 0; role < FSM_ROLE_COUNT; role++) {
                        int to = -1;
                        reached |= fsm_next(m, from, a, role, &to) == FSM_OK && to == want;
                    }
                }
                ck_assert_msg(reached == listed, "%s %s -> %s", fsm_machine_name(m), fsm_state_name(m, from),
                              fsm_state_name(m, want));
            }
        }
    }
}
END_TEST

START_TEST(sample_of_illegal_and_forbidden)
{
    int to = -1;
    /* a signed agreement is immutable */
    ck_assert_int_eq(fsm_next(FSM_AGREEMENT, FSM_AGREEMENT_SIGNED, FSM_ACT_VOID, FSM_ROLE_ADMIN, &to),
                     FSM_ILLEGAL);
    ck_assert_int_eq(fsm_next(FSM_AGREEMENT, FSM_AGREEMENT_SIGNED, FSM_ACT_SIGN, FSM_ROLE_WORKER, &to),
                     FSM_ILLEGAL);
    /* closing twice is a conflict, not a success */
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_CLOSED, FSM_ACT_CLOSE, FSM_ROLE_EMPLOYER, &to), FSM_ILLEGAL);
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_DRAFT, FSM_ACT_CLOSE, FSM_ROLE_EMPLOYER, &to), FSM_ILLEGAL);
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_REJECTED, FSM_ACT_APPROVE, FSM_ROLE_REVIEWER, &to),
                     FSM_ILLEGAL);
    /* an employer cannot approve their own post, in any state */
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_PENDING_REVIEW, FSM_ACT_APPROVE, FSM_ROLE_EMPLOYER, &to),
                     FSM_FORBIDDEN);
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_CLOSED, FSM_ACT_APPROVE, FSM_ROLE_EMPLOYER, &to),
                     FSM_FORBIDDEN);
    /* expiry is the server's alone */
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_PUBLISHED, FSM_ACT_EXPIRE, FSM_ROLE_ADMIN, &to),
                     FSM_FORBIDDEN);
    /* headcount: accepting an accepted application again is a conflict */
    ck_assert_int_eq(
        fsm_next(FSM_APPLICATION, FSM_APPLICATION_ACCEPTED, FSM_ACT_ACCEPT, FSM_ROLE_EMPLOYER, &to),
        FSM_ILLEGAL);
    /* a worker cannot accept themselves; withdrawing after acceptance is a cancel, not a withdraw */
    ck_assert_int_eq(fsm_next(FSM_APPLICATION, FSM_APPLICATION_APPLIED, FSM_ACT_ACCEPT, FSM_ROLE_WORKER, &to),
                     FSM_FORBIDDEN);
    ck_assert_int_eq(
        fsm_next(FSM_APPLICATION, FSM_APPLICATION_ACCEPTED, FSM_ACT_WITHDRAW, FSM_ROLE_WORKER, &to),
        FSM_ILLEGAL);
    ck_assert_int_eq(
        fsm_next(FSM_APPLICATION, FSM_APPLICATION_APPLIED, FSM_ACT_NO_SHOW, FSM_ROLE_EMPLOYER, &to),
        FSM_ILLEGAL);
    /* a worker marks pay received, never paid */
    ck_assert_int_eq(fsm_next(FSM_SETTLEMENT, FSM_SETTLEMENT_RECORDED, FSM_ACT_PAY, FSM_ROLE_WORKER, &to),
                     FSM_FORBIDDEN);
    ck_assert_int_eq(fsm_next(FSM_SETTLEMENT, FSM_SETTLEMENT_RECORDED, FSM_ACT_CONFIRM, FSM_ROLE_WORKER, &to),
                     FSM_ILLEGAL);
    ck_assert_int_eq(
        fsm_next(FSM_SETTLEMENT, FSM_SETTLEMENT_CONFIRMED, FSM_ACT_DISPUTE, FSM_ROLE_WORKER, &to),
        FSM_ILLEGAL);
    /* the auditor changes nothing */
    ck_assert_int_eq(fsm_next(FSM_COMPLAINT, FSM_COMPLAINT_SUBMITTED, FSM_ACT_ACCEPT, FSM_ROLE_AUDITOR, &to),
                     FSM_FORBIDDEN);
    ck_assert_int_eq(fsm_next(FSM_COMPLAINT, FSM_COMPLAINT_RESOLVED, FSM_ACT_ESCALATE, FSM_ROLE_SYSTEM, &to),
                     FSM_ILLEGAL);
    /* an action no row of the machine uses is a conflict for everyone */
    ck_assert_int_eq(fsm_next(FSM_SETTLEMENT, FSM_SETTLEMENT_PAID, FSM_ACT_SIGN, FSM_ROLE_WORKER, &to),
                     FSM_ILLEGAL);
    ck_assert_int_eq(to, -1);
}
END_TEST

START_TEST(out_of_range_is_illegal)
{
    int to = -1;
    ck_assert_int_eq(fsm_next(FSM_MACHINE_COUNT, 0, FSM_ACT_SUBMIT, FSM_ROLE_EMPLOYER, &to), FSM_ILLEGAL);
    ck_assert_int_eq(fsm_next((enum fsm_machine) - 1, 0, FSM_ACT_SUBMIT, FSM_ROLE_EMPLOYER, &to),
                     FSM_ILLEGAL);
    ck_assert_int_eq(fsm_next(FSM_GIG, -1, FSM_ACT_SUBMIT, FSM_ROLE_EMPLOYER, &to), FSM_ILLEGAL);
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_STATE_COUNT, FSM_ACT_SUBMIT, FSM_ROLE_EMPLOYER, &to),
                     FSM_ILLEGAL);
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_DRAFT, FSM_ACTION_COUNT, FSM_ROLE_EMPLOYER, &to), FSM_ILLEGAL);
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_DRAFT, FSM_ACT_SUBMIT, FSM_ROLE_COUNT, &to), FSM_ILLEGAL);
    ck_assert_int_eq(to, -1);
    /* a NULL out pointer is tolerated */
    ck_assert_int_eq(fsm_next(FSM_GIG, FSM_GIG_DRAFT, FSM_ACT_SUBMIT, FSM_ROLE_EMPLOYER, NULL), FSM_OK);
    ck_assert_int_eq(fsm_needs_reason(FSM_GIG, 99, FSM_ACT_REJECT), 0);
    ck_assert_int_eq(fsm_needs_reason(FSM_GIG, FSM_GIG_DRAFT, FSM_ACT_REJECT), 0);
}
END_TEST

START_TEST(tables_are_deterministic)
{
    for (int m = 0; m < FSM_MACHINE_COUNT; m++) {
        size_t n = 0;
        const struct fsm_transition *t = fsm_table(m, &n);
        ck_assert_ptr_nonnull(t);
        ck_assert_uint_gt(n, 0);
        for (size_t i = 0; i < n; i++) {
            ck_assert(t[i].roles != 0);
            ck_assert(!(t[i].roles & FSM_ROLE_BIT(FSM_ROLE_AUDITOR)));
            for (size_t j = i + 1; j < n; j++)
                ck_assert_msg(t[i].from != t[j].from || t[i].action != t[j].action, "%s row %zu/%zu",
                              fsm_machine_name(m), i, j);
        }
    }
    size_t n = 99;
    ck_assert_ptr_null(fsm_table(FSM_MACHINE_COUNT, &n));
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(every_state_reachable_from_initial)
{
    for (int m = 0; m < FSM_MACHINE_COUNT; m++) {
        size_t n;
        const struct fsm_transition *t = fsm_table(m, &n);
        int seen[16] = {0};
        seen[fsm_initial(m)] = 1;
        for (int changed = 1; changed;) {
            changed = 0;
            for (size_t i = 0; i < n; i++)
                if (seen[t[i].from] && !seen[t[i].to])
                    seen[t[i].to] = changed = 1;
        }
        for (int s = 0; s < fsm_state_count(m); s++)
            ck_assert_msg(seen[s], "%s %s unreachable", fsm_machine_name(m), fsm_state_name(m, s));
    }
}
END_TEST

START_TEST(initial_and_final_states)
{
    ck_assert_int_eq(fsm_initial(FSM_GIG), FSM_GIG_DRAFT);
    ck_assert_int_eq(fsm_initial(FSM_APPLICATION), FSM_APPLICATION_APPLIED);
    ck_assert_int_eq(fsm_initial(FSM_AGREEMENT), FSM_AGREEMENT_DRAFT);
    ck_assert_int_eq(fsm_initial(FSM_SETTLEMENT), FSM_SETTLEMENT_RECORDED);
    ck_assert_int_eq(fsm_initial(FSM_COMPLAINT), FSM_COMPLAINT_SUBMITTED);
    ck_assert_int_eq(fsm_initial(FSM_MACHINE_COUNT), -1);
    for (int m = 0; m < FSM_MACHINE_COUNT; m++) {
        for (int s = 0; s < fsm_state_count(m); s++) {
            int want = 0;
            for (int i = 0; i < 6 && finals[m][i] != NULL; i++)
                want |= !strcmp(finals[m][i], fsm_state_name(m, s));
            ck_assert_msg(fsm_is_final(m, s) == want, "%s %s", fsm_machine_name(m), fsm_state_name(m, s));
        }
        ck_assert_int_eq(fsm_is_final(m, fsm_state_count(m)), -1);
    }
    /* escalation keeps a complaint open */
    ck_assert_int_eq(fsm_is_final(FSM_COMPLAINT, FSM_COMPLAINT_ESCALATED), 0);
}
END_TEST

START_TEST(names_round_trip)
{
    static const char *const machine_names[] = {"gig", "application", "agreement", "settlement", "complaint"};
    for (int m = 0; m < FSM_MACHINE_COUNT; m++) {
        enum fsm_machine pm;
        ck_assert_str_eq(fsm_machine_name(m), machine_names[m]);
        ck_assert_int_eq(fsm_machine_parse(machine_names[m], &pm), 0);
        ck_assert_int_eq(pm, m);
        int count = 0;
        while (count < 8 && all_states[m][count] != NULL)
            count++;
        ck_assert_int_eq(fsm_state_count(m), count);
        for (int s = 0; s < count; s++) {
            int ps = -1;
            ck_assert_str_eq(fsm_state_name(m, s), all_states[m][s]);
            ck_assert_int_eq(fsm_state_parse(m, all_states[m][s], &ps), 0);
            ck_assert_int_eq(ps, s);
        }
        ck_assert_ptr_null(fsm_state_name(m, count));
        ck_assert_ptr_null(fsm_state_name(m, -1));
    }
    for (int a = 0; a < FSM_ACTION_COUNT; a++) {
        enum fsm_action pa;
        ck_assert_int_eq(fsm_action_parse(fsm_action_name(a), &pa), 0);
        ck_assert_int_eq(pa, a);
    }
    for (int r = 0; r < FSM_ROLE_COUNT; r++) {
        enum fsm_role pr;
        ck_assert_int_eq(fsm_role_parse(fsm_role_name(r), &pr), 0);
        ck_assert_int_eq(pr, r);
    }
    ck_assert_str_eq(fsm_action_name(FSM_ACT_NO_SHOW), "no_show");
    ck_assert_str_eq(fsm_state_name(FSM_APPLICATION, FSM_APPLICATION_NO_SHOW), "no_show");
    ck_assert_str_eq(fsm_state_name(FSM_AGREEMENT, FSM_AGREEMENT_SIGNED_BY_ONE), "signed_by_one");
    ck_assert_str_eq(fsm_role_name(FSM_ROLE_SYSTEM), "system");
    ck_assert_ptr_null(fsm_action_name(FSM_ACTION_COUNT));
    ck_assert_ptr_null(fsm_role_name(FSM_ROLE_COUNT));
    ck_assert_ptr_null(fsm_machine_name(FSM_MACHINE_COUNT));
    ck_assert_str_eq(fsm_result_name(FSM_ILLEGAL), "illegal");
}
END_TEST

START_TEST(parse_rejects)
{
    enum fsm_machine m = FSM_GIG;
    enum fsm_action a = FSM_ACT_SUBMIT;
    enum fsm_role r = FSM_ROLE_WORKER;
    int s = 77;
    ck_assert_int_eq(fsm_machine_parse("Gig", &m), -1);
    ck_assert_int_eq(fsm_machine_parse(NULL, &m), -1);
    ck_assert_int_eq(fsm_action_parse("no-show", &a), -1);
    ck_assert_int_eq(fsm_action_parse("No_Show", &a), -1);
    ck_assert_int_eq(fsm_action_parse("", &a), -1);
    ck_assert_int_eq(fsm_action_parse(NULL, &a), -1);
    ck_assert_int_eq(fsm_role_parse("root", &r), -1);
    ck_assert_int_eq(fsm_state_parse(FSM_GIG, "applied", &s), -1);
    ck_assert_int_eq(fsm_state_parse(FSM_GIG, "published ", &s), -1);
    ck_assert_int_eq(fsm_state_parse(FSM_MACHINE_COUNT, "draft", &s), -1);
    ck_assert_int_eq(m, FSM_GIG);
    ck_assert_int_eq(a, FSM_ACT_SUBMIT);
    ck_assert_int_eq(r, FSM_ROLE_WORKER);
    ck_assert_int_eq(s, 77);
}
END_TEST

START_TEST(verification_labels)
{
    ck_assert_str_eq(fsm_verification_label("unverified"), "未提交认证");
    ck_assert_str_eq(fsm_verification_label("pending"), "待审核");
    ck_assert_str_eq(fsm_verification_label("verified"), "已认证");
    ck_assert_str_eq(fsm_verification_label("rejected"), "已驳回");
    ck_assert_str_eq(fsm_verification_label("approved"), "approved");
    ck_assert_ptr_null(fsm_verification_label(NULL));
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("fsm");
    TCase *tc = tcase_create("fsm");
    tcase_add_test(tc, every_legal_transition);
    tcase_add_test(tc, exhaustive_sweep);
    tcase_add_test(tc, state_pairs_not_in_table_are_unreachable);
    tcase_add_test(tc, sample_of_illegal_and_forbidden);
    tcase_add_test(tc, out_of_range_is_illegal);
    tcase_add_test(tc, tables_are_deterministic);
    tcase_add_test(tc, every_state_reachable_from_initial);
    tcase_add_test(tc, initial_and_final_states);
    tcase_add_test(tc, names_round_trip);
    tcase_add_test(tc, parse_rejects);
    tcase_add_test(tc, verification_labels);
    suite_add_tcase(s, tc);
    return s;
}
