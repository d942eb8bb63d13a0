#include "engine/core/rule_fields.hpp"

#include "engine/core/standard_measures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "engine/core/meeting.hpp"

namespace yishi::engine {
namespace {

template <class T>
std::int64_t as_number(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v ? 1 : 0;
  } else {
    return static_cast<std::int64_t>(v);
  }
}

std::string unit_name(RuleUnit unit) {
  switch (unit) {
    case RuleUnit::days:
      return " days";
    case RuleUnit::hours:
      return " hours";
    case RuleUnit::seconds:
      return " seconds";
    case RuleUnit::chars:
      return " characters";
    default:
      return "";
  }
}

Rejection out_of_bounds(const RuleField& f, std::string_view why) {
  return Rejection{"invalid_field", fmt::format("rulebook.{}", f.name), std::string(why)};
}

// Every fraction's minimum is above zero, so check_field refuses a zero
// numerator (quorum ">0/1") by the bound alone.
static_assert(std::ranges::all_of(kRuleFields, [](const RuleField& f) {
  return !std::holds_alternative<RuleSlot<Fraction>>(f.slot) || f.min >= 1;
}));

std::optional<Rejection> check_field(const Rulebook& r, const RuleField& f) {
  return std::visit(
      [&](const auto& s) -> std::optional<Rejection> {
        using T = typename std::decay_t<decltype(s)>::Value;
        const T& v = r.*s.value;
        if constexpr (std::is_same_v<T, Fraction>) {
          if (v.den == 0 || v.den > 1000 || v.num > v.den) {
            return out_of_bounds(f, "a fraction p/q with p ≤ q ≤ 1000");
          }
          // v ≥ min/1000 and v ≤ max/1000, exactly; a strict bound at the minimum
          // (quorum ">0/1") still counts as zero, below every fraction's minimum.
          const std::int64_t scaled = std::int64_t{v.num} * 1000;
          if (scaled < f.min * v.den || scaled > f.max * v.den) {
            return out_of_bounds(f, fmt::format("must be from {}/1000 to {}/1000, not {}", f.min,
                                                f.max, format_fraction(v)));
          }
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, QuorumBasis> || std::is_same_v<T, TieBreak>) {
          // A value decoded from a tampered log may be any byte.
          constexpr auto last = std::is_same_v<T, QuorumBasis> ? static_cast<int>(QuorumBasis::area)
                                                               : static_cast<int>(TieBreak::lot);
          if (static_cast<int>(v) > last) {
            return out_of_bounds(f, fmt::format("must be {}", choices_of(f)));
          }
          return std::nullopt;
        } else {
          const std::int64_t scale = unit_scale(f.unit);
          const std::int64_t n = as_number(v);
          if (n < f.min * scale || n > f.max * scale || n % scale != 0) {
            return out_of_bounds(f, fmt::format("must be a whole number from {} to {}{}", f.min,
                                                f.max, unit_name(f.unit)));
          }
          return std::nullopt;
        }
      },
      f.slot);
}

}  // namespace

const RuleField* find_rule(std::string_view name) {
  for (const RuleField& f : kRuleFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::int64_t unit_scale(RuleUnit unit) {
  switch (unit) {
    case RuleUnit::days:
      return kDay;
    case RuleUnit::hours:
      return kHour;
    case RuleUnit::seconds:
      return kSecond;
    default:
      return 1;
  }
}

std::optional<Rejection> check_rulebook(const Rulebook& r) {
  for (const RuleField& f : kRuleFields) {
    if (auto bad = check_field(r, f)) return bad;
  }
  if (r.urgent_notice_period > r.notice_period) {
    return Rejection{"invalid_field", "rulebook.urgent_notice_period_hours",
                     "the urgent notice cannot be longer than the ordinary notice period"};
  }
  // supermajority ≥ majority, exactly: a/b ≥ c/d ⇔ a·d ≥ c·b.
  const auto& sup = r.supermajority;
  const auto& maj = r.majority;
  if (std::uint64_t{sup.num} * maj.den < std::uint64_t{maj.num} * sup.den) {
    return Rejection{"invalid_field", "rulebook.supermajority",
                     "the supermajority cannot be less than the majority"};
  }
  return check_standing_rules(r.responsibilities, r.standards);
}

Rulebook RulebookChange::applied_to(Rulebook r) const {
  for (const RuleField& f : kRuleFields) {
    std::visit(
        [&](const auto& s) {
          if (const auto& v = this->*s.change) r.*s.value = *v;
        },
        f.slot);
  }
  if (responsibilities) r.responsibilities = *responsibilities;
  if (standards) r.standards = *standards;
  return r;
}

std::optional<Fraction> parse_fraction(std::string_view t) {
  Fraction f;
  if (t.starts_with(">=")) {
    f.strict = false;
    t.remove_prefix(2);
  } else if (t.starts_with("\u2265")) {
    f.strict = false;
    t.remove_prefix(3);
  } else if (t.starts_with(">")) {
    f.strict = true;
    t.remove_prefix(1);
  } else {
    return std::nullopt;
  }
  const auto slash = t.find('/');
  const auto parse = [](std::string_view part, std::uint32_t& out) {
    const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return !part.empty() && ec == std::errc{} && p == part.data() + part.size();
  };
  if (slash == std::string_view::npos || !parse(t.substr(0, slash), f.num) ||
      !parse(t.substr(slash + 1), f.den) || f.den == 0 || f.num > f.den || f.den > 1000) {
    return std::nullopt;
  }
  return f;
}

std::string format_fraction(const Fraction& f) {
  return fmt::format("{}{}/{}", f.strict ? ">" : ">=", f.num, f.den);
}

std::string_view choice_name(QuorumBasis v) {
  return to_string(v);
}
std::string_view choice_name(TieBreak v) {
  return to_string(v);
}
bool parse_choice(std::string_view text, QuorumBasis& out) {
  auto v = parse_quorum_basis(text);
  if (v) out = *v;
  return v.has_value();
}
bool parse_choice(std::string_view text, TieBreak& out) {
  auto v = parse_tie_break(text);
  if (v) out = *v;
  return v.has_value();
}

std::string_view choices_of(const RuleField& f) {
  if (std::holds_alternative<RuleSlot<QuorumBasis>>(f.slot)) return "headcount, household or area";
  if (std::holds_alternative<RuleSlot<TieBreak>>(f.slot)) return "lot or status_quo";
  return "";
}

}  // namespace yishi::engine
