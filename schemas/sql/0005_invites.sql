-- 0005: invitations, the credentials live clients sign in with. Kept beside the
-- chained log, not in it: an invitation is not a decision, and issuing or
-- revoking one must work while the server runs without touching the log. The
-- token is never stored: only SHA-256 of its secret part (256 random bits, so
-- a plain hash suffices; a stolen file yields no usable token).
CREATE TABLE invites (
  token_id    TEXT    PRIMARY KEY,   -- public half of the token, for revocation and logs
  secret_hash BLOB    NOT NULL,      -- SHA-256 of the secret half
  member      TEXT    NOT NULL,
  roles       INTEGER NOT NULL,      -- the roles a session may act in (RoleSet bits)
  created_at  INTEGER NOT NULL,      -- ms since the Unix epoch
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER                -- NULL while not revoked
);
