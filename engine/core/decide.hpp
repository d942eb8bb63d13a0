// decide(): the engine's only way to change state. Pure and deterministic: the
// same state, command and context always give the same events or rejection.
#pragma once

#include <expected>
#include <vector>

#include "engine/core/commands.hpp"
#include "engine/core/events.hpp"
#include "engine/core/rejection.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

using Decision = std::expected<std::vector<Event>, Rejection>;

// Events that record `command` issued in `ctx`, or why it is refused. Never
// changes `state`; apply the events with evolve() once they are durable.
Decision decide(const State& state, const Command& command, const Context& ctx);

// The roles allowed to issue a command (an actor must also hold the role).
RoleSet permitted_roles(const Command& command);

// The role an actor acts in when they do not say: the first permitted role they
// hold, else the first permitted role (which decide() will then refuse).
Role default_role(const State& state, const MemberId& actor, const Command& command);

}  // namespace yishi::engine
