/* Ed25519 over OpenSSL 3's EVP interface. The key is process-wide and read-only after seal_init, so
 * concurrent signing is safe: each call uses its own EVP_MD_CTX. */
#include "ext/seal.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>

#include "ext/crypto.h"

static EVP_PKEY *key;
static unsigned char pub[32];
static char key_id[17];

int seal_init(const char *pem)
{
    seal_end();
    if (!pem || !*pem)
        return 0;
    size_t n = strlen(pem);
    char *text = malloc(n + 1);
    if (!text)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (pem[i] == '\\' && pem[i + 1] == 'n') {
            text[o++] = '\n';
            i++;
        } else {
            text[o++] = pem[i];
        }
    }
    text[o] = '\0';
    int rc = -1;
    BIO *bio = BIO_new_mem_buf(text, (int)o);
    EVP_PKEY *k = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    size_t len = sizeof pub;
    if (k && EVP_PKEY_is_a(k, "ED25519") && EVP_PKEY_get_raw_public_key(k, pub, &len) == 1 && len == 32) {
        unsigned char md[32];
        crypto_sha256(pub, sizeof pub, md);
        crypto_hex(md, 8, key_id);
        key = k;
        k = NULL;
        rc = 0;
    }
    EVP_PKEY_free(k);
    BIO_free(bio);
    memset(text, 0, o);
    free(text);
    return rc;
}

void seal_end(void)
{
    EVP_PKEY_free(key);
    key = NULL;
    memset(pub, 0, sizeof pub);
    key_id[0] = '\0';
}

int seal_enabled(void)
{
    return key != NULL;
}

const char *seal_key_id(void)
{
    return key_id;
}

int seal_sign(const void *msg, size_t n, unsigned char sig[64])
{
    if (!key)
        return -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t len = 64;
    int ok = ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
             EVP_DigestSign(ctx, sig, &len, msg, n) == 1 && len == 64;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : -1;
}

static int verify(EVP_PKEY *k, const void *msg, size_t n, const unsigned char sig[64])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) != 1) {
        EVP_MD_CTX_free(ctx);
        return -1;
    }
    int rc = EVP_DigestVerify(ctx, sig, 64, msg, n) == 1 ? 1 : 0;
    EVP_MD_CTX_free(ctx);
    return rc;
}

int seal_verify(const void *msg, size_t n, const unsigned char sig[64])
{
    return key ? verify(key, msg, n, sig) : -1;
}

int seal_verify_with(const unsigned char raw[32], const void *msg, size_t n, const unsigned char sig[64])
{
    EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, 32);
    if (!k)
        return -1;
    int rc = verify(k, msg, n, sig);
    EVP_PKEY_free(k);
    return rc;
}

long seal_public_pem(char *out, size_t cap)
{
    if (!key)
        return -1;
    BIO *bio = BIO_new(BIO_s_mem());
    long rc = -1;
    char *data;
    if (bio && PEM_write_bio_PUBKEY(bio, key) == 1) {
        long len = BIO_get_mem_data(bio, &data);
        if (len > 0 && (size_t)len < cap) {
            memcpy(out, data, (size_t)len);
            out[len] = '\0';
            rc = len;
        }
    }
    BIO_free(bio);
    return rc;
}

int seal_public_raw(unsigned char out[32])
{
    if (!key)
        return -1;
    memcpy(out, pub, 32);
    return 0;
}
