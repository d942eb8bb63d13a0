// decide() for meeting commands (private to the deciders: decide.cpp, and
// decide_ballot.cpp for the ballots that decide a meeting's questions).
#pragma once

#include <optional>

#include "engine/core/decide.hpp"

namespace yishi::engine {

// The decision for a meeting command.
Decision decide_meeting(const State& s, const MeetingCommand& command, const Context& ctx);

// Refuses a binding decision (a count, a ballot's close, calling the vote) while
// a council or assembly lacks quorum. Recess and adjournment stay open to a
// meeting without quorum: they are how it waits for members or ends.
std::optional<Rejection> quorum_for_decision(const Meeting& m);

// A non-binding meeting concludes an item: noted, and its proposal goes back to
// accepted carrying the consultation's record.
void add_noted(const Meeting& m, const AgendaItem& item, std::vector<Event>& out);
// The meeting adjourns: the open item and items not reached are deferred (their
// proposals return to accepted), then the adjournment.
void add_adjournment(const Meeting& m, std::vector<Event>& out);

// When an item adopts a rule_change proposal: the rulebook to install (the one in
// force with the proposal's changes, next version), else nothing.
std::optional<Event> rulebook_installation(const State& s, const ProposalId& proposal);

// The fraction an item's question needs: the supermajority for rule changes.
Fraction item_threshold(const State& s, const Meeting& m, const AgendaItem& item);

// The threshold the vote now called needs: the item's, or the pending motion's.
Fraction vote_threshold(const State& s, const Meeting& m);

// What a counted vote on the meeting's called question records and does: the
// count, then the item decided (and a rule change installed) or the motion's
// effects. The chair's count and a meeting ballot's close both end here.
// `decided`: the outcome a ballot's own rule reached (weights, art. 278, the
// electorate as base); without it, the called question's threshold of yes + no.
// An appeal always decides by its counts: only a majority against reverses.
// `now` times the task an adoption opens.
std::vector<Event> vote_result_events(const State& s, const Meeting& m, std::uint32_t yes,
                                      std::uint32_t no, std::uint32_t abstain, Timestamp now,
                                      std::optional<bool> decided = std::nullopt);

// Events a tick at `now` produces in live meetings: turns whose time is up end,
// presentations whose time is up give way to debate.
std::vector<Event> meeting_timer_events(const State& s, Timestamp now);

}  // namespace yishi::engine
