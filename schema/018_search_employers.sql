-- 018: each node's search index lists the employer (name, verification, 诚信分) with its gigs and reads
-- the employers changed since its last poll (api/gigsearch.c).
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

ALTER TABLE employers
  ADD KEY employers_updated (updated_at);
