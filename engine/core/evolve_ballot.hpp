// evolve() for ballot events (private to evolve.cpp).
#pragma once

#include "engine/core/events.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

void apply_ballot_event(State& s, const event::BallotOpened& e);
void apply_ballot_event(State& s, const event::BallotParticipated& e);
void apply_ballot_event(State& s, const event::BallotSealed& e);
void apply_ballot_event(State& s, const event::BallotUnsealed& e);
void apply_ballot_event(State& s, const event::BallotTallied& e);
void apply_ballot_event(State& s, const event::BallotOptionsLinked& e);

}  // namespace yishi::engine
