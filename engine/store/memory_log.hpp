// A store::Log kept in memory: the same envelopes, box, snapshots, checkpoints
// and errors as the SQLite EventStore, without a file. For tests (fast, and a
// second implementation to hold the first to the contract), never for a
// community's real log: nothing survives the process.
#pragma once

#include <map>
#include <utility>

#include "engine/store/log.hpp"

namespace yishi::store {

class MemoryLog final : public Log {
 public:
  // Uses snapshot_every and signing_key; a snapshot held in memory is never
  // needed to rebuild the state, so trusted_key and synchronous mean nothing here.
  explicit MemoryLog(StoreOptions options = {});

  std::expected<std::vector<audit::Envelope>, StoreError> append(
      std::span<const PendingEvent> events, std::span<const MemberProfile> profiles = {},
      std::span<const RememberedReply> replies = {}) override;

  std::uint64_t head_seq() const override { return events_.size(); }
  const audit::Hash& head_hash() const override { return head_hash_; }
  engine::Timestamp head_time() const override { return head_time_; }
  const audit::CompactRange& merkle() const override { return merkle_; }

  // Replays every event, then the sealed box, as EventStore::open does.
  std::expected<engine::State, StoreError> reload() override;

  std::expected<void, StoreError> save_snapshot(const engine::State& state) override;
  bool snapshot_due() const override;
  std::uint64_t last_snapshot_seq() const override { return last_snapshot_seq_; }
  std::expected<std::optional<StoredSnapshot>, StoreError> latest_snapshot() override;

  // Nothing to distrust: this log was never out of this process's hands.
  const std::string& problem() const override { return problem_; }
  std::uint64_t problem_seq() const override { return 0; }

  std::expected<void, StoreError> save_checkpoint(const audit::Checkpoint& checkpoint) override;
  std::expected<std::vector<audit::Checkpoint>, StoreError> checkpoints() override;

  std::expected<void, StoreError> scan(
      std::uint64_t from_seq, const std::function<bool(audit::Envelope&&)>& visit) override;
  // Every event is looked at: a test log is small.
  std::expected<void, StoreError> scan_stream(
      std::string_view stream, std::uint64_t after_seq, std::uint64_t limit,
      const std::function<bool(StreamEnvelope&&)>& visit) override;

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
  // A sealed ballot as the box table holds it: the codec's bytes and their version.
  struct BoxRow {
    std::string sealed;
    std::uint32_t version = 0;
  };
  using BoxKey = std::pair<engine::BallotId, std::string>;  // (ballot, receipt)

  StoreOptions options_;
  std::vector<audit::Envelope> events_;  // events_[i].seq == i + 1
  std::vector<std::string> streams_;     // streams_[i]: events_[i]'s
  audit::Hash head_hash_{};
  engine::Timestamp head_time_ = 0;
  audit::CompactRange merkle_;
  std::map<BoxKey, BoxRow> box_;
  std::map<engine::MemberId, MemberProfile> profiles_;
  std::vector<RememberedReply> replies_;  // in the order given, as the SQLite store keeps them
  std::map<std::string, std::string> meta_;
  std::map<std::uint64_t, audit::Checkpoint> checkpoints_;  // by tree size
  std::optional<StoredSnapshot> snapshot_;
  std::uint64_t last_snapshot_seq_ = 0;
  std::string problem_;
};

}  // namespace yishi::store
