// The values a store takes and gives: what is appended beside the chain, what a
// snapshot holds, how a store is configured, and the errors it reports. Shared
// by every store (store::Log and its implementations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/audit/checkpoint.hpp"
#include "engine/audit/envelope.hpp"
#include "engine/audit/hash.hpp"
#include "engine/core/events.hpp"
#include "engine/core/types.hpp"

namespace yishi::store {

enum class Synchronous { off, normal, full, extra };

struct StoreOptions {
  Synchronous synchronous = Synchronous::full;  // SQLite only
  // Write a snapshot whenever this many events were appended since the last one.
  std::uint64_t snapshot_every = 50'000;
  // Snapshots written are signed with this key (the community's).
  std::optional<audit::SecretKey> signing_key = std::nullopt;
  // Opening trusts a snapshot only if this key signed it, and checks stored
  // checkpoints' signatures with it; without it, open replays the whole log.
  std::optional<audit::PublicKey> trusted_key = std::nullopt;
};

// The newest stored snapshot, as stored (for verification).
struct StoredSnapshot {
  std::uint64_t seq = 0;
  std::int64_t format = 0;
  std::string state;  // the encoded State
  audit::Hash head_hash{};
  std::vector<audit::Hash> peaks;
  std::string digest;     // 32 bytes, or empty (written before digests)
  std::string signature;  // 64 bytes, or empty (unsigned)

  friend bool operator==(const StoredSnapshot&, const StoredSnapshot&) = default;
};

struct SnapshotHeader {
  std::uint64_t seq = 0;
  std::int64_t format = 0;
};

struct StoreError {
  std::string code;  // "io", "exists", "not_found", "schema", "not_a_store",
                     // "chain_broken", "concurrent_writer", "read_only", "corrupt",
                     // "no_stream"
  std::string message;
  std::uint64_t seq = 0;  // the first bad sequence number, when the error concerns one
};

struct PendingEvent {
  engine::Timestamp time = 0;
  engine::MemberId actor;
  engine::Event event;
  // engine::stream_of(the state after the event, event), kept beside the
  // envelope (never hashed) so that a stream's events are found without
  // decoding. Required for a chained event: append() refuses one without it.
  // The sealed box's events have none.
  std::string stream = {};
};

// A chained event as stored, with its stream, not decoded (Log::scan_stream).
struct StreamEnvelope {
  audit::Envelope envelope;
  std::string stream;
};

struct MemberProfile {
  engine::MemberId member;
  std::string display_name;
  std::string contact;

  friend bool operator==(const MemberProfile&, const MemberProfile&) = default;
};

// The first reply to a live session's command (see schemas/sql/0006).
struct RememberedReply {
  engine::MemberId member;
  std::string id;
  std::string reply;
  engine::Timestamp at = 0;
};

}  // namespace yishi::store
