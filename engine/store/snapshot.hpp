// Snapshots: the state after a given event, with what proves which head it
// belongs to (head hash, Merkle peaks), a digest over all of it and, with the
// community key, a signature. The same bytes in every store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/audit/checkpoint.hpp"
#include "engine/audit/merkle.hpp"
#include "engine/core/state.hpp"
#include "engine/store/records.hpp"

namespace yishi::store {

// What a snapshot's digest covers and its signature signs.
audit::Hash snapshot_digest(const StoredSnapshot& s);
std::string snapshot_message(const StoredSnapshot& s);
// The same, given snapshot_digest(s) already computed.
std::string snapshot_message(const StoredSnapshot& s, const audit::Hash& digest);
// The bytes a snapshot of `state` holds: the state as the log alone rebuilds it,
// so the sealed box (never chained) is left out and refilled from its table.
std::string snapshot_state_bytes(const engine::State& state);
// Whether snapshot_state_bytes(state) == bytes, without building the encoding.
bool snapshot_state_matches(const engine::State& state, std::string_view bytes);

// The snapshot of `state` taken after event `seq` (hash `head_hash`, tree `merkle`),
// digested, and signed when a key is given.
StoredSnapshot take_snapshot(const engine::State& state, std::uint64_t seq,
                             const audit::Hash& head_hash, const audit::CompactRange& merkle,
                             const std::optional<audit::SecretKey>& signing_key);

}  // namespace yishi::store
