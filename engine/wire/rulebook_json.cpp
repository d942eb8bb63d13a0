#include "engine/wire/rulebook_json.hpp"

#include <fmt/format.h>

#include <algorithm>

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

nlohmann::ordered_json responsibilities_json(const std::vector<engine::Responsibility>& list) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& r : list) {
    out.push_back({{"matter", r.matter}, {"body", r.body}, {"duty", r.duty}});
  }
  return out;
}

nlohmann::ordered_json standards_json(const std::vector<engine::IndicatorStandard>& list) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& s : list) {
    out.push_back({{"standard", s.standard},
                   {"name", s.name},
                   {"formula", s.formula},
                   {"target", engine::format_target(s.comparison, s.target_milli)}});
  }
  return out;
}

// A list entry's string member; `path` names the entry ("rulebook.standards[2]").
std::expected<std::string, FieldError> entry_string(const nlohmann::json& entry,
                                                    const std::string& path, const char* key,
                                                    bool required) {
  const auto it = entry.find(key);
  if (it == entry.end()) {
    if (!required) return std::string{};
    return std::unexpected(FieldError{fmt::format("{}.{}", path, key), "is required"});
  }
  if (!it->is_string()) {
    return std::unexpected(FieldError{fmt::format("{}.{}", path, key), "must be a string"});
  }
  return it->get<std::string>();
}

std::optional<FieldError> unknown_keys(const nlohmann::json& entry, const std::string& path,
                                       std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : entry.items()) {
    if (std::ranges::find(known, std::string_view(key)) == known.end()) {
      return FieldError{fmt::format("{}.{}", path, key), "is not a field of this list's entries"};
    }
  }
  return std::nullopt;
}

std::expected<std::vector<engine::Responsibility>, FieldError> read_responsibilities(
    const nlohmann::json& v) {
  if (!v.is_array() || v.size() > engine::kMaxResponsibilities) {
    return std::unexpected(
        FieldError{"rulebook.responsibilities",
                   fmt::format("must be a list of at most {} {{matter, body, duty}}",
                               engine::kMaxResponsibilities)});
  }
  std::vector<engine::Responsibility> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string path = fmt::format("rulebook.responsibilities[{}]", i);
    if (!v[i].is_object()) return std::unexpected(FieldError{path, "must be an object"});
    if (auto bad = unknown_keys(v[i], path, {"matter", "body", "duty"})) {
      return std::unexpected(*bad);
    }
    auto matter = entry_string(v[i], path, "matter", true);
    auto body = entry_string(v[i], path, "body", true);
    auto duty = entry_string(v[i], path, "duty", false);
    if (!matter) return std::unexpected(matter.error());
    if (!body) return std::unexpected(body.error());
    if (!duty) return std::unexpected(duty.error());
    out.push_back({*matter, *body, *duty});
  }
  return out;
}

std::expected<std::vector<engine::IndicatorStandard>, FieldError> read_standards(
    const nlohmann::json& v) {
  if (!v.is_array() || v.size() > engine::kMaxStandards) {
    return std::unexpected(
        FieldError{"rulebook.standards",
                   fmt::format("must be a list of at most {} {{standard, name, formula, target}}",
                               engine::kMaxStandards)});
  }
  std::vector<engine::IndicatorStandard> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string path = fmt::format("rulebook.standards[{}]", i);
    if (!v[i].is_object()) return std::unexpected(FieldError{path, "must be an object"});
    if (auto bad = unknown_keys(v[i], path, {"standard", "name", "formula", "target"})) {
      return std::unexpected(*bad);
    }
    engine::IndicatorStandard st;
    for (auto [key, into] : {std::pair{"standard", &st.standard}, std::pair{"name", &st.name},
                             std::pair{"formula", &st.formula}}) {
      auto text = entry_string(v[i], path, key, true);
      if (!text) return std::unexpected(text.error());
      *into = *text;
    }
    auto target_text = entry_string(v[i], path, "target", true);
    if (!target_text) return std::unexpected(target_text.error());
    const auto target = engine::parse_target(*target_text);
    if (!target) {
      return std::unexpected(FieldError{
          path + ".target", "must be >= or <= and a number with at most 3 decimals, like >=0.8"});
    }
    st.comparison = target->first;
    st.target_milli = target->second;
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace

nlohmann::ordered_json rulebook_json(const engine::Rulebook& r) {
  nlohmann::ordered_json out = {{"version", r.version}};
  for (const RuleField& f : engine::kRuleFields) {
    std::visit([&](const auto& s) { out[std::string(f.name)] = value_json(f, r.*s.value); },
               f.slot);
  }
  out["responsibilities"] = responsibilities_json(r.responsibilities);
  out["standards"] = standards_json(r.standards);
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
  if (c.responsibilities) out["responsibilities"] = responsibilities_json(*c.responsibilities);
  if (c.standards) out["standards"] = standards_json(*c.standards);
  return out;
}

std::expected<engine::RulebookChange, FieldError> read_rulebook_change(
    const nlohmann::json& object) {
  if (!object.is_object()) {
    return std::unexpected(FieldError{"rulebook", "must be an object of the rules to change"});
  }
  engine::RulebookChange c;
  for (const auto& [key, value] : object.items()) {
    if (key == "responsibilities") {
      auto list = read_responsibilities(value);
      if (!list) return std::unexpected(list.error());
      c.responsibilities = std::move(*list);
      continue;
    }
    if (key == "standards") {
      auto list = read_standards(value);
      if (!list) return std::unexpected(list.error());
      c.standards = std::move(*list);
      continue;
    }
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
