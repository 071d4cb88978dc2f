/* The moderation service: the process's current sensitive-word automaton and the verdict on every piece of
 * user text that gets stored (SPEC §3 "Sensitive words"). Owns loading the enabled lexicon, building and
 * swapping the automaton (threads keep scanning the old one until they let go of it), the thread that
 * polls wordfilter_version so that changes made on another node arrive within WORDFILTER_POLL_MS, and the
 * findings kept for reviewers. Handlers call handler_moderate (http/handler.h) on each text field before
 * writing it; they never scan or build automata themselves. */
#ifndef LG_SVC_MODERATION_H
#define LG_SVC_MODERATION_H

#include <jansson.h>
#include <stddef.h>

#include "store/db.h"

/* Ordered by severity, like the engine's actions. */
enum moderation_verdict { MODERATION_PASS = 0, MODERATION_MASK, MODERATION_REVIEW, MODERATION_BLOCK };

/* The verdict on one field. text and hits are owned by the request (http/handler.c keeps them): store text,
 * never free it. */
struct moderation {
    const char *field;
    const char *text; /* what to store: the caller's text, or a copy with the mask spans starred */
    enum moderation_verdict verdict; /* never BLOCK: a blocked field is an error reply */
    int review;   /* verdict == MODERATION_REVIEW: the object goes to its moderation queue */
    json_t *hits; /* [{word, category, action, start, end}] (code point offsets into the submitted text),
                     NULL when nothing matched; borrowed */
};

/* The engine's answer on one text (svc_moderation_check). hits and masked are new references the caller
 * owns (NULL when nothing matched / nothing was masked). */
struct moderation_result {
    enum moderation_verdict verdict;
    json_t *hits;      /* [{word, category, action, start, end}] (code point offsets) */
    json_t *masked;    /* the text with the mask spans starred, a JSON string */
    char message[160]; /* MODERATION_EBLOCKED: the zh-CN reason, naming the category, never the words */
};
enum { MODERATION_EBLOCKED = 1, MODERATION_EUTF8, MODERATION_EUNAVAILABLE, MODERATION_ENOMEM };

/* Scans text (NUL-terminated UTF-8; NULL and "" pass) about to be stored. Returns 0 with *res filled (pass,
 * mask or review), MODERATION_EBLOCKED (res->message says why), MODERATION_EUTF8, MODERATION_EUNAVAILABLE
 * when no lexicon is loaded, or MODERATION_ENOMEM. http/handler.c turns this into a field's reply. */
int svc_moderation_check(const char *text, struct moderation_result *res);

/* Inside the transaction that stores the object: records one moderation_hits row per result whose verdict
 * is review or mask (the others are skipped). object_type: "gig", "worker", "employer", ... */
enum st svc_moderation_record(const char *object_type, long long object_id, const struct moderation *m,
                              size_t n);

/* The findings recorded for an object, newest first: a new JSON array of
 * {field, verdict, hits, at}, or NULL on a store error. */
json_t *svc_moderation_findings(const char *object_type, long long object_id);

/* The verdict on text already stored (a re-check, e.g. when a draft is submitted): MODERATION_* or -1 when
 * no lexicon is loaded, memory ran out or the text is not UTF-8. Never touches the database. */
int svc_moderation_verdict_of(const char *text);

/* For the admin tester: {hits, masked, verdict} for text, where hits also lists allow-phrase matches
 * (marked "allow": true) and masked is the text as it would be stored. Returns 0 and sets *result (the
 * caller owns it), -1 when no lexicon is loaded or memory ran out, -2 when text is not UTF-8. */
int svc_moderation_test(const char *text, json_t **result);

/* Loads the enabled lexicon and the version consistently, builds an automaton and makes it current, unless
 * the version loaded already is at least as new. Uses the calling thread's connection, which must not be in
 * a transaction. Returns 0, or -1 (logged; the previous automaton stays current). */
int svc_moderation_reload(void);
/* The lexicon version the current automaton was built from; -1 before the first load. */
long long svc_moderation_version(void);

/* Starts the thread that loads the lexicon and then polls wordfilter_version every poll_ms milliseconds,
 * rebuilding when it changed. Returns 0 or -1. */
int svc_moderation_start(long poll_ms);
/* Stops the thread and drops the current automaton. */
void svc_moderation_stop(void);

#endif
