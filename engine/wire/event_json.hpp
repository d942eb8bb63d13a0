// JSON views of events, envelopes and rejections: what `yishi log`, `yishi exec`
// and (later) the server print. Field names match schemas/.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "engine/audit/envelope.hpp"
#include "engine/core/events.hpp"
#include "engine/core/rejection.hpp"
#include "engine/core/rulebook.hpp"

namespace yishi::wire {

nlohmann::ordered_json to_json(const engine::Rulebook& rulebook);
nlohmann::ordered_json to_json(const engine::PollStanding& standing);
nlohmann::ordered_json to_json(const engine::Event& event);
nlohmann::ordered_json to_json(const engine::Rejection& rejection);
// Pieces shared with the state views (state_json.hpp).
nlohmann::ordered_json to_json(const engine::BallotRule& rule);
nlohmann::ordered_json roles_json(engine::RoleSet roles);
// Options as the ballot numbers them: from 1. In 64 bits: an index comes from a stored
// event, which whoever holds the database file may have set to INT_MAX (found by
// fuzz_event_codec), and INT_MAX + 1 in int is undefined.
constexpr std::int64_t option_number(int index) {
  return std::int64_t{index} + 1;
}
nlohmann::ordered_json one_based(const std::vector<int>& options);
nlohmann::ordered_json ranking_json(const std::vector<std::vector<int>>& ranking);
// The envelope with its decoded event under "event".
nlohmann::ordered_json to_json(const audit::Envelope& envelope, const engine::Event& event);

// JSON text for output. Text that is not valid UTF-8 (which only a database edited
// by hand can hold: the door refuses it) comes out as U+FFFD instead of throwing.
std::string dump(const nlohmann::ordered_json& json, int indent = -1);

}  // namespace yishi::wire
