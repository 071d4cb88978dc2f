-- 001: the core tables: reference data (regions, job types), WeChat accounts, refresh-token families,
-- admin accounts and the hash-chained audit log. All times are UTC (the server sets time_zone +00:00).
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

CREATE TABLE regions (
  code VARCHAR(12) NOT NULL,
  parent_code VARCHAR(12) NULL,
  name VARCHAR(64) NOT NULL,
  level TINYINT NOT NULL COMMENT '1 province, 2 city, 3 county, 4 town',
  path VARCHAR(64) NOT NULL COMMENT 'codes from the root, each followed by /',
  lat DECIMAL(9,6) NULL,
  lng DECIMAL(9,6) NULL,
  PRIMARY KEY (code),
  KEY regions_parent (parent_code),
  KEY regions_path (path),
  CONSTRAINT regions_parent_fk FOREIGN KEY (parent_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE job_types (
  id INT NOT NULL,
  parent_id INT NULL,
  name VARCHAR(32) NOT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  path VARCHAR(64) NOT NULL COMMENT 'ids from the root, /-separated, starting and ending with /',
  PRIMARY KEY (id),
  KEY job_types_parent (parent_id),
  KEY job_types_path (path),
  CONSTRAINT job_types_parent_fk FOREIGN KEY (parent_id) REFERENCES job_types (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id BIGINT NOT NULL AUTO_INCREMENT,
  openid VARCHAR(64) NOT NULL,
  unionid VARCHAR(64) NULL,
  status ENUM('active','banned','deleted') NOT NULL DEFAULT 'active',
  token_version INT NOT NULL DEFAULT 0,
  phone_enc VARBINARY(96) NULL COMMENT 'AES-256-GCM, AAD users.phone:<id>',
  phone_hmac BINARY(32) NULL COMMENT 'keyed hash for lookup and uniqueness',
  created_at DATETIME(3) NOT NULL,
  last_login_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY users_openid (openid),
  UNIQUE KEY users_phone (phone_hmac),
  KEY users_unionid (unionid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE admin_users (
  id BIGINT NOT NULL AUTO_INCREMENT,
  username VARCHAR(64) NOT NULL,
  password_hash VARCHAR(200) NOT NULL,
  role ENUM('admin','reviewer','station','auditor') NOT NULL,
  region_code VARCHAR(12) NULL COMMENT 'scope; NULL = the whole deployment',
  display_name VARCHAR(64) NULL,
  status ENUM('active','disabled') NOT NULL DEFAULT 'active',
  failed_logins INT NOT NULL DEFAULT 0,
  locked_until DATETIME(3) NULL,
  token_version INT NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  last_login_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY admin_users_username (username),
  CONSTRAINT admin_users_region_fk FOREIGN KEY (region_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
  jti CHAR(32) NOT NULL,
  subject_kind ENUM('user','admin') NOT NULL,
  subject_id BIGINT NOT NULL,
  family_id CHAR(32) NOT NULL,
  expires_at DATETIME NOT NULL,
  used_at DATETIME(3) NULL,
  revoked_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (jti),
  KEY refresh_tokens_family (family_id),
  KEY refresh_tokens_subject (subject_kind, subject_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

CREATE TABLE audit_head (
  id TINYINT NOT NULL,
  last_hash BINARY(32) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

INSERT INTO audit_head (id, last_hash) VALUES (1, UNHEX(REPEAT('00', 32)));

CREATE TABLE audit_log (
  id BIGINT NOT NULL AUTO_INCREMENT,
  at DATETIME(3) NOT NULL,
  actor_kind ENUM('user','admin','system') NOT NULL,
  actor_id BIGINT NULL,
  role VARCHAR(16) NOT NULL,
  action VARCHAR(64) NOT NULL,
  object_type VARCHAR(32) NOT NULL,
  object_id VARCHAR(64) NULL,
  result VARCHAR(16) NOT NULL,
  ip VARCHAR(48) NOT NULL,
  request_id CHAR(32) NOT NULL,
  prev_hash BINARY(32) NOT NULL,
  hash BINARY(32) NOT NULL COMMENT 'SHA-256 of prev_hash and the canonical row',
  PRIMARY KEY (id),
  KEY audit_log_at (at),
  KEY audit_log_actor (actor_kind, actor_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
