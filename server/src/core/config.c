/* The typed configuration table. One row per setting: type, default, bounds, whether it is a secret
 * (then NAME_FILE is accepted too) and an optional extra check. Loading never logs values. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain/credit.h"

enum ctype { C_INT, C_STR, C_SECRET };

struct setting {
    const char *name;
    enum ctype type;
    const char *def; /* NULL: required */
    long min, max;   /* ints: range; strings: length range in bytes */
    size_t off;
    int (*check)(const char *value, char *err, size_t errlen);
    const char *desc;
};

static int check_hex32(const char *v, char *err, size_t errlen)
{
    if (strlen(v) != 64)
        goto bad;
    for (const char *p = v; *p; p++)
        if (!isxdigit((unsigned char)*p))
            goto bad;
    return 0;
bad:
    snprintf(err, errlen, "must be 64 hexadecimal characters (32 bytes)");
    return -1;
}

static int check_url(const char *v, char *err, size_t errlen)
{
    if (strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0)
        return 0;
    snprintf(err, errlen, "must start with https:// or http://");
    return -1;
}

static int check_level(const char *v, char *err, size_t errlen)
{
    if (!strcmp(v, "debug") || !strcmp(v, "info") || !strcmp(v, "warn") || !strcmp(v, "error"))
        return 0;
    snprintf(err, errlen, "must be one of debug, info, warn, error");
    return -1;
}

static int check_ip_list(const char *v, char *err, size_t errlen)
{
    for (const char *p = v; *p; p++) {
        if (!isxdigit((unsigned char)*p) && !strchr(".:/, ", *p)) {
            snprintf(err, errlen, "must be a comma-separated list of IP addresses or CIDR ranges");
            return -1;
        }
    }
    return 0;
}

static int check_star_deltas(const char *v, char *err, size_t errlen)
{
    int d[5];
    if (credit_star_deltas_parse(v, d) == 0)
        return 0;
    snprintf(err, errlen, "must be five comma-separated integers -100..100 (1 to 5 stars), e.g. %s",
             CREDIT_STAR_DELTAS_DEFAULT);
    return -1;
}

/* The shape only: ext/seal.c parses the key at start-up and stops the server if it is not Ed25519. */
static int check_pem_key(const char *v, char *err, size_t errlen)
{
    if (!*v || strstr(v, "-----BEGIN PRIVATE KEY-----"))
        return 0;
    snprintf(err, errlen, "must be a PEM private key (-----BEGIN PRIVATE KEY-----)");
    return -1;
}

#define OFF(f) offsetof(struct config, f)
static const struct setting settings[] = {
    {"PORT", C_INT, "8080", 1, 65535, OFF(port), NULL, "TCP port of the HTTP listener"},
    {"BIND_ADDR", C_STR, "127.0.0.1", 1, 64, OFF(bind_addr), NULL,
     "address to listen on (0.0.0.0 in containers)"},
    {"HTTP_THREADS", C_INT, "16", 2, 512, OFF(http_threads), NULL,
     "worker threads, each with one DB connection"},
    {"REQUEST_TIMEOUT_MS", C_INT, "10000", 100, 600000, OFF(request_timeout_ms), NULL,
     "time allowed to receive a request"},
    {"KEEP_ALIVE_TIMEOUT_MS", C_INT, "5000", 100, 600000, OFF(keep_alive_timeout_ms), NULL,
     "idle keep-alive connection lifetime"},
    {"TRUSTED_PROXIES", C_STR, "", 0, 1024, OFF(trusted_proxies), check_ip_list,
     "comma-separated proxy IPs/CIDRs whose X-Forwarded-For is believed"},
    {"DB_HOST", C_STR, "127.0.0.1", 1, 255, OFF(db_host), NULL, "MariaDB host"},
    {"DB_PORT", C_INT, "3306", 1, 65535, OFF(db_port), NULL, "MariaDB port"},
    {"DB_SOCKET", C_STR, "", 0, 255, OFF(db_socket), NULL,
     "MariaDB unix socket (overrides host/port when set)"},
    {"DB_NAME", C_STR, "linggong", 1, 64, OFF(db_name), NULL, "database name"},
    {"DB_USER", C_STR, "linggong", 1, 80, OFF(db_user), NULL, "database user"},
    {"DB_PASSWORD", C_SECRET, "", 0, 256, OFF(db_password), NULL, "database password"},
    {"DB_CONNECT_TIMEOUT_S", C_INT, "3", 1, 60, OFF(db_connect_timeout_s), NULL, "connect timeout"},
    {"DB_READ_TIMEOUT_S", C_INT, "10", 1, 600, OFF(db_read_timeout_s), NULL, "read/write timeout per query"},
    {"JWT_SECRET", C_SECRET, NULL, 32, 512, OFF(jwt_secret), NULL, "HS256 signing secret, at least 32 bytes"},
    {"JWT_ISSUER", C_STR, "linggong", 1, 64, OFF(jwt_issuer), NULL, "iss claim"},
    {"JWT_AUDIENCE", C_STR, "linggong-api", 1, 64, OFF(jwt_audience), NULL, "aud claim"},
    {"ACCESS_TOKEN_TTL_S", C_INT, "900", 60, 86400, OFF(access_token_ttl_s), NULL, "access token lifetime"},
    {"REFRESH_TOKEN_TTL_S", C_INT, "2592000", 3600, 31536000, OFF(refresh_token_ttl_s), NULL,
     "refresh token lifetime"},
    {"DATA_KEY", C_SECRET, NULL, 64, 64, OFF(data_key_hex), check_hex32,
     "AES-256 key for personal data at rest, 64 hex characters"},
    {"DATA_KEY_VERSION", C_INT, "1", 1, 255, OFF(data_key_version), NULL,
     "version stamped on encrypted values"},
    {"AGREEMENT_SIGNING_KEY", C_SECRET, "", 0, 1024, OFF(agreement_signing_key), check_pem_key,
     "Ed25519 private key (PEM PKCS#8, openssl genpkey -algorithm ed25519) that seals signed agreements; "
     "empty: agreement drafting, signing and verification answer 503"},
    {"PUBLIC_BASE_URL", C_STR, "http://127.0.0.1:8080", 8, 255, OFF(public_base_url), check_url,
     "the public https:// origin users reach the API at; agreement PDFs link their verify URL under it"},
    {"WX_APPID", C_STR, "", 0, 64, OFF(wx_appid), NULL,
     "mini-program appid (empty: WeChat sign-in disabled)"},
    {"WX_SECRET", C_SECRET, "", 0, 128, OFF(wx_secret), NULL, "mini-program app secret"},
    {"WX_API_BASE", C_STR, "https://api.weixin.qq.com", 8, 255, OFF(wx_api_base), check_url,
     "WeChat server API base URL"},
    {"WX_TIMEOUT_MS", C_INT, "5000", 100, 60000, OFF(wx_timeout_ms), NULL, "timeout of each WeChat API call"},
    {"ADMIN_BOOTSTRAP_PASSWORD", C_SECRET, "", 0, 256, OFF(admin_bootstrap_password), NULL,
     "password of the first admin, created by migrate when no admin exists"},
    {"ADMIN_LOCKOUT_FAILURES", C_INT, "5", 1, 100, OFF(admin_lockout_failures), NULL,
     "failed admin sign-ins of one username from one client address before that address is locked out of "
     "that username (other addresses are not)"},
    {"ADMIN_LOCKOUT_S", C_INT, "900", 1, 86400, OFF(admin_lockout_s), NULL,
     "first admin lockout of a username and address; each further lockout of the pair lasts twice as long"},
    {"ADMIN_LOCKOUT_MAX_S", C_INT, "86400", 1, 2592000, OFF(admin_lockout_max_s), NULL,
     "longest admin lockout (at least ADMIN_LOCKOUT_S); a username and address with no failure for this long "
     "start again from zero"},
    {"ADMIN_SCRYPT_CONCURRENCY", C_INT, "2", 1, 64, OFF(admin_scrypt_concurrency), NULL,
     "admin password checks (scrypt: 16 MiB and one core for tens of milliseconds each) running at once; "
     "further sign-ins wait"},
    {"ADMIN_SCRYPT_WAIT_MS", C_INT, "1000", 0, 10000, OFF(admin_scrypt_wait_ms), NULL,
     "how long an admin sign-in waits for a free password check before it answers 503 signin_busy"},
    {"RATE_IP_PER_MIN", C_INT, "1200", 1, 10000000, OFF(rate_ip_per_min), NULL,
     "requests per minute per client IP"},
    {"RATE_USER_PER_MIN", C_INT, "600", 1, 10000000, OFF(rate_user_per_min), NULL,
     "requests per minute per user"},
    {"RATE_LOGIN_PER_MIN", C_INT, "20", 1, 100000, OFF(rate_login_per_min), NULL,
     "sign-in and phone-binding attempts per minute per IP"},
    {"ADMIN_DIR", C_STR, "./server/admin", 1, 1024, OFF(admin_dir), NULL,
     "directory of the admin console files"},
    {"SCHEMA_DIR", C_STR, "./schema", 1, 1024, OFF(schema_dir), NULL, "directory of NNN_*.sql migrations"},
    {"SEARCH_CACHE_S", C_INT, "10", 0, 300, OFF(search_cache_s), NULL,
     "seconds a public gig-search page is served from memory (0: off); new gigs appear that much later"},
    {"TASK_INTERVAL_S", C_INT, "30", 1, 3600, OFF(task_interval_s), NULL,
     "seconds between runs of the periodic tasks (gig expiry, ...)"},
    {"SEARCH_INDEX_POLL_MS", C_INT, "1000", 0, 60000, OFF(search_index_poll_ms), NULL,
     "how often the in-memory search index reads changed gigs (0: before every search)"},
    {"SEARCH_INDEX_RESYNC_S", C_INT, "600", 10, 86400, OFF(search_index_resync_s), NULL,
     "how often the search index is rebuilt from the database in full"},
    {"WORDFILTER_POLL_MS", C_INT, "1000", 100, 60000, OFF(wordfilter_poll_ms), NULL,
     "how often each node checks the sensitive-word lexicon version and rebuilds on change"},
    {"PUNCH_WINDOW_MIN", C_INT, "30", 0, 720, OFF(punch_window_min), NULL,
     "check-in is accepted from this many minutes before to this many after each work day's scheduled start"},
    {"PUNCH_RADIUS_M", C_INT, "1000", 10, 50000, OFF(punch_radius_m), NULL,
     "check-in/out by location is accepted within this many metres of the gig's site"},
    {"AUTO_CONFIRM_DAYS", C_INT, "3", 1, 90, OFF(auto_confirm_days), NULL,
     "days after a gig's end when the periodic task confirms the result for a side that did not"},
    {"CLOCK_OFFSET_S", C_INT, "0", -34560000, 34560000, OFF(clock_offset_s), NULL,
     "FOR TESTS AND DEMOS ONLY: seconds added to the current time by the attendance, confirmation and "
     "auto-confirm rules (punch window, confirm after the end); leave 0 in production"},
    {"CREDIT_RESTRICT_BELOW", C_INT, "60", 0, 101, OFF(credit_restrict_below), NULL,
     "a user whose 诚信分 falls below this is restricted (a worker cannot apply, an employer cannot post) "
     "until it recovers or an admin lifts it (0 = never restricted)"},
    {"CREDIT_STAR_DELTAS", C_STR, CREDIT_STAR_DELTAS_DEFAULT, 9, 64, OFF(credit_star_deltas),
     check_star_deltas,
     "诚信分 change of a received rating of 1,2,3,4,5 stars: five comma-separated integers, each -100..100"},
    {"UPLOAD_DIR", C_STR, "/var/lib/linggong/uploads", 1, 1024, OFF(upload_dir), NULL,
     "directory for uploaded complaint images (created if missing; never inside a served directory)"},
    {"UPLOAD_MAX_BYTES", C_INT, "5242880", 1024, 5242880, OFF(upload_max_bytes), NULL,
     "largest accepted upload in bytes (at most 5 MiB, the route's body cap)"},
    {"UPLOAD_DAILY_MAX", C_INT, "60", 1, 10000, OFF(upload_daily_max), NULL,
     "uploads one user may make in any 24 hours"},
    {"RATE_ACT_PER_MIN", C_INT, "30", 1, 100000, OFF(rate_act_per_min), NULL,
     "applications and ratings per user per minute (on top of RATE_USER_PER_MIN)"},
    {"RATE_UPLOAD_PER_MIN", C_INT, "20", 1, 100000, OFF(rate_upload_per_min), NULL,
     "upload requests per minute per user"},
    {"COMPLAINT_SLA_WORKDAYS", C_INT, "3", 1, 60, OFF(complaint_sla_workdays), NULL,
     "working days (Mon-Fri, public holidays not modelled) before an open complaint escalates to the "
     "parent region"},
    {"COMPLAINT_DAILY_MAX", C_INT, "5", 1, 1000, OFF(complaint_daily_max), NULL,
     "complaints one user may file in any 24 hours (settlement disputes do not count); more answer 429"},
    {"LOG_LEVEL", C_STR, "info", 4, 5, OFF(log_level), check_level, "debug, info, warn or error"},
};
#define NSETTINGS (sizeof settings / sizeof settings[0])

static char *read_secret_file(const char *path, char *err, size_t errlen, const char *name)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s_FILE: cannot open %s: %s", name, path, strerror(errno));
        return NULL;
    }
    char buf[1025];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    int too_long = !feof(f) && fgetc(f) != EOF;
    fclose(f);
    if (too_long) {
        snprintf(err, errlen, "%s_FILE: %s is longer than 1024 bytes", name, path);
        return NULL;
    }
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return strdup(buf);
}

static int set_one(struct config *c, const struct setting *s, config_getenv_fn env, char *err, size_t errlen)
{
    const char *v = env(s->name);
    char *owned = NULL;
    if (s->type == C_SECRET) {
        char fname[96];
        snprintf(fname, sizeof fname, "%s_FILE", s->name);
        const char *path = env(fname);
        if (path && *path) {
            if (v && *v) {
                snprintf(err, errlen, "%s and %s_FILE are both set; set one", s->name, s->name);
                return -1;
            }
            owned = read_secret_file(path, err, errlen, s->name);
            if (!owned)
                return -1;
            v = owned;
        }
    }
    if (!v || (!*v && s->def == NULL)) {
        if (!s->def) {
            snprintf(err, errlen, "%s is required%s", s->name,
                     s->type == C_SECRET ? " (or its _FILE variant)" : "");
            return -1;
        }
        v = s->def;
    }
    int rc = -1;
    char *field = (char *)c + s->off;
    if (s->type == C_INT) {
        errno = 0;
        char *end;
        long n = strtol(v, &end, 10);
        if (errno || end == v || *end || !(isdigit((unsigned char)v[0]) || v[0] == '-')) {
            snprintf(err, errlen, "%s must be an integer, got a value that is not", s->name);
            goto out;
        }
        if (n < s->min || n > s->max) {
            snprintf(err, errlen, "%s must be between %ld and %ld, got %ld", s->name, s->min, s->max, n);
            goto out;
        }
        *(long *)(void *)field = n;
    } else {
        size_t len = strlen(v);
        if ((long)len < s->min || (long)len > s->max) {
            snprintf(err, errlen, "%s must be %ld to %ld bytes long, got %zu", s->name, s->min, s->max, len);
            goto out;
        }
        if (s->check) {
            char why[160];
            if (s->check(v, why, sizeof why) != 0) {
                snprintf(err, errlen, "%s %s", s->name, why);
                goto out;
            }
        }
        char *copy = strdup(v);
        if (!copy) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        *(char **)(void *)field = copy;
    }
    rc = 0;
out:
    if (owned) {
        memset(owned, 0, strlen(owned));
        free(owned);
    }
    return rc;
}

int config_load(struct config *c, config_getenv_fn env, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < NSETTINGS; i++) {
        if (set_one(c, &settings[i], env, err, errlen) != 0) {
            config_free(c);
            return -1;
        }
    }
    for (int i = 0; i < 32; i++) {
        unsigned int b;
        sscanf(c->data_key_hex + 2 * i, "%2x", &b);
        c->data_key[i] = (unsigned char)b;
    }
    if (c->admin_lockout_max_s < c->admin_lockout_s) {
        snprintf(err, errlen, "ADMIN_LOCKOUT_MAX_S (%ld) must be at least ADMIN_LOCKOUT_S (%ld)",
                 c->admin_lockout_max_s, c->admin_lockout_s);
        config_free(c);
        return -1;
    }
    if (c->wx_appid[0] && !c->wx_secret[0]) {
        snprintf(err, errlen, "WX_APPID is set but WX_SECRET is not");
        config_free(c);
        return -1;
    }
    return 0;
}

void config_free(struct config *c)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        if (settings[i].type == C_INT)
            continue;
        char **p = (char **)(void *)((char *)c + settings[i].off);
        if (*p && settings[i].type == C_SECRET)
            memset(*p, 0, strlen(*p));
        free(*p);
        *p = NULL;
    }
    memset(c->data_key, 0, sizeof c->data_key);
}

void config_list(FILE *out)
{
    static const char *const tnames[] = {"int", "string", "secret"};
    for (size_t i = 0; i < NSETTINGS; i++) {
        const struct setting *s = &settings[i];
        fprintf(out, "%s\t%s\t%s\t%s\t%s\n", s->name, tnames[s->type], s->def ? s->def : "(required)",
                s->type == C_SECRET ? "secret" : "plain", s->desc);
    }
}

int config_known(const char *name)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        const struct setting *s = &settings[i];
        if (strcmp(name, s->name) == 0)
            return 1;
        size_t n = strlen(s->name);
        if (s->type == C_SECRET && strncmp(name, s->name, n) == 0 && strcmp(name + n, "_FILE") == 0)
            return 1;
    }
    return 0;
}

static const struct config *current;

void config_set_current(const struct config *c)
{
    current = c;
}

const struct config *config_current(void)
{
    return current;
}
