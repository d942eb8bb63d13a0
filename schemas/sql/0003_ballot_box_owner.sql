-- 0003: which layout of ballot.sealed a box row holds. Version 2 adds the owner
-- tag, SHA-256 over the ballot, the voter and their nonce: it lets only the voter
-- who cast a secret ballot replace it, and without the nonce it names nobody.
-- Rows written before this migration hold version 1.
ALTER TABLE ballot_box ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
