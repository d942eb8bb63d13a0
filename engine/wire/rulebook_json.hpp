// The rulebook in JSON, by kRuleFields (engine/core/rule_fields.hpp): each rule
// under its wire name and in its unit, the same going in (a rule_change
// proposal's "rulebook", `yishi init --rules`) and coming out (events, `init`).
#pragma once

#include <expected>
#include <nlohmann/json.hpp>

#include "engine/core/rulebook.hpp"
#include "engine/wire/command_json.hpp"

namespace yishi::wire {

// {"version": 3, "support_threshold": 5, "support_window_days": 14, ...}
nlohmann::ordered_json rulebook_json(const engine::Rulebook& rulebook);
// Only the rules the change sets.
nlohmann::ordered_json rulebook_change_json(const engine::RulebookChange& change);

// Reads rules by name; an unknown name, a wrong type or a value outside the
// rule's bounds is an error naming "rulebook.<name>". Bounds between rules
// (urgent notice ≤ notice) need the whole rulebook: see engine::check_rulebook.
std::expected<engine::RulebookChange, FieldError> read_rulebook_change(
    const nlohmann::json& object);

}  // namespace yishi::wire
