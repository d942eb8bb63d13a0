// libFuzzer target: PrefLib files as `yishi tally` reads them. The first byte
// picks the kind (soc, soi, toc, toi); the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/tally/methods.hpp"
#include "engine/tally/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kKinds[] = {"soc", "soi", "toc", "toi"};
  const std::string_view kind = kKinds[data[0] % 4];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto profile = yishi::tally::parse_preflib(text, kind);
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
