// decide() for implementation tasks (private to decide.cpp).
#pragma once

#include <optional>
#include <string>

#include "engine/core/decide.hpp"

namespace yishi::engine {

Decision decide_task(const State& s, const TaskCommand& command, const Context& ctx);

// The task an adoption opens (task.opened, id = the proposal's), or nothing: a
// rule change carries itself out, and a proposal has one task.
std::optional<Event> task_for_adoption(const State& s, const ProposalId& proposal,
                                       const std::string& decided_at, Timestamp now);

}  // namespace yishi::engine
