/* E-agreements (issue 6, SPEC §2-3): the employer drafts an agreement for an accepted application from the
 * region's newest template (canonical text + SHA-256, replaced while nobody signed), each party signs the
 * hash it read with the explicit intent statement (Idempotency-Key honoured; the event keeps account, role,
 * time, IP, user agent, hash and statement), the second signature seals it with the server's Ed25519 key
 * and appends it to the hash-chained agreement log, all in ONE transaction. Verification recomputes the
 * hash, the seal and the chain links; `linggongd verify-agreements` walks the whole chain. The PDF is free
 * to both parties. Admin routes manage versioned templates. Never talks SQL or civetweb. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/agreement.h"
#include "core/config.h"
#include "domain/timeutil.h"
#include "ext/token.h"
#include "http/req.h"
#include "api/handlers.h"
#include "svc/history.h"
#include "http/handler.h"
#include "http/input.h"
#include "svc/notify.h"
#include "core/log.h"
#include "domain/agreement.h"
#include "domain/fsm.h"
#include "domain/idcard.h"
#include "domain/region.h"
#include "ext/crypto.h"
#include "ext/pdf.h"
#include "ext/seal.h"
#include "store/agreement.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/history.h"

static const char *const state_zh[] = {"待签署", "一方已签署", "已签署", "已作废"};

static const char *role_zh(const char *role)
{
    return strcmp(role, "employer") == 0 ? "甲方（用工方）" : "乙方（劳务方）";
}

static json_t *time_or_null(long long t)
{
    char buf[24];
    return t ? json_string(timeutil_rfc3339(t, buf)) : json_null();
}

/* "LG00000012": the number printed on the agreement. */
static void agreement_no(long long id, char out[24])
{
    snprintf(out, 24, "LG%08lld", id);
}

/* The public verify link for a (QR code, replies): anyone holding the text's hash may verify. */
static void verify_url(const struct agreement_row *a, char *out, size_t cap)
{
    const char *base = config_current()->public_base_url;
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    snprintf(out, cap, "%.*s/api/v1/agreements/%lld/verify?hash=%s", (int)n, base, a->id, a->text_sha256);
}

/* 1 when the caller is a county/city/province admin whose region contains the agreement's gig. */
static int region_admin(const struct req *r, const struct agreement_row *a)
{
    return r->who.kind == PRINCIPAL_ADMIN && (r->who.role & ROLE_ADMIN) &&
           region_contains(r->who.region, a->region_code);
}

/* "employer" / "worker" when the caller is that party, NULL otherwise. */
static const char *party_role(const struct req *r, const struct agreement_row *a)
{
    if (r->who.kind != PRINCIPAL_USER)
        return NULL;
    if (r->who.id == a->employer_id)
        return "employer";
    if (r->who.id == a->worker_id)
        return "worker";
    return NULL;
}

static int state_conflict(struct req *r, const char *status)
{
    char msg[160];
    int s;
    snprintf(msg, sizeof msg, "协议当前状态为「%s」，不能进行此操作",
             fsm_state_parse(FSM_AGREEMENT, status, &s) == 0 ? state_zh[s] : status);
    return req_fail(r, ERR_STATE_CONFLICT, NULL, msg);
}

/* ------------------------------------------------------------------------------------ verification */

struct verdict {
    int text_ok, events_ok;
    int seal_ok, chain_ok; /* -1: not sealed, nothing to check */
    const char *reason;    /* NULL when valid */
    const char *message;
    char text_sha256[65]; /* recomputed */
    int has_log;
    struct agreement_log_row log;
};

static void fail(struct verdict *v, const char *reason, const char *message)
{
    if (!v->reason) {
        v->reason = reason;
        v->message = message;
    }
}

/* Builds the seal payload of a from its stored events. Returns the length (*out malloc'd) or -1. */
static long payload_of(const struct agreement_row *a, const struct agreement_event_row ev[2], int n,
                       const char *key_id, long long sealed_at, char **out)
{
    const struct agreement_event_row *emp = NULL, *wrk = NULL;
    for (int i = 0; i < n; i++) {
        if (strcmp(ev[i].role, "employer") == 0)
            emp = &ev[i];
        else if (strcmp(ev[i].role, "worker") == 0)
            wrk = &ev[i];
    }
    *out = NULL;
    if (!emp || !wrk)
        return -1;
    struct agreement_event e = {emp->role,       emp->account_id,  emp->signed_at, emp->ip,
                                emp->user_agent, emp->text_sha256, emp->intent};
    struct agreement_event w = {wrk->role,       wrk->account_id,  wrk->signed_at, wrk->ip,
                                wrk->user_agent, wrk->text_sha256, wrk->intent};
    return agreement_seal_payload(a->id, a->text_sha256, key_id, sealed_at, &e, &w, out);
}

/* Checks the log entry's own hash and its links to both neighbours (or to the head when it is the last). */
static enum st chain_check(const struct agreement_log_row *l, int *ok)
{
    static const unsigned char zero[32] = {0};
    unsigned char h[32];
    struct agreement_log_entry e = {l->seq,       l->agreement_id, l->text_sha256, l->payload_sha256,
                                    l->signature, l->key_id,       l->sealed_at,   l->prev_hash};
    *ok = agreement_log_hash(&e, h) == 0 && memcmp(h, l->entry_hash, 32) == 0;
    struct agreement_log_row *n = malloc(sizeof *n);
    if (!n)
        return ST_ERR;
    enum st rc = ST_OK;
    if (*ok && l->seq == 1) {
        *ok = memcmp(l->prev_hash, zero, 32) == 0;
    } else if (*ok) {
        rc = store_agreement_log_at(l->seq - 1, n);
        *ok = rc == ST_OK && memcmp(n->entry_hash, l->prev_hash, 32) == 0;
        rc = rc == ST_NOTFOUND ? ST_OK : rc;
    }
    if (*ok && rc == ST_OK) {
        rc = store_agreement_log_at(l->seq + 1, n);
        if (rc == ST_OK) {
            *ok = memcmp(n->prev_hash, l->entry_hash, 32) == 0;
        } else if (rc == ST_NOTFOUND) { /* the newest entry: the head must name it */
            long long seq = 0;
            unsigned char last[32];
            rc = store_agreement_log_head_peek(&seq, last);
            *ok = rc == ST_OK && seq == l->seq && memcmp(last, l->entry_hash, 32) == 0;
        }
    }
    free(n);
    return rc;
}

/* Verifies a stored agreement: text hash, events, seal and chain. ST_OK with *v filled in (valid or not),
 * or a store error. */
static enum st verify_one(const struct agreement_row *a, struct verdict *v)
{
    memset(v, 0, sizeof *v);
    v->seal_ok = v->chain_ok = -1;
    agreement_sha256_hex(a->text, (size_t)a->text_len, v->text_sha256);
    v->text_ok = strcmp(v->text_sha256, a->text_sha256) == 0;
    if (!v->text_ok)
        fail(v, "text_hash_mismatch", "协议文本与登记的摘要不符，文本可能被篡改");
    struct agreement_event_row ev[2];
    int n = 0;
    enum st rc = store_agreement_events(a->id, ev, &n);
    if (rc != ST_OK)
        return rc;
    v->events_ok = 1;
    for (int i = 0; i < n; i++)
        if (strcmp(ev[i].text_sha256, a->text_sha256) != 0)
            v->events_ok = 0;
    if (!v->events_ok)
        fail(v, "event_hash_mismatch", "签署记录中的文本摘要与协议不符");
    if (strcmp(a->status, "signed") != 0) {
        if (strcmp(a->status, "voided") == 0)
            fail(v, "voided", "协议已作废");
        else
            fail(v, "not_sealed", "协议尚未由双方签署");
        return ST_OK;
    }
    /* the seal */
    char *payload = NULL;
    long plen = a->seal_len == 64 ? payload_of(a, ev, n, a->seal_key_id, a->sealed_at, &payload) : -1;
    if (plen < 0) {
        v->seal_ok = 0;
        fail(v, "seal_invalid", "平台封存签名缺失或签署记录不完整");
    } else if (!seal_enabled() || strcmp(a->seal_key_id, seal_key_id()) != 0) {
        v->seal_ok = 0;
        fail(v, "seal_key_unknown", "协议由其他密钥封存，无法用当前公钥核验");
    } else {
        v->seal_ok = seal_verify(payload, (size_t)plen, a->seal_signature) == 1;
        if (!v->seal_ok)
            fail(v, "seal_invalid", "平台封存签名无效，协议或签署记录可能被篡改");
    }
    /* the chain */
    rc = store_agreement_log_of(a->id, &v->log);
    v->has_log = rc == ST_OK;
    v->chain_ok = 0;
    if (rc == ST_OK) {
        char payload_sha[65] = "";
        if (payload)
            agreement_sha256_hex(payload, (size_t)plen, payload_sha);
        int same = strcmp(v->log.text_sha256, a->text_sha256) == 0 &&
                   strcmp(v->log.payload_sha256, payload_sha) == 0 &&
                   memcmp(v->log.signature, a->seal_signature, 64) == 0 &&
                   strcmp(v->log.key_id, a->seal_key_id) == 0 && v->log.sealed_at == a->sealed_at;
        rc = chain_check(&v->log, &v->chain_ok);
        if (rc == ST_OK && !same) {
            v->chain_ok = 0;
            fail(v, "log_mismatch", "存证记录与协议不符，协议可能被篡改");
        }
    } else if (rc == ST_NOTFOUND) {
        rc = ST_OK;
    }
    if (rc == ST_OK && !v->chain_ok)
        fail(v, "chain_broken", "协议存证链断裂，存证记录可能被删除或篡改");
    free(payload);
    return rc;
}

static json_t *check_or_null(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

/* ---------------------------------------------------------------------------------------- replies */

static json_t *events_json(const struct agreement_event_row *ev, int n)
{
    json_t *arr = json_array();
    for (int i = 0; arr && i < n; i++) {
        char at[24];
        json_array_append_new(arr, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "role", ev[i].role,
                                             "account_id", (json_int_t)ev[i].account_id, "signed_at",
                                             timeutil_rfc3339(ev[i].signed_at, at), "ip", ev[i].ip,
                                             "user_agent", ev[i].user_agent, "text_sha256", ev[i].text_sha256,
                                             "intent", ev[i].intent));
    }
    return arr;
}

/* {agreement} as the parties and region admins see it, read on the current connection. NULL on error. */
static json_t *agreement_reply(long long id)
{
    struct agreement_row *a = malloc(sizeof *a);
    struct agreement_log_row *l = malloc(sizeof *l);
    json_t *o = NULL, *hist = json_array();
    struct agreement_event_row ev[2];
    int n = 0;
    enum st rc = a && l && hist ? store_agreement_get(id, a) : ST_ERR;
    if (rc == ST_OK)
        rc = store_agreement_events(id, ev, &n);
    if (rc == ST_OK)
        rc = store_history_list(SQL_AGR_HISTORY_LIST, id, api_history_append, hist);
    int logged = 0;
    if (rc == ST_OK && a->seal_len) {
        rc = store_agreement_log_of(id, l);
        logged = rc == ST_OK;
        if (rc == ST_NOTFOUND)
            rc = ST_OK;
    }
    if (rc != ST_OK)
        goto out;
    char no[24], url[512], created[24], updated[24];
    agreement_no(id, no);
    verify_url(a, url, sizeof url);
    o = json_pack("{s:I, s:s, s:I, s:I, s:s, s:I, s:{s:I, s:s, s:I, s:s}, s:{s:I, s:s}, s:{s:I, s:s}, s:s, "
                  "s:s, s:s, s:s, s:s, s:s, s:s}",
                  "id", (json_int_t)a->id, "number", no, "application_id", (json_int_t)a->application_id,
                  "gig_id", (json_int_t)a->gig_id, "status", a->status, "revision", (json_int_t)a->revision,
                  "template", "id", (json_int_t)a->template_id, "code", a->template_code, "version",
                  (json_int_t)a->template_version, "title", a->title, "employer", "id",
                  (json_int_t)a->employer_id, "name", a->employer_name, "worker", "id",
                  (json_int_t)a->worker_id, "name", a->worker_name, "gig_title", a->gig_title, "text",
                  a->text, "text_sha256", a->text_sha256, "intent_statement", agreement_intent_statement,
                  "verify_url", url, "created_at", timeutil_rfc3339(a->created_at, created), "updated_at",
                  timeutil_rfc3339(a->updated_at, updated));
    if (!o)
        goto out;
    json_object_set_new(o, "events", events_json(ev, n));
    json_object_set_new(o, "history", hist);
    hist = NULL;
    if (a->seal_len) {
        char sig[129], sealed[24];
        crypto_hex(a->seal_signature, 64, sig);
        json_t *seal = json_pack("{s:s, s:s, s:s, s:s}", "algorithm", "Ed25519", "key_id", a->seal_key_id,
                                 "signature", sig, "sealed_at", timeutil_rfc3339(a->sealed_at, sealed));
        if (seal && logged) {
            char prev[65], entry[65];
            crypto_hex(l->prev_hash, 32, prev);
            crypto_hex(l->entry_hash, 32, entry);
            json_object_set_new(seal, "log",
                                json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)l->seq, "prev_hash", prev,
                                          "entry_hash", entry));
        } else if (seal) {
            json_object_set_new(seal, "log", json_null());
        }
        json_object_set_new(o, "seal", seal ? seal : json_null());
    } else {
        json_object_set_new(o, "seal", json_null());
    }
out:
    json_decref(hist);
    free(a);
    free(l);
    return o ? json_pack("{s:o}", "agreement", o) : NULL;
}

/* Inside the open transaction: builds the agreement's reply (it sees the transaction's own writes), commits
 * and answers status. When rc is not ST_OK or anything fails, rolls back and answers the error instead. */
static int commit_reply(struct req *r, enum st rc, long long id, int status)
{
    json_t *reply = rc == ST_OK ? agreement_reply(id) : NULL;
    if (!reply || db_commit() != ST_OK) {
        json_decref(reply);
        db_rollback();
        return req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
    }
    return req_reply(r, status, reply);
}

/* Loads agreement id for a caller who must be a party or (allow_admin) an admin of its region: ST_OK, or the
 * reply status already set (404 unknown, 403 someone else's). *role gets the party role (NULL: admin). */
static int load_for(struct req *r, long long id, int allow_admin, struct agreement_row *a, const char **role)
{
    enum st rc = store_agreement_get(id, a);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    *role = party_role(r, a);
    if (!*role && !(allow_admin && region_admin(r, a)))
        return req_fail(r, ERR_FORBIDDEN, NULL, "只有协议双方和所在地区的管理员可以查看这份协议");
    return 0;
}

/* -------------------------------------------------------------------------------------- drafting */

/* Renders the canonical text of agreement id for the application's facts into *text (malloc'd). 0, or an
 * error status with the reply set (r may be NULL: the demo). */
static long render(const struct agreement_facts *f, const struct agreement_template *t, long long id,
                   long long now, char **text)
{
    char no[24], worker_id[24] = "", employer_code[40] = "", aad[48], plain[32];
    agreement_no(id, no);
    snprintf(aad, sizeof aad, "workers.id:%lld", f->worker_id);
    if (f->worker_id_enc_len &&
        crypto_open(config_current()->data_key, aad, f->worker_id_enc, (size_t)f->worker_id_enc_len, plain,
                    sizeof plain, NULL) >= 0 &&
        idcard_mask(plain, worker_id) != 0)
        worker_id[0] = '\0';
    memset(plain, 0, sizeof plain);
    if (strcmp(f->employer_kind, "org") == 0) {
        snprintf(employer_code, sizeof employer_code, "%s", f->employer_code);
    } else {
        char masked[19] = "";
        snprintf(aad, sizeof aad, "employers.id:%lld", f->employer_id);
        if (f->employer_id_enc_len &&
            crypto_open(config_current()->data_key, aad, f->employer_id_enc, (size_t)f->employer_id_enc_len,
                        plain, sizeof plain, NULL) >= 0 &&
            idcard_mask(plain, masked) == 0)
            snprintf(employer_code, sizeof employer_code, "个人雇主 %s", masked);
        else
            snprintf(employer_code, sizeof employer_code, "个人雇主");
        memset(plain, 0, sizeof plain);
    }
    struct agreement_terms terms = {no,           f->employer_name, employer_code, f->worker_name, worker_id,
                                    f->gig_title, f->job_type,      f->duties,     f->work_place,  f->bureau,
                                    f->starts_at, f->ends_at,       f->pay_fen,    f->pay_unit,    now};
    return agreement_render(t->title, t->code, t->version, t->body, &terms, text);
}

enum draft_result {
    DRAFT_CREATED,
    DRAFT_REPLACED,
    DRAFT_FROZEN,
    DRAFT_NO_NAME,
    DRAFT_NO_TEMPLATE,
    DRAFT_ERR
};

/* Inside the caller's transaction, with the application row locked: drafts (or re-drafts) the agreement of
 * application f->application_id. *id gets the agreement; *from its previous status ("" when created). */
static enum draft_result draft_core(const struct agreement_facts *f, long long actor, long long now,
                                    long long *id)
{
    if (!f->worker_name[0] || !f->employer_name[0])
        return DRAFT_NO_NAME;
    struct agreement_template *t = malloc(sizeof *t);
    if (!t)
        return DRAFT_ERR;
    enum draft_result res = DRAFT_ERR;
    char status[16] = "", sha[65];
    char *text = NULL;
    enum st rc = store_agreement_template_pick(f->region_code, f->county, f->city, f->province, t);
    if (rc == ST_NOTFOUND)
        res = DRAFT_NO_TEMPLATE;
    if (rc != ST_OK)
        goto out;
    rc = store_agreement_live_lock(f->application_id, id, status);
    if (rc == ST_OK && strcmp(status, "draft") != 0) {
        res = DRAFT_FROZEN;
        goto out;
    }
    int created = rc == ST_NOTFOUND;
    if (created) /* an empty draft first: its id is the agreement number printed in the text */
        rc = store_agreement_insert(f->application_id, f->gig_id, f->employer_id, f->worker_id,
                                    f->region_code, t->id, "", 0, "", id);
    if (rc != ST_OK)
        goto out;
    long n = render(f, t, *id, now, &text);
    if (n < 0)
        goto out;
    agreement_sha256_hex(text, (size_t)n, sha);
    rc = store_agreement_redraft(*id, t->id, text, (size_t)n, sha, created ? 0 : 1);
    if (rc == ST_OK)
        rc = store_history_add(SQL_AGR_HISTORY_ADD, *id, "user", actor, created ? NULL : "draft", "draft",
                               created ? NULL : "重新起草");
    if (rc == ST_OK)
        res = created ? DRAFT_CREATED : DRAFT_REPLACED;
out:
    free(text);
    free(t);
    return res;
}

int api_agreement_draft(struct req *r)
{
    if (!seal_enabled())
        return req_fail(r, ERR_AGREEMENT_UNAVAILABLE, NULL, NULL);
    long long app_id = r->ids[0], me = r->who.id, id = 0;
    struct application_row *app = malloc(sizeof *app);
    struct agreement_facts *f = malloc(sizeof *f);
    int st = 0;
    enum st rc = app && f ? db_begin() : ST_ERR;
    if (rc == ST_OK)
        rc = store_application_lock(app_id, app);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto fail;
    }
    if (app->employer_id != me) {
        st = me == app->worker_id ? req_fail(r, ERR_FORBIDDEN, NULL, "只有用工方可以起草协议")
                                  : req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        goto fail;
    }
    if (strcmp(app->status, "accepted") != 0) {
        st = req_fail(r, ERR_STATE_CONFLICT, NULL, "只有已录用的报名可以起草协议");
        goto fail;
    }
    rc = store_agreement_facts(app_id, f);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto fail;
    }
    switch (draft_core(f, me, r->now, &id)) {
    case DRAFT_CREATED:
    case DRAFT_REPLACED:
        break;
    case DRAFT_FROZEN:
        st = req_fail(r, ERR_STATE_CONFLICT, NULL, "协议已有一方签署，文本已锁定，不能重新起草");
        goto fail;
    case DRAFT_NO_NAME:
        st = req_fail(r, ERR_PARTY_PROFILE_INCOMPLETE, NULL, NULL);
        goto fail;
    case DRAFT_NO_TEMPLATE:
    case DRAFT_ERR:
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto fail;
    }
    long long history_rows = 0;
    struct agreement_row *a = malloc(sizeof *a);
    rc = a ? store_agreement_get(id, a) : ST_ERR;
    if (rc == ST_OK)
        history_rows = a->revision;
    free(a);
    if (rc == ST_OK) {
        char body[256];
        snprintf(body, sizeof body, "岗位「%s」的劳务协议已%s，请阅读后签署", f->gig_title,
                 history_rows > 1 ? "更新" : "起草");
        rc = svc_notify_user(f->worker_id, "agreement_drafted", "劳务协议待签署", body, "agreement", id);
    }
    free(app);
    free(f);
    return commit_reply(r, rc, id, history_rows > 1 ? 200 : 201);
fail:
    db_rollback();
    free(app);
    free(f);
    return st;
}

int api_agreement_of_application(struct req *r)
{
    long long id = 0;
    enum st rc = store_agreement_of_application(r->ids[0], &id);
    if (rc != ST_OK) {
        /* no agreement yet: a party learns that, anyone else learns nothing more than 404 */
        struct application_row *app = malloc(sizeof *app);
        enum st ra = app ? store_application_get(r->ids[0], app) : ST_ERR;
        int party = ra == ST_OK && (app->worker_id == r->who.id || app->employer_id == r->who.id);
        free(app);
        if (ra == ST_OK && !party)
            return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        return req_store_fail(r, rc);
    }
    r->ids[0] = id;
    return api_agreement_get(r);
}

int api_agreement_get(struct req *r)
{
    struct agreement_row *a = malloc(sizeof *a);
    if (!a)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    const char *role;
    int st = load_for(r, r->ids[0], 1, a, &role);
    free(a);
    if (st)
        return st;
    json_t *reply = agreement_reply(r->ids[0]);
    return reply ? req_reply(r, 200, reply) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

/* --------------------------------------------------------------------------------------- signing */

enum sign_result { SIGN_OK, SIGN_ILLEGAL, SIGN_ALREADY, SIGN_STALE, SIGN_APP_CLOSED, SIGN_ERR };

/* Inside the caller's transaction with a locked: records role's signing event and moves the agreement on;
 * the second signature seals it and appends it to the log. *sealed says whether it did. */
static enum sign_result sign_core(const struct agreement_row *a, const struct agreement_event_row *e,
                                  long long now, int *sealed)
{
    int from, to;
    *sealed = 0;
    if (fsm_state_parse(FSM_AGREEMENT, a->status, &from) != 0 ||
        fsm_next(FSM_AGREEMENT, from, FSM_ACT_SIGN,
                 strcmp(e->role, "employer") == 0 ? FSM_ROLE_EMPLOYER : FSM_ROLE_WORKER, &to) != FSM_OK)
        return SIGN_ILLEGAL;
    if (strcmp(e->text_sha256, a->text_sha256) != 0)
        return SIGN_STALE;
    if (strcmp(a->app_status, "accepted") != 0 && strcmp(a->app_status, "completed") != 0)
        return SIGN_APP_CLOSED;
    enum st rc = store_agreement_event_add(a->id, e);
    if (rc == ST_CONFLICT)
        return SIGN_ALREADY;
    const char *to_name = fsm_state_name(FSM_AGREEMENT, to);
    if (rc == ST_OK)
        rc = store_agreement_set_status(a->id, a->status, to_name);
    if (rc == ST_OK)
        rc = store_history_add(SQL_AGR_HISTORY_ADD, a->id, "user", e->account_id, a->status, to_name, NULL);
    if (rc != ST_OK)
        return SIGN_ERR;
    if (to != FSM_AGREEMENT_SIGNED)
        return SIGN_OK;
    /* both signed: seal hash + both events, then link the seal into the log under the head's lock */
    struct agreement_event_row ev[2];
    int n = 0;
    char *payload = NULL;
    struct agreement_log_row *l = calloc(1, sizeof *l);
    enum sign_result res = SIGN_ERR;
    rc = l ? store_agreement_events(a->id, ev, &n) : ST_ERR;
    long plen = rc == ST_OK ? payload_of(a, ev, n, seal_key_id(), now, &payload) : -1;
    if (plen < 0 || seal_sign(payload, (size_t)plen, l->signature) != 0)
        goto out;
    long long seq = 0;
    if (store_agreement_log_head(&seq, l->prev_hash) != ST_OK)
        goto out;
    l->seq = seq + 1;
    l->agreement_id = a->id;
    l->sealed_at = now;
    snprintf(l->text_sha256, sizeof l->text_sha256, "%s", a->text_sha256);
    agreement_sha256_hex(payload, (size_t)plen, l->payload_sha256);
    snprintf(l->key_id, sizeof l->key_id, "%s", seal_key_id());
    struct agreement_log_entry le = {l->seq,       l->agreement_id, l->text_sha256, l->payload_sha256,
                                     l->signature, l->key_id,       l->sealed_at,   l->prev_hash};
    if (agreement_log_hash(&le, l->entry_hash) != 0 || store_agreement_log_append(l) != ST_OK)
        goto out;
    *sealed = 1;
    res = SIGN_OK;
out:
    free(payload);
    free(l);
    return res;
}

static int is_hex64(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

int api_agreement_sign(struct req *r)
{
    static const struct field fields[] = {{"text_sha256", F_STR, 1, 64, 64}, {"intent", F_STR, 1, 1, 200}};
    int st = input_check(r, fields, 2);
    if (st)
        return st;
    const char *hash = input_str(r, "text_sha256"), *intent = input_str(r, "intent");
    if (!is_hex64(hash))
        return req_fail(r, ERR_VALIDATION, "text_sha256", "text_sha256 应为 64 位小写十六进制的协议文本摘要");
    if (strcmp(intent, agreement_intent_statement) != 0)
        return req_fail(r, ERR_VALIDATION, "intent", "请确认签署意愿声明（须与协议页面显示的声明一致）");
    if (!seal_enabled())
        return req_fail(r, ERR_AGREEMENT_UNAVAILABLE, NULL, NULL);
    struct idem idem;
    st = idempotency_begin(r, &idem);
    if (st)
        return st;
    long long id = r->ids[0];
    struct agreement_row *a = malloc(sizeof *a);
    enum st rc = a ? store_agreement_lock(id, a) : ST_ERR;
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto fail;
    }
    const char *role = party_role(r, a);
    if (!role) {
        st = req_fail(r, ERR_FORBIDDEN, NULL, "只有协议双方可以签署");
        goto fail;
    }
    struct agreement_event_row e;
    memset(&e, 0, sizeof e);
    snprintf(e.role, sizeof e.role, "%s", role);
    e.account_id = r->who.id;
    e.signed_at = r->now;
    snprintf(e.ip, sizeof e.ip, "%s", r->ip);
    snprintf(e.user_agent, sizeof e.user_agent, "%s", r->user_agent);
    snprintf(e.text_sha256, sizeof e.text_sha256, "%s", hash);
    snprintf(e.intent, sizeof e.intent, "%s", intent);
    snprintf(e.request_id, sizeof e.request_id, "%s", r->rid);
    int sealed = 0;
    switch (sign_core(a, &e, r->now, &sealed)) {
    case SIGN_OK:
        break;
    case SIGN_ILLEGAL:
        st = state_conflict(r, a->status);
        goto fail;
    case SIGN_ALREADY:
        st = req_fail(r, ERR_ALREADY_SIGNED, NULL, NULL);
        goto fail;
    case SIGN_STALE:
        st = req_fail(r, ERR_AGREEMENT_TEXT_CHANGED, "text_sha256", NULL);
        goto fail;
    case SIGN_APP_CLOSED:
        st = req_fail(r, ERR_STATE_CONFLICT, NULL, "报名已不在录用状态，不能签署这份协议");
        goto fail;
    case SIGN_ERR:
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto fail;
    }
    char body[256];
    snprintf(body, sizeof body,
             sealed ? "岗位「%s」的劳务协议双方已签署，协议生效"
                    : "对方已签署岗位「%s」的劳务协议，请阅读后签署",
             a->gig_title);
    long long other = strcmp(role, "employer") == 0 ? a->worker_id : a->employer_id;
    rc = svc_notify_user(other, sealed ? "agreement_signed" : "agreement_signed_by_one",
                         sealed ? "劳务协议已生效" : "对方已签署协议", body, "agreement", id);
    free(a);
    a = NULL;
    json_t *reply = rc == ST_OK ? agreement_reply(id) : NULL;
    if (!reply) {
        st = req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
        goto fail;
    }
    return idempotency_commit(r, &idem, 200, reply);
fail:
    db_rollback();
    free(a);
    return st;
}

int api_agreement_void(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 1, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    const char *reason = input_str(r, "reason");
    long long id = r->ids[0];
    struct agreement_row *a = malloc(sizeof *a);
    enum st rc = a ? db_begin() : ST_ERR;
    if (rc == ST_OK)
        rc = store_agreement_lock(id, a);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto fail;
    }
    const char *role = party_role(r, a);
    int admin = !role && region_admin(r, a);
    if (!role && !admin) {
        st = req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        goto fail;
    }
    int from, to;
    enum fsm_role fr = admin                           ? FSM_ROLE_ADMIN
                       : strcmp(role, "employer") == 0 ? FSM_ROLE_EMPLOYER
                                                       : FSM_ROLE_WORKER;
    if (fsm_state_parse(FSM_AGREEMENT, a->status, &from) != 0 ||
        fsm_next(FSM_AGREEMENT, from, FSM_ACT_VOID, fr, &to) != FSM_OK) {
        st = state_conflict(r, a->status);
        goto fail;
    }
    rc = store_agreement_set_status(id, a->status, "voided");
    if (rc == ST_OK)
        rc = store_history_add(SQL_AGR_HISTORY_ADD, id, admin ? "admin" : "user", r->who.id, a->status,
                               "voided", reason);
    char body[1024]; /* a 40-character title and a 200-character reason fit; notify_user trims */
    snprintf(body, sizeof body, "岗位「%s」的劳务协议已作废：%s", a->gig_title, reason);
    if (rc == ST_OK && (admin || strcmp(role, "worker") == 0))
        rc = svc_notify_user(a->employer_id, "agreement_voided", "劳务协议已作废", body, "agreement", id);
    if (rc == ST_OK && (admin || strcmp(role, "employer") == 0))
        rc = svc_notify_user(a->worker_id, "agreement_voided", "劳务协议已作废", body, "agreement", id);
    if (rc == ST_OK && admin) {
        char oid[24];
        snprintf(oid, sizeof oid, "%lld", id);
        struct audit_entry ae = {r->now,      "admin", r->who.id, "admin", "agreement.void",
                                 "agreement", oid,     "ok",      r->ip,   r->rid};
        rc = store_audit_append(&ae);
    }
    free(a);
    return commit_reply(r, rc, id, 200);
fail:
    db_rollback();
    free(a);
    return st;
}

enum st agreement_void_system(long long application_id, const char *reason)
{
    long long id;
    char status[16];
    enum st rc = store_agreement_live_lock(application_id, &id, status);
    if (rc == ST_NOTFOUND)
        return ST_OK;
    int from, to;
    if (rc != ST_OK || fsm_state_parse(FSM_AGREEMENT, status, &from) != 0 ||
        fsm_next(FSM_AGREEMENT, from, FSM_ACT_VOID, FSM_ROLE_SYSTEM, &to) != FSM_OK)
        return rc; /* signed: stays */
    rc = store_agreement_set_status(id, status, "voided");
    if (rc == ST_OK)
        rc = store_history_add(SQL_AGR_HISTORY_ADD, id, "system", 0, status, "voided", reason);
    return rc;
}

/* ---------------------------------------------------------------------------- verify, key, PDF */

static json_t *verdict_json(const struct agreement_row *a, const struct verdict *v)
{
    json_t *o = json_pack("{s:I, s:s, s:b, s:{s:b, s:b, s:o, s:o}, s:s, s:s}", "agreement_id",
                          (json_int_t)a->id, "status", a->status, "valid", v->reason == NULL, "checks",
                          "text_hash", v->text_ok, "events", v->events_ok, "seal", check_or_null(v->seal_ok),
                          "chain", check_or_null(v->chain_ok), "text_sha256", v->text_sha256, "message",
                          v->reason ? v->message : "协议文本、签署记录、平台封存签名和存证链均核验通过");
    if (!o)
        return NULL;
    json_object_set_new(o, "reason", v->reason ? json_string(v->reason) : json_null());
    json_object_set_new(o, "sealed_at", time_or_null(a->seal_len ? a->sealed_at : 0));
    json_object_set_new(o, "key_id", a->seal_key_id[0] ? json_string(a->seal_key_id) : json_null());
    json_object_set_new(o, "log_seq", v->has_log ? json_integer((json_int_t)v->log.seq) : json_null());
    return o;
}

int api_agreement_verify(struct req *r)
{
    if (!seal_enabled())
        return req_fail(r, ERR_AGREEMENT_UNAVAILABLE, NULL, NULL);
    char hash[80];
    int q = req_query(r, "hash", hash, sizeof hash);
    if (q < 0 || (q > 0 && !is_hex64(hash)))
        return req_fail(r, ERR_BAD_QUERY, "hash", "hash 应为 64 位小写十六进制的协议文本摘要");
    struct agreement_row *a = malloc(sizeof *a);
    struct verdict *v = malloc(sizeof *v);
    enum st rc = a && v ? store_agreement_get(r->ids[0], a) : ST_ERR;
    int st = 0;
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    /* parties and region admins verify by id; anyone else must hold the document: its text hash */
    if (!party_role(r, a) && !region_admin(r, a) && !(q > 0 && strcmp(hash, a->text_sha256) == 0)) {
        st = req_fail(r, ERR_FORBIDDEN, NULL, "核验需要协议文本摘要（协议 PDF 上的二维码或 SHA-256）");
        goto out;
    }
    rc = verify_one(a, v);
    json_t *reply = rc == ST_OK ? verdict_json(a, v) : NULL;
    st = reply ? req_reply(r, 200, reply) : req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
out:
    free(a);
    free(v);
    return st;
}

int api_agreement_public_key(struct req *r)
{
    char pem[256], hex[65];
    unsigned char raw[32];
    if (!seal_enabled() || seal_public_pem(pem, sizeof pem) < 0 || seal_public_raw(raw) != 0)
        return req_fail(r, ERR_AGREEMENT_UNAVAILABLE, NULL, NULL);
    crypto_hex(raw, 32, hex);
    return req_reply(r, 200,
                     json_pack("{s:s, s:s, s:s, s:s}", "algorithm", "Ed25519", "key_id", seal_key_id(),
                               "public_key_hex", hex, "public_key_pem", pem));
}

/* The PDF: the canonical text (its first line is the document title), the signing events, the seal and
 * log entry, and a QR code of the verify URL. */
static int pdf_of(const struct agreement_row *a, const struct agreement_event_row *ev, int n,
                  const struct agreement_log_row *l, unsigned char **out, size_t *len)
{
    char no[24], url[512], footer[160], times[2][40], accounts[2][24], sig[129], sealed_at[40], seq[24];
    char entry[65], status_note[160], caption[600];
    const char *rows[3 * 5], *kv[2 * 6];
    const char *body = strchr(a->text, '\n');
    body = body ? body + 1 : a->text; /* the first line is the title, which the document prints */
    agreement_no(a->id, no);
    verify_url(a, url, sizeof url);
    snprintf(footer, sizeof footer, "协议编号 %s", no);
    int k = 0;
    static const char *const head[] = {"签署方", "账号", "签署时间（北京时间）", "网络地址", "设备"};
    for (int i = 0; i < 5; i++)
        rows[k++] = head[i];
    for (int i = 0; i < n && i < 2; i++) {
        snprintf(accounts[i], sizeof accounts[i], "%lld", ev[i].account_id);
        agreement_local_time(ev[i].signed_at, times[i], sizeof times[i]);
        rows[k++] = role_zh(ev[i].role);
        rows[k++] = accounts[i];
        rows[k++] = times[i];
        rows[k++] = ev[i].ip;
        rows[k++] = ev[i].user_agent;
    }
    static const double widths[] = {1.4, 0.8, 1.6, 1.2, 2.2};
    /* the verification facts in the body face (a monospace face would embed a second CJK subset) */
    int nkv = 0, sealed = a->seal_len == 64;
    kv[2 * nkv] = "文本 SHA-256";
    kv[2 * nkv++ + 1] = a->text_sha256;
    if (sealed) {
        crypto_hex(a->seal_signature, 64, sig);
        kv[2 * nkv] = "平台封存签名";
        kv[2 * nkv++ + 1] = sig;
        kv[2 * nkv] = "公钥标识";
        kv[2 * nkv++ + 1] = a->seal_key_id;
        kv[2 * nkv] = "封存时间";
        kv[2 * nkv++ + 1] = agreement_local_time(a->sealed_at, sealed_at, sizeof sealed_at);
        snprintf(seq, sizeof seq, "%lld", l ? l->seq : 0);
        if (l)
            crypto_hex(l->entry_hash, 32, entry);
        kv[2 * nkv] = "存证序号";
        kv[2 * nkv++ + 1] = l ? seq : "缺失";
        kv[2 * nkv] = "存证哈希";
        kv[2 * nkv++ + 1] = l ? entry : "缺失";
    }
    int s = 0;
    fsm_state_parse(FSM_AGREEMENT, a->status, &s);
    snprintf(status_note, sizeof status_note, "协议状态：%s%s", state_zh[s],
             sealed ? "（双方已签署，平台已封存）" : "（双方签署并由平台封存后生效）");
    snprintf(caption, sizeof caption, "扫码核验本协议（核验地址）：\n%s", url);
    struct pdf_block b[12];
    int nb = 0;
    b[nb++] = (struct pdf_block){.kind = PDF_NOTE, .text = status_note};
    b[nb++] = (struct pdf_block){.kind = PDF_PARAGRAPH, .text = body};
    b[nb++] = (struct pdf_block){.kind = PDF_HEADING, .text = "签署记录"};
    if (n > 0)
        b[nb++] = (struct pdf_block){
            .kind = PDF_TABLE, .cells = rows, .ncols = 5, .nrows = n + 1, .widths = widths};
    else
        b[nb++] = (struct pdf_block){.kind = PDF_NOTE, .text = "尚无签署记录"};
    b[nb++] = (struct pdf_block){.kind = PDF_NOTE, .text = "每一方签署时确认的签署意愿声明："};
    b[nb++] = (struct pdf_block){.kind = PDF_NOTE, .text = agreement_intent_statement};
    b[nb++] = (struct pdf_block){.kind = PDF_HEADING, .text = "核验信息（Ed25519）"};
    b[nb++] = (struct pdf_block){.kind = PDF_KV, .cells = kv, .nrows = nkv};
    b[nb++] = (struct pdf_block){.kind = PDF_QR, .qr = url, .text = caption};
    b[nb++] = (struct pdf_block){
        .kind = PDF_NOTE,
        .text = "平台公钥：/api/v1/agreements/public-key。本协议可随时免费查看、下载和打印。"};
    struct pdf_doc d = {
        .title = a->title, .subject = no, .footer = footer, .blocks = b, .nblocks = (size_t)nb};
    return pdf_render(&d, out, len);
}

int api_agreement_pdf(struct req *r)
{
    struct agreement_row *a = malloc(sizeof *a);
    struct agreement_log_row *l = malloc(sizeof *l);
    struct agreement_event_row ev[2];
    int n = 0, st;
    const char *role;
    if (!a || !l) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    st = load_for(r, r->ids[0], 1, a, &role);
    if (st)
        goto out;
    enum st rc = store_agreement_events(a->id, ev, &n);
    int logged = 0;
    if (rc == ST_OK && a->seal_len) {
        rc = store_agreement_log_of(a->id, l);
        logged = rc == ST_OK;
        rc = rc == ST_NOTFOUND ? ST_OK : rc;
    }
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
        goto out;
    }
    unsigned char *pdf;
    size_t len;
    if (pdf_of(a, ev, n, logged ? l : NULL, &pdf, &len) < 1) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        goto out;
    }
    char name[48], no[24];
    agreement_no(a->id, no);
    snprintf(name, sizeof name, "agreement-%s.pdf", no);
    st = req_reply_file(r, 200, (char *)pdf, len, "application/pdf", name);
out:
    free(a);
    free(l);
    return st;
}

/* ---------------------------------------------------------------------------- offline chain walk */

int api_agreement_verify_chain(FILE *out)
{
    enum { PAGE = 200 };
    struct agreement_log_row *page = calloc(PAGE, sizeof *page);
    struct agreement_row *a = malloc(sizeof *a);
    struct verdict *v = malloc(sizeof *v);
    unsigned char prev[32] = {0}, h[32];
    long long expect = 1, after = 0, entries = 0, problems = 0;
    int rc = -1;
    if (!page || !a || !v)
        goto done;
    for (;;) {
        int got = 0;
        if (store_agreement_log_page(after, page, PAGE, &got) != ST_OK)
            goto done;
        for (int i = 0; i < got; i++) {
            const struct agreement_log_row *l = &page[i];
            entries++;
            if (l->seq != expect) {
                fprintf(out, "broken at entry %lld: entries %lld-%lld are missing\n", l->seq, expect,
                        l->seq - 1);
                problems++;
            }
            if (memcmp(l->prev_hash, prev, 32) != 0) {
                fprintf(out,
                        "broken at entry %lld (agreement %lld): it does not link to the previous entry\n",
                        l->seq, l->agreement_id);
                problems++;
            }
            struct agreement_log_entry e = {l->seq,       l->agreement_id, l->text_sha256, l->payload_sha256,
                                            l->signature, l->key_id,       l->sealed_at,   l->prev_hash};
            if (agreement_log_hash(&e, h) != 0 || memcmp(h, l->entry_hash, 32) != 0) {
                fprintf(out, "broken at entry %lld (agreement %lld): the entry was altered\n", l->seq,
                        l->agreement_id);
                problems++;
            }
            enum st st = store_agreement_get(l->agreement_id, a);
            if (st == ST_NOTFOUND) {
                fprintf(out, "broken at entry %lld (agreement %lld): the agreement is missing\n", l->seq,
                        l->agreement_id);
                problems++;
            } else if (st != ST_OK || verify_one(a, v) != ST_OK) {
                goto done;
            } else if (v->reason && strcmp(v->reason, "chain_broken") != 0) {
                fprintf(out, "broken at entry %lld (agreement %lld): %s (%s)\n", l->seq, l->agreement_id,
                        v->reason, v->message);
                problems++;
            }
            memcpy(prev, l->entry_hash, 32);
            expect = l->seq + 1;
            after = l->seq;
        }
        if (got < PAGE)
            break;
    }
    long long head = 0;
    unsigned char last[32];
    if (store_agreement_log_head_peek(&head, last) != ST_OK)
        goto done;
    if (head != expect - 1 || memcmp(last, prev, 32) != 0) {
        fprintf(out, "broken at the head: it names entry %lld but the log ends at entry %lld\n", head,
                expect - 1);
        problems++;
    }
    long long ids[100];
    int got = 0;
    if (store_agreement_unlogged(ids, 100, &got) != ST_OK)
        goto done;
    for (int i = 0; i < got; i++) {
        fprintf(out, "agreement %lld is signed but has no log entry\n", ids[i]);
        problems++;
    }
    fprintf(out, "%lld entries checked, %lld problems\n", entries, problems);
    rc = problems ? 1 : 0;
done:
    if (rc < 0)
        fprintf(out, "verify-agreements: cannot read the agreement log (see log)\n");
    free(page);
    free(a);
    free(v);
    return rc;
}

/* ---------------------------------------------------------------------------------------- demo */

int api_agreement_demo(int n)
{
    long long *ids = calloc((size_t)n, sizeof *ids);
    struct agreement_facts *f = malloc(sizeof *f);
    struct agreement_row *a = malloc(sizeof *a);
    int got = 0, done = 0;
    long long sealed_before = 0;
    unsigned char last[32];
    /* once: seed-demo runs on every start of run.sh, and any sealed agreement means it ran before */
    if (!ids || !f || !a || !seal_enabled() || store_agreement_log_head_peek(&sealed_before, last) != ST_OK ||
        sealed_before > 0 || store_agreement_demo_candidates(ids, n, &got) != ST_OK)
        got = 0;
    for (int i = 0; i < got; i++) {
        long long id = 0, now = (long long)time(NULL);
        int sealed = 0;
        if (db_begin() != ST_OK)
            break;
        enum st rc = store_agreement_facts(ids[i], f);
        enum draft_result dr = rc == ST_OK ? draft_core(f, f->employer_id, now, &id) : DRAFT_ERR;
        int ok = dr == DRAFT_CREATED;
        for (int s = 0; ok && s < 2; s++) {
            struct agreement_event_row e;
            memset(&e, 0, sizeof e);
            ok = store_agreement_lock(id, a) == ST_OK;
            snprintf(e.role, sizeof e.role, "%s", s == 0 ? "employer" : "worker");
            e.account_id = s == 0 ? f->employer_id : f->worker_id;
            e.signed_at = now;
            snprintf(e.ip, sizeof e.ip, "127.0.0.1");
            snprintf(e.user_agent, sizeof e.user_agent, "linggong seed-demo");
            snprintf(e.text_sha256, sizeof e.text_sha256, "%s", a->text_sha256);
            snprintf(e.intent, sizeof e.intent, "%s", agreement_intent_statement);
            snprintf(e.request_id, sizeof e.request_id, "%032d", 0);
            ok = ok && sign_core(a, &e, now, &sealed) == SIGN_OK;
        }
        if (ok && sealed && db_commit() == ST_OK) {
            done++;
        } else {
            db_rollback(); /* e.g. a demo worker without a real name: skipped */
        }
    }
    free(ids);
    free(f);
    free(a);
    log_info("demo agreements signed", "\"agreements\":%d", done);
    return done;
}

/* ------------------------------------------------------------------------------- admin: templates */

static json_t *template_json(const struct agreement_template *t, int with_body)
{
    char at[24];
    json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)t->id, "code", t->code, "version",
                          (json_int_t)t->version, "title", t->title, "created_at",
                          timeutil_rfc3339(t->created_at, at));
    if (!o)
        return NULL;
    json_object_set_new(o, "region_code", t->region_code[0] ? json_string(t->region_code) : json_null());
    json_object_set_new(o, "note", t->note[0] ? json_string(t->note) : json_null());
    if (with_body)
        json_object_set_new(o, "body", json_string(t->body));
    return o;
}

static int template_item(void *ctx, const struct agreement_template *t)
{
    return json_array_append_new(ctx, template_json(t, 0));
}

/* 1 when the admin may change templates of region ("" = the national ones: whole-deployment admins only). */
static int may_edit(const struct req *r, const char *region)
{
    return region[0] ? region_contains(r->who.region, region) : r->who.region[0] == '\0';
}

int api_agreement_template_list(struct req *r)
{
    long long page, size, total = 0;
    char code[48], like[16];
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    int q = req_query(r, "code", code, sizeof code);
    if (q < 0 || (q > 0 && strlen(code) > 40))
        return req_fail(r, ERR_BAD_QUERY, "code", NULL);
    if (q == 0)
        code[0] = '\0';
    if (r->who.region[0]) {
        char prefix[13];
        if (region_prefix(r->who.region, prefix) < 0)
            return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
        snprintf(like, sizeof like, "%s%%", prefix);
    } else {
        snprintf(like, sizeof like, "%%");
    }
    json_t *items = json_array();
    enum st rc =
        store_agreement_template_list(like, code, size, (page - 1) * size, template_item, items, &total);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    return req_reply(r, 200, req_list_reply(items, page, size, total));
}

int api_agreement_template_get(struct req *r)
{
    struct agreement_template *t = malloc(sizeof *t);
    enum st rc = t ? store_agreement_template_get(r->ids[0], t) : ST_ERR;
    if (rc == ST_OK && t->region_code[0] && !region_contains(r->who.region, t->region_code))
        rc = ST_NOTFOUND; /* another region's template: as if it did not exist */
    json_t *o = rc == ST_OK ? template_json(t, 1) : NULL;
    free(t);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    return o ? req_reply(r, 200, json_pack("{s:o}", "template", o)) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

/* Validates title/body/note of a template body; 0 or the error status. */
static int template_input(struct req *r, const char **title, const char **body, const char **note)
{
    char why[200];
    *title = input_str(r, "title");
    *body = input_str(r, "body");
    *note = input_str(r, "note");
    if (agreement_template_check(*body, why, sizeof why) != 0)
        return req_fail(r, ERR_VALIDATION, "body", why);
    return 0;
}

static int template_saved(struct req *r, long long id, const char *action)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", id);
    struct audit_entry e = {r->now, "admin", r->who.id, "admin", action, "agreement_template",
                            oid,    "ok",    r->ip,     r->rid};
    struct agreement_template *t = malloc(sizeof *t);
    enum st rc = t ? store_audit_append(&e) : ST_ERR;
    if (rc == ST_OK)
        rc = store_agreement_template_get(id, t);
    json_t *o = rc == ST_OK ? template_json(t, 1) : NULL;
    free(t);
    if (!o || db_commit() != ST_OK) {
        json_decref(o);
        db_rollback();
        return req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
    }
    return req_reply(r, 201, json_pack("{s:o}", "template", o));
}

int api_agreement_template_create(struct req *r)
{
    static const struct field fields[] = {{"code", F_STR, 1, 1, 40},
                                          {"title", F_STR, 1, 1, AGREEMENT_MAX_TITLE},
                                          {"body", F_STR, 1, 1, AGREEMENT_MAX_BODY},
                                          {"region_code", F_STR, 0, 6, 12},
                                          {"note", F_STR, 0, 0, 200}};
    int st = input_check(r, fields, 5);
    if (st)
        return st;
    const char *code = input_str(r, "code"), *region = input_str(r, "region_code"), *title, *body, *note;
    for (const char *p = code; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return req_fail(r, ERR_VALIDATION, "code", "code 只能包含小写字母、数字、下划线和连字符");
    if (region && !region_valid(region))
        return req_fail(r, ERR_VALIDATION, "region_code", "region_code 应为行政区划代码");
    if (!region && r->who.region[0])
        region = r->who.region; /* a county admin's template is its county's */
    if (!may_edit(r, region ? region : ""))
        return req_fail(r, ERR_FORBIDDEN, "region_code", "只能为本地区创建协议模板");
    st = template_input(r, &title, &body, &note);
    if (st)
        return st;
    long long id = 0, version = 0;
    enum st rc = db_begin();
    if (rc == ST_OK)
        rc = store_agreement_template_insert(code, 0, region, title, body, note, r->who.id, &id, &version);
    if (rc != ST_OK) {
        db_rollback();
        return rc == ST_CONFLICT
                   ? req_fail(r, ERR_ALREADY_EXISTS, "code", "该模板代码已存在，请编辑它以创建新版本")
                   : req_store_fail(r, rc);
    }
    return template_saved(r, id, "agreement_template.create");
}

int api_agreement_template_update(struct req *r)
{
    static const struct field fields[] = {{"title", F_STR, 1, 1, AGREEMENT_MAX_TITLE},
                                          {"body", F_STR, 1, 1, AGREEMENT_MAX_BODY},
                                          {"note", F_STR, 0, 0, 200}};
    int st = input_check(r, fields, 3);
    if (st)
        return st;
    const char *title, *body, *note;
    st = template_input(r, &title, &body, &note);
    if (st)
        return st;
    struct agreement_template *t = malloc(sizeof *t);
    enum st rc = t ? store_agreement_template_get(r->ids[0], t) : ST_ERR;
    if (rc == ST_OK && t->region_code[0] && !region_contains(r->who.region, t->region_code))
        rc = ST_NOTFOUND;
    if (rc == ST_OK && !may_edit(r, t->region_code)) {
        free(t);
        return req_fail(r, ERR_FORBIDDEN, NULL, "全国通用模板只能由省级以上管理员修改");
    }
    long long id = 0, version = 0;
    if (rc == ST_OK)
        rc = db_begin();
    /* editing never changes a version in place: agreements keep pointing at the text they were drafted from
     */
    if (rc == ST_OK)
        rc = store_agreement_template_insert(t->code, 1, t->region_code, title, body, note, r->who.id, &id,
                                             &version);
    free(t);
    if (rc != ST_OK) {
        if (db_in_tx())
            db_rollback();
        return req_store_fail(r, rc);
    }
    return template_saved(r, id, "agreement_template.version");
}
