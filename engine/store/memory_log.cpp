#include "engine/store/memory_log.hpp"

#include <iterator>

#include "engine/codec/event_codec.hpp"
#include "engine/core/evolve.hpp"
#include "engine/core/streams.hpp"
#include "engine/store/chain.hpp"
#include "engine/store/snapshot.hpp"

namespace yishi::store {

MemoryLog::MemoryLog(StoreOptions options) : options_(std::move(options)) {}

std::expected<std::vector<audit::Envelope>, StoreError> MemoryLog::append(
    std::span<const PendingEvent> events, std::span<const MemberProfile> profiles,
    std::span<const RememberedReply> replies) {
  if (auto refused = missing_stream(events)) return std::unexpected(std::move(*refused));
  // Everything is built aside and taken only at the end: an error leaves the log as it was.
  std::vector<audit::Envelope> out;
  out.reserve(events.size());
  std::vector<std::string> streams;
  std::optional<std::map<BoxKey, BoxRow>> box;  // copied on the batch's first box change
  const auto staged_box = [&]() -> std::map<BoxKey, BoxRow>& {
    if (!box) box = box_;
    return *box;
  };
  audit::Hash prev = head_hash_;
  std::uint64_t seq = head_seq();
  for (const PendingEvent& pending : events) {
    // The sealed box lives beside the chain, as in EventStore::append.
    if (const auto* sealed = std::get_if<engine::event::BallotSealed>(&pending.event)) {
      auto [it, fresh] =
          staged_box().try_emplace(BoxKey{sealed->ballot, sealed->receipt},
                                   BoxRow{engine::codec::encode_payload(pending.event),
                                          engine::event::BallotSealed::version});
      if (!fresh) {
        return std::unexpected(
            StoreError{"io", "UNIQUE constraint failed: ballot_box.ballot, ballot_box.receipt", 0});
      }
      continue;
    }
    if (const auto* unsealed = std::get_if<engine::event::BallotUnsealed>(&pending.event)) {
      if (staged_box().erase(BoxKey{unsealed->ballot, unsealed->receipt}) != 1) {
        return std::unexpected(StoreError{
            "concurrent_writer",
            "the ballot to replace is no longer in the box (another process changed it); "
            "reopen the log",
            0});
      }
      continue;
    }
    if (const auto* tallied = std::get_if<engine::event::BallotTallied>(&pending.event)) {
      auto& rows = staged_box();
      std::erase_if(rows, [&](const auto& row) { return row.first.first == tallied->ballot; });
    }
    out.push_back(chain_envelope(pending, ++seq, prev));
    streams.push_back(pending.stream);
    prev = out.back().hash;
  }

  // Committed from here on: nothing below can fail.
  if (box) box_ = std::move(*box);
  for (const MemberProfile& p : profiles) profiles_[p.member] = p;
  replies_.insert(replies_.end(), replies.begin(), replies.end());
  // As the SQLite store does: an erasure takes the member's details and replies.
  for (const PendingEvent& pending : events) {
    if (const auto* erased = std::get_if<engine::event::MemberErased>(&pending.event)) {
      profiles_.erase(erased->member);
      std::erase_if(replies_, [&](const RememberedReply& r) { return r.member == erased->member; });
    }
  }
  for (const audit::Envelope& e : out) {
    merkle_.append_leaf_hash(audit::leaf_hash(e.hash));
    events_.push_back(e);
  }
  std::move(streams.begin(), streams.end(), std::back_inserter(streams_));
  if (!out.empty()) {
    head_hash_ = out.back().hash;
    head_time_ = out.back().time;
  }
  return out;
}

std::expected<engine::State, StoreError> MemoryLog::reload() {
  engine::State state;
  for (const audit::Envelope& e : events_) {
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) {
      return std::unexpected(StoreError{
          "chain_broken", "event " + std::to_string(e.seq) + ": " + event.error(), e.seq});
    }
    engine::apply_event(state, *event);
  }
  for (const auto& [key, row] : box_) {
    auto event =
        engine::codec::decode_event(engine::event::BallotSealed::tag, row.version, row.sealed);
    if (!event)
      return std::unexpected(StoreError{"corrupt", "a sealed ballot: " + event.error(), 0});
    engine::apply_event(state, *event);
  }
  return state;
}

std::expected<void, StoreError> MemoryLog::save_snapshot(const engine::State& state) {
  snapshot_ = take_snapshot(state, head_seq(), head_hash_, merkle_, options_.signing_key);
  last_snapshot_seq_ = snapshot_->seq;
  return {};
}

bool MemoryLog::snapshot_due() const {
  return options_.snapshot_every != 0 && head_seq() - last_snapshot_seq_ >= options_.snapshot_every;
}

std::expected<std::optional<StoredSnapshot>, StoreError> MemoryLog::latest_snapshot() {
  return snapshot_;
}

std::expected<void, StoreError> MemoryLog::save_checkpoint(const audit::Checkpoint& checkpoint) {
  checkpoints_.try_emplace(checkpoint.tree_size, checkpoint);
  return {};
}

std::expected<std::vector<audit::Checkpoint>, StoreError> MemoryLog::checkpoints() {
  // As stored in SQLite: the community is not kept with each, but read from meta.
  const auto community = meta_.find("community");
  std::vector<audit::Checkpoint> out;
  out.reserve(checkpoints_.size());
  for (const auto& [size, c] : checkpoints_) {
    out.push_back(c);
    out.back().community = community == meta_.end() ? "" : community->second;
  }
  return out;
}

std::expected<void, StoreError> MemoryLog::scan(
    std::uint64_t from_seq, const std::function<bool(audit::Envelope&&)>& visit) {
  for (std::uint64_t seq = std::max<std::uint64_t>(from_seq, 1); seq <= events_.size(); ++seq) {
    if (!visit(audit::Envelope(events_[seq - 1]))) break;
  }
  return {};
}

std::expected<void, StoreError> MemoryLog::scan_stream(
    std::string_view stream, std::uint64_t after_seq, std::uint64_t limit,
    const std::function<bool(StreamEnvelope&&)>& visit) {
  const bool every = stream == engine::kCommunityStream;
  for (std::uint64_t seq = after_seq + 1; seq <= events_.size() && limit > 0; ++seq) {
    const std::string& own = streams_[seq - 1];
    if (!every && own != stream) continue;
    --limit;
    if (!visit(StreamEnvelope{events_[seq - 1], own})) break;
  }
  return {};
}

std::expected<std::optional<std::string>, StoreError> MemoryLog::meta(const std::string& key) {
  const auto it = meta_.find(key);
  if (it == meta_.end()) return std::optional<std::string>{};
  return std::optional<std::string>(it->second);
}

std::expected<void, StoreError> MemoryLog::set_meta(const std::string& key,
                                                    const std::string& value) {
  meta_[key] = value;
  return {};
}

std::expected<std::optional<MemberProfile>, StoreError> MemoryLog::profile(
    const engine::MemberId& member) {
  const auto it = profiles_.find(member);
  if (it == profiles_.end()) return std::optional<MemberProfile>{};
  return std::optional<MemberProfile>(it->second);
}

std::expected<std::vector<MemberProfile>, StoreError> MemoryLog::profiles() {
  std::vector<MemberProfile> out;
  out.reserve(profiles_.size());
  for (const auto& [member, p] : profiles_) out.push_back(p);
  return out;
}

std::expected<std::vector<RememberedReply>, StoreError> MemoryLog::remembered_replies(
    engine::Timestamp since) {
  std::vector<RememberedReply> out;
  for (const RememberedReply& r : replies_) {
    if (r.at >= since) out.push_back(r);
  }
  return out;
}

std::expected<void, StoreError> MemoryLog::forget_replies_before(engine::Timestamp before) {
  std::erase_if(replies_, [&](const RememberedReply& r) { return r.at < before; });
  return {};
}

}  // namespace yishi::store
