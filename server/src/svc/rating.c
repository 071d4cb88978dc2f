/* Ratings' shared services: the business clock of the reveal rule, the received-ratings summary, the credit
 * entry a revealed rating writes (once: the store claims it), the tag lookup, and the periodic pass that
 * credits ratings revealed by the 7-day rule. No request and no reply; the JSON is svc/view_rating.c's. */
#include "svc/rating.h"

#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/log.h"
#include "store/db.h"
#include "svc/credit.h"
#include "svc/view_rating.h"

long long svc_rating_clock(long long t)
{
    const struct config *c = config_current();
    return t + (c ? c->clock_offset_s : 0);
}

static int tag_count_item(void *ctx, const char *name, long long n)
{
    return json_array_append_new(ctx, json_pack("{s:s, s:I}", "name", name, "count", (json_int_t)n));
}

json_t *svc_rating_summary(long long subject_id, const char *role)
{
    enum rating_direction d =
        !strcmp(role, "employer") ? RATING_WORKER_TO_EMPLOYER : RATING_EMPLOYER_TO_WORKER;
    const char *dir = rating_direction_name(d);
    long long now = svc_rating_clock((long long)time(NULL));
    struct rating_summary_row s;
    json_t *tags = json_array();
    if (!tags || store_rating_summary(subject_id, dir, now, &s) != ST_OK ||
        store_rating_tag_counts(subject_id, dir, now, tag_count_item, tags) != ST_OK) {
        json_decref(tags);
        return NULL;
    }
    return view_rating_summary(&s, tags);
}

enum st svc_rating_credit(const struct rating_row *x, long long now)
{
    enum st rc = store_rating_mark_credited(x->id, now);
    if (rc == ST_CONFLICT)
        return ST_OK; /* credited already (or hidden): nothing to write */
    if (rc == ST_OK)
        rc = svc_credit_apply(x->subject_id, "rating_received", (int)x->stars, "rating", x->id, x->author_id,
                              NULL);
    return rc;
}

static int tag_each(void *p, const struct rating_tag_row *t)
{
    struct rating_tag_match *m = p;
    if (strcmp(m->direction, t->direction) != 0)
        return 0;
    size_t i;
    json_t *v;
    json_array_foreach(m->wanted, i, v)
    {
        if (i < RATING_MAX_TAGS && json_is_string(v) && strcmp(json_string_value(v), t->name) == 0) {
            m->ids[i] = t->id;
            m->found[i] = 1;
        }
    }
    return 0;
}

enum st svc_rating_tags_match(struct rating_tag_match *m)
{
    memset(m->ids, 0, sizeof m->ids);
    memset(m->found, 0, sizeof m->found);
    return store_rating_tags(tag_each, m);
}

/* ------------------------------------------------------------------ periodic pass */

struct reveal {
    long long id, now;
    struct rating_row x; /* 3 KB: the pass keeps one, static, on the task thread */
};

static enum st reveal_tx(void *p)
{
    struct reveal *v = p;
    enum st rc = store_rating_get(v->id, &v->x);
    if (rc == ST_OK)
        rc = store_rating_mark_credited(v->id, v->now);
    if (rc == ST_OK)
        rc = svc_credit_apply(v->x.subject_id, "rating_received", (int)v->x.stars, "rating", v->id,
                              v->x.author_id, NULL);
    return rc;
}

/* Writes rating id's credit entry in its own transaction: 1 written, 0 someone else did (or it changed),
 * -1 on a store error. */
static int reveal_one(long long id, long long now)
{
    static struct reveal v; /* the task thread only */
    v.id = id;
    v.now = now;
    enum st rc = db_tx(reveal_tx, &v);
    return rc == ST_OK ? 1 : (rc == ST_CONFLICT || rc == ST_NOTFOUND) ? 0 : -1;
}

long svc_rating_reveal_run(void)
{
    static long long ids[100];
    long long now = svc_rating_clock((long long)time(NULL));
    long total = 0, done;
    int n;
    do {
        if (store_rating_credit_due(now, ids, &n) != ST_OK)
            return -1;
        done = 0;
        for (int i = 0; i < n; i++) {
            int one = reveal_one(ids[i], now);
            if (one < 0)
                return -1;
            done += one;
        }
        total += done;
    } while (n == 100 && done > 0);
    if (total)
        log_info("ratings revealed and credited", "\"count\":%ld", total);
    return total;
}
