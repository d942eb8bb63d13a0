-- 0008: view-only invitations, for the screens a room watches (the projector)
-- and the pages reviewers read (the audit view). Such an invitation names no
-- member and grants no role: its session can follow streams and read, never act.
-- `view` is "" for a member's invitation, else "projector" or "audit";
-- `meeting` is the meeting the view opens on ("" when it names none).
ALTER TABLE invites ADD COLUMN view TEXT NOT NULL DEFAULT '';
ALTER TABLE invites ADD COLUMN meeting TEXT NOT NULL DEFAULT '';
