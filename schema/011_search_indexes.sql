-- 011: indexes for the gig search shapes the composer builds (docs/SEARCH.md): every region level with a
-- category or a single 工种, each ending in published_at so the newest-first page reads the index in order.
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

ALTER TABLE gigs
  ADD KEY gigs_city_leaf (status, city_code, job_type_id, published_at),
  ADD KEY gigs_province_job (status, province_code, job_top_id, published_at),
  ADD KEY gigs_province_leaf (status, province_code, job_type_id, published_at),
  ADD KEY gigs_town_job (status, region_code, job_top_id, published_at);
