-- 013: settlements 薪酬委托结算 (SPEC §2, issue 6): the employer's record of what a worker earned on one
-- completed application, how it was computed (attendance × rate, item lines, an adjusted amount with its
-- reason), when and how it was paid, and the worker's confirmation or dispute. Records only: no money
-- moves through linggong. One settlement per application. Every state change appends a history row.
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

CREATE TABLE settlements (
  id BIGINT NOT NULL AUTO_INCREMENT,
  application_id BIGINT NOT NULL,
  gig_id BIGINT NOT NULL,
  worker_id BIGINT NOT NULL,
  employer_id BIGINT NOT NULL,
  region_code VARCHAR(12) NOT NULL COMMENT 'the gig region: admin lists are scoped by it',
  status ENUM('recorded','paid','confirmed','disputed','resolved') NOT NULL,
  pay_unit ENUM('hour','day','piece','gig') NOT NULL COMMENT 'copied from the gig at settlement',
  rate_fen INT NOT NULL,
  quantity_milli BIGINT NOT NULL COMMENT 'hours, days, pieces or whole gigs, in thousandths',
  minutes_worked INT NOT NULL DEFAULT 0 COMMENT 'checked-out attendance minutes at settlement',
  days_attended INT NOT NULL DEFAULT 0 COMMENT 'work days with a check-in at settlement',
  base_fen BIGINT NOT NULL COMMENT 'rate x quantity',
  items_fen BIGINT NOT NULL DEFAULT 0 COMMENT 'sum of the extra and deduction item lines',
  computed_fen BIGINT NOT NULL COMMENT 'base + items',
  amount_fen BIGINT NOT NULL COMMENT 'what is owed: computed, or the adjusted amount',
  adjusted TINYINT NOT NULL DEFAULT 0,
  adjust_reason VARCHAR(200) NULL,
  pay_method ENUM('cash','wechat','alipay','bank','other') NULL,
  pay_reference VARCHAR(64) NULL,
  dispute_reason VARCHAR(500) NULL,
  complaint_id BIGINT NULL COMMENT 'the complaint a dispute opened',
  paid_at DATETIME(3) NULL,
  confirmed_at DATETIME(3) NULL,
  disputed_at DATETIME(3) NULL,
  resolved_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY settlements_application (application_id),
  KEY settlements_worker (worker_id, status, id),
  KEY settlements_worker_paid (worker_id, paid_at),
  KEY settlements_employer (employer_id, status, id),
  KEY settlements_region (region_code, created_at),
  KEY settlements_status (status, created_at),
  CONSTRAINT settlements_application_fk FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT settlements_gig_fk FOREIGN KEY (gig_id) REFERENCES gigs (id),
  CONSTRAINT settlements_worker_fk FOREIGN KEY (worker_id) REFERENCES users (id),
  CONSTRAINT settlements_employer_fk FOREIGN KEY (employer_id) REFERENCES employers (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE settlement_items (
  settlement_id BIGINT NOT NULL,
  position TINYINT NOT NULL COMMENT '0 is the base line',
  kind ENUM('base','extra','deduction') NOT NULL,
  label VARCHAR(32) NOT NULL,
  quantity_milli BIGINT NULL COMMENT 'base line only',
  unit_fen BIGINT NULL COMMENT 'base line only: the rate',
  amount_fen BIGINT NOT NULL,
  PRIMARY KEY (settlement_id, position),
  CONSTRAINT settlement_items_settlement_fk FOREIGN KEY (settlement_id) REFERENCES settlements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE settlement_history (
  id BIGINT NOT NULL AUTO_INCREMENT,
  settlement_id BIGINT NOT NULL,
  actor_kind ENUM('user','admin','system') NOT NULL,
  actor_id BIGINT NULL,
  from_status VARCHAR(16) NULL,
  to_status VARCHAR(16) NOT NULL,
  reason VARCHAR(500) NULL,
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY settlement_history_settlement (settlement_id, id),
  CONSTRAINT settlement_history_settlement_fk FOREIGN KEY (settlement_id) REFERENCES settlements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
