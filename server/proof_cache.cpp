#include "server/proof_cache.hpp"

#include <algorithm>
#include <chrono>

#include "engine/codec/event_codec.hpp"
#include "engine/wire/event_json.hpp"
#include "server/checkpoint_json.hpp"

namespace yishi::server {
namespace {

using json = nlohmann::ordered_json;

json hashes_json(const std::vector<audit::Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(audit::to_hex(h));
  return out;
}

ApiError out_of_range(std::string field, std::string reason) {
  return ApiError{400, "out_of_range", std::move(field), std::move(reason)};
}

}  // namespace

ProofCache::ProofCache(std::string db_path, const std::atomic<bool>& stop,
                       std::chrono::milliseconds recheck_checkpoints)
    : path_(std::move(db_path)), stop_(stop), recheck_checkpoints_(recheck_checkpoints) {}

ApiError ProofCache::storage(const store::StoreError& e) const {
  return ApiError{500, "storage", "", "cannot read the log: " + e.message};
}

std::expected<void, ApiError> ProofCache::open_reader() {
  if (reader_) return {};
  auto opened = store::EventStore::inspect(path_);
  if (!opened) return std::unexpected(storage(opened.error()));
  reader_ = std::move(*opened);
  return {};
}

std::expected<std::uint64_t, ApiError> ProofCache::catch_up() {
  if (auto opened = open_reader(); !opened) return std::unexpected(opened.error());
  std::optional<std::uint64_t> gap;
  auto scanned = reader_->scan_reusing(tree_.size() + 1, [&](audit::Envelope& e) {
    if (e.seq != tree_.size() + 1) {
      gap = e.seq;
      return false;
    }
    tree_.append_leaf_hash(audit::leaf_hash(e.hash));
    return !stop_.load(std::memory_order_relaxed);
  });
  if (!scanned) return std::unexpected(storage(scanned.error()));
  if (stop_.load(std::memory_order_relaxed)) {
    return std::unexpected(ApiError{503, "busy", "", "the server is stopping"});
  }
  if (gap) {
    return std::unexpected(ApiError{500, "storage", "",
                                    "the log skips from event " + std::to_string(tree_.size()) +
                                        " to " + std::to_string(*gap) + " (run `yishi verify`)"});
  }
  // Events first, then checkpoints: a checkpoint is stored after the events it
  // signs, so one committed before this request is seen with its events. The
  // table grows by one a minute at most while events come, and is read whole:
  // re-read only while the head is unsigned, and not at every request.
  const auto now = std::chrono::steady_clock::now();
  const bool head_unsigned = checkpoints_.empty() || checkpoints_.back().tree_size < tree_.size();
  if (head_unsigned && now - checkpoints_read_at_ >= recheck_checkpoints_) {
    checkpoints_read_at_ = now;
    auto stored = reader_->checkpoints();
    if (!stored) return std::unexpected(storage(stored.error()));
    checkpoints_ = std::move(*stored);
    // Committed between the two reads (seen next time), or a log cut short under
    // a checkpoint: either way it signs no tree served now.
    std::erase_if(checkpoints_,
                  [&](const audit::Checkpoint& c) { return c.tree_size > tree_.size(); });
  }
  return tree_.size();
}

const audit::Checkpoint* ProofCache::signed_at(std::uint64_t tree_size) const {
  const auto it =
      std::ranges::lower_bound(checkpoints_, tree_size, {}, &audit::Checkpoint::tree_size);
  if (it == checkpoints_.end() || it->tree_size != tree_size) return nullptr;
  return &*it;  // tree_size is the checkpoints table's key: one per size
}

std::expected<json, ApiError> ProofCache::inclusion(std::uint64_t seq,
                                                    std::optional<std::uint64_t> tree_size) {
  auto head = catch_up();
  if (!head) return std::unexpected(head.error());
  if (seq == 0 || seq > *head) {
    return std::unexpected(out_of_range("seq", "event " + std::to_string(seq) +
                                                   " is not in the log (it has " +
                                                   std::to_string(*head) + " events)"));
  }
  std::uint64_t size = *head;
  if (tree_size) {
    if (*tree_size > *head) {
      return std::unexpected(out_of_range("tree_size", "tree_size " + std::to_string(*tree_size) +
                                                           " is beyond the head (" +
                                                           std::to_string(*head) + " events)"));
    }
    if (seq > *tree_size) {
      return std::unexpected(out_of_range("seq", "event " + std::to_string(seq) +
                                                     " is not in the tree of " +
                                                     std::to_string(*tree_size) + " events"));
    }
    size = *tree_size;
  } else if (!checkpoints_.empty() && seq <= checkpoints_.back().tree_size) {
    // A proof against a signed root is one a reviewer can check without trusting us.
    size = checkpoints_.back().tree_size;
  }

  std::optional<audit::Envelope> envelope;
  auto read = reader_->scan(seq, [&](audit::Envelope&& e) {
    envelope = std::move(e);
    return false;
  });
  if (!read) return std::unexpected(storage(read.error()));
  if (!envelope || envelope->seq != seq) {
    return std::unexpected(ApiError{
        500, "storage", "", "event " + std::to_string(seq) + " cannot be read from the log"});
  }
  auto event = engine::codec::decode_event(envelope->type, envelope->version, envelope->payload);
  json out = {{"seq", seq},
              {"leaf_index", seq - 1},
              {"tree_size", size},
              {"leaf_hash", audit::to_hex(audit::leaf_hash(envelope->hash))},
              {"envelope", event ? wire::to_json(*envelope, *event) : json{{"seq", seq}}},
              {"audit_path", hashes_json(tree_.inclusion_proof(seq - 1, size))},
              {"root", audit::to_hex(tree_.root(size))},
              {"algorithm", "RFC 9162 §2.1.3, SHA-256; leaf = envelope hash"}};
  if (const audit::Checkpoint* c = signed_at(size)) out["checkpoint"] = checkpoint_json(*c);
  return out;
}

std::expected<json, ApiError> ProofCache::consistency(std::uint64_t old_size,
                                                      std::optional<std::uint64_t> new_size) {
  auto head = catch_up();
  if (!head) return std::unexpected(head.error());
  const std::uint64_t size = new_size.value_or(*head);
  if (size > *head) {
    return std::unexpected(out_of_range("new", "new (" + std::to_string(size) +
                                                   ") is beyond the head (" +
                                                   std::to_string(*head) + " events)"));
  }
  if (old_size > size) {
    return std::unexpected(out_of_range("old", "old (" + std::to_string(old_size) + ") is beyond " +
                                                   (new_size ? "new (" : "the head (") +
                                                   std::to_string(size) + ")"));
  }
  json out = {{"old_size", old_size},
              {"new_size", size},
              {"old_root", audit::to_hex(tree_.root(old_size))},
              {"new_root", audit::to_hex(tree_.root(size))},
              {"proof", hashes_json(tree_.consistency_proof(old_size, size))},
              {"algorithm", "RFC 9162 §2.1.4, SHA-256"}};
  if (const audit::Checkpoint* c = signed_at(old_size)) out["old_checkpoint"] = checkpoint_json(*c);
  if (const audit::Checkpoint* c = signed_at(size)) out["new_checkpoint"] = checkpoint_json(*c);
  return out;
}

}  // namespace yishi::server
