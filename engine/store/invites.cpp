#include "engine/store/invites.hpp"

#include <sodium.h>

#include <filesystem>

#include "engine/audit/hash.hpp"
#include "engine/store/guarded.hpp"
#include "engine/store/migrations.hpp"
#include "engine/store/sqlite.hpp"

namespace yishi::store {
namespace {

std::string random_hex(std::size_t bytes) {
  audit::ensure_sodium();
  std::vector<std::uint8_t> buffer(bytes);
  randombytes_buf(buffer.data(), buffer.size());
  return audit::to_hex(buffer);
}

Invite read_invite(Statement& row) {
  Invite out;
  out.token_id = std::string(row.column_text(0));
  out.member = std::string(row.column_text(1));
  out.roles = engine::RoleSet::from_bits(static_cast<std::uint8_t>(row.column_int(2)));
  out.created_at = row.column_int(3);
  out.expires_at = row.column_int(4);
  if (!row.column_is_null(5)) out.revoked_at = row.column_int(5);
  out.view = std::string(row.column_text(6));
  out.meeting = std::string(row.column_text(7));
  return out;
}

constexpr std::string_view kColumns =
    "token_id, member, roles, created_at, expires_at, revoked_at, view, meeting";
constexpr int kColumnCount = 8;  // read_invite's; a column selected after them is number 8

}  // namespace

bool is_view_name(std::string_view view) {
  return view == "projector" || view == "audit";
}

namespace {

std::expected<IssuedInvite, StoreError> insert_invite(Database& db, Invite invite) {
  return guarded([&]() -> std::expected<IssuedInvite, StoreError> {
    IssuedInvite out;
    invite.token_id = random_hex(8);
    out.invite = std::move(invite);
    const std::string secret = random_hex(32);
    out.token = out.invite.token_id + "." + secret;
    const audit::Hash hash = audit::sha256(secret);
    const Invite& i = out.invite;
    db.prepare(
          "INSERT INTO invites (token_id, secret_hash, member, roles, created_at, expires_at, "
          "view, meeting) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, i.token_id)
        .bind_blob(2, std::span<const std::uint8_t>(hash))
        .bind(3, i.member)
        .bind(4, static_cast<std::int64_t>(i.roles.bits()))
        .bind(5, i.created_at)
        .bind(6, i.expires_at)
        .bind(7, i.view)
        .bind(8, i.meeting)
        .step();
    return out;
  });
}

}  // namespace

InviteBook::InviteBook(std::unique_ptr<Database> db) : db_(std::move(db)) {}
InviteBook::~InviteBook() = default;

std::expected<std::unique_ptr<InviteBook>, StoreError> InviteBook::open(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return std::unexpected(StoreError{"not_found", "no database at " + path, 0});
  }
  return guarded([&]() -> std::expected<std::unique_ptr<InviteBook>, StoreError> {
    auto db = std::make_unique<Database>(path, Database::Mode::open_existing);
    if (auto why = not_a_yishi_store(*db)) {
      return std::unexpected(StoreError{"not_a_store", path + " is not a Yishi store: " + *why, 0});
    }
    migrate(*db);
    return std::unique_ptr<InviteBook>(new InviteBook(std::move(db)));
  });
}

std::expected<IssuedInvite, StoreError> InviteBook::issue(const engine::MemberId& member,
                                                          engine::RoleSet roles,
                                                          engine::Timestamp now,
                                                          engine::Timestamp expires_at) {
  return insert_invite(*db_, Invite{"", member, roles, now, expires_at, std::nullopt, "", ""});
}

std::expected<IssuedInvite, StoreError> InviteBook::issue_view(const std::string& view,
                                                               const engine::MeetingId& meeting,
                                                               engine::Timestamp now,
                                                               engine::Timestamp expires_at) {
  if (!is_view_name(view)) {
    return std::unexpected(
        StoreError{"bad_input", "a view is \"projector\" or \"audit\", not \"" + view + "\"", 0});
  }
  return insert_invite(*db_, Invite{"", "", {}, now, expires_at, std::nullopt, view, meeting});
}

std::expected<Invite, StoreError> InviteBook::revoke(const std::string& token_id,
                                                     engine::Timestamp now) {
  return guarded([&]() -> std::expected<Invite, StoreError> {
    db_->prepare("UPDATE invites SET revoked_at = ?2 WHERE token_id = ?1 AND revoked_at IS NULL")
        .bind(1, token_id)
        .bind(2, now)
        .step();
    auto row = db_->prepare(std::string("SELECT ") + std::string(kColumns) +
                            " FROM invites WHERE token_id = ?1");
    row.bind(1, token_id);
    if (!row.step()) {
      return std::unexpected(StoreError{"not_found", "no invitation " + token_id, 0});
    }
    return read_invite(row);
  });
}

std::expected<Invite, InviteBook::Refusal> InviteBook::check(std::string_view token,
                                                             engine::Timestamp now) {
  const auto dot = token.find('.');
  if (dot != 16 || token.size() != 16 + 1 + 64) return std::unexpected(Refusal{"malformed token"});
  const auto secret = audit::from_hex(token.substr(dot + 1));
  if (!secret) return std::unexpected(Refusal{"malformed token"});
  try {
    auto row = db_->prepare(std::string("SELECT ") + std::string(kColumns) +
                            ", secret_hash FROM invites WHERE token_id = ?1");
    row.bind(1, token.substr(0, dot));
    if (!row.step()) return std::unexpected(Refusal{"unknown token id"});
    const auto stored = row.column_blob(kColumnCount);
    const audit::Hash presented = audit::sha256(std::string_view(token.substr(dot + 1)));
    if (stored.size() != presented.size() ||
        sodium_memcmp(stored.data(), presented.data(), presented.size()) != 0) {
      return std::unexpected(Refusal{"wrong secret"});
    }
    Invite invite = read_invite(row);
    if (invite.revoked_at) return std::unexpected(Refusal{"revoked"});
    if (now >= invite.expires_at) return std::unexpected(Refusal{"expired"});
    return invite;
  } catch (const std::exception& e) {
    return std::unexpected(Refusal{std::string("store: ") + e.what()});
  }
}

std::expected<std::vector<Invite>, StoreError> InviteBook::list() {
  return guarded([&]() -> std::expected<std::vector<Invite>, StoreError> {
    auto rows = db_->prepare(std::string("SELECT ") + std::string(kColumns) +
                             " FROM invites ORDER BY created_at, token_id");
    std::vector<Invite> out;
    while (rows.step()) out.push_back(read_invite(rows));
    return out;
  });
}

}  // namespace yishi::store
