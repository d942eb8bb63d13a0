// decide() for ballot commands (private to decide.cpp).
#pragma once

#include <optional>

#include "engine/core/decide.hpp"

namespace yishi::engine {

Decision decide_ballot(const State& s, const BallotCommand& command, const Context& ctx);

// Why a ballot's box cannot be counted (it does not hold one ballot per voter
// who took part), if it cannot.
std::optional<Rejection> check_box_balances(const Ballot& b);

// The tally of a ballot, ready to record: the box published and the result.
std::vector<Event> close_ballot_events(const State& s, const Ballot& b, const std::string& seed,
                                       Timestamp now);

// Polls whose closing time has come by `now` close and are tallied.
std::vector<Event> poll_timer_events(const State& s, Timestamp now);

}  // namespace yishi::engine
