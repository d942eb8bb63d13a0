#include "engine/service/verify.hpp"

#include <fmt/format.h>

#include "engine/audit/merkle.hpp"
#include "engine/codec/event_codec.hpp"

namespace yishi::service {

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
        return fail(c.tree_size, fmt::format("the checkpoint at tree size {} has a bad signature",
                                             c.tree_size));
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
  auto scanned = store.scan(1, [&](audit::Envelope&& e) {
    if (!intact) return false;
    if (e.seq != expected_seq) {
      return intact = fail(expected_seq, fmt::format("event {} is missing or out of order (found "
                                                     "{} in its place)",
                                                     expected_seq, e.seq));
    }
    if (e.prev_hash != prev) {
      return intact = fail(e.seq, fmt::format("event {} does not link to event {}", e.seq,
                                              e.seq - 1));
    }
    if (audit::entry_hash(e) != e.hash) {
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
  });
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
