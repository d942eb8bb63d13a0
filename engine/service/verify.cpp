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
#include <tuple>

#include "engine/audit/merkle.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/codec/state_codec.hpp"
#include "engine/core/evolve.hpp"

namespace yishi::service {
namespace {

// Rows travel in chunks through three stages, each on its own thread: the reader
// (SQLite, envelope hashes), the checker (links, payload decode, Merkle tree,
// checkpoints) and, up to the snapshot, the replay. On two cores they overlap.
constexpr std::size_t kChunk = 2048;

// A stored row and the hash recomputed from its fields.
struct Row {
  audit::Envelope envelope;
  audit::Hash recomputed;
};

// A chunk on its way through the stages. Chunks are recycled, so the strings of
// their envelopes keep their capacity: reading a row allocates nothing.
struct Chunk {
  std::vector<Row> rows = std::vector<Row>(kChunk);
  std::size_t size = 0;                                                // rows filled by the reader
  std::vector<audit::Hash> leaves = std::vector<audit::Hash>(kChunk);  // their Merkle leaves
  std::vector<engine::Event> events;  // decoded by the checker, in row order
  std::size_t replay = 0;             // the leading events to replay
};
using ChunkPtr = std::unique_ptr<Chunk>;

class ChunkPool {
 public:
  ChunkPtr take() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_unique<Chunk>();
    ChunkPtr chunk = std::move(free_.back());
    free_.pop_back();
    return chunk;
  }
  void give(ChunkPtr chunk) {
    chunk->size = 0;
    chunk->events.clear();
    chunk->replay = 0;
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(chunk));
  }

 private:
  std::mutex mutex_;
  std::vector<ChunkPtr> free_;
};

// The envelope hash of every row, two at a time (see audit::entry_hashes).
void hash_envelopes(Chunk& chunk) {
  std::size_t i = 0;
  for (; i + 1 < chunk.size; i += 2) {
    std::tie(chunk.rows[i].recomputed, chunk.rows[i + 1].recomputed) =
        audit::entry_hashes(chunk.rows[i].envelope, chunk.rows[i + 1].envelope);
  }
  if (i < chunk.size) chunk.rows[i].recomputed = audit::entry_hash(chunk.rows[i].envelope);
}

// The Merkle leaf of every row's stored hash, two at a time.
void hash_leaves(Chunk& chunk) {
  std::size_t i = 0;
  for (; i + 1 < chunk.size; i += 2) {
    std::tie(chunk.leaves[i], chunk.leaves[i + 1]) =
        audit::leaf_hashes(chunk.rows[i].envelope.hash, chunk.rows[i + 1].envelope.hash);
  }
  if (i < chunk.size) chunk.leaves[i] = audit::leaf_hash(chunk.rows[i].envelope.hash);
}

// Hands chunks from one stage to the next.
class ChunkQueue {
 public:
  // False once the consumer has stopped: the chunk is dropped.
  bool push(ChunkPtr chunk) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return chunks_.size() < kDepth || stopped_; });
    if (stopped_) return false;
    chunks_.push_back(std::move(chunk));
    ready_.notify_one();
    return true;
  }
  // False once the producer has finished and everything was taken, or on stop().
  bool pop(ChunkPtr& out) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !chunks_.empty() || finished_ || stopped_; });
    if (stopped_ || chunks_.empty()) return false;
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
  // A problem was found: stop the stages on both sides.
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    space_.notify_all();
    ready_.notify_all();
  }

 private:
  static constexpr std::size_t kDepth = 8;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<ChunkPtr> chunks_;
  bool finished_ = false;
  bool stopped_ = false;
};

// The snapshot's bytes, read by the reader once the scan is done and awaited by
// the replay when it reaches the snapshot's event.
class SnapshotSlot {
 public:
  void set(const store::StoredSnapshot* snapshot) {
    std::lock_guard lock(mutex_);
    snapshot_ = snapshot;
    ready_ = true;
    wake_.notify_all();
  }
  // Null when it could not be read.
  const store::StoredSnapshot* wait() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [&] { return ready_; });
    return snapshot_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool ready_ = false;
  const store::StoredSnapshot* snapshot_ = nullptr;
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

  // The snapshot compared with the replay: only its seq and format now; its bytes
  // are read after the scan, while the replay is still catching up.
  std::optional<store::SnapshotHeader> snapshot;
  if (options.check_snapshot) {
    auto latest = store.latest_snapshot_header();
    if (!latest) {
      report.problem = latest.error().message;
      return report;
    }
    snapshot = *latest;
    if (snapshot && snapshot->seq == 0) snapshot.reset();
  }
  // A snapshot of another format is never loaded, so it is not compared either.
  const bool replay = snapshot && snapshot->format == engine::codec::kSnapshotFormat;

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

  // What the checker had found when it passed the snapshot's event: if the snapshot
  // turns out not to match, verification stopped there.
  struct AtSnapshot {
    VerifyReport report;
    std::uint64_t signed_size = 0;
    audit::CompactRange range;
    audit::Hash head{};
  };
  std::optional<AtSnapshot> at_snapshot;

  // Each tallied ballot must publish exactly one ballot per voter who took part.
  std::map<engine::BallotId, std::uint64_t> took_part;
  audit::CompactRange range;
  audit::Hash prev{};
  std::uint64_t expected_seq = 1;
  bool intact = check_heads_at(range);
  // Checks row i and appends its decoded event to chunk.events; false at a problem.
  const auto check = [&](Chunk& chunk, std::size_t i) {
    const Row& row = chunk.rows[i];
    const audit::Envelope& e = row.envelope;
    if (e.seq != expected_seq) {
      return fail(expected_seq, fmt::format("event {} is missing or out of order (found "
                                            "{} in its place)",
                                            expected_seq, e.seq));
    }
    if (e.prev_hash != prev) {
      return fail(e.seq, fmt::format("event {} does not link to event {}", e.seq, e.seq - 1));
    }
    if (row.recomputed != e.hash) {
      return fail(e.seq, fmt::format("event {} does not match its hash", e.seq));
    }
    auto decoded = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!decoded) return fail(e.seq, fmt::format("event {}: {}", e.seq, decoded.error()));
    if (const auto* p = std::get_if<engine::event::BallotParticipated>(&*decoded)) {
      ++took_part[p->ballot];
    } else if (const auto* t = std::get_if<engine::event::BallotTallied>(&*decoded)) {
      if (t->counted.size() != took_part[t->ballot]) {
        return fail(e.seq, fmt::format("event {} publishes {} ballots of ballot {} but "
                                       "{} voters took part",
                                       e.seq, t->counted.size(), t->ballot, took_part[t->ballot]));
      }
    }
    chunk.events.push_back(std::move(*decoded));
    prev = e.hash;
    range.append_leaf_hash(chunk.leaves[i]);
    ++expected_seq;
    report.events = range.size();
    if (replay && range.size() <= snapshot->seq) {
      ++chunk.replay;
      if (range.size() == snapshot->seq) {
        at_snapshot = AtSnapshot{report, signed_size, range, e.hash};
      }
    }
    return check_heads_at(range);
  };

  ChunkPool pool;
  ChunkQueue to_checker, to_replay;
  if (!intact) to_checker.stop();
  std::thread checker([&] {
    ChunkPtr chunk;
    while (intact && to_checker.pop(chunk)) {
      hash_leaves(*chunk);
      for (std::size_t i = 0; i < chunk->size && intact; ++i) intact = check(*chunk, i);
      if (!intact) to_checker.stop();
      if (chunk->replay > 0) {
        if (!to_replay.push(std::move(chunk))) to_checker.stop();
      } else {
        pool.give(std::move(chunk));
      }
    }
    to_replay.finish();
  });

  // The snapshot's bytes, digest and signature: read on a second connection, on a
  // thread of their own, while the log is scanned (or, without one, by the reader
  // when the scan reaches the snapshot's event).
  SnapshotSlot snapshot_slot;
  std::optional<store::StoredSnapshot> snap;
  std::optional<store::StoreError> snap_error;
  audit::Hash snap_digest{};
  bool snap_signature_ok = false;
  const auto read_snapshot = [&](store::EventStore& from) {
    auto loaded = from.snapshot_at(snapshot->seq);
    if (!loaded) snap_error = loaded.error();
    if (loaded && *loaded) snap = std::move(**loaded);
    snapshot_slot.set(snap ? &*snap : nullptr);
  };
  const auto check_snapshot_signature = [&] {
    if (!snap) return;
    snap_digest = store::snapshot_digest(*snap);
    audit::Signature sig{};
    if (snap->signature.size() == sig.size()) {
      std::memcpy(sig.data(), snap->signature.data(), sig.size());
      snap_signature_ok =
          audit::verify_message(store::snapshot_message(*snap, snap_digest), sig, key);
    }
  };
  std::unique_ptr<store::EventStore> second;
  if (replay) {
    if (auto again = store.inspect_again()) second = std::move(*again);
  }
  std::thread snapshot_reader;
  if (second) {
    snapshot_reader = std::thread([&] {
      read_snapshot(*second);
      check_snapshot_signature();
    });
  }

  // The reader: SQLite and the envelope hashes.
  std::expected<void, store::StoreError> scanned;
  std::thread reader([&] {
    bool snap_read = second != nullptr;
    ChunkPtr chunk = pool.take();
    scanned = store.scan_reusing(1, [&](audit::Envelope& e) {
      Row& row = chunk->rows[chunk->size++];
      std::swap(row.envelope, e);
      const bool read_now = !snap_read && replay && row.envelope.seq == snapshot->seq;
      if (chunk->size == kChunk || read_now) {
        hash_envelopes(*chunk);
        if (!to_checker.push(std::move(chunk))) return false;
        chunk = pool.take();
      }
      if (read_now) {
        snap_read = true;
        read_snapshot(store);
      }
      return true;
    });
    if (chunk->size > 0) {
      hash_envelopes(*chunk);
      to_checker.push(std::move(chunk));
    }
    to_checker.finish();
    if (replay && !snap_read) read_snapshot(store);
    if (replay && !second) check_snapshot_signature();
  });

  // The replay, on this thread (whose allocator arena grows in large steps, where
  // a new thread's grows a page at a time): the state replayed from the log up to
  // the snapshot, then whether its encoding is the snapshot's bytes (unset if the
  // snapshot could not be read).
  std::optional<std::optional<bool>> replay_matches;
  if (replay) {
    engine::State replayed;
    std::uint64_t applied = 0;
    ChunkPtr chunk;
    while (to_replay.pop(chunk)) {
      for (std::size_t i = 0; i < chunk->replay; ++i) {
        engine::apply_event(replayed, chunk->events[i]);
        if (++applied != snapshot->seq) continue;
        const store::StoredSnapshot* loaded = snapshot_slot.wait();
        replay_matches =
            loaded ? std::optional<bool>(store::snapshot_state_matches(replayed, loaded->state))
                   : std::nullopt;
        if (replay_matches != std::optional<bool>(true)) {
          // Verification ends at the snapshot: stop the other stages.
          to_replay.stop();
          to_checker.stop();
        }
      }
      pool.give(std::move(chunk));
    }
  }
  reader.join();
  if (snapshot_reader.joinable()) snapshot_reader.join();
  checker.join();

  if (!scanned) {
    report.problem = scanned.error().message;
    return report;
  }
  if (snap_error) {
    report.problem = snap_error->message;
    return report;
  }

  if (replay_matches) {
    // The replay reached the snapshot, so the checker passed its event: the checks
    // run then, in their order.
    const auto bad = [&](std::string what) {
      report = std::move(at_snapshot->report);
      signed_size = at_snapshot->signed_size;
      range = std::move(at_snapshot->range);
      intact = fail(snapshot->seq, fmt::format("the snapshot at event {} {}", snapshot->seq, what));
    };
    if (!snap) {
      bad("could not be read");
    } else if (snap->head_hash != at_snapshot->head) {
      bad("does not name the hash of event it was taken at");
    } else if (snap->peaks != at_snapshot->range.peaks()) {
      bad("does not hold the log's Merkle tree");
    } else if (snap->digest.size() != 32 ||
               std::memcmp(snap->digest.data(), snap_digest.data(), 32) != 0) {
      bad("does not match its digest");
    } else if (!**replay_matches) {
      bad("does not match the state replayed from the log");
    } else if (!snap->signature.empty() && snap->signature.size() != audit::Signature{}.size()) {
      bad("has a malformed signature");
    } else if (!snap->signature.empty() && !snap_signature_ok) {
      bad("is not signed by the given public key");
    } else {
      report.snapshot_signed = !snap->signature.empty();
      report.snapshot_seq = snapshot->seq;
    }
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
