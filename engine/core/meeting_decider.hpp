// The meeting decider, split along its transition table (the table is in
// decide_meeting.cpp): one file per section, each defining that section's
// commands and the checks only it uses. Private to engine/core: only the
// decide_meeting*.cpp files include it.
#pragma once

#include <expected>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/core/attendance.hpp"
#include "engine/core/decide_meeting.hpp"
#include "engine/core/validation.hpp"

namespace yishi::engine::detail {

using Events = std::vector<Event>;

// A binding meeting without quorum refuses business (decide_meeting_attendance.cpp).
std::optional<Rejection> quorum_rejection(const Meeting& m);
// Robert's Rules: without quorum a meeting may still recess or adjourn.
bool decidable_without_quorum(MotionKind k);

// What an adopted motion does (decide_meeting_motions.cpp).
void add_motion_effects(const Meeting& m, const Motion& motion, std::vector<Event>& out);

// One operator() per meeting command, defined in the file of its table section.
class MeetingDecider {
 public:
  MeetingDecider(const State& s, const Context& ctx) : s_(s), ctx_(ctx) {}

  // The agenda: decide_meeting_agenda.cpp.
  Decision operator()(const command::ScheduleMeeting& c) const;
  Decision operator()(const command::AddItem& c) const;
  Decision operator()(const command::MoveItem& c) const;
  Decision operator()(const command::OpenMeeting& c) const;

  // Attendance, the chair and quorum: decide_meeting_attendance.cpp.
  Decision operator()(const command::CheckIn& c) const;
  Decision operator()(const command::CheckOut& c) const;
  Decision operator()(const command::RegisterProxy& c) const;
  Decision operator()(const command::CallToOrder& c) const;
  Decision operator()(const command::HandOverChair& c) const;

  // Items and the floor: decide_meeting_floor.cpp.
  Decision operator()(const command::StartItem& c) const;
  Decision operator()(const command::OpenDebate& c) const;
  Decision operator()(const command::RequestFloor& c) const;
  Decision operator()(const command::WithdrawRequest& c) const;
  Decision operator()(const command::Recognize& c) const;
  Decision operator()(const command::Yield& c) const;
  Decision operator()(const command::CutOff& c) const;

  // Points of order and motions: decide_meeting_motions.cpp.
  Decision operator()(const command::RaiseOrder& c) const;
  Decision operator()(const command::RuleOrder& c) const;
  Decision operator()(const command::MoveMotion& c) const;
  Decision operator()(const command::SecondMotion& c) const;

  // Votes: decide_meeting_votes.cpp.
  Decision operator()(const command::CallVote& c) const;
  Decision operator()(const command::CountVote& c) const;
  Decision operator()(const command::ConcludeItem& c) const;

  // Recess, adjournment and minutes: decide_meeting.cpp.
  Decision operator()(const command::Resume& c) const;
  Decision operator()(const command::Adjourn& c) const;
  Decision operator()(const command::AmendMinutes& c) const;
  Decision operator()(const command::ApproveMinutes& c) const;

 private:
  // decide_meeting.cpp
  std::expected<const Meeting*, Rejection> meeting(const MeetingId& id) const;
  std::expected<const Meeting*, Rejection> chaired(const MeetingId& id) const;
  std::optional<Rejection> phase_is(const Meeting& m, std::initializer_list<MeetingPhase> allowed,
                                    std::string_view verb) const;
  std::optional<Rejection> in_session(const Meeting& m) const;

  // decide_meeting_agenda.cpp
  std::optional<Rejection> agenda_editable(const Meeting& m) const;

  // decide_meeting_attendance.cpp
  static std::optional<Rejection> quorum(const Meeting& m);
  std::optional<Rejection> may_act_for(const Meeting& m, const MemberId& member) const;
  static bool present(const Meeting& m, const MemberId& member);
  void add_quorum_change(const Meeting& m, const std::vector<PresenceChange>& changes,
                         Events& out) const;

  // decide_meeting_floor.cpp
  std::optional<Rejection> debating(const Meeting& m) const;
  bool expired(const Meeting& m) const;
  bool floor_busy(const Meeting& m) const;
  event::TurnEnded time_up(const Meeting& m) const;
  event::TurnEnded time_up_or(const Meeting& m, TurnEnd how) const;
  Decision with_expiry(const Meeting& m, Events out) const;

  // decide_meeting_motions.cpp
  std::optional<Rejection> no_pending_order(const Meeting& m) const;
  Events lapse_unseconded(const Meeting& m) const;
  static int amendment_degree(const Meeting& m);

  const State& s_;
  const Context& ctx_;
};

}  // namespace yishi::engine::detail
