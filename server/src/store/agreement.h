/* Store of agreements (tables agreements, agreement_events, agreement_history, agreement_log,
 * agreement_log_head, agreement_templates). Writes into caller-owned structs; never sees JSON. Status
 * changes are conditional updates (WHERE status = from), so a concurrent change is ST_CONFLICT. Writes that
 * belong together (status + event + history + seal + log entry) are the CALLER's transaction. */
#ifndef LG_STORE_AGREEMENT_H
#define LG_STORE_AGREEMENT_H

#include "domain/agreement.h"
#include "store/db.h"

/* One agreement with its template and the parties' current display names. ~66 KB: allocate it on the heap.
 * Times are unix seconds, 0 = not set. */
struct agreement_row {
    long long id, application_id, gig_id, employer_id, worker_id, template_id, template_version, revision;
    char region_code[13];
    char template_code[41];
    char title[241];
    char status[16]; /* draft, signed_by_one, signed, voided */
    char text[AGREEMENT_MAX_TEXT + 1];
    long long text_len;
    char text_sha256[65];
    unsigned char seal_signature[64];
    long long seal_len; /* 0 = not sealed */
    char seal_key_id[17];
    long long sealed_at, created_at, updated_at;
    char employer_name[257];
    char worker_name[129];
    char app_status[16];
    char gig_title[161];
};

/* ST_NOTFOUND if none. */
enum st store_agreement_get(long long id, struct agreement_row *out);
/* Inside a transaction: the same, with the agreement row locked FOR UPDATE until commit. */
enum st store_agreement_lock(long long id, struct agreement_row *out);
/* The id of the application's live (not voided) agreement, else of its newest one; ST_NOTFOUND if none. */
enum st store_agreement_of_application(long long application_id, long long *id);

/* Everything a draft renders, read in one statement for the application (whose row the caller locked). */
struct agreement_facts {
    long long application_id, gig_id, employer_id, worker_id;
    char app_status[16];
    char region_code[13], province[7], city[7], county[7];
    char gig_title[161];
    char duties[8001];
    char job_type[129];
    char work_place[1025];
    char bureau[161];
    long long starts_at, ends_at, pay_fen;
    char pay_unit[8];
    char employer_name[257];
    char employer_kind[8];
    char employer_code[19];
    unsigned char employer_id_enc[96];
    long long employer_id_enc_len;
    char worker_name[129];
    unsigned char worker_id_enc[96];
    long long worker_id_enc_len;
};
enum st store_agreement_facts(long long application_id, struct agreement_facts *out);

struct agreement_template {
    long long id, version, created_by, created_at;
    char code[41];
    char region_code[13]; /* "" = every region */
    char title[241];
    char body[AGREEMENT_MAX_BODY * 4 + 1];
    char note[801];
};
/* The template a new draft in this region uses: the newest of the most specific region that contains the
 * gig (county, then city, then province, then the national default). ST_NOTFOUND if none. */
enum st store_agreement_template_pick(const char *town, const char *county, const char *city,
                                      const char *province, struct agreement_template *out);
enum st store_agreement_template_get(long long id, struct agreement_template *out);
/* Admin list, newest first: region_like is "%" for every template or a region prefix + "%" (templates of
 * that subtree) — the national default (region NULL) is always listed. Body is left "" in list rows. */
enum st store_agreement_template_list(const char *region_like, const char *code, long long limit,
                                      long long offset,
                                      int (*each)(void *ctx, const struct agreement_template *t), void *ctx,
                                      long long *total);
/* Inserts version 1 of code (ST_CONFLICT if the code exists) or, with next_version, the next version of an
 * existing code (locks the code's versions until commit). *id gets the new id, *version its version. */
enum st store_agreement_template_insert(const char *code, int next_version, const char *region_code,
                                        const char *title, const char *body, const char *note,
                                        long long created_by, long long *id, long long *version);

/* Inserts a draft (status draft, live). ST_CONFLICT when the application already has a live agreement. */
enum st store_agreement_insert(long long application_id, long long gig_id, long long employer_id,
                               long long worker_id, const char *region_code, long long template_id,
                               const char *text, size_t text_len, const char *sha256, long long *id);
/* Replaces a draft's text (status still draft) and template, revision + bump (0 when filling in a draft
 * just inserted, 1 when drafting again). ST_CONFLICT when it is no longer a draft. */
enum st store_agreement_redraft(long long id, long long template_id, const char *text, size_t text_len,
                                const char *sha256, int bump);
/* Inside a transaction: the application's live agreement locked FOR UPDATE: id and status. */
enum st store_agreement_live_lock(long long application_id, long long *id, char status[16]);
/* Ids of signed agreements that have no log entry (at most n, into ids; *got how many). */
enum st store_agreement_unlogged(long long *ids, int n, int *got);
/* from -> to; to = voided also releases the application's live slot. ST_CONFLICT when not in from. */
enum st store_agreement_set_status(long long id, const char *from, const char *to);
/* The history (agreement_history) is appended and read through store/history.h with SQL_AGR_HISTORY_ADD and
 * SQL_AGR_HISTORY_LIST. */

/* A stored signing event. */
struct agreement_event_row {
    char role[12];
    long long account_id, signed_at;
    char ip[48];
    char user_agent[256];
    char text_sha256[65];
    char intent[801];
    char request_id[33];
};
/* ST_CONFLICT when this role already signed (UNIQUE agreement_id, role). */
enum st store_agreement_event_add(long long agreement_id, const struct agreement_event_row *e);
/* The events, employer first; n gets how many (0-2). */
enum st store_agreement_events(long long agreement_id, struct agreement_event_row ev[2], int *n);

/* Seals: inside the signing transaction, locks the log head (serialising every seal, so the chain cannot
 * fork), computes nothing itself: the caller passes the entry (seq and prev_hash are filled in here from the
 * head) and gets the entry hash back after it is linked and the head moved. */
struct agreement_log_row {
    long long seq, agreement_id, sealed_at;
    char text_sha256[65], payload_sha256[65];
    unsigned char signature[64];
    char key_id[17];
    unsigned char prev_hash[32], entry_hash[32];
};
/* Locks the head: *seq gets the last seq (0 for none) and last its hash. */
enum st store_agreement_log_head(long long *seq, unsigned char last[32]);
/* Appends e (seq, prev_hash and entry_hash already computed by the caller under the head lock), moves the
 * head, and stores the seal on the agreement. */
enum st store_agreement_log_append(const struct agreement_log_row *e);
/* The log entry of an agreement (ST_NOTFOUND if it was never sealed or the entry is gone). */
enum st store_agreement_log_of(long long agreement_id, struct agreement_log_row *out);
/* The entry with this seq (ST_NOTFOUND if none). */
enum st store_agreement_log_at(long long seq, struct agreement_log_row *out);
/* Up to n entries with seq > after, in order, into out; *got gets how many. */
enum st store_agreement_log_page(long long after, struct agreement_log_row *out, int n, int *got);
/* The head row as stored (no lock). */
enum st store_agreement_log_head_peek(long long *seq, unsigned char last[32]);

/* Demo: up to n accepted or completed applications without an agreement, oldest first. */
enum st store_agreement_demo_candidates(long long *ids, int n, int *got);

#endif
