/* The moderation service. The automaton lives in a wordfilter_slot: a request takes a reference for the
 * length of one scan and never waits for a rebuild, which happens on the side (under reload_mu, which
 * only reloads take) and ends with one pointer swap. Hits name lexicon entries by their index in the
 * build input, so the entry words travel in a `names` block published next to the automaton; a reader
 * that catches the two mid-swap (names of one build, automaton of another) simply takes both again.
 * Must not write anything but moderation_hits rows, and must not hold a database transaction open while
 * building. */
#include "svc/moderation.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "domain/timeutil.h"
#include "svc/ticker.h"
#include "core/log.h"
#include "domain/wordfilter.h"
#include "store/words.h"

/* hits kept per field for reviewers (review and block hits first when there are more) */
#define MAX_FIELD_HITS 32
#define MAX_TEST_HITS  200

/* The entry words of one build, in build-input order; holds a reference to that build's automaton so that
 * pointer equality identifies the pair. */
struct names {
    atomic_size_t refs;
    struct wordfilter *wf;
    char **word;
    size_t n;
};

static struct wordfilter_slot slot = {PTHREAD_MUTEX_INITIALIZER, NULL};
static pthread_mutex_t names_mu = PTHREAD_MUTEX_INITIALIZER;
static struct names *names_cur;
static pthread_mutex_t reload_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_llong loaded_version = -1;

/* zh-CN category names for content_rejected messages, indexed by enum wordfilter_category. */
static const char *const category_zh[WORDFILTER_CAT_COUNT] = {
    [WORDFILTER_CAT_FRAUD] = "欺诈",
    [WORDFILTER_CAT_DEPOSIT_FEE] = "押金/收费",
    [WORDFILTER_CAT_DISCRIMINATION] = "歧视",
    [WORDFILTER_CAT_PORN] = "色情",
    [WORDFILTER_CAT_GAMBLING] = "赌博",
    [WORDFILTER_CAT_POLITICS] = "政治",
    [WORDFILTER_CAT_CONTACT_LEAK] = "联系方式",
    [WORDFILTER_CAT_CUSTOM] = "自定义",
    [WORDFILTER_CAT_DRUGS] = "毒品",
};

static const char *const verdict_names[] = {"pass", "mask", "review", "block"};

/* ---- names ---------------------------------------------------------------------------------------- */

static void names_free_words(char **word, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(word[i]);
    free(word);
}

static void names_unref(struct names *nm)
{
    if (!nm || atomic_fetch_sub(&nm->refs, 1) != 1)
        return;
    wordfilter_unref(nm->wf);
    names_free_words(nm->word, nm->n);
    free(nm);
}

static struct names *names_get(void)
{
    pthread_mutex_lock(&names_mu);
    struct names *nm = names_cur;
    if (nm)
        atomic_fetch_add(&nm->refs, 1);
    pthread_mutex_unlock(&names_mu);
    return nm;
}

/* Takes ownership of nm. */
static void names_set(struct names *nm)
{
    pthread_mutex_lock(&names_mu);
    struct names *old = names_cur;
    names_cur = nm;
    pthread_mutex_unlock(&names_mu);
    names_unref(old);
}

/* ---- loading -------------------------------------------------------------------------------------- */

struct load {
    struct wordfilter_entry *ents;
    char **word;
    size_t n, cap;
    size_t unknown; /* rows whose category or action this build does not know */
};

static int collect(void *ctx, const char *word, const char *category, const char *action, int allow)
{
    struct load *l = ctx;
    enum wordfilter_category c;
    enum wordfilter_action a;
    if (wordfilter_category_parse(category, &c) != 0 || wordfilter_action_parse(action, &a) != 0) {
        l->unknown++;
        return 0;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        struct wordfilter_entry *e = realloc(l->ents, cap * sizeof *e);
        if (!e)
            return -1;
        l->ents = e;
        char **w = realloc(l->word, cap * sizeof *w);
        if (!w)
            return -1;
        l->word = w;
        l->cap = cap;
    }
    char *copy = strdup(word);
    if (!copy)
        return -1;
    l->word[l->n] = copy;
    l->ents[l->n] = (struct wordfilter_entry){copy, c, a, allow};
    l->n++;
    return 0;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

struct lexicon_read {
    struct load *l;
    long long version;
};

/* The transaction body of a reload: the version and the enabled rows in one snapshot. A retried attempt
 * starts from an empty load. */
static enum st read_lexicon(void *p)
{
    struct lexicon_read *lr = p;
    struct load *l = lr->l;
    if (l->word)
        names_free_words(l->word, l->n);
    free(l->ents);
    memset(l, 0, sizeof *l);
    lr->version = 0;
    enum st rc = store_words_version(&lr->version);
    return rc == ST_OK ? store_words_enabled(collect, l) : rc;
}

int svc_moderation_reload(void)
{
    int ret = -1;
    struct load l = {0};
    struct names *nm = NULL;
    struct timespec t0;
    if (db_in_tx()) {
        log_error("svc_moderation_reload called inside a transaction", NULL);
        return -1;
    }
    pthread_mutex_lock(&reload_mu);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* one snapshot for the version and the rows, so the version names exactly what was built */
    struct lexicon_read lr = {&l, 0};
    enum st rc = db_tx(read_lexicon, &lr);
    long long version = lr.version;
    if (rc != ST_OK) {
        log_warn("cannot load the sensitive-word lexicon", "\"st\":%d", (int)rc);
        goto out;
    }
    long long have = atomic_load(&loaded_version);
    if (version <= have) { /* another thread got here first with the same or a newer lexicon */
        ret = 0;
        goto out;
    }
    char err[160] = "";
    struct wordfilter_opts opts = {
        .max_gap = 4, .contact = 1, .contact_action = WORDFILTER_ACT_REVIEW, .skip_invalid = 1};
    struct wordfilter *wf = wordfilter_build(l.ents, l.n, &opts, err, sizeof err);
    if (!wf) {
        char esc[320];
        log_error("cannot build the sensitive-word automaton", "\"version\":%lld,\"error\":\"%s\"", version,
                  log_escape(err, esc, sizeof esc));
        goto out;
    }
    nm = calloc(1, sizeof *nm);
    if (!nm) {
        wordfilter_unref(wf);
        goto out;
    }
    atomic_init(&nm->refs, 1);
    nm->wf = wordfilter_ref(wf);
    nm->word = l.word;
    nm->n = l.n;
    l.word = NULL;
    struct wordfilter_stats stats;
    wordfilter_get_stats(wf, &stats);
    names_set(nm);
    wordfilter_slot_set(&slot, wf);
    atomic_store(&loaded_version, version);
    log_info("sensitive-word automaton loaded",
             "\"version\":%lld,\"entries\":%zu,\"skipped\":%zu,\"unknown\":%zu,\"memory\":%zu,\"ms\":%.1f",
             version, l.n, stats.skipped, l.unknown, stats.memory, ms_since(&t0));
    ret = 0;
out:
    pthread_mutex_unlock(&reload_mu);
    if (l.word)
        names_free_words(l.word, l.n);
    free(l.ents);
    return ret;
}

long long svc_moderation_version(void)
{
    return atomic_load(&loaded_version);
}

/* ---- scanning ------------------------------------------------------------------------------------- */

struct scan {
    struct wordfilter *wf;
    struct names *nm;
    struct wordfilter_hit buf[64];
    struct wordfilter_hit *hits; /* buf, or a heap array for texts with many hits */
    size_t n;
};

/* Takes a matching automaton + names pair. 0, or -1 when none is loaded (after one attempt to load it
 * here when the caller is not inside a transaction). */
static int scan_acquire(struct scan *s)
{
    memset(s, 0, sizeof *s);
    s->hits = s->buf;
    for (int tries = 0; tries < 1000; tries++) {
        s->wf = wordfilter_slot_get(&slot);
        s->nm = names_get();
        if (s->wf && s->nm && s->nm->wf == s->wf)
            return 0;
        int none = !s->wf;
        wordfilter_unref(s->wf);
        names_unref(s->nm);
        s->wf = NULL;
        s->nm = NULL;
        if (none) {
            /* not loaded yet (start-up, or the database was down then): try once on this thread */
            if (tries > 0 || db_in_tx() || svc_moderation_reload() != 0 || atomic_load(&loaded_version) < 0)
                return -1;
            continue;
        }
        sched_yield(); /* caught between the two swaps of a reload */
    }
    return -1;
}

static void scan_release(struct scan *s)
{
    if (s->hits != s->buf)
        free(s->hits);
    wordfilter_unref(s->wf);
    names_unref(s->nm);
    s->wf = NULL;
    s->nm = NULL;
}

/* Scans text; every hit is kept (a mask must star them all). Returns a WORDFILTER_* status (never ETRUNC). */
static int scan_run(struct scan *s, const char *text, size_t len, unsigned flags)
{
    size_t total = 0;
    int rc = wordfilter_scan_ex(s->wf, text, len, flags, s->buf, sizeof s->buf / sizeof s->buf[0], &total);
    s->n = total;
    if (rc != WORDFILTER_ETRUNC)
        return rc;
    struct wordfilter_hit *h = malloc(total * sizeof *h);
    if (!h)
        return WORDFILTER_ENOMEM;
    rc = wordfilter_scan_ex(s->wf, text, len, flags, h, total, &s->n);
    s->hits = h;
    return rc == WORDFILTER_ETRUNC ? WORDFILTER_ENOMEM : rc;
}

/* Code points in text[0..off). */
static size_t cp_offset(const char *text, size_t off)
{
    size_t n = 0;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static const char *hit_word(const struct scan *s, const struct wordfilter_hit *h)
{
    if (h->entry == WORDFILTER_BUILTIN)
        return h->label ? h->label : "contact";
    return h->entry < s->nm->n ? s->nm->word[h->entry] : "?";
}

/* [{word, category, action, start, end[, allow]}] in text order (allow hits only with_allow). When there
 * are more than max, the review and block hits are kept first, so a reviewer always sees the reason. */
static json_t *hits_json(const struct scan *s, const char *text, size_t max, int with_allow)
{
    size_t severe = 0, listed = 0;
    for (size_t i = 0; i < s->n; i++) {
        listed += !s->hits[i].allow || with_allow;
        severe += !s->hits[i].allow && s->hits[i].action >= WORDFILTER_ACT_REVIEW;
    }
    size_t others = listed <= max ? listed : severe >= max ? 0 : max - severe; /* room for the rest */
    json_t *a = json_array();
    for (size_t i = 0; a && i < s->n && json_array_size(a) < max; i++) {
        const struct wordfilter_hit *h = &s->hits[i];
        if (h->allow && !with_allow)
            continue;
        if (h->allow || h->action < WORDFILTER_ACT_REVIEW) {
            if (others == 0)
                continue;
            others--;
        }
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:I, s:I}", "word", hit_word(s, h), "category",
            wordfilter_category_name(h->category), "action", wordfilter_action_name(h->action), "start",
            (json_int_t)cp_offset(text, h->start), "end", (json_int_t)cp_offset(text, h->end));
        if (o && with_allow)
            json_object_set_new(o, "allow", json_boolean(h->allow));
        if (!o || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static enum moderation_verdict verdict_of_hit(const struct wordfilter_hit *worst)
{
    if (!worst)
        return MODERATION_PASS;
    switch (worst->action) {
    case WORDFILTER_ACT_BLOCK:
        return MODERATION_BLOCK;
    case WORDFILTER_ACT_REVIEW:
        return MODERATION_REVIEW;
    default:
        return MODERATION_MASK;
    }
}

static int has_mask(const struct scan *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->hits[i].allow && s->hits[i].action == WORDFILTER_ACT_MASK)
            return 1;
    return 0;
}

/* text with the mask-action spans starred, as a new JSON string; NULL if out of memory. */
static json_t *masked_json(const struct scan *s, const char *text, size_t len)
{
    char *buf = malloc(len + 1);
    size_t outlen = 0;
    json_t *v = NULL;
    if (buf && wordfilter_mask(text, len, s->hits, s->n, WORDFILTER_ACTION_BIT(WORDFILTER_ACT_MASK), buf,
                               len + 1, &outlen) == 0)
        v = json_stringn(buf, outlen);
    free(buf);
    return v;
}

int svc_moderation_check(const char *text, struct moderation_result *res)
{
    memset(res, 0, sizeof *res);
    if (!text || !*text)
        return 0;
    struct scan s;
    if (scan_acquire(&s) != 0)
        return MODERATION_EUNAVAILABLE;
    int ret = 0;
    size_t len = strlen(text);
    int rc = scan_run(&s, text, len, 0);
    if (rc != WORDFILTER_OK) {
        ret = rc == WORDFILTER_EUTF8 ? MODERATION_EUTF8 : MODERATION_ENOMEM;
        goto out;
    }
    const struct wordfilter_hit *worst = wordfilter_worst(s.hits, s.n);
    res->verdict = verdict_of_hit(worst);
    if (res->verdict == MODERATION_BLOCK) {
        unsigned c = (unsigned)worst->category;
        snprintf(res->message, sizeof res->message, "内容包含违规信息（%s），请修改后再提交",
                 c < WORDFILTER_CAT_COUNT && category_zh[c] ? category_zh[c] : "其他");
        ret = MODERATION_EBLOCKED;
        goto out;
    }
    if (res->verdict == MODERATION_PASS)
        goto out;
    res->hits = hits_json(&s, text, MAX_FIELD_HITS, 0);
    if (res->hits && has_mask(&s))
        res->masked = masked_json(&s, text, len);
    if (!res->hits || (has_mask(&s) && !res->masked)) {
        json_decref(res->hits);
        json_decref(res->masked);
        res->hits = res->masked = NULL;
        ret = MODERATION_ENOMEM;
    }
out:
    scan_release(&s);
    return ret;
}

int svc_moderation_verdict_of(const char *text)
{
    if (!text || !*text)
        return MODERATION_PASS;
    struct scan s;
    if (scan_acquire(&s) != 0)
        return -1;
    int rc = scan_run(&s, text, strlen(text), 0);
    int v = rc == WORDFILTER_OK ? (int)verdict_of_hit(wordfilter_worst(s.hits, s.n)) : -1;
    scan_release(&s);
    return v;
}

int svc_moderation_test(const char *text, json_t **result)
{
    *result = NULL;
    struct scan s;
    if (scan_acquire(&s) != 0)
        return -1;
    int ret = -1;
    size_t len = strlen(text);
    int rc = scan_run(&s, text, len, WORDFILTER_SCAN_ALLOW_HITS);
    if (rc == WORDFILTER_EUTF8)
        ret = -2;
    if (rc != WORDFILTER_OK)
        goto out;
    enum moderation_verdict v = verdict_of_hit(wordfilter_worst(s.hits, s.n));
    json_t *hits = hits_json(&s, text, MAX_TEST_HITS, 1);
    json_t *masked = masked_json(&s, text, len);
    if (!hits || !masked) {
        json_decref(hits);
        json_decref(masked);
        goto out;
    }
    *result = json_pack("{s:o, s:o, s:s}", "hits", hits, "masked", masked, "verdict", verdict_names[v]);
    ret = *result ? 0 : -1;
out:
    scan_release(&s);
    return ret;
}

/* ---- findings ------------------------------------------------------------------------------------- */

enum st svc_moderation_record(const char *object_type, long long object_id, const struct moderation *m,
                              size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((m[i].verdict != MODERATION_REVIEW && m[i].verdict != MODERATION_MASK) || !m[i].hits)
            continue;
        char *hits = json_dumps(m[i].hits, JSON_COMPACT);
        if (!hits)
            return ST_ERR;
        enum st rc =
            store_words_hits_add(object_type, object_id, m[i].field, verdict_names[m[i].verdict], hits);
        free(hits);
        if (rc != ST_OK)
            return rc;
    }
    return ST_OK;
}

static int finding_item(void *ctx, const struct moderation_hit_row *row)
{
    char at[24];
    json_error_t e;
    json_t *hits = json_loads(row->hits, 0, &e);
    if (!json_is_array(hits)) {
        json_decref(hits);
        hits = json_array();
    }
    json_t *o = json_pack("{s:s, s:s, s:o, s:s}", "field", row->field, "verdict", row->verdict, "hits", hits,
                          "at", timeutil_rfc3339(row->at, at));
    return o ? json_array_append_new(ctx, o) : -1;
}

json_t *svc_moderation_findings(const char *object_type, long long object_id)
{
    json_t *a = json_array();
    if (!a)
        return NULL;
    if (store_words_hits_list(object_type, object_id, finding_item, a) != ST_OK) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* ---- the poll thread ------------------------------------------------------------------------------ */

static struct ticker ticker;
static int poll_failing; /* the poll has failed since its last success (logged once) */

static void poll_once(int *failing)
{
    long long v = 0;
    enum st rc = store_words_version(&v);
    if (rc != ST_OK) {
        if (!*failing)
            log_warn("cannot read the sensitive-word lexicon version", "\"st\":%d", (int)rc);
        *failing = 1;
        return;
    }
    *failing = 0;
    if (v != atomic_load(&loaded_version))
        svc_moderation_reload();
}

static void tick(void *ctx)
{
    poll_once(ctx);
}

int svc_moderation_start(long poll_ms)
{
    poll_failing = 0;
    return ticker_start(&ticker, poll_ms, tick, &poll_failing);
}

void svc_moderation_stop(void)
{
    ticker_stop(&ticker);
    wordfilter_slot_set(&slot, NULL);
    names_set(NULL);
    atomic_store(&loaded_version, -1);
}
