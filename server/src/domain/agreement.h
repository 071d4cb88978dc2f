/* Agreements as bytes: a template's {{placeholder}} fields filled in and normalised into the canonical
 * UTF-8 text whose SHA-256 the parties sign, the canonical form of the seal payload (text hash + both
 * signing events) the server signs with Ed25519, and the hash of one entry of the agreement log chain.
 * Pure: no I/O, no clock, no keys. Changing any output here changes every hash: the unit test pins them. */
#ifndef LG_DOMAIN_AGREEMENT_H
#define LG_DOMAIN_AGREEMENT_H

#include <stddef.h>

/* The facts a template's placeholders name, all UTF-8 (NULL or "" prints as "—"). Times are unix seconds,
 * printed in Asia/Shanghai (UTC+8). */
struct agreement_terms {
    const char *agreement_no;  /* {{agreement_no}} */
    const char *employer_name; /* {{employer_name}} */
    const char *employer_code; /* {{employer_code}}: 统一社会信用代码, or a masked ID for a person */
    const char *worker_name;   /* {{worker_name}} */
    const char *worker_id;     /* {{worker_id}}: masked ID number */
    const char *gig_title;     /* {{gig_title}} */
    const char *job_type;      /* {{job_type}} */
    const char *duties;        /* {{duties}}: may span lines */
    const char *work_place;    /* {{work_place}} */
    const char *bureau;        /* {{bureau}}: the county's 就业服务中心 */
    long long starts_at;       /* {{start_time}} */
    long long ends_at;         /* {{end_time}} */
    long long pay_fen;         /* {{pay}} with pay_unit */
    const char *pay_unit;      /* hour, day, piece, gig */
    long long drafted_at;      /* {{drafted_date}} */
};

#define AGREEMENT_MAX_TEXT  65536 /* bytes of canonical text */
#define AGREEMENT_MAX_BODY  20000 /* code points of a template body */
#define AGREEMENT_MAX_TITLE 60

/* Checks a template body: valid UTF-8, at most AGREEMENT_MAX_BODY code points, every {{...}} a known
 * placeholder, every brace pair closed, and the required ones present (employer_name, worker_name, duties,
 * start_time, end_time, work_place, pay, bureau). Returns 0, or -1 with a zh-CN reason in why. */
int agreement_template_check(const char *body, char *why, size_t cap);

/* Renders the canonical text of an agreement: "title\n协议编号：no\n协议模板：code 第 N 版\n\n" + the body
 * with placeholders replaced, then normalised (CR LF and CR become LF, other control characters go, tabs
 * become spaces, trailing spaces go, runs of blank lines become one, no leading blank line, exactly one
 * final LF; single-line fields have their line breaks turned into spaces). Returns the length and sets
 * *out (malloc'd, NUL-terminated, the caller frees), or -1 (bad template, invalid UTF-8, over
 * AGREEMENT_MAX_TEXT, out of memory). */
long agreement_render(const char *title, const char *code, long long version, const char *body,
                      const struct agreement_terms *t, char **out);

/* Lowercase hex SHA-256 of n bytes into hex (65 bytes with the NUL). */
void agreement_sha256_hex(const void *data, size_t n, char hex[65]);

/* One party's signing event as the seal covers it. */
struct agreement_event {
    const char *role; /* "employer" or "worker" */
    long long account_id;
    long long signed_at; /* unix seconds */
    const char *ip;
    const char *user_agent;
    const char *text_sha256; /* the hash the party signed */
    const char *intent;      /* the intent statement confirmed */
};

/* The bytes the server signs: a versioned line format of the agreement id, the text hash, key id, seal
 * time and both events (employer first, then worker; values escaped so no field can forge a line).
 * Returns the length and sets *out (malloc'd, the caller frees), or -1. */
long agreement_seal_payload(long long agreement_id, const char *text_sha256, const char *key_id,
                            long long sealed_at, const struct agreement_event *employer,
                            const struct agreement_event *worker, char **out);

/* One entry of the agreement log. */
struct agreement_log_entry {
    long long seq;
    long long agreement_id;
    const char *text_sha256;
    const char *payload_sha256;
    const unsigned char *signature; /* 64 bytes */
    const char *key_id;
    long long sealed_at;
    const unsigned char *prev_hash; /* 32 bytes: the previous entry's hash, zeros for seq 1 */
};
/* The entry's hash (SHA-256 over its canonical form, which includes prev_hash) into out. Returns 0, or -1
 * when a field is missing or too long. */
int agreement_log_hash(const struct agreement_log_entry *e, unsigned char out[32]);

/* Asia/Shanghai wall time of t: "2026年11月22日 08:00" (out >= 32 bytes), and the date alone
 * "2026年11月22日"; "—" for a t outside the years 1-9999 (UTC). Return out. */
char *agreement_local_time(long long t, char *out, size_t cap);
char *agreement_local_date(long long t, char *out, size_t cap);

/* The statement a party confirms when signing; POST /agreements/{id}/sign must send exactly this. */
extern const char agreement_intent_statement[];

#endif
