// decide() for meeting commands (private to decide.cpp).
#pragma once

#include <optional>

#include "engine/core/decide.hpp"

namespace yishi::engine {

// The decision for a meeting command, or nullopt when `command` is not one.
std::optional<Decision> decide_meeting(const State& s, const Command& command, const Context& ctx);

// When an item adopts a rule_change proposal: the rulebook to install (the one in
// force with the proposal's changes, next version), else nothing.
std::optional<Event> rulebook_installation(const State& s, const ProposalId& proposal);

// The fraction an item's question needs: the supermajority for rule changes.
Fraction item_threshold(const State& s, const Meeting& m, const AgendaItem& item);

// Events a tick at `now` produces in live meetings: turns whose time is up end,
// presentations whose time is up give way to debate.
std::vector<Event> meeting_timer_events(const State& s, Timestamp now);

}  // namespace yishi::engine
