-- 0002: the sealed ballot box. Choices of ballots still open live here, beside
-- the chained log and never in it: no time, no sequence, and no voter for a
-- secret ballot. WITHOUT ROWID keeps rows in receipt order, so the table holds
-- no trace of the order in which ballots were cast. At the close the whole box
-- is published in the ballot.tallied event and its rows are removed.
CREATE TABLE ballot_box (
  ballot  TEXT NOT NULL,
  receipt TEXT NOT NULL,       -- hex SHA-256; the voter can recompute it
  sealed  BLOB NOT NULL,       -- the codec's encoding of the choice and weights
  PRIMARY KEY (ballot, receipt)
) WITHOUT ROWID;
