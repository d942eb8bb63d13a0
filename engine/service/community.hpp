// One community's command pipeline, shared by the CLI and the server:
// decide -> append (durable) -> evolve. The only way state changes (DESIGN §4.1).
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/decide.hpp"
#include "engine/service/key_files.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/log.hpp"

namespace yishi::service {

struct Request {
  engine::Command command;
  engine::Context ctx;
  // Personal data that goes beside the log, never into it (member.register).
  std::optional<store::MemberProfile> profile;
  // The actor did not name a role: act in engine::default_role(), picked against
  // the state as the batch has left it so far.
  bool default_role = false;
  // A live session's command id: its reply is remembered with its events
  // (store::RememberedReply, encoded by encode_reply), in the same transaction.
  std::optional<std::string> command_id = {};
};

// A remembered reply: "ack SEQ SEQ..." or "rejected {rejection JSON}".
std::string encode_reply(const std::expected<std::vector<std::uint64_t>, engine::Rejection>& r);
std::optional<std::expected<std::vector<std::uint64_t>, engine::Rejection>> decode_reply(
    std::string_view text);

// How far ahead of the wall clock a request may be timed: clocks of different
// machines disagree by seconds, not by minutes.
inline constexpr engine::Milliseconds kFutureAllowance = 5 * engine::kMinute;

// The shell's clock, injected so tests can set the time.
using WallClock = std::function<engine::Timestamp()>;

// The system's clock, in the log's unit: what every shell (CLI, server) reads
// unless a test injects another.
engine::Timestamp system_clock_now();

// Why a request timed `at` is too far ahead of `wall_clock`, or nothing when it is not.
// The log's clock never runs backwards, so one command timed in 2099 would
// otherwise freeze a community: every later command would be "before the log".
std::optional<engine::Rejection> check_not_future(
    engine::Timestamp at, engine::Timestamp wall_clock,
    engine::Milliseconds allowance = kFutureAllowance);

// The envelopes a request produced, or why the engine refused it.
using Outcome = std::expected<std::vector<audit::Envelope>, engine::Rejection>;

class Community {
 public:
  // A new community at `db_path`: the store, the signing key pair (in the key
  // directory, not beside the database; see key_files.hpp), the founding event
  // (with `admin` as its first admin) and a first signed checkpoint.
  static std::expected<std::unique_ptr<Community>, store::StoreError> init(
      const std::string& db_path, const engine::CommunityId& community,
      const engine::MemberId& admin, engine::Timestamp now, const engine::Rulebook& rulebook,
      store::StoreOptions options = {}, const KeyLocation& keys = {},
      std::int32_t utc_offset_minutes = 8 * 60);

  // Opens the community for writing: finds its signing key (refusing a key the log
  // was not founded with), trusts only snapshots that key signed, and refuses a log
  // that ends before, or differs from, one of its signed checkpoints, so nothing
  // is appended to, or signed over, a log that was cut or rewritten.
  static std::expected<std::unique_ptr<Community>, store::StoreError> open(
      const std::string& db_path, store::StoreOptions options = {}, const KeyLocation& keys = {});

  // A community over `log`, whose events rebuild `state` (an empty log and an
  // empty state: a community to be founded through execute()). Checkpoints are
  // signed with `signing_key`. For tests, over a store::MemoryLog or a wrapper
  // that injects faults, and for stores other than SQLite.
  static std::unique_ptr<Community> over(
      std::unique_ptr<store::Log> log, engine::State state,
      std::optional<audit::SecretKey> signing_key = std::nullopt);

  // The file holding the signing key.
  const std::string& secret_key_file() const { return secret_key_file_; }
  const std::optional<audit::SecretKey>& signing_key() const { return signing_key_; }

  // The state the log's committed events rebuild. Only while restore_pending()
  // may it also hold the events of a batch whose commit failed.
  const engine::State& state() const { return state_; }
  store::Log& store() { return *store_; }
  const std::string& path() const { return path_; }
  // A commit failed and the state it left could not yet be rebuilt from the log:
  // execute() refuses everything (with the store's error) until it can.
  bool restore_pending() const { return restore_pending_; }
  // Rebuilds the state from the log if restore_pending(); once this succeeds,
  // state() holds committed events only.
  std::expected<void, store::StoreError> restore_if_pending();

  // Decides each request in order, each against the state the ones before it
  // left, and commits all their events in one transaction (group commit).
  // Returns only once that transaction is durable. A request timed before the
  // log's last event is refused: the log's clock never runs backwards. If the
  // commit fails, the store's error is returned and the state is rebuilt from the
  // log: what it was before the call (after "concurrent_writer", what the other
  // writer left), as if nothing of the batch had been decided. Until that rebuild
  // succeeds, restore_pending() holds.
  std::expected<std::vector<Outcome>, store::StoreError> execute(std::span<const Request> batch);

  // The store's snapshot (every StoreOptions::snapshot_every events) is written at
  // the end of execute() unless deferred: then the caller writes it with
  // snapshot_if_due() when its replies are out (LiveCommunity does, so a
  // snapshot of a large state never delays the acks of the batch that made it
  // due). A failed snapshot costs only start-up time, never data.
  void defer_snapshots() { defer_snapshots_ = true; }
  void snapshot_if_due() { (void)store_->maybe_snapshot(state_); }

  // From now on, refuse requests timed more than `allowance` after `clock()`
  // ("time_in_future", field "at"). The CLI and the server set it; it stays off
  // to replay a dated history (`yishi exec --replay-history`) and in tests.
  void refuse_future(WallClock clock, engine::Milliseconds allowance = kFutureAllowance);

  // Signs the current tree head with the community key and stores the checkpoint;
  // if that head was signed before, returns the stored checkpoint instead.
  std::expected<audit::Checkpoint, store::StoreError> checkpoint(engine::Timestamp now);

 private:
  Community(std::string path, std::unique_ptr<store::Log> store, engine::State state);
  // After a failed commit: the state again as the log's committed events rebuild it.
  std::expected<void, store::StoreError> restore();

  std::string path_;
  std::unique_ptr<store::Log> store_;
  engine::State state_;
  bool restore_pending_ = false;
  bool defer_snapshots_ = false;
  std::optional<audit::SecretKey> signing_key_;
  std::string secret_key_file_;
  WallClock wall_clock_;  // empty: no check on requests timed in the future
  engine::Milliseconds future_allowance_ = kFutureAllowance;
};

}  // namespace yishi::service
