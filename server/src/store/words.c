/* Store of the sensitive-word lexicon, its version counter and the moderation findings. Entry reads bind
 * one 10-column row shape (sql.c WORDS_COLS). Writes rely on the caller's transaction and version lock;
 * nothing here bumps the version on its own. */
#include "store/words.h"

#include <stdlib.h>
#include <string.h>

enum st store_words_version(long long *version)
{
    struct dbout o[] = {O_I64(version)};
    return db_run(SQL_WORDS_VERSION, NULL, 0, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_words_version_lock(long long *version)
{
    struct dbout o[] = {O_I64(version)};
    return db_run(SQL_WORDS_VERSION_LOCK, NULL, 0, o, 1, NULL, NULL, NULL, NULL);
}

enum st store_words_version_bump(void)
{
    unsigned long long n = 0;
    enum st rc = db_run(SQL_WORDS_VERSION_BUMP, NULL, 0, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n != 1 ? ST_ERR : rc;
}

struct enabled_iter {
    char word[257], category[17], action[9];
    long long allow;
    int (*each)(void *ctx, const char *word, const char *category, const char *action, int allow);
    void *ctx;
};

static int enabled_cb(void *p)
{
    struct enabled_iter *it = p;
    return it->each(it->ctx, it->word, it->category, it->action, it->allow != 0);
}

enum st store_words_enabled(int (*each)(void *ctx, const char *word, const char *category, const char *action,
                                        int allow),
                            void *ctx)
{
    struct enabled_iter it = {.each = each, .ctx = ctx};
    struct dbout o[] = {O_STR(it.word, sizeof it.word), O_STR(it.category, sizeof it.category),
                        O_STR(it.action, sizeof it.action), O_I64(&it.allow)};
    return db_run(SQL_WORDS_ENABLED, NULL, 0, o, 4, enabled_cb, &it, NULL, NULL);
}

struct row_iter {
    struct word_row row;
    struct dbout o[10];
    word_row_fn each;
    void *ctx;
};

static void bind_row(struct row_iter *it)
{
    struct word_row *w = &it->row;
    struct dbout o[10] = {O_I64(&w->id),
                          O_STR(w->word, sizeof w->word),
                          O_STR(w->category, sizeof w->category),
                          O_STR(w->action, sizeof w->action),
                          O_I64(&w->allow),
                          O_I64(&w->enabled),
                          O_STR(w->note, sizeof w->note),
                          O_STR(w->created_by, sizeof w->created_by),
                          O_I64(&w->created_at),
                          O_I64(&w->updated_at)};
    memcpy(it->o, o, sizeof o);
}

static int row_cb(void *p)
{
    struct row_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_words_list(const char *word_like, const char *category_like, const char *action_like,
                         long long limit, long long offset, word_row_fn each, void *ctx, long long *total)
{
    struct row_iter it = {.each = each, .ctx = ctx};
    bind_row(&it);
    struct dbv in[] = {V_STR(word_like), V_STR(category_like), V_STR(action_like), V_I64(limit),
                       V_I64(offset)};
    enum st rc = db_run(SQL_WORDS_LIST, in, 5, it.o, 10, row_cb, &it, NULL, NULL);
    if (rc != ST_OK)
        return rc;
    struct dbout c[] = {O_I64(total)};
    return db_run(SQL_WORDS_COUNT, in, 3, c, 1, NULL, NULL, NULL, NULL);
}

enum st store_words_all(word_row_fn each, void *ctx)
{
    struct row_iter it = {.each = each, .ctx = ctx};
    bind_row(&it);
    return db_run(SQL_WORDS_ALL, NULL, 0, it.o, 10, row_cb, &it, NULL, NULL);
}

static enum st get_one(enum sql q, long long id, struct word_row *out)
{
    struct row_iter it = {0};
    bind_row(&it);
    struct dbv in[] = {V_I64(id)};
    enum st rc = db_run(q, in, 1, it.o, 10, NULL, NULL, NULL, NULL);
    if (rc == ST_OK)
        *out = it.row;
    return rc;
}

enum st store_words_get(long long id, struct word_row *out)
{
    return get_one(SQL_WORDS_GET, id, out);
}

enum st store_words_lock(long long id, struct word_row *out)
{
    return get_one(SQL_WORDS_LOCK, id, out);
}

enum st store_words_insert(const struct word_write *w, long long *id)
{
    struct dbv in[] = {V_STR(w->word),
                       V_STR(w->category),
                       V_STR(w->action),
                       V_I64(w->allow != 0),
                       V_I64(w->enabled != 0),
                       V_STR_OR_NULL(w->note),
                       V_STR_OR_NULL(w->created_by)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_WORDS_INSERT, in, 7, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_words_update(long long id, const struct word_write *w)
{
    struct dbv in[] = {V_STR(w->word),         V_STR(w->category),     V_STR(w->action), V_I64(w->allow != 0),
                       V_I64(w->enabled != 0), V_STR_OR_NULL(w->note), V_I64(id)};
    return db_run(SQL_WORDS_UPDATE, in, 7, NULL, 0, NULL, NULL, NULL, NULL);
}

enum st store_words_delete(long long id)
{
    struct dbv in[] = {V_I64(id)};
    unsigned long long n = 0;
    enum st rc = db_run(SQL_WORDS_DELETE, in, 1, NULL, 0, NULL, NULL, &n, NULL);
    return rc == ST_OK && n == 0 ? ST_NOTFOUND : rc;
}

enum st store_words_hits_add(const char *object_type, long long object_id, const char *field,
                             const char *verdict, const char *hits_json)
{
    struct dbv in[] = {V_STR(object_type), V_I64(object_id), V_STR(field), V_STR(verdict), V_STR(hits_json)};
    return db_run(SQL_MODHITS_ADD, in, 5, NULL, 0, NULL, NULL, NULL, NULL);
}

struct hits_iter {
    struct moderation_hit_row row;
    int (*each)(void *ctx, const struct moderation_hit_row *row);
    void *ctx;
};

static int hits_cb(void *p)
{
    struct hits_iter *it = p;
    return it->each(it->ctx, &it->row);
}

enum st store_words_hits_list(const char *object_type, long long object_id,
                              int (*each)(void *ctx, const struct moderation_hit_row *row), void *ctx)
{
    /* 32 KB: on the heap, neither on a worker's stack nor in thread-local storage (which glibc places in
     * each thread's stack too) */
    struct hits_iter *it = malloc(sizeof *it);
    if (!it)
        return ST_ERR;
    it->each = each;
    it->ctx = ctx;
    struct moderation_hit_row *h = &it->row;
    struct dbv in[] = {V_STR(object_type), V_I64(object_id)};
    struct dbout o[] = {O_STR(h->field, sizeof h->field), O_STR(h->verdict, sizeof h->verdict),
                        O_STR(h->hits, sizeof h->hits), O_I64(&h->at)};
    enum st rc = db_run(SQL_MODHITS_LIST, in, 2, o, 4, hits_cb, it, NULL, NULL);
    free(it);
    return rc;
}
