-- 020: admin sign-in failures are counted per (username as typed, client address) instead of per account,
-- so a stranger's wrong passwords lock out only the stranger's address, and a name that does not exist
-- locks exactly like one that does (the reply never tells them apart). Each lockout of the same pair lasts
-- twice the one before, up to ADMIN_LOCKOUT_MAX_S; a pair quiet for that long starts again from zero.
-- The account-wide counter of 001 goes. Access tokens now name their refresh family, and the auth gate
-- asks on every request whether that family was revoked: the family index gains revoked_at so that
-- question is one index seek.
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

CREATE TABLE admin_login_throttle (
  username VARCHAR(64) NOT NULL COMMENT 'as typed; collation of admin_users.username, so Admin = admin',
  ip VARCHAR(48) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  failures INT NOT NULL DEFAULT 0 COMMENT 'since the last lockout',
  lockouts INT NOT NULL DEFAULT 0,
  locked_until DATETIME(3) NULL,
  last_failure_at DATETIME(3) NOT NULL,
  PRIMARY KEY (username, ip),
  KEY admin_login_throttle_age (last_failure_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE admin_users
  DROP COLUMN failed_logins,
  DROP COLUMN locked_until;

ALTER TABLE refresh_tokens
  DROP INDEX refresh_tokens_family,
  ADD KEY refresh_tokens_family (family_id, revoked_at);
