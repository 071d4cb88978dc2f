/* libFuzzer harness for ext/token.c: token_verify (libjwt 1.10 underneath) on fuzzed tokens with a fixed
 * key, and token_issue -> token_verify round trips of fuzzed claims. Checks: a result of the enum; an
 * accepted token is three base64url parts whose third is the HMAC-SHA256 of the first two under the key,
 * whose header says HS256 and whose claims pass every rule token.h promises (iss, aud, kind, sub > 0, exp
 * and nbf with the leeway, typ, fam on every token); claims come back NUL-terminated; an issued token
 * verifies as its own type with the claims it was issued with, and as the other type it does not.
 * Input: byte 0 picks the mode, byte 1 the wanted type (bit 0) and the leeway (the rest, 0-127 s), then
 *   mode 0: the token as sent;
 *   mode 1: "header JSON\npayload JSON", signed here with the right key;
 *   mode 2: the same signed with another key, or with the signature cut short;
 *   mode 3: the same with no signature ("alg": "none" style);
 *   mode 4: claims for token_issue: sub (8 bytes), tv (4), ttl (4), then kind, role, jti, fam, region
 *           separated by NUL bytes.
 * FUZZ_SOURCE: server/src/ext/token.c
 * FUZZ_LIBS: -ljwt -ljansson -lcrypto */
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ext/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                                             \
    do {                                                                                                     \
        if (!(c)) {                                                                                          \
            fprintf(stderr, "fuzz_token.c:%d: check failed: %s\n", __LINE__, #c);                            \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

#define NOW 1760000000LL

static const char secret[] = "fuzz-secret-0123456789abcdef0123456789abcdef";
static const struct token_keys keys = {(const unsigned char *)secret, sizeof secret - 1, "linggong",
                                       "linggong-api"};

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* base64url without padding of n bytes into out (4n/3 + 4 bytes); returns the length. */
static size_t b64url(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v =
            (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = b64[v >> 18 & 63];
        out[o++] = b64[v >> 12 & 63];
        if (i + 1 < n)
            out[o++] = b64[v >> 6 & 63];
        if (i + 2 < n)
            out[o++] = b64[v & 63];
    }
    out[o] = '\0';
    return o;
}

/* Decodes base64url (no padding) of [s, s+n) into out; returns the length or -1. */
static long unb64url(const char *s, size_t n, unsigned char *out, size_t cap)
{
    unsigned v = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = s[i] ? strchr(b64, s[i]) : NULL;
        if (!p)
            return -1;
        v = v << 6 | (unsigned)(p - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o == cap)
                return -1;
            out[o++] = (unsigned char)(v >> bits);
        }
    }
    return (long)o;
}

static void hs256(const void *key, size_t klen, const char *msg, size_t n, unsigned char mac[32])
{
    unsigned len = 0;
    CHECK(HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)msg, n, mac, &len) != NULL && len == 32);
}

static int terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

/* The rules an accepted token must meet, checked from its text independently of libjwt. */
static void check_accepted(const char *tok, enum token_type want, long leeway, const struct token_claims *c)
{
    const char *d1 = strchr(tok, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    CHECK(d1 && d2 && !strchr(d2 + 1, '.'));
    unsigned char mac[32], sig[64], hdr[4096];
    hs256(secret, sizeof secret - 1, tok, (size_t)(d2 - tok), mac);
    long n = unb64url(d2 + 1, strlen(d2 + 1), sig, sizeof sig);
    CHECK(n == 32 && memcmp(sig, mac, 32) == 0);
    long h = unb64url(tok, (size_t)(d1 - tok), hdr, sizeof hdr - 1);
    CHECK(h > 0);
    hdr[h] = '\0'; /* libjwt reads the header as a C string: what follows a NUL is signed but not read */
    json_t *j = json_loads((const char *)hdr, 0, NULL);
    /* libjwt 1.10 reads alg case-insensitively ("hS256" is HS256): harmless, the MAC checked above is
     * HMAC-SHA256 under our key whatever the spelling */
    CHECK(j && json_is_string(json_object_get(j, "alg")) &&
          strcasecmp(json_string_value(json_object_get(j, "alg")), "HS256") == 0);
    json_decref(j);
    /* the claims as signed, read here: the issuer, audience and type token_verify must have insisted on */
    static unsigned char body[6000];
    long b = unb64url(d1 + 1, (size_t)(d2 - d1 - 1), body, sizeof body - 1);
    CHECK(b > 0);
    body[b] = '\0';
    j = json_loads((const char *)body, 0, NULL);
    CHECK(j != NULL);
    const char *iss = json_string_value(json_object_get(j, "iss")),
               *aud = json_string_value(json_object_get(j, "aud"));
    const char *typ = json_string_value(json_object_get(j, "typ"));
    CHECK(iss && strcmp(iss, keys.issuer) == 0 && aud && strcmp(aud, keys.audience) == 0);
    CHECK(typ && strcmp(typ, want == TOKEN_ACCESS ? "access" : "refresh") == 0);
    json_decref(j);
    CHECK(c->type == want);
    CHECK(terminated(c->kind, sizeof c->kind) && terminated(c->role, sizeof c->role) &&
          terminated(c->region, sizeof c->region) && terminated(c->jti, sizeof c->jti) &&
          terminated(c->fam, sizeof c->fam));
    CHECK(strcmp(c->kind, "user") == 0 || strcmp(c->kind, "admin") == 0);
    CHECK(c->sub > 0);
    CHECK((__int128)c->exp + leeway >= NOW);
    CHECK(c->fam[0]);
}

static enum token_result verify(const char *tok, enum token_type want, long leeway, struct token_claims *c)
{
    enum token_result rc = token_verify(&keys, tok, want, NOW, leeway, c);
    CHECK(rc >= TOKEN_OK && rc <= TOKEN_WRONG_TYPE);
    if (rc == TOKEN_OK)
        check_accepted(tok, want, leeway, c);
    return rc;
}

/* Copies the next NUL-separated field of [*p, end) into out (cut to cap - 1). */
static void field(const uint8_t **p, const uint8_t *end, char *out, size_t cap)
{
    const uint8_t *z = memchr(*p, '\0', (size_t)(end - *p));
    size_t len = (size_t)((z ? z : end) - *p);
    size_t c = len < cap - 1 ? len : cap - 1;
    memcpy(out, *p, c);
    out[c] = '\0';
    *p = z ? z + 1 : end;
}

static void round_trip(const uint8_t *d, size_t n, long leeway)
{
    struct token_claims in, out;
    memset(&in, 0, sizeof in);
    if (n < 16)
        return;
    int64_t sub;
    int32_t tv, ttl;
    memcpy(&sub, d, 8);
    memcpy(&tv, d + 8, 4);
    memcpy(&ttl, d + 12, 4);
    const uint8_t *p = d + 16, *end = d + n;
    field(&p, end, in.kind, sizeof in.kind);
    field(&p, end, in.role, sizeof in.role);
    field(&p, end, in.jti, sizeof in.jti);
    field(&p, end, in.fam, sizeof in.fam);
    field(&p, end, in.region, sizeof in.region);
    in.sub = sub;
    in.tv = tv;
    in.type = (sub & 1) ? TOKEN_REFRESH : TOKEN_ACCESS;
    long life = ttl % 100000; /* issued tokens live seconds to days */
    char *tok = token_issue(&keys, &in, NOW, life);
    if (!tok)
        return;
    enum token_result rc = verify(tok, in.type, leeway, &out);
    int expect_ok = in.sub > 0 && (strcmp(in.kind, "user") == 0 || strcmp(in.kind, "admin") == 0) &&
                    life + leeway >= 0 && in.fam[0]; /* every token names its family (access ones too) */
    if (expect_ok) {
        CHECK(rc == TOKEN_OK);
        CHECK(out.sub == in.sub && out.tv == in.tv && strcmp(out.kind, in.kind) == 0 &&
              strcmp(out.role, in.role) == 0 && strcmp(out.jti, in.jti) == 0 &&
              strcmp(out.region, in.region) == 0 && out.exp == NOW + life && out.iat == NOW);
        CHECK(strcmp(out.fam, in.fam) == 0);
        enum token_type other = in.type == TOKEN_ACCESS ? TOKEN_REFRESH : TOKEN_ACCESS;
        CHECK(verify(tok, other, leeway, &out) == TOKEN_WRONG_TYPE);
    }
    free(tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 6000)
        return 0;
    int mode = data[0] % 5;
    enum token_type want = data[1] & 1 ? TOKEN_REFRESH : TOKEN_ACCESS;
    long leeway = data[1] >> 1;
    const uint8_t *d = data + 2;
    size_t n = size - 2;
    struct token_claims c;
    if (mode == 4) {
        round_trip(d, n, leeway);
        return 0;
    }
    char *tok = malloc(2 * n + 200);
    CHECK(tok != NULL);
    if (mode == 0) {
        memcpy(tok, d, n);
        tok[n] = '\0';
    } else {
        const uint8_t *nl = memchr(d, '\n', n);
        size_t hl = nl ? (size_t)(nl - d) : n;
        size_t o = b64url(d, hl, tok);
        tok[o++] = '.';
        o += b64url(nl ? nl + 1 : d + n, nl ? n - hl - 1 : 0, tok + o);
        if (mode == 1 || mode == 2) {
            unsigned char mac[32];
            if (mode == 1)
                hs256(secret, sizeof secret - 1, tok, o, mac);
            else
                hs256("another key", 11, tok, o, mac);
            tok[o++] = '.';
            o += b64url(mac, mode == 2 && (hl & 1) ? hl % 32 : 32, tok + o);
        } else {
            tok[o++] = '.';
            tok[o] = '\0';
        }
    }
    enum token_result rc = verify(tok, want, leeway, &c);
    if (mode == 2 || mode == 3)
        CHECK(rc != TOKEN_OK);
    free(tok);
    return 0;
}
