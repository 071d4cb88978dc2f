-- 017: keyword search moved to each node's in-memory index (016, docs/SEARCH.md): the bigram tokens of
-- 003 and their FULLTEXT index are no longer read, and kept every gig write slower.
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

ALTER TABLE gigs
  DROP INDEX gigs_search,
  DROP COLUMN search_terms;
