/* Worker and employer profiles (tables workers, worker_job_types, worker_certificates, worker_regions,
 * employers). Personal numbers cross this boundary only sealed (AES-256-GCM) plus their lookup hash;
 * this layer never sees JSON or a plaintext ID or phone. Writes that belong together are the caller's
 * transaction: the *_lock functions must run inside one. */
#ifndef LG_STORE_PROFILE_H
#define LG_STORE_PROFILE_H

#include "store/db.h"

#define PROFILE_SEALED_MAX 96 /* VARBINARY(96) of the sealed columns */

struct worker_row {
    char real_name[129]; /* VARCHAR(32) utf8mb4 */
    unsigned char id_enc[PROFILE_SEALED_MAX];
    unsigned long id_enc_len; /* 0 = none stored */
    long long birth_year;     /* 0 = unknown */
    char gender[8];           /* "" = unknown */
    char intro[2001];
    long long pay_fen; /* 0 = no expected pay */
    char pay_unit[8];
    long long availability;
    long long elder_mode, discoverable;
    char region_code[13]; /* "" = none */
    char region_name[65];
    double lat, lng;
    int has_location;
    long long credit, completeness, updated_at;
};

/* One worker's profile row (with the home region's name). ST_NOTFOUND if the worker never saved one. */
enum st store_profile_worker_get(long long user_id, struct worker_row *out);

struct worker_job_type {
    long long id;
    char name[33]; /* filled by reads only */
    long long years;
};
struct worker_certificate {
    char name[257];                /* VARCHAR(64) utf8mb4 */
    char number[257];              /* plaintext of rows from before schema 019 (read only), "" = none */
    unsigned char number_enc[300]; /* the number sealed by the caller (ext/crypto); written, and read */
    unsigned long number_enc_len;  /* 0 = none */
    char expires_on[11];           /* YYYY-MM-DD, "" = none */
};
struct worker_region {
    char code[13];
    char name[65]; /* filled by reads only */
};

/* Calls each(ctx, item) for the worker's 工种 (job-type order), certificates (entry order) and work
 * regions (code order). A non-zero return from each stops the read (ST_ERR). */
enum st store_profile_worker_job_types(long long user_id,
                                       int (*each)(void *ctx, const struct worker_job_type *), void *ctx);
enum st store_profile_worker_certificates(long long user_id,
                                          int (*each)(void *ctx, const struct worker_certificate *),
                                          void *ctx);
enum st store_profile_worker_regions(long long user_id, int (*each)(void *ctx, const struct worker_region *),
                                     void *ctx);

/* Inside a transaction: creates the worker row if missing and locks it. *has_id says whether an ID number
 * is stored. */
enum st store_profile_worker_lock(long long user_id, int *has_id);

/* A full replacement of the worker's own columns. The id_* fields are NULL/0 to keep the stored ID. */
struct worker_write {
    const char *real_name;
    const unsigned char *id_enc;
    unsigned long id_enc_len;
    const unsigned char *id_hmac; /* 32 bytes, with id_enc */
    int birth_year;
    const char *gender;
    const char *intro;    /* NULL = none */
    long long pay_fen;    /* 0 = none */
    const char *pay_unit; /* with pay_fen */
    long availability;
    int elder_mode, discoverable;
    const char *region_code; /* NULL = none */
    int has_location;
    double lat, lng;
    int completeness;
};
/* Inside a transaction after store_profile_worker_lock: writes w and replaces the job types,
 * certificates and work regions. ST_CONFLICT: the ID number belongs to another worker. */
enum st store_profile_worker_save(long long user_id, const struct worker_write *w,
                                  const struct worker_job_type *jobs, size_t njobs,
                                  const struct worker_certificate *certs, size_t ncerts,
                                  const struct worker_region *regions, size_t nregions);

/* ST_OK if the job type exists, ST_NOTFOUND if not. */
enum st store_profile_job_type_exists(long long id);

struct employer_row {
    long long user_id;
    char kind[8];
    char name[257];
    char credit_code[19]; /* "" = none */
    char legal_rep[129];
    char contact_name[129];
    unsigned char phone_enc[PROFILE_SEALED_MAX];
    unsigned long phone_enc_len;
    unsigned char id_enc[PROFILE_SEALED_MAX];
    unsigned long id_enc_len;
    unsigned char id_hmac[32];
    unsigned long id_hmac_len;
    char region_code[13];
    char region_name[65];
    char address[513];
    char verification[12];
    char verification_reason[801];
    long long verified_at; /* 0 = never */
    long long credit, created_at, updated_at;
};

/* One employer profile. ST_NOTFOUND if the user never saved one. */
enum st store_profile_employer_get(long long user_id, struct employer_row *out);

/* Inside a transaction: creates the employer row if missing (with the given kind, name and region, which
 * the save then overwrites) and locks it; *out gets the stored row. */
enum st store_profile_employer_lock(long long user_id, const char *kind, const char *name, const char *region,
                                    struct employer_row *out);

struct employer_write {
    const char *kind, *name;
    const char *credit_code, *legal_rep, *contact_name; /* NULL = none */
    const unsigned char *phone_enc;
    unsigned long phone_enc_len; /* 0 = none */
    const unsigned char *id_enc;
    unsigned long id_enc_len; /* 0 = none */
    const unsigned char *id_hmac;
    const char *region_code, *address;
    const char *verification;
};
/* Inside a transaction after store_profile_employer_lock: writes w (clearing the verification reason,
 * and the verification time unless still verified). ST_CONFLICT: the credit code or ID number belongs to
 * another employer. */
enum st store_profile_employer_save(long long user_id, const struct employer_write *w);

/* Admin list: employers whose region code starts with prefix ("" = all), in one verification state
 * ("" = any), oldest change first. *total gets the number of matches. */
enum st store_profile_employer_list(const char *prefix, const char *verification, long long limit,
                                    long long offset, int (*each)(void *ctx, const struct employer_row *),
                                    void *ctx, long long *total);

/* Inside a transaction: locks the employer row for review; region (13) and verification (12) get its
 * region code and state. */
enum st store_profile_employer_review_lock(long long user_id, char region[13], char verification[12]);
/* Records an admin decision: verification, reason (NULL = none), the admin. */
enum st store_profile_employer_review_set(long long user_id, const char *verification, const char *reason,
                                          long long admin_id);

#endif
