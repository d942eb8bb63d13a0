#include "engine/core/standing_rules.hpp"

#include <fmt/format.h>

namespace yishi::engine {

// A decimal with at most 9 integer digits and 3 decimals, in thousandths. The
// digit limits come before any arithmetic: a 400-digit number never converts.
std::optional<std::int64_t> parse_milli(std::string_view text, std::size_t& used) {
  std::int64_t whole = 0, frac = 0;
  std::size_t i = 0, int_digits = 0, frac_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (++int_digits > 9) return std::nullopt;
    whole = whole * 10 + (text[i++] - '0');
  }
  if (int_digits == 0) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++frac_digits > 3) return std::nullopt;
      frac = frac * 10 + (text[i++] - '0');
    }
    if (frac_digits == 0) return std::nullopt;
    for (std::size_t d = frac_digits; d < 3; ++d) frac *= 10;
  }
  used = i;
  return whole * 1000 + frac;
}

const Responsibility* responsibility_for(const std::vector<Responsibility>& list,
                                         std::string_view matter) {
  if (matter.empty()) return nullptr;
  for (const Responsibility& r : list) {
    if (r.matter == matter) return &r;
  }
  return nullptr;
}

std::optional<std::pair<TargetComparison, std::int64_t>> parse_target(std::string_view text) {
  TargetComparison cmp;
  if (text.starts_with(">=")) {
    cmp = TargetComparison::at_least;
    text.remove_prefix(2);
  } else if (text.starts_with("<=")) {
    cmp = TargetComparison::at_most;
    text.remove_prefix(2);
  } else if (text.starts_with("\u2265")) {
    cmp = TargetComparison::at_least;
    text.remove_prefix(3);
  } else if (text.starts_with("\u2264")) {
    cmp = TargetComparison::at_most;
    text.remove_prefix(3);
  } else {
    return std::nullopt;
  }
  bool negative = false;
  if (text.starts_with('-')) {
    negative = true;
    text.remove_prefix(1);
  }
  std::size_t used = 0;
  const auto v = parse_milli(text, used);
  if (!v || used != text.size()) return std::nullopt;
  return std::pair{cmp, negative ? -*v : *v};
}

std::string format_target(TargetComparison comparison, std::int64_t milli) {
  const char* op = comparison == TargetComparison::at_least ? ">=" : "<=";
  const std::int64_t a = milli < 0 ? -milli : milli;
  std::string digits = fmt::format("{}{}.{:03}", milli < 0 ? "-" : "", a / 1000, a % 1000);
  while (digits.back() == '0') digits.pop_back();
  if (digits.back() == '.') digits.pop_back();
  return fmt::format("{}{}", op, digits);
}

}  // namespace yishi::engine
