#include "engine/service/verify.hpp"

#include <fmt/format.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "engine/audit/merkle.hpp"
#include "engine/codec/event_codec.hpp"

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

VerifyReport verify_log(store::EventStore& store, const audit::PublicKey& key) {
  VerifyReport report;
  auto checkpoints = store.checkpoints();
  if (!checkpoints) {
    report.problem = checkpoints.error().message;
    return report;
  }
  const auto fail = [&](std::uint64_t seq, std::string problem) {
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return false;
  };

  std::size_t next_checkpoint = 0;
  const auto check_checkpoints_at = [&](const audit::CompactRange& range) {
    while (next_checkpoint < checkpoints->size() &&
           (*checkpoints)[next_checkpoint].tree_size <= range.size()) {
      const audit::Checkpoint& c = (*checkpoints)[next_checkpoint++];
      if (!audit::verify_checkpoint(c, key)) {
        return fail(c.tree_size,
                    fmt::format("the checkpoint at tree size {} has a bad signature", c.tree_size));
      }
      if (c.tree_size == range.size() && c.root != range.root()) {
        return fail(c.tree_size, fmt::format("the signed root at tree size {} does not match "
                                             "the log",
                                             c.tree_size));
      }
      ++report.checkpoints_checked;
    }
    return true;
  };

  audit::CompactRange range;
  audit::Hash prev{};
  std::uint64_t expected_seq = 1;
  bool intact = check_checkpoints_at(range);
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
    if (auto decoded = engine::codec::decode_event(e.type, e.version, e.payload); !decoded) {
      return intact = fail(e.seq, fmt::format("event {}: {}", e.seq, decoded.error()));
    }
    prev = e.hash;
    range.append_leaf_hash(audit::leaf_hash(e.hash));
    ++expected_seq;
    report.events = range.size();
    return intact = check_checkpoints_at(range);
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
  if (intact && next_checkpoint < checkpoints->size()) {
    const auto& c = (*checkpoints)[next_checkpoint];
    intact = fail(range.size() + 1,
                  fmt::format("the log ends at event {} but a signed checkpoint covers {} events",
                              range.size(), c.tree_size));
  }
  report.root = range.root();
  report.ok = intact;
  return report;
}

}  // namespace yishi::service
