// Events of meetings: agenda, attendance, floor, points of order, motions and
// votes, minutes. Same discipline as events.hpp: explicit stable tags.
#pragma once

#include "engine/core/tagged.hpp"

#include <cstdint>
#include <string>

#include "engine/core/meeting.hpp"
#include "engine/core/rulebook.hpp"

namespace yishi::engine {

namespace event {

struct MeetingScheduled {
  MeetingId meeting;
  MeetingKind kind = MeetingKind::council;
  std::string title;
  Timestamp starts_at = 0;
  MemberId convener;
  MemberId chair;
  std::string urgent_reason;  // empty: the ordinary notice period was given
  Rulebook rules;             // frozen for the meeting; version N: rulebook layout N + 1
  YISHI_EVENT(MeetingScheduled, "meeting.scheduled", 5);
};
struct ItemAdded {
  MeetingId meeting;
  ItemId item;
  ProposalId proposal;
  std::string title;
  std::string question;
  std::uint32_t planned_minutes = 0;
  std::uint32_t position = 0;
  YISHI_EVENT(ItemAdded, "meeting.item_added", 1);
};
struct ItemMoved {
  MeetingId meeting;
  ItemId item;
  std::uint32_t position = 0;
  YISHI_EVENT(ItemMoved, "meeting.item_moved", 1);
};
struct MeetingOpened {
  MeetingId meeting;
  std::uint64_t electorate_people = 0;
  std::uint64_t electorate_households = 0;
  std::int64_t electorate_area_centi_m2 = 0;
  YISHI_EVENT(MeetingOpened, "meeting.opened", 1);
};
struct CheckedIn {
  MeetingId meeting;
  MemberId member;
  YISHI_EVENT(CheckedIn, "meeting.checked_in", 1);
};
struct CheckedOut {
  MeetingId meeting;
  MemberId member;
  YISHI_EVENT(CheckedOut, "meeting.checked_out", 1);
};
struct ProxyRegistered {
  MeetingId meeting;
  MemberId grantor;
  MemberId holder;
  YISHI_EVENT(ProxyRegistered, "meeting.proxy_registered", 1);
};
struct QuorumLost {
  MeetingId meeting;
  std::uint64_t people = 0;
  std::uint64_t households = 0;
  std::int64_t area_centi_m2 = 0;
  YISHI_EVENT(QuorumLost, "meeting.quorum_lost", 1);
};
struct QuorumReached {
  MeetingId meeting;
  std::uint64_t people = 0;
  std::uint64_t households = 0;
  std::int64_t area_centi_m2 = 0;
  YISHI_EVENT(QuorumReached, "meeting.quorum_reached", 1);
};
struct CalledToOrder {
  MeetingId meeting;
  YISHI_EVENT(CalledToOrder, "meeting.called_to_order", 1);
};
struct ChairHandedOver {
  MeetingId meeting;
  MemberId to;
  YISHI_EVENT(ChairHandedOver, "meeting.chair_handed_over", 1);
};
struct ItemStarted {
  MeetingId meeting;
  ItemId item;
  MemberId presenter;
  Timestamp presentation_ends_at = 0;
  Milliseconds turn_limit = 0;
  YISHI_EVENT(ItemStarted, "meeting.item_started", 1);
};
struct DebateOpened {
  MeetingId meeting;
  ItemId item;
  YISHI_EVENT(DebateOpened, "meeting.debate_opened", 1);
};
struct FloorRequested {
  MeetingId meeting;
  MemberId member;
  Stance stance = Stance::neutral;
  YISHI_EVENT(FloorRequested, "floor.requested", 1);
};
struct FloorRequestWithdrawn {
  MeetingId meeting;
  MemberId member;
  YISHI_EVENT(FloorRequestWithdrawn, "floor.request_withdrawn", 1);
};
struct FloorRecognized {
  MeetingId meeting;
  MemberId member;
  Stance stance = Stance::neutral;
  Timestamp at = 0;
  Timestamp ends_at = 0;
  YISHI_EVENT(FloorRecognized, "floor.recognized", 1);
};
struct TurnEnded {
  MeetingId meeting;
  MemberId member;
  TurnEnd how = TurnEnd::yielded;
  Milliseconds spoke = 0;
  std::string reason;  // the chair's, when cut off
  YISHI_EVENT(TurnEnded, "floor.turn_ended", 1);
};
struct OrderRaised {
  MeetingId meeting;
  MemberId member;
  std::string text;
  Milliseconds floor_remaining = 0;  // the interrupted speaker's time left, kept for them
  YISHI_EVENT(OrderRaised, "order.raised", 1);
};
struct OrderRuled {
  MeetingId meeting;
  bool sustained = false;
  std::string reason;
  Timestamp floor_ends_at = 0;  // the interrupted speaker resumes with the time they had
  YISHI_EVENT(OrderRuled, "order.ruled", 1);
};
struct RulingReversed {
  MeetingId meeting;
  YISHI_EVENT(RulingReversed, "order.ruling_reversed", 1);
};
struct MotionMoved {
  MeetingId meeting;
  std::uint32_t number = 0;
  MotionKind kind = MotionKind::amend;
  MemberId mover;
  std::string text;
  Milliseconds turn_limit = 0;
  YISHI_EVENT(MotionMoved, "motion.moved", 1);
};
struct MotionSeconded {
  MeetingId meeting;
  std::uint32_t number = 0;
  MemberId member;
  YISHI_EVENT(MotionSeconded, "motion.seconded", 1);
};
struct VoteCalled {
  MeetingId meeting;
  std::uint32_t subject = 0;  // a motion's number, or 0 for the item's question
  YISHI_EVENT(VoteCalled, "vote.called", 1);
};
struct VoteCounted {
  MeetingId meeting;
  std::uint32_t subject = 0;
  std::uint32_t yes = 0;
  std::uint32_t no = 0;
  std::uint32_t abstain = 0;
  bool passed = false;
  YISHI_EVENT(VoteCounted, "vote.counted", 1);
};
// An adopted amendment: the text of the item's question (target 0) or of the
// pending amendment it amends (target = that motion's number) is replaced.
struct TextAmended {
  MeetingId meeting;
  std::uint32_t target = 0;
  std::string text;
  YISHI_EVENT(TextAmended, "motion.text_amended", 1);
};
struct ItemDeferred {
  MeetingId meeting;
  ItemId item;
  std::string reason;
  YISHI_EVENT(ItemDeferred, "meeting.item_deferred", 1);
};
// An item leaves the agenda before the meeting opens (its proposal was withdrawn).
struct ItemRemoved {
  MeetingId meeting;
  ItemId item;
  std::string reason;
  YISHI_EVENT(ItemRemoved, "meeting.item_removed", 1);
};
// A motion nobody seconded is no longer before the meeting.
struct MotionLapsed {
  MeetingId meeting;
  std::uint32_t number = 0;
  YISHI_EVENT(MotionLapsed, "motion.lapsed", 1);
};
struct DebateLimited {
  MeetingId meeting;
  ItemId item;
  Milliseconds turn_limit = 0;
  YISHI_EVENT(DebateLimited, "meeting.debate_limited", 1);
};
struct DebateClosed {
  MeetingId meeting;
  ItemId item;
  YISHI_EVENT(DebateClosed, "meeting.debate_closed", 1);
};
struct ItemDecided {
  MeetingId meeting;
  ItemId item;
  ItemOutcome outcome = ItemOutcome::none;
  YISHI_EVENT(ItemDecided, "meeting.item_decided", 1);
};
struct Recessed {
  MeetingId meeting;
  YISHI_EVENT(Recessed, "meeting.recessed", 1);
};
struct Resumed {
  MeetingId meeting;
  YISHI_EVENT(Resumed, "meeting.resumed", 1);
};
struct Adjourned {
  MeetingId meeting;
  YISHI_EVENT(Adjourned, "meeting.adjourned", 1);
};
struct MinutesAmended {
  MeetingId meeting;
  std::string text;
  YISHI_EVENT(MinutesAmended, "minutes.amended", 1);
};
struct MinutesApproved {
  MeetingId meeting;
  MemberId by;
  YISHI_EVENT(MinutesApproved, "minutes.approved", 1);
};

}  // namespace event

}  // namespace yishi::engine
