// The responsibility list (责任清单) and the indicators as JSON: what `yishi tasks`
// prints and /api/c/ID/tasks serves. Overdue and stalled are judged at `now`.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/core/state.hpp"

namespace yishi::wire {

nlohmann::ordered_json responsibility_list_json(const engine::State& state, engine::Timestamp now);

}  // namespace yishi::wire
