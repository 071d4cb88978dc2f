/* E-agreements (issue 6, SPEC §2-3), the routes: the employer drafts an agreement for an accepted application
 * from the region's newest template, each party signs the hash it read with the explicit intent statement
 * (Idempotency-Key honoured), the second signature seals it and appends it to the hash-chained log, all in
 * ONE transaction (svc/agreement.c does the drafting, signing, sealing and verifying). The PDF is free to
 * both parties. Admin routes manage versioned templates. Never talks SQL or civetweb; no state labels here
 * (domain/fsm.c has the one table). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/agreement.h"
#include "domain/fsm.h"
#include "domain/region.h"
#include "ext/crypto.h"
#include "ext/pdf.h"
#include "ext/seal.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/agreement.h"
#include "store/application.h"
#include "store/audit.h"
#include "store/history.h"
#include "svc/agreement.h"
#include "svc/history.h"
#include "svc/notify.h"
#include "svc/view_agreement.h"

static const char *role_zh(const char *role)
{
    return strcmp(role, "employer") == 0 ? "甲方（用工方）" : "乙方（劳务方）";
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

/* ---------------------------------------------------------------------------------------- replies */

/* The events of a and, when it is sealed, its log entry (*logged 0 when missing from the log). */
static enum st read_parts(const struct agreement_row *a, struct agreement_event_row ev[2], int *n,
                          struct agreement_log_row *l, int *logged)
{
    enum st rc = store_agreement_events(a->id, ev, n);
    *logged = 0;
    if (rc == ST_OK && a->seal_len) {
        rc = store_agreement_log_of(a->id, l);
        *logged = rc == ST_OK;
        rc = rc == ST_NOTFOUND ? ST_OK : rc;
    }
    return rc;
}

/* {agreement} (view_agreement) read on the current connection: inside a write's transaction it sees the
 * transaction's own writes. NULL on error. */
static json_t *agreement_reply(long long id)
{
    struct agreement_row *a = malloc(sizeof *a);
    struct agreement_log_row *l = malloc(sizeof *l);
    json_t *o = NULL, *hist = json_array();
    struct agreement_event_row ev[2];
    int n = 0, logged = 0;
    enum st rc = a && l && hist ? store_agreement_get(id, a) : ST_ERR;
    if (rc == ST_OK)
        rc = read_parts(a, ev, &n, l, &logged);
    if (rc == ST_OK)
        rc = store_history_list(SQL_AGR_HISTORY_LIST, id, svc_history_append, hist);
    if (rc == ST_OK) {
        o = view_agreement(a, ev, n, logged ? l : NULL, hist);
        hist = NULL;
    }
    json_decref(hist);
    free(a);
    free(l);
    return o ? json_pack("{s:o}", "agreement", o) : NULL;
}

/* The end of a write's transaction body: when rc is ST_OK, answers status with the agreement as it now is;
 * otherwise (or when the reply cannot be built) the store failure, which rolls the transaction back. */
static int answer(struct req *r, enum st rc, long long id, int status)
{
    json_t *reply = rc == ST_OK ? agreement_reply(id) : NULL;
    if (!reply)
        return req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
    return req_reply(r, status, reply);
}

/* Loads agreement id for a caller who must be a party or (allow_admin) an admin of its region: 0, or the
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

struct draft {
    struct application_row *app;
    struct agreement_facts *f;
};

/* Maps a refused draft to its reply. */
static int draft_fail(struct req *r, enum agreement_draft d)
{
    switch (d) {
    case AGREEMENT_DRAFT_FROZEN:
        return req_fail(r, ERR_STATE_CONFLICT, NULL, "协议已有一方签署，文本已锁定，不能重新起草");
    case AGREEMENT_DRAFT_NO_NAME:
        return req_fail(r, ERR_PARTY_PROFILE_INCOMPLETE, NULL, NULL);
    default:
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
}

static int draft_tx(struct req *r, void *p)
{
    struct draft *d = p;
    long long app_id = r->ids[0], me = r->who.id, id = 0, revision = 0;
    enum st rc = store_application_lock(app_id, d->app);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (d->app->employer_id != me)
        return me == d->app->worker_id ? req_fail(r, ERR_FORBIDDEN, NULL, "只有用工方可以起草协议")
                                       : req_fail(r, ERR_FORBIDDEN, NULL, NULL);
    if (strcmp(d->app->status, "accepted") != 0)
        return req_fail(r, ERR_STATE_CONFLICT, NULL, "只有已录用的报名可以起草协议");
    rc = store_agreement_facts(app_id, d->f);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    enum agreement_draft res = svc_agreement_draft(d->f, me, r->now, &id);
    if (res != AGREEMENT_DRAFT_CREATED && res != AGREEMENT_DRAFT_REPLACED)
        return draft_fail(r, res);
    struct agreement_row *a = malloc(sizeof *a);
    rc = a ? store_agreement_get(id, a) : ST_ERR;
    if (rc == ST_OK)
        revision = a->revision;
    free(a);
    if (rc == ST_OK) {
        char body[256];
        snprintf(body, sizeof body, "岗位「%s」的劳务协议已%s，请阅读后签署", d->f->gig_title,
                 revision > 1 ? "更新" : "起草");
        rc = svc_notify_user(d->f->worker_id, "agreement_drafted", "劳务协议待签署", body, "agreement", id);
    }
    return answer(r, rc, id, revision > 1 ? 200 : 201);
}

int api_agreement_draft(struct req *r)
{
    if (!seal_enabled())
        return req_fail(r, ERR_AGREEMENT_UNAVAILABLE, NULL, NULL);
    struct draft d = {malloc(sizeof *d.app), malloc(sizeof *d.f)};
    int st = d.app && d.f ? handler_tx(r, draft_tx, &d) : req_store_fail(r, ST_ERR);
    free(d.app);
    free(d.f);
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

static int is_hex64(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

struct sign {
    const char *hash, *intent;
    struct agreement_row *a;
};

/* The signing event of the caller as role: who, when, from where, what hash and which statement. */
static void event_of(const struct req *r, const char *role, const struct sign *s,
                     struct agreement_event_row *e)
{
    memset(e, 0, sizeof *e);
    snprintf(e->role, sizeof e->role, "%s", role);
    e->account_id = r->who.id;
    e->signed_at = r->now;
    snprintf(e->ip, sizeof e->ip, "%s", r->ip);
    snprintf(e->user_agent, sizeof e->user_agent, "%s", r->user_agent);
    snprintf(e->text_sha256, sizeof e->text_sha256, "%s", s->hash);
    snprintf(e->intent, sizeof e->intent, "%s", s->intent);
    snprintf(e->request_id, sizeof e->request_id, "%s", r->rid);
}

/* Maps a refused signature to its reply. */
static int sign_fail(struct req *r, enum agreement_sign res, const char *status)
{
    switch (res) {
    case AGREEMENT_SIGN_ILLEGAL:
        return req_state_conflict(r, FSM_AGREEMENT, status);
    case AGREEMENT_SIGN_ALREADY:
        return req_fail(r, ERR_ALREADY_SIGNED, NULL, NULL);
    case AGREEMENT_SIGN_STALE:
        return req_fail(r, ERR_AGREEMENT_TEXT_CHANGED, "text_sha256", NULL);
    case AGREEMENT_SIGN_APP_CLOSED:
        return req_fail(r, ERR_STATE_CONFLICT, NULL, "报名已不在录用状态，不能签署这份协议");
    default:
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    }
}

static int sign_tx(struct req *r, void *p)
{
    struct sign *s = p;
    struct agreement_row *a = s->a;
    long long id = r->ids[0];
    enum st rc = store_agreement_lock(id, a);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    const char *role = party_role(r, a);
    if (!role)
        return req_fail(r, ERR_FORBIDDEN, NULL, "只有协议双方可以签署");
    struct agreement_event_row e;
    event_of(r, role, s, &e);
    int sealed = 0;
    enum agreement_sign res = svc_agreement_sign(a, &e, r->now, &sealed);
    if (res != AGREEMENT_SIGN_OK)
        return sign_fail(r, res, a->status);
    char body[256];
    snprintf(body, sizeof body,
             sealed ? "岗位「%s」的劳务协议双方已签署，协议生效"
                    : "对方已签署岗位「%s」的劳务协议，请阅读后签署",
             a->gig_title);
    long long other = strcmp(role, "employer") == 0 ? a->worker_id : a->employer_id;
    rc = svc_notify_user(other, sealed ? "agreement_signed" : "agreement_signed_by_one",
                         sealed ? "劳务协议已生效" : "对方已签署协议", body, "agreement", id);
    return answer(r, rc, id, 200);
}

int api_agreement_sign(struct req *r)
{
    static const struct field fields[] = {{"text_sha256", F_STR, 1, 64, 64}, {"intent", F_STR, 1, 1, 200}};
    int st = input_check(r, fields, 2);
    if (st)
        return st;
    struct sign s = {input_str(r, "text_sha256"), input_str(r, "intent"), NULL};
    if (!is_hex64(s.hash))
        return req_fail(r, ERR_VALIDATION, "text_sha256", "text_sha256 应为 64 位小写十六进制的协议文本摘要");
    if (strcmp(s.intent, agreement_intent_statement) != 0)
        return req_fail(r, ERR_VALIDATION, "intent", "请确认签署意愿声明（须与协议页面显示的声明一致）");
    if (!seal_enabled())
        return req_fail(r, ERR_AGREEMENT_UNAVAILABLE, NULL, NULL);
    s.a = malloc(sizeof *s.a);
    st = s.a ? handler_tx_idem(r, sign_tx, &s) : req_store_fail(r, ST_ERR);
    free(s.a);
    return st;
}

/* ---------------------------------------------------------------------------------------- voiding */

struct voiding {
    const char *reason;
    struct agreement_row *a;
};

/* The notifications and audit row of a void by the caller (role NULL: a region admin). */
static enum st voided(struct req *r, const struct agreement_row *a, const char *role, const char *reason)
{
    int admin = role == NULL;
    char body[1024]; /* a 40-character title and a 200-character reason fit; notify_user trims */
    snprintf(body, sizeof body, "岗位「%s」的劳务协议已作废：%s", a->gig_title, reason);
    enum st rc = ST_OK;
    if (admin || strcmp(role, "worker") == 0)
        rc = svc_notify_user(a->employer_id, "agreement_voided", "劳务协议已作废", body, "agreement", a->id);
    if (rc == ST_OK && (admin || strcmp(role, "employer") == 0))
        rc = svc_notify_user(a->worker_id, "agreement_voided", "劳务协议已作废", body, "agreement", a->id);
    if (rc == ST_OK && admin) {
        char oid[24];
        snprintf(oid, sizeof oid, "%lld", a->id);
        struct audit_entry ae = {r->now,      "admin", r->who.id, "admin", "agreement.void",
                                 "agreement", oid,     "ok",      r->ip,   r->rid};
        rc = store_audit_append(&ae);
    }
    return rc;
}

static int void_tx(struct req *r, void *p)
{
    struct voiding *v = p;
    struct agreement_row *a = v->a;
    long long id = r->ids[0];
    enum st rc = store_agreement_lock(id, a);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    const char *role = party_role(r, a);
    int admin = !role && region_admin(r, a);
    if (!role && !admin)
        return req_fail(r, ERR_FORBIDDEN, NULL, NULL);
    int from, to;
    enum fsm_role fr = admin                           ? FSM_ROLE_ADMIN
                       : strcmp(role, "employer") == 0 ? FSM_ROLE_EMPLOYER
                                                       : FSM_ROLE_WORKER;
    if (fsm_state_parse(FSM_AGREEMENT, a->status, &from) != 0 ||
        fsm_next(FSM_AGREEMENT, from, FSM_ACT_VOID, fr, &to) != FSM_OK)
        return req_state_conflict(r, FSM_AGREEMENT, a->status);
    rc = store_agreement_set_status(id, a->status, "voided");
    if (rc == ST_OK)
        rc = store_history_add(SQL_AGR_HISTORY_ADD, id, admin ? "admin" : "user", r->who.id, a->status,
                               "voided", v->reason);
    if (rc == ST_OK)
        rc = voided(r, a, role, v->reason);
    return answer(r, rc, id, 200);
}

int api_agreement_void(struct req *r)
{
    static const struct field fields[] = {{"reason", F_STR, 1, 1, 200}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    struct voiding v = {input_str(r, "reason"), malloc(sizeof *v.a)};
    st = v.a ? handler_tx(r, void_tx, &v) : req_store_fail(r, ST_ERR);
    free(v.a);
    return st;
}

/* ---------------------------------------------------------------------------- verify, key, PDF */

int api_agreement_verify(struct req *r)
{
    if (!seal_enabled())
        return req_fail(r, ERR_AGREEMENT_UNAVAILABLE, NULL, NULL);
    char hash[80];
    int q = req_query(r, "hash", hash, sizeof hash);
    if (q < 0 || (q > 0 && !is_hex64(hash)))
        return req_fail(r, ERR_BAD_QUERY, "hash", "hash 应为 64 位小写十六进制的协议文本摘要");
    struct agreement_row *a = malloc(sizeof *a);
    struct agreement_verdict *v = malloc(sizeof *v);
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
    rc = svc_agreement_verify(a, v);
    json_t *reply = rc == ST_OK ? view_agreement_verdict(a, v) : NULL;
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
    svc_agreement_number(a->id, no);
    svc_agreement_verify_url(a, url, sizeof url);
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
    snprintf(status_note, sizeof status_note, "协议状态：%s%s", fsm_label(FSM_AGREEMENT, a->status),
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
    int logged = 0;
    enum st rc = read_parts(a, ev, &n, l, &logged);
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
    svc_agreement_number(a->id, no);
    snprintf(name, sizeof name, "agreement-%s.pdf", no);
    st = req_reply_file(r, 200, (char *)pdf, len, "application/pdf", name);
out:
    free(a);
    free(l);
    return st;
}

/* ------------------------------------------------------------------------------- admin: templates */

static int template_item(void *ctx, const struct agreement_template *t)
{
    return json_array_append_new(ctx, view_agreement_template(t, 0));
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
    json_t *o = rc == ST_OK ? view_agreement_template(t, 1) : NULL;
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

/* A template version to write: code (with next_version, the next version of an existing code) in region. */
struct template_write {
    const char *code, *region, *title, *body, *note;
    int next_version;
};

/* Inside the transaction: the new version, its audit row, and the 201 answer with the template. */
static int template_tx(struct req *r, void *p)
{
    const struct template_write *w = p;
    long long id = 0, version = 0;
    enum st rc = store_agreement_template_insert(w->code, w->next_version, w->region, w->title, w->body,
                                                 w->note, r->who.id, &id, &version);
    if (rc == ST_CONFLICT && !w->next_version)
        return req_fail(r, ERR_ALREADY_EXISTS, "code", "该模板代码已存在，请编辑它以创建新版本");
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", id);
    struct audit_entry e = {r->now,
                            "admin",
                            r->who.id,
                            "admin",
                            w->next_version ? "agreement_template.version" : "agreement_template.create",
                            "agreement_template",
                            oid,
                            "ok",
                            r->ip,
                            r->rid};
    struct agreement_template *t = malloc(sizeof *t);
    rc = t ? store_audit_append(&e) : ST_ERR;
    if (rc == ST_OK)
        rc = store_agreement_template_get(id, t);
    json_t *o = rc == ST_OK ? view_agreement_template(t, 1) : NULL;
    free(t);
    if (!o)
        return req_store_fail(r, rc == ST_OK ? ST_ERR : rc);
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
    struct template_write w = {.code = input_str(r, "code"), .region = input_str(r, "region_code")};
    for (const char *p = w.code; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return req_fail(r, ERR_VALIDATION, "code", "code 只能包含小写字母、数字、下划线和连字符");
    if (w.region && !region_valid(w.region))
        return req_fail(r, ERR_VALIDATION, "region_code", "region_code 应为行政区划代码");
    if (!w.region && r->who.region[0])
        w.region = r->who.region; /* a county admin's template is its county's */
    if (!may_edit(r, w.region ? w.region : ""))
        return req_fail(r, ERR_FORBIDDEN, "region_code", "只能为本地区创建协议模板");
    st = template_input(r, &w.title, &w.body, &w.note);
    return st ? st : handler_tx(r, template_tx, &w);
}

int api_agreement_template_update(struct req *r)
{
    static const struct field fields[] = {{"title", F_STR, 1, 1, AGREEMENT_MAX_TITLE},
                                          {"body", F_STR, 1, 1, AGREEMENT_MAX_BODY},
                                          {"note", F_STR, 0, 0, 200}};
    int st = input_check(r, fields, 3);
    if (st)
        return st;
    struct template_write w = {.next_version = 1};
    st = template_input(r, &w.title, &w.body, &w.note);
    if (st)
        return st;
    struct agreement_template *t = malloc(sizeof *t);
    enum st rc = t ? store_agreement_template_get(r->ids[0], t) : ST_ERR;
    if (rc == ST_OK && t->region_code[0] && !region_contains(r->who.region, t->region_code))
        rc = ST_NOTFOUND;
    if (rc == ST_OK && !may_edit(r, t->region_code))
        st = req_fail(r, ERR_FORBIDDEN, NULL, "全国通用模板只能由省级以上管理员修改");
    else if (rc != ST_OK)
        st = req_store_fail(r, rc);
    /* editing never changes a version in place: agreements keep pointing at the text they were drafted
     * from */
    w.code = t ? t->code : NULL;
    w.region = t ? t->region_code : NULL;
    if (!st)
        st = handler_tx(r, template_tx, &w);
    free(t);
    return st;
}
