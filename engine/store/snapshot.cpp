#include "engine/store/snapshot.hpp"

#include <algorithm>

#include "engine/codec/state_codec.hpp"

namespace yishi::store {

audit::Hash snapshot_digest(const StoredSnapshot& s) {
  audit::Sha256 h;
  h.update("yishi.snapshot.v1").update_u64(s.seq).update_u64(static_cast<std::uint64_t>(s.format));
  h.update(s.head_hash).update_u64(s.peaks.size());
  for (const audit::Hash& p : s.peaks) h.update(p);
  h.update_u64(s.state.size()).update(s.state);
  return h.finish();
}

std::string snapshot_message(const StoredSnapshot& s) {
  return snapshot_message(s, snapshot_digest(s));
}

std::string snapshot_message(const StoredSnapshot& s, const audit::Hash& digest) {
  return "yishi-snapshot/v1\n" + std::to_string(s.seq) + "\n" + audit::to_hex(s.head_hash) + "\n" +
         audit::to_hex(digest) + "\n";
}

std::string snapshot_state_bytes(const engine::State& state) {
  const bool boxed = std::ranges::any_of(state.ballots, [](const auto& entry) {
    return !entry.second.box.empty() || !entry.second.owners.empty();
  });
  if (!boxed) return engine::codec::encode_state(state);
  engine::State copy = state;
  for (auto& [id, ballot] : copy.ballots) {
    ballot.box.clear();
    ballot.owners.clear();
  }
  return engine::codec::encode_state(copy);
}

bool snapshot_state_matches(const engine::State& state, std::string_view bytes) {
  const bool boxed = std::ranges::any_of(state.ballots, [](const auto& entry) {
    return !entry.second.box.empty() || !entry.second.owners.empty();
  });
  if (!boxed) return engine::codec::state_encodes_to(state, bytes);
  return snapshot_state_bytes(state) == bytes;
}

StoredSnapshot take_snapshot(const engine::State& state, std::uint64_t seq,
                             const audit::Hash& head_hash, const audit::CompactRange& merkle,
                             const std::optional<audit::SecretKey>& signing_key) {
  StoredSnapshot snap;
  snap.seq = seq;
  snap.format = engine::codec::kSnapshotFormat;
  snap.state = snapshot_state_bytes(state);
  snap.head_hash = head_hash;
  snap.peaks = merkle.peaks();
  const audit::Hash digest = snapshot_digest(snap);
  snap.digest.assign(reinterpret_cast<const char*>(digest.data()), digest.size());
  if (signing_key) {
    const auto sig = audit::sign_message(snapshot_message(snap, digest), *signing_key);
    snap.signature.assign(reinterpret_cast<const char*>(sig.data()), sig.size());
  }
  return snap;
}

}  // namespace yishi::store
