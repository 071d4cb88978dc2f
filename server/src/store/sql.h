/* Every SQL statement linggongd runs, named. The texts live in sql.c, in one list. */
#ifndef LG_SQL_H
#define LG_SQL_H

#include <stddef.h>

enum sql {
    SQL_MIG_CREATE,
    SQL_MIG_LIST,
    SQL_MIG_INSERT,
    SQL_MIG_LOCK,
    SQL_MIG_UNLOCK,
    SQL_USER_UPSERT_OPENID,
    SQL_USER_GET,
    SQL_USER_AUTH_STATE,
    SQL_USER_BUMP_TOKEN_VERSION,
    SQL_USER_SET_PHONE,
    SQL_RT_INSERT,
    SQL_RT_GET_LOCK,
    SQL_RT_MARK_USED,
    SQL_RT_REVOKE_FAMILY,
    SQL_RT_REVOKE_SUBJECT,
    SQL_ADMIN_BY_USERNAME,
    SQL_ADMIN_LOGIN_FAILED,
    SQL_ADMIN_LOGIN_OK,
    SQL_ADMIN_COUNT,
    SQL_ADMIN_INSERT,
    SQL_ADMIN_AUTH_STATE,
    SQL_ADMIN_GET,
    SQL_ADMIN_BUMP_TOKEN_VERSION,
    SQL_AUDIT_HEAD_LOCK,
    SQL_AUDIT_INSERT,
    SQL_AUDIT_HEAD_SET,
    SQL_REGIONS_ROOTS,
    SQL_REGIONS_CHILDREN,
    SQL_REGION_GET,
    SQL_JOB_TYPES_ALL,
    /* gigs */
    SQL_GIG_INSERT,
    SQL_GIG_UPDATE,
    SQL_GIG_GET,
    SQL_GIG_LOCK,
    SQL_GIG_SET_STATUS,
    SQL_GIG_HISTORY_ADD,
    SQL_GIG_HISTORY_LIST,
    SQL_GIG_EMPLOYER_STATE,
    SQL_GIG_JOB_TOP,
    SQL_GIG_BY_EMPLOYER,
    SQL_GIG_BY_EMPLOYER_COUNT,
    SQL_GIG_ADMIN_LIST,
    SQL_GIG_ADMIN_COUNT,
    SQL_GIG_EXPIRE_PICK,
    /* profiles & stations */
    SQL_PROF_WORKER_GET,
    SQL_PROF_WORKER_JOB_TYPES,
    SQL_PROF_WORKER_CERTS,
    SQL_PROF_WORKER_REGIONS,
    SQL_PROF_WORKER_STUB,
    SQL_PROF_WORKER_LOCK,
    SQL_PROF_WORKER_UPDATE,
    SQL_PROF_WORKER_JOB_TYPES_CLEAR,
    SQL_PROF_WORKER_JOB_TYPE_ADD,
    SQL_PROF_WORKER_CERTS_CLEAR,
    SQL_PROF_WORKER_CERT_ADD,
    SQL_PROF_WORKER_REGIONS_CLEAR,
    SQL_PROF_WORKER_REGION_ADD,
    SQL_PROF_JOB_TYPE_EXISTS,
    SQL_PROF_EMPLOYER_GET,
    SQL_PROF_EMPLOYER_STUB,
    SQL_PROF_EMPLOYER_LOCK,
    SQL_PROF_EMPLOYER_UPDATE,
    SQL_PROF_EMPLOYER_LIST,
    SQL_PROF_EMPLOYER_COUNT,
    SQL_PROF_EMPLOYER_REVIEW_LOCK,
    SQL_PROF_EMPLOYER_REVIEW_SET,
    SQL_STATION_NEAR,
    SQL_STATION_NEAR_COUNT,
    SQL_STATION_LIST,
    SQL_STATION_COUNT,
    SQL_STATION_GET,
    SQL_STATION_LOCK,
    SQL_STATION_INSERT,
    SQL_STATION_UPDATE,
    /* sensitive words & moderation findings */
    SQL_WORDS_VERSION,
    SQL_WORDS_VERSION_LOCK,
    SQL_WORDS_VERSION_BUMP,
    SQL_WORDS_ENABLED,
    SQL_WORDS_LIST,
    SQL_WORDS_COUNT,
    SQL_WORDS_ALL,
    SQL_WORDS_GET,
    SQL_WORDS_LOCK,
    SQL_WORDS_INSERT,
    SQL_WORDS_UPDATE,
    SQL_WORDS_DELETE,
    SQL_MODHITS_ADD,
    SQL_MODHITS_LIST,
    /* attendance, site codes, auto-confirm (store/attendance.c) */
    SQL_ATT_CONTEXT,
    SQL_ATT_SITE_SECRET,
    SQL_ATT_SITE_SECRET_INIT,
    SQL_ATT_CHECK_IN,
    SQL_ATT_LAST,
    SQL_ATT_CHECK_OUT,
    SQL_ATT_LIST,
    SQL_ATT_DAY_CHECKED_OUT,
    SQL_ATT_DAY_LOCK,
    SQL_ATT_INSERT_CORRECTED,
    SQL_ATT_SET_TIMES,
    SQL_ATT_CORRECTION_ADD,
    SQL_ATT_CORRECTIONS,
    SQL_ATT_CONFIRM_DUE,
    SQL_ATT_CONFIRM_CLAIM,
    /* finding workers and invitations (store/workers.c, store/invitation.c) */
    SQL_WORKERS_BY_REGION,
    SQL_WORKERS_BY_JOB,
    SQL_WORKERS_INVITABLE,
    SQL_INV_INSERT,
    SQL_INV_GET,
    SQL_INV_LOCK,
    SQL_INV_SET_STATUS,
    SQL_INV_BY_WORKER,
    SQL_INV_BY_WORKER_COUNT,
    SQL_INV_BY_GIG,
    SQL_INV_BY_GIG_COUNT,
    /* applications, inbox, idempotency keys (store/application.c, notification.c, idempotency.c) */
    SQL_APP_GIG,
    SQL_APP_INSERT,
    SQL_APP_GET,
    SQL_APP_LOCK,
    SQL_APP_FIND,
    SQL_APP_SET_STATUS,
    SQL_APP_HISTORY_ADD,
    SQL_APP_HISTORY_LIST,
    SQL_APP_SEAT_TAKE,
    SQL_APP_SEAT_RELEASE,
    SQL_APP_CONFIRM_WORKER,
    SQL_APP_CONFIRM_EMPLOYER,
    SQL_APP_BLOCKED,
    SQL_APP_BY_GIG,
    SQL_APP_BY_GIG_COUNT,
    SQL_APP_BY_WORKER,
    SQL_APP_BY_WORKER_COUNT,
    SQL_APP_MARK_VIEWED,
    /* trust: ratings, the credit ledger, blocklists (issue 7: store/rating.c, credit.c, block.c) */
    SQL_RATING_TAGS,
    SQL_RATING_INSERT,
    SQL_RATING_TAG_ADD,
    SQL_RATING_REVEAL_APP,
    SQL_RATING_GET,
    SQL_RATING_LOCK,
    SQL_RATING_BY_APP,
    SQL_RATING_BY_SUBJECT,
    SQL_RATING_BY_SUBJECT_COUNT,
    SQL_RATING_ADMIN_LIST,
    SQL_RATING_ADMIN_COUNT,
    SQL_RATING_SUMMARY,
    SQL_RATING_TAG_COUNTS,
    SQL_RATING_HIDE,
    SQL_RATING_CREDIT_DUE,
    SQL_RATING_MARK_CREDITED,
    SQL_CREDIT_ENSURE,
    SQL_CREDIT_LOCK,
    SQL_CREDIT_STATE,
    SQL_CREDIT_ENTRY_ADD,
    SQL_CREDIT_ENTRY_FIND,
    SQL_CREDIT_SET,
    SQL_CREDIT_RESTRICT,
    SQL_CREDIT_LIFT,
    SQL_CREDIT_MIRROR_WORKER,
    SQL_CREDIT_MIRROR_EMPLOYER,
    SQL_CREDIT_HISTORY,
    SQL_CREDIT_HISTORY_COUNT,
    SQL_CREDIT_USER_REGIONS,
    SQL_BLOCK_ADD,
    SQL_BLOCK_REMOVE,
    SQL_BLOCK_LIST,
    SQL_BLOCK_COUNT,
    SQL_NOTIF_ADD,
    SQL_NOTIF_LIST,
    SQL_NOTIF_COUNT,
    SQL_NOTIF_OWNED,
    SQL_NOTIF_READ,
    SQL_NOTIF_READ_ALL,
    SQL_IDEM_INSERT,
    SQL_IDEM_GET,
    SQL_IDEM_FINISH,
    SQL_IDEM_PURGE,
    /* complaints and uploads (issue 7: store/complaint.c, store/upload.c) */
    SQL_UPLOAD_INSERT,
    SQL_UPLOAD_GET,
    SQL_UPLOAD_COUNT_SINCE,
    SQL_UPLOAD_COMPLAINT_REGIONS,
    SQL_CPL_INSERT,
    SQL_CPL_IMAGE_ADD,
    SQL_CPL_IMAGES,
    SQL_CPL_GET,
    SQL_CPL_LOCK,
    SQL_CPL_BY_COMPLAINANT,
    SQL_CPL_BY_COMPLAINANT_COUNT,
    SQL_CPL_ADMIN_LIST,
    SQL_CPL_ADMIN_COUNT,
    SQL_CPL_SET_STATUS,
    SQL_CPL_CLOSE,
    SQL_CPL_HISTORY_ADD,
    SQL_CPL_HISTORY_LIST,
    SQL_BLOCK_GET,
    SQL_CPL_ESCALATE_DUE,
    SQL_CPL_ESCALATE_CLAIM,
    SQL_CPL_ESCALATE,
    SQL_CPL_REGION_PARENT,
    SQL_CPL_RELATED,
    SQL_CPL_USER_REGIONS,
    SQL_CPL_APP_PARTIES,
    SQL_PING,
    SQL__COUNT
};

struct sql_def {
    const char *text;
    unsigned nparams;
    unsigned ncols;
    int adhoc; /* prepared at each call, not on connect: migration bookkeeping, which runs before the
                  tables the other statements need exist */
};

extern const struct sql_def sql_defs[SQL__COUNT];

/* The filters a gig search uses; sql_compose_gig_search turns them into a statement that binds only
 * those, so each combination gets its own plan and index (see docs/SEARCH.md). */
enum gig_region_filter {
    GIG_REGION_NONE,
    GIG_REGION_PROVINCE,
    GIG_REGION_CITY,
    GIG_REGION_COUNTY,
    GIG_REGION_TOWN
};
enum gig_job_filter { GIG_JOB_NONE, GIG_JOB_TOP, GIG_JOB_LEAF };
enum gig_order { GIG_ORDER_NEW, GIG_ORDER_PAY, GIG_ORDER_DISTANCE };

struct gig_shape {
    enum gig_region_filter region;
    enum gig_job_filter job;
    int pay_min, date_from, date_to;
    int fulltext;   /* MATCH on search_terms */
    int like_words; /* 0-4 words matched with LIKE on title or description */
    int geo;
    enum gig_order order;
};

/* Builds the list statement (26 columns, as sql.c's GIG_COLS) or, with count, the capped count (1
 * column) of a gig search into out. Returns the number of parameters, or -1 if out is too small.
 * Parameter order: [lng, lat of the distance column] region, job, pay, date_from, date_to, fulltext
 * query, 2 LIKE patterns per word, [box, lng, lat, radius] [limit, offset]. */
int sql_compose_gig_search(const struct gig_shape *sh, int count, char *out, size_t cap);

#endif
