#include "engine/audit/envelope.hpp"

#include <cstring>

namespace yishi::audit {

namespace {

// The same bytes as below, laid out and padded by hand into one buffer: most
// envelopes are a few hundred bytes, and one compression call over them costs
// less than a dozen small updates.
constexpr std::string_view kDomain = "yishi.envelope.v1";

std::uint8_t* put_be(std::uint8_t* p, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i, value >>= 8) p[i] = static_cast<std::uint8_t>(value);
  return p + bytes;
}

std::uint8_t* put(std::uint8_t* p, std::string_view bytes) {
  std::memcpy(p, bytes.data(), bytes.size());
  return p + bytes.size();
}

constexpr std::size_t kMaxBlocks = 16;

// Lays `e` out and pads it into `buffer`; its number of blocks, or 0 if it
// needs more than kMaxBlocks.
std::size_t pad_envelope(const Envelope& e, std::uint8_t* buffer) {
  const std::size_t length = kDomain.size() + 8 + 8 + 4 + e.actor.size() + 4 + e.type.size() + 4 +
                             4 + e.payload.size() + 32;
  const std::size_t blocks = (length + 1 + 8 + 63) / 64;
  if (blocks > kMaxBlocks) return 0;
  std::uint8_t* p = put(buffer, kDomain);
  p = put_be(p, e.seq, 8);
  p = put_be(p, static_cast<std::uint64_t>(e.time), 8);
  p = put(put_be(p, e.actor.size(), 4), e.actor);
  p = put(put_be(p, e.type.size(), 4), e.type);
  p = put_be(p, e.version, 4);
  p = put(put_be(p, e.payload.size(), 4), e.payload);
  p = put(p, std::string_view(reinterpret_cast<const char*>(e.prev_hash.data()), 32));
  *p++ = 0x80;
  std::uint8_t* end = buffer + blocks * 64;
  std::memset(p, 0, static_cast<std::size_t>(end - 8 - p));
  put_be(end - 8, std::uint64_t{length} * 8, 8);
  return blocks;
}

}  // namespace

std::pair<Hash, Hash> entry_hashes(const Envelope& a, const Envelope& b) {
  alignas(64) std::uint8_t buffer_a[kMaxBlocks * 64];
  alignas(64) std::uint8_t buffer_b[kMaxBlocks * 64];
  const std::size_t blocks_a = pad_envelope(a, buffer_a);
  const std::size_t blocks_b = pad_envelope(b, buffer_b);
  if (blocks_a == 0 || blocks_b == 0) return {entry_hash(a), entry_hash(b)};
  return sha256_padded_x2(buffer_a, blocks_a, buffer_b, blocks_b);
}

Hash entry_hash(const Envelope& e) {
  alignas(64) std::uint8_t buffer[kMaxBlocks * 64];
  if (const std::size_t blocks = pad_envelope(e, buffer); blocks > 0) {
    return sha256_padded(buffer, blocks);
  }
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
