-- 014: trust (issue 7 items 1-3): two-way ratings with their per-direction tag lists, the 诚信分 credit
-- ledger with the current score and restriction state it maintains, and the blocklist routes' index needs
-- (the blocks table itself is in 007). The ledger is append-only: linggongd has no statement that updates
-- or deletes a ledger row, and credit_scores changes only together with a ledger insert (api/credit.c).
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

CREATE TABLE rating_tags (
  id INT NOT NULL AUTO_INCREMENT,
  direction ENUM('worker_to_employer','employer_to_worker') NOT NULL,
  name VARCHAR(16) NOT NULL,
  positive TINYINT NOT NULL DEFAULT 1,
  sort_order INT NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY rating_tags_name (direction, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO rating_tags (direction, name, positive, sort_order) VALUES
  ('employer_to_worker', '准时', 1, 10),
  ('employer_to_worker', '技术好', 1, 20),
  ('employer_to_worker', '吃苦耐劳', 1, 30),
  ('employer_to_worker', '态度好', 1, 40),
  ('employer_to_worker', '认真负责', 1, 50),
  ('employer_to_worker', '服从安排', 1, 60),
  ('employer_to_worker', '迟到早退', 0, 70),
  ('employer_to_worker', '技术一般', 0, 80),
  ('employer_to_worker', '态度差', 0, 90),
  ('worker_to_employer', '工资按时结', 1, 10),
  ('worker_to_employer', '环境安全', 1, 20),
  ('worker_to_employer', '态度好', 1, 30),
  ('worker_to_employer', '描述属实', 1, 40),
  ('worker_to_employer', '安排合理', 1, 50),
  ('worker_to_employer', '管饭', 1, 60),
  ('worker_to_employer', '拖欠工资', 0, 70),
  ('worker_to_employer', '与描述不符', 0, 80),
  ('worker_to_employer', '环境不安全', 0, 90);

CREATE TABLE ratings (
  id BIGINT NOT NULL AUTO_INCREMENT,
  application_id BIGINT NOT NULL,
  direction ENUM('worker_to_employer','employer_to_worker') NOT NULL,
  author_id BIGINT NOT NULL,
  subject_id BIGINT NOT NULL,
  stars TINYINT NOT NULL,
  text VARCHAR(300) NULL,
  region_code VARCHAR(12) NOT NULL COMMENT 'region of the gig: admin scope',
  reveal_at DATETIME(3) NOT NULL COMMENT 'business time from which others see it: 7 days after it was made, or when the other side rated',
  credited_at DATETIME(3) NULL COMMENT 'when its rating_received ledger entry was written (at reveal, never before)',
  hidden TINYINT NOT NULL DEFAULT 0,
  hidden_reason VARCHAR(200) NULL,
  hidden_by BIGINT NULL COMMENT 'admin_users.id',
  hidden_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY ratings_once (application_id, direction),
  KEY ratings_subject (subject_id, direction, hidden, reveal_at),
  KEY ratings_author (author_id, id),
  KEY ratings_uncredited (credited_at, reveal_at),
  CONSTRAINT ratings_app_fk FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT ratings_author_fk FOREIGN KEY (author_id) REFERENCES users (id),
  CONSTRAINT ratings_subject_fk FOREIGN KEY (subject_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE rating_tag_links (
  rating_id BIGINT NOT NULL,
  tag_id INT NOT NULL,
  PRIMARY KEY (rating_id, tag_id),
  KEY rating_tag_links_tag (tag_id),
  CONSTRAINT rating_tag_links_rating_fk FOREIGN KEY (rating_id) REFERENCES ratings (id),
  CONSTRAINT rating_tag_links_tag_fk FOREIGN KEY (tag_id) REFERENCES rating_tags (id)
) ENGINE=InnoDB;

CREATE TABLE credit_ledger (
  id BIGINT NOT NULL AUTO_INCREMENT,
  user_id BIGINT NOT NULL,
  role ENUM('worker','employer') NULL COMMENT 'the side the event concerned, when the object tells',
  reason ENUM('rating_received','no_show','late_cancel','missed_confirmation','complaint_upheld','admin_adjust') NOT NULL,
  delta SMALLINT NOT NULL COMMENT 'as the rule gives it, before clamping',
  score_before SMALLINT NOT NULL,
  score_after SMALLINT NOT NULL COMMENT 'the resulting score, clamped 0-100',
  object_type VARCHAR(16) NULL,
  object_id BIGINT NULL,
  actor_kind ENUM('user','admin','system') NOT NULL,
  actor_id BIGINT NULL,
  note VARCHAR(200) NULL,
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY credit_ledger_once (user_id, reason, object_type, object_id),
  KEY credit_ledger_user (user_id, id),
  CONSTRAINT credit_ledger_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE credit_scores (
  user_id BIGINT NOT NULL,
  score SMALLINT NOT NULL DEFAULT 100 COMMENT 'score_after of the newest ledger entry (100 with none)',
  last_entry_id BIGINT NULL,
  restricted TINYINT NOT NULL DEFAULT 0,
  restricted_at DATETIME(3) NULL,
  restricted_entry_id BIGINT NULL COMMENT 'the ledger entry that caused the restriction',
  lifted_at DATETIME(3) NULL,
  lifted_by BIGINT NULL COMMENT 'admin_users.id; NULL with lifted_at set = the score recovered',
  lift_note VARCHAR(200) NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (user_id),
  KEY credit_scores_restricted (restricted, user_id),
  CONSTRAINT credit_scores_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- with no ledger entries yet, every score is the starting 100
UPDATE workers SET credit = 100 WHERE credit <> 100;
UPDATE employers SET credit = 100 WHERE credit <> 100;

