// One community's Merkle tree, kept between requests so a proof costs O(log n)
// instead of a scan of the whole log. It reads the log through its own
// inspection connection (SQLite WAL: a reader never waits for the writer), so
// building it never touches the community thread; each request first appends
// the leaves of the events committed since the last one.
//
// Not thread-safe: ProofService uses each cache from its one worker thread.
// Memory: every complete subtree is kept, about 64 bytes per event
// (64 MB for a million events).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/audit/checkpoint.hpp"
#include "engine/audit/merkle.hpp"
#include "engine/store/event_store.hpp"
#include "server/api_error.hpp"

namespace yishi::server {

class ProofCache {
 public:
  // `stop` aborts a long catch-up (the server is shutting down). While the head
  // is unsigned, the checkpoints are read again at most every `recheck_checkpoints`.
  ProofCache(std::string db_path, const std::atomic<bool>& stop,
             std::chrono::milliseconds recheck_checkpoints = std::chrono::seconds(1));

  // Reads the events and checkpoints committed since the last call; the head.
  std::expected<std::uint64_t, ApiError> catch_up();

  // `yishi proof`'s fields, and `checkpoint` when a stored one signs the tree size.
  std::expected<nlohmann::ordered_json, ApiError> inclusion(std::uint64_t seq,
                                                            std::optional<std::uint64_t> tree_size);
  // `yishi consistency`'s fields, and the checkpoints that sign either size.
  std::expected<nlohmann::ordered_json, ApiError> consistency(
      std::uint64_t old_size, std::optional<std::uint64_t> new_size);

 private:
  std::expected<void, ApiError> open_reader();
  const audit::Checkpoint* signed_at(std::uint64_t tree_size) const;
  ApiError storage(const store::StoreError& e) const;

  std::string path_;
  const std::atomic<bool>& stop_;
  std::unique_ptr<store::EventStore> reader_;
  audit::MerkleTree tree_;
  // Stored checkpoints with tree_size <= tree_.size(), smallest first.
  std::vector<audit::Checkpoint> checkpoints_;
  std::chrono::milliseconds recheck_checkpoints_;
  std::chrono::steady_clock::time_point checkpoints_read_at_{};
};

}  // namespace yishi::server
