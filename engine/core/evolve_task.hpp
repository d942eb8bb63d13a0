// evolve() for implementation tasks (private to evolve.cpp).
#pragma once

#include "engine/core/state.hpp"
#include "engine/core/task_events.hpp"

namespace yishi::engine {

void apply_task_event(State& s, const event::TaskOpened& e);
void apply_task_event(State& s, const event::TaskAssigned& e);
void apply_task_event(State& s, const event::MilestoneAdded& e);
void apply_task_event(State& s, const event::TaskStarted& e);
void apply_task_event(State& s, const event::ProgressReported& e);
void apply_task_event(State& s, const event::TaskCompleted& e);
void apply_task_event(State& s, const event::TaskEvaluated& e);
void apply_task_event(State& s, const event::TaskCancelled& e);

}  // namespace yishi::engine
