#include "engine/store/chain.hpp"

#include "engine/codec/event_codec.hpp"

namespace yishi::store {

audit::Envelope chain_envelope(const PendingEvent& pending, std::uint64_t seq,
                               const audit::Hash& prev_hash) {
  audit::Envelope e;
  e.seq = seq;
  e.time = pending.time;
  e.actor = pending.actor;
  e.type = engine::event_tag(pending.event);
  e.version = engine::event_version(pending.event);
  e.payload = engine::codec::encode_payload(pending.event);
  e.prev_hash = prev_hash;
  e.hash = audit::entry_hash(e);
  return e;
}

std::optional<StoreError> missing_stream(std::span<const PendingEvent> events) {
  for (const PendingEvent& pending : events) {
    if (engine::is_sealed_box_event(pending.event) || !pending.stream.empty()) continue;
    return StoreError{
        "no_stream",
        std::string(engine::event_tag(pending.event)) +
            " has no stream (engine::stream_of): refused, so that no resume misses it",
        0};
  }
  return std::nullopt;
}

}  // namespace yishi::store
