#include "engine/audit/hash.hpp"

#include <sodium.h>

#include <cstring>
#include <stdexcept>

namespace yishi::audit {

static_assert(sizeof(crypto_hash_sha256_state) <= 128);

void ensure_sodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    return true;
  }();
  (void)ready;
}

namespace {
crypto_hash_sha256_state* as_state(std::array<std::uint8_t, 128>& raw) {
  return reinterpret_cast<crypto_hash_sha256_state*>(raw.data());
}
}  // namespace

Sha256::Sha256() : state_{} {
  ensure_sodium();
  crypto_hash_sha256_init(as_state(state_));
}

Sha256& Sha256::update(std::span<const std::uint8_t> bytes) {
  crypto_hash_sha256_update(as_state(state_), bytes.data(), bytes.size());
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

Hash Sha256::finish() {
  Hash out;
  crypto_hash_sha256_final(as_state(state_), out.data());
  return out;
}

Hash sha256(std::span<const std::uint8_t> bytes) {
  ensure_sodium();
  Hash out;
  crypto_hash_sha256(out.data(), bytes.data(), bytes.size());
  return out;
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
