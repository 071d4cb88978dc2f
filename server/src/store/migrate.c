/* The migration runner behind `linggongd migrate`. Files are named NNN_name.sql; the version is NNN.
 * DDL commits implicitly in MariaDB, so a migration that fails half-way is reported with the statement
 * number and left unrecorded: fix it forward in a new file or by hand, then run migrate again. */
#include "store/migrate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "ext/crypto.h"
#include "store/db.h"

#define MAX_MIGRATIONS 512
#define MAX_FILE       (8 * 1024 * 1024)

struct applied {
    long long version;
    char name[129];
    char checksum[65];
};

struct mig {
    int version;
    char file[256];
};

static int by_version(const void *a, const void *b)
{
    return ((const struct mig *)a)->version - ((const struct mig *)b)->version;
}

static int valid_name(const char *n, int *version)
{
    size_t len = strlen(n);
    if (len < 9 || len > 128 || strcmp(n + len - 4, ".sql") != 0 || n[3] != '_')
        return 0;
    for (int i = 0; i < 3; i++)
        if (n[i] < '0' || n[i] > '9')
            return 0;
    for (size_t i = 4; i < len - 4; i++)
        if (!((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= '0' && n[i] <= '9') || n[i] == '_'))
            return 0;
    *version = (n[0] - '0') * 100 + (n[1] - '0') * 10 + (n[2] - '0');
    return *version > 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE + 1, f) : 0;
    fclose(f);
    if (!buf || n > MAX_FILE) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* 1 if the text holds something besides whitespace and -- comments. */
static int has_sql(const char *s)
{
    while (*s) {
        if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
        } else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            s++;
        } else {
            return 1;
        }
    }
    return 0;
}

int store_migrate_split(char *text, int (*each)(void *ctx, const char *stmt), void *ctx)
{
    char *start = text, *p = text;
    while (*p) {
        char *eol = strchr(p, '\n');
        char *end = eol ? eol : p + strlen(p);
        char *q = end;
        while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
            q--;
        /* a line that is a comment never ends a statement, even if it ends in ';' */
        char *first = p;
        while (first < q && (*first == ' ' || *first == '\t'))
            first++;
        int comment = first + 1 < q && first[0] == '-' && first[1] == '-';
        if (q > p && q[-1] == ';' && !comment) {
            q[-1] = '\0';
            if (has_sql(start)) {
                int rc = each(ctx, start);
                if (rc)
                    return rc;
            }
            start = eol ? eol + 1 : end;
        }
        p = eol ? eol + 1 : end;
    }
    if (has_sql(start)) {
        int rc = each(ctx, start);
        if (rc)
            return rc;
    }
    return 0;
}

struct run_ctx {
    const char *file;
    int n;
    char *err;
    size_t errlen;
};

static int run_stmt(void *p, const char *stmt)
{
    struct run_ctx *c = p;
    char why[512];
    c->n++;
    if (db_exec_text(stmt, why, sizeof why) != ST_OK) {
        snprintf(c->err, c->errlen, "%s: statement %d failed: %s", c->file, c->n, why);
        return -1;
    }
    return 0;
}

struct applied_list {
    struct applied rows[MAX_MIGRATIONS];
    int n;
    struct applied cur;
    long long cur_version;
};

static int applied_cb(void *p)
{
    struct applied_list *l = p;
    if (l->n >= MAX_MIGRATIONS)
        return -1;
    l->cur.version = l->cur_version;
    l->rows[l->n++] = l->cur;
    return 0;
}

static int apply_pending(const char *dir, struct applied_list *done, char *err, size_t errlen)
{
    static struct mig migs[MAX_MIGRATIONS];
    int nm = 0, applied = 0;
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "cannot open schema directory %s", dir);
        return -1;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        int v;
        if (de->d_name[0] == '.' || !valid_name(de->d_name, &v))
            continue;
        if (nm >= MAX_MIGRATIONS) {
            closedir(d);
            snprintf(err, errlen, "too many migrations in %s", dir);
            return -1;
        }
        migs[nm].version = v;
        snprintf(migs[nm].file, sizeof migs[nm].file, "%s", de->d_name);
        nm++;
    }
    closedir(d);
    qsort(migs, (size_t)nm, sizeof migs[0], by_version);
    for (int i = 0; i < nm; i++) {
        if (i > 0 && migs[i].version == migs[i - 1].version) {
            snprintf(err, errlen, "two migrations share version %03d: %s and %s", migs[i].version,
                     migs[i - 1].file, migs[i].file);
            return -1;
        }
        char path[1400];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, migs[i].file);
        char *text = read_file(path, &len);
        if (!text) {
            snprintf(err, errlen, "cannot read %s", path);
            return -1;
        }
        unsigned char sum[32];
        char hex[65];
        crypto_sha256(text, len, sum);
        crypto_hex(sum, 32, hex);
        const struct applied *a = NULL;
        for (int k = 0; k < done->n; k++)
            if (done->rows[k].version == migs[i].version)
                a = &done->rows[k];
        if (a) {
            free(text);
            if (strcmp(a->checksum, hex) != 0) {
                snprintf(err, errlen,
                         "%s was changed after it was applied (recorded sha256 %.12s…, file now %.12s…); "
                         "applied migrations must not be edited: restore it and add a new migration",
                         migs[i].file, a->checksum, hex);
                return -1;
            }
            continue;
        }
        struct run_ctx rc = {migs[i].file, 0, err, errlen};
        int failed = store_migrate_split(text, run_stmt, &rc);
        free(text);
        if (failed)
            return -1;
        char name[129];
        snprintf(name, sizeof name, "%.*s", (int)(strlen(migs[i].file) - 8), migs[i].file + 4);
        struct dbv in[] = {V_I64(migs[i].version), V_STR(name), V_STR(hex)};
        if (db_run(SQL_MIG_INSERT, in, 3, NULL, 0, NULL, NULL, NULL, NULL) != ST_OK) {
            snprintf(err, errlen, "%s applied but could not be recorded", migs[i].file);
            return -1;
        }
        log_info("migration applied", "\"file\":\"%s\",\"statements\":%d", migs[i].file, rc.n);
        applied++;
    }
    return applied;
}

int store_migrate(const char *dir, char *err, size_t errlen)
{
    static struct applied_list done;
    long long got = 0;
    struct dbout lock[] = {O_I64(&got)};
    if (db_connect_bare() != ST_OK) {
        snprintf(err, errlen, "cannot connect to the database");
        return -1;
    }
    if (db_run(SQL_MIG_LOCK, NULL, 0, lock, 1, NULL, NULL, NULL, NULL) != ST_OK || got != 1) {
        snprintf(err, errlen, "could not take the migration lock (another node migrating?)");
        return -1;
    }
    int rc = -1;
    char why[256];
    if (db_exec_text(sql_defs[SQL_MIG_CREATE].text, why, sizeof why) != ST_OK) {
        snprintf(err, errlen, "cannot create schema_migrations: %s", why);
        goto out;
    }
    done.n = 0;
    struct dbout o[] = {O_I64(&done.cur_version), O_STR(done.cur.name, sizeof done.cur.name),
                        O_STR(done.cur.checksum, sizeof done.cur.checksum)};
    if (db_run(SQL_MIG_LIST, NULL, 0, o, 3, applied_cb, &done, NULL, NULL) != ST_OK) {
        snprintf(err, errlen, "cannot read schema_migrations");
        goto out;
    }
    rc = apply_pending(dir, &done, err, errlen);
out:
    db_run(SQL_MIG_UNLOCK, NULL, 0, lock, 1, NULL, NULL, NULL, NULL);
    return rc;
}
