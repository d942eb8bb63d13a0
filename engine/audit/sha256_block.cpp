#include "engine/audit/sha256_block.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define YISHI_X86 1
#endif

namespace yishi::audit::detail {
namespace {

alignas(16) constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

}  // namespace

void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t* data,
                              std::size_t blocks) {
  for (; blocks > 0; --blocks, data += 64) {
    std::uint32_t w[64];
    for (int t = 0; t < 16; ++t) {
      w[t] = std::uint32_t{data[4 * t]} << 24 | std::uint32_t{data[4 * t + 1]} << 16 |
             std::uint32_t{data[4 * t + 2]} << 8 | std::uint32_t{data[4 * t + 3]};
    }
    for (int t = 16; t < 64; ++t) {
      const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; ++t) {
      const std::uint32_t t1 =
          h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kRound[t] + w[t];
      const std::uint32_t t2 =
          (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

#ifdef YISHI_X86

bool cpu_has_sha_extensions() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  const bool ssse3 = c & bit_SSSE3;
  const bool sse41 = c & bit_SSE4_1;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  const bool sha = b & (1u << 29);
  return ssse3 && sse41 && sha;
}

// The Intel SHA extensions: two rounds per sha256rnds2, the message schedule
// four words at a time with sha256msg1/sha256msg2. State is kept as ABEF/CDGH.
__attribute__((target("sha,sse4.1,ssse3"))) void sha256_compress_shani(std::uint32_t state[8],
                                                                       const std::uint8_t* data,
                                                                       std::size_t blocks) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);          // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH

  for (; blocks > 0; --blocks, data += 64) {
    const __m128i abef = state0;
    const __m128i cdgh = state1;
    __m128i w[4];
    // Unrolled, so w[] lives in registers and the branch disappears: without it
    // g++ -O2 keeps a loop that indexes w in memory, 1.5x slower.
#pragma GCC unroll 16
    for (int r = 0; r < 16; ++r) {
      if (r < 4) {
        w[r] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * r)),
                                byte_swap);
      } else {
        // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four words at a time.
        const __m128i older = _mm_sha256msg1_epu32(w[r % 4], w[(r + 1) % 4]);
        const __m128i w7 = _mm_alignr_epi8(w[(r + 3) % 4], w[(r + 2) % 4], 4);
        w[r % 4] = _mm_sha256msg2_epu32(_mm_add_epi32(older, w7), w[(r + 3) % 4]);
      }
      __m128i msg =
          _mm_add_epi32(w[r % 4], _mm_load_si128(reinterpret_cast<const __m128i*>(&kRound[4 * r])));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      msg = _mm_shuffle_epi32(msg, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
  }

  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // ABEF
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), state1);
}

namespace {

// One message's part of sha256_compress_shani_x2.
struct Lane {
  __m128i state0, state1;  // ABEF, CDGH
  __m128i abef, cdgh;      // at the start of the block
  __m128i w[4];
  const std::uint8_t* data;
};

__attribute__((target("sha,sse4.1,ssse3"), always_inline)) inline void load_lane(
    Lane& l, const std::uint32_t state[8], const std::uint8_t* data) {
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));
  l.state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);
  l.state1 = _mm_shuffle_epi32(l.state1, 0x1B);
  l.state0 = _mm_alignr_epi8(tmp, l.state1, 8);
  l.state1 = _mm_blend_epi16(l.state1, tmp, 0xF0);
  l.data = data;
}

__attribute__((target("sha,sse4.1,ssse3"), always_inline)) inline void store_lane(
    const Lane& l, std::uint32_t state[8]) {
  const __m128i tmp = _mm_shuffle_epi32(l.state0, 0x1B);
  const __m128i s1 = _mm_shuffle_epi32(l.state1, 0xB1);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), _mm_blend_epi16(tmp, s1, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), _mm_alignr_epi8(s1, tmp, 8));
}

// Four rounds of one lane: as in sha256_compress_shani.
__attribute__((target("sha,sse4.1,ssse3"), always_inline)) inline void lane_rounds(Lane& l, int r) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  if (r < 4) {
    l.w[r] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(l.data + 16 * r)),
                              byte_swap);
  } else {
    const __m128i older = _mm_sha256msg1_epu32(l.w[r % 4], l.w[(r + 1) % 4]);
    const __m128i w7 = _mm_alignr_epi8(l.w[(r + 3) % 4], l.w[(r + 2) % 4], 4);
    l.w[r % 4] = _mm_sha256msg2_epu32(_mm_add_epi32(older, w7), l.w[(r + 3) % 4]);
  }
  __m128i msg =
      _mm_add_epi32(l.w[r % 4], _mm_load_si128(reinterpret_cast<const __m128i*>(&kRound[4 * r])));
  l.state1 = _mm_sha256rnds2_epu32(l.state1, l.state0, msg);
  msg = _mm_shuffle_epi32(msg, 0x0E);
  l.state0 = _mm_sha256rnds2_epu32(l.state0, l.state1, msg);
}

}  // namespace

// Two independent messages at once: sha256rnds2 waits on its own result, so one
// message leaves the unit idle half the time; two interleaved fill it.
__attribute__((target("sha,sse4.1,ssse3"))) void sha256_compress_shani_x2(
    std::uint32_t state_a[8], const std::uint8_t* data_a, std::uint32_t state_b[8],
    const std::uint8_t* data_b, std::size_t blocks) {
  Lane a, b;
  load_lane(a, state_a, data_a);
  load_lane(b, state_b, data_b);
  for (; blocks > 0; --blocks, a.data += 64, b.data += 64) {
    a.abef = a.state0;
    a.cdgh = a.state1;
    b.abef = b.state0;
    b.cdgh = b.state1;
#pragma GCC unroll 16
    for (int r = 0; r < 16; ++r) {
      lane_rounds(a, r);
      lane_rounds(b, r);
    }
    a.state0 = _mm_add_epi32(a.state0, a.abef);
    a.state1 = _mm_add_epi32(a.state1, a.cdgh);
    b.state0 = _mm_add_epi32(b.state0, b.abef);
    b.state1 = _mm_add_epi32(b.state1, b.cdgh);
  }
  store_lane(a, state_a);
  store_lane(b, state_b);
}

#else

bool cpu_has_sha_extensions() {
  return false;
}
void sha256_compress_shani(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks) {
  sha256_compress_portable(state, data, blocks);
}
void sha256_compress_shani_x2(std::uint32_t state_a[8], const std::uint8_t* data_a,
                              std::uint32_t state_b[8], const std::uint8_t* data_b,
                              std::size_t blocks) {
  sha256_compress_portable(state_a, data_a, blocks);
  sha256_compress_portable(state_b, data_b, blocks);
}

#endif

namespace {
void sha256_compress_portable_x2(std::uint32_t state_a[8], const std::uint8_t* data_a,
                                 std::uint32_t state_b[8], const std::uint8_t* data_b,
                                 std::size_t blocks) {
  sha256_compress_portable(state_a, data_a, blocks);
  sha256_compress_portable(state_b, data_b, blocks);
}
}  // namespace

Sha256Compress2 best_sha256_compress2() {
  static const Sha256Compress2 chosen =
      cpu_has_sha_extensions() ? &sha256_compress_shani_x2 : &sha256_compress_portable_x2;
  return chosen;
}

Sha256Compress best_sha256_compress() {
  static const Sha256Compress chosen =
      cpu_has_sha_extensions() ? &sha256_compress_shani : &sha256_compress_portable;
  return chosen;
}

}  // namespace yishi::audit::detail
