-- 006_moderation_hits: what the sensitive-word filter found in user text that was stored for review
-- (SPEC §3 "Sensitive words", issue 5). One row per stored text field whose verdict was review (the
-- object went to its moderation queue; the reviewer sees these hits next to it) or mask (the text was
-- stored with the matched spans starred; the row keeps which entries matched).
-- hits is a JSON array of {word, category, action, start, end}: word is the lexicon entry (or a
-- contact-detector label such as contact:phone), start/end are code point offsets into the text as
-- submitted. Rows are never updated: each save adds the rows of its own findings (none when clean).
-- Rules for this file: only CREATE TABLE, each statement ends with a semicolon at the end of a line, and
-- no semicolon appears anywhere else.

CREATE TABLE moderation_hits (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  object_type VARCHAR(16) NOT NULL,
  object_id BIGINT NOT NULL,
  field VARCHAR(32) NOT NULL,
  verdict VARCHAR(8) NOT NULL,
  hits JSON NOT NULL,
  created_at DATETIME(3) NOT NULL,
  KEY moderation_hits_object (object_type, object_id, id),
  CONSTRAINT moderation_hits_verdict_ck CHECK (verdict IN ('review', 'mask'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
