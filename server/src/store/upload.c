/* Store of uploads: the files (POSIX I/O under UPLOAD_DIR: O_EXCL + O_NOFOLLOW, mode 0600, fsync, rename)
 * and typed binds over the SQL_UPLOAD_* statements of sql.c. File names are made here from random bytes;
 * no path component ever comes from a request. */
#include "store/upload.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "ext/crypto.h"

static int hex_name(const char *name)
{
    if (strlen(name) != 64)
        return 0;
    for (int i = 0; i < 64; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return 0;
    return 1;
}

static int join(char *out, size_t cap, const char *dir, const char *name, const char *suffix)
{
    int n = snprintf(out, cap, "%s/%s%s", dir, name, suffix);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* mkdir -p for dir with mode 0700 (components that exist are left as they are). */
static int make_dir(const char *dir)
{
    char path[1100];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path)
        return -1;
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char c = path[i];
        path[i] = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return -1;
        path[i] = c;
    }
    struct stat st;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int store_upload_save(const char *dir, const void *data, size_t n, char name[65])
{
    char tmp[1200], path[1200];
    name[0] = '\0';
    if (make_dir(dir) != 0) {
        log_error("upload directory unusable", "\"errno\":%d", errno);
        return -1;
    }
    if (crypto_random_hex(32, name) != 0 || join(tmp, sizeof tmp, dir, name, ".part") != 0 ||
        join(path, sizeof path, dir, name, "") != 0)
        return -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        log_error("upload file create failed", "\"errno\":%d", errno);
        return -1;
    }
    int ok = write_all(fd, data, n) == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (ok)
        ok = rename(tmp, path) == 0;
    if (!ok) {
        log_error("upload file write failed", "\"errno\":%d", errno);
        unlink(tmp);
        return -1;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) { /* the rename itself must survive a crash before the row is written */
        ok = fsync(dfd) == 0;
        close(dfd);
    }
    if (dfd < 0 || !ok) {
        log_error("upload directory fsync failed", "\"errno\":%d", errno);
        unlink(path);
        return -1;
    }
    return 0;
}

int store_upload_load(const char *dir, const char *name, size_t max, char **out, size_t *len)
{
    char path[1200];
    *out = NULL;
    *len = 0;
    if (!hex_name(name) || join(path, sizeof path, dir, name, "") != 0)
        return -1;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        log_error("upload file missing", "\"errno\":%d", errno);
        return -1;
    }
    struct stat st;
    char *buf = NULL;
    size_t n = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 || (size_t)st.st_size > max ||
        !(buf = malloc((size_t)st.st_size + 1)))
        goto fail;
    while (n < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            goto fail;
        n += (size_t)r;
    }
    close(fd);
    *out = buf;
    *len = n;
    return 0;
fail:
    log_error("upload file unreadable", "\"errno\":%d", errno);
    free(buf);
    close(fd);
    return -1;
}

void store_upload_discard(const char *dir, const char *name)
{
    char path[1200];
    if (hex_name(name) && join(path, sizeof path, dir, name, "") == 0)
        unlink(path);
}

long store_upload_sweep(const char *dir, long long older_than_s)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : -1; /* nothing uploaded yet */
    long removed = 0;
    time_t cutoff = time(NULL) - (time_t)older_than_s;
    struct dirent *e;
    char path[1200], name[65];
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        int part = len == 69 && strcmp(e->d_name + 64, ".part") == 0;
        if (len != 64 && !part)
            continue;
        memcpy(name, e->d_name, 64);
        name[64] = '\0';
        struct stat st;
        if (!hex_name(name) || join(path, sizeof path, dir, e->d_name, "") != 0 || lstat(path, &st) != 0 ||
            !S_ISREG(st.st_mode) || st.st_mtime > cutoff)
            continue;
        if (!part) {
            long long n = 0;
            struct dbv in[] = {V_STR(name)};
            struct dbout o[] = {O_I64(&n)};
            if (db_run(SQL_UPLOAD_NAMED, in, 1, o, 1, NULL, NULL, NULL, NULL) != ST_OK) {
                removed = -1;
                break;
            }
            if (n)
                continue;
        }
        if (unlink(path) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}

enum st store_upload_insert(long long owner_id, const char *storage_name, const char *content_type,
                            long long size_bytes, const char *sha256_hex, long long *id)
{
    struct dbv in[] = {V_I64(owner_id), V_STR(storage_name), V_STR(content_type), V_I64(size_bytes),
                       V_STR(sha256_hex)};
    unsigned long long last = 0;
    enum st rc = db_run(SQL_UPLOAD_INSERT, in, 5, NULL, 0, NULL, NULL, NULL, &last);
    if (rc == ST_OK)
        *id = (long long)last;
    return rc;
}

enum st store_upload_get(long long id, struct upload_row *out)
{
    memset(out, 0, sizeof *out);
    struct dbv in[] = {V_I64(id)};
    struct dbout o[] = {O_I64(&out->id),
                        O_I64(&out->owner_id),
                        O_STR(out->storage_name, sizeof out->storage_name),
                        O_STR(out->content_type, sizeof out->content_type),
                        O_I64(&out->size_bytes),
                        O_STR(out->sha256, sizeof out->sha256),
                        O_I64(&out->created_at)};
    return db_run(SQL_UPLOAD_GET, in, 1, o, 7, NULL, NULL, NULL, NULL);
}

enum st store_upload_count_since(long long owner_id, long long seconds, long long *n)
{
    *n = 0;
    struct dbv in[] = {V_I64(owner_id), V_I64(seconds)};
    struct dbout o[] = {O_I64(n)};
    return db_run(SQL_UPLOAD_COUNT_SINCE, in, 2, o, 1, NULL, NULL, NULL, NULL);
}

struct region_iter {
    char region[13], escalated[13];
    int (*each)(void *ctx, const char *region, const char *escalated_region);
    void *ctx;
};

static int region_cb(void *p)
{
    struct region_iter *it = p;
    return it->each(it->ctx, it->region, it->escalated);
}

enum st store_upload_complaint_regions(
    long long id, int (*each)(void *ctx, const char *region, const char *escalated_region), void *ctx)
{
    struct region_iter it = {.each = each, .ctx = ctx};
    struct dbv in[] = {V_I64(id)};
    struct dbout o[] = {O_STR(it.region, sizeof it.region), O_STR(it.escalated, sizeof it.escalated)};
    return db_run(SQL_UPLOAD_COMPLAINT_REGIONS, in, 1, o, 2, region_cb, &it, NULL, NULL);
}
