// Offline verification of a stored log: every envelope's hash and chain link,
// that every payload decodes, and every signed checkpoint against the Merkle
// root recomputed from the log. Needs only the file and the public key.
#pragma once

#include <cstdint>
#include <string>

#include "engine/audit/checkpoint.hpp"
#include "engine/store/event_store.hpp"

namespace yishi::service {

struct VerifyReport {
  bool ok = false;
  std::uint64_t events = 0;  // events checked before the first problem
  audit::Hash root{};        // Merkle root over the checked events
  std::uint64_t checkpoints_checked = 0;
  std::uint64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;              // empty when ok
};

VerifyReport verify_log(store::EventStore& store, const audit::PublicKey& key);

}  // namespace yishi::service
