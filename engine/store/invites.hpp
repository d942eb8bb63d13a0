// Invitations: tokens that let a member's device open a live session, stored as
// hashes beside the log (schemas/sql/0005_invites.sql). `yishi invite` and
// `yishi revoke` write them while the server runs (SQLite serialises the
// writers; the log's concurrent-writer check concerns events only), and the
// server checks each hello against the file, so a revocation takes effect at
// the next sign-in. Not thread-safe: one InviteBook per thread.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/types.hpp"
#include "engine/store/event_store.hpp"

namespace yishi::store {

struct Invite {
  std::string token_id;     // 16 hex digits
  engine::MemberId member;  // "" for a view-only invitation
  engine::RoleSet roles;    // none for a view-only invitation
  engine::Timestamp created_at = 0;
  engine::Timestamp expires_at = 0;
  std::optional<engine::Timestamp> revoked_at;
  // A view-only invitation (schemas/sql/0008_view_invites.sql): "projector" or
  // "audit", and the meeting it opens on; "" for a member's invitation.
  std::string view;
  engine::MeetingId meeting;
};

// The views a view-only invitation may open.
bool is_view_name(std::string_view view);

// A new invitation and its token, "<token_id>.<secret>" (the only copy).
struct IssuedInvite {
  Invite invite;
  std::string token;
};

class InviteBook {
 public:
  // Opens the invitations of the store at `path` (bringing its schema up to date).
  static std::expected<std::unique_ptr<InviteBook>, StoreError> open(const std::string& path);
  ~InviteBook();

  std::expected<IssuedInvite, StoreError> issue(const engine::MemberId& member,
                                                engine::RoleSet roles, engine::Timestamp now,
                                                engine::Timestamp expires_at);
  // A view-only invitation: no member, no role (`view` passes is_view_name).
  std::expected<IssuedInvite, StoreError> issue_view(const std::string& view,
                                                     const engine::MeetingId& meeting,
                                                     engine::Timestamp now,
                                                     engine::Timestamp expires_at);
  // "not_found" when there is no such invitation; revoking twice keeps the first time.
  std::expected<Invite, StoreError> revoke(const std::string& token_id, engine::Timestamp now);
  // The invitation a token stands for, if the token is genuine, unexpired and not
  // revoked at `now`; otherwise why not ("unauthenticated": one message for all
  // causes, so a guesser learns nothing; `reason` says which, for the server's log).
  struct Refusal {
    std::string reason;
  };
  std::expected<Invite, Refusal> check(std::string_view token, engine::Timestamp now);
  std::expected<std::vector<Invite>, StoreError> list();

 private:
  explicit InviteBook(std::unique_ptr<Database> db);
  std::unique_ptr<Database> db_;
};

}  // namespace yishi::store
