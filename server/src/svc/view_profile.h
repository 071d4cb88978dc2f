/* The one view of the people behind accounts: the user and admin objects of the sign-in replies, the worker
 * profile and the employer profile (own and in the admin review), with every personal number masked. Also
 * the masking of certificate numbers, which a PUT compares with what a GET showed. Views read what the
 * caller read; they do no I/O of their own (opening a sealed value is a computation), never see a request
 * and never write. Each returns a new reference, or NULL when out of memory. */
#ifndef LG_SVC_VIEW_PROFILE_H
#define LG_SVC_VIEW_PROFILE_H

#include <jansson.h>

#include "store/account.h"
#include "store/profile.h"

/* The user object: {id, phone (masked or null), created_at}. */
json_t *view_profile_user(const struct user_row *u);

/* The admin object: {id, username, role, display_name, region (null for the whole deployment)}. */
json_t *view_profile_admin(long long id, const char *username, const char *role, const char *region,
                           const char *display_name);

/* store_profile_worker_job_types / store_profile_worker_regions callbacks: append the item's JSON to the
 * JSON array ctx. Return 0, or -1 when memory ran out (which stops the read). */
int view_profile_job_type_append(void *ctx, const struct worker_job_type *row);
int view_profile_region_append(void *ctx, const struct worker_region *row);

/* store_profile_worker_certificates callback with ctx a struct view_profile_certs: appends {name, number
 * (masked), expires_on} to arr. */
struct view_profile_certs {
    json_t *arr;
    long long user_id; /* whose numbers they are (the seal's associated data) */
};
int view_profile_certificate_append(void *ctx, const struct worker_certificate *row);

/* The associated data sealing user_id's certificate numbers: sealed values cannot move to another worker's
 * rows. out: 64 bytes. */
void view_profile_cert_aad(long long user_id, char out[64]);
/* Opens a stored certificate number (or takes the plaintext of a row from before schema 019) into out (257
 * bytes; "" when there is none or it does not open). The caller wipes out after use. */
void view_profile_cert_number(long long user_id, const struct worker_certificate *row, char out[257]);
/* A certificate number as replies show it: often an ID number, so masked like one — the first two and the
 * last two characters kept (one for 5 or fewer), the rest '*'. out: 257 bytes. */
void view_profile_cert_mask(const char *number, char out[257]);

/* The parts of a worker profile reply the caller read. The four JSON values are taken (the view owns them
 * from the call on, also when it fails); rating is only sent for a profile that exists. */
struct view_worker {
    const struct user_row *user;  /* the account: its phone */
    const struct worker_row *row; /* NULL: no profile saved yet (exists:false, the other fields null) */
    json_t *job_types, *certificates, *work_regions; /* arrays built by the callbacks above */
    json_t *rating;                                  /* the 用工评价 summary received, or NULL */
    int completeness;                                /* 0-100, domain/profile.h */
};
json_t *view_profile_worker(struct view_worker *v);

/* The employer object. e NULL: the own reply before the first save (exists:false, unverified). admin adds
 * the id (the review console) instead of exists. rating (taken; NULL for none) follows for the own reply.
 * verification carries verification_label (domain/fsm.h fsm_verification_label). */
json_t *view_profile_employer(const struct employer_row *e, int admin, json_t *rating);

#endif
