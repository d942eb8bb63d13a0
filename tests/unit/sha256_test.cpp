// Our SHA-256 (both compression functions) against FIPS 180-4 vectors and
// libsodium, for every message length that crosses the padding boundaries.
#include <doctest/doctest.h>
#include <sodium.h>

#include <random>
#include <string>

#include "engine/audit/hash.hpp"
#include "engine/audit/sha256_block.hpp"

using namespace yishi::audit;

TEST_CASE("FIPS 180-4 test vectors") {
  CHECK(to_hex(sha256(std::string_view(""))) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(sha256(std::string_view("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(
            sha256(std::string_view("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 million;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) million.update(chunk);
  CHECK(to_hex(million.finish()) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("agrees with libsodium for every length 0..300, in one piece and in pieces") {
  ensure_sodium();
  std::mt19937 rng(180);
  std::string message;
  for (std::size_t length = 0; length <= 300; ++length) {
    CAPTURE(length);
    Hash expected;
    crypto_hash_sha256(expected.data(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size());
    CHECK(sha256(message) == expected);
    Sha256 pieces;
    for (std::size_t i = 0; i < message.size();) {
      const std::size_t n = std::min<std::size_t>(1 + rng() % 70, message.size() - i);
      pieces.update(std::string_view(message).substr(i, n));
      i += n;
    }
    CHECK(pieces.finish() == expected);
    message.push_back(static_cast<char>(rng()));
  }
}

TEST_CASE("the SHA-extension and portable compression functions agree") {
  if (!detail::cpu_has_sha_extensions()) {
    MESSAGE("this CPU has no SHA extensions; only the portable path runs");
    return;
  }
  std::mt19937 rng(6);
  std::uint8_t data[64 * 5];
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  for (std::size_t blocks = 1; blocks <= 5; ++blocks) {
    std::uint32_t a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    detail::sha256_compress_portable(a, data, blocks);
    detail::sha256_compress_shani(b, data, blocks);
    CHECK(std::equal(a, a + 8, b));
  }
}

TEST_CASE("two messages at once give what each gives alone") {
  std::mt19937 rng(62);
  std::uint8_t x[64 * 5], y[64 * 5];
  for (auto& b : x) b = static_cast<std::uint8_t>(rng());
  for (auto& b : y) b = static_cast<std::uint8_t>(rng());
  for (std::size_t blocks = 0; blocks <= 5; ++blocks) {
    std::uint32_t a[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b[8] = {8, 7, 6, 5, 4, 3, 2, 1};
    std::uint32_t a1[8] = {1, 2, 3, 4, 5, 6, 7, 8}, b1[8] = {8, 7, 6, 5, 4, 3, 2, 1};
    detail::best_sha256_compress2()(a, x, b, y, blocks);
    detail::sha256_compress_portable(a1, x, blocks);
    detail::sha256_compress_portable(b1, y, blocks);
    CHECK(std::equal(a, a + 8, a1));
    CHECK(std::equal(b, b + 8, b1));
  }
  // Padded messages of different lengths: the longer one finishes alone.
  for (std::size_t la = 1; la <= 4; ++la) {
    for (std::size_t lb = 1; lb <= 4; ++lb) {
      const auto [ha, hb] = sha256_padded_x2(x, la, y, lb);
      CHECK(ha == sha256_padded(x, la));
      CHECK(hb == sha256_padded(y, lb));
    }
  }
}
