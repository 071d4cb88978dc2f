/* Site codes: RFC 6238 TOTP (HMAC-SHA256, dynamic truncation, T0 = 0). The step and digit count are
 * parameters of sitecode_totp so the RFC's own 30 s / 8-digit vectors test it; the public code is 60 s /
 * 6 digits. Pure computation: no I/O, no clock, no randomness; secrets and codes are never logged. */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "domain/sitecode.h"

static const uint32_t pow10[10] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

/* HOTP (RFC 4226 with SHA-256) of `counter`, written as `digits` digits plus NUL. 0 or -1. */
static int hotp(const unsigned char *secret, size_t len, uint64_t counter, unsigned digits, char *out)
{
    unsigned char msg[8], md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    for (int i = 7; i >= 0; i--) {
        msg[i] = (unsigned char)(counter & 0xff);
        counter >>= 8;
    }
    if (len > (size_t)0x7fffffff ||
        HMAC(EVP_sha256(), secret, (int)len, msg, sizeof msg, md, &md_len) == NULL)
        return -1;
    unsigned off = md[md_len - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(md[off] & 0x7f) << 24) | ((uint32_t)md[off + 1] << 16) |
                   ((uint32_t)md[off + 2] << 8) | (uint32_t)md[off + 3];
    OPENSSL_cleanse(md, sizeof md);
    uint32_t v = bin % pow10[digits];
    for (int i = (int)digits - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
    out[digits] = '\0';
    return 0;
}

int sitecode_totp(const unsigned char *secret, size_t len, int64_t unix_time, unsigned step, unsigned digits,
                  char *out)
{
    if (secret == NULL || len == 0 || unix_time < 0 || step == 0 || digits < 1 || digits > 9)
        return -1;
    return hotp(secret, len, (uint64_t)unix_time / step, digits, out);
}

int sitecode_at(const unsigned char *secret, size_t len, int64_t unix_time, char out[SITECODE_DIGITS + 1])
{
    return sitecode_totp(secret, len, unix_time, SITECODE_STEP, SITECODE_DIGITS, out);
}

int sitecode_verify(const unsigned char *secret, size_t len, const char *code, int64_t now,
                    unsigned skew_steps)
{
    if (secret == NULL || len == 0 || now < 0 || skew_steps > SITECODE_MAX_SKEW)
        return -1;
    if (code == NULL || strnlen(code, SITECODE_DIGITS + 1) != SITECODE_DIGITS)
        return 0;
    for (int i = 0; i < SITECODE_DIGITS; i++)
        if (code[i] < '0' || code[i] > '9')
            return 0;

    uint64_t current = (uint64_t)now / SITECODE_STEP;
    int match = 0, failed = 0;
    for (int64_t d = -(int64_t)skew_steps; d <= (int64_t)skew_steps; d++) {
        if (d < 0 && (uint64_t)-d > current)
            continue; /* before the epoch */
        char cand[SITECODE_DIGITS + 1];
        if (hotp(secret, len, current + (uint64_t)d, SITECODE_DIGITS, cand) != 0) {
            failed = 1;
            continue;
        }
        match |= CRYPTO_memcmp(cand, code, SITECODE_DIGITS) == 0;
        OPENSSL_cleanse(cand, sizeof cand);
    }
    if (failed)
        return -1;
    return match;
}

int sitecode_seconds_left(int64_t now)
{
    if (now < 0)
        return 0;
    return SITECODE_STEP - (int)(now % SITECODE_STEP);
}
