// Offline verification of a stored log: every envelope's hash and chain link,
// that every payload decodes, and every signed checkpoint against the Merkle
// root recomputed from the log. Needs only the file and the public key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/audit/checkpoint.hpp"
#include "engine/store/event_store.hpp"

namespace yishi::service {

// A checkpoint saved outside the database (the output of `yishi checkpoint`),
// and where it came from, for the report.
struct SavedCheckpoint {
  audit::Checkpoint checkpoint;
  std::string source;
};

struct VerifyOptions {
  std::vector<SavedCheckpoint> saved = {};
  // Replay the log up to the newest snapshot and compare: costs a replay.
  bool check_snapshot = true;
};

struct VerifyReport {
  bool ok = false;
  std::uint64_t events = 0;  // events checked before the first problem
  audit::Hash root{};        // Merkle root over the checked events
  std::uint64_t checkpoints_checked = 0;
  std::uint64_t saved_checkpoints_checked = 0;
  // Events after the largest tree size a valid signature vouches for: nothing
  // but this copy of the file speaks for them.
  std::uint64_t events_not_signed = 0;
  std::uint64_t snapshot_seq = 0;  // the snapshot compared with the replay (0: none)
  bool snapshot_signed = false;
  std::uint64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;              // empty when ok
};

// `key` is pinned: a checkpoint (stored or saved) or snapshot signed by any
// other key is a failure, never counted as signed.
VerifyReport verify_log(store::EventStore& store, const audit::PublicKey& key,
                        const VerifyOptions& options = {});

}  // namespace yishi::service
