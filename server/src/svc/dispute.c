/* Settlement disputes: a dispute opens a complaint, and the bureau's decision on that complaint resolves the
 * settlement. The only code that knows both resources, through svc/settlement.h and svc/complaint.h; the
 * routes of each (api/settlement.c, api/complaint.c) call here and never each other. Joins the caller's
 * transaction; never commits, never sees a request. */
#include "svc/dispute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "domain/money.h"
#include "store/application.h"
#include "svc/complaint.h"
#include "svc/settlement.h"

#define COMPLAINT_TEXT_MAX  1000 /* characters: the complaint's text column */
#define RESOLUTION_NOTE_MAX 200  /* characters of the bureau's outcome kept in the settlement history */

/* The length in bytes of the first max characters of UTF-8 s (all of it when shorter). */
static size_t cut_chars(const char *s, size_t max)
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < max) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    return i;
}

/* Opens the unpaid_wage complaint of the worker's dispute of settlement id on the worker's behalf: its
 * region the gig's (else the parties' profiles'), its text at most COMPLAINT_TEXT_MAX characters. */
static enum st open_complaint(long long id, const struct settlement_lock *l, const char *text,
                              long long *complaint_id)
{
    long long gig_id = l->gig_id, w, e;
    struct application_gig g = {0};
    enum st rc = ST_OK;
    if (!gig_id && l->application_id)
        rc = store_complaint_app_parties(l->application_id, &w, &e, &gig_id);
    if (rc == ST_OK && gig_id)
        rc = store_application_gig(gig_id, &g);
    if (rc != ST_OK)
        return rc;
    char region[13];
    int found = svc_complaint_region(gig_id ? g.region_code : NULL, l->employer_id, l->worker_id, region);
    if (found != 0) {
        if (found == -1)
            log_error("dispute: no region for the complaint", NULL);
        return ST_ERR;
    }
    char *cut = strndup(text, cut_chars(text, COMPLAINT_TEXT_MAX));
    if (!cut)
        return ST_ERR;
    struct complaint_new n = {.complainant_id = l->worker_id,
                              .respondent_id = l->employer_id,
                              .category = "unpaid_wage",
                              .gig_id = gig_id,
                              .application_id = l->application_id,
                              .settlement_id = id,
                              .text = cut,
                              .source = "system",
                              .region_code = region};
    rc = svc_complaint_open(&n, "system", 0, "结算争议转为诉求", complaint_id);
    free(cut);
    return rc;
}

enum st svc_dispute_open(long long id, const struct settlement_lock *l, const char *reason,
                         struct settlement_row *row)
{
    enum st rc = svc_settlement_transition(id, l, FSM_ACT_DISPUTE, FSM_ROLE_WORKER, "user", l->worker_id,
                                           NULL, NULL, reason, row);
    if (rc != ST_OK)
        return rc;
    char text[1400], yuan[32];
    long long complaint = 0;
    money_format_yuan(row->amount_fen, yuan, sizeof yuan);
    snprintf(text, sizeof text, "结算争议：岗位「%s」（结算编号 %lld，记录金额 %s 元）。零工说明：%s",
             row->gig_title, id, yuan, reason);
    rc = open_complaint(id, l, text, &complaint);
    if (rc == ST_OK)
        rc = store_settlement_set_complaint(id, complaint);
    if (rc == ST_OK) {
        row->complaint_id = complaint;
        rc = svc_settlement_tell(l->employer_id, FSM_ACT_DISPUTE, row);
    }
    return rc;
}

enum st svc_dispute_resolve_settlement(long long settlement_id, long long actor_admin_id, const char *note)
{
    struct settlement_lock l;
    enum st rc = store_settlement_lock(settlement_id, &l);
    if (rc != ST_OK)
        return rc;
    struct settlement_row *row = malloc(sizeof *row);
    if (!row)
        return ST_ERR;
    char reason[801];
    snprintf(reason, sizeof reason, "%s", note && *note ? note : "就业服务中心已处理结算争议");
    /* the history column holds 500 characters and the note is the complaint's outcome, which may be longer:
     * keep its first RESOLUTION_NOTE_MAX, cut at a character boundary */
    reason[cut_chars(reason, RESOLUTION_NOTE_MAX)] = '\0';
    rc = svc_settlement_move(settlement_id, &l, FSM_ACT_RESOLVE, FSM_ROLE_ADMIN,
                             actor_admin_id ? "admin" : "system", actor_admin_id, NULL, NULL, reason, row);
    free(row);
    return rc;
}
