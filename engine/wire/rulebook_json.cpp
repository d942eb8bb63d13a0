#include "engine/wire/rulebook_json.hpp"

#include <fmt/format.h>

#include "engine/core/rule_fields.hpp"

namespace yishi::wire {
namespace {

using engine::RuleField;
using engine::RuleUnit;

template <class T>
nlohmann::ordered_json value_json(const RuleField& f, const T& v) {
  if constexpr (std::is_same_v<T, engine::Fraction>) {
    return engine::format_fraction(v);
  } else if constexpr (std::is_same_v<T, engine::QuorumBasis> ||
                       std::is_same_v<T, engine::TieBreak>) {
    return std::string(engine::choice_name(v));
  } else if constexpr (std::is_same_v<T, bool>) {
    return v;
  } else {
    return static_cast<std::int64_t>(v) / engine::unit_scale(f.unit);
  }
}

// The value of one rule from JSON, in the rule's unit and bounds.
template <class T>
std::expected<T, FieldError> read_value(const RuleField& f, const nlohmann::json& v) {
  const std::string field = fmt::format("rulebook.{}", f.name);
  if constexpr (std::is_same_v<T, engine::Fraction>) {
    auto fraction = v.is_string() ? engine::parse_fraction(v.get<std::string>()) : std::nullopt;
    if (!fraction)
      return std::unexpected(FieldError{field, "must be a fraction like >1/2 or >=2/3"});
    return *fraction;
  } else if constexpr (std::is_same_v<T, engine::QuorumBasis> ||
                       std::is_same_v<T, engine::TieBreak>) {
    T out{};
    if (!v.is_string() || !engine::parse_choice(v.get<std::string>(), out)) {
      return std::unexpected(FieldError{field, fmt::format("must be {}", engine::choices_of(f))});
    }
    return out;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) return std::unexpected(FieldError{field, "must be true or false"});
    return v.get<bool>();
  } else {
    // is_number_integer() holds only for integers that fit 64 bits; 1e400 and
    // 400-digit numbers are floats or errors, refused here, never converted.
    const bool whole = v.is_number_integer();
    const std::int64_t n = whole ? v.get<std::int64_t>() : 0;
    if (!whole || n < f.min || n > f.max) {
      return std::unexpected(
          FieldError{field, fmt::format("must be a whole number from {} to {}", f.min, f.max)});
    }
    return static_cast<T>(n * engine::unit_scale(f.unit));
  }
}

}  // namespace

nlohmann::ordered_json rulebook_json(const engine::Rulebook& r) {
  nlohmann::ordered_json out = {{"version", r.version}};
  for (const RuleField& f : engine::kRuleFields) {
    std::visit([&](const auto& s) { out[std::string(f.name)] = value_json(f, r.*s.value); },
               f.slot);
  }
  return out;
}

nlohmann::ordered_json rulebook_change_json(const engine::RulebookChange& c) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const RuleField& f : engine::kRuleFields) {
    std::visit(
        [&](const auto& s) {
          if (const auto& v = c.*s.change) out[std::string(f.name)] = value_json(f, *v);
        },
        f.slot);
  }
  return out;
}

std::expected<engine::RulebookChange, FieldError> read_rulebook_change(
    const nlohmann::json& object) {
  if (!object.is_object()) {
    return std::unexpected(FieldError{"rulebook", "must be an object of the rules to change"});
  }
  engine::RulebookChange c;
  for (const auto& [key, value] : object.items()) {
    const RuleField* f = engine::find_rule(key);
    if (!f) {
      return std::unexpected(
          FieldError{fmt::format("rulebook.{}", key), "is not a rule of the rulebook"});
    }
    std::optional<FieldError> error;
    std::visit(
        [&](const auto& s) {
          using T = typename std::decay_t<decltype(s)>::Value;
          auto v = read_value<T>(*f, value);
          if (v) {
            c.*s.change = *v;
          } else {
            error = v.error();
          }
        },
        f->slot);
    if (error) return std::unexpected(*error);
  }
  return c;
}

}  // namespace yishi::wire
