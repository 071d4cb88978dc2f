-- 007: the life of a gig after posting (SPEC §2): applications with their history, invitations, the
-- blocklist (its routes come with the trust issue; applying already honours it), attendance with
-- corrections, per-gig site-code secrets, the in-app inbox, and idempotency keys (Stripe semantics).
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

ALTER TABLE gigs ADD COLUMN site_secret VARBINARY(32) NULL COMMENT 'HMAC key of the rotating site code';

CREATE TABLE applications (
  id BIGINT NOT NULL AUTO_INCREMENT,
  gig_id BIGINT NOT NULL,
  worker_id BIGINT NOT NULL,
  employer_id BIGINT NOT NULL COMMENT 'copied from the gig so either side lists its own quickly',
  status ENUM('applied','accepted','rejected','withdrawn','cancelled','no_show','completed') NOT NULL,
  source ENUM('apply','invitation') NOT NULL DEFAULT 'apply',
  note VARCHAR(200) NULL,
  late_cancel TINYINT NOT NULL DEFAULT 0,
  first_viewed_at DATETIME(3) NULL COMMENT 'the employer first opened the applicant (resume-view rate)',
  decided_at DATETIME(3) NULL,
  worker_confirmed_at DATETIME(3) NULL,
  employer_confirmed_at DATETIME(3) NULL,
  completed_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY applications_once (gig_id, worker_id),
  KEY applications_gig (gig_id, status, id),
  KEY applications_worker (worker_id, status, id),
  KEY applications_employer (employer_id, status, id),
  KEY applications_confirm (status, employer_confirmed_at, worker_confirmed_at),
  CONSTRAINT applications_gig_fk FOREIGN KEY (gig_id) REFERENCES gigs (id),
  CONSTRAINT applications_worker_fk FOREIGN KEY (worker_id) REFERENCES users (id),
  CONSTRAINT applications_employer_fk FOREIGN KEY (employer_id) REFERENCES employers (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE application_history (
  id BIGINT NOT NULL AUTO_INCREMENT,
  application_id BIGINT NOT NULL,
  actor_kind ENUM('user','admin','system') NOT NULL,
  actor_id BIGINT NULL,
  from_status VARCHAR(16) NULL,
  to_status VARCHAR(16) NOT NULL,
  reason VARCHAR(200) NULL,
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY application_history_app (application_id, id),
  CONSTRAINT application_history_app_fk FOREIGN KEY (application_id) REFERENCES applications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE invitations (
  id BIGINT NOT NULL AUTO_INCREMENT,
  gig_id BIGINT NOT NULL,
  worker_id BIGINT NOT NULL,
  employer_id BIGINT NOT NULL,
  status ENUM('pending','accepted','declined','withdrawn') NOT NULL DEFAULT 'pending',
  application_id BIGINT NULL COMMENT 'the accepted application an accepted invitation created',
  created_at DATETIME(3) NOT NULL,
  responded_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY invitations_once (gig_id, worker_id),
  KEY invitations_worker (worker_id, status, id),
  CONSTRAINT invitations_gig_fk FOREIGN KEY (gig_id) REFERENCES gigs (id),
  CONSTRAINT invitations_worker_fk FOREIGN KEY (worker_id) REFERENCES users (id)
) ENGINE=InnoDB;

CREATE TABLE blocks (
  blocker_id BIGINT NOT NULL,
  blocked_id BIGINT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id),
  KEY blocks_blocked (blocked_id, blocker_id),
  CONSTRAINT blocks_blocker_fk FOREIGN KEY (blocker_id) REFERENCES users (id),
  CONSTRAINT blocks_blocked_fk FOREIGN KEY (blocked_id) REFERENCES users (id)
) ENGINE=InnoDB;

CREATE TABLE attendance (
  id BIGINT NOT NULL AUTO_INCREMENT,
  application_id BIGINT NOT NULL,
  work_date DATE NOT NULL COMMENT 'Asia/Shanghai calendar day',
  check_in_at DATETIME(3) NULL,
  check_in_method ENUM('location','code','correction') NULL,
  check_in_lat DECIMAL(9,6) NULL,
  check_in_lng DECIMAL(9,6) NULL,
  check_out_at DATETIME(3) NULL,
  check_out_method ENUM('location','code','correction') NULL,
  check_out_lat DECIMAL(9,6) NULL,
  check_out_lng DECIMAL(9,6) NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY attendance_day (application_id, work_date),
  CONSTRAINT attendance_app_fk FOREIGN KEY (application_id) REFERENCES applications (id)
) ENGINE=InnoDB;

CREATE TABLE attendance_corrections (
  id BIGINT NOT NULL AUTO_INCREMENT,
  attendance_id BIGINT NOT NULL,
  actor_id BIGINT NOT NULL,
  old_check_in_at DATETIME(3) NULL,
  old_check_out_at DATETIME(3) NULL,
  new_check_in_at DATETIME(3) NULL,
  new_check_out_at DATETIME(3) NULL,
  reason VARCHAR(200) NOT NULL,
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY attendance_corrections_att (attendance_id, id),
  CONSTRAINT attendance_corrections_att_fk FOREIGN KEY (attendance_id) REFERENCES attendance (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE notifications (
  id BIGINT NOT NULL AUTO_INCREMENT,
  user_id BIGINT NOT NULL,
  kind VARCHAR(32) NOT NULL COMMENT 'application_received, application_accepted, ...',
  title VARCHAR(64) NOT NULL,
  body VARCHAR(500) NOT NULL,
  object_type VARCHAR(16) NULL,
  object_id BIGINT NULL,
  read_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY notifications_user (user_id, id),
  KEY notifications_unread (user_id, read_at),
  CONSTRAINT notifications_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL,
  idem_key VARCHAR(128) NOT NULL,
  route VARCHAR(64) NOT NULL COMMENT 'method and route pattern with ids, e.g. POST /api/v1/gigs/12/applications',
  request_hash BINARY(32) NOT NULL COMMENT 'SHA-256 of route and body',
  status SMALLINT NOT NULL,
  response MEDIUMTEXT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (user_id, idem_key),
  KEY idempotency_keys_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
