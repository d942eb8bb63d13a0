// The SQLite event store: an append-only, hash-chained log of envelopes, plus
// snapshots for fast start, signed checkpoints, and personal data kept outside
// the chain. The store::Log the CLI and the server write to; beyond the Log, it
// serves inspection (verification, export) of a file another process may own.
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
#include "engine/store/log.hpp"
#include "engine/store/records.hpp"
#include "engine/store/snapshot.hpp"

namespace yishi::store {

class Database;

class EventStore final : public Log {
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

  ~EventStore() override;
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends `events` (and upserts `profiles`) in one transaction: group commit.
  std::expected<std::vector<audit::Envelope>, StoreError> append(
      std::span<const PendingEvent> events, std::span<const MemberProfile> profiles = {},
      std::span<const RememberedReply> replies = {}) override;

  std::uint64_t head_seq() const override { return head_seq_; }
  const audit::Hash& head_hash() const override { return head_hash_; }
  engine::Timestamp head_time() const override { return head_time_; }
  const audit::CompactRange& merkle() const override { return merkle_; }

  // Opens the file again (as open() does) and takes that connection, head and tree.
  std::expected<engine::State, StoreError> reload() override;

  std::expected<void, StoreError> save_snapshot(const engine::State& state) override;
  bool snapshot_due() const override;
  std::uint64_t last_snapshot_seq() const override { return last_snapshot_seq_; }

  // Found on open (see Log::problem).
  const std::string& problem() const override { return problem_; }
  std::uint64_t problem_seq() const override { return problem_seq_; }

  std::expected<std::optional<StoredSnapshot>, StoreError> latest_snapshot() override;
  // The seq and format of the newest snapshot, without reading its bytes.
  std::expected<std::optional<SnapshotHeader>, StoreError> latest_snapshot_header();
  // The snapshot stored at `seq`, if there is one.
  std::expected<std::optional<StoredSnapshot>, StoreError> snapshot_at(std::uint64_t seq);

  std::expected<void, StoreError> save_checkpoint(const audit::Checkpoint& checkpoint) override;
  // Copies the write-ahead log into the database and empties it, so that no
  // earlier image of a page (an erased member's name) stays in the -wal file.
  // False when another connection still reads an older snapshot: its copy goes
  // at that process's next checkpoint.
  std::expected<bool, StoreError> truncate_wal();
  std::expected<std::vector<audit::Checkpoint>, StoreError> checkpoints() override;

  std::expected<void, StoreError> scan(
      std::uint64_t from_seq, const std::function<bool(audit::Envelope&&)>& visit) override;
  // By the index events_stream_seq (schemas/sql/0007). Refuses ("no_stream") a
  // range holding rows whose stream was never derived (a file opened with
  // inspect() that no open() has migrated since) rather than skip them.
  std::expected<void, StoreError> scan_stream(
      std::string_view stream, std::uint64_t after_seq, std::uint64_t limit,
      const std::function<bool(StreamEnvelope&&)>& visit) override;
  // As scan(), but every row is read into the same envelope, reusing the capacity
  // of its strings; `visit` may swap it with an envelope of its own to keep it,
  // so a reader that recycles its envelopes allocates nothing per row.
  std::expected<void, StoreError> scan_reusing(std::uint64_t from_seq,
                                               const std::function<bool(audit::Envelope&)>& visit);

  std::expected<std::optional<std::string>, StoreError> meta(const std::string& key) override;
  std::expected<void, StoreError> set_meta(const std::string& key,
                                           const std::string& value) override;
  std::expected<std::optional<MemberProfile>, StoreError> profile(
      const engine::MemberId& member) override;
  std::expected<std::vector<MemberProfile>, StoreError> profiles() override;
  std::expected<std::vector<RememberedReply>, StoreError> remembered_replies(
      engine::Timestamp since) override;
  std::expected<void, StoreError> forget_replies_before(engine::Timestamp before) override;

 private:
  EventStore(std::unique_ptr<Database> db, StoreOptions options);
  std::expected<engine::State, StoreError> load();
  std::optional<engine::State> load_snapshot();
  // The file this store's connection reads, or empty for none.
  std::string file_path() const;

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
