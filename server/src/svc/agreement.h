/* E-agreements below the routes (svc/agreement.c): drafting from the region's template, a party's signature
 * and the seal of the second, voiding on behalf of the system, verifying one agreement (text hash, events,
 * seal, chain links) and the offline walk of the whole chain behind `linggongd verify-agreements`. Every
 * write runs inside the CALLER's transaction; nothing here commits, sees a request or builds JSON. */
#ifndef LG_SVC_AGREEMENT_H
#define LG_SVC_AGREEMENT_H

#include <stddef.h>
#include <stdio.h>

#include "store/agreement.h"

/* "LG00000012": the number printed on agreement id. */
void svc_agreement_number(long long id, char out[24]);
/* The public verify link of a (QR code, replies): anyone holding the text's hash may verify. */
void svc_agreement_verify_url(const struct agreement_row *a, char *out, size_t cap);

enum agreement_draft {
    AGREEMENT_DRAFT_CREATED,
    AGREEMENT_DRAFT_REPLACED,
    AGREEMENT_DRAFT_FROZEN,      /* someone signed: the text is locked */
    AGREEMENT_DRAFT_NO_NAME,     /* a party has no real name on file */
    AGREEMENT_DRAFT_NO_TEMPLATE, /* no template covers the region */
    AGREEMENT_DRAFT_ERR
};

/* Inside the caller's transaction, with the application row locked: drafts (or re-drafts) the agreement of
 * application f->application_id from the region's newest template, with a history row by actor. *id gets
 * the agreement. */
enum agreement_draft svc_agreement_draft(const struct agreement_facts *f, long long actor, long long now,
                                         long long *id);

enum agreement_sign {
    AGREEMENT_SIGN_OK,
    AGREEMENT_SIGN_ILLEGAL,    /* the agreement's state has no such signature: 409 with its state */
    AGREEMENT_SIGN_ALREADY,    /* this role signed before */
    AGREEMENT_SIGN_STALE,      /* the hash signed is not the current text's */
    AGREEMENT_SIGN_APP_CLOSED, /* the application is no longer accepted or completed */
    AGREEMENT_SIGN_ERR
};

/* Inside the caller's transaction with a locked: records the signing event e (role, account, time, IP, user
 * agent, hash, intent) and moves the agreement on with a history row; the second signature seals it with
 * the server's key and appends it to the log. *sealed says whether it did. */
enum agreement_sign svc_agreement_sign(const struct agreement_row *a, const struct agreement_event_row *e,
                                       long long now, int *sealed);

/* Inside the caller's open transaction: voids the application's live agreement if nobody or only one
 * party has signed it (a draft must not stay signable after the application was cancelled or marked a
 * no-show), with a system history row carrying reason. A signed agreement stays as it is (immutable).
 * Returns ST_OK also when there is none. */
enum st svc_agreement_void_system(long long application_id, const char *reason);

/* What verifying one stored agreement found. */
struct agreement_verdict {
    int text_ok, events_ok;
    int seal_ok, chain_ok; /* -1: not sealed, nothing to check */
    const char *reason;    /* NULL when valid; else a static wire code (text_hash_mismatch, ...) */
    const char *message;   /* its zh-CN explanation (static) */
    char text_sha256[65];  /* recomputed */
    int has_log;
    struct agreement_log_row log;
};

/* Verifies a: text hash, events, seal and chain links. ST_OK with *v filled in (valid or not), or a store
 * error. Reads on the current connection. */
enum st svc_agreement_verify(const struct agreement_row *a, struct agreement_verdict *v);

/* Walks the agreement log from its first entry: each entry's hash and link to its predecessor, its
 * agreement's text hash, events and seal, the head, and signed agreements missing from the log. Writes
 * one line per problem ("broken at entry N (agreement A): why") and a summary line to out. Returns 0 when
 * intact, 1 when anything is broken, -1 when the database cannot be read. Needs this thread's connection
 * (db_thread_start) and the seal key (seal_init) to check seals. */
int svc_agreement_verify_chain(FILE *out);

#endif
