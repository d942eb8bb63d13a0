// The SHA-256 compression function (FIPS 180-4 §6.2.2), with a version that
// uses the x86 SHA extensions when the CPU has them. Verification hashes every
// event three times, so this is the audit log's hot loop.
#pragma once

#include <cstddef>
#include <cstdint>

namespace yishi::audit::detail {

// Processes `blocks` consecutive 64-byte blocks into `state`.
using Sha256Compress = void (*)(std::uint32_t state[8], const std::uint8_t* data,
                                std::size_t blocks);

void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks);
// Only valid where cpu_has_sha_extensions() is true.
void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks);
bool cpu_has_sha_extensions();

// Two independent messages of `blocks` blocks each, into their own states.
using Sha256Compress2 = void (*)(std::uint32_t state_a[8], const std::uint8_t* data_a,
                                 std::uint32_t state_b[8], const std::uint8_t* data_b,
                                 std::size_t blocks);
// Only valid where cpu_has_sha_extensions() is true.
void sha256_compress_shani_x2(std::uint32_t state_a[8], const std::uint8_t* data_a,
                              std::uint32_t state_b[8], const std::uint8_t* data_b,
                              std::size_t blocks);
Sha256Compress2 best_sha256_compress2();

// The fastest implementation this CPU supports, chosen once.
Sha256Compress best_sha256_compress();

}  // namespace yishi::audit::detail
