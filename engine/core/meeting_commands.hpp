// Commands of meetings. The chair's commands are accepted only from whoever
// presides at the moment (Meeting::chair), whatever role they hold.
#pragma once

#include "engine/core/tagged.hpp"

#include <cstdint>
#include <string>

#include "engine/core/meeting.hpp"

namespace yishi::engine {

namespace command {

struct ScheduleMeeting {
  MeetingId meeting;
  MeetingKind kind = MeetingKind::council;
  std::string title;
  Timestamp starts_at = 0;
  MemberId chair;
  std::string urgent_reason;  // non-empty: the urgent track's shorter notice
  YISHI_COMMAND(ScheduleMeeting, "meeting.schedule", Role::convener);
};
struct AddItem {
  MeetingId meeting;
  ItemId item;
  ProposalId proposal;  // empty: a procedural item
  std::string title;    // defaults to the proposal's title
  std::string question;
  std::uint32_t planned_minutes = 0;
  YISHI_COMMAND(AddItem, "meeting.add_item", Role::convener);
};
struct MoveItem {
  MeetingId meeting;
  ItemId item;
  std::uint32_t position = 0;  // 0-based
  YISHI_COMMAND(MoveItem, "meeting.move_item", Role::convener);
};
struct OpenMeeting {
  MeetingId meeting;
  YISHI_COMMAND(OpenMeeting, "meeting.open", Role::chair, Role::convener);
};
struct CheckIn {
  MeetingId meeting;
  MemberId member;  // empty: the actor; otherwise the secretary or chair signs someone in
  YISHI_COMMAND(CheckIn, "meeting.check_in", kAnyRole);
};
struct CheckOut {
  MeetingId meeting;
  MemberId member;
  YISHI_COMMAND(CheckOut, "meeting.check_out", kAnyRole);
};
struct RegisterProxy {
  MeetingId meeting;
  MemberId holder;
  YISHI_COMMAND(RegisterProxy, "meeting.register_proxy", Role::resident);
};
struct CallToOrder {
  MeetingId meeting;
  YISHI_COMMAND(CallToOrder, "meeting.call_to_order", kPresiding);
};
struct HandOverChair {
  MeetingId meeting;
  MemberId to;
  YISHI_COMMAND(HandOverChair, "meeting.hand_over_chair", kPresiding);
};
struct StartItem {
  MeetingId meeting;
  ItemId item;
  YISHI_COMMAND(StartItem, "meeting.start_item", kPresiding);
};
struct OpenDebate {
  MeetingId meeting;
  YISHI_COMMAND(OpenDebate, "meeting.open_debate", kPresiding);
};
struct RequestFloor {
  MeetingId meeting;
  Stance stance = Stance::neutral;
  YISHI_COMMAND(RequestFloor, "floor.request", kAnyRole);
};
struct WithdrawRequest {
  MeetingId meeting;
  YISHI_COMMAND(WithdrawRequest, "floor.withdraw_request", kAnyRole);
};
struct Recognize {
  MeetingId meeting;
  YISHI_COMMAND(Recognize, "floor.recognize", kPresiding);
};
struct Yield {
  MeetingId meeting;
  YISHI_COMMAND(Yield, "floor.yield", kAnyRole);
};
struct CutOff {
  MeetingId meeting;
  std::string reason;
  YISHI_COMMAND(CutOff, "floor.cut_off", kPresiding);
};
struct RaiseOrder {
  MeetingId meeting;
  std::string text;
  YISHI_COMMAND(RaiseOrder, "order.raise", kAnyRole);
};
struct RuleOrder {
  MeetingId meeting;
  bool sustained = false;
  std::string reason;
  YISHI_COMMAND(RuleOrder, "order.rule", kPresiding);
};
struct MoveMotion {
  MeetingId meeting;
  MotionKind kind = MotionKind::amend;
  std::string text;
  Milliseconds turn_limit = 0;
  YISHI_COMMAND(MoveMotion, "motion.move", kAnyRole);
};
struct SecondMotion {
  MeetingId meeting;
  YISHI_COMMAND(SecondMotion, "motion.second", kAnyRole);
};
struct CallVote {
  MeetingId meeting;
  YISHI_COMMAND(CallVote, "vote.call", kPresiding);
};
struct CountVote {
  MeetingId meeting;
  std::uint32_t yes = 0;
  std::uint32_t no = 0;
  std::uint32_t abstain = 0;
  YISHI_COMMAND(CountVote, "vote.count", kPresiding);
};
struct ConcludeItem {
  MeetingId meeting;
  YISHI_COMMAND(ConcludeItem, "meeting.conclude_item", kPresiding);
};
struct Resume {
  MeetingId meeting;
  YISHI_COMMAND(Resume, "meeting.resume", kPresiding);
};
struct Adjourn {
  MeetingId meeting;
  YISHI_COMMAND(Adjourn, "meeting.adjourn", kPresiding);
};
struct AmendMinutes {
  MeetingId meeting;
  std::string text;
  YISHI_COMMAND(AmendMinutes, "minutes.amend", Role::secretary);
};
struct ApproveMinutes {
  MeetingId meeting;
  YISHI_COMMAND(ApproveMinutes, "minutes.approve", Role::chair, Role::convener);
};

}  // namespace command

}  // namespace yishi::engine
