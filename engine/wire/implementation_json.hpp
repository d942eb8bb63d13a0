// The responsibility list (责任清单) and the indicators as JSON: what `yishi tasks`
// prints and /api/c/ID/tasks serves. Overdue and stalled are judged at `now`.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/core/standard_measures.hpp"
#include "engine/core/state.hpp"

namespace yishi::wire {

nlohmann::ordered_json responsibility_list_json(const engine::State& state, engine::Timestamp now);

// The community's declared standards (rulebook layout 6) over time: each
// indicator's value and whether it met its target, for the whole record up to
// `now` and for each calendar period of `length`, with the measures beneath.
// What `yishi standards` prints and /api/c/ID/standards serves; a scope gives
// one responsible body's or one funding mechanism's record.
nlohmann::ordered_json standards_json(const engine::State& state, engine::Timestamp now,
                                      engine::PeriodLength length,
                                      const engine::MeasureScope& scope = {});

}  // namespace yishi::wire
