-- 019: certificate numbers are often ID numbers, so they are sealed like them (AES-256-GCM with the
-- DATA_KEY, the worker as associated data) in number_enc; the plaintext column stays only for rows
-- written before, is no longer written, and is cleared when the worker next saves the profile.
-- Runner rule: one statement per `;` at the end of a line; no `;` inside literals.

ALTER TABLE worker_certificates
  ADD COLUMN number_enc VARBINARY(300) NULL AFTER number;
