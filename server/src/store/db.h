/* The database connection layer: one MariaDB connection per thread, every statement of sql.h prepared
 * once per connection, typed binds, the one transaction scope (db_tx, with deadlock retry), reconnect with
 * re-prepare. mysql.h is included by store/ files only. Callers get an enum, never a MySQL error text. */
#ifndef LG_DB_H
#define LG_DB_H

#include <stddef.h>

#include "store/sql.h"

/* ST_ABORT: a transaction body refused the change by a rule (db_tx rolls back; not a store failure). */
enum st { ST_OK, ST_NOTFOUND, ST_CONFLICT, ST_ERR, ST_UNAVAILABLE, ST_ABORT };

struct db_params {
    const char *host, *socket, *user, *password, *name;
    unsigned int port, connect_timeout_s, read_timeout_s;
};

enum dbt { DB_NULL, DB_I64, DB_DBL, DB_STR, DB_BLOB };

/* An input value. Strings and blobs are borrowed for the duration of the call. */
struct dbv {
    enum dbt t;
    long long i;
    double d;
    const void *p;
    unsigned long len;
};
#define V_I64(x)         ((struct dbv){.t = DB_I64, .i = (long long)(x)})
#define V_DBL(x)         ((struct dbv){.t = DB_DBL, .d = (double)(x)})
#define V_STR(s)         ((struct dbv){.t = DB_STR, .p = (s), .len = (unsigned long)strlen(s)})
#define V_STRN(s, n)     ((struct dbv){.t = DB_STR, .p = (s), .len = (unsigned long)(n)})
#define V_BLOB(b, n)     ((struct dbv){.t = DB_BLOB, .p = (b), .len = (unsigned long)(n)})
#define V_NULL           ((struct dbv){.t = DB_NULL})
#define V_STR_OR_NULL(s) ((s) && *(s) ? V_STR(s) : V_NULL)

/* An output column bound to caller-owned storage. DB_STR gets NUL-terminated; a value that does not fit
 * cap (including the NUL) is an error, never silently cut. */
struct dbout {
    enum dbt t;
    void *buf; /* long long* for DB_I64, double* for DB_DBL, char or unsigned char buffers otherwise */
    unsigned long cap;
    unsigned long len;
    char is_null;
};
#define O_I64(p)     ((struct dbout){.t = DB_I64, .buf = (p)})
#define O_DBL(p)     ((struct dbout){.t = DB_DBL, .buf = (p)})
#define O_STR(p, n)  ((struct dbout){.t = DB_STR, .buf = (p), .cap = (n)})
#define O_BLOB(p, n) ((struct dbout){.t = DB_BLOB, .buf = (p), .cap = (n)})

/* Process-wide client library set-up and tear-down; call from the main thread around everything else. */
void db_library_init(void);
void db_library_end(void);
/* Sets connection parameters; call once before any thread connects. Copies nothing: p must outlive use. */
void db_configure(const struct db_params *p);
/* Connects this thread (if needed) and prepares every statement, checking parameter and column counts
 * against sql.c. Returns ST_OK, ST_UNAVAILABLE (cannot reach the server) or ST_ERR (a statement does not
 * prepare or its counts differ: a programming error). */
enum st db_thread_start(void);
/* Closes this thread's connection and statements. */
void db_thread_end(void);
/* Round trip to the server, reconnecting if the connection was lost. */
enum st db_ping(void);

/* Runs statement id with nin inputs. Output columns: if nout > 0 and row == NULL the first row is fetched
 * (ST_NOTFOUND if none); with row != NULL it is called once per row after out is filled (a non-zero return
 * stops the fetch and is returned as ST_ERR). affected and last_id may be NULL. */
enum st db_run(enum sql id, const struct dbv *in, size_t nin, struct dbout *out, size_t nout,
               int (*row)(void *ctx), void *ctx, unsigned long long *affected, unsigned long long *last_id);

/* Low-level transaction calls: only store/ and svc/ use them; everything else goes through db_tx. */
enum st db_begin(void);
enum st db_commit(void);
void db_rollback(void);
/* 1 while this thread has a transaction open. */
int db_in_tx(void);

/* The one transaction scope. Runs fn(ctx) inside a transaction: commits when it returns ST_OK, rolls back
 * on anything else, and returns fn's status (or the commit's). When the transaction met a deadlock (1213)
 * or a lock wait timeout (1205) — in a statement or at commit — it is rolled back and fn runs again from
 * the start, up to DB_TX_ATTEMPTS times in all, so fn must keep no effects outside the database between
 * attempts (build replies from what it read, and reset them at its top). Called while a transaction is
 * already open, fn simply joins it. ST_ABORT is for fn to say "roll back, nothing went wrong in the store"
 * (a rule refused the change); db_tx passes it through.
 *
 *     static enum st close_tx(void *p) { struct close_ctx *c = p; ...; return store_gig_close(c->id); }
 *     enum st rc = db_tx(close_tx, &ctx);
 */
#define DB_TX_ATTEMPTS 4
enum st db_tx(enum st (*fn)(void *ctx), void *ctx);
/* 1 when the open transaction met a deadlock or lock wait timeout (db_tx will retry it). */
int db_tx_retrying(void);

/* For migrations only: prepares and runs one SQL text (not user input), without the statement table.
 * Connects without preparing the table (which may not exist yet). */
enum st db_exec_text(const char *sql, char *err, size_t errlen);
enum st db_connect_bare(void);
/* Counters for /metrics. */
void db_stats(unsigned long *errors, unsigned long *reconnects);

#endif
