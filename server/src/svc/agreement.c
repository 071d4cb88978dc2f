/* E-agreements below the routes: drafting the canonical text from the region's newest template, a party's
 * signing event and the Ed25519 seal of the second with its link into the hash-chained log, voiding on
 * behalf of the system, verification of one agreement and the offline walk of the whole chain. Writes join
 * the caller's transaction (never commit or roll back here); no request, no JSON, no SQL. */
#include "svc/agreement.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "domain/agreement.h"
#include "domain/fsm.h"
#include "domain/idcard.h"
#include "ext/crypto.h"
#include "ext/seal.h"
#include "store/history.h"

void svc_agreement_number(long long id, char out[24])
{
    snprintf(out, 24, "LG%08lld", id);
}

void svc_agreement_verify_url(const struct agreement_row *a, char *out, size_t cap)
{
    const char *base = config_current()->public_base_url;
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    snprintf(out, cap, "%.*s/api/v1/agreements/%lld/verify?hash=%s", (int)n, base, a->id, a->text_sha256);
}

/* ------------------------------------------------------------------------------------ verification */

static void fail(struct agreement_verdict *v, const char *reason, const char *message)
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

/* The hash a log row must carry as its entry_hash. 0 or -1. */
static int entry_hash_of(const struct agreement_log_row *l, unsigned char h[32])
{
    struct agreement_log_entry e = {l->seq,       l->agreement_id, l->text_sha256, l->payload_sha256,
                                    l->signature, l->key_id,       l->sealed_at,   l->prev_hash};
    return agreement_log_hash(&e, h);
}

/* Checks the log entry's own hash and its links to both neighbours (or to the head when it is the last). */
static enum st chain_check(const struct agreement_log_row *l, int *ok)
{
    static const unsigned char zero[32] = {0};
    unsigned char h[32];
    *ok = entry_hash_of(l, h) == 0 && memcmp(h, l->entry_hash, 32) == 0;
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

/* The seal of a signed agreement against its events; sets v->seal_ok. *payload gets the payload
 * (malloc'd, NULL when it could not be built) and the return value its length (-1 then). */
static long seal_check(const struct agreement_row *a, const struct agreement_event_row *ev, int n,
                       struct agreement_verdict *v, char **payload)
{
    long plen = a->seal_len == 64 ? payload_of(a, ev, n, a->seal_key_id, a->sealed_at, payload) : -1;
    if (plen < 0) {
        v->seal_ok = 0;
        fail(v, "seal_invalid", "平台封存签名缺失或签署记录不完整");
    } else if (!seal_enabled() || strcmp(a->seal_key_id, seal_key_id()) != 0) {
        v->seal_ok = 0;
        fail(v, "seal_key_unknown", "协议由其他密钥封存，无法用当前公钥核验");
    } else {
        v->seal_ok = seal_verify(*payload, (size_t)plen, a->seal_signature) == 1;
        if (!v->seal_ok)
            fail(v, "seal_invalid", "平台封存签名无效，协议或签署记录可能被篡改");
    }
    return plen;
}

/* The log entry of a signed agreement: the same facts as the agreement, and linked in the chain. */
static enum st log_check(const struct agreement_row *a, const char *payload, long plen,
                         struct agreement_verdict *v)
{
    enum st rc = store_agreement_log_of(a->id, &v->log);
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
    return rc;
}

enum st svc_agreement_verify(const struct agreement_row *a, struct agreement_verdict *v)
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
    char *payload = NULL;
    long plen = seal_check(a, ev, n, v, &payload);
    rc = log_check(a, payload, plen, v);
    free(payload);
    return rc;
}

/* -------------------------------------------------------------------------------------- drafting */

/* The employer's identification as printed: an organisation's credit code, a person's masked ID number. */
static void employer_code_of(const struct agreement_facts *f, char out[40])
{
    char aad[48], plain[32], masked[19] = "";
    if (strcmp(f->employer_kind, "org") == 0) {
        snprintf(out, 40, "%s", f->employer_code);
        return;
    }
    snprintf(aad, sizeof aad, "employers.id:%lld", f->employer_id);
    if (f->employer_id_enc_len &&
        crypto_open(config_current()->data_key, aad, f->employer_id_enc, (size_t)f->employer_id_enc_len,
                    plain, sizeof plain, NULL) >= 0 &&
        idcard_mask(plain, masked) == 0)
        snprintf(out, 40, "个人雇主 %s", masked);
    else
        snprintf(out, 40, "个人雇主");
    memset(plain, 0, sizeof plain);
}

/* Renders the canonical text of agreement id for the application's facts into *text (malloc'd). Returns its
 * length, or -1. */
static long render(const struct agreement_facts *f, const struct agreement_template *t, long long id,
                   long long now, char **text)
{
    char no[24], worker_id[24] = "", employer_code[40] = "", aad[48], plain[32];
    svc_agreement_number(id, no);
    snprintf(aad, sizeof aad, "workers.id:%lld", f->worker_id);
    if (f->worker_id_enc_len &&
        crypto_open(config_current()->data_key, aad, f->worker_id_enc, (size_t)f->worker_id_enc_len, plain,
                    sizeof plain, NULL) >= 0 &&
        idcard_mask(plain, worker_id) != 0)
        worker_id[0] = '\0';
    memset(plain, 0, sizeof plain);
    employer_code_of(f, employer_code);
    struct agreement_terms terms = {no,           f->employer_name, employer_code, f->worker_name, worker_id,
                                    f->gig_title, f->job_type,      f->duties,     f->work_place,  f->bureau,
                                    f->starts_at, f->ends_at,       f->pay_fen,    f->pay_unit,    now};
    return agreement_render(t->title, t->code, t->version, t->body, &terms, text);
}

enum agreement_draft svc_agreement_draft(const struct agreement_facts *f, long long actor, long long now,
                                         long long *id)
{
    if (!f->worker_name[0] || !f->employer_name[0])
        return AGREEMENT_DRAFT_NO_NAME;
    struct agreement_template *t = malloc(sizeof *t);
    if (!t)
        return AGREEMENT_DRAFT_ERR;
    enum agreement_draft res = AGREEMENT_DRAFT_ERR;
    char status[16] = "", sha[65];
    char *text = NULL;
    enum st rc = store_agreement_template_pick(f->region_code, f->county, f->city, f->province, t);
    if (rc == ST_NOTFOUND)
        res = AGREEMENT_DRAFT_NO_TEMPLATE;
    if (rc != ST_OK)
        goto out;
    rc = store_agreement_live_lock(f->application_id, id, status);
    if (rc == ST_OK && strcmp(status, "draft") != 0) {
        res = AGREEMENT_DRAFT_FROZEN;
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
        res = created ? AGREEMENT_DRAFT_CREATED : AGREEMENT_DRAFT_REPLACED;
out:
    free(text);
    free(t);
    return res;
}

/* --------------------------------------------------------------------------------------- signing */

/* Both signed: seals the hash and both events, then links the seal into the log under the head's lock.
 * Returns 0 or -1. */
static int seal(const struct agreement_row *a, long long now)
{
    struct agreement_event_row ev[2];
    int n = 0, res = -1;
    char *payload = NULL;
    struct agreement_log_row *l = calloc(1, sizeof *l);
    enum st rc = l ? store_agreement_events(a->id, ev, &n) : ST_ERR;
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
    if (entry_hash_of(l, l->entry_hash) != 0 || store_agreement_log_append(l) != ST_OK)
        goto out;
    res = 0;
out:
    free(payload);
    free(l);
    return res;
}

enum agreement_sign svc_agreement_sign(const struct agreement_row *a, const struct agreement_event_row *e,
                                       long long now, int *sealed)
{
    int from, to;
    *sealed = 0;
    if (fsm_state_parse(FSM_AGREEMENT, a->status, &from) != 0 ||
        fsm_next(FSM_AGREEMENT, from, FSM_ACT_SIGN,
                 strcmp(e->role, "employer") == 0 ? FSM_ROLE_EMPLOYER : FSM_ROLE_WORKER, &to) != FSM_OK)
        return AGREEMENT_SIGN_ILLEGAL;
    if (strcmp(e->text_sha256, a->text_sha256) != 0)
        return AGREEMENT_SIGN_STALE;
    if (strcmp(a->app_status, "accepted") != 0 && strcmp(a->app_status, "completed") != 0)
        return AGREEMENT_SIGN_APP_CLOSED;
    enum st rc = store_agreement_event_add(a->id, e);
    if (rc == ST_CONFLICT)
        return AGREEMENT_SIGN_ALREADY;
    const char *to_name = fsm_state_name(FSM_AGREEMENT, to);
    if (rc == ST_OK)
        rc = store_agreement_set_status(a->id, a->status, to_name);
    if (rc == ST_OK)
        rc = store_history_add(SQL_AGR_HISTORY_ADD, a->id, "user", e->account_id, a->status, to_name, NULL);
    if (rc != ST_OK)
        return AGREEMENT_SIGN_ERR;
    if (to != FSM_AGREEMENT_SIGNED)
        return AGREEMENT_SIGN_OK;
    if (seal(a, now) != 0)
        return AGREEMENT_SIGN_ERR;
    *sealed = 1;
    return AGREEMENT_SIGN_OK;
}

enum st svc_agreement_void_system(long long application_id, const char *reason)
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

/* ---------------------------------------------------------------------------- offline chain walk */

/* Checks one log entry l that should be number expect and link to prev; prints each problem to out.
 * Returns how many problems, or -1 when the database cannot be read. */
static long long walk_entry(FILE *out, const struct agreement_log_row *l, long long expect,
                            const unsigned char prev[32], struct agreement_row *a,
                            struct agreement_verdict *v)
{
    long long problems = 0;
    unsigned char h[32];
    if (l->seq != expect) {
        fprintf(out, "broken at entry %lld: entries %lld-%lld are missing\n", l->seq, expect, l->seq - 1);
        problems++;
    }
    if (memcmp(l->prev_hash, prev, 32) != 0) {
        fprintf(out, "broken at entry %lld (agreement %lld): it does not link to the previous entry\n",
                l->seq, l->agreement_id);
        problems++;
    }
    if (entry_hash_of(l, h) != 0 || memcmp(h, l->entry_hash, 32) != 0) {
        fprintf(out, "broken at entry %lld (agreement %lld): the entry was altered\n", l->seq,
                l->agreement_id);
        problems++;
    }
    enum st st = store_agreement_get(l->agreement_id, a);
    if (st == ST_NOTFOUND) {
        fprintf(out, "broken at entry %lld (agreement %lld): the agreement is missing\n", l->seq,
                l->agreement_id);
        problems++;
    } else if (st != ST_OK || svc_agreement_verify(a, v) != ST_OK) {
        return -1;
    } else if (v->reason && strcmp(v->reason, "chain_broken") != 0) {
        fprintf(out, "broken at entry %lld (agreement %lld): %s (%s)\n", l->seq, l->agreement_id, v->reason,
                v->message);
        problems++;
    }
    return problems;
}

/* After the entries: the head names the last one, and every signed agreement has an entry. */
static long long walk_tail(FILE *out, long long last_seq, const unsigned char prev[32])
{
    long long head = 0, problems = 0;
    unsigned char last[32];
    if (store_agreement_log_head_peek(&head, last) != ST_OK)
        return -1;
    if (head != last_seq || memcmp(last, prev, 32) != 0) {
        fprintf(out, "broken at the head: it names entry %lld but the log ends at entry %lld\n", head,
                last_seq);
        problems++;
    }
    long long ids[100];
    int got = 0;
    if (store_agreement_unlogged(ids, 100, &got) != ST_OK)
        return -1;
    for (int i = 0; i < got; i++) {
        fprintf(out, "agreement %lld is signed but has no log entry\n", ids[i]);
        problems++;
    }
    return problems;
}

int svc_agreement_verify_chain(FILE *out)
{
    enum { PAGE = 200 };
    struct agreement_log_row *page = calloc(PAGE, sizeof *page);
    struct agreement_row *a = malloc(sizeof *a);
    struct agreement_verdict *v = malloc(sizeof *v);
    unsigned char prev[32] = {0};
    long long expect = 1, after = 0, entries = 0, problems = 0, p;
    int rc = -1, got = PAGE;
    if (!page || !a || !v)
        goto done;
    while (got == PAGE) {
        if (store_agreement_log_page(after, page, PAGE, &got) != ST_OK)
            goto done;
        for (int i = 0; i < got; i++) {
            const struct agreement_log_row *l = &page[i];
            entries++;
            if ((p = walk_entry(out, l, expect, prev, a, v)) < 0)
                goto done;
            problems += p;
            memcpy(prev, l->entry_hash, 32);
            expect = l->seq + 1;
            after = l->seq;
        }
    }
    if ((p = walk_tail(out, expect - 1, prev)) < 0)
        goto done;
    problems += p;
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
