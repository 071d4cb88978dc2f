/* libFuzzer harness for the pure functions behind agreement verification (GET /agreements/{id}/verify and
 * `linggongd verify-agreements`, svc/agreement.c): the canonical text (agreement_template_check,
 * agreement_render), the seal payload (agreement_seal_payload) and its Ed25519 seal (ext/seal.c), and the
 * hash of a log entry that links the chain (agreement_log_hash). The walk itself reads MariaDB and is not
 * fuzzed here; what it trusts is. Checks:
 *   render: succeeds only for a template that passes the check; the text is valid UTF-8 without control
 *     characters other than LF, without CR, tabs, U+FEFF, trailing spaces, leading or doubled blank
 *     lines, ends in exactly one LF, is at most AGREEMENT_MAX_TEXT bytes, and is the same bytes twice;
 *   seal payload: 19 "key=value" lines in the fixed order whose unescaped values are exactly the inputs
 *     (no value can forge a line); the seal of it verifies, with the raw public key too, and a payload
 *     changed in one byte does not;
 *   log entry: its hash is the same twice and changes when any field does, including when bytes move
 *     from one text field to the next (the canonical form is injective);
 *   seal_verify_with on any key, signature and message answers -1, 0 or 1.
 * Input: byte 0 picks the mode (mod 4); then 5 (render) or 6 (payload, log) little-endian int64 and
 * NUL-separated strings (render: title, code, body, then the terms in struct order and pay_unit; payload:
 * text_sha256, key_id, then ip, user_agent, text_sha256, intent of the employer and of the worker; log:
 * text_sha256, payload_sha256, key_id, then 64 bytes of signature and 32 of prev_hash); mode 3: 32 bytes
 * of public key, 64 of signature, the message.
 * FUZZ_SOURCE: server/src/domain/agreement.c
 * FUZZ_SOURCE: server/src/domain/money.c
 * FUZZ_SOURCE: server/src/domain/strbuf.c
 * FUZZ_SOURCE: server/src/ext/seal.c
 * FUZZ_SOURCE: server/src/ext/crypto.c
 * FUZZ_LIBS: -lcrypto */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/agreement.h"
#include "ext/seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "fuzz_agreement.c:%d: check failed: %s\n", __LINE__, #c);                        \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

/* ------------------------------------------------------------------------------------------- input */

struct cursor {
    const uint8_t *p, *end;
};

static long long next_i64(struct cursor *c)
{
    int64_t v = 0;
    size_t n = (size_t)(c->end - c->p) < 8 ? (size_t)(c->end - c->p) : 8;
    memcpy(&v, c->p, n);
    c->p += n;
    return v;
}

/* The next NUL-terminated string (the input's bytes, not copied), or NULL when the input has run out. */
static const char *next_str(struct cursor *c)
{
    if (c->p >= c->end)
        return NULL;
    const uint8_t *z = memchr(c->p, '\0', (size_t)(c->end - c->p));
    if (!z)
        return NULL; /* the last bytes have no NUL: the caller's copy ends with one (see the entry point) */
    const char *s = (const char *)c->p;
    c->p = z + 1;
    return s;
}

/* ------------------------------------------------------------------------------------------ render */

/* Length of the valid UTF-8 sequence at s (not overlong, no surrogate, <= U+10FFFF), 0 when invalid. */
static int utf8_seq(const unsigned char *s, size_t left)
{
    unsigned cp;
    int n;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0)
        n = 2, cp = s[0] & 0x1Fu;
    else if ((s[0] & 0xF0) == 0xE0)
        n = 3, cp = s[0] & 0x0Fu;
    else if ((s[0] & 0xF8) == 0xF0)
        n = 4, cp = s[0] & 0x07u;
    else
        return 0;
    if ((size_t)n > left)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3Fu);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static void check_canonical(const char *t, long n)
{
    CHECK(n > 0 && n <= AGREEMENT_MAX_TEXT && (size_t)n == strlen(t));
    CHECK(t[0] != '\n' && t[n - 1] == '\n');
    CHECK(n < 2 ||
          !(t[n - 2] == '\n' && (n < 3 || t[n - 3] == '\n'))); /* one LF, not a blank line, ends it */
    CHECK(strstr(t, "\n\n\n") == NULL && strstr(t, " \n") == NULL && strstr(t, "\xef\xbb\xbf") == NULL);
    for (long i = 0; i < n;) {
        unsigned char c = (unsigned char)t[i];
        CHECK(c == '\n' || (c >= 0x20 && c != 0x7f));
        int k = utf8_seq((const unsigned char *)t + i, (size_t)(n - i));
        CHECK(k > 0);
        i += k;
    }
}

static void render(struct cursor *c)
{
    long long version = next_i64(c);
    struct agreement_terms t;
    memset(&t, 0, sizeof t);
    t.starts_at = next_i64(c);
    t.ends_at = next_i64(c);
    t.pay_fen = next_i64(c);
    t.drafted_at = next_i64(c);
    const char *title = next_str(c), *code = next_str(c), *body = next_str(c);
    const char **terms[] = {&t.agreement_no, &t.employer_name, &t.employer_code, &t.worker_name,
                            &t.worker_id,    &t.gig_title,     &t.job_type,      &t.duties,
                            &t.work_place,   &t.bureau,        &t.pay_unit};
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
        *terms[i] = next_str(c);
    char why[160];
    int ok = agreement_template_check(body, why, sizeof why);
    CHECK(ok == 0 || ok == -1);
    if (ok != 0)
        CHECK(why[0] != '\0' && strlen(why) < sizeof why);
    char *out = NULL, *again = NULL;
    long n = agreement_render(title, code, version, body, &t, &out);
    CHECK(n >= -1);
    if (n < 0) {
        CHECK(out == NULL);
        return;
    }
    CHECK(ok == 0 && title && code && out);
    check_canonical(out, n);
    long n2 = agreement_render(title, code, version, body, &t, &again);
    CHECK(n2 == n && memcmp(out, again, (size_t)n) == 0);
    char hex[65];
    agreement_sha256_hex(out, (size_t)n, hex);
    CHECK(strlen(hex) == 64 && strspn(hex, "0123456789abcdef") == 64);
    free(out);
    free(again);
}

/* ------------------------------------------------------------------------------------ seal payload */

/* Unescapes the value of one payload line ([s, s+n), after "key=") into out; -1 on a bad escape. */
static long unescape(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7f); /* raw control bytes never reach a line */
            out[o++] = s[i];
            continue;
        }
        if (i + 1 < n && s[i + 1] == '\\')
            out[o++] = '\\', i++;
        else if (i + 1 < n && s[i + 1] == 'n')
            out[o++] = '\n', i++;
        else if (i + 3 < n && s[i + 1] == 'x') {
            unsigned v;
            char hx[3] = {s[i + 2], s[i + 3], 0};
            if (sscanf(hx, "%2x", &v) != 1)
                return -1;
            out[o++] = (char)v;
            i += 3;
        } else {
            return -1;
        }
    }
    out[o] = '\0';
    return (long)o;
}

static EVP_PKEY *test_key(void)
{
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    CHECK(k != NULL);
    BIO *bio = BIO_new(BIO_s_mem());
    CHECK(bio && PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL) == 1);
    char pem[512];
    int len = BIO_read(bio, pem, sizeof pem - 1);
    CHECK(len > 0);
    pem[len] = '\0';
    CHECK(seal_init(pem) == 0 && seal_enabled());
    BIO_free(bio);
    return k;
}

static void payload(struct cursor *c, int flip)
{
    long long id = next_i64(c), sealed_at = next_i64(c);
    struct agreement_event e = {.role = "employer"}, w = {.role = "worker"};
    e.account_id = next_i64(c);
    e.signed_at = next_i64(c);
    w.account_id = next_i64(c);
    w.signed_at = next_i64(c);
    const char *sha = next_str(c), *key_id = next_str(c);
    e.ip = next_str(c), e.user_agent = next_str(c), e.text_sha256 = next_str(c), e.intent = next_str(c);
    w.ip = next_str(c), w.user_agent = next_str(c), w.text_sha256 = next_str(c), w.intent = next_str(c);
    char *out = NULL;
    long n = agreement_seal_payload(id, sha, key_id, sealed_at, &e, &w, &out);
    if (!sha || !key_id) {
        CHECK(n == -1 && out == NULL);
        return;
    }
    CHECK(n > 0 && out && (size_t)n == strlen(out) && out[n - 1] == '\n');
    /* the lines, in order, and the values they must carry */
    char nums[6][24];
    snprintf(nums[0], 24, "%lld", id);
    snprintf(nums[1], 24, "%lld", sealed_at);
    snprintf(nums[2], 24, "%lld", e.account_id);
    snprintf(nums[3], 24, "%lld", e.signed_at);
    snprintf(nums[4], 24, "%lld", w.account_id);
    snprintf(nums[5], 24, "%lld", w.signed_at);
    const struct {
        const char *key, *value;
    } want[] = {
        {"agreement", nums[0]},
        {"text_sha256", sha},
        {"key_id", key_id},
        {"sealed_at", nums[1]},
        {"event", "employer"},
        {"account", nums[2]},
        {"signed_at", nums[3]},
        {"ip", e.ip},
        {"user_agent", e.user_agent},
        {"text_sha256", e.text_sha256},
        {"intent", e.intent},
        {"event", "worker"},
        {"account", nums[4]},
        {"signed_at", nums[5]},
        {"ip", w.ip},
        {"user_agent", w.user_agent},
        {"text_sha256", w.text_sha256},
        {"intent", w.intent},
    };
    const char *magic = "linggong-agreement-seal/1\n";
    CHECK(strncmp(out, magic, strlen(magic)) == 0);
    const char *p = out + strlen(magic);
    char *value = malloc((size_t)n + 1);
    CHECK(value != NULL);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *nl = strchr(p, '\n');
        CHECK(nl != NULL);
        size_t klen = strlen(want[i].key);
        CHECK(strncmp(p, want[i].key, klen) == 0 && p[klen] == '=');
        long v = unescape(p + klen + 1, (size_t)(nl - p - (long)klen - 1), value);
        CHECK(v >= 0 && strcmp(value, want[i].value ? want[i].value : "") == 0);
        p = nl + 1;
    }
    CHECK(*p == '\0'); /* 19 lines with the magic one, no more */
    free(value);

    unsigned char sig[64], raw[32];
    CHECK(seal_sign(out, (size_t)n, sig) == 0);
    CHECK(seal_verify(out, (size_t)n, sig) == 1);
    CHECK(seal_public_raw(raw) == 0 && seal_verify_with(raw, out, (size_t)n, sig) == 1);
    out[(size_t)flip % (size_t)n] ^= (char)(1 + (flip >> 8) % 255);
    CHECK(seal_verify(out, (size_t)n, sig) == 0);
    free(out);
}

/* ------------------------------------------------------------------------------------------ log hash */

static void log_hash(struct cursor *c)
{
    struct agreement_log_entry e;
    e.seq = next_i64(c);
    e.agreement_id = next_i64(c);
    e.sealed_at = next_i64(c);
    unsigned long long pick = (unsigned long long)next_i64(c);
    next_i64(c);
    next_i64(c);
    e.text_sha256 = next_str(c);
    e.payload_sha256 = next_str(c);
    e.key_id = next_str(c);
    unsigned char sig[64] = {0}, prev[32] = {0};
    size_t left = (size_t)(c->end - c->p);
    memcpy(sig, c->p, left < 64 ? left : 64);
    if (left > 64)
        memcpy(prev, c->p + 64, left - 64 < 32 ? left - 64 : 32);
    e.signature = sig;
    e.prev_hash = prev;
    unsigned char h1[32], h2[32];
    int rc = agreement_log_hash(&e, h1);
    if (!e.text_sha256 || !e.payload_sha256 || !e.key_id) {
        CHECK(rc == -1);
        return;
    }
    CHECK(rc == 0 && agreement_log_hash(&e, h2) == 0 && memcmp(h1, h2, 32) == 0);
    /* one field changed: another hash (the chain notices) */
    struct agreement_log_entry f = e;
    unsigned char sig2[64], prev2[32];
    memcpy(sig2, sig, 64);
    memcpy(prev2, prev, 32);
    char *moved_a = NULL, *moved_b = NULL;
    switch (pick % 6) {
    case 0:
        f.seq ^= (long long)(1 + (pick >> 8 & 0xff));
        break;
    case 1:
        f.sealed_at ^= 1;
        break;
    case 2:
        prev2[(pick >> 8) % 32] ^= 1;
        f.prev_hash = prev2;
        break;
    case 3:
        sig2[(pick >> 8) % 64] ^= 0x80;
        f.signature = sig2;
        break;
    default: {
        /* the last byte of text_sha256 moves to the front of payload_sha256 (or of key_id) */
        const char *a = e.text_sha256, *b = (pick % 6) == 4 ? e.payload_sha256 : e.key_id;
        size_t la = strlen(a), lb = strlen(b);
        if (la == 0)
            return;
        moved_a = malloc(la);
        moved_b = malloc(lb + 2);
        CHECK(moved_a && moved_b);
        memcpy(moved_a, a, la - 1);
        moved_a[la - 1] = '\0';
        moved_b[0] = a[la - 1];
        memcpy(moved_b + 1, b, lb + 1);
        f.text_sha256 = moved_a;
        if ((pick % 6) == 4)
            f.payload_sha256 = moved_b;
        else
            f.key_id = moved_b;
        break;
    }
    }
    CHECK(agreement_log_hash(&f, h2) == 0);
    CHECK(memcmp(h1, h2, 32) != 0);
    free(moved_a);
    free(moved_b);
}

/* --------------------------------------------------------------------------------------- any key */

static void any_key(const uint8_t *d, size_t n)
{
    if (n < 96)
        return;
    int rc = seal_verify_with(d, d + 96, n - 96, d + 32);
    CHECK(rc == -1 || rc == 0 || rc == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static EVP_PKEY *key;
    if (!key)
        key = test_key();
    if (size < 1 || size > 70000)
        return 0;
    /* a copy ending in NUL, so the last string is terminated and ASan sees reads past it */
    uint8_t *copy = malloc(size + 1);
    CHECK(copy != NULL);
    memcpy(copy, data, size);
    copy[size] = '\0';
    struct cursor c = {copy + 1, copy + size + 1};
    switch (data[0] % 4) {
    case 0:
        render(&c);
        break;
    case 1:
        payload(&c, (int)size * 7 + data[size - 1]);
        break;
    case 2:
        log_hash(&c);
        break;
    default:
        any_key(copy + 1, size - 1);
        break;
    }
    free(copy);
    return 0;
}
