// SHA-256 digests and their hex form. The compression function uses the CPU's
// SHA extensions where present (see sha256_block.hpp); tests check it against
// libsodium's SHA-256 and the FIPS 180-4 vectors.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace yishi::audit {

using Hash = std::array<std::uint8_t, 32>;

Hash sha256(std::span<const std::uint8_t> bytes);
Hash sha256(std::string_view bytes);
// SHA-256 of a message the caller has already padded (FIPS 180-4 §5.1.1) to
// `blocks` whole 64-byte blocks: for short fixed-size messages, the hashing
// without the bookkeeping of Sha256.
Hash sha256_padded(const std::uint8_t* data, std::size_t blocks);
// Two such messages at once (with SHA extensions, about the time of one).
std::pair<Hash, Hash> sha256_padded_x2(const std::uint8_t* a, std::size_t blocks_a,
                                       const std::uint8_t* b, std::size_t blocks_b);

std::string to_hex(std::span<const std::uint8_t> bytes);
// The bytes a lowercase or uppercase hex string spells, or nullopt if it is not hex.
std::optional<std::string> from_hex(std::string_view hex);
std::optional<Hash> hash_from_hex(std::string_view hex);

// Incremental SHA-256, for hashing a record field by field without a copy.
class Sha256 {
 public:
  Sha256();
  Sha256& update(std::span<const std::uint8_t> bytes);
  Sha256& update(std::string_view bytes);
  Sha256& update_u64(std::uint64_t value);  // big-endian
  Sha256& update_u32(std::uint32_t value);  // big-endian
  Hash finish();

 private:
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// Initialises libsodium once (Ed25519 needs it); callers need not.
void ensure_sodium();

}  // namespace yishi::audit
