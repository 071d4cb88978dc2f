-- 016: the search index of each node reads the gigs changed since its last poll (api/gigsearch.c).
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

ALTER TABLE gigs
  ADD KEY gigs_updated (updated_at);
