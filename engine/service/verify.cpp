#include "engine/service/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "engine/audit/merkle.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/codec/state_codec.hpp"
#include "engine/core/evolve.hpp"

namespace yishi::service {
namespace {

// A stored row and the hash recomputed from its fields.
struct Row {
  audit::Envelope envelope;
  audit::Hash recomputed;
};

// Hands chunks of rows from the reader (SQLite + envelope hash) to the checker
// (links, payload decode, Merkle tree, checkpoints): on two cores the halves overlap.
class ChunkQueue {
 public:
  using Chunk = std::vector<Row>;

  void push(Chunk chunk) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return chunks_.size() < kDepth || stopped_; });
    chunks_.push_back(std::move(chunk));
    ready_.notify_one();
  }
  // False once the producer has finished and everything was taken.
  bool pop(Chunk& out) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !chunks_.empty() || finished_; });
    if (chunks_.empty()) return false;
    out = std::move(chunks_.front());
    chunks_.pop_front();
    space_.notify_one();
    return true;
  }
  void finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    ready_.notify_all();
  }
  // The consumer found a problem: stop reading.
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    space_.notify_all();
  }
  bool stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
  }

 private:
  static constexpr std::size_t kDepth = 4;
  mutable std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Chunk> chunks_;
  bool finished_ = false;
  bool stopped_ = false;
};

}  // namespace

VerifyReport verify_log(store::EventStore& store, const audit::PublicKey& key,
                        const VerifyOptions& options) {
  VerifyReport report;
  auto stored = store.checkpoints();
  if (!stored) {
    report.problem = stored.error().message;
    return report;
  }
  auto community = store.meta("community");
  if (!community) {
    report.problem = community.error().message;
    return report;
  }
  // Stored and saved checkpoints, checked together in tree order.
  struct Head {
    audit::Checkpoint checkpoint;
    std::string source;  // empty: stored in the database
  };
  std::vector<Head> heads;
  for (auto& c : *stored) heads.push_back({std::move(c), ""});
  for (const SavedCheckpoint& saved : options.saved)
    heads.push_back({saved.checkpoint, saved.source});
  std::ranges::stable_sort(heads, {}, [](const Head& h) { return h.checkpoint.tree_size; });
  const auto describe = [](const Head& h) {
    return h.source.empty()
               ? fmt::format("the stored checkpoint at tree size {}", h.checkpoint.tree_size)
               : fmt::format("the checkpoint in {} (tree size {})", h.source,
                             h.checkpoint.tree_size);
  };

  std::optional<store::StoredSnapshot> snapshot;
  if (options.check_snapshot) {
    auto latest = store.latest_snapshot();
    if (!latest) {
      report.problem = latest.error().message;
      return report;
    }
    snapshot = std::move(*latest);
    if (snapshot && snapshot->seq == 0) snapshot.reset();
  }

  const auto fail = [&](std::uint64_t seq, std::string problem) {
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return false;
  };

  std::uint64_t signed_size = 0;  // the largest tree size a valid signature matched
  std::size_t next_head = 0;
  const auto check_heads_at = [&](const audit::CompactRange& range) {
    while (next_head < heads.size() && heads[next_head].checkpoint.tree_size <= range.size()) {
      const Head& h = heads[next_head++];
      const audit::Checkpoint& c = h.checkpoint;
      if (!h.source.empty() && c.community != community->value_or("")) {
        return fail(c.tree_size, fmt::format("{} is for community '{}', not '{}'", describe(h),
                                             c.community, community->value_or("")));
      }
      if (!audit::verify_checkpoint(c, key)) {
        return fail(c.tree_size,
                    fmt::format("{} is not signed by the given public key", describe(h)));
      }
      if (c.tree_size == range.size() && c.root != range.root()) {
        // The roots say only that something in the events since the last head that
        // still matches has changed: the first of those is the first that may have.
        return fail(signed_size + 1,
                    fmt::format("events {}..{} differ from {}: the first changed event is among "
                                "them ({})",
                                signed_size + 1, c.tree_size, describe(h),
                                signed_size == 0 ? "no earlier checkpoint matches"
                                                 : fmt::format("the log still matches its "
                                                               "signed head at tree size {}",
                                                               signed_size)));
      }
      signed_size = std::max(signed_size, c.tree_size);
      ++(h.source.empty() ? report.checkpoints_checked : report.saved_checkpoints_checked);
    }
    return true;
  };

  // The state replayed from the log, up to the snapshot it is compared with.
  engine::State replayed;
  // Each tallied ballot must publish exactly one ballot per voter who took part.
  std::map<engine::BallotId, std::uint64_t> took_part;
  const auto check_snapshot_at = [&](const audit::CompactRange& range, const audit::Hash& head) {
    const store::StoredSnapshot& snap = *snapshot;
    const auto bad = [&](std::string what) {
      return fail(snap.seq, fmt::format("the snapshot at event {} {}", snap.seq, what));
    };
    if (snap.format != engine::codec::kSnapshotFormat) return true;  // never loaded: ignored
    if (snap.head_hash != head) return bad("does not name the hash of event it was taken at");
    if (snap.peaks != range.peaks()) return bad("does not hold the log's Merkle tree");
    const audit::Hash digest = store::snapshot_digest(snap);
    if (snap.digest.size() != 32 || std::memcmp(snap.digest.data(), digest.data(), 32) != 0) {
      return bad("does not match its digest");
    }
    if (store::snapshot_state_bytes(replayed) != snap.state) {
      return bad("does not match the state replayed from the log");
    }
    if (!snap.signature.empty()) {
      audit::Signature sig{};
      if (snap.signature.size() != sig.size()) return bad("has a malformed signature");
      std::memcpy(sig.data(), snap.signature.data(), sig.size());
      if (!audit::verify_message(store::snapshot_message(snap), sig, key)) {
        return bad("is not signed by the given public key");
      }
      report.snapshot_signed = true;
    }
    report.snapshot_seq = snap.seq;
    return true;
  };

  audit::CompactRange range;
  audit::Hash prev{};
  std::uint64_t expected_seq = 1;
  bool intact = check_heads_at(range);
  const auto check = [&](const audit::Envelope& e, const audit::Hash& recomputed) {
    if (e.seq != expected_seq) {
      return intact = fail(expected_seq, fmt::format("event {} is missing or out of order (found "
                                                     "{} in its place)",
                                                     expected_seq, e.seq));
    }
    if (e.prev_hash != prev) {
      return intact =
                 fail(e.seq, fmt::format("event {} does not link to event {}", e.seq, e.seq - 1));
    }
    if (recomputed != e.hash) {
      return intact = fail(e.seq, fmt::format("event {} does not match its hash", e.seq));
    }
    auto decoded = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!decoded) return intact = fail(e.seq, fmt::format("event {}: {}", e.seq, decoded.error()));
    if (const auto* p = std::get_if<engine::event::BallotParticipated>(&*decoded)) {
      ++took_part[p->ballot];
    } else if (const auto* t = std::get_if<engine::event::BallotTallied>(&*decoded)) {
      if (t->counted.size() != took_part[t->ballot]) {
        return intact = fail(
                   e.seq, fmt::format("event {} publishes {} ballots of ballot {} but "
                                      "{} voters took part",
                                      e.seq, t->counted.size(), t->ballot, took_part[t->ballot]));
      }
    }
    prev = e.hash;
    range.append_leaf_hash(audit::leaf_hash(e.hash));
    ++expected_seq;
    report.events = range.size();
    if (snapshot && range.size() <= snapshot->seq) {
      engine::apply_event(replayed, *decoded);
      if (range.size() == snapshot->seq && !check_snapshot_at(range, e.hash)) {
        return intact = false;
      }
    }
    return intact = check_heads_at(range);
  };

  ChunkQueue queue;
  if (!intact) queue.stop();
  std::thread checker([&] {
    ChunkQueue::Chunk chunk;
    while (queue.pop(chunk)) {
      for (const Row& row : chunk) {
        if (intact && !check(row.envelope, row.recomputed)) queue.stop();
      }
    }
  });
  constexpr std::size_t kChunk = 2048;
  ChunkQueue::Chunk chunk;
  chunk.reserve(kChunk);
  auto scanned = store.scan(1, [&](audit::Envelope&& e) {
    const audit::Hash recomputed = audit::entry_hash(e);
    chunk.push_back(Row{std::move(e), recomputed});
    if (chunk.size() == kChunk) {
      queue.push(std::move(chunk));
      chunk = {};
      chunk.reserve(kChunk);
    }
    return !queue.stopped();
  });
  if (!chunk.empty()) queue.push(std::move(chunk));
  queue.finish();
  checker.join();
  if (!scanned) {
    report.problem = scanned.error().message;
    return report;
  }
  if (intact && next_head < heads.size()) {
    intact = fail(range.size() + 1,
                  fmt::format("the log ends at event {} but {} covers {} events", range.size(),
                              describe(heads[next_head]), heads[next_head].checkpoint.tree_size));
  }
  if (intact && snapshot && snapshot->seq > range.size()) {
    intact = fail(snapshot->seq, fmt::format("the snapshot at event {} is past the end of the log",
                                             snapshot->seq));
  }
  report.events_not_signed = range.size() - std::min(range.size(), signed_size);
  report.root = range.root();
  report.ok = intact;
  return report;
}

}  // namespace yishi::service
