/* The sensitive-word lexicon (tables sensitive_words, wordfilter_version) and the findings kept for
 * reviewers (moderation_hits). Every write to sensitive_words must bump wordfilter_version in the same
 * transaction: that number is how every linggongd node learns that its automaton is stale.
 * Never sees JSON (hits arrive as finished JSON text) and knows nothing about normalisation. */
#ifndef LG_STORE_WORDS_H
#define LG_STORE_WORDS_H

#include "store/db.h"

struct word_row {
    long long id;
    char word[257]; /* VARCHAR(64) utf8mb4 */
    char category[17];
    char action[9];
    long long allow;      /* 0/1 (is_allow) */
    long long enabled;    /* 0/1 */
    char note[801];       /* VARCHAR(200), "" = none */
    char created_by[257]; /* VARCHAR(64), "" = none */
    long long created_at, updated_at;
};

struct word_write {
    const char *word, *category, *action;
    int allow, enabled;
    const char *note;       /* NULL or "" = none */
    const char *created_by; /* insert only; NULL = none */
};

typedef int (*word_row_fn)(void *ctx, const struct word_row *row);

/* The lexicon version (one row, id 1). */
enum st store_words_version(long long *version);
/* Inside a transaction: locks the version row, which serialises every lexicon write (and so makes the
 * duplicate check of a write see all earlier ones). */
enum st store_words_version_lock(long long *version);
/* Inside the writing transaction: version + 1. */
enum st store_words_version_bump(void);

/* Every enabled entry, by id: what the automaton is built from. each returns non-zero to stop. */
enum st store_words_enabled(int (*each)(void *ctx, const char *word, const char *category, const char *action,
                                        int allow),
                            void *ctx);
/* Entries whose word, category and action match the LIKE patterns ("%" = any), newest first; *total gets
 * the number of matches. */
enum st store_words_list(const char *word_like, const char *category_like, const char *action_like,
                         long long limit, long long offset, word_row_fn each, void *ctx, long long *total);
/* Every entry, enabled or not, by id (export, duplicate checks). */
enum st store_words_all(word_row_fn each, void *ctx);
/* One entry; ST_NOTFOUND if there is none. */
enum st store_words_get(long long id, struct word_row *out);
/* Inside a transaction: one entry, locked. */
enum st store_words_lock(long long id, struct word_row *out);
/* ST_CONFLICT when the same (word, category) exists byte for byte. */
enum st store_words_insert(const struct word_write *w, long long *id);
enum st store_words_update(long long id, const struct word_write *w);
enum st store_words_delete(long long id);

/* moderation_hits */
struct moderation_hit_row {
    char field[33];
    char verdict[9];
    char hits[32769]; /* JSON array text */
    long long at;
};

/* Records the findings (hits_json: a JSON array) for one stored field. Joins the caller's transaction. */
enum st store_words_hits_add(const char *object_type, long long object_id, const char *field,
                             const char *verdict, const char *hits_json);
/* The 20 newest findings rows of one object, newest first. */
enum st store_words_hits_list(const char *object_type, long long object_id,
                              int (*each)(void *ctx, const struct moderation_hit_row *row), void *ctx);

#endif
