// The SQLite event store: an append-only, hash-chained log of envelopes, plus
// snapshots for fast start, signed checkpoints, and personal data kept outside
// the chain.
//
// Contract: append() returns only after its transaction has committed with the
// configured synchronous level, so an acknowledged event survives a crash
// (with Synchronous::full, also a power cut). One EventStore per file and
// process; not thread-safe; a second writer is detected and refused.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/checkpoint.hpp"
#include "engine/audit/envelope.hpp"
#include "engine/audit/merkle.hpp"
#include "engine/core/events.hpp"
#include "engine/core/state.hpp"

namespace yishi::store {

enum class Synchronous { off, normal, full, extra };

struct StoreOptions {
  Synchronous synchronous = Synchronous::full;
  // Write a snapshot whenever this many events were appended since the last one.
  std::uint64_t snapshot_every = 50'000;
  // Snapshots written are signed with this key (the community's).
  std::optional<audit::SecretKey> signing_key = std::nullopt;
  // Opening trusts a snapshot only if this key signed it, and checks stored
  // checkpoints' signatures with it; without it, open replays the whole log.
  std::optional<audit::PublicKey> trusted_key = std::nullopt;
};

// The newest stored snapshot, as stored (for verification).
struct StoredSnapshot {
  std::uint64_t seq = 0;
  std::int64_t format = 0;
  std::string state;  // the encoded State
  audit::Hash head_hash{};
  std::vector<audit::Hash> peaks;
  std::string digest;     // 32 bytes, or empty (written before digests)
  std::string signature;  // 64 bytes, or empty (unsigned)
};

struct SnapshotHeader {
  std::uint64_t seq = 0;
  std::int64_t format = 0;
};

// What a snapshot's digest covers and its signature signs.
audit::Hash snapshot_digest(const StoredSnapshot& s);
std::string snapshot_message(const StoredSnapshot& s);
// The same, given snapshot_digest(s) already computed.
std::string snapshot_message(const StoredSnapshot& s, const audit::Hash& digest);
// The bytes a snapshot of `state` holds: the state as the log alone rebuilds it,
// so the sealed box (never chained) is left out and refilled from its table.
std::string snapshot_state_bytes(const engine::State& state);
// Whether snapshot_state_bytes(state) == bytes, without building the encoding.
bool snapshot_state_matches(const engine::State& state, std::string_view bytes);

struct StoreError {
  std::string code;  // "io", "exists", "not_found", "schema", "not_a_store",
                     // "chain_broken", "concurrent_writer"
  std::string message;
  std::uint64_t seq = 0;  // the first bad sequence number, when the error concerns one
};

struct PendingEvent {
  engine::Timestamp time = 0;
  engine::MemberId actor;
  engine::Event event;
};

struct MemberProfile {
  engine::MemberId member;
  std::string display_name;
  std::string contact;
};

// The first reply to a live session's command (see schemas/sql/0006).
struct RememberedReply {
  engine::MemberId member;
  std::string id;
  std::string reply;
  engine::Timestamp at = 0;
};

class Database;

class EventStore {
 public:
  struct Opened;

  // A new, empty log at `path`; refuses a path that already exists.
  static std::expected<std::unique_ptr<EventStore>, StoreError> create(const std::string& path,
                                                                       StoreOptions options = {});
  // Opens a log, brings its schema up to date, and rebuilds the state from the
  // newest usable snapshot plus the tail, checking the chain of every tail event.
  static std::expected<Opened, StoreError> open(const std::string& path, StoreOptions options = {});
  // Opens a log for inspection only (verification, export): no migration, no
  // replay, no chain check, so a damaged log can still be read and diagnosed.
  // append() on it is refused.
  static std::expected<std::unique_ptr<EventStore>, StoreError> inspect(const std::string& path);
  // A second connection to this store's file, for inspection only (see inspect()),
  // to be used on another thread while this one is busy.
  std::expected<std::unique_ptr<EventStore>, StoreError> inspect_again();

  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends `events` (and upserts `profiles`) in one transaction: group commit.
  std::expected<std::vector<audit::Envelope>, StoreError> append(
      std::span<const PendingEvent> events, std::span<const MemberProfile> profiles = {},
      std::span<const RememberedReply> replies = {});

  std::uint64_t head_seq() const { return head_seq_; }
  const audit::Hash& head_hash() const { return head_hash_; }
  engine::Timestamp head_time() const { return head_time_; }
  const audit::CompactRange& merkle() const { return merkle_; }
  std::uint64_t last_snapshot_seq() const { return last_snapshot_seq_; }

  // Records `state` as the state after the current head.
  std::expected<void, StoreError> save_snapshot(const engine::State& state);
  // Writes a snapshot if options.snapshot_every events came since the last one.
  std::expected<void, StoreError> maybe_snapshot(const engine::State& state);

  // Why the log cannot be vouched for, found on open: it ends before a stored
  // checkpoint, or differs from one, or (with a trusted key) a stored checkpoint
  // is not signed by it. Empty when nothing was found. A log with a problem is
  // never signed again (see service::Community).
  const std::string& problem() const { return problem_; }
  std::uint64_t problem_seq() const { return problem_seq_; }

  std::expected<std::optional<StoredSnapshot>, StoreError> latest_snapshot();
  // The seq and format of the newest snapshot, without reading its bytes.
  std::expected<std::optional<SnapshotHeader>, StoreError> latest_snapshot_header();
  // The snapshot stored at `seq`, if there is one.
  std::expected<std::optional<StoredSnapshot>, StoreError> snapshot_at(std::uint64_t seq);

  std::expected<void, StoreError> save_checkpoint(const audit::Checkpoint& checkpoint);
  // Every stored checkpoint, smallest tree first (community filled from meta).
  std::expected<std::vector<audit::Checkpoint>, StoreError> checkpoints();

  // Calls `visit` with every stored row from `from_seq` on, in seq order, as
  // stored (no checks: verification is the caller's job). Stops when visit
  // returns false.
  std::expected<void, StoreError> scan(std::uint64_t from_seq,
                                       const std::function<bool(audit::Envelope&&)>& visit);
  // As scan(), but every row is read into the same envelope, reusing the capacity
  // of its strings; `visit` may swap it with an envelope of its own to keep it,
  // so a reader that recycles its envelopes allocates nothing per row.
  std::expected<void, StoreError> scan_reusing(std::uint64_t from_seq,
                                               const std::function<bool(audit::Envelope&)>& visit);

  std::expected<std::optional<std::string>, StoreError> meta(const std::string& key);
  std::expected<void, StoreError> set_meta(const std::string& key, const std::string& value);
  std::expected<std::optional<MemberProfile>, StoreError> profile(const engine::MemberId& member);
  // The reply remembered for `member`'s command `id`, if any.
  std::expected<std::optional<std::string>, StoreError> remembered_reply(
      const engine::MemberId& member, const std::string& id);
  // Forgets replies given before `before`.
  std::expected<void, StoreError> forget_replies_before(engine::Timestamp before);
  // Every member's profile, by member id.
  std::expected<std::vector<MemberProfile>, StoreError> profiles();

 private:
  EventStore(std::unique_ptr<Database> db, StoreOptions options);
  std::expected<engine::State, StoreError> load();
  std::optional<engine::State> load_snapshot();

  std::unique_ptr<Database> db_;
  StoreOptions options_;
  std::uint64_t head_seq_ = 0;
  audit::Hash head_hash_{};
  engine::Timestamp head_time_ = 0;
  audit::CompactRange merkle_;
  std::uint64_t last_snapshot_seq_ = 0;
  bool writable_ = true;
  std::string problem_;
  std::uint64_t problem_seq_ = 0;
};

struct EventStore::Opened {
  std::unique_ptr<EventStore> store;
  engine::State state;
};

}  // namespace yishi::store
