/* Cryptographic helpers over OpenSSL 3: randomness, hashes, HMAC, AES-256-GCM for personal data at
 * rest, scrypt password hashes (and the gate that bounds how many run at once), encodings. Holds no keys
 * of its own: callers pass them in. */
#ifndef LG_CRYPTO_H
#define LG_CRYPTO_H

#include <stddef.h>

/* Fills buf with n cryptographically random bytes; 0 or -1. */
int crypto_random(void *buf, size_t n);
/* Writes 2n lowercase hex chars + NUL into out (size >= 2n+1). */
void crypto_hex(const unsigned char *in, size_t n, char *out);
/* Random token of nbytes as hex into out (size >= 2*nbytes+1); 0 or -1. */
int crypto_random_hex(size_t nbytes, char *out);
void crypto_sha256(const void *data, size_t n, unsigned char out[32]);
void crypto_hmac_sha256(const void *key, size_t keylen, const void *data, size_t n, unsigned char out[32]);
/* Constant-time comparison; 1 if equal. */
int crypto_equal(const void *a, const void *b, size_t n);

/* AES-256-GCM sealed value: version(1) | nonce(12) | ciphertext | tag(16). aad binds the value to its row
 * (e.g. "users.phone:42") so a ciphertext copied to another row does not decrypt. Returns the sealed
 * length written to out (cap must be >= n + 29), or -1. */
long crypto_seal(const unsigned char key[32], int version, const char *aad, const void *plain, size_t n,
                 unsigned char *out, size_t cap);
/* Opens a sealed value into out (cap >= sealed_len - 29 + 1; NUL-terminated for text). Returns the plain
 * length, or -1 on any failure (wrong key, wrong aad, tampering, truncation). *version gets the key version.
 */
long crypto_open(const unsigned char key[32], const char *aad, const unsigned char *sealed, size_t sealed_len,
                 char *out, size_t cap, int *version);
/* Keyed lookup hash of a personal value (phone, ID number) for uniqueness and search without plaintext:
 * HMAC-SHA256 under a key derived from the data key and the purpose label. */
void crypto_lookup_hash(const unsigned char key[32], const char *purpose, const char *value,
                        unsigned char out[32]);

/* The scrypt cost used for new admin password hashes. */
#define SCRYPT_N 16384
/* scrypt password hash encoded as "scrypt$N$r$p$<salt hex>$<hash hex>" into out (cap >= 160). 0 or -1. */
int crypto_password_hash(const char *password, unsigned long n_cost, char *out, size_t cap);
/* 1 if password matches the encoded hash, 0 if not, -1 if the encoding is malformed. */
int crypto_password_verify(const char *password, const char *encoded);
/* crypto_password_verify behind a process-wide gate: at most `slots` checks run at once (each holds a core
 * and 128·N·r bytes for its whole run, so a burst of sign-ins would otherwise starve every other request);
 * a caller waits up to wait_ms for a free slot. Returns what crypto_password_verify returns, or
 * CRYPTO_VERIFY_BUSY when no slot freed in time (nothing was computed). Thread-safe; slots is the
 * configured value, passed at each call. */
#define CRYPTO_VERIFY_BUSY (-2)
int crypto_password_verify_bounded(const char *password, const char *encoded, int slots, long wait_ms);

/* base64url without padding. Returns output length or -1 if cap too small / input malformed. */
long crypto_b64url_encode(const unsigned char *in, size_t n, char *out, size_t cap);

#endif
