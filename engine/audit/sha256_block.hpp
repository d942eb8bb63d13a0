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

// The fastest implementation this CPU supports, chosen once.
Sha256Compress best_sha256_compress();

}  // namespace yishi::audit::detail
