// evolve() for notices, residents' reports and referral replies (private to evolve.cpp).
#pragma once

#include "engine/core/state.hpp"
#include "engine/core/two_way_events.hpp"

namespace yishi::engine {

void apply_two_way_event(State& s, const event::NoticePublished& e);
void apply_two_way_event(State& s, const event::NoticeAcknowledged& e);
void apply_two_way_event(State& s, const event::ReportFiled& e);
void apply_two_way_event(State& s, const event::ReportTriaged& e);
void apply_two_way_event(State& s, const event::ReplyRequested& e);
void apply_two_way_event(State& s, const event::ReferralReplied& e);

}  // namespace yishi::engine
