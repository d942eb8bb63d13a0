// evolve(): applies one recorded event. Total and rule-free: every business rule
// lives in decide(), so replaying a log rebuilds exactly the live state.
#pragma once

#include "engine/core/events.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

void apply_event(State& state, const Event& event);

inline State evolve(State state, const Event& event) {
  apply_event(state, event);
  return state;
}

}  // namespace yishi::engine
