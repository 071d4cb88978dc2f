/* Every SQL statement linggongd runs, named. The texts live in sql.c, in one list. */
#ifndef LG_SQL_H
#define LG_SQL_H

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

#endif
