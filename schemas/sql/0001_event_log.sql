-- 0001: the append-only event log and what is derived from or kept beside it.

-- One row per committed event, wrapped in its envelope. `hash` chains each row
-- to the one before (see engine/audit/envelope.hpp); the triggers make the table
-- append-only for every client that goes through SQLite.
CREATE TABLE events (
  seq       INTEGER PRIMARY KEY,       -- 1, 2, 3, ... without gaps
  time      INTEGER NOT NULL,          -- ms since the Unix epoch, UTC
  actor     TEXT    NOT NULL,          -- pseudonymous member id
  type      TEXT    NOT NULL,          -- the event's stable tag
  version   INTEGER NOT NULL,
  payload   BLOB    NOT NULL,          -- cereal portable binary
  prev_hash BLOB    NOT NULL,
  hash      BLOB    NOT NULL
);

CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;

CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: DELETE refused');
END;

-- Signed tree heads, signed with the community's Ed25519 key.
CREATE TABLE checkpoints (
  tree_size INTEGER PRIMARY KEY,
  root      BLOB    NOT NULL,
  time      INTEGER NOT NULL,
  signature BLOB    NOT NULL
);

CREATE TRIGGER checkpoints_refuse_update BEFORE UPDATE ON checkpoints
BEGIN
  SELECT RAISE(ABORT, 'checkpoints are append-only: UPDATE refused');
END;

CREATE TRIGGER checkpoints_refuse_delete BEFORE DELETE ON checkpoints
BEGIN
  SELECT RAISE(ABORT, 'checkpoints are append-only: DELETE refused');
END;

-- A cache of the state after event `seq`, for fast start. Always derivable from
-- the log; a snapshot of another format is ignored.
CREATE TABLE snapshots (
  seq          INTEGER PRIMARY KEY,
  format       INTEGER NOT NULL,
  state        BLOB    NOT NULL,
  head_hash    BLOB    NOT NULL,       -- events.hash at `seq`, checked on load
  merkle_peaks BLOB    NOT NULL        -- the compact range of the Merkle tree at `seq`
);

-- Personal data, kept outside the chained log so it can be erased on request
-- without breaking the chain.
CREATE TABLE member_profiles (
  member       TEXT PRIMARY KEY,
  display_name TEXT NOT NULL DEFAULT '',
  contact      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
