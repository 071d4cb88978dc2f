/* All SQL text of linggongd, in one list. Each entry states how many parameters and result columns it
 * has; db.c checks both when it prepares the statement, so a drifted query stops start-up.
 * Times cross this boundary as unix seconds (the session time zone is UTC). */
#include "store/sql.h"

#include <string.h>

/* Gig rows: the same 26 columns for every gig query, so one binding serves them all. Lists leave the
 * description out ('' in its place) to keep pages small for phones on weak signals; column 26 is the
 * distance in metres (0 without a position). */
#define GIG_COLS(desc, dist)                                                                                 \
    "SELECT g.id, g.employer_id, g.title, " desc                                                             \
    ", g.job_type_id, j.name, g.pay_fen, g.pay_unit, g.headcount, "                                          \
    "g.accepted_count, UNIX_TIMESTAMP(g.starts_at), UNIX_TIMESTAMP(g.ends_at), g.address, g.lat, g.lng, "    \
    "g.region_code, r.name, g.status, COALESCE(g.review_reason, ''), e.name, e.kind, e.verification, "       \
    "e.credit, "                                                                                             \
    "FLOOR(UNIX_TIMESTAMP(g.created_at)), COALESCE(FLOOR(UNIX_TIMESTAMP(g.published_at)), 0), " dist " "
#define GIG_FROM                                                                                             \
    "FROM gigs g JOIN job_types j ON j.id = g.job_type_id JOIN regions r ON r.code = g.region_code "         \
    "JOIN employers e ON e.user_id = g.employer_id "
/* what the search index needs of a gig, to find it and to list it (store/gigfeed.c binds these 31
 * columns; the employer's come along so a node learns every employer with an open gig). Gigs drive the
 * join, so the load reads gigs_new in order instead of sorting 170k rows. */
#define GIGFEED_COLS                                                                                         \
    "SELECT STRAIGHT_JOIN g.id, g.employer_id, FLOOR(COALESCE(UNIX_TIMESTAMP(g.published_at), 0) * 1000), "  \
    "UNIX_TIMESTAMP(g.starts_at), UNIX_TIMESTAMP(g.ends_at), g.pay_fen, g.job_type_id, g.job_top_id, "       \
    "g.province_code, g.city_code, g.county_code, g.region_code, g.lat, g.lng, "                             \
    "g.status = 'published' AND g.ends_at > NOW(), FLOOR(UNIX_TIMESTAMP(g.updated_at) * 1000), g.title, "    \
    "g.address, CONCAT(j.name, ' ', COALESCE(t.name, '')), j.name, g.pay_unit, g.headcount, "                \
    "g.accepted_count, r.name, FLOOR(UNIX_TIMESTAMP(g.created_at)), "                                        \
    "e.name, e.kind, e.verification, e.credit, FLOOR(UNIX_TIMESTAMP(e.updated_at) * 1000), g.status "        \
    "FROM gigs g JOIN job_types j ON j.id = g.job_type_id LEFT JOIN job_types t ON t.id = j.parent_id "      \
    "JOIN regions r ON r.code = g.region_code JOIN employers e ON e.user_id = g.employer_id "

const struct sql_def sql_defs[SQL__COUNT] = {
    [SQL_MIG_CREATE] =
        {"CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, "
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

/* Agreements (store/agreement.c): every read of a whole agreement binds these 23 columns. The template,
 * party names, application status and gig title come from scalar subqueries so that the locking variant
 * locks the agreement row alone (a locking read locks every row a join reads). */
#define AGR_COLS                                                                                             \
    "SELECT a.id, a.application_id, a.gig_id, a.employer_id, a.worker_id, a.template_id, "                   \
    "(SELECT t.version FROM agreement_templates t WHERE t.id = a.template_id), a.revision, a.region_code, "  \
    "(SELECT t.code FROM agreement_templates t WHERE t.id = a.template_id), "                                \
    "(SELECT t.title FROM agreement_templates t WHERE t.id = a.template_id), a.status, a.text, "             \
    "a.text_sha256, COALESCE(a.seal_signature, ''), COALESCE(a.seal_key_id, ''), "                           \
    "COALESCE(UNIX_TIMESTAMP(a.sealed_at), 0), FLOOR(UNIX_TIMESTAMP(a.created_at)), "                        \
    "FLOOR(UNIX_TIMESTAMP(a.updated_at)), "                                                                  \
    "COALESCE((SELECT e.name FROM employers e WHERE e.user_id = a.employer_id), ''), "                       \
    "COALESCE((SELECT w.real_name FROM workers w WHERE w.user_id = a.worker_id), ''), "                      \
    "(SELECT p.status FROM applications p WHERE p.id = a.application_id), "                                  \
    "(SELECT g.title FROM gigs g WHERE g.id = a.gig_id) FROM agreements a "
#define AGR_LOG_COLS                                                                                         \
    "SELECT seq, agreement_id, UNIX_TIMESTAMP(sealed_at), text_sha256, payload_sha256, signature, key_id, "  \
    "prev_hash, entry_hash FROM agreement_log "
#define AGT_COLS                                                                                             \
    "SELECT id, version, COALESCE(created_by, 0), FLOOR(UNIX_TIMESTAMP(created_at)), code, "                 \
    "COALESCE(region_code, ''), title, "
    [SQL_AGR_GET] = {AGR_COLS "WHERE a.id = ?", 1, 23},
    [SQL_AGR_LOCK] = {AGR_COLS "WHERE a.id = ? FOR UPDATE", 1, 23},
    [SQL_AGR_OF_APP] = {"SELECT id FROM agreements WHERE application_id = ? "
                        "ORDER BY live_application_id IS NULL, id DESC LIMIT 1",
                        1, 1},
    [SQL_AGR_LIVE_LOCK] = {"SELECT id, status FROM agreements WHERE live_application_id = ? FOR UPDATE", 1,
                           2},
    /* what a draft renders: the application, its gig (place, 工种, the county's bureau) and both parties */
    [SQL_AGR_FACTS] =
        {"SELECT p.id, p.gig_id, p.employer_id, p.worker_id, p.status, g.region_code, g.province_code, "
         "g.city_code, g.county_code, g.title, g.description, j.name, "
         "CONCAT(COALESCE(ci.name, ''), COALESCE(co.name, ''), ' ', g.address), "
         "CONCAT(COALESCE(co.name, ''), '就业服务中心'), UNIX_TIMESTAMP(g.starts_at), "
         "UNIX_TIMESTAMP(g.ends_at), g.pay_fen, g.pay_unit, e.name, e.kind, COALESCE(e.credit_code, ''), "
         "COALESCE(e.id_enc, ''), COALESCE(w.real_name, ''), COALESCE(w.id_enc, '') "
         "FROM applications p JOIN gigs g ON g.id = p.gig_id JOIN job_types j ON j.id = g.job_type_id "
         "JOIN employers e ON e.user_id = p.employer_id LEFT JOIN workers w ON w.user_id = p.worker_id "
         "LEFT JOIN regions ci ON ci.code = g.city_code LEFT JOIN regions co ON co.code = g.county_code "
         "WHERE p.id = ?",
         1, 24},
    [SQL_AGR_INSERT] =
        {"INSERT INTO agreements (application_id, live_application_id, gig_id, employer_id, "
         "worker_id, region_code, template_id, status, revision, text, text_sha256, created_at, "
         "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?, NOW(3), NOW(3))",
         9, 0},
    [SQL_AGR_REDRAFT] = {"UPDATE agreements SET template_id = ?, text = ?, text_sha256 = ?, "
                         "revision = revision + ?, updated_at = NOW(3) WHERE id = ? AND status = 'draft'",
                         5, 0},
    [SQL_AGR_SET_STATUS] = {"UPDATE agreements SET status = ?, updated_at = NOW(3), "
                            "live_application_id = IF(? = 'voided', NULL, live_application_id) "
                            "WHERE id = ? AND status = ?",
                            4, 0},
    [SQL_AGR_SET_SEAL] = {"UPDATE agreements SET seal_signature = ?, seal_key_id = ?, "
                          "sealed_at = FROM_UNIXTIME(?), updated_at = NOW(3) "
                          "WHERE id = ? AND status = 'signed' AND seal_signature IS NULL",
                          4, 0},
    [SQL_AGR_HISTORY_ADD] =
        {"INSERT INTO agreement_history (agreement_id, actor_kind, actor_id, from_status, "
         "to_status, reason, at) VALUES (?, ?, ?, ?, ?, ?, NOW(3))",
         6, 0},
    [SQL_AGR_HISTORY_LIST] = {"SELECT actor_kind, COALESCE(actor_id, 0), COALESCE(from_status, ''), "
                              "to_status, COALESCE(reason, ''), FLOOR(UNIX_TIMESTAMP(at)) "
                              "FROM agreement_history WHERE agreement_id = ? ORDER BY id",
                              1, 6},
    [SQL_AGR_EVENT_ADD] = {"INSERT INTO agreement_events (agreement_id, role, account_id, signed_at, ip, "
                           "user_agent, text_sha256, intent, request_id) "
                           "VALUES (?, ?, ?, FROM_UNIXTIME(?), ?, ?, ?, ?, ?)",
                           9, 0},
    [SQL_AGR_EVENTS] = {"SELECT role, account_id, UNIX_TIMESTAMP(signed_at), ip, user_agent, text_sha256, "
                        "intent, request_id FROM agreement_events WHERE agreement_id = ? ORDER BY role",
                        1, 8},
    /* one head row serialises seals: every entry has exactly one predecessor, the chain cannot fork */
    [SQL_AGR_LOG_HEAD_LOCK] = {"SELECT seq, last_hash FROM agreement_log_head WHERE id = 1 FOR UPDATE", 0, 2},
    [SQL_AGR_LOG_HEAD_PEEK] = {"SELECT seq, last_hash FROM agreement_log_head WHERE id = 1", 0, 2},
    [SQL_AGR_LOG_INSERT] = {"INSERT INTO agreement_log (seq, agreement_id, text_sha256, payload_sha256, "
                            "signature, key_id, sealed_at, prev_hash, entry_hash) "
                            "VALUES (?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), ?, ?)",
                            9, 0},
    [SQL_AGR_LOG_HEAD_SET] = {"UPDATE agreement_log_head SET seq = ?, last_hash = ? WHERE id = 1 AND seq = ?",
                              3, 0},
    [SQL_AGR_LOG_OF] = {AGR_LOG_COLS "WHERE agreement_id = ?", 1, 9},
    [SQL_AGR_LOG_AT] = {AGR_LOG_COLS "WHERE seq = ?", 1, 9},
    [SQL_AGR_LOG_PAGE] = {AGR_LOG_COLS "WHERE seq > ? ORDER BY seq LIMIT ?", 2, 9},
    [SQL_AGR_UNLOGGED] = {"SELECT a.id FROM agreements a WHERE a.status = 'signed' AND NOT EXISTS "
                          "(SELECT 1 FROM agreement_log l WHERE l.agreement_id = a.id) ORDER BY a.id LIMIT ?",
                          1, 1},
    [SQL_AGR_DEMO_CANDIDATES] =
        {"SELECT p.id FROM applications p WHERE p.status IN ('accepted', 'completed') "
         "AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.application_id = p.id) "
         "ORDER BY p.id LIMIT ?",
         1, 1},
    /* the newest template of the most specific region containing the gig; NULL region = national */
    [SQL_AGT_PICK] = {AGT_COLS "body, COALESCE(note, '') FROM agreement_templates "
                               "WHERE region_code IS NULL OR region_code IN (?, ?, ?, ?) "
                               "ORDER BY region_code IS NULL, LENGTH(region_code) DESC, id DESC LIMIT 1",
                      4, 9},
    [SQL_AGT_GET] = {AGT_COLS "body, COALESCE(note, '') FROM agreement_templates WHERE id = ?", 1, 9},
    [SQL_AGT_LIST] = {AGT_COLS "'', COALESCE(note, '') FROM agreement_templates "
                               "WHERE (region_code IS NULL OR region_code LIKE ?) AND (? = '' OR code = ?) "
                               "ORDER BY id DESC LIMIT ? OFFSET ?",
                      5, 9},
    [SQL_AGT_COUNT] = {"SELECT COUNT(*) FROM agreement_templates "
                       "WHERE (region_code IS NULL OR region_code LIKE ?) AND (? = '' OR code = ?)",
                       3, 1},
    [SQL_AGT_CODE_LOCK] =
        {"SELECT COALESCE(MAX(version), 0) FROM agreement_templates WHERE code = ? FOR UPDATE", 1, 1},
    [SQL_AGT_INSERT] = {"INSERT INTO agreement_templates (code, version, region_code, title, body, note, "
                        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NOW(3))",
                        7, 0},
#undef AGR_COLS
#undef AGR_LOG_COLS
#undef AGT_COLS

    [SQL_USER_UPSERT_OPENID] = {"INSERT INTO users (openid, unionid, created_at, last_login_at) "
                                "VALUES (?, ?, NOW(3), NOW(3)) ON DUPLICATE KEY UPDATE "
                                "id = LAST_INSERT_ID(id), last_login_at = NOW(3), "
                                "unionid = COALESCE(VALUES(unionid), unionid)",
                                2, 0},
    [SQL_USER_GET] = {"SELECT id, status, token_version, phone_enc, FLOOR(UNIX_TIMESTAMP(created_at)) "
                      "FROM users WHERE id = ?",
                      1, 5},
    /* the auth gate's one read per request: the account's token version and status, and whether the
     * token's family was revoked (one seek on refresh_tokens_family (family_id, revoked_at)) */
    [SQL_USER_AUTH_STATE] = {"SELECT token_version, status, EXISTS(SELECT 1 FROM refresh_tokens "
                             "WHERE family_id = ? AND revoked_at IS NOT NULL) FROM users WHERE id = ?",
                             2, 3},
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
    [SQL_RT_MARK_USED] = {"UPDATE refresh_tokens SET used_at = NOW(3) WHERE jti = ? AND used_at IS NULL", 1,
                          0},
    [SQL_RT_REVOKE_FAMILY] = {"UPDATE refresh_tokens SET revoked_at = NOW(3) "
                              "WHERE family_id = ? AND revoked_at IS NULL",
                              1, 0},
    [SQL_RT_REVOKE_SUBJECT] = {"UPDATE refresh_tokens SET revoked_at = NOW(3) "
                               "WHERE subject_kind = ? AND subject_id = ? AND revoked_at IS NULL",
                               2, 0},

    [SQL_ADMIN_BY_USERNAME] = {"SELECT id, password_hash, role, COALESCE(region_code, ''), status, "
                               "token_version, COALESCE(display_name, username) FROM admin_users "
                               "WHERE username = ?",
                               1, 7},
    [SQL_ADMIN_LOGIN_OK] = {"UPDATE admin_users SET last_login_at = NOW(3) WHERE id = ?", 1, 0},
    [SQL_ADMIN_COUNT] = {"SELECT COUNT(*) FROM admin_users", 0, 1},
    [SQL_ADMIN_INSERT] =
        {"INSERT INTO admin_users (username, password_hash, role, region_code, display_name, "
         "created_at) VALUES (?, ?, ?, ?, ?, NOW(3))",
         5, 0},
    [SQL_ADMIN_GET] = {"SELECT username, role, COALESCE(region_code, ''), COALESCE(display_name, username) "
                       "FROM admin_users WHERE id = ?",
                       1, 4},
    [SQL_ADMIN_AUTH_STATE] = {"SELECT token_version, status, EXISTS(SELECT 1 FROM refresh_tokens "
                              "WHERE family_id = ? AND revoked_at IS NOT NULL) FROM admin_users WHERE id = ?",
                              2, 3},
    [SQL_ADMIN_BUMP_TOKEN_VERSION] = {"UPDATE admin_users SET token_version = token_version + 1 WHERE id = ?",
                                      1, 0},

    [SQL_AUDIT_HEAD_LOCK] = {"SELECT last_hash FROM audit_head WHERE id = 1 FOR UPDATE", 0, 1},
    [SQL_AUDIT_INSERT] =
        {"INSERT INTO audit_log (at, actor_kind, actor_id, role, action, object_type, object_id, "
         "result, ip, request_id, prev_hash, hash) "
         "VALUES (FROM_UNIXTIME(?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         12, 0},
    [SQL_AUDIT_HEAD_SET] = {"UPDATE audit_head SET last_hash = ? WHERE id = 1", 1, 0},
    /* NULL actor_id and object_id read back as the 0 and "" they were hashed as */
    [SQL_AUDIT_PAGE] =
        {"SELECT id, FLOOR(UNIX_TIMESTAMP(at)), actor_kind, COALESCE(actor_id, 0), role, action, "
         "object_type, COALESCE(object_id, ''), result, ip, request_id, prev_hash, hash "
         "FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
         2, 13},
    [SQL_AUDIT_HEAD_GET] = {"SELECT last_hash FROM audit_head WHERE id = 1", 0, 1},

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
    [SQL_GIG_INSERT] =
        {"INSERT INTO gigs (employer_id, title, description, job_type_id, job_top_id, pay_fen, pay_unit, "
         "headcount, starts_at, ends_at, address, lat, lng, location, region_code, province_code, "
         "city_code, county_code, status, created_at, updated_at, published_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, ?, ?, POINT(?, ?), ?, ?, "
         "?, ?, ?, NOW(3), NOW(3), IF(? = 'published', NOW(3), NULL))",
         21, 0},
    [SQL_GIG_UPDATE] =
        {"UPDATE gigs SET title = ?, description = ?, job_type_id = ?, job_top_id = ?, pay_fen = ?, "
         "pay_unit = ?, headcount = ?, starts_at = FROM_UNIXTIME(?), ends_at = FROM_UNIXTIME(?), "
         "address = ?, lat = ?, lng = ?, location = POINT(?, ?), region_code = ?, province_code = ?, "
         "city_code = ?, county_code = ?, status = ?, "
         "published_at = IF(? = 'published', NOW(3), published_at), updated_at = NOW(3) "
         "WHERE id = ? AND status = ?",
         22, 0},
    [SQL_GIG_GET] = {GIG_COLS("g.description", "0") GIG_FROM "WHERE g.id = ?", 1, 26},
    [SQL_GIG_LOCK] = {"SELECT employer_id, status, region_code FROM gigs WHERE id = ? FOR UPDATE", 1, 3},
    [SQL_GIG_SET_STATUS] = {"UPDATE gigs SET status = ?, review_reason = ?, "
                            "published_at = IF(? = 'published', NOW(3), published_at), updated_at = NOW(3) "
                            "WHERE id = ? AND status = ?",
                            5, 0},
    [SQL_GIG_HISTORY_ADD] =
        {"INSERT INTO gig_history (gig_id, actor_kind, actor_id, from_status, to_status, reason, at) "
         "VALUES (?, ?, ?, ?, ?, ?, NOW(3))",
         6, 0},
    [SQL_GIG_HISTORY_LIST] =
        {"SELECT actor_kind, COALESCE(actor_id, 0), COALESCE(from_status, ''), to_status, "
         "COALESCE(reason, ''), FLOOR(UNIX_TIMESTAMP(at)) FROM gig_history WHERE gig_id = ? "
         "ORDER BY id",
         1, 6},
    [SQL_GIG_EMPLOYER_STATE] = {"SELECT verification, region_code, credit FROM employers WHERE user_id = ?",
                                1, 3},
    [SQL_GIG_JOB_TOP] = {"SELECT COALESCE(parent_id, 0) FROM job_types WHERE id = ?", 1, 1},
    [SQL_GIG_BY_EMPLOYER] = {GIG_COLS("''", "0") GIG_FROM
                             "WHERE g.employer_id = ? AND g.status LIKE ? "
                             "ORDER BY g.created_at DESC, g.id DESC LIMIT ? OFFSET ?",
                             4, 26},
    [SQL_GIG_BY_EMPLOYER_COUNT] = {"SELECT COUNT(*) FROM gigs WHERE employer_id = ? AND status LIKE ?", 2, 1},
    [SQL_GIG_ADMIN_LIST] = {GIG_COLS("''", "0") GIG_FROM "WHERE g.status = ? AND g.region_code LIKE ? "
                                                         "ORDER BY g.updated_at, g.id LIMIT ? OFFSET ?",
                            4, 26},
    [SQL_GIG_ADMIN_COUNT] = {"SELECT COUNT(*) FROM gigs WHERE status = ? AND region_code LIKE ?", 2, 1},
    [SQL_GIG_EXPIRE_PICK] =
        {"SELECT id FROM gigs WHERE status = 'published' AND ends_at <= NOW() ORDER BY ends_at "
         "LIMIT 200 FOR UPDATE SKIP LOCKED",
         0, 1},
    /* profiles & stations */
    [SQL_PROF_WORKER_GET] =
        {"SELECT w.real_name, w.id_enc, w.birth_year, w.gender, w.intro, w.expected_pay_fen, "
         "w.expected_pay_unit, w.availability, w.elder_mode, w.discoverable, w.region_code, "
         "r.name, w.lat, w.lng, w.credit, FLOOR(UNIX_TIMESTAMP(w.updated_at)) "
         "FROM workers w LEFT JOIN regions r ON r.code = w.region_code WHERE w.user_id = ?",
         1, 16},
    [SQL_PROF_WORKER_JOB_TYPES] = {"SELECT w.job_type_id, j.name, w.years FROM worker_job_types w "
                                   "JOIN job_types j ON j.id = w.job_type_id WHERE w.user_id = ? "
                                   "ORDER BY w.job_type_id",
                                   1, 3},
    [SQL_PROF_WORKER_CERTS] =
        {"SELECT name, COALESCE(number, ''), number_enc, COALESCE(DATE_FORMAT(expires_on, '%Y-%m-%d'), '') "
         "FROM worker_certificates WHERE user_id = ? ORDER BY id",
         1, 4},
    [SQL_PROF_WORKER_REGIONS] =
        {"SELECT w.region_code, r.name FROM worker_regions w "
         "JOIN regions r ON r.code = w.region_code WHERE w.user_id = ? ORDER BY w.region_code",
         1, 2},
    /* touches only the primary key, so it can never collide with (and update) another worker's row */
    /* a new profile starts from the user's 诚信分 (credit_scores), which may predate it */
    [SQL_PROF_WORKER_STUB] =
        {"INSERT INTO workers (user_id, credit, created_at, updated_at) SELECT x.id, "
         "COALESCE((SELECT s.score FROM credit_scores s WHERE s.user_id = x.id), 100), NOW(3), NOW(3) "
         "FROM (SELECT ? AS id) x ON DUPLICATE KEY UPDATE user_id = workers.user_id",
         1, 0},
    [SQL_PROF_WORKER_LOCK] = {"SELECT id_enc IS NOT NULL FROM workers WHERE user_id = ? FOR UPDATE", 1, 1},
    [SQL_PROF_WORKER_UPDATE] =
        {"UPDATE workers SET real_name = ?, id_enc = COALESCE(?, id_enc), "
         "id_hmac = COALESCE(?, id_hmac), birth_year = COALESCE(?, birth_year), "
         "gender = COALESCE(?, gender), intro = ?, expected_pay_fen = ?, expected_pay_unit = ?, "
         "availability = ?, elder_mode = ?, discoverable = ?, region_code = ?, lat = ?, lng = ?, "
         "completeness = ?, updated_at = NOW(3) WHERE user_id = ?",
         16, 0},
    [SQL_PROF_WORKER_JOB_TYPES_CLEAR] = {"DELETE FROM worker_job_types WHERE user_id = ?", 1, 0},
    [SQL_PROF_WORKER_JOB_TYPE_ADD] =
        {"INSERT INTO worker_job_types (user_id, job_type_id, years) VALUES (?, ?, ?)", 3, 0},
    [SQL_PROF_WORKER_CERTS_CLEAR] = {"DELETE FROM worker_certificates WHERE user_id = ?", 1, 0},
    /* the number only sealed (schema 019) */
    [SQL_PROF_WORKER_CERT_ADD] = {"INSERT INTO worker_certificates (user_id, name, number_enc, expires_on) "
                                  "VALUES (?, ?, ?, ?)",
                                  4, 0},
    [SQL_PROF_WORKER_REGIONS_CLEAR] = {"DELETE FROM worker_regions WHERE user_id = ?", 1, 0},
    [SQL_PROF_WORKER_REGION_ADD] = {"INSERT INTO worker_regions (user_id, region_code) VALUES (?, ?)", 2, 0},
    [SQL_PROF_JOB_TYPE_EXISTS] = {"SELECT id FROM job_types WHERE id = ?", 1, 1},
#define PROF_EMPLOYER_COLS                                                                                   \
    "SELECT e.user_id, e.kind, e.name, COALESCE(e.credit_code, ''), COALESCE(e.legal_rep, ''), "             \
    "COALESCE(e.contact_name, ''), e.contact_phone_enc, e.id_enc, e.region_code, r.name, "                   \
    "COALESCE(e.address, ''), e.verification, COALESCE(e.verification_reason, ''), "                         \
    "COALESCE(FLOOR(UNIX_TIMESTAMP(e.verified_at)), 0), e.credit, FLOOR(UNIX_TIMESTAMP(e.updated_at)) "      \
    "FROM employers e JOIN regions r ON r.code = e.region_code "
    [SQL_PROF_EMPLOYER_GET] = {PROF_EMPLOYER_COLS "WHERE e.user_id = ?", 1, 16},
    /* touches only the primary key (credit_code and id_hmac stay NULL), like SQL_PROF_WORKER_STUB */
    [SQL_PROF_EMPLOYER_STUB] =
        {"INSERT INTO employers (user_id, kind, name, region_code, credit, created_at, updated_at) "
         "SELECT x.id, x.kind, x.name, x.region, "
         "COALESCE((SELECT s.score FROM credit_scores s WHERE s.user_id = x.id), 100), NOW(3), NOW(3) "
         "FROM (SELECT ? AS id, ? AS kind, ? AS name, ? AS region) x "
         "ON DUPLICATE KEY UPDATE user_id = employers.user_id",
         4, 0},
    [SQL_PROF_EMPLOYER_LOCK] = {"SELECT kind, name, COALESCE(credit_code, ''), COALESCE(legal_rep, ''), "
                                "contact_phone_enc, id_enc, id_hmac, verification FROM employers "
                                "WHERE user_id = ? FOR UPDATE",
                                1, 8},
    /* verified_at/by are assigned after verification, so they see its new value (left to right) */
    [SQL_PROF_EMPLOYER_UPDATE] =
        {"UPDATE employers SET kind = ?, name = ?, credit_code = ?, legal_rep = ?, "
         "contact_name = ?, contact_phone_enc = ?, id_enc = ?, id_hmac = ?, region_code = ?, "
         "address = ?, verification = ?, verification_reason = NULL, "
         "verified_at = IF(verification = 'verified', verified_at, NULL), "
         "verified_by = IF(verification = 'verified', verified_by, NULL), "
         "updated_at = NOW(3) WHERE user_id = ?",
         12, 0},
    [SQL_PROF_EMPLOYER_LIST] = {PROF_EMPLOYER_COLS
                                "WHERE e.region_code LIKE ? AND (? = '' OR e.verification = ?) "
                                "ORDER BY e.updated_at, e.user_id LIMIT ? OFFSET ?",
                                5, 16},
    [SQL_PROF_EMPLOYER_COUNT] = {"SELECT COUNT(*) FROM employers e "
                                 "WHERE e.region_code LIKE ? AND (? = '' OR e.verification = ?)",
                                 3, 1},
#undef PROF_EMPLOYER_COLS
    [SQL_PROF_EMPLOYER_REVIEW_LOCK] =
        {"SELECT region_code, verification FROM employers WHERE user_id = ? FOR UPDATE", 1, 2},
    [SQL_PROF_EMPLOYER_REVIEW_SET] = {"UPDATE employers SET verification = ?, verification_reason = ?, "
                                      "verified_at = IF(? = 'verified', NOW(3), NULL), verified_by = ?, "
                                      "updated_at = NOW(3) WHERE user_id = ?",
                                      5, 0},
/* Station rows: 11 columns, and a 12th, the distance in metres, in lists near a point. (A constant 12th
 * column in the other list comes back "truncated" from the second execution on, so it has none.) The
 * sphere radius is domain/geo.c's, so the SQL filter and the distance the reply shows agree. */
#define STATION_COLS(dist)                                                                                   \
    "SELECT s.id, s.name, s.address, COALESCE(s.phone, ''), COALESCE(s.hours, ''), COALESCE(s.services, "    \
    "''), "                                                                                                  \
    "s.lat, s.lng, s.region_code, r.name, s.status" dist                                                     \
    " FROM stations s JOIN regions r ON r.code = s.region_code "
#define STATION_DIST "ST_Distance_Sphere(s.location, POINT(?, ?), 6371008.8)"
#define STATION_BOX  "MBRContains(ST_Envelope(LINESTRING(POINT(?, ?), POINT(?, ?))), s.location) "
    [SQL_STATION_NEAR] = {STATION_COLS(", " STATION_DIST " AS d") "WHERE s.status = 'open' AND " STATION_BOX
                                                                  "AND s.region_code LIKE ? HAVING d <= ? "
                                                                  "ORDER BY d, s.id LIMIT ? OFFSET ?",
                          10, 12},
    [SQL_STATION_NEAR_COUNT] = {"SELECT COUNT(*) FROM stations s WHERE s.status = 'open' AND " STATION_BOX
                                "AND s.region_code LIKE ? AND " STATION_DIST " <= ?",
                                8, 1},
    [SQL_STATION_LIST] = {STATION_COLS("") "WHERE s.status = 'open' AND s.region_code LIKE ? "
                                           "ORDER BY s.region_code, s.id LIMIT ? OFFSET ?",
                          3, 11},
    [SQL_STATION_COUNT] = {"SELECT COUNT(*) FROM stations s WHERE s.status = 'open' AND s.region_code LIKE ?",
                           1, 1},
    [SQL_STATION_GET] = {"SELECT s.id, s.name, s.address, COALESCE(s.phone, ''), COALESCE(s.hours, ''), "
                         "COALESCE(s.services, ''), s.lat, s.lng, s.region_code, r.name, s.status, "
                         "FLOOR(UNIX_TIMESTAMP(s.created_at)), FLOOR(UNIX_TIMESTAMP(s.updated_at)) "
                         "FROM stations s JOIN regions r ON r.code = s.region_code WHERE s.id = ?",
                         1, 13},
    [SQL_STATION_LOCK] = {"SELECT region_code FROM stations WHERE id = ? FOR UPDATE", 1, 1},
    [SQL_STATION_INSERT] =
        {"INSERT INTO stations (region_code, name, address, phone, hours, services, lat, lng, "
         "location, status, created_at, updated_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, POINT(?, ?), ?, NOW(3), NOW(3))",
         11, 0},
    [SQL_STATION_UPDATE] =
        {"UPDATE stations SET region_code = ?, name = ?, address = ?, phone = ?, hours = ?, "
         "services = ?, lat = ?, lng = ?, location = POINT(?, ?), status = ?, updated_at = NOW(3) "
         "WHERE id = ?",
         12, 0},
#undef STATION_COLS
#undef STATION_DIST
#undef STATION_BOX
/* sensitive words: every entry read binds these 10 columns (store/words.c) */
#define WORDS_COLS                                                                                           \
    "SELECT id, word, category, action, is_allow, enabled, COALESCE(note, ''), COALESCE(created_by, ''), "   \
    "FLOOR(UNIX_TIMESTAMP(created_at)), FLOOR(UNIX_TIMESTAMP(updated_at)) FROM sensitive_words "
#define WORDS_FILTER "WHERE word LIKE ? AND category LIKE ? AND action LIKE ? "
    [SQL_WORDS_VERSION] = {"SELECT version FROM wordfilter_version WHERE id = 1", 0, 1},
    [SQL_WORDS_VERSION_LOCK] = {"SELECT version FROM wordfilter_version WHERE id = 1 FOR UPDATE", 0, 1},
    [SQL_WORDS_VERSION_BUMP] = {"UPDATE wordfilter_version SET version = version + 1 WHERE id = 1", 0, 0},
    [SQL_WORDS_ENABLED] = {"SELECT word, category, action, is_allow FROM sensitive_words WHERE enabled = 1 "
                           "ORDER BY id",
                           0, 4},
    [SQL_WORDS_LIST] = {WORDS_COLS WORDS_FILTER "ORDER BY id DESC LIMIT ? OFFSET ?", 5, 10},
    [SQL_WORDS_COUNT] = {"SELECT COUNT(*) FROM sensitive_words " WORDS_FILTER, 3, 1},
    [SQL_WORDS_ALL] = {WORDS_COLS "ORDER BY id", 0, 10},
    [SQL_WORDS_GET] = {WORDS_COLS "WHERE id = ?", 1, 10},
    [SQL_WORDS_LOCK] = {WORDS_COLS "WHERE id = ? FOR UPDATE", 1, 10},
    [SQL_WORDS_INSERT] =
        {"INSERT INTO sensitive_words (word, category, action, is_allow, enabled, note, created_by, "
         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NOW(3), NOW(3))",
         7, 0},
    [SQL_WORDS_UPDATE] =
        {"UPDATE sensitive_words SET word = ?, category = ?, action = ?, is_allow = ?, enabled = ?, "
         "note = ?, updated_at = NOW(3) WHERE id = ?",
         7, 0},
    [SQL_WORDS_DELETE] = {"DELETE FROM sensitive_words WHERE id = ?", 1, 0},
    [SQL_MODHITS_ADD] =
        {"INSERT INTO moderation_hits (object_type, object_id, field, verdict, hits, created_at) "
         "VALUES (?, ?, ?, ?, ?, NOW(3))",
         5, 0},
    [SQL_MODHITS_LIST] =
        {"SELECT field, verdict, hits, FLOOR(UNIX_TIMESTAMP(created_at)) FROM moderation_hits "
         "WHERE object_type = ? AND object_id = ? ORDER BY id DESC LIMIT 20",
         2, 4},
/* attendance, site codes, auto-confirm */
#define ATT_COLS                                                                                             \
    "SELECT id, DATE_FORMAT(work_date, '%Y-%m-%d'), COALESCE(FLOOR(UNIX_TIMESTAMP(check_in_at)), 0), "       \
    "COALESCE(check_in_method, ''), COALESCE(FLOOR(UNIX_TIMESTAMP(check_out_at)), 0), "                      \
    "COALESCE(check_out_method, '') FROM attendance "
    [SQL_ATT_CONTEXT] =
        {"SELECT a.worker_id, a.employer_id, a.status, a.gig_id, UNIX_TIMESTAMP(g.starts_at), "
         "UNIX_TIMESTAMP(g.ends_at), g.lat, g.lng, g.site_secret "
         "FROM applications a JOIN gigs g ON g.id = a.gig_id WHERE a.id = ?",
         1, 9},
    [SQL_ATT_SITE_SECRET] = {"SELECT employer_id, status, site_secret FROM gigs WHERE id = ?", 1, 3},
    [SQL_ATT_SITE_SECRET_INIT] = {"UPDATE gigs SET site_secret = ? WHERE id = ? AND site_secret IS NULL", 2,
                                  0},
    [SQL_ATT_CHECK_IN] = {"INSERT INTO attendance (application_id, work_date, check_in_at, check_in_method, "
                          "check_in_lat, check_in_lng, created_at, updated_at) "
                          "VALUES (?, ?, FROM_UNIXTIME(?), ?, ?, ?, NOW(3), NOW(3))",
                          6, 0},
    [SQL_ATT_LAST] = {ATT_COLS "WHERE application_id = ? AND check_in_at IS NOT NULL "
                               "ORDER BY work_date DESC LIMIT 1",
                      1, 6},
    [SQL_ATT_CHECK_OUT] = {"UPDATE attendance SET check_out_at = FROM_UNIXTIME(?), check_out_method = ?, "
                           "check_out_lat = ?, check_out_lng = ?, updated_at = NOW(3) "
                           "WHERE id = ? AND check_out_at IS NULL",
                           5, 0},
    [SQL_ATT_LIST] = {ATT_COLS "WHERE application_id = ? ORDER BY work_date", 1, 6},
    [SQL_ATT_DAY_CHECKED_OUT] = {"SELECT COUNT(*) FROM attendance WHERE application_id = ? AND work_date = ? "
                                 "AND check_out_at IS NOT NULL",
                                 2, 1},
    [SQL_ATT_DAY_LOCK] = {ATT_COLS "WHERE application_id = ? AND work_date = ? FOR UPDATE", 2, 6},
    [SQL_ATT_INSERT_CORRECTED] =
        {"INSERT INTO attendance (application_id, work_date, check_in_at, check_in_method, check_out_at, "
         "check_out_method, created_at, updated_at) VALUES (?, ?, FROM_UNIXTIME(?), 'correction', "
         "FROM_UNIXTIME(?), IF(? IS NULL, NULL, 'correction'), NOW(3), NOW(3))",
         5, 0},
    [SQL_ATT_SET_TIMES] = {"UPDATE attendance SET check_in_at = COALESCE(FROM_UNIXTIME(?), check_in_at), "
                           "check_in_method = IF(? IS NULL, check_in_method, 'correction'), "
                           "check_out_at = COALESCE(FROM_UNIXTIME(?), check_out_at), "
                           "check_out_method = IF(? IS NULL, check_out_method, 'correction'), "
                           "updated_at = NOW(3) WHERE id = ?",
                           5, 0},
    [SQL_ATT_CORRECTION_ADD] =
        {"INSERT INTO attendance_corrections (attendance_id, actor_id, old_check_in_at, old_check_out_at, "
         "new_check_in_at, new_check_out_at, reason, at) VALUES (?, ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), "
         "FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, NOW(3))",
         7, 0},
    [SQL_ATT_CORRECTIONS] =
        {"SELECT c.attendance_id, c.actor_id, COALESCE(FLOOR(UNIX_TIMESTAMP(c.old_check_in_at)), 0), "
         "COALESCE(FLOOR(UNIX_TIMESTAMP(c.old_check_out_at)), 0), "
         "COALESCE(FLOOR(UNIX_TIMESTAMP(c.new_check_in_at)), 0), "
         "COALESCE(FLOOR(UNIX_TIMESTAMP(c.new_check_out_at)), 0), c.reason, FLOOR(UNIX_TIMESTAMP(c.at)) "
         "FROM attendance_corrections c JOIN attendance t ON t.id = c.attendance_id "
         "WHERE t.application_id = ? ORDER BY c.id",
         1, 8},
    /* auto-confirm: a plain (non-locking) read of candidates, then each one claimed by primary key with
     * SKIP LOCKED in its own transaction. A locking read of the candidate query itself would lock every
     * accepted application it scans (the sort happens after the scan), holding up users' own confirms and
     * leaving nothing for a second node. */
    [SQL_ATT_CONFIRM_DUE] =
        {"SELECT a.id FROM applications a JOIN gigs g ON g.id = a.gig_id "
         "WHERE a.status = 'accepted' AND g.ends_at <= FROM_UNIXTIME(?) ORDER BY a.id LIMIT 100",
         1, 1},
    [SQL_ATT_CONFIRM_CLAIM] = {"SELECT id, worker_id, employer_id, worker_confirmed_at IS NULL, "
                               "employer_confirmed_at IS NULL FROM applications "
                               "WHERE id = ? AND status = 'accepted' FOR UPDATE SKIP LOCKED",
                               1, 5},
#undef ATT_COLS
#undef WORDS_COLS
#undef WORDS_FILTER
/* 查找雇员: candidate workers with the facts domain/match.c scores (15 columns). Two statements so each
 * is driven by an index instead of a scan of every worker: with a 工种 the candidates come from
 * worker_job_types_type (job_type_id, user_id) over the 工种's category (job_types_parent finds it); without
 * one, from workers_discoverable (discoverable, region_code) for the home region UNION
 * worker_regions_region (region_code, user_id) for the work regions. The region filter always has a value
 * (the API defaults it to the employer's county), so neither source reads a whole province by accident.
 * Blocks are two primary-key probes. The pre-order only picks which candidates reach the ranking when more
 * than the LIMIT match; the ranking itself is domain/match.c's. */
#define WORKERS_COLS                                                                                         \
    "SELECT w.user_id, COALESCE(w.real_name, ''), COALESCE(w.birth_year, 0), COALESCE(w.gender, ''), "       \
    "COALESCE(w.region_code, ''), COALESCE(r.name, ''), w.lat IS NOT NULL AND w.lng IS NOT NULL, "           \
    "COALESCE(w.lat, 0), COALESCE(w.lng, 0), w.credit, w.completeness, w.availability, "                     \
    "EXISTS(SELECT 1 FROM worker_job_types x WHERE x.user_id = w.user_id AND x.job_type_id = ?), "           \
    "EXISTS(SELECT 1 FROM worker_job_types x JOIN job_types jx ON jx.id = x.job_type_id "                    \
    "WHERE x.user_id = w.user_id AND (jx.id = ? OR jx.parent_id = ?)), "                                     \
    "GREATEST(IF(w.region_code LIKE ?, 2, IF(w.region_code LIKE ?, 1, 0)), "                                 \
    "COALESCE((SELECT MAX(IF(x.region_code LIKE ?, 2, IF(x.region_code LIKE ?, 1, 0))) "                     \
    "FROM worker_regions x WHERE x.user_id = w.user_id), 0)) "
#define WORKERS_JOIN                                                                                         \
    "JOIN workers w ON w.user_id = c.user_id JOIN users u ON u.id = w.user_id "                              \
    "LEFT JOIN regions r ON r.code = w.region_code "
/* the caller is never a candidate; q ('' = none) matches the intro or a 工种 name; blocks either way;
 * a weekday mask (0 = none) keeps workers free that day and those who never filled in their week */
#define WORKERS_WHERE                                                                                        \
    "WHERE w.discoverable = 1 AND u.status = 'active' AND w.user_id <> ? "                                   \
    "AND (? = '' OR w.intro LIKE ? OR EXISTS(SELECT 1 FROM worker_job_types x "                              \
    "JOIN job_types jx ON jx.id = x.job_type_id WHERE x.user_id = w.user_id AND jx.name LIKE ?)) "           \
    "AND NOT EXISTS(SELECT 1 FROM blocks b WHERE b.blocker_id = ? AND b.blocked_id = w.user_id) "            \
    "AND NOT EXISTS(SELECT 1 FROM blocks b WHERE b.blocker_id = w.user_id AND b.blocked_id = ?) "            \
    "AND (? = 0 OR w.availability = 0 OR (w.availability & ?) <> 0) "
#define WORKERS_ORDER "ORDER BY 13 DESC, 14 DESC, 15 DESC, w.credit DESC, w.user_id LIMIT ?"
    [SQL_WORKERS_BY_REGION] = {WORKERS_COLS
                               "FROM (SELECT user_id FROM workers WHERE discoverable = 1 AND "
                               "region_code LIKE ? UNION SELECT user_id FROM worker_regions "
                               "WHERE region_code LIKE ?) c " WORKERS_JOIN WORKERS_WHERE WORKERS_ORDER,
                               18, 15},
    [SQL_WORKERS_BY_JOB] = {WORKERS_COLS
                            "FROM (SELECT DISTINCT wj.user_id FROM job_types j "
                            "JOIN worker_job_types wj ON wj.job_type_id = j.id "
                            "WHERE j.id = ? OR j.parent_id = ?) c " WORKERS_JOIN WORKERS_WHERE
                            "AND (w.region_code LIKE ? OR EXISTS(SELECT 1 FROM worker_regions x "
                            "WHERE x.user_id = w.user_id AND x.region_code LIKE ?)) " WORKERS_ORDER,
                            20, 15},
#undef WORKERS_COLS
#undef WORKERS_JOIN
#undef WORKERS_WHERE
#undef WORKERS_ORDER
    [SQL_WORKERS_INVITABLE] = {"SELECT w.discoverable FROM workers w JOIN users u ON u.id = w.user_id "
                               "WHERE w.user_id = ? AND u.status = 'active'",
                               1, 1},
/* invitations: every read binds these 20 columns (store/invitation.c), with the gig summary */
#define INV_COLS                                                                                             \
    "SELECT i.id, i.gig_id, i.worker_id, i.employer_id, i.status, COALESCE(i.application_id, 0), "           \
    "FLOOR(UNIX_TIMESTAMP(i.created_at)), COALESCE(FLOOR(UNIX_TIMESTAMP(i.responded_at)), 0), g.title, "     \
    "g.status, UNIX_TIMESTAMP(g.starts_at), UNIX_TIMESTAMP(g.ends_at), g.pay_fen, g.pay_unit, g.headcount, " \
    "g.accepted_count, g.region_code, r.name, e.name, COALESCE(w.real_name, '') "                            \
    "FROM invitations i JOIN gigs g ON g.id = i.gig_id JOIN regions r ON r.code = g.region_code "            \
    "JOIN employers e ON e.user_id = i.employer_id LEFT JOIN workers w ON w.user_id = i.worker_id "
#define INV_UNBLOCKED                                                                                        \
    "AND NOT EXISTS(SELECT 1 FROM blocks b WHERE b.blocker_id = i.worker_id AND b.blocked_id = "             \
    "i.employer_id) "                                                                                        \
    "AND NOT EXISTS(SELECT 1 FROM blocks b WHERE b.blocker_id = i.employer_id AND b.blocked_id = "           \
    "i.worker_id) "
    [SQL_INV_INSERT] = {"INSERT INTO invitations (gig_id, worker_id, employer_id, status, created_at) "
                        "VALUES (?, ?, ?, 'pending', NOW(3))",
                        3, 0},
    [SQL_INV_GET] = {INV_COLS "WHERE i.id = ?", 1, 20},
    [SQL_INV_LOCK] =
        {"SELECT gig_id, worker_id, employer_id, status FROM invitations WHERE id = ? FOR UPDATE", 1, 4},
    [SQL_INV_SET_STATUS] = {"UPDATE invitations SET status = ?, application_id = ?, responded_at = NOW(3) "
                            "WHERE id = ? AND status = ?",
                            4, 0},
    [SQL_INV_BY_WORKER] = {INV_COLS "WHERE i.worker_id = ? AND i.status LIKE ? " INV_UNBLOCKED
                                    "ORDER BY i.id DESC LIMIT ? OFFSET ?",
                           4, 20},
    [SQL_INV_BY_WORKER_COUNT] =
        {"SELECT COUNT(*) FROM invitations i WHERE i.worker_id = ? AND i.status LIKE ? " INV_UNBLOCKED, 2, 1},
    [SQL_INV_BY_GIG] = {INV_COLS "WHERE i.gig_id = ? AND i.status LIKE ? " INV_UNBLOCKED
                                 "ORDER BY i.id DESC LIMIT ? OFFSET ?",
                        4, 20},
    [SQL_INV_BY_GIG_COUNT] =
        {"SELECT COUNT(*) FROM invitations i WHERE i.gig_id = ? AND i.status LIKE ? " INV_UNBLOCKED, 2, 1},
#undef INV_COLS
#undef INV_UNBLOCKED
/* applications: every read binds these 23 columns (store/application.c), the gig summary last */
#define APP_COLS                                                                                             \
    "SELECT a.id, a.gig_id, a.worker_id, a.employer_id, a.status, a.source, COALESCE(a.note, ''), "          \
    "a.late_cancel, COALESCE(FLOOR(UNIX_TIMESTAMP(a.first_viewed_at)), 0), "                                 \
    "COALESCE(FLOOR(UNIX_TIMESTAMP(a.decided_at)), 0), "                                                     \
    "COALESCE(FLOOR(UNIX_TIMESTAMP(a.worker_confirmed_at)), 0), "                                            \
    "COALESCE(FLOOR(UNIX_TIMESTAMP(a.employer_confirmed_at)), 0), "                                          \
    "COALESCE(FLOOR(UNIX_TIMESTAMP(a.completed_at)), 0), FLOOR(UNIX_TIMESTAMP(a.created_at)), "              \
    "FLOOR(UNIX_TIMESTAMP(a.updated_at)), g.title, g.status, UNIX_TIMESTAMP(g.starts_at), "                  \
    "UNIX_TIMESTAMP(g.ends_at), g.pay_fen, g.pay_unit, g.address, g.region_code"
#define APP_FROM " FROM applications a JOIN gigs g ON g.id = a.gig_id "
/* blocked pairs never see each other's applications (SPEC §3 Blocklists) */
#define APP_UNBLOCKED                                                                                        \
    "AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = a.worker_id AND "                          \
    "b.blocked_id = a.employer_id) OR (b.blocker_id = a.employer_id AND b.blocked_id = a.worker_id)) "
    [SQL_APP_GIG] = {"SELECT employer_id, headcount, accepted_count, UNIX_TIMESTAMP(starts_at), "
                     "UNIX_TIMESTAMP(ends_at), status, region_code FROM gigs WHERE id = ?",
                     1, 7},
    [SQL_APP_INSERT] =
        {"INSERT INTO applications (gig_id, worker_id, employer_id, status, source, note, decided_at, "
         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, IF(? = 'accepted', NOW(3), NULL), NOW(3), "
         "NOW(3))",
         7, 0},
    [SQL_APP_GET] = {APP_COLS APP_FROM "WHERE a.id = ?", 1, 23},
    /* locks the application and its gig row (a decision reads the gig's state and may move its seats) */
    [SQL_APP_LOCK] = {APP_COLS APP_FROM "WHERE a.id = ? FOR UPDATE", 1, 23},
    [SQL_APP_FIND] = {"SELECT id, status FROM applications WHERE gig_id = ? AND worker_id = ?", 2, 2},
    [SQL_APP_SET_STATUS] = {"UPDATE applications SET status = ?, late_cancel = late_cancel | ?, "
                            "decided_at = IF(? IN ('accepted', 'rejected'), NOW(3), decided_at), "
                            "completed_at = IF(? = 'completed', NOW(3), completed_at), updated_at = NOW(3) "
                            "WHERE id = ? AND status = ?",
                            6, 0},
    [SQL_APP_HISTORY_ADD] = {"INSERT INTO application_history (application_id, actor_kind, actor_id, "
                             "from_status, to_status, reason, at) VALUES (?, ?, ?, ?, ?, ?, NOW(3))",
                             6, 0},
    [SQL_APP_HISTORY_LIST] =
        {"SELECT actor_kind, COALESCE(actor_id, 0), COALESCE(from_status, ''), to_status, "
         "COALESCE(reason, ''), FLOOR(UNIX_TIMESTAMP(at)) FROM application_history "
         "WHERE application_id = ? ORDER BY id",
         1, 6},
    /* updated_at: the search index lists how many places are left */
    [SQL_APP_SEAT_TAKE] = {"UPDATE gigs SET accepted_count = accepted_count + 1, updated_at = NOW(3) "
                           "WHERE id = ? AND accepted_count < headcount",
                           1, 0},
    [SQL_APP_SEAT_RELEASE] = {"UPDATE gigs SET accepted_count = accepted_count - 1, updated_at = NOW(3) "
                              "WHERE id = ? AND accepted_count > 0",
                              1, 0},
    [SQL_APP_CONFIRM_WORKER] = {"UPDATE applications SET worker_confirmed_at = NOW(3), updated_at = NOW(3) "
                                "WHERE id = ? AND status = 'accepted' AND worker_confirmed_at IS NULL",
                                1, 0},
    [SQL_APP_CONFIRM_EMPLOYER] =
        {"UPDATE applications SET employer_confirmed_at = NOW(3), updated_at = NOW(3) "
         "WHERE id = ? AND status = 'accepted' AND employer_confirmed_at IS NULL",
         1, 0},
    [SQL_APP_BLOCKED] = {"SELECT COUNT(*) FROM blocks WHERE (blocker_id = ? AND blocked_id = ?) "
                         "OR (blocker_id = ? AND blocked_id = ?)",
                         4, 1},
    [SQL_APP_BY_GIG] = {APP_COLS
                        ", COALESCE(w.real_name, ''), COALESCE(w.birth_year, 0), "
                        "COALESCE(w.gender, ''), COALESCE(w.credit, 100), "
                        "COALESCE(w.completeness, 0), COALESCE(u.phone_enc, '')" APP_FROM
                        "JOIN users u ON u.id = a.worker_id LEFT JOIN workers w ON w.user_id = a.worker_id "
                        "WHERE a.gig_id = ? AND a.status LIKE ? " APP_UNBLOCKED
                        "ORDER BY a.id LIMIT ? OFFSET ?",
                        4, 29},
    [SQL_APP_BY_GIG_COUNT] =
        {"SELECT COUNT(*) FROM applications a WHERE a.gig_id = ? AND a.status LIKE ? " APP_UNBLOCKED, 2, 1},
    [SQL_APP_BY_WORKER] = {APP_COLS APP_FROM "WHERE a.worker_id = ? AND a.status LIKE ? " APP_UNBLOCKED
                                             "ORDER BY a.id DESC LIMIT ? OFFSET ?",
                           4, 23},
    [SQL_APP_BY_WORKER_COUNT] = {"SELECT COUNT(*) FROM applications a WHERE a.worker_id = ? "
                                 "AND a.status LIKE ? " APP_UNBLOCKED,
                                 2, 1},
    [SQL_APP_MARK_VIEWED] = {"UPDATE applications SET first_viewed_at = NOW(3) "
                             "WHERE gig_id = ? AND first_viewed_at IS NULL",
                             1, 0},
#undef APP_COLS
#undef APP_FROM
#undef APP_UNBLOCKED
/* Trust (issue 7): ratings with their tags, the credit ledger and scores, blocklists. A rating row is
 * read with the same 18 columns everywhere (RATING_COLS); its tags come as one comma-joined column. */
#define RATING_COLS                                                                                          \
    "SELECT r.id, r.application_id, r.direction, r.author_id, r.subject_id, r.stars, COALESCE(r.text, ''), " \
    "COALESCE((SELECT GROUP_CONCAT(t.name ORDER BY t.sort_order SEPARATOR ',') FROM rating_tag_links l "     \
    "JOIN rating_tags t ON t.id = l.tag_id WHERE l.rating_id = r.id), ''), r.region_code, "                  \
    "FLOOR(UNIX_TIMESTAMP(r.reveal_at)), r.hidden, COALESCE(r.hidden_reason, ''), "                          \
    "COALESCE(FLOOR(UNIX_TIMESTAMP(r.hidden_at)), 0), COALESCE(FLOOR(UNIX_TIMESTAMP(r.credited_at)), 0), "   \
    "FLOOR(UNIX_TIMESTAMP(r.created_at)), g.id, g.title, "                                                   \
    "IF(r.direction = 'employer_to_worker', COALESCE(e.name, '雇主'), "                                    \
    "IF(COALESCE(w.real_name, '') = '', '零工', CONCAT(LEFT(w.real_name, 1), '**'))) "                     \
    "FROM ratings r JOIN applications a ON a.id = r.application_id JOIN gigs g ON g.id = a.gig_id "          \
    "LEFT JOIN employers e ON e.user_id = a.employer_id LEFT JOIN workers w ON w.user_id = a.worker_id "
/* what others see: revealed and not hidden; the author (last parameter) sees their own always */
#define RATING_SHOWN  "AND ((r.hidden = 0 AND r.reveal_at <= FROM_UNIXTIME(?)) OR r.author_id = ?) "
#define RATING_PUBLIC "AND hidden = 0 AND reveal_at <= FROM_UNIXTIME(?)"
    [SQL_RATING_TAGS] =
        {"SELECT id, direction, name, positive FROM rating_tags ORDER BY direction, sort_order, id", 0, 4},
    [SQL_RATING_INSERT] =
        {"INSERT INTO ratings (application_id, direction, author_id, subject_id, stars, text, "
         "region_code, reveal_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?), "
         "NOW(3))",
         8, 0},
    [SQL_RATING_TAG_ADD] = {"INSERT INTO rating_tag_links (rating_id, tag_id) VALUES (?, ?)", 2, 0},
    /* the second side rated: both are revealed now */
    [SQL_RATING_REVEAL_APP] = {"UPDATE ratings SET reveal_at = LEAST(reveal_at, FROM_UNIXTIME(?)) "
                               "WHERE application_id = ?",
                               2, 0},
    [SQL_RATING_GET] = {RATING_COLS "WHERE r.id = ?", 1, 18},
    [SQL_RATING_LOCK] = {RATING_COLS "WHERE r.id = ? FOR UPDATE", 1, 18},
    [SQL_RATING_BY_APP] = {RATING_COLS "WHERE r.application_id = ? ORDER BY r.id", 1, 18},
    [SQL_RATING_BY_SUBJECT] = {RATING_COLS "WHERE r.subject_id = ? AND r.direction LIKE ? " RATING_SHOWN
                                           "ORDER BY r.id DESC LIMIT ? OFFSET ?",
                               6, 18},
    [SQL_RATING_BY_SUBJECT_COUNT] = {"SELECT COUNT(*) FROM ratings r WHERE r.subject_id = ? "
                                     "AND r.direction LIKE ? " RATING_SHOWN,
                                     4, 1},
    [SQL_RATING_ADMIN_LIST] = {RATING_COLS "WHERE r.region_code LIKE ? AND r.hidden LIKE ? "
                                           "ORDER BY r.id DESC LIMIT ? OFFSET ?",
                               4, 18},
    [SQL_RATING_ADMIN_COUNT] =
        {"SELECT COUNT(*) FROM ratings r WHERE r.region_code LIKE ? AND r.hidden LIKE ?", 2, 1},
    [SQL_RATING_SUMMARY] =
        {"SELECT COUNT(*), CAST(COALESCE(SUM(stars), 0) AS SIGNED), "
         "CAST(COALESCE(SUM(stars = 1), 0) AS SIGNED), CAST(COALESCE(SUM(stars = 2), 0) AS SIGNED), "
         "CAST(COALESCE(SUM(stars = 3), 0) AS SIGNED), CAST(COALESCE(SUM(stars = 4), 0) AS SIGNED), "
         "CAST(COALESCE(SUM(stars = 5), 0) AS SIGNED) FROM ratings "
         "WHERE subject_id = ? AND direction = ? " RATING_PUBLIC,
         3, 7},
    [SQL_RATING_TAG_COUNTS] =
        {"SELECT t.name, COUNT(*) FROM ratings r JOIN rating_tag_links l ON l.rating_id = r.id "
         "JOIN rating_tags t ON t.id = l.tag_id WHERE r.subject_id = ? AND r.direction = ? "
         "AND r.hidden = 0 AND r.reveal_at <= FROM_UNIXTIME(?) "
         "GROUP BY t.id, t.name, t.sort_order ORDER BY 2 DESC, t.sort_order",
         3, 2},
    [SQL_RATING_HIDE] =
        {"UPDATE ratings SET hidden = 1, hidden_reason = ?, hidden_by = ?, hidden_at = NOW(3) "
         "WHERE id = ? AND hidden = 0",
         3, 0},
    [SQL_RATING_CREDIT_DUE] = {"SELECT id FROM ratings WHERE credited_at IS NULL " RATING_PUBLIC
                               " ORDER BY id LIMIT 100",
                               1, 1},
    /* the claim: exactly one writer of a rating's credit entry, on any node */
    [SQL_RATING_MARK_CREDITED] =
        {"UPDATE ratings SET credited_at = NOW(3) WHERE id = ? AND credited_at IS NULL " RATING_PUBLIC, 2, 0},
#undef RATING_COLS
#undef RATING_SHOWN
#undef RATING_PUBLIC
    [SQL_CREDIT_ENSURE] = {"INSERT IGNORE INTO credit_scores (user_id, score, updated_at) "
                           "SELECT id, 100, NOW(3) FROM users WHERE id = ?",
                           1, 0},
    [SQL_CREDIT_LOCK] = {"SELECT score, restricted FROM credit_scores WHERE user_id = ? FOR UPDATE", 1, 2},
    [SQL_CREDIT_STATE] =
        {"SELECT s.score, s.restricted, COALESCE(FLOOR(UNIX_TIMESTAMP(s.restricted_at)), 0), "
         "COALESCE(l.reason, ''), COALESCE(l.note, ''), "
         "COALESCE(FLOOR(UNIX_TIMESTAMP(s.lifted_at)), 0), COALESCE(s.lifted_by, 0), "
         "COALESCE(s.lift_note, '') FROM credit_scores s "
         "LEFT JOIN credit_ledger l ON l.id = s.restricted_entry_id WHERE s.user_id = ?",
         1, 8},
    /* role: the side of the application, or of the rating, named as the object (NULL otherwise) */
    [SQL_CREDIT_ENTRY_ADD] =
        {"INSERT INTO credit_ledger (user_id, role, reason, delta, score_before, score_after, object_type, "
         "object_id, actor_kind, actor_id, note, created_at) VALUES (?, CASE ? "
         "WHEN 'application' THEN (SELECT IF(a.worker_id = ?, 'worker', 'employer') FROM applications a "
         "WHERE a.id = ?) WHEN 'rating' THEN (SELECT IF(r.direction = 'employer_to_worker', 'worker', "
         "'employer') FROM ratings r WHERE r.id = ?) ELSE NULL END, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(3))",
         14, 0},
    [SQL_CREDIT_ENTRY_FIND] = {"SELECT id, delta FROM credit_ledger WHERE user_id = ? AND reason = ? "
                               "AND object_type = ? AND object_id = ?",
                               4, 2},
    [SQL_CREDIT_SET] = {"UPDATE credit_scores SET score = ?, last_entry_id = ?, updated_at = NOW(3) "
                        "WHERE user_id = ?",
                        3, 0},
    [SQL_CREDIT_RESTRICT] = {"UPDATE credit_scores SET restricted = 1, restricted_at = NOW(3), "
                             "restricted_entry_id = ?, lifted_at = NULL, lifted_by = NULL, lift_note = NULL "
                             "WHERE user_id = ? AND restricted = 0",
                             2, 0},
    [SQL_CREDIT_LIFT] = {"UPDATE credit_scores SET restricted = 0, lifted_at = NOW(3), lifted_by = ?, "
                         "lift_note = ?, updated_at = NOW(3) WHERE user_id = ? AND restricted = 1",
                         3, 0},
    /* the copies search, ranking and gig replies read; written only together with a ledger entry */
    [SQL_CREDIT_MIRROR_WORKER] = {"UPDATE workers SET credit = ? WHERE user_id = ?", 2, 0},
    /* updated_at: each node's search index lists the employer's credit with its gigs */
    [SQL_CREDIT_MIRROR_EMPLOYER] = {"UPDATE employers SET credit = ?, updated_at = NOW(3) WHERE user_id = ?",
                                    2, 0},
    [SQL_CREDIT_HISTORY] =
        {"SELECT id, COALESCE(role, ''), reason, delta, score_before, score_after, "
         "COALESCE(object_type, ''), COALESCE(object_id, 0), actor_kind, COALESCE(actor_id, 0), "
         "COALESCE(note, ''), FLOOR(UNIX_TIMESTAMP(created_at)) FROM credit_ledger "
         "WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
         3, 12},
    [SQL_CREDIT_HISTORY_COUNT] = {"SELECT COUNT(*) FROM credit_ledger WHERE user_id = ?", 1, 1},
    [SQL_CREDIT_USER_REGIONS] =
        {"SELECT u.id, COALESCE((SELECT region_code FROM workers WHERE user_id = u.id), ''), "
         "COALESCE((SELECT region_code FROM employers WHERE user_id = u.id), '') "
         "FROM users u WHERE u.id = ?",
         1, 3},
    [SQL_BLOCK_ADD] = {"INSERT IGNORE INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, NOW(3))",
                       2, 0},
    [SQL_BLOCK_REMOVE] = {"DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", 2, 0},
#define BLOCK_COLS                                                                                           \
    "SELECT b.blocked_id, COALESCE(e.name, ''), COALESCE(w.real_name, ''), "                                 \
    "FLOOR(UNIX_TIMESTAMP(b.created_at)) FROM blocks b LEFT JOIN employers e ON e.user_id = b.blocked_id "   \
    "LEFT JOIN workers w ON w.user_id = b.blocked_id "
    [SQL_BLOCK_LIST] = {BLOCK_COLS "WHERE b.blocker_id = ? ORDER BY b.created_at DESC, b.blocked_id DESC "
                                   "LIMIT ? OFFSET ?",
                        3, 4},
    [SQL_BLOCK_GET] = {BLOCK_COLS "WHERE b.blocker_id = ? AND b.blocked_id = ?", 2, 4},
#undef BLOCK_COLS
    [SQL_BLOCK_COUNT] = {"SELECT COUNT(*) FROM blocks WHERE blocker_id = ?", 1, 1},
    [SQL_NOTIF_ADD] = {"INSERT INTO notifications (user_id, kind, title, body, object_type, object_id, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?, NOW(3))",
                       6, 0},
    [SQL_NOTIF_LIST] = {"SELECT id, kind, title, body, COALESCE(object_type, ''), COALESCE(object_id, 0), "
                        "COALESCE(FLOOR(UNIX_TIMESTAMP(read_at)), 0), FLOOR(UNIX_TIMESTAMP(created_at)) "
                        "FROM notifications WHERE user_id = ? AND (? = 0 OR read_at IS NULL) "
                        "ORDER BY id DESC LIMIT ? OFFSET ?",
                        4, 8},
    [SQL_NOTIF_COUNT] = {"SELECT COUNT(*), CAST(COALESCE(SUM(read_at IS NULL), 0) AS SIGNED) "
                         "FROM notifications WHERE user_id = ?",
                         1, 2},
    [SQL_NOTIF_OWNED] = {"SELECT id FROM notifications WHERE id = ? AND user_id = ?", 2, 1},
    [SQL_NOTIF_READ] = {"UPDATE notifications SET read_at = NOW(3) "
                        "WHERE id = ? AND user_id = ? AND read_at IS NULL",
                        2, 0},
    [SQL_NOTIF_READ_ALL] = {"UPDATE notifications SET read_at = NOW(3) WHERE user_id = ? AND read_at IS NULL",
                            1, 0},
    /* the placeholder row (status 0) is visible only inside the claiming transaction, which fills it in */
    [SQL_IDEM_INSERT] = {"INSERT INTO idempotency_keys (user_id, idem_key, route, request_hash, status, "
                         "response, created_at) VALUES (?, ?, ?, ?, 0, '', NOW(3))",
                         4, 0},
    [SQL_IDEM_GET] = {"SELECT route, request_hash, status, response FROM idempotency_keys "
                      "WHERE user_id = ? AND idem_key = ?",
                      2, 4},
    [SQL_IDEM_FINISH] = {"UPDATE idempotency_keys SET status = ?, response = ? "
                         "WHERE user_id = ? AND idem_key = ?",
                         4, 0},
    [SQL_IDEM_PURGE] = {"DELETE FROM idempotency_keys WHERE created_at < NOW(3) - INTERVAL ? SECOND "
                        "LIMIT 5000",
                        1, 0},
/* settlements: every read of a whole settlement binds these 32 columns (store/settlement.c) */
#define SETL_COLS                                                                                            \
    "SELECT s.id, s.application_id, s.gig_id, s.worker_id, s.employer_id, s.region_code, s.status, "         \
    "s.pay_unit, s.rate_fen, s.quantity_milli, s.minutes_worked, s.days_attended, s.base_fen, s.items_fen, " \
    "s.computed_fen, s.amount_fen, s.adjusted, COALESCE(s.adjust_reason, ''), COALESCE(s.pay_method, ''), "  \
    "COALESCE(s.pay_reference, ''), COALESCE(s.dispute_reason, ''), COALESCE(s.complaint_id, 0), "           \
    "COALESCE(FLOOR(UNIX_TIMESTAMP(s.paid_at)), 0), COALESCE(FLOOR(UNIX_TIMESTAMP(s.confirmed_at)), 0), "    \
    "COALESCE(FLOOR(UNIX_TIMESTAMP(s.disputed_at)), 0), COALESCE(FLOOR(UNIX_TIMESTAMP(s.resolved_at)), 0), " \
    "FLOOR(UNIX_TIMESTAMP(s.created_at)), FLOOR(UNIX_TIMESTAMP(s.updated_at)), g.title, "                    \
    "COALESCE(w.real_name, ''), e.name, COALESCE(r.name, '') "                                               \
    "FROM settlements s JOIN gigs g ON g.id = s.gig_id JOIN employers e ON e.user_id = s.employer_id "       \
    "LEFT JOIN workers w ON w.user_id = s.worker_id LEFT JOIN regions r ON r.code = s.region_code "
/* either side's own list: the side not asked for is bound as 0, which no user has */
#define SETL_MINE "WHERE (s.worker_id = ? OR s.employer_id = ?) AND s.status LIKE ? "
#define SETL_REGION                                                                                          \
    "WHERE s.region_code LIKE ? AND s.status LIKE ? AND s.created_at >= FROM_UNIXTIME(?) "                   \
    "AND s.created_at < FROM_UNIXTIME(?) "
    [SQL_SETL_INSERT] =
        {"INSERT INTO settlements (application_id, gig_id, worker_id, employer_id, region_code, status, "
         "pay_unit, rate_fen, quantity_milli, minutes_worked, days_attended, base_fen, items_fen, "
         "computed_fen, "
         "amount_fen, adjusted, adjust_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'recorded', ?, "
         "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(3), NOW(3))",
         16, 0},
    [SQL_SETL_ITEM_ADD] =
        {"INSERT INTO settlement_items (settlement_id, position, kind, label, quantity_milli, "
         "unit_fen, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?)",
         7, 0},
    [SQL_SETL_ITEMS] = {"SELECT position, kind, label, COALESCE(quantity_milli, -1), COALESCE(unit_fen, -1), "
                        "amount_fen FROM settlement_items WHERE settlement_id = ? ORDER BY position",
                        1, 6},
    [SQL_SETL_HISTORY_ADD] = {"INSERT INTO settlement_history (settlement_id, actor_kind, actor_id, "
                              "from_status, to_status, reason, at) VALUES (?, ?, ?, ?, ?, ?, NOW(3))",
                              6, 0},
    [SQL_SETL_HISTORY_LIST] =
        {"SELECT actor_kind, COALESCE(actor_id, 0), COALESCE(from_status, ''), to_status, "
         "COALESCE(reason, ''), FLOOR(UNIX_TIMESTAMP(at)) FROM settlement_history "
         "WHERE settlement_id = ? ORDER BY id",
         1, 6},
    [SQL_SETL_GET] = {SETL_COLS "WHERE s.id = ?", 1, 32},
    [SQL_SETL_OF_APP] = {"SELECT id FROM settlements WHERE application_id = ?", 1, 1},
    /* only the settlement row: a transition must not hold the gig, worker or employer rows */
    [SQL_SETL_LOCK] =
        {"SELECT application_id, gig_id, worker_id, employer_id, amount_fen, status, region_code "
         "FROM settlements WHERE id = ? FOR UPDATE",
         1, 7},
    [SQL_SETL_SET_STATUS] =
        {"UPDATE settlements SET status = ?, pay_method = COALESCE(?, pay_method), "
         "pay_reference = COALESCE(?, pay_reference), dispute_reason = COALESCE(?, dispute_reason), "
         "paid_at = IF(? = 'paid', NOW(3), paid_at), confirmed_at = IF(? = 'confirmed', NOW(3), "
         "confirmed_at), "
         "disputed_at = IF(? = 'disputed', NOW(3), disputed_at), "
         "resolved_at = IF(? = 'resolved', NOW(3), resolved_at), updated_at = NOW(3) "
         "WHERE id = ? AND status = ?",
         10, 0},
    [SQL_SETL_SET_COMPLAINT] = {"UPDATE settlements SET complaint_id = ? WHERE id = ?", 2, 0},
    [SQL_SETL_MINE] = {SETL_COLS SETL_MINE "ORDER BY s.id DESC LIMIT ? OFFSET ?", 5, 32},
    [SQL_SETL_MINE_COUNT] = {"SELECT COUNT(*) FROM settlements s " SETL_MINE, 3, 1},
    [SQL_SETL_ADMIN] = {SETL_COLS SETL_REGION "ORDER BY s.id DESC LIMIT ? OFFSET ?", 6, 32},
    [SQL_SETL_ADMIN_COUNT] = {"SELECT COUNT(*) FROM settlements s " SETL_REGION, 4, 1},
    [SQL_SETL_PAID_BETWEEN] = {SETL_COLS
                               "WHERE s.worker_id = ? AND s.paid_at >= FROM_UNIXTIME(?) "
                               "AND s.paid_at < FROM_UNIXTIME(?) ORDER BY s.paid_at, s.id LIMIT 2000",
                               3, 32},
    [SQL_SETL_UNPAID] = {"SELECT COUNT(*), CAST(COALESCE(SUM(amount_fen), 0) AS SIGNED) FROM settlements "
                         "WHERE worker_id = ? AND status = 'recorded'",
                         1, 2},
    [SQL_SETL_DEMO_APPS] = {"SELECT a.id FROM applications a JOIN users u ON u.id = a.worker_id "
                            "WHERE a.status = 'completed' AND u.openid LIKE 'o\\_test\\_demo\\_w%' "
                            "AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.application_id = a.id) "
                            "ORDER BY a.id LIMIT ?",
                            1, 1},
#undef SETL_COLS
#undef SETL_MINE
#undef SETL_REGION
/* complaints 诉求 and uploads (issue 7). Complaint rows: the same 21 columns everywhere (store/complaint.c
 * binds them once); the locking read leaves the gig out so that it locks the complaint row only. */
#define CPL_COLS(title)                                                                                      \
    "SELECT c.id, c.complainant_id, c.respondent_id, c.category, COALESCE(c.gig_id, 0), "                    \
    "COALESCE(c.application_id, 0), COALESCE(c.settlement_id, 0), c.text, c.source, c.region_code, "         \
    "c.status, UNIX_TIMESTAMP(c.sla_due_at), COALESCE(FLOOR(UNIX_TIMESTAMP(c.escalated_at)), 0), "           \
    "COALESCE(c.escalated_region, ''), COALESCE(c.handler_admin_id, 0), COALESCE(c.upheld, -1), "            \
    "COALESCE(c.resolution, ''), COALESCE(FLOOR(UNIX_TIMESTAMP(c.resolved_at)), 0), "                        \
    "FLOOR(UNIX_TIMESTAMP(c.created_at)), FLOOR(UNIX_TIMESTAMP(c.updated_at)), " title " "
#define CPL_FROM "FROM complaints c LEFT JOIN gigs g ON g.id = c.gig_id "
#define CPL_ADMIN_WHERE                                                                                      \
    "WHERE c.region_code LIKE ? AND c.status LIKE ? AND (? < 0 OR (c.escalated_at IS NOT NULL) = ?) "
    [SQL_UPLOAD_INSERT] = {"INSERT INTO uploads (owner_id, storage_name, content_type, size_bytes, sha256, "
                           "created_at) VALUES (?, ?, ?, ?, ?, NOW(3))",
                           5, 0},
    [SQL_UPLOAD_NAMED] = {"SELECT COUNT(*) FROM uploads WHERE storage_name = ?", 1, 1},
    [SQL_UPLOAD_GET] = {"SELECT id, owner_id, storage_name, content_type, size_bytes, sha256, "
                        "FLOOR(UNIX_TIMESTAMP(created_at)) FROM uploads WHERE id = ?",
                        1, 7},
    [SQL_UPLOAD_COUNT_SINCE] = {"SELECT COUNT(*) FROM uploads WHERE owner_id = ? "
                                "AND created_at >= NOW(3) - INTERVAL ? SECOND",
                                2, 1},
    [SQL_UPLOAD_COMPLAINT_REGIONS] = {"SELECT c.region_code, COALESCE(c.escalated_region, '') "
                                      "FROM complaint_images i JOIN complaints c ON c.id = i.complaint_id "
                                      "WHERE i.upload_id = ? LIMIT 50",
                                      1, 2},
    [SQL_CPL_INSERT] =
        {"INSERT INTO complaints (complainant_id, respondent_id, category, gig_id, application_id, "
         "settlement_id, text, source, region_code, status, sla_due_at, created_at, updated_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', FROM_UNIXTIME(?), NOW(3), NOW(3))",
         10, 0},
    [SQL_CPL_IMAGE_ADD] =
        {"INSERT INTO complaint_images (complaint_id, upload_id, position) VALUES (?, ?, ?)", 3, 0},
    [SQL_CPL_IMAGES] = {"SELECT u.id, u.content_type, u.size_bytes FROM complaint_images i "
                        "JOIN uploads u ON u.id = i.upload_id WHERE i.complaint_id = ? ORDER BY i.position",
                        1, 3},
    [SQL_CPL_GET] = {CPL_COLS("COALESCE(g.title, '')") CPL_FROM "WHERE c.id = ?", 1, 21},
    [SQL_CPL_LOCK] = {CPL_COLS("''") "FROM complaints c WHERE c.id = ? FOR UPDATE", 1, 21},
    [SQL_CPL_BY_COMPLAINANT] = {CPL_COLS("COALESCE(g.title, '')") CPL_FROM
                                "WHERE c.complainant_id = ? ORDER BY c.id DESC LIMIT ? OFFSET ?",
                                3, 21},
    [SQL_CPL_BY_COMPLAINANT_COUNT] = {"SELECT COUNT(*) FROM complaints WHERE complainant_id = ?", 1, 1},
    [SQL_CPL_ADMIN_LIST] = {CPL_COLS("COALESCE(g.title, '')") CPL_FROM CPL_ADMIN_WHERE
                            "ORDER BY c.id DESC LIMIT ? OFFSET ?",
                            6, 21},
    [SQL_CPL_ADMIN_COUNT] = {"SELECT COUNT(*) FROM complaints c " CPL_ADMIN_WHERE, 4, 1},
    [SQL_CPL_SET_STATUS] =
        {"UPDATE complaints SET status = ?, handler_admin_id = COALESCE(?, handler_admin_id), "
         "updated_at = NOW(3) WHERE id = ? AND status = ?",
         4, 0},
    [SQL_CPL_CLOSE] = {"UPDATE complaints SET status = ?, upheld = ?, resolution = ?, resolved_at = NOW(3), "
                       "handler_admin_id = ?, updated_at = NOW(3) WHERE id = ? AND status = 'handling'",
                       5, 0},
    [SQL_CPL_HISTORY_ADD] =
        {"INSERT INTO complaint_history (complaint_id, actor_kind, actor_id, from_status, "
         "to_status, reason, at) VALUES (?, ?, ?, ?, ?, ?, NOW(3))",
         6, 0},
    [SQL_CPL_HISTORY_LIST] =
        {"SELECT actor_kind, COALESCE(actor_id, 0), COALESCE(from_status, ''), to_status, "
         "COALESCE(reason, ''), FLOOR(UNIX_TIMESTAMP(at)) FROM complaint_history "
         "WHERE complaint_id = ? ORDER BY id",
         1, 6},
    /* SLA escalation, like auto-confirm: a plain read of candidates, then each claimed by primary key with
     * SKIP LOCKED and moved with a conditional update on escalated_at IS NULL in its own transaction, so
     * that two nodes never escalate one complaint twice */
    [SQL_CPL_ESCALATE_DUE] =
        {"SELECT id FROM complaints WHERE status IN ('submitted', 'accepted', 'handling') "
         "AND escalated_at IS NULL AND sla_due_at < FROM_UNIXTIME(?) ORDER BY id LIMIT 100",
         1, 1},
    [SQL_CPL_ESCALATE_CLAIM] =
        {"SELECT complainant_id, status, region_code FROM complaints WHERE id = ? "
         "AND status IN ('submitted', 'accepted', 'handling') AND escalated_at IS NULL "
         "AND sla_due_at < FROM_UNIXTIME(?) FOR UPDATE SKIP LOCKED",
         2, 3},
    [SQL_CPL_ESCALATE] =
        {"UPDATE complaints SET status = 'escalated', escalated_at = NOW(3), escalated_region = ?, "
         "updated_at = NOW(3) WHERE id = ? AND status = ? AND escalated_at IS NULL",
         3, 0},
    [SQL_CPL_REGION_PARENT] = {"SELECT COALESCE(parent_code, '') FROM regions WHERE code = ?", 1, 1},
    [SQL_CPL_RELATED] = {"SELECT EXISTS(SELECT 1 FROM applications WHERE (worker_id = ? AND employer_id = ?) "
                         "OR (worker_id = ? AND employer_id = ?)) OR EXISTS(SELECT 1 FROM invitations "
                         "WHERE (worker_id = ? AND employer_id = ?) OR (worker_id = ? AND employer_id = ?))",
                         8, 1},
    [SQL_CPL_USER_REGIONS] = {"SELECT EXISTS(SELECT 1 FROM users WHERE id = ?), "
                              "COALESCE((SELECT region_code FROM employers WHERE user_id = ?), ''), "
                              "COALESCE((SELECT region_code FROM workers WHERE user_id = ?), '')",
                              3, 3},
    [SQL_CPL_APP_PARTIES] = {"SELECT worker_id, employer_id, gig_id FROM applications WHERE id = ?", 1, 3},
#undef CPL_COLS
#undef CPL_FROM
#undef CPL_ADMIN_WHERE
    /* the search index of each node (api/gigsearch.c): every open gig oldest first at load, then the
     * rows changed since a time (published or not: a gig that left "published" leaves the index) */
    [SQL_GIGFEED_OPEN] = {GIGFEED_COLS "WHERE g.status = 'published' AND g.ends_at > NOW() "
                                       "ORDER BY g.status, g.published_at, g.id",
                          0, 31},
    [SQL_GIGFEED_CHANGED] = {GIGFEED_COLS "WHERE g.updated_at >= FROM_UNIXTIME(? / 1000) "
                                          "ORDER BY g.updated_at, g.id",
                             1, 31},
    [SQL_GIGFEED_EMPLOYERS] = {"SELECT user_id, name, kind, verification, credit, "
                               "FLOOR(UNIX_TIMESTAMP(updated_at) * 1000) FROM employers "
                               "WHERE updated_at >= FROM_UNIXTIME(? / 1000) ORDER BY updated_at, user_id",
                               1, 6},
    [SQL_GIGFEED_NOW] = {"SELECT FLOOR(UNIX_TIMESTAMP(NOW(3)) * 1000)", 0, 1},
    /* the other side of every block the viewer is party to */
    [SQL_GIGFEED_BLOCKED] = {"SELECT blocked_id FROM blocks WHERE blocker_id = ? UNION "
                             "SELECT blocker_id FROM blocks WHERE blocked_id = ? ORDER BY 1",
                             2, 1},
    [SQL_PING] = {"SELECT 1", 0, 1},
    /* filing a complaint (api/complaint.c): one user's filings one at a time, then locking reads (the
     * latest committed rows, not the transaction's snapshot) of what they filed in the window and of an
     * open complaint about the same matter */
    [SQL_CPL_LOCK_FILER] = {"SELECT id FROM users WHERE id = ? FOR UPDATE", 1, 1},
    [SQL_CPL_FILED_SINCE] = {"SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, NOW(3), "
                             "MIN(created_at) + INTERVAL ? SECOND), 0) FROM complaints "
                             "WHERE complainant_id = ? AND source = 'user' "
                             "AND created_at >= NOW(3) - INTERVAL ? SECOND LOCK IN SHARE MODE",
                             3, 2},
    [SQL_CPL_OPEN_SAME] =
        {"SELECT id, status FROM complaints WHERE complainant_id = ? AND respondent_id = ? "
         "AND category = ? AND status NOT IN ('resolved', 'rejected') "
         "AND (gig_id IS NULL OR ? = 0 OR gig_id = ?) ORDER BY id LIMIT 1 LOCK IN SHARE MODE",
         5, 2},
#define THROTTLE_COLS                                                                                        \
    "SELECT failures, lockouts, COALESCE(FLOOR(UNIX_TIMESTAMP(locked_until)), 0), "                          \
    "FLOOR(UNIX_TIMESTAMP(last_failure_at)) FROM admin_login_throttle WHERE username = ? AND ip = ?"
    [SQL_THROTTLE_GET] = {THROTTLE_COLS, 2, 4},
    [SQL_THROTTLE_LOCK] = {THROTTLE_COLS " FOR UPDATE", 2, 4},
#undef THROTTLE_COLS
    [SQL_THROTTLE_PUT] =
        {"INSERT INTO admin_login_throttle (username, ip, failures, lockouts, locked_until, "
         "last_failure_at) VALUES (?, ?, ?, ?, FROM_UNIXTIME(NULLIF(?, 0)), FROM_UNIXTIME(?)) "
         "ON DUPLICATE KEY UPDATE failures = VALUES(failures), lockouts = VALUES(lockouts), "
         "locked_until = VALUES(locked_until), last_failure_at = VALUES(last_failure_at)",
         6, 0},
    [SQL_THROTTLE_CLEAR] = {"DELETE FROM admin_login_throttle WHERE username = ? AND ip = ?", 2, 0},
    /* the pair's row made to exist before it is locked: a locking read of a missing key would take a gap
     * lock, and two failures of different pairs would then deadlock on each other's inserts */
    [SQL_THROTTLE_ENSURE] = {"INSERT INTO admin_login_throttle (username, ip, last_failure_at) "
                             "VALUES (?, ?, FROM_UNIXTIME(?)) ON DUPLICATE KEY UPDATE username = username",
                             3, 0},
    /* pairs quiet for long enough to start over, oldest first (a plain read: no locks) */
    [SQL_THROTTLE_STALE] =
        {"SELECT username, ip FROM admin_login_throttle WHERE last_failure_at < FROM_UNIXTIME(?) "
         "ORDER BY last_failure_at LIMIT 20",
         1, 2},
    [SQL_THROTTLE_DROP_STALE] = {"DELETE FROM admin_login_throttle WHERE username = ? AND ip = ? "
                                 "AND last_failure_at < FROM_UNIXTIME(?)",
                                 3, 0},
};
