/* All SQL text of linggongd, in one list. Each entry states how many parameters and result columns it
 * has; db.c checks both when it prepares the statement, so a drifted query stops start-up.
 * Times cross this boundary as unix seconds (the session time zone is UTC). */
#include "store/sql.h"

const struct sql_def sql_defs[SQL__COUNT] = {
    [SQL_MIG_CREATE] = {"CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, "
                        "name VARCHAR(128) NOT NULL, checksum CHAR(64) NOT NULL, applied_at DATETIME(3) NOT NULL) "
                        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                        0, 0, 1},
    [SQL_MIG_LIST] = {"SELECT version, name, checksum FROM schema_migrations ORDER BY version", 0, 3, 1},
    [SQL_MIG_INSERT] = {"INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                        "VALUES (?, ?, ?, NOW(3))",
                        3, 0, 1},
    /* several nodes may start at once: only one applies migrations */
    [SQL_MIG_LOCK] = {"SELECT GET_LOCK('linggong_migrate', 120)", 0, 1, 1},
    [SQL_MIG_UNLOCK] = {"SELECT RELEASE_LOCK('linggong_migrate')", 0, 1, 1},

    [SQL_USER_UPSERT_OPENID] = {"INSERT INTO users (openid, unionid, created_at, last_login_at) "
                                "VALUES (?, ?, NOW(3), NOW(3)) ON DUPLICATE KEY UPDATE "
                                "id = LAST_INSERT_ID(id), last_login_at = NOW(3), "
                                "unionid = COALESCE(VALUES(unionid), unionid)",
                                2, 0},
    [SQL_USER_GET] = {"SELECT id, status, token_version, phone_enc, FLOOR(UNIX_TIMESTAMP(created_at)) "
                      "FROM users WHERE id = ?",
                      1, 5},
    [SQL_USER_AUTH_STATE] = {"SELECT token_version, status FROM users WHERE id = ?", 1, 2},
    [SQL_USER_BUMP_TOKEN_VERSION] = {"UPDATE users SET token_version = token_version + 1 WHERE id = ?", 1, 0},
    [SQL_USER_SET_PHONE] = {"UPDATE users SET phone_enc = ?, phone_hmac = ?, "
                            "token_version = token_version + ? WHERE id = ?",
                            4, 0},

    [SQL_RT_INSERT] = {"INSERT INTO refresh_tokens (jti, subject_kind, subject_id, family_id, expires_at, "
                       "created_at) VALUES (?, ?, ?, ?, FROM_UNIXTIME(?), NOW(3))",
                       5, 0},
    [SQL_RT_GET_LOCK] = {"SELECT subject_kind, subject_id, family_id, used_at IS NOT NULL, "
                         "revoked_at IS NOT NULL, FLOOR(UNIX_TIMESTAMP(expires_at)) "
                         "FROM refresh_tokens WHERE jti = ? FOR UPDATE",
                         1, 6},
    [SQL_RT_MARK_USED] = {"UPDATE refresh_tokens SET used_at = NOW(3) WHERE jti = ? AND used_at IS NULL", 1, 0},
    [SQL_RT_REVOKE_FAMILY] = {"UPDATE refresh_tokens SET revoked_at = NOW(3) "
                              "WHERE family_id = ? AND revoked_at IS NULL",
                              1, 0},
    [SQL_RT_REVOKE_SUBJECT] = {"UPDATE refresh_tokens SET revoked_at = NOW(3) "
                               "WHERE subject_kind = ? AND subject_id = ? AND revoked_at IS NULL",
                               2, 0},

    [SQL_ADMIN_BY_USERNAME] = {"SELECT id, password_hash, role, COALESCE(region_code, ''), status, "
                               "COALESCE(FLOOR(UNIX_TIMESTAMP(locked_until)), 0), token_version, "
                               "COALESCE(display_name, username) FROM admin_users WHERE username = ?",
                               1, 8},
    /* locked_until is assigned first so it sees the old failed_logins (MariaDB assigns left to right). */
    [SQL_ADMIN_LOGIN_FAILED] = {"UPDATE admin_users SET "
                                "locked_until = IF(failed_logins + 1 >= ?, "
                                "DATE_ADD(NOW(3), INTERVAL ? SECOND), locked_until), "
                                "failed_logins = IF(failed_logins + 1 >= ?, 0, failed_logins + 1) WHERE id = ?",
                                4, 0},
    [SQL_ADMIN_LOGIN_OK] = {"UPDATE admin_users SET failed_logins = 0, locked_until = NULL, "
                            "last_login_at = NOW(3) WHERE id = ?",
                            1, 0},
    [SQL_ADMIN_COUNT] = {"SELECT COUNT(*) FROM admin_users", 0, 1},
    [SQL_ADMIN_INSERT] = {"INSERT INTO admin_users (username, password_hash, role, region_code, display_name, "
                          "created_at) VALUES (?, ?, ?, ?, ?, NOW(3))",
                          5, 0},
    [SQL_ADMIN_GET] = {"SELECT username, role, COALESCE(region_code, ''), COALESCE(display_name, username) "
                       "FROM admin_users WHERE id = ?",
                       1, 4},
    [SQL_ADMIN_AUTH_STATE] = {"SELECT token_version, status FROM admin_users WHERE id = ?", 1, 2},
    [SQL_ADMIN_BUMP_TOKEN_VERSION] = {"UPDATE admin_users SET token_version = token_version + 1 WHERE id = ?", 1,
                                      0},

    [SQL_AUDIT_HEAD_LOCK] = {"SELECT last_hash FROM audit_head WHERE id = 1 FOR UPDATE", 0, 1},
    [SQL_AUDIT_INSERT] = {"INSERT INTO audit_log (at, actor_kind, actor_id, role, action, object_type, object_id, "
                          "result, ip, request_id, prev_hash, hash) "
                          "VALUES (FROM_UNIXTIME(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          12, 0},
    [SQL_AUDIT_HEAD_SET] = {"UPDATE audit_head SET last_hash = ? WHERE id = 1", 1, 0},

    [SQL_REGIONS_ROOTS] = {"SELECT code, name, level, lat, lng, "
                           "EXISTS(SELECT 1 FROM regions c WHERE c.parent_code = r.code) "
                           "FROM regions r WHERE parent_code IS NULL ORDER BY code",
                           0, 6},
    [SQL_REGIONS_CHILDREN] = {"SELECT code, name, level, lat, lng, "
                              "EXISTS(SELECT 1 FROM regions c WHERE c.parent_code = r.code) "
                              "FROM regions r WHERE parent_code = ? ORDER BY code",
                              1, 6},
    [SQL_REGION_GET] = {"SELECT code, name, level, path FROM regions WHERE code = ?", 1, 4},
    [SQL_JOB_TYPES_ALL] = {"SELECT id, COALESCE(parent_id, 0), name FROM job_types "
                           "ORDER BY COALESCE(parent_id, 0), sort_order, id",
                           0, 3},
    [SQL_PING] = {"SELECT 1", 0, 1},
};
