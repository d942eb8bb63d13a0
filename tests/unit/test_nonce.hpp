// Ballot nonces for tests: 64 hex digits, `fill` then the digits of i, so that
// distinct i give distinct nonces (and distinct receipts).
#pragma once

#include <algorithm>
#include <string>

namespace yishi::test {

inline std::string test_nonce(int i, char fill = '0') {
  std::string n(64, fill);
  const std::string tail = std::to_string(i);
  std::copy(tail.begin(), tail.end(), n.end() - static_cast<std::ptrdiff_t>(tail.size()));
  return n;
}

}  // namespace yishi::test
