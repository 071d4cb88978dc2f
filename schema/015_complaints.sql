-- 015: complaints 诉求 (SPEC §2, issue 7) with their history and images, and the uploads images are
-- stored as. A complaint is scoped to a county-level region code (from the gig, else the respondent's
-- employer profile, else the complainant's region); past its SLA deadline the periodic task escalates it
-- once to the parent region (escalated_at, escalated_region). Upload files live on disk under UPLOAD_DIR
-- with a random storage name; the row is written after the file is on disk.
-- settlement_id has no foreign key: settlements come with another migration and a complaint only names it.
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

CREATE TABLE uploads (
  id BIGINT NOT NULL AUTO_INCREMENT,
  owner_id BIGINT NOT NULL,
  storage_name CHAR(64) NOT NULL COMMENT 'random hex file name under UPLOAD_DIR, never the client''s name',
  content_type VARCHAR(32) NOT NULL COMMENT 'sniffed from the bytes: image/jpeg, image/png, image/webp',
  size_bytes INT NOT NULL,
  sha256 CHAR(64) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uploads_storage (storage_name),
  KEY uploads_owner (owner_id, created_at),
  CONSTRAINT uploads_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE complaints (
  id BIGINT NOT NULL AUTO_INCREMENT,
  complainant_id BIGINT NOT NULL,
  respondent_id BIGINT NOT NULL,
  category ENUM('unpaid_wage','false_info','safety','discrimination','fee_demanded','other') NOT NULL,
  gig_id BIGINT NULL,
  application_id BIGINT NULL,
  settlement_id BIGINT NULL,
  text VARCHAR(1000) NOT NULL,
  source ENUM('user','system') NOT NULL DEFAULT 'user',
  region_code VARCHAR(12) NOT NULL COMMENT 'county-level code whose admins handle it',
  status ENUM('submitted','accepted','handling','resolved','rejected','escalated') NOT NULL,
  sla_due_at DATETIME NOT NULL,
  escalated_at DATETIME(3) NULL COMMENT 'set once, by the SLA task: never cleared',
  escalated_region VARCHAR(12) NULL COMMENT 'the parent region whose admins took it over',
  handler_admin_id BIGINT NULL,
  upheld TINYINT NULL COMMENT 'resolved: 1 upheld, 0 not upheld',
  resolution VARCHAR(500) NULL COMMENT 'the outcome note (resolved) or the reason (rejected)',
  resolved_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY complaints_complainant (complainant_id, id),
  KEY complaints_region (region_code, status, id),
  KEY complaints_escalated (escalated_region, status, id),
  KEY complaints_sla (status, escalated_at, sla_due_at),
  KEY complaints_settlement (settlement_id),
  CONSTRAINT complaints_complainant_fk FOREIGN KEY (complainant_id) REFERENCES users (id),
  CONSTRAINT complaints_respondent_fk FOREIGN KEY (respondent_id) REFERENCES users (id),
  CONSTRAINT complaints_gig_fk FOREIGN KEY (gig_id) REFERENCES gigs (id),
  CONSTRAINT complaints_application_fk FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT complaints_region_fk FOREIGN KEY (region_code) REFERENCES regions (code),
  CONSTRAINT complaints_escalated_region_fk FOREIGN KEY (escalated_region) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE complaint_history (
  id BIGINT NOT NULL AUTO_INCREMENT,
  complaint_id BIGINT NOT NULL,
  actor_kind ENUM('user','admin','system') NOT NULL,
  actor_id BIGINT NULL,
  from_status VARCHAR(16) NULL,
  to_status VARCHAR(16) NOT NULL,
  reason VARCHAR(500) NULL,
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY complaint_history_complaint (complaint_id, id),
  CONSTRAINT complaint_history_complaint_fk FOREIGN KEY (complaint_id) REFERENCES complaints (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE complaint_images (
  complaint_id BIGINT NOT NULL,
  upload_id BIGINT NOT NULL,
  position TINYINT NOT NULL,
  PRIMARY KEY (complaint_id, upload_id),
  KEY complaint_images_upload (upload_id, complaint_id),
  CONSTRAINT complaint_images_complaint_fk FOREIGN KEY (complaint_id) REFERENCES complaints (id),
  CONSTRAINT complaint_images_upload_fk FOREIGN KEY (upload_id) REFERENCES uploads (id)
) ENGINE=InnoDB;
