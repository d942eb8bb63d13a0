-- 0009: remembered replies kept in the order they were given, with no key on
-- (member, id). A process reads the day's replies once when it starts and answers
-- every re-sent id from memory, so nothing looks a reply up by its id any more;
-- the key made each reply an insert at a random place in a b-tree (a page
-- rewritten per reply at every commit), the costliest of the three rows a vote
-- writes. `at` stays indexed (it only grows): replies older than a day go by it.
CREATE TABLE command_replies_in_order (
  member TEXT    NOT NULL,
  id     TEXT    NOT NULL,   -- the client's command id (1-64 characters)
  reply  TEXT    NOT NULL,   -- "ack SEQ..." or "rejected " + the rejection as JSON
  at     INTEGER NOT NULL    -- ms since the Unix epoch
);
INSERT INTO command_replies_in_order (member, id, reply, at)
  SELECT member, id, reply, at FROM command_replies ORDER BY at;
DROP TABLE command_replies;
ALTER TABLE command_replies_in_order RENAME TO command_replies;
CREATE INDEX command_replies_at ON command_replies (at);
