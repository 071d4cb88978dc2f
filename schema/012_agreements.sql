-- 012: e-agreements (issue 6, SPEC §2-3): versioned templates (the default 零工劳务协议 ships here),
-- agreements with their canonical text and its SHA-256, each party's signing event, the state history,
-- and the hash-chained log of sealed agreements (each entry carries the previous entry's hash).
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals (the template uses '；').

CREATE TABLE agreement_templates (
  id BIGINT NOT NULL AUTO_INCREMENT,
  code VARCHAR(40) NOT NULL COMMENT 'template family: editing creates the next version of the same code',
  version INT NOT NULL,
  region_code VARCHAR(12) NULL COMMENT 'NULL: every region; otherwise gigs inside this region use it',
  title VARCHAR(60) NOT NULL,
  body TEXT NOT NULL COMMENT 'UTF-8 with {{placeholder}} fields (domain/agreement.c)',
  note VARCHAR(200) NULL,
  created_by BIGINT NULL COMMENT 'admin_users.id, NULL for the shipped default',
  created_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY agreement_templates_version (code, version),
  KEY agreement_templates_region (region_code, code, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE agreements (
  id BIGINT NOT NULL AUTO_INCREMENT,
  application_id BIGINT NOT NULL,
  live_application_id BIGINT NULL COMMENT 'application_id until voided: one live agreement per application',
  gig_id BIGINT NOT NULL,
  employer_id BIGINT NOT NULL,
  worker_id BIGINT NOT NULL,
  region_code VARCHAR(12) NOT NULL COMMENT 'the gig region, for admin scoping',
  template_id BIGINT NOT NULL,
  status ENUM('draft','signed_by_one','signed','voided') NOT NULL,
  revision INT NOT NULL DEFAULT 1 COMMENT 'drafts replaced before the first signature count up',
  text MEDIUMTEXT NOT NULL COMMENT 'canonical UTF-8 text, frozen at the first signature',
  text_sha256 CHAR(64) NOT NULL,
  seal_signature VARBINARY(64) NULL COMMENT 'Ed25519 over the seal payload (hash + both events)',
  seal_key_id CHAR(16) NULL,
  sealed_at DATETIME NULL,
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY agreements_live (live_application_id),
  KEY agreements_application (application_id, id),
  KEY agreements_worker (worker_id, id),
  KEY agreements_employer (employer_id, id),
  CONSTRAINT agreements_application_fk FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT agreements_template_fk FOREIGN KEY (template_id) REFERENCES agreement_templates (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE agreement_events (
  id BIGINT NOT NULL AUTO_INCREMENT,
  agreement_id BIGINT NOT NULL,
  role ENUM('employer','worker') NOT NULL,
  account_id BIGINT NOT NULL,
  signed_at DATETIME NOT NULL,
  ip VARCHAR(45) NOT NULL,
  user_agent VARCHAR(255) NOT NULL,
  text_sha256 CHAR(64) NOT NULL COMMENT 'the hash the party read and signed',
  intent VARCHAR(200) NOT NULL COMMENT 'the explicit intent statement the party confirmed',
  request_id CHAR(32) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY agreement_events_once (agreement_id, role),
  CONSTRAINT agreement_events_agreement_fk FOREIGN KEY (agreement_id) REFERENCES agreements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE agreement_history (
  id BIGINT NOT NULL AUTO_INCREMENT,
  agreement_id BIGINT NOT NULL,
  actor_kind ENUM('user','admin','system') NOT NULL,
  actor_id BIGINT NULL,
  from_status VARCHAR(16) NULL,
  to_status VARCHAR(16) NOT NULL,
  reason VARCHAR(200) NULL,
  at DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY agreement_history_agreement (agreement_id, id),
  CONSTRAINT agreement_history_agreement_fk FOREIGN KEY (agreement_id) REFERENCES agreements (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The log is a witness independent of the agreements table (no foreign key): an entry whose agreement was
-- deleted or altered is what `linggongd verify-agreements` reports.
CREATE TABLE agreement_log (
  seq BIGINT NOT NULL COMMENT '1, 2, 3, ... without gaps',
  agreement_id BIGINT NOT NULL,
  text_sha256 CHAR(64) NOT NULL,
  payload_sha256 CHAR(64) NOT NULL COMMENT 'SHA-256 of the seal payload',
  signature VARBINARY(64) NOT NULL,
  key_id CHAR(16) NOT NULL,
  sealed_at DATETIME NOT NULL,
  prev_hash BINARY(32) NOT NULL,
  entry_hash BINARY(32) NOT NULL,
  PRIMARY KEY (seq),
  UNIQUE KEY agreement_log_agreement (agreement_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE agreement_log_head (
  id TINYINT NOT NULL,
  seq BIGINT NOT NULL,
  last_hash BINARY(32) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

INSERT INTO agreement_log_head (id, seq, last_hash) VALUES (1, 0, UNHEX(REPEAT('00', 32)));

INSERT INTO agreement_templates (code, version, region_code, title, body, note, created_by, created_at) VALUES
('default', 1, NULL, '零工劳务协议',
'甲方（用工方）：{{employer_name}}
甲方证照号码：{{employer_code}}
乙方（劳务提供方）：{{worker_name}}
乙方身份证号码：{{worker_id}}

甲乙双方通过{{bureau}}零工市场平台达成劳务合作。根据《中华人民共和国民法典》等法律法规，双方本着平等自愿、诚实信用的原则，订立本协议。本协议为劳务协议，双方之间不因本协议建立劳动关系。

第一条 劳务内容
岗位：{{gig_title}}（{{job_type}}）
工作内容：{{duties}}

第二条 工作时间与地点
工作时间：{{start_time}} 至 {{end_time}}（北京时间）
工作地点：{{work_place}}

第三条 劳务报酬
报酬标准：{{pay}}。报酬按乙方实际出勤计算，出勤以平台考勤记录为准，调整须说明理由。甲方应在工作结束且双方确认结果后及时足额支付，不得克扣或拖欠，不得以任何名义向乙方收取押金、保证金、培训费等费用。

第四条 安全生产
甲方应提供符合国家规定的安全作业条件和必要的劳动防护用品，开工前向乙方说明作业风险和安全操作要求，不得安排乙方从事其不具备资格的特种作业。乙方应遵守安全操作规程，发现安全隐患及时报告，有权拒绝违章指挥和强令冒险作业。

第五条 保险
甲方应为乙方在工作期间投保意外伤害保险或雇主责任保险，鼓励乙方参加灵活就业人员社会保险。乙方在工作中受到伤害的，甲方应及时救治，并依法承担相应责任。

第六条 取消与解除
任何一方需取消本次劳务的，应尽早通过平台告知对方。开工前24小时内取消的，平台记为临时取消，可能影响取消方的诚信分。因不可抗力不能履行的，双方互不承担违约责任。

第七条 争议解决
双方发生争议的，应先行协商。协商不成的，可通过零工市场小程序「投诉」功能向{{bureau}}投诉，或拨打人力资源社会保障服务热线12333咨询、投诉，也可依法申请调解、仲裁或向人民法院提起诉讼。

第八条 其他
本协议经双方在平台以电子方式签署后生效。平台记录每一方的签署时间、账号、网络地址、设备信息和签署意愿，并以平台密钥封存，任何一方可凭协议编号和文本摘要核验。乙方可随时免费查看、下载和打印本协议。

起草日期：{{drafted_date}}',
'零工市场平台默认模板', NULL, NOW(3));
