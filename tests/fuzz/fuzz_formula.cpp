// libFuzzer target: an indicator's formula and target as a rule change drafts them
// (rulebook.standards). Any input must parse or be refused with a message, and a
// parsed formula must evaluate to a value or to "no value" over any measures,
// never overflow or read past its stack.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/standard_measures.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yishi::engine;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The measures: the input's bytes, 8 at a time, as signed thousandths.
  std::vector<std::int64_t> measures(measure_catalogue().size(), 0);
  for (std::size_t i = 0; i < measures.size() && (i + 1) * 8 <= size; ++i) {
    std::memcpy(&measures[i], data + i * 8, 8);
  }
  if (auto formula = parse_formula(text)) {
    volatile bool has = evaluate(*formula, measures).has_value();
    (void)has;
  } else {
    volatile std::size_t n = formula.error().size();
    (void)n;
  }
  volatile bool target = parse_target(text).has_value();
  (void)target;
  const IndicatorStandard standard{"services", "fuzzed", std::string(text),
                                   TargetComparison::at_least, 0};
  volatile bool refused = check_standing_rules({}, {standard}).has_value();
  (void)refused;
  return 0;
}
