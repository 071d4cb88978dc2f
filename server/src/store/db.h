/* The database connection layer: one MariaDB connection per thread, every statement of sql.h prepared
 * once per connection, typed binds, transactions, reconnect with re-prepare. The only place besides the
 * per-table store files that includes mysql.h. Callers get an enum, never a MySQL error text. */
#ifndef LG_DB_H
#define LG_DB_H

#include <stddef.h>

#include "store/sql.h"

enum st { ST_OK, ST_NOTFOUND, ST_CONFLICT, ST_ERR, ST_UNAVAILABLE };

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

/* Like db_run for a read composed from sql.c's fragments (sql_compose_*): the text is prepared on first
 * use on this connection and kept, and its parameter and column counts are checked against the
 * builder's. Never pass text built from user input. */
enum st db_run_text(const char *text, unsigned nparams, unsigned ncols, const struct dbv *in, size_t nin,
                    struct dbout *out, size_t nout, int (*row)(void *ctx), void *ctx);

enum st db_begin(void);
enum st db_commit(void);
void db_rollback(void);
/* 1 while this thread has a transaction open. */
int db_in_tx(void);

/* For migrations only: prepares and runs one SQL text (not user input), without the statement table.
 * Connects without preparing the table (which may not exist yet). */
enum st db_exec_text(const char *sql, char *err, size_t errlen);
enum st db_connect_bare(void);
/* Counters for /metrics. */
void db_stats(unsigned long *errors, unsigned long *reconnects);

#endif
