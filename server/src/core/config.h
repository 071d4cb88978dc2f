/* The typed configuration table: every setting linggongd reads, from environment variables only
 * (secrets also from NAME_FILE). Owns parsing and validation; a bad value stops start-up with a message
 * naming the variable. Must not log secret values. */
#ifndef LG_CONFIG_H
#define LG_CONFIG_H

#include <stddef.h>
#include <stdio.h>

struct config {
    long port;
    char *bind_addr;
    long http_threads;
    long request_timeout_ms;
    long keep_alive_timeout_ms;
    char *trusted_proxies;
    char *db_host;
    long db_port;
    char *db_socket;
    char *db_name;
    char *db_user;
    char *db_password;
    long db_connect_timeout_s;
    long db_read_timeout_s;
    char *jwt_secret;
    char *jwt_issuer;
    char *jwt_audience;
    long access_token_ttl_s;
    long refresh_token_ttl_s;
    char *data_key_hex;
    unsigned char data_key[32]; /* decoded from data_key_hex */
    long data_key_version;
    char *agreement_signing_key; /* Ed25519 PEM; "" = agreements cannot be sealed (routes answer 503) */
    char *public_base_url;       /* origin of the verify links printed on agreement PDFs */
    char *wx_appid;
    char *wx_secret;
    char *wx_api_base;
    long wx_timeout_ms;
    char *admin_bootstrap_password;
    long admin_lockout_failures; /* failed sign-ins of one username from one address before a lockout */
    long admin_lockout_s;        /* the first lockout; each further one of the same pair doubles */
    long admin_lockout_max_s;    /* the longest lockout, and the quiet time after which a pair starts over */
    long admin_scrypt_concurrency; /* admin password checks (scrypt) running at once in the process */
    long admin_scrypt_wait_ms;     /* how long a sign-in waits for a free check before 503 signin_busy */
    long rate_ip_per_min;
    long rate_user_per_min;
    long rate_login_per_min;
    char *admin_dir;
    char *schema_dir;
    char *log_level;
    long task_interval_s;
    long search_cache_s;
    long search_index_poll_ms, search_index_resync_s;
    long wordfilter_poll_ms;
    long punch_window_min;  /* check-in accepted this many minutes either side of a day's scheduled start */
    long punch_radius_m;    /* check-in by location within this distance of the site */
    long auto_confirm_days; /* the system confirms for a silent side this long after the gig's end */
    long clock_offset_s;    /* tests and demos only: shifts "now" of the attendance and confirm rules */
    long credit_restrict_below; /* a user whose 诚信分 falls below this is restricted (SPEC §3) */
    char *credit_star_deltas;   /* "d1,d2,d3,d4,d5": credit delta of a received 1..5-star rating */
    /* complaints and uploads (issue 7: api/complaint.c, api/upload.c) */
    char *upload_dir;            /* where uploaded images are stored: outside any served directory */
    long upload_max_bytes;       /* largest accepted image */
    long upload_daily_max;       /* uploads per user per rolling 24 h */
    long rate_upload_per_min;    /* upload requests per user per minute */
    long rate_act_per_min;       /* applications and ratings per user per minute */
    long complaint_sla_workdays; /* working days before an open complaint escalates */
    long complaint_daily_max;    /* complaints one user may file per rolling 24 h */
};

/* Looks a variable up; tests pass their own, production passes getenv. */
typedef const char *(*config_getenv_fn)(const char *name);

/* Fills c from the environment. Returns 0, or -1 with a message naming the variable in err.
 * On success the caller owns the strings and releases them with config_free. */
int config_load(struct config *c, config_getenv_fn env, char *err, size_t errlen);
void config_free(struct config *c);
/* Prints NAME<TAB>TYPE<TAB>DEFAULT<TAB>secret|plain<TAB>description, one line per setting. */
void config_list(FILE *out);
/* The process's configuration, set once at start-up before any thread reads it (borrowed: must outlive
 * use). NULL before config_set_current. */
void config_set_current(const struct config *c);
const struct config *config_current(void);
/* Returns 1 if name (or name without a _FILE suffix, for secrets) is a known setting. */
int config_known(const char *name);

#endif
