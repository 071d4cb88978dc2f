/* The sensitive-word lexicon admin API (/api/v1/admin/sensitive-words): list and search, create, update,
 * delete, CSV import (with a dry-run report) and export, and a tester. Role admin only (the route table);
 * writes additionally need a deployment-wide admin, because one lexicon serves every region. Every write
 * locks wordfilter_version, checks duplicates by normalised word within the category, bumps the version,
 * appends an audit row in the same transaction, and then rebuilds this node's automaton so that the next
 * request sees the change (other nodes follow through their version poll). Each write is one handler_tx
 * and the rebuild runs after its commit; the entry's JSON is the one view's (svc/view_word.c). No SQL, no
 * scanning here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "core/log.h"
#include "domain/csvout.h"
#include "domain/wordfilter.h"
#include "http/handler.h"
#include "http/input.h"
#include "http/req.h"
#include "store/account.h"
#include "store/audit.h"
#include "store/words.h"
#include "svc/moderation.h"
#include "svc/view_word.h"

#define NORM_CAP    (4 * WORDFILTER_MAX_WORD + 1)
#define CSV_COLUMNS "word,category,action,allow,note,enabled"

static const char *const category_hint =
    "类别应为 fraud、deposit_fee、discrimination、porn、gambling、politics、contact_leak、drugs 或 custom";
static const char *const action_hint = "处理方式应为 block、review 或 mask";

static int word_reply(struct req *r, long long id, int status)
{
    struct word_row w;
    enum st rc = store_words_get(id, &w);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *o = view_word(&w);
    return o ? req_reply(r, status, json_pack("{s:o}", "word", o)) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

/* One lexicon serves every region: a county admin may read it but not change it. */
static int writer_check(struct req *r)
{
    if (r->who.region[0])
        return req_fail(r, ERR_FORBIDDEN, NULL, "敏感词库由全平台共用，只有不限区域的管理员可以修改");
    return 0;
}

static enum st audit(struct req *r, const char *action, long long id)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", id);
    struct audit_entry e = {r->now,           "admin",         r->who.id, "admin", action,
                            "sensitive_word", id ? oid : NULL, "ok",      r->ip,   r->rid};
    return store_audit_append(&e);
}

/* The admin's username, recorded as created_by ("" if it cannot be read: the audit row has the id). */
static void creator(struct req *r, char out[65])
{
    char role[12], region[13], display[65];
    if (store_account_admin_get(r->who.id, out, role, region, display) != ST_OK)
        out[0] = '\0';
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copies s without leading and trailing ASCII white space into out (cap bytes). Returns 0, or -1 (out
 * empty) when it does not fit. */
static int trim_copy(const char *s, char *out, size_t cap)
{
    while (blank(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && blank(s[n - 1]))
        n--;
    out[0] = '\0';
    if (n >= cap)
        return -1;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

/* Strips leading and trailing ASCII white space in place; returns the new start. */
static char *trim_inplace(char *s)
{
    while (blank(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* ---- duplicate keys: category + normalised word ---------------------------------------------------- */

struct keyset {
    char **slot;
    long long *id;
    size_t cap, n;
};

static unsigned long long fnv(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void keyset_free(struct keyset *k)
{
    for (size_t i = 0; i < k->cap; i++)
        free(k->slot[i]);
    free(k->slot);
    free(k->id);
    memset(k, 0, sizeof *k);
}

static size_t keyset_find(const struct keyset *k, const char *key)
{
    size_t i = (size_t)fnv(key) & (k->cap - 1);
    while (k->slot[i] && strcmp(k->slot[i], key) != 0)
        i = (i + 1) & (k->cap - 1);
    return i;
}

/* Adds key with id; 1 added, 0 already there (*dup gets its id), -1 out of memory. */
static int keyset_add(struct keyset *k, const char *key, long long id, long long *dup)
{
    if ((k->n + 1) * 2 > k->cap) {
        struct keyset g = {0};
        g.cap = k->cap ? k->cap * 2 : 1024;
        g.slot = calloc(g.cap, sizeof *g.slot);
        g.id = calloc(g.cap, sizeof *g.id);
        if (!g.slot || !g.id) {
            keyset_free(&g);
            return -1;
        }
        for (size_t i = 0; i < k->cap; i++) {
            if (!k->slot[i])
                continue;
            size_t j = keyset_find(&g, k->slot[i]);
            g.slot[j] = k->slot[i];
            g.id[j] = k->id[i];
            k->slot[i] = NULL;
        }
        g.n = k->n;
        keyset_free(k);
        *k = g;
    }
    size_t i = keyset_find(k, key);
    if (k->slot[i]) {
        if (dup)
            *dup = k->id[i];
        return 0;
    }
    k->slot[i] = strdup(key);
    if (!k->slot[i])
        return -1;
    k->id[i] = id;
    k->n++;
    return 1;
}

/* "category\x1f" + normalised word into out; -1 when the word does not normalise. */
static int dup_key(const char *word, const char *category, char out[NORM_CAP + 20])
{
    size_t cl = strlen(category);
    if (cl > 16)
        return -1;
    memcpy(out, category, cl);
    out[cl] = '\x1f';
    return wordfilter_normalize(word, strlen(word), out + cl + 1, NORM_CAP) < 0 ? -1 : 0;
}

struct load_keys {
    struct keyset *ks;
    long long except; /* id left out (the entry being updated) */
    int oom;
};

static int load_key(void *ctx, const struct word_row *w)
{
    struct load_keys *l = ctx;
    char key[NORM_CAP + 20];
    if (w->id == l->except || dup_key(w->word, w->category, key) != 0)
        return 0; /* an entry that does not normalise matches nothing, so it duplicates nothing */
    if (keyset_add(l->ks, key, w->id, NULL) < 0) {
        l->oom = 1;
        return -1;
    }
    return 0;
}

/* Every (category, normalised word) of the lexicon but entry except. Call under the version lock. */
static enum st load_keys(struct keyset *ks, long long except)
{
    struct load_keys l = {ks, except, 0};
    enum st rc = store_words_all(load_key, &l);
    return l.oom ? ST_ERR : rc;
}

/* ---- one entry ---------------------------------------------------------------------------------------- */

/* Validates a word, category, action triple; the trimmed word goes to word (257). Returns 0 or sets the
 * error reply and returns its status. reason gets a short zh-CN reason when r is NULL (import lines). */
static int check_entry(struct req *r, const char *word_in, const char *category, const char *action,
                       char word[257], const char **reason)
{
    enum wordfilter_category c;
    enum wordfilter_action a;
    char norm[NORM_CAP];
    const char *why = NULL, *field = NULL;
    /* 257 bytes hold any 64 code points: a word that does not fit is too long */
    if (trim_copy(word_in, word, 257) != 0 || input_utf8_len(word) > 64)
        why = "词语最多 64 个字", field = "word";
    else if (wordfilter_normalize(word, strlen(word), norm, sizeof norm) < 0)
        why = "词语为空或只含空格、符号", field = "word";
    else if (wordfilter_category_parse(category, &c) != 0)
        why = category_hint, field = "category";
    else if (wordfilter_action_parse(action, &a) != 0)
        why = action_hint, field = "action";
    if (!why)
        return 0;
    if (reason)
        *reason = why;
    return r ? req_fail(r, ERR_VALIDATION, field, why) : 400;
}

static int duplicate_reply(struct req *r, long long dup)
{
    char msg[256], id[40] = "";
    if (dup > 0)
        snprintf(id, sizeof id, "（编号 %lld）", dup);
    snprintf(msg, sizeof msg, "同一类别中已有相同的词%s，写法上的全半角、大小写、繁简和符号差别不算不同", id);
    return req_fail(r, ERR_ALREADY_EXISTS, "word", msg);
}

/* The end of every lexicon write, inside its transaction: the version bump (which other nodes poll for) and
 * the audit row. */
static enum st write_done(struct req *r, const char *action, long long id)
{
    enum st rc = store_words_version_bump();
    return rc == ST_OK ? audit(r, action, id) : rc;
}

/* After a lexicon write committed (st 2xx): this node rebuilds its automaton now, so that its next request
 * sees the change. Returns st. */
static int rebuilt(struct req *r, int st)
{
    if (st >= 200 && st < 300 && svc_moderation_reload() != 0) /* the poll thread retries within a second */
        log_warn("lexicon changed but this node could not rebuild yet", "\"rid\":\"%s\"", r->rid);
    return st;
}

/* Under the version lock: 0 when (word, category) is new apart from entry except, else the 409 reply. */
static int check_duplicate(struct req *r, const char *word, const char *category, long long except)
{
    struct keyset ks = {0};
    char key[NORM_CAP + 20];
    long long dup = 0;
    int st = 0;
    enum st rc = load_keys(&ks, except);
    if (rc != ST_OK) {
        st = req_store_fail(r, rc);
    } else if (dup_key(word, category, key) != 0) {
        st = req_fail(r, ERR_VALIDATION, "word", "词语为空或只含空格、符号");
    } else {
        int added = keyset_add(&ks, key, 0, &dup);
        if (added < 0)
            st = req_fail(r, ERR_INTERNAL, NULL, NULL);
        else if (added == 0)
            st = duplicate_reply(r, dup);
    }
    keyset_free(&ks);
    return st;
}

/* A create or update: the entry to write (word points into the buffer beside it) and the id written. */
struct word_put {
    struct word_write w;
    char word[257];
    long long id;
};

static int create_tx(struct req *r, void *ctx)
{
    struct word_put *c = ctx;
    long long version;
    enum st rc = store_words_version_lock(&version);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    int st = check_duplicate(r, c->w.word, c->w.category, 0);
    if (st)
        return st;
    rc = store_words_insert(&c->w, &c->id);
    if (rc != ST_OK)
        return rc == ST_CONFLICT ? duplicate_reply(r, 0) : req_store_fail(r, rc);
    rc = write_done(r, "sensitive_word.create", c->id);
    return rc == ST_OK ? word_reply(r, c->id, 201) : req_store_fail(r, rc);
}

int api_words_create(struct req *r)
{
    static const struct field fields[] = {
        {"word", F_STR, 1, 1, 64},  {"category", F_STR, 1, 1, 16}, {"action", F_STR, 1, 1, 8},
        {"allow", F_BOOL, 0, 0, 0}, {"enabled", F_BOOL, 0, 0, 0},  {"note", F_STR, 0, 0, 200},
    };
    int st = writer_check(r);
    if (!st)
        st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (st)
        return st;
    struct word_put c = {.id = 0};
    char by[65];
    st = check_entry(r, input_str(r, "word"), input_str(r, "category"), input_str(r, "action"), c.word, NULL);
    if (st)
        return st;
    creator(r, by);
    c.w = (struct word_write){c.word,
                              input_str(r, "category"),
                              input_str(r, "action"),
                              input_bool(r, "allow", 0),
                              input_bool(r, "enabled", 1),
                              input_str(r, "note"),
                              by};
    return rebuilt(r, handler_tx(r, create_tx, &c));
}

/* The update: the stored entry locked, the body's fields over it, checked again as a whole. */
static int update_tx(struct req *r, void *ctx)
{
    struct word_put *c = ctx;
    struct word_row cur;
    long long version;
    enum st rc = store_words_version_lock(&version);
    if (rc == ST_OK)
        rc = store_words_lock(c->id, &cur);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    const char *word_in = input_str(r, "word") ? input_str(r, "word") : cur.word;
    const char *note = json_object_get(r->body, "note") ? input_str(r, "note") : cur.note;
    c->w = (struct word_write){NULL,
                               input_str(r, "category") ? input_str(r, "category") : cur.category,
                               input_str(r, "action") ? input_str(r, "action") : cur.action,
                               input_bool(r, "allow", cur.allow != 0),
                               input_bool(r, "enabled", cur.enabled != 0),
                               note,
                               NULL};
    int st = check_entry(r, word_in, c->w.category, c->w.action, c->word, NULL);
    if (!st)
        st = check_duplicate(r, c->word, c->w.category, c->id);
    if (st)
        return st;
    c->w.word = c->word;
    rc = store_words_update(c->id, &c->w);
    if (rc != ST_OK)
        return rc == ST_CONFLICT ? duplicate_reply(r, 0) : req_store_fail(r, rc);
    rc = write_done(r, "sensitive_word.update", c->id);
    return rc == ST_OK ? word_reply(r, c->id, 200) : req_store_fail(r, rc);
}

int api_words_update(struct req *r)
{
    static const struct field fields[] = {
        {"word", F_STR, 0, 1, 64},  {"category", F_STR, 0, 1, 16}, {"action", F_STR, 0, 1, 8},
        {"allow", F_BOOL, 0, 0, 0}, {"enabled", F_BOOL, 0, 0, 0},  {"note", F_STR, 0, 0, 200},
    };
    int st = writer_check(r);
    if (!st)
        st = input_check(r, fields, sizeof fields / sizeof fields[0]);
    if (st)
        return st;
    if (!r->body || json_object_size(r->body) == 0)
        return req_fail(r, ERR_MISSING_FIELD, NULL,
                        "请至少修改一项：word、category、action、allow、enabled 或 note");
    struct word_put c = {.id = r->ids[0]};
    return rebuilt(r, handler_tx(r, update_tx, &c));
}

static int delete_tx(struct req *r, void *ctx)
{
    long long id = *(const long long *)ctx, version;
    enum st rc = store_words_version_lock(&version);
    if (rc == ST_OK)
        rc = store_words_delete(id);
    if (rc == ST_OK)
        rc = write_done(r, "sensitive_word.delete", id);
    return rc == ST_OK ? 204 : req_store_fail(r, rc);
}

int api_words_delete(struct req *r)
{
    long long id = r->ids[0];
    int st = writer_check(r);
    if (st)
        return st;
    return rebuilt(r, handler_tx(r, delete_tx, &id));
}

/* ---- list ----------------------------------------------------------------------------------------- */

/* s as a LIKE pattern matching it anywhere, with \ % _ escaped (MariaDB's default escape is \). */
static void like_any(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    out[o++] = '%';
    for (; *s && o + 3 < cap; s++) {
        if (*s == '\\' || *s == '%' || *s == '_')
            out[o++] = '\\';
        out[o++] = *s;
    }
    out[o++] = '%';
    out[o] = '\0';
}

static int list_item(void *ctx, const struct word_row *w)
{
    json_t *o = view_word(w);
    return o ? json_array_append_new(ctx, o) : -1;
}

int api_words_list(struct req *r)
{
    long long page, size, total = 0;
    int st = req_page(r, &page, &size);
    if (st)
        return st;
    char q[257], like[520], category[24], action[16];
    int got = req_query(r, "q", q, sizeof q);
    if (got < 0 || (got > 0 && input_utf8_len(q) > 64))
        return req_fail(r, ERR_BAD_QUERY, "q", "关键词最多 64 个字");
    like_any(got > 0 ? q : "", like, sizeof like);
    enum wordfilter_category c;
    got = req_query(r, "category", category, sizeof category);
    if (got < 0 || (got > 0 && wordfilter_category_parse(category, &c) != 0))
        return req_fail(r, ERR_BAD_QUERY, "category", category_hint);
    if (got == 0)
        strcpy(category, "%");
    enum wordfilter_action a;
    got = req_query(r, "action", action, sizeof action);
    if (got < 0 || (got > 0 && wordfilter_action_parse(action, &a) != 0))
        return req_fail(r, ERR_BAD_QUERY, "action", action_hint);
    if (got == 0)
        strcpy(action, "%");
    json_t *items = json_array();
    enum st rc = store_words_list(like, category, action, size, (page - 1) * size, list_item, items, &total);
    if (rc != ST_OK) {
        json_decref(items);
        return req_store_fail(r, rc);
    }
    json_t *reply = req_list_reply(items, page, size, total);
    if (reply)
        json_object_set_new(reply, "version", json_integer((json_int_t)svc_moderation_version()));
    return req_reply(r, 200, reply);
}

/* ---- CSV ------------------------------------------------------------------------------------------ */

#define CSV_MAX_FIELDS 8

enum csv_status { CSV_END = 0, CSV_RECORD = 1, CSV_UNTERMINATED = -1, CSV_JUNK = -2 };

/* Reads one RFC 4180 record from *pp (in place: fields are unquoted into the buffer and NUL-terminated).
 * *line counts physical lines; *first gets the line the record starts on. Up to CSV_MAX_FIELDS fields
 * are stored, *nf gets the real count. */
static enum csv_status csv_record(char **pp, char *end, long *line, long *first, char **f, int *nf)
{
    char *p = *pp;
    int n = 0;
    if (p >= end)
        return CSV_END;
    *first = *line;
    for (;;) {
        char *start = p, *out;
        if (*p == '"') {
            out = p++;
            for (;;) {
                if (p >= end)
                    return CSV_UNTERMINATED;
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        *out++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (*p == '\n')
                    (*line)++;
                *out++ = *p++;
            }
            if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
                /* skip the rest of the record so that the next one starts clean */
                while (p < end && *p != '\n')
                    p++;
                if (p < end)
                    p++, (*line)++;
                *pp = p;
                return CSV_JUNK;
            }
        } else {
            while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                p++;
            out = p;
        }
        char delim = p < end ? *p : '\0';
        *out = '\0'; /* out <= p: the delimiter was read first */
        if (n < CSV_MAX_FIELDS)
            f[n] = start;
        n++;
        if (delim == ',') {
            p++;
            continue;
        }
        if (delim == '\r')
            p++;
        if (delim == '\r' && p < end && *p == '\n')
            p++;
        else if (delim == '\n')
            p++;
        if (delim)
            (*line)++;
        break;
    }
    *nf = n;
    *pp = p;
    return CSV_RECORD;
}

/* Export writes a leading ' before = + - @ so that spreadsheets do not run a cell as a formula; import
 * removes it again. */
static const char *unformula(const char *s)
{
    return s[0] == '\'' && s[1] && strchr("=+-@", s[1]) ? s + 1 : s;
}

static int parse_flag(const char *s, int dflt, int *out)
{
    if (!*s)
        *out = dflt;
    else if (!strcmp(s, "1") || !strcasecmp(s, "true"))
        *out = 1;
    else if (!strcmp(s, "0") || !strcasecmp(s, "false"))
        *out = 0;
    else
        return -1;
    return 0;
}

struct import_row {
    long line;
    char word[257];
    const char *category, *action, *note;
    int allow, enabled;
};

struct import {
    struct keyset ks;
    struct import_row *rows;
    size_t n, cap;
    json_t *duplicates, *invalid;
};

static int add_invalid(struct import *im, long line, const char *reason)
{
    return json_array_append_new(im->invalid,
                                 json_pack("{s:I, s:s}", "line", (json_int_t)line, "reason", reason));
}

/* One CSV record (fields f[0..nf)). Returns 0, or -1 when out of memory. */
static int import_record(struct import *im, long line, char **f, int nf)
{
    if (nf < 3 || nf > 6)
        return add_invalid(im, line, "列数不对，应为 " CSV_COLUMNS "（后三列可省略）");
    for (int i = 1; i < nf; i++)
        if (i != 4) /* the note keeps its spaces */
            f[i] = trim_inplace(f[i]);
    struct import_row row = {.line = line, .category = f[1], .action = f[2], .note = nf > 4 ? f[4] : NULL};
    const char *why = NULL;
    if (check_entry(NULL, unformula(f[0]), f[1], f[2], row.word, &why) != 0)
        return add_invalid(im, line, why);
    if (parse_flag(nf > 3 ? f[3] : "", 0, &row.allow) != 0)
        return add_invalid(im, line, "allow 应为 0、1、true 或 false");
    if (parse_flag(nf > 5 ? f[5] : "", 1, &row.enabled) != 0)
        return add_invalid(im, line, "enabled 应为 0、1、true 或 false");
    if (row.note) {
        row.note = unformula(row.note);
        if (input_utf8_len(row.note) > 200)
            return add_invalid(im, line, "备注最多 200 个字");
    }
    char key[NORM_CAP + 20];
    if (dup_key(row.word, row.category, key) != 0)
        return add_invalid(im, line, "词语为空或只含空格、符号");
    long long dup = 0;
    int added = keyset_add(&im->ks, key, -line, &dup);
    if (added < 0)
        return -1;
    if (added == 0)
        return json_array_append_new(im->duplicates,
                                     json_pack("{s:I, s:s}", "line", (json_int_t)line, "word", row.word));
    if (im->n == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 256;
        struct import_row *p = realloc(im->rows, cap * sizeof *p);
        if (!p)
            return -1;
        im->rows = p;
        im->cap = cap;
    }
    im->rows[im->n++] = row;
    return 0;
}

/* Parses the whole CSV (buf is modified in place) into im. Returns 0 or -1 when out of memory. */
static int import_parse(struct import *im, char *buf, size_t len)
{
    char *p = buf, *end = buf + len, *f[CSV_MAX_FIELDS];
    long line = 1, first = 1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (int records = 0;; records++) {
        int nf = 0;
        enum csv_status cs = csv_record(&p, end, &line, &first, f, &nf);
        if (cs == CSV_END)
            return 0;
        if (cs == CSV_UNTERMINATED)
            return add_invalid(im, first, "引号没有闭合（此行及以后的内容未导入）");
        if (cs == CSV_JUNK) {
            if (add_invalid(im, first, "引号外有多余的字符") != 0)
                return -1;
            continue;
        }
        if (nf == 1 && f[0][0] == '\0')
            continue; /* blank line */
        if (records == 0 && nf >= 3 && !strcasecmp(f[0], "word") && !strcasecmp(f[1], "category"))
            continue; /* header */
        if (import_record(im, first, f, nf) != 0)
            return -1;
    }
}

/* One import: the CSV text, the copy it is parsed in place from, and what the parse found. */
struct import_run {
    const char *csv;
    size_t len;
    int dry;
    char by[65]; /* created_by of the new entries */
    char *buf;   /* len + 1 bytes */
    struct import im;
};

/* 400 naming the first invalid line and how many there are: a real import writes all or nothing. */
static int import_invalid(struct req *r, const struct import *im)
{
    json_t *first = json_array_get(im->invalid, 0);
    char msg[512];
    snprintf(msg, sizeof msg, "第 %lld 行：%s（共 %zu 行有误，未导入任何内容；可先用 dry_run 查看全部问题）",
             (long long)json_integer_value(json_object_get(first, "line")),
             json_string_value(json_object_get(first, "reason")), json_array_size(im->invalid));
    return req_fail(r, ERR_VALIDATION, "csv", msg);
}

/* Parses the CSV against the lexicon and, unless it is a dry run, adds its new entries; sets the report
 * {dry_run, added, duplicates, invalid}. A real import is the transaction body (handler_tx), under the
 * version lock so that the duplicate check sees every earlier write; a dry run is called without one. A
 * retried attempt starts again from the text. */
static int import_tx(struct req *r, void *ctx)
{
    struct import_run *c = ctx;
    struct import *im = &c->im;
    long long version, id;
    keyset_free(&im->ks);
    im->n = 0;
    json_array_clear(im->duplicates);
    json_array_clear(im->invalid);
    memcpy(c->buf, c->csv, c->len + 1);
    enum st rc = c->dry ? ST_OK : store_words_version_lock(&version);
    if (rc == ST_OK)
        rc = load_keys(&im->ks, 0);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    if (import_parse(im, c->buf, c->len) != 0)
        return req_fail(r, ERR_INTERNAL, NULL, NULL);
    if (!c->dry && json_array_size(im->invalid) > 0)
        return import_invalid(r, im);
    for (size_t i = 0; !c->dry && rc == ST_OK && i < im->n; i++) {
        const struct import_row *row = &im->rows[i];
        struct word_write w = {row->word,    row->category, row->action, row->allow,
                               row->enabled, row->note,     c->by};
        rc = store_words_insert(&w, &id);
    }
    if (rc == ST_OK && !c->dry && im->n > 0)
        rc = write_done(r, "sensitive_word.import", 0);
    if (rc != ST_OK)
        return req_store_fail(r, rc);
    json_t *reply = json_pack("{s:b, s:I, s:O, s:O}", "dry_run", c->dry, "added", (json_int_t)im->n,
                              "duplicates", im->duplicates, "invalid", im->invalid);
    return reply ? req_reply(r, 200, reply) : req_fail(r, ERR_INTERNAL, NULL, NULL);
}

int api_words_import(struct req *r)
{
    static const struct field fields[] = {{"csv", F_STR, 1, 1, 65536}, {"dry_run", F_BOOL, 0, 0, 0}};
    int st = writer_check(r);
    if (!st)
        st = input_check(r, fields, 2);
    if (st)
        return st;
    struct import_run c = {.csv = input_str(r, "csv"), .dry = input_bool(r, "dry_run", 0), .by = ""};
    c.len = strlen(c.csv);
    c.buf = malloc(c.len + 1);
    c.im.duplicates = json_array();
    c.im.invalid = json_array();
    if (!c.buf || !c.im.duplicates || !c.im.invalid) {
        st = req_fail(r, ERR_INTERNAL, NULL, NULL);
    } else if (c.dry) {
        st = import_tx(r, &c);
    } else {
        creator(r, c.by);
        st = handler_tx(r, import_tx, &c);
        if (c.im.n > 0)
            rebuilt(r, st);
    }
    keyset_free(&c.im.ks);
    free(c.im.rows);
    free(c.buf);
    json_decref(c.im.duplicates);
    json_decref(c.im.invalid);
    return st;
}

static int export_row(void *ctx, const struct word_row *w)
{
    struct strbuf *b = ctx;
    csvout_field(b, w->word, 0);
    csvout_field(b, w->category, 0);
    csvout_field(b, w->action, 0);
    csvout_field(b, w->allow ? "1" : "0", 0);
    csvout_field(b, w->note, 0);
    csvout_field(b, w->enabled ? "1" : "0", 1);
    return b->oom ? -1 : 0;
}

int api_words_export(struct req *r)
{
    struct strbuf b = {0};
    strbuf_add(&b, CSVOUT_BOM CSV_COLUMNS "\r\n", 3 + strlen(CSV_COLUMNS) + 2);
    enum st rc = store_words_all(export_row, &b);
    if (rc != ST_OK || b.oom) {
        free(b.p);
        return b.oom ? req_fail(r, ERR_INTERNAL, NULL, NULL) : req_store_fail(r, rc);
    }
    r->raw = b.p;
    r->raw_len = b.n;
    r->raw_type = "text/csv; charset=utf-8";
    return 200;
}

int api_words_test(struct req *r)
{
    static const struct field fields[] = {{"text", F_STR, 1, 1, 2000}};
    int st = input_check(r, fields, 1);
    if (st)
        return st;
    json_t *result;
    int rc = svc_moderation_test(input_str(r, "text"), &result);
    if (rc == -2)
        return req_fail(r, ERR_VALIDATION, "text", "文本不是有效的 UTF-8");
    if (rc != 0) {
        r->retry_after = 5;
        return req_fail(r, ERR_DB_UNAVAILABLE, NULL, NULL);
    }
    json_object_set_new(result, "version", json_integer((json_int_t)svc_moderation_version()));
    return req_reply(r, 200, result);
}
