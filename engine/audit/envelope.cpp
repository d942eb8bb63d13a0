#include "engine/audit/envelope.hpp"

namespace yishi::audit {

Hash entry_hash(const Envelope& e) {
  Sha256 h;
  // Domain separation: an envelope hash can never be mistaken for another digest.
  h.update(std::string_view("yishi.envelope.v1"));
  h.update_u64(e.seq);
  h.update_u64(static_cast<std::uint64_t>(e.time));
  h.update_u32(static_cast<std::uint32_t>(e.actor.size())).update(e.actor);
  h.update_u32(static_cast<std::uint32_t>(e.type.size())).update(e.type);
  h.update_u32(e.version);
  h.update_u32(static_cast<std::uint32_t>(e.payload.size())).update(e.payload);
  h.update(e.prev_hash);
  return h.finish();
}

}  // namespace yishi::audit
