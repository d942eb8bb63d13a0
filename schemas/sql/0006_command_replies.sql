-- 0006: the first reply to each command a live session sent, by member and the
-- client's command id, written in the same transaction as the command's events:
-- a client that re-sends an id after a reconnect, or after the server restarted,
-- gets that reply and the command is never applied twice. Kept for a day.
CREATE TABLE command_replies (
  member TEXT    NOT NULL,
  id     TEXT    NOT NULL,   -- the client's command id (1-64 characters)
  reply  TEXT    NOT NULL,   -- "ack SEQ..." or "rejected " + the rejection as JSON
  at     INTEGER NOT NULL,   -- ms since the Unix epoch
  PRIMARY KEY (member, id)
) WITHOUT ROWID;
CREATE INDEX command_replies_at ON command_replies (at);
