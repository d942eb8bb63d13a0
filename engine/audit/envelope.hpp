// The envelope every committed event is wrapped in. Its hash covers every field
// and the previous envelope's hash, so changing, dropping or reordering any
// record breaks the chain at that record.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "engine/audit/hash.hpp"
#include "engine/core/types.hpp"

namespace yishi::audit {

struct Envelope {
  std::uint64_t seq = 0;  // 1-based position in the log
  engine::Timestamp time = 0;
  engine::MemberId actor;
  std::string type;  // the event's stable tag
  std::uint32_t version = 0;
  std::string payload;  // the codec's bytes
  Hash prev_hash{};     // all zero for seq 1
  Hash hash{};

  friend bool operator==(const Envelope&, const Envelope&) = default;
};

// SHA-256 over a length-prefixed encoding of every field but `hash`.
Hash entry_hash(const Envelope& e);
// entry_hash of two envelopes at once: with SHA extensions, about the time of one.
std::pair<Hash, Hash> entry_hashes(const Envelope& a, const Envelope& b);

}  // namespace yishi::audit
