-- 003: the marketplace: worker profiles (个人画像), employer profiles, gigs with their review states and
-- history, and 零工驿站 stations. Personal numbers (ID, phone) are AES-256-GCM sealed with a keyed-hash
-- column for uniqueness; plaintext never reaches these tables. Search columns are denormalised on gigs:
-- the region chain (province/city/county), the top-level 工种, a POINT for the spatial index and bigram
-- search terms for the FULLTEXT index (docs/SEARCH.md says why).
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

CREATE TABLE workers (
  user_id BIGINT NOT NULL,
  real_name VARCHAR(32) NULL,
  id_enc VARBINARY(96) NULL COMMENT 'AES-256-GCM, AAD workers.id:<user_id>',
  id_hmac BINARY(32) NULL,
  birth_year SMALLINT NULL,
  gender ENUM('male','female') NULL,
  intro VARCHAR(500) NULL,
  expected_pay_fen INT NULL,
  expected_pay_unit ENUM('hour','day','piece','gig') NULL,
  availability INT NOT NULL DEFAULT 0 COMMENT 'bit day*3+slot; day 0 = Monday, slot 0 morning 1 afternoon 2 evening',
  elder_mode TINYINT NOT NULL DEFAULT 0,
  discoverable TINYINT NOT NULL DEFAULT 0 COMMENT 'let employers find me',
  region_code VARCHAR(12) NULL COMMENT 'where the worker lives',
  lat DECIMAL(9,6) NULL,
  lng DECIMAL(9,6) NULL,
  credit SMALLINT NOT NULL DEFAULT 100,
  completeness TINYINT NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (user_id),
  UNIQUE KEY workers_id_hmac (id_hmac),
  KEY workers_discoverable (discoverable, region_code),
  CONSTRAINT workers_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT workers_region_fk FOREIGN KEY (region_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE worker_job_types (
  user_id BIGINT NOT NULL,
  job_type_id INT NOT NULL,
  years TINYINT NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, job_type_id),
  KEY worker_job_types_type (job_type_id, user_id),
  CONSTRAINT worker_job_types_user_fk FOREIGN KEY (user_id) REFERENCES workers (user_id) ON DELETE CASCADE,
  CONSTRAINT worker_job_types_type_fk FOREIGN KEY (job_type_id) REFERENCES job_types (id)
) ENGINE=InnoDB;

CREATE TABLE worker_certificates (
  id BIGINT NOT NULL AUTO_INCREMENT,
  user_id BIGINT NOT NULL,
  name VARCHAR(64) NOT NULL,
  number VARCHAR(64) NULL,
  expires_on DATE NULL,
  PRIMARY KEY (id),
  KEY worker_certificates_user (user_id),
  CONSTRAINT worker_certificates_user_fk FOREIGN KEY (user_id) REFERENCES workers (user_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE worker_regions (
  user_id BIGINT NOT NULL,
  region_code VARCHAR(12) NOT NULL,
  PRIMARY KEY (user_id, region_code),
  KEY worker_regions_region (region_code, user_id),
  CONSTRAINT worker_regions_user_fk FOREIGN KEY (user_id) REFERENCES workers (user_id) ON DELETE CASCADE,
  CONSTRAINT worker_regions_region_fk FOREIGN KEY (region_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE employers (
  user_id BIGINT NOT NULL,
  kind ENUM('org','person') NOT NULL,
  name VARCHAR(64) NOT NULL,
  credit_code CHAR(18) NULL COMMENT '统一社会信用代码 (public information)',
  legal_rep VARCHAR(32) NULL,
  contact_name VARCHAR(32) NULL,
  contact_phone_enc VARBINARY(96) NULL COMMENT 'AES-256-GCM, AAD employers.phone:<user_id>',
  id_enc VARBINARY(96) NULL COMMENT 'person employers: AES-256-GCM, AAD employers.id:<user_id>',
  id_hmac BINARY(32) NULL,
  region_code VARCHAR(12) NOT NULL,
  address VARCHAR(128) NULL,
  verification ENUM('unverified','pending','verified','rejected') NOT NULL DEFAULT 'unverified',
  verification_reason VARCHAR(200) NULL,
  verified_at DATETIME(3) NULL,
  verified_by BIGINT NULL,
  credit SMALLINT NOT NULL DEFAULT 100,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (user_id),
  UNIQUE KEY employers_credit_code (credit_code),
  UNIQUE KEY employers_id_hmac (id_hmac),
  KEY employers_region (region_code, verification),
  CONSTRAINT employers_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT employers_region_fk FOREIGN KEY (region_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE gigs (
  id BIGINT NOT NULL AUTO_INCREMENT,
  employer_id BIGINT NOT NULL,
  title VARCHAR(40) NOT NULL,
  description TEXT NOT NULL,
  job_type_id INT NOT NULL,
  job_top_id INT NOT NULL COMMENT 'top-level 工种 of job_type_id, for subtree filters',
  pay_fen INT NOT NULL,
  pay_unit ENUM('hour','day','piece','gig') NOT NULL,
  headcount SMALLINT NOT NULL,
  accepted_count SMALLINT NOT NULL DEFAULT 0,
  starts_at DATETIME NOT NULL,
  ends_at DATETIME NOT NULL,
  address VARCHAR(128) NOT NULL,
  lat DECIMAL(9,6) NOT NULL,
  lng DECIMAL(9,6) NOT NULL,
  location POINT NOT NULL COMMENT 'POINT(lng, lat)',
  region_code VARCHAR(12) NOT NULL,
  province_code CHAR(6) NOT NULL,
  city_code CHAR(6) NOT NULL,
  county_code CHAR(6) NOT NULL,
  status ENUM('draft','pending_review','published','closed','expired','cancelled','rejected') NOT NULL,
  review_reason VARCHAR(200) NULL,
  search_terms TEXT NOT NULL COMMENT 'bigram tokens of title and description (docs/SEARCH.md)',
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  published_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  KEY gigs_employer (employer_id, status, created_at),
  KEY gigs_county (status, county_code, published_at),
  KEY gigs_county_job (status, county_code, job_top_id, published_at),
  KEY gigs_county_leaf (status, county_code, job_type_id, published_at),
  KEY gigs_city (status, city_code, published_at),
  KEY gigs_city_job (status, city_code, job_top_id, published_at),
  KEY gigs_province (status, province_code, published_at),
  KEY gigs_town (status, region_code, published_at),
  KEY gigs_job (status, job_top_id, published_at),
  KEY gigs_new (status, published_at),
  KEY gigs_expiry (status, ends_at),
  SPATIAL KEY gigs_location (location),
  FULLTEXT KEY gigs_search (search_terms),
  CONSTRAINT gigs_employer_fk FOREIGN KEY (employer_id) REFERENCES employers (user_id),
  CONSTRAINT gigs_job_type_fk FOREIGN KEY (job_type_id) REFERENCES job_types (id),
  CONSTRAINT gigs_region_fk FOREIGN KEY (region_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE gig_history (
  id BIGINT NOT NULL AUTO_INCREMENT,
  gig_id BIGINT NOT NULL,
  actor_kind ENUM('user','admin','system') NOT NULL,
  actor_id BIGINT NULL,
  from_status VARCHAR(16) NULL,
  to_status VARCHAR(16) NOT NULL,
  reason VARCHAR(200) NULL,
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY gig_history_gig (gig_id, id),
  CONSTRAINT gig_history_gig_fk FOREIGN KEY (gig_id) REFERENCES gigs (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE stations (
  id BIGINT NOT NULL AUTO_INCREMENT,
  region_code VARCHAR(12) NOT NULL,
  name VARCHAR(64) NOT NULL,
  address VARCHAR(128) NOT NULL,
  phone VARCHAR(20) NULL COMMENT 'a public office line, not personal data',
  hours VARCHAR(64) NULL,
  services VARCHAR(500) NULL,
  lat DECIMAL(9,6) NOT NULL,
  lng DECIMAL(9,6) NOT NULL,
  location POINT NOT NULL,
  status ENUM('open','closed') NOT NULL DEFAULT 'open',
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY stations_region (region_code, status),
  SPATIAL KEY stations_location (location),
  CONSTRAINT stations_region_fk FOREIGN KEY (region_code) REFERENCES regions (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
