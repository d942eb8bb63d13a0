// libFuzzer target: a Pabulib .pb file as `yishi tally --method greedy|mes` reads it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/tally/budget.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto profile = yishi::tally::parse_pabulib(text);
  if (profile) {
    // What the parser hands on must be safe to count (small profiles only).
    if (profile->projects.size() <= 12 && profile->ballots.size() <= 64) {
      volatile std::size_t n = yishi::tally::greedy(*profile).selected.size();
      (void)n;
    }
  }
  return 0;
}
