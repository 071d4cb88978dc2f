/* One MariaDB connection per thread (thread-local), with every statement of sql.c prepared on connect and
 * checked for parameter and column counts. A lost connection is marked broken and replaced on the next
 * call, which re-prepares; read-only statements outside a transaction are retried once on a fresh
 * connection, writes never are (the client sees 503 and may retry with its Idempotency-Key). */
#include "store/db.h"

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"

#define DB_MAX_BINDS 32

/* A statement composed from sql.c's fragments for one combination of filters, prepared on first use on
 * this connection and kept (the key is the text itself). */
struct conn {
    MYSQL *m;
    MYSQL_STMT *st[SQL__COUNT];
    int broken;
    int in_tx;
    int deadlock; /* the open transaction met a deadlock or lock wait timeout: retry it whole */
    int bare;     /* connected for migrations: statement table not prepared */
};

static const struct db_params *params;
static _Thread_local struct conn *tls;
static atomic_ulong n_errors, n_reconnects, n_connects;

void db_library_init(void)
{
    mysql_library_init(0, NULL, NULL);
}

void db_library_end(void)
{
    mysql_library_end();
}

void db_configure(const struct db_params *p)
{
    params = p;
}

void db_stats(unsigned long *errors, unsigned long *reconnects)
{
    *errors = atomic_load(&n_errors);
    *reconnects = atomic_load(&n_reconnects);
}

static void conn_close(struct conn *c)
{
    if (!c)
        return;
    for (int i = 0; i < SQL__COUNT; i++)
        if (c->st[i])
            mysql_stmt_close(c->st[i]);
    if (c->m)
        mysql_close(c->m);
    free(c);
}

static int lost(unsigned int e)
{
    return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST || e == CR_CONNECTION_ERROR ||
           e == CR_CONN_HOST_ERROR || e == CR_SERVER_LOST_EXTENDED || e == ER_CONNECTION_KILLED ||
           e == ER_SERVER_SHUTDOWN || e == CR_COMMANDS_OUT_OF_SYNC || e == 4031 /* client idle timeout */;
}

static enum st classify(struct conn *c, unsigned int e, const char *what, const char *msg)
{
    if (e == ER_DUP_ENTRY || e == ER_DUP_ENTRY_WITH_KEY_NAME)
        return ST_CONFLICT;
    if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
        c->deadlock = 1;
    atomic_fetch_add(&n_errors, 1);
    char esc[400];
    log_error("db error", "\"op\":\"%s\",\"errno\":%u,\"error\":\"%s\"", what, e,
              log_escape(msg, esc, sizeof esc));
    if (lost(e)) {
        c->broken = 1;
        return ST_UNAVAILABLE;
    }
    return ST_ERR;
}

static enum st prepare_all(struct conn *c)
{
    for (int i = 0; i < SQL__COUNT; i++) {
        if (sql_defs[i].adhoc)
            continue;
        MYSQL_STMT *s = mysql_stmt_init(c->m);
        if (!s)
            return ST_ERR;
        c->st[i] = s;
        if (mysql_stmt_prepare(s, sql_defs[i].text, strlen(sql_defs[i].text)) != 0) {
            unsigned int e = mysql_stmt_errno(s);
            char esc[300];
            log_error("statement does not prepare", "\"sql\":%d,\"errno\":%u,\"error\":\"%s\"", i, e,
                      log_escape(mysql_stmt_error(s), esc, sizeof esc));
            return lost(e) ? ST_UNAVAILABLE : ST_ERR;
        }
        if (mysql_stmt_param_count(s) != sql_defs[i].nparams ||
            mysql_stmt_field_count(s) != sql_defs[i].ncols) {
            log_error("statement shape differs from sql.c",
                      "\"sql\":%d,\"params\":%lu,\"want_params\":%u,"
                      "\"cols\":%u,\"want_cols\":%u",
                      i, mysql_stmt_param_count(s), sql_defs[i].nparams, mysql_stmt_field_count(s),
                      sql_defs[i].ncols);
            return ST_ERR;
        }
    }
    return ST_OK;
}

static enum st connect_new(int bare)
{
    enum st rc = ST_UNAVAILABLE;
    struct conn *c = calloc(1, sizeof *c);
    if (!c)
        return ST_ERR;
    c->bare = bare;
    c->m = mysql_init(NULL);
    if (!c->m)
        goto out;
    unsigned int ct = params->connect_timeout_s, rt = params->read_timeout_s;
    mysql_options(c->m, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
    mysql_options(c->m, MYSQL_OPT_READ_TIMEOUT, &rt);
    mysql_options(c->m, MYSQL_OPT_WRITE_TIMEOUT, &rt);
    mysql_options(c->m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    mysql_options(c->m, MYSQL_INIT_COMMAND,
                  "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
                  "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    const char *sock = params->socket && *params->socket ? params->socket : NULL;
    if (!mysql_real_connect(c->m, sock ? NULL : params->host, params->user, params->password, params->name,
                            sock ? 0 : params->port, sock, 0)) {
        char esc[300];
        atomic_fetch_add(&n_errors, 1);
        log_warn("db connect failed", "\"errno\":%u,\"error\":\"%s\"", mysql_errno(c->m),
                 log_escape(mysql_error(c->m), esc, sizeof esc));
        goto out;
    }
    if (!bare) {
        rc = prepare_all(c);
        if (rc != ST_OK)
            goto out;
    }
    if (atomic_fetch_add(&n_connects, 1) > 0 && !bare)
        atomic_fetch_add(&n_reconnects, 1);
    tls = c;
    c = NULL;
    rc = ST_OK;
out:
    conn_close(c);
    return rc;
}

/* Returns this thread's usable connection, replacing a broken one. */
static enum st conn_get(struct conn **out)
{
    if (tls && tls->broken) {
        conn_close(tls);
        tls = NULL;
    }
    if (!tls) {
        enum st rc = connect_new(0);
        if (rc != ST_OK)
            return rc;
    }
    *out = tls;
    return ST_OK;
}

enum st db_thread_start(void)
{
    mysql_thread_init();
    struct conn *c;
    return conn_get(&c);
}

void db_thread_end(void)
{
    conn_close(tls);
    tls = NULL;
    mysql_thread_end();
}

enum st db_connect_bare(void)
{
    if (tls)
        return ST_OK;
    return connect_new(1);
}

static void bind_in(MYSQL_BIND *b, const struct dbv *v)
{
    memset(b, 0, sizeof *b);
    switch (v->t) {
    case DB_NULL:
        b->buffer_type = MYSQL_TYPE_NULL;
        break;
    case DB_I64:
        b->buffer_type = MYSQL_TYPE_LONGLONG;
        b->buffer = (void *)&v->i;
        break;
    case DB_DBL:
        b->buffer_type = MYSQL_TYPE_DOUBLE;
        b->buffer = (void *)&v->d;
        break;
    case DB_STR:
    case DB_BLOB:
        b->buffer_type = v->t == DB_STR ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
        b->buffer = (void *)v->p;
        b->buffer_length = v->len;
        b->length = (unsigned long *)&v->len;
        break;
    }
}

static void bind_out(MYSQL_BIND *b, struct dbout *o, my_bool *err)
{
    memset(b, 0, sizeof *b);
    b->is_null = (my_bool *)&o->is_null;
    b->length = &o->len;
    b->error = err;
    switch (o->t) {
    case DB_I64:
        b->buffer_type = MYSQL_TYPE_LONGLONG;
        b->buffer = o->buf;
        break;
    case DB_DBL:
        b->buffer_type = MYSQL_TYPE_DOUBLE;
        b->buffer = o->buf;
        break;
    default:
        b->buffer_type = o->t == DB_STR ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
        b->buffer = o->buf;
        b->buffer_length = o->t == DB_STR ? o->cap - 1 : o->cap;
        break;
    }
}

/* After a fetch: NUL-terminates strings, zeroes NULL numbers. */
static void finish_row(struct dbout *out, size_t nout)
{
    for (size_t i = 0; i < nout; i++) {
        struct dbout *o = &out[i];
        if (o->t == DB_STR)
            ((char *)o->buf)[o->is_null ? 0 : o->len] = '\0';
        else if (o->is_null && o->t == DB_I64)
            *(long long *)o->buf = 0;
        else if (o->is_null && o->t == DB_DBL)
            *(double *)o->buf = 0;
        if (o->is_null)
            o->len = 0;
    }
}

/* Binds, executes and fetches statement s on connection c (see db_run). what names it in logs; close_after
 * closes an ad-hoc statement afterwards. */
static enum st exec_stmt(struct conn *c, MYSQL_STMT *s, const char *what, unsigned ncols, int close_after,
                         const struct dbv *in, size_t nin, struct dbout *out, size_t nout,
                         int (*row)(void *ctx), void *ctx, unsigned long long *affected,
                         unsigned long long *last_id)
{
    enum st rc;
    MYSQL_BIND inb[DB_MAX_BINDS], outb[DB_MAX_BINDS];
    my_bool errs[DB_MAX_BINDS];
    for (size_t i = 0; i < nin; i++)
        bind_in(&inb[i], &in[i]);
    if (nin && mysql_stmt_bind_param(s, inb) != 0) {
        rc = classify(c, mysql_stmt_errno(s), "bind", mysql_stmt_error(s));
        goto done;
    }
    if (mysql_stmt_execute(s) != 0) {
        rc = classify(c, mysql_stmt_errno(s), "execute", mysql_stmt_error(s));
        goto done;
    }
    if (affected)
        *affected = mysql_stmt_affected_rows(s);
    if (last_id)
        *last_id = mysql_stmt_insert_id(s);
    rc = ST_OK;
    if (ncols == 0)
        goto done;
    if (nout) {
        for (size_t i = 0; i < nout; i++)
            bind_out(&outb[i], &out[i], &errs[i]);
        if (mysql_stmt_bind_result(s, outb) != 0) {
            rc = classify(c, mysql_stmt_errno(s), "bind_result", mysql_stmt_error(s));
            goto done;
        }
    }
    if (mysql_stmt_store_result(s) != 0) {
        rc = classify(c, mysql_stmt_errno(s), "store_result", mysql_stmt_error(s));
        goto done;
    }
    int nrows = 0;
    for (;;) {
        int f = mysql_stmt_fetch(s);
        if (f == MYSQL_NO_DATA)
            break;
        if (f == MYSQL_DATA_TRUNCATED) {
            /* Connector/C 3.3 flags DOUBLE result columns as truncated on re-executions of a prepared
             * statement (seen here with ST_Distance_Sphere and constant doubles) although the value is
             * intact; a string, blob or integer that did not fit is a real error. */
            int real = 0;
            for (size_t i = 0; i < nout; i++)
                if (errs[i] && out[i].t != DB_DBL)
                    real = 1;
            if (real) {
                log_error("db value does not fit its buffer", "\"sql\":\"%.60s\"", what);
                rc = ST_ERR;
                goto done;
            }
        }
        if (f != 0 && f != MYSQL_DATA_TRUNCATED) {
            rc = classify(c, mysql_stmt_errno(s), "fetch", mysql_stmt_error(s));
            goto done;
        }
        nrows++;
        finish_row(out, nout);
        if (!row)
            break;
        if (row(ctx) != 0) {
            rc = ST_ERR;
            goto done;
        }
    }
    if (!row && nrows == 0)
        rc = ST_NOTFOUND;
done:
    if (close_after)
        mysql_stmt_close(s);
    else if (!c->broken)
        mysql_stmt_free_result(s);
    return rc;
}

static enum st run_once(enum sql id, const struct dbv *in, size_t nin, struct dbout *out, size_t nout,
                        int (*row)(void *ctx), void *ctx, unsigned long long *affected,
                        unsigned long long *last_id)
{
    if (nin != sql_defs[id].nparams || (nout && nout != sql_defs[id].ncols) || nin > DB_MAX_BINDS ||
        nout > DB_MAX_BINDS) {
        log_error("db_run called with the wrong shape", "\"sql\":%d", id);
        return ST_ERR;
    }
    struct conn *c;
    enum st rc = conn_get(&c);
    if (rc != ST_OK)
        return rc;
    MYSQL_STMT *s = c->st[id];
    if (sql_defs[id].adhoc) {
        s = mysql_stmt_init(c->m);
        if (!s || mysql_stmt_prepare(s, sql_defs[id].text, strlen(sql_defs[id].text)) != 0) {
            rc = s ? classify(c, mysql_stmt_errno(s), "prepare", mysql_stmt_error(s)) : ST_ERR;
            if (s)
                mysql_stmt_close(s);
            return rc;
        }
    } else if (c->bare) {
        return ST_ERR;
    }
    return exec_stmt(c, s, sql_defs[id].text, sql_defs[id].ncols, sql_defs[id].adhoc, in, nin, out, nout, row,
                     ctx, affected, last_id);
}

enum st db_run(enum sql id, const struct dbv *in, size_t nin, struct dbout *out, size_t nout,
               int (*row)(void *ctx), void *ctx, unsigned long long *affected, unsigned long long *last_id)
{
    int in_tx = tls && tls->in_tx;
    enum st rc = run_once(id, in, nin, out, nout, row, ctx, affected, last_id);
    /* A connection that died while idle (server restart) fails on first use; a read outside a
     * transaction is safe to repeat once on a fresh connection. */
    if (rc == ST_UNAVAILABLE && !in_tx && strncasecmp(sql_defs[id].text, "SELECT", 6) == 0)
        rc = run_once(id, in, nin, out, nout, row, ctx, affected, last_id);
    return rc;
}

enum st db_begin(void)
{
    struct conn *c;
    enum st rc = conn_get(&c);
    if (rc != ST_OK)
        return rc;
    if (mysql_autocommit(c->m, 0) != 0) {
        rc = classify(c, mysql_errno(c->m), "begin", mysql_error(c->m));
        /* the connection may be a stale one: one fresh attempt */
        if (rc != ST_UNAVAILABLE || conn_get(&c) != ST_OK || mysql_autocommit(c->m, 0) != 0)
            return rc;
    }
    c->in_tx = 1;
    c->deadlock = 0;
    return ST_OK;
}

enum st db_commit(void)
{
    struct conn *c = tls;
    if (!c || !c->in_tx)
        return ST_ERR;
    enum st rc = ST_OK;
    if (mysql_commit(c->m) != 0)
        rc = classify(c, mysql_errno(c->m), "commit", mysql_error(c->m));
    if (!c->broken)
        mysql_autocommit(c->m, 1);
    c->in_tx = 0;
    return rc;
}

void db_rollback(void)
{
    struct conn *c = tls;
    if (!c || !c->in_tx)
        return;
    if (!c->broken) {
        mysql_rollback(c->m);
        mysql_autocommit(c->m, 1);
    }
    c->in_tx = 0;
}

int db_in_tx(void)
{
    return tls && tls->in_tx;
}

enum st db_ping(void)
{
    long long one = 0;
    struct dbout o = O_I64(&one);
    return db_run(SQL_PING, NULL, 0, &o, 1, NULL, NULL, NULL, NULL);
}

enum st db_exec_text(const char *sql, char *err, size_t errlen)
{
    enum st rc = db_connect_bare();
    if (rc != ST_OK) {
        snprintf(err, errlen, "cannot connect to the database");
        return rc;
    }
    MYSQL_STMT *s = mysql_stmt_init(tls->m);
    if (!s)
        return ST_ERR;
    if (mysql_stmt_prepare(s, sql, strlen(sql)) != 0 || mysql_stmt_execute(s) != 0) {
        snprintf(err, errlen, "%u: %s", mysql_stmt_errno(s), mysql_stmt_error(s));
        rc = ST_ERR;
    }
    mysql_stmt_close(s);
    return rc;
}

enum st db_tx(enum st (*fn)(void *ctx), void *ctx)
{
    if (tls && tls->in_tx) /* nested: the outer scope commits, rolls back and retries */
        return fn(ctx);
    enum st rc = ST_ERR;
    for (int attempt = 0; attempt < DB_TX_ATTEMPTS; attempt++) {
        rc = db_begin();
        if (rc != ST_OK)
            return rc;
        rc = fn(ctx);
        int retry = tls && tls->deadlock;
        if (rc == ST_OK) {
            rc = db_commit();
            retry = rc != ST_OK && tls && tls->deadlock;
        } else {
            db_rollback();
        }
        if (!retry || rc == ST_OK)
            return rc;
        log_warn("transaction retried after a deadlock or lock wait", "\"attempt\":%d", attempt + 1);
        if (tls)
            tls->deadlock = 0;
    }
    return rc;
}

int db_tx_retrying(void)
{
    return tls && tls->deadlock;
}
