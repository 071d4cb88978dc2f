/* The server's agreement seal: an Ed25519 key pair (OpenSSL EVP) loaded once at start-up from
 * AGREEMENT_SIGNING_KEY(_FILE), PEM PKCS#8. Signs seal payloads, verifies them with the public half, and
 * publishes the public key. Holds the only copy of the private key in memory; never logs or returns it. */
#ifndef LG_EXT_SEAL_H
#define LG_EXT_SEAL_H

#include <stddef.h>

/* Loads the private key from pem ("-----BEGIN PRIVATE KEY-----..."; a literal "\n" counts as a line break,
 * for keys passed on one line). NULL or "" leaves sealing disabled and returns 0. Returns -1 when pem is not
 * an Ed25519 private key. Call once from the main thread before serving. */
int seal_init(const char *pem);
/* Frees the key (process end). */
void seal_end(void);
/* 1 when a key is loaded. */
int seal_enabled(void);
/* The loaded key's id: 16 lowercase hex characters, the first 8 bytes of SHA-256 of the raw public key;
 * "" when no key is loaded. */
const char *seal_key_id(void);

/* Ed25519 signature of msg with the loaded key into sig. Returns 0, or -1 (no key, OpenSSL failure).
 * Thread-safe. */
int seal_sign(const void *msg, size_t n, unsigned char sig[64]);
/* Checks sig over msg against the loaded key's public half: 1 valid, 0 invalid, -1 no key or failure. */
int seal_verify(const void *msg, size_t n, const unsigned char sig[64]);
/* Checks sig over msg against a raw 32-byte Ed25519 public key: 1 valid, 0 invalid, -1 failure. */
int seal_verify_with(const unsigned char pub[32], const void *msg, size_t n, const unsigned char sig[64]);

/* The public key as PEM (SubjectPublicKeyInfo) into out; returns its length or -1 (no key, too small). */
long seal_public_pem(char *out, size_t cap);
/* The raw 32-byte public key; 0 or -1 when no key is loaded. */
int seal_public_raw(unsigned char out[32]);

#endif
