-- 0007: each event's stream (engine::stream_of: "community", "meeting:ID" or
-- "ballot:ID"), so that a client resuming one meeting's stream is sent that
-- meeting's events by an index lookup, not by decoding every event of the
-- community to find them. Derived data, like a read model: the column is NOT
-- part of the envelope, its hash or the Merkle tree, so every hash, the chain
-- and every signed checkpoint stay byte for byte what they were; editing it can
-- misroute a live subscriber but never pass for a change to the log.
--
-- Rows written before this migration hold NULL until the store derives their
-- stream, once, when it next opens the log (EventStore::open replays the
-- events and fills them in); a row's stream, once set, never changes.
ALTER TABLE events ADD COLUMN stream TEXT;

-- The append-only guard, narrowed to the envelope's columns, so that deriving
-- an old row's stream is the one UPDATE the table accepts...
DROP TRIGGER events_refuse_update;
CREATE TRIGGER events_refuse_update
BEFORE UPDATE OF seq, time, actor, type, version, payload, prev_hash, hash ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: UPDATE refused');
END;

-- ...and only while it is unset.
CREATE TRIGGER events_stream_set_once BEFORE UPDATE OF stream ON events
WHEN OLD.stream IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'an event''s stream is set once: UPDATE refused');
END;

-- "The events of stream S after seq N", in seq order, without a sort.
CREATE INDEX events_stream_seq ON events (stream, seq);
