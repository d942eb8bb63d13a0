// The rulebook's two lists (layout 6): the standing responsibility list (which
// body answers for which kind of matter) and the community's standards — the
// indicators it holds itself to (可量化、可操作、可考核), each a name, a formula
// and a target, grouped under a standard (Party building, services,
// self-governance, management...). Both are rulebook data: changed only by an
// adopted rule change, frozen in the log like every other rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/types.hpp"

namespace yishi::engine {

// "Matters of kind `matter` (a proposal's category) go to `body`."
struct Responsibility {
  std::string matter;
  MemberId body;
  std::string duty;  // what the body answers for, in words
  friend bool operator==(const Responsibility&, const Responsibility&) = default;
};

enum class TargetComparison : std::uint8_t { at_least, at_most };

// One declared indicator: `formula` is arithmetic (+ - * / and parentheses)
// over numbers and the measures of measure_names() (standard_measures.hpp).
// The target is in thousandths, like every fraction in the engine: 800 is 0.8.
struct IndicatorStandard {
  std::string standard;  // the group it belongs to, e.g. "services"
  std::string name;      // e.g. "on_time_share"
  std::string formula;   // e.g. "tasks_on_time / tasks_completed"
  TargetComparison comparison = TargetComparison::at_least;
  std::int64_t target_milli = 0;
  friend bool operator==(const IndicatorStandard&, const IndicatorStandard&) = default;
};

inline constexpr std::size_t kMaxResponsibilities = 100;
inline constexpr std::size_t kMaxStandards = 50;
inline constexpr std::size_t kMaxFormulaChars = 200;
inline constexpr std::size_t kMaxStandardNameChars = 40;
inline constexpr std::size_t kMaxDutyChars = 200;
// Targets and numbers in formulas: at most this, in absolute value.
inline constexpr std::int64_t kMaxTargetMilli = 1'000'000'000'000;  // 10^9

// A decimal in thousandths: at most 9 integer digits and 3 decimals, checked
// before any arithmetic (a 400-digit number never converts). `used` is how many
// characters it took.
std::optional<std::int64_t> parse_milli(std::string_view text, std::size_t& used);

// ">=0.8" / "<=2" / "≥0.8" / "≤2": a comparison and a decimal with at most
// three decimals and 9 integer digits. nullopt on anything else.
std::optional<std::pair<TargetComparison, std::int64_t>> parse_target(std::string_view text);
std::string format_target(TargetComparison comparison, std::int64_t milli);

// The body the standing list names for a kind of matter, if any (first match).
const Responsibility* responsibility_for(const std::vector<Responsibility>& list,
                                         std::string_view matter);

}  // namespace yishi::engine
