// A community's log, as the command path needs it: the hash-chained events,
// the sealed ballot box and the personal data kept beside the chain, the
// snapshots, the signed checkpoints, and the replies remembered for live
// sessions. EventStore keeps it in SQLite, MemoryLog in memory (for tests);
// a wrapper can inject faults into either.
//
// Contract, for every implementation:
//  - a write that returns an error changed nothing: append() commits all of its
//    events, profiles and replies or none of them, and the head moves only once
//    they are durable ("acknowledged means durable", DESIGN §4);
//  - the same events get the same envelopes (store::chain_envelope) in every store;
//  - not thread-safe: one thread owns a Log (for LiveCommunity, its community thread).
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/checkpoint.hpp"
#include "engine/audit/envelope.hpp"
#include "engine/audit/merkle.hpp"
#include "engine/core/state.hpp"
#include "engine/store/records.hpp"

namespace yishi::store {

class Log {
 public:
  virtual ~Log() = default;

  // Appends `events` (the sealed box's beside the chain), upserts `profiles` and
  // remembers `replies` (the first reply to an id stands), all in one commit:
  // group commit. Returns the chained events' envelopes once durable.
  virtual std::expected<std::vector<audit::Envelope>, StoreError> append(
      std::span<const PendingEvent> events, std::span<const MemberProfile> profiles = {},
      std::span<const RememberedReply> replies = {}) = 0;

  virtual std::uint64_t head_seq() const = 0;
  virtual const audit::Hash& head_hash() const = 0;
  virtual engine::Timestamp head_time() const = 0;
  virtual const audit::CompactRange& merkle() const = 0;

  // Reads the log again from where it is kept (its head, its tree, the newest
  // snapshot it trusts) and returns the state it rebuilds: how a caller that
  // applied events which then failed to commit gets back to the committed state,
  // and how a writer that lost a race with another process catches up. On an
  // error the log is as it was.
  virtual std::expected<engine::State, StoreError> reload() = 0;

  // Records `state` as the state after the current head.
  virtual std::expected<void, StoreError> save_snapshot(const engine::State& state) = 0;
  // Whether the options' snapshot_every events have come since the last snapshot.
  virtual bool snapshot_due() const = 0;
  // Writes a snapshot if one is due.
  std::expected<void, StoreError> maybe_snapshot(const engine::State& state) {
    if (!snapshot_due()) return {};
    return save_snapshot(state);
  }
  virtual std::uint64_t last_snapshot_seq() const = 0;
  virtual std::expected<std::optional<StoredSnapshot>, StoreError> latest_snapshot() = 0;

  // Why the log cannot be vouched for, found when it was read: it ends before a
  // stored checkpoint, or differs from one, or (with a trusted key) a stored
  // checkpoint is not signed by it. Empty when nothing was found. A log with a
  // problem is never signed again (see service::Community).
  virtual const std::string& problem() const = 0;
  virtual std::uint64_t problem_seq() const = 0;

  // Stores a signed tree head; one already stored for its tree size stands.
  virtual std::expected<void, StoreError> save_checkpoint(const audit::Checkpoint& checkpoint) = 0;
  // Every stored checkpoint, smallest tree first (community filled from meta).
  virtual std::expected<std::vector<audit::Checkpoint>, StoreError> checkpoints() = 0;

  // Calls `visit` with every chained envelope from `from_seq` on, in seq order, as
  // stored (no checks: verification is the caller's job). Stops when visit
  // returns false.
  virtual std::expected<void, StoreError> scan(
      std::uint64_t from_seq, const std::function<bool(audit::Envelope&&)>& visit) = 0;

  // Calls `visit` with the envelope and stream of each event of `stream` after
  // `after_seq`, in seq order, at most `limit` of them, as stored and without
  // decoding any event: how a live client's resume finds its stream's events.
  // `stream` is a narrower stream ("meeting:ID", "ballot:ID") or
  // engine::kCommunityStream, which every event is on (each is visited with its
  // own narrower stream). Stops when visit returns false.
  virtual std::expected<void, StoreError> scan_stream(
      std::string_view stream, std::uint64_t after_seq, std::uint64_t limit,
      const std::function<bool(StreamEnvelope&&)>& visit) = 0;

  virtual std::expected<std::optional<std::string>, StoreError> meta(const std::string& key) = 0;
  virtual std::expected<void, StoreError> set_meta(const std::string& key,
                                                   const std::string& value) = 0;
  virtual std::expected<std::optional<MemberProfile>, StoreError> profile(
      const engine::MemberId& member) = 0;
  // Every member's profile, by member id.
  virtual std::expected<std::vector<MemberProfile>, StoreError> profiles() = 0;
  // The replies remembered since `since`, in the order they were given (a process
  // reads them once at start and answers every re-sent id from memory after that).
  virtual std::expected<std::vector<RememberedReply>, StoreError> remembered_replies(
      engine::Timestamp since) = 0;
  // Forgets replies given before `before`.
  virtual std::expected<void, StoreError> forget_replies_before(engine::Timestamp before) = 0;
};

}  // namespace yishi::store
