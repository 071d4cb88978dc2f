/* Cryptographic helpers over OpenSSL 3 (EVP interfaces only). No key storage, no I/O, no logging:
 * failures are reported by return value and callers decide what the client sees. The one piece of state is
 * the gate that bounds how many scrypt password checks run at once (crypto_password_verify_bounded). */
#include "ext/crypto.h"

#include <errno.h>
#include <malloc.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int crypto_random(void *buf, size_t n)
{
    return RAND_bytes(buf, (int)n) == 1 ? 0 : -1;
}

void crypto_hex(const unsigned char *in, size_t n, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[in[i] >> 4];
        out[2 * i + 1] = hx[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int crypto_random_hex(size_t nbytes, char *out)
{
    unsigned char buf[64];
    if (nbytes > sizeof buf || crypto_random(buf, nbytes) != 0)
        return -1;
    crypto_hex(buf, nbytes, out);
    return 0;
}

void crypto_sha256(const void *data, size_t n, unsigned char out[32])
{
    SHA256(data, n, out);
}

void crypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n, unsigned char out[32])
{
    unsigned int len = 32;
    HMAC(EVP_sha256(), key, (int)keylen, data, n, out, &len);
}

int crypto_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

long crypto_seal(const unsigned char key[32], int version, const char *aad, const void *plain, size_t n,
                 unsigned char *out, size_t cap)
{
    long rc = -1;
    int len = 0;
    EVP_CIPHER_CTX *ctx = NULL;
    if (cap < n + 29 || version < 0 || version > 255)
        goto out;
    out[0] = (unsigned char)version;
    if (crypto_random(out + 1, 12) != 0)
        goto out;
    ctx = EVP_CIPHER_CTX_new();
    if (!ctx || EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, out + 1) != 1)
        goto out;
    if (EVP_EncryptUpdate(ctx, NULL, &len, (const unsigned char *)aad, (int)strlen(aad)) != 1)
        goto out;
    if (EVP_EncryptUpdate(ctx, out + 13, &len, plain, (int)n) != 1)
        goto out;
    int fin = 0;
    if (EVP_EncryptFinal_ex(ctx, out + 13 + len, &fin) != 1)
        goto out;
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out + 13 + n) != 1)
        goto out;
    rc = (long)(n + 29);
out:
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

long crypto_open(const unsigned char key[32], const char *aad, const unsigned char *sealed, size_t sealed_len,
                 char *out, size_t cap, int *version)
{
    long rc = -1;
    int len = 0, fin = 0;
    EVP_CIPHER_CTX *ctx = NULL;
    if (sealed_len < 29 || cap < sealed_len - 29 + 1)
        goto out;
    size_t n = sealed_len - 29;
    ctx = EVP_CIPHER_CTX_new();
    if (!ctx || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, sealed + 1) != 1)
        goto out;
    if (EVP_DecryptUpdate(ctx, NULL, &len, (const unsigned char *)aad, (int)strlen(aad)) != 1)
        goto out;
    if (EVP_DecryptUpdate(ctx, (unsigned char *)out, &len, sealed + 13, (int)n) != 1)
        goto out;
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(sealed + 13 + n)) != 1)
        goto out;
    if (EVP_DecryptFinal_ex(ctx, (unsigned char *)out + len, &fin) != 1) {
        memset(out, 0, n);
        goto out;
    }
    out[n] = '\0';
    if (version)
        *version = sealed[0];
    rc = (long)n;
out:
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

void crypto_lookup_hash(const unsigned char key[32], const char *purpose, const char *value,
                        unsigned char out[32])
{
    unsigned char sub[32];
    char label[96];
    snprintf(label, sizeof label, "linggong lookup v1 %s", purpose);
    crypto_hmac_sha256(key, 32, label, strlen(label), sub);
    crypto_hmac_sha256(sub, sizeof sub, value, strlen(value), out);
    OPENSSL_cleanse(sub, sizeof sub);
}

/* scrypt's working memory (128·N·r bytes, 16 MiB at SCRYPT_N) is one malloc per call inside OpenSSL.
 * glibc serves the first such block with mmap, then raises its mmap threshold to that size when the block
 * is freed (the "dynamic threshold"), so every later one comes from the calling thread's arena and stays
 * resident there after free: each worker thread that ever checked a password kept its 16 MiB (measured:
 * RSS +448 MiB after 50 sign-ins over 16 threads). A fixed threshold below that size turns the dynamic
 * rule off, so the block is mapped for each check and unmapped when it is freed. */
#define SCRYPT_MMAP_THRESHOLD (1 << 20)
static pthread_once_t malloc_once = PTHREAD_ONCE_INIT;
static void malloc_setup(void)
{
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, SCRYPT_MMAP_THRESHOLD);
#endif
}

static int scrypt_raw(const char *password, const unsigned char *salt, size_t saltlen, unsigned long n_cost,
                      unsigned long r, unsigned long p, unsigned char *out, size_t outlen)
{
    pthread_once(&malloc_once, malloc_setup);
    /* maxmem must cover 128 * N * r bytes plus slack, or OpenSSL refuses. */
    unsigned long long maxmem = 128ULL * n_cost * r * (p + 1) + (1u << 20);
    return EVP_PBE_scrypt(password, strlen(password), salt, saltlen, n_cost, r, p, maxmem, out, outlen) == 1
               ? 0
               : -1;
}

int crypto_password_hash(const char *password, unsigned long n_cost, char *out, size_t cap)
{
    unsigned char salt[16], hash[32];
    char salthex[33], hashhex[65];
    if (crypto_random(salt, sizeof salt) != 0)
        return -1;
    if (scrypt_raw(password, salt, sizeof salt, n_cost, 8, 1, hash, sizeof hash) != 0)
        return -1;
    crypto_hex(salt, sizeof salt, salthex);
    crypto_hex(hash, sizeof hash, hashhex);
    int n = snprintf(out, cap, "scrypt$%lu$8$1$%s$%s", n_cost, salthex, hashhex);
    OPENSSL_cleanse(hash, sizeof hash);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static int unhex(const char *s, size_t n, unsigned char *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned int b;
        if (sscanf(s + 2 * i, "%2x", &b) != 1)
            return -1;
        out[i] = (unsigned char)b;
    }
    return 0;
}

int crypto_password_verify(const char *password, const char *encoded)
{
    unsigned long n_cost, r, p;
    char salthex[33], hashhex[65];
    unsigned char salt[16], want[32], got[32];
    if (sscanf(encoded, "scrypt$%lu$%lu$%lu$%32[0-9a-f]$%64[0-9a-f]", &n_cost, &r, &p, salthex, hashhex) != 5)
        return -1;
    if (strlen(salthex) != 32 || strlen(hashhex) != 64 || n_cost < 2 || n_cost > (1ul << 20) ||
        (n_cost & (n_cost - 1)) != 0 || r < 1 || r > 32 || p < 1 || p > 16)
        return -1;
    if (unhex(salthex, 16, salt) != 0 || unhex(hashhex, 32, want) != 0)
        return -1;
    if (scrypt_raw(password, salt, sizeof salt, n_cost, r, p, got, sizeof got) != 0)
        return -1;
    int ok = crypto_equal(got, want, sizeof got);
    OPENSSL_cleanse(got, sizeof got);
    return ok;
}

/* The gate: a counting semaphore whose size the caller passes at each call (the configured value), so it
 * needs no set-up. busy counts checks running now. */
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_busy;

/* Takes a slot, waiting until the realtime deadline; 0 or -1 (no slot freed in time). */
static int gate_enter(int slots, long wait_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    int rc = 0;
    pthread_mutex_lock(&gate_mu);
    while (gate_busy >= slots && rc == 0)
        rc = pthread_cond_timedwait(&gate_cv, &gate_mu, &until) == ETIMEDOUT ? -1 : 0;
    if (gate_busy < slots) { /* a slot may have freed just as the wait timed out */
        gate_busy++;
        rc = 0;
    }
    pthread_mutex_unlock(&gate_mu);
    return rc;
}

static void gate_leave(void)
{
    pthread_mutex_lock(&gate_mu);
    gate_busy--;
    pthread_cond_signal(&gate_cv);
    pthread_mutex_unlock(&gate_mu);
}

int crypto_password_verify_bounded(const char *password, const char *encoded, int slots, long wait_ms)
{
    if (slots < 1)
        slots = 1;
    if (gate_enter(slots, wait_ms < 0 ? 0 : wait_ms) != 0)
        return CRYPTO_VERIFY_BUSY;
    int rc = crypto_password_verify(password, encoded);
    gate_leave();
    return rc;
}

long crypto_b64url_encode(const unsigned char *in, size_t n, char *out, size_t cap)
{
    static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned long v = (unsigned long)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned long)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        int chars = i + 2 < n ? 4 : (i + 1 < n ? 3 : 2);
        if (o + (size_t)chars + 1 > cap)
            return -1;
        for (int k = 0; k < chars; k++)
            out[o++] = tbl[(v >> (18 - 6 * k)) & 63];
    }
    out[o] = '\0';
    return (long)o;
}
