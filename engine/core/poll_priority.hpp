// What community polls say about proposals. A needs survey (需求调查) or a vote
// over accepted proposals ranks options; an option can stand for an accepted
// proposal (linked when the poll opens) or seed a new one after the tally. The
// standing a poll gives a proposal orders the proposals waiting for an agenda.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/ballot.hpp"
#include "engine/core/events.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

// Where the tallied poll `b` placed `option`.
PollStanding standing_of(const Ballot& b, const BallotTotals& totals, std::uint32_t option);

// proposal.prioritised for every proposal linked to an option of the poll `b`.
std::vector<Event> prioritised_events(const Ballot& b, const BallotTotals& totals);

// A community budget poll's funded projects: proposal.funded and the task each
// opens, for every linked proposal among the winners that still awaits a decision.
std::vector<Event> funded_events(const State& s, const Ballot& b, const BallotTotals& totals,
                                 Timestamp now);

// Accepted proposals, the order a convener would take them onto agendas: first
// those a poll ranked (winners, then by rank), then the rest, each oldest first.
std::vector<const Proposal*> agenda_backlog(const State& s);

}  // namespace yishi::engine
