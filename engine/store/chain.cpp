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

}  // namespace yishi::store
