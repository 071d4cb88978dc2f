/* Static files of the admin console. Only names made of [A-Za-z0-9._-] segments, none starting with a dot,
 * are served, so "..", hidden files, encoded slashes and absolute paths never reach the file system. */
#include "http/static.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE (4 * 1024 * 1024)

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".json", "application/json; charset=utf-8"},
};

static int safe_rel(const char *rel)
{
    if (!*rel || strlen(rel) > 200)
        return 0;
    int seg_start = 1;
    for (const char *p = rel; *p; p++) {
        char c = *p;
        if (c == '/') {
            if (seg_start)
                return 0; /* empty segment */
            seg_start = 1;
            continue;
        }
        if (seg_start && c == '.')
            return 0;
        seg_start = 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return 0;
    }
    return !seg_start;
}

int static_load(const char *dir, const char *path, char **body, size_t *len, const char **type)
{
    const char *rel = path + strlen("/admin/");
    char full[1400];
    if (strncmp(path, "/admin/", 7) != 0)
        return 404;
    if (!*rel)
        rel = "index.html";
    if (!safe_rel(rel))
        return 404;
    const char *dot = strrchr(rel, '.');
    *type = NULL;
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            *type = types[i].type;
    if (!*type)
        return 404;
    snprintf(full, sizeof full, "%s/%s", dir, rel);
    struct stat st;
    if (stat(full, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE)
        return 404;
    FILE *f = fopen(full, "rb");
    if (!f)
        return 404;
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!buf || n != (size_t)st.st_size) {
        free(buf);
        return 404;
    }
    *body = buf;
    *len = n;
    return 200;
}
