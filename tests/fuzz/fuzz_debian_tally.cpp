// libFuzzer target: a Debian tally sheet ("V: <ranks> <md5>") as `yishi tally` reads it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/tally/methods.hpp"
#include "engine/tally/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto profile = yishi::tally::parse_debian_tally(text);
  if (profile) {
    // What the parser hands on must be safe to count: candidate numbers in
    // range, no empty tie classes. Small profiles only, to keep runs fast.
    if (profile->candidates <= 12 && profile->ballots.size() <= 64) {
      volatile std::size_t n = yishi::tally::schulze(*profile).ranking.size() +
                               yishi::tally::instant_runoff(*profile).ranking.size();
      (void)n;
    }
  }
  return 0;
}
