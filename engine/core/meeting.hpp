// A meeting (会议): its agenda, attendance and quorum, the floor and speaker
// queue, points of order and the motion stack. Plain data; the rules that move
// it live in decide_meeting.cpp, and minutes are derived from its events.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/rulebook.hpp"
#include "engine/core/types.hpp"

namespace yishi::engine {

using MeetingId = std::string;
using ItemId = std::string;

enum class MeetingKind : std::uint8_t { consultation, council, assembly, hearing };
enum class MeetingPhase : std::uint8_t {
  scheduled,
  open,
  in_session,
  recess,
  adjourned,
  minutes_approved
};
enum class ItemPhase : std::uint8_t {
  pending,
  presenting,
  deliberating,
  voting,
  decided,
  deferred
};
enum class Stance : std::uint8_t { pro, con, neutral, question };
// Ranked as Robert's Rules rank subsidiary and privileged motions: a motion may
// be made only while every pending one ranks lower (amend on amend excepted).
enum class MotionKind : std::uint8_t {
  amend = 1,
  refer = 2,
  postpone = 3,
  limit_debate = 4,  // also extends: it sets the turn length
  close_debate = 5,
  recess = 6,
  adjourn = 7,
  appeal = 8,         // appeal from the chair's ruling on a point of order
  change_agenda = 9,  // add an item once in session: between items, by supermajority
};
enum class MotionPhase : std::uint8_t { moved, seconded, voting };
enum class TurnEnd : std::uint8_t { yielded, time_up, cut_off, interrupted };
enum class ItemOutcome : std::uint8_t { none, adopted, rejected, noted };

std::string_view to_string(MeetingKind);
std::string_view to_string(MeetingPhase);
std::string_view to_string(ItemPhase);
std::string_view to_string(Stance);
std::string_view to_string(MotionKind);
std::string_view to_string(TurnEnd);
std::string_view to_string(ItemOutcome);
std::string_view to_string(QuorumBasis);
std::optional<MeetingKind> parse_meeting_kind(std::string_view);
std::optional<Stance> parse_stance(std::string_view);
std::optional<MotionKind> parse_motion_kind(std::string_view);
std::optional<QuorumBasis> parse_quorum_basis(std::string_view);

// The reasons adjournment records on the items it defers (minutes translate them).
inline constexpr std::string_view kNotReached = "not_reached";
inline constexpr std::string_view kLeftOpenAtAdjournment = "left_open_at_adjournment";

// Only binding meetings (council, assembly) need quorum and take binding votes.
inline bool is_binding(MeetingKind k) {
  return k == MeetingKind::council || k == MeetingKind::assembly;
}
// Motions that need two thirds (or the rulebook's supermajority) of votes cast.
inline bool needs_supermajority(MotionKind k) {
  return k == MotionKind::limit_debate || k == MotionKind::close_debate ||
         k == MotionKind::change_agenda;
}

struct AgendaItem {
  ItemId id;
  ProposalId proposal;  // empty for procedural items
  std::string title;
  std::string question;  // the text put to the vote; amendments change it
  std::uint32_t planned_minutes = 0;
  ItemPhase phase = ItemPhase::pending;
  ItemOutcome outcome = ItemOutcome::none;
  MemberId presenter;
  Timestamp presentation_ends_at = 0;
  Milliseconds turn_limit = 0;  // the rulebook's, unless a motion limited or extended it
  std::map<MemberId, std::uint32_t> turns;  // turns taken on this item
  std::optional<Stance> last_side;          // pro or con of the last such speaker
  friend bool operator==(const AgendaItem&, const AgendaItem&) = default;
};

struct SpeakRequest {
  MemberId member;
  Stance stance = Stance::neutral;
  // Whether they had already spoken on the item when they asked. Fixed while
  // they wait (a queued member cannot speak), so ordering needs no lookups.
  bool repeat = false;
  friend bool operator==(const SpeakRequest&, const SpeakRequest&) = default;
};

struct Floor {
  MemberId member;
  Stance stance = Stance::neutral;
  Timestamp started_at = 0;
  Timestamp ends_at = 0;   // when the turn's time is up (moves on after a pause)
  Milliseconds limit = 0;  // the turn's length when it began
  std::optional<Milliseconds> paused_remaining;  // set while a point of order interrupts
  friend bool operator==(const Floor&, const Floor&) = default;
};

struct PointOfOrder {
  MemberId raised_by;
  std::string text;
  std::optional<bool> sustained;  // the chair's ruling, once made
  std::string ruling_reason;
  bool appealed = false;  // an appeal was moved against the ruling (only one may be)
  friend bool operator==(const PointOfOrder&, const PointOfOrder&) = default;
};

struct Motion {
  std::uint32_t number = 0;  // 1, 2, ... within the meeting
  MotionKind kind = MotionKind::amend;
  MemberId mover;
  MemberId seconder;
  std::string text;             // amendment text, referral body, reason...
  Milliseconds turn_limit = 0;  // limit_debate: the new turn length
  MotionPhase phase = MotionPhase::moved;
  friend bool operator==(const Motion&, const Motion&) = default;
};

// Who counts as present, kept as running totals so a quorum check costs the
// same in the first minute and the fifth hour.
struct Attendance {
  std::map<MemberId, std::uint8_t> reasons;  // 1 in person, +1 via a present proxy holder
  std::map<MemberId, bool> in_person;
  std::map<MemberId, MemberId> proxy_of;                   // grantor -> holder
  std::map<MemberId, std::vector<MemberId>> proxies_held;  // holder -> grantors
  std::map<HouseholdId, std::uint32_t> household_present;
  std::uint64_t people = 0;
  std::uint64_t households = 0;
  std::int64_t area_centi_m2 = 0;
  friend bool operator==(const Attendance&, const Attendance&) = default;
};

// The electorate frozen when the meeting opens: quorum is a share of it.
struct Electorate {
  std::uint64_t people = 0;
  std::uint64_t households = 0;
  std::int64_t area_centi_m2 = 0;
  friend bool operator==(const Electorate&, const Electorate&) = default;
};

struct Meeting {
  MeetingId id;
  MeetingKind kind = MeetingKind::council;
  std::string title;
  Timestamp starts_at = 0;
  MemberId convener;
  MemberId chair;            // who presides now
  MemberId appointed_chair;  // who was appointed; may hand the chair over and take it back
  bool urgent = false;
  std::string urgent_reason;
  Rulebook rules;  // frozen when scheduled
  MeetingPhase phase = MeetingPhase::scheduled;
  std::vector<AgendaItem> agenda;
  std::optional<std::size_t> current;  // index of the item being taken up
  Electorate electorate;
  Attendance attendance;
  bool quorate = false;
  std::vector<SpeakRequest> queue;  // in order of request
  std::set<MemberId> queued;        // index of queue's members, for O(log n) checks
  std::optional<Floor> floor;
  std::optional<PointOfOrder> point_of_order;
  std::vector<Motion> motions;  // the stack: back() is the immediately pending one
  std::uint32_t motions_made = 0;
  std::optional<std::uint32_t> vote_on;  // motion number being voted on; 0 = the item itself
  std::string item_ballot;               // the ballot deciding the item, while it is open
  std::vector<std::string> minutes_amendments;
  MemberId minutes_approved_by;

  AgendaItem* item() { return current ? &agenda[*current] : nullptr; }
  const AgendaItem* item() const { return current ? &agenda[*current] : nullptr; }
  const AgendaItem* find_item(const ItemId& id) const;
  friend bool operator==(const Meeting&, const Meeting&) = default;
};

// How long the floor holder has spoken by `now`, pauses for points of order excluded.
Milliseconds time_spoken(const Floor& f, Timestamp now);

// Quorum on the meeting's basis, from running totals.
bool quorum_met(const Meeting& m, std::uint64_t people, std::uint64_t households,
                std::int64_t area_centi_m2);
inline bool quorum_met(const Meeting& m) {
  return quorum_met(m, m.attendance.people, m.attendance.households, m.attendance.area_centi_m2);
}

// The order in which the chair must recognise those waiting: first-time speakers
// on the item before repeat speakers; within each, pro and con alternate while
// both wait; otherwise first come, first served. Index into m.queue.
std::vector<std::size_t> speaker_order(const Meeting& m);
// speaker_order(m).front() in one pass without allocating: what the chair's
// "recognise" picks, thousands of times in a large meeting.
std::optional<std::size_t> next_speaker(const Meeting& m);

}  // namespace yishi::engine
