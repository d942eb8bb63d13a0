// evolve() for meeting events (private to evolve.cpp).
#pragma once

#include "engine/core/events.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

void apply_meeting_event(State& s, const event::MeetingScheduled& e);
void apply_meeting_event(State& s, const event::ItemAdded& e);
void apply_meeting_event(State& s, const event::ItemMoved& e);
void apply_meeting_event(State& s, const event::ItemRemoved& e);
void apply_meeting_event(State& s, const event::MotionLapsed& e);
void apply_meeting_event(State& s, const event::MeetingOpened& e);
void apply_meeting_event(State& s, const event::CheckedIn& e);
void apply_meeting_event(State& s, const event::CheckedOut& e);
void apply_meeting_event(State& s, const event::ProxyRegistered& e);
void apply_meeting_event(State& s, const event::QuorumLost& e);
void apply_meeting_event(State& s, const event::QuorumReached& e);
void apply_meeting_event(State& s, const event::CalledToOrder& e);
void apply_meeting_event(State& s, const event::ChairHandedOver& e);
void apply_meeting_event(State& s, const event::ItemStarted& e);
void apply_meeting_event(State& s, const event::DebateOpened& e);
void apply_meeting_event(State& s, const event::FloorRequested& e);
void apply_meeting_event(State& s, const event::FloorRequestWithdrawn& e);
void apply_meeting_event(State& s, const event::FloorRecognized& e);
void apply_meeting_event(State& s, const event::TurnEnded& e);
void apply_meeting_event(State& s, const event::OrderRaised& e);
void apply_meeting_event(State& s, const event::OrderRuled& e);
void apply_meeting_event(State& s, const event::RulingReversed& e);
void apply_meeting_event(State& s, const event::MotionMoved& e);
void apply_meeting_event(State& s, const event::MotionSeconded& e);
void apply_meeting_event(State& s, const event::VoteCalled& e);
void apply_meeting_event(State& s, const event::VoteCounted& e);
void apply_meeting_event(State& s, const event::TextAmended& e);
void apply_meeting_event(State& s, const event::ItemDeferred& e);
void apply_meeting_event(State& s, const event::DebateLimited& e);
void apply_meeting_event(State& s, const event::DebateClosed& e);
void apply_meeting_event(State& s, const event::ItemDecided& e);
void apply_meeting_event(State& s, const event::Recessed& e);
void apply_meeting_event(State& s, const event::Resumed& e);
void apply_meeting_event(State& s, const event::Adjourned& e);
void apply_meeting_event(State& s, const event::MinutesAmended& e);
void apply_meeting_event(State& s, const event::MinutesApproved& e);

}  // namespace yishi::engine
