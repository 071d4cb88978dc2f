/* 诚信分 ledger (SPEC §3 Credit): the writes every handler and task calls (svc_credit_apply, _adjust,
 * _reverse) and the restriction gate of applying and posting. The score moves only through a ledger entry
 * written here, never by a direct update elsewhere; the routes that show and adjust it are api/credit.c.
 * No request, no reply, no JSON. */
#include "svc/credit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "domain/credit.h"
#include "store/credit.h"
#include "svc/notify.h"

static int threshold(void)
{
    const struct config *c = config_current();
    return c ? (int)c->credit_restrict_below : 0;
}

/* Inside the transaction: what a change of restriction tells the user. */
static enum st tell(long long user_id, enum credit_restriction change, int score, long long entry_id,
                    enum credit_reason why)
{
    char body[512];
    if (change == CREDIT_RESTRICT) {
        snprintf(
            body, sizeof body,
            "因「%s」，你的诚信分降至 %d 分，低于 %d 分，暂时不能报名或发布岗位。如有异议请联系就业服务中心",
            credit_reason_zh(why), score, threshold());
        return svc_notify_user(user_id, "credit_restricted", "诚信分过低，已限制", body, "credit", entry_id);
    }
    snprintf(body, sizeof body, "你的诚信分已恢复到 %d 分，报名和发布岗位的限制已解除", score);
    return svc_notify_user(user_id, "credit_restored", "诚信分限制已解除", body, "credit", entry_id);
}

/* note cut to the ledger's 200 characters at a character boundary into out (801 bytes); NULL stays NULL. */
static const char *note_cut(const char *note, char out[801])
{
    if (!note)
        return NULL;
    size_t n = 0, chars = 0;
    while (note[n] && n < 800) {
        if (((unsigned char)note[n] & 0xC0) != 0x80 && ++chars > 200)
            break;
        n++;
    }
    while (n > 0 && ((unsigned char)note[n] & 0xC0) == 0x80) /* never end inside a character */
        n--;
    memcpy(out, note, n);
    out[n] = '\0';
    return out;
}

/* One ledger entry to write. */
struct entry {
    long long user_id;
    enum credit_reason reason;
    int delta;
    const char *object_type;
    long long object_id, actor_id;
    const char *note;
};

/* One ledger entry with its score and restriction effects, inside the current transaction. */
static enum st entry_tx(void *p)
{
    const struct entry *x = p;
    char cut[801];
    const char *note = note_cut(x->note, cut);
    long long score = 0, restricted = 0, id = 0;
    enum st rc = store_credit_lock(x->user_id, &score, &restricted);
    if (rc != ST_OK)
        return rc;
    int after = credit_apply_delta((int)score, x->delta);
    struct credit_entry_in e = {x->user_id,   credit_reason_name(x->reason),
                                x->delta,     (int)score,
                                after,        x->object_type,
                                x->object_id, x->actor_id ? credit_reason_actor(x->reason) : "system",
                                x->actor_id,  note};
    rc = store_credit_entry_add(&e, &id);
    if (rc == ST_CONFLICT)
        return ST_OK; /* this event was entered already: once is the rule, so nothing more to do */
    if (rc == ST_OK)
        rc = store_credit_set(x->user_id, after, id);
    enum credit_restriction change = credit_restriction_after((int)restricted, x->delta, after, threshold());
    if (rc == ST_OK && change == CREDIT_RESTRICT)
        rc = store_credit_restrict(x->user_id, id);
    else if (rc == ST_OK && change == CREDIT_LIFT)
        rc = store_credit_lift(x->user_id, 0, NULL);
    if (rc == ST_OK && change != CREDIT_KEEP)
        rc = tell(x->user_id, change, after, id, x->reason);
    return rc;
}

/* entry_tx in the caller's transaction (db_tx joins an open one), or in its own when none is open. */
static enum st entry(long long user_id, enum credit_reason reason, int delta, const char *object_type,
                     long long object_id, long long actor_id, const char *note)
{
    struct entry x = {user_id, reason, delta, object_type, object_id, actor_id, note};
    return db_tx(entry_tx, &x);
}

enum st svc_credit_apply(long long user_id, const char *reason, int stars, const char *object_type,
                         long long object_id, long long actor_id, const char *note)
{
    enum credit_reason why;
    int deltas[5], delta;
    const char *table = config_current() ? config_current()->credit_star_deltas : CREDIT_STAR_DELTAS_DEFAULT;
    if (credit_reason_parse(reason, &why) != 0 || why == CREDIT_ADMIN_ADJUST ||
        credit_star_deltas_parse(table, deltas) != 0 || credit_delta(why, stars, 0, deltas, &delta) != 0) {
        log_error("credit_apply: bad reason or stars", "\"stars\":%d", stars);
        return ST_ERR;
    }
    return entry(user_id, why, delta, object_type, object_id, actor_id, note);
}

enum st svc_credit_adjust(long long user_id, int delta, long long admin_id, const char *note)
{
    int d;
    if (credit_delta(CREDIT_ADMIN_ADJUST, 0, delta, NULL, &d) != 0 || !note || !*note) {
        log_error("credit_adjust: bad delta or no reason", "\"delta\":%d", delta);
        return ST_ERR;
    }
    return entry(user_id, CREDIT_ADMIN_ADJUST, d, NULL, 0, admin_id, note);
}

enum st svc_credit_reverse(long long user_id, const char *reason, const char *object_type,
                           long long object_id, long long admin_id, const char *note)
{
    long long id = 0, delta = 0;
    enum st rc = store_credit_entry_find(user_id, reason, object_type, object_id, &id, &delta);
    if (rc == ST_NOTFOUND || (rc == ST_OK && delta == 0))
        return ST_OK;
    if (rc != ST_OK)
        return rc;
    /* the admin_adjust entry for the same object is unique: a second reversal is a no-op */
    return entry(user_id, CREDIT_ADMIN_ADJUST, (int)-delta, object_type, object_id, admin_id, note);
}

enum st svc_credit_gate(long long user_id, enum credit_gate what, char *msg, size_t cap)
{
    struct credit_state *s = malloc(sizeof *s); /* 2.5 KB: off civetweb's small stacks */
    if (!s)
        return ST_ERR;
    msg[0] = '\0';
    enum st rc = store_credit_state(user_id, s);
    if (rc == ST_OK && s->restricted) {
        enum credit_reason why;
        char because[96] = "";
        if (credit_reason_parse(s->restricted_reason, &why) == 0)
            snprintf(because, sizeof because, "（因「%s」）", credit_reason_zh(why));
        snprintf(msg, cap, "你的诚信分为 %lld 分，低于 %d 分%s，暂时不能%s。请联系就业服务中心复核", s->score,
                 threshold(), because, what == CREDIT_GATE_APPLY ? "报名" : "发布岗位");
    }
    free(s);
    return rc;
}
