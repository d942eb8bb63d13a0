#include "engine/audit/hash.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include <stdexcept>
#include "engine/audit/sha256_block.hpp"

namespace yishi::audit {

void ensure_sodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return true;
  }();
  (void)ready;
}

namespace {
constexpr std::array<std::uint32_t, 8> kInitialState = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
}  // namespace

Sha256::Sha256() : state_(kInitialState) {}

Sha256& Sha256::update(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return *this;  // an empty span may have a null data()
  const auto compress = detail::best_sha256_compress();
  total_bytes_ += bytes.size();
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  if (buffered_ > 0) {
    const std::size_t take = std::min(n, buffer_.size() - buffered_);
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < buffer_.size()) return *this;
    compress(state_.data(), buffer_.data(), 1);
    buffered_ = 0;
  }
  if (n >= 64) {
    compress(state_.data(), p, n / 64);
    p += n / 64 * 64;
    n %= 64;
  }
  std::memcpy(buffer_.data(), p, n);
  buffered_ = n;
  return *this;
}

Sha256& Sha256::update(std::string_view bytes) {
  return update(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

Sha256& Sha256::update_u64(std::uint64_t value) {
  std::array<std::uint8_t, 8> be;
  for (int i = 7; i >= 0; --i, value >>= 8) be[static_cast<std::size_t>(i)] = value & 0xFF;
  return update(be);
}

Sha256& Sha256::update_u32(std::uint32_t value) {
  std::array<std::uint8_t, 4> be;
  for (int i = 3; i >= 0; --i, value >>= 8) be[static_cast<std::size_t>(i)] = value & 0xFF;
  return update(be);
}

namespace {
Hash big_endian(const std::array<std::uint32_t, 8>& state) {
  Hash out;
  for (std::size_t i = 0; i < 8; ++i) {
    out[4 * i] = static_cast<std::uint8_t>(state[i] >> 24);
    out[4 * i + 1] = static_cast<std::uint8_t>(state[i] >> 16);
    out[4 * i + 2] = static_cast<std::uint8_t>(state[i] >> 8);
    out[4 * i + 3] = static_cast<std::uint8_t>(state[i]);
  }
  return out;
}
}  // namespace

Hash sha256_padded(const std::uint8_t* data, std::size_t blocks) {
  std::array<std::uint32_t, 8> state = kInitialState;
  detail::best_sha256_compress()(state.data(), data, blocks);
  return big_endian(state);
}

std::pair<Hash, Hash> sha256_padded_x2(const std::uint8_t* a, std::size_t blocks_a,
                                       const std::uint8_t* b, std::size_t blocks_b) {
  std::array<std::uint32_t, 8> sa = kInitialState, sb = kInitialState;
  const std::size_t both = std::min(blocks_a, blocks_b);
  detail::best_sha256_compress2()(sa.data(), a, sb.data(), b, both);
  const auto compress = detail::best_sha256_compress();
  if (blocks_a > both) compress(sa.data(), a + 64 * both, blocks_a - both);
  if (blocks_b > both) compress(sb.data(), b + 64 * both, blocks_b - both);
  return {big_endian(sa), big_endian(sb)};
}

Hash Sha256::finish() {
  // FIPS 180-4 §5.1.1: 0x80, zeros, then the length in bits as 64-bit big-endian.
  const std::uint64_t bits = total_bytes_ * 8;
  const std::uint8_t one = 0x80;
  update(std::span(&one, 1));
  const std::uint8_t zeros[64] = {};
  const std::size_t pad = (buffered_ <= 56) ? 56 - buffered_ : 120 - buffered_;
  update(std::span(zeros, pad));
  update_u64(bits);
  return big_endian(state_);
}

Hash sha256(std::span<const std::uint8_t> bytes) {
  return Sha256().update(bytes).finish();
}

Hash sha256(std::string_view bytes) {
  return sha256(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]);
    const int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::optional<Hash> hash_from_hex(std::string_view hex) {
  auto bytes = from_hex(hex);
  if (!bytes || bytes->size() != 32) return std::nullopt;
  Hash h;
  std::memcpy(h.data(), bytes->data(), 32);
  return h;
}

}  // namespace yishi::audit
