-- 0004: snapshots vouched for. A snapshot is a cache that whoever holds the file
-- could edit; `digest` is SHA-256 over what the snapshot says (its seq, head hash,
-- Merkle peaks, format and state bytes) and `signature` the community key's
-- Ed25519 signature over it. Opening trusts a snapshot only with a valid
-- signature by the key it was told to trust; otherwise it replays the log.
-- Snapshots written before this migration have neither and are not trusted.
ALTER TABLE snapshots ADD COLUMN digest BLOB NOT NULL DEFAULT x'';
ALTER TABLE snapshots ADD COLUMN signature BLOB NOT NULL DEFAULT x'';
