// The record of one meeting, rebuilt from its events: what minutes (会议纪要)
// and the replay timeline are rendered from. Pure: events in, values out.
// Minutes are never typed; corrections are recorded amendments.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "engine/core/events.hpp"

namespace yishi::minutes {

using engine::MemberId;
using engine::Milliseconds;
using engine::Timestamp;

// An event as the log recorded it.
struct Recorded {
  std::uint64_t seq = 0;
  Timestamp time = 0;
  MemberId actor;
  engine::Event event;
};

// The meeting an event belongs to, if any.
std::optional<std::string> meeting_of(const engine::Event& e);

// Which events tell a meeting's story: those naming the meeting, and those of
// the ballots opened at it, which name only their ballot. Shown events in log
// order, it learns the meeting's ballots from their openings.
class MeetingScope {
 public:
  explicit MeetingScope(std::string meeting) : meeting_(std::move(meeting)) {}
  bool admits(const engine::Event& e);

 private:
  std::string meeting_;
  std::set<std::string, std::less<>> ballots_;
};

struct Vote {
  std::uint32_t yes = 0, no = 0, abstain = 0;
  bool passed = false;
  std::string ballot = {};  // empty: the chair's count
  bool secret = false;      // a secret ballot (its ballots are published by receipt)
};

struct Speech {
  Timestamp at = 0;
  MemberId member;
  engine::Stance stance = engine::Stance::neutral;
  Milliseconds spoke = 0;
  engine::TurnEnd how = engine::TurnEnd::yielded;
  std::string cut_off_reason;
};

struct PointOfOrder {
  Timestamp at = 0;
  MemberId raised_by;
  std::string text;
  std::optional<bool> sustained;
  std::string ruling;
  bool reversed_on_appeal = false;
};

struct MotionRecord {
  Timestamp at = 0;
  std::uint32_t number = 0;
  engine::MotionKind kind = engine::MotionKind::amend;
  MemberId mover;
  MemberId seconder;
  std::string text;
  Milliseconds turn_limit = 0;
  std::optional<Vote> vote;
  bool lapsed = false;  // nobody seconded it
};

struct ItemRecord {
  engine::ItemId id;
  engine::ProposalId proposal;
  std::string title;
  std::string question;        // as put on the agenda
  std::string final_question;  // after adopted amendments
  std::uint32_t planned_minutes = 0;
  MemberId presenter;
  Timestamp started_at = 0;
  Timestamp debate_opened_at = 0;
  std::vector<Speech> speeches;
  std::vector<PointOfOrder> points_of_order;
  std::vector<MotionRecord> motions;
  std::optional<Vote> vote;  // on the item's question
  engine::ItemPhase phase = engine::ItemPhase::pending;
  engine::ItemOutcome outcome = engine::ItemOutcome::none;
  std::string deferred_reason;
  Timestamp closed_at = 0;
};

struct Presence {
  Timestamp at = 0;
  MemberId member;
  bool arrived = true;
};

struct Proxy {
  Timestamp at = 0;
  MemberId grantor, holder;
};

struct QuorumChange {
  Timestamp at = 0;
  bool met = false;
  std::uint64_t people = 0, households = 0;
  std::int64_t area_centi_m2 = 0;
};

struct MeetingRecord {
  engine::MeetingId id;
  engine::MeetingKind kind = engine::MeetingKind::council;
  std::string title;
  Timestamp scheduled_at = 0;
  Timestamp starts_at = 0;
  MemberId convener, chair;
  std::string urgent_reason;
  std::uint32_t rulebook_version = 0;
  engine::QuorumBasis quorum_basis = engine::QuorumBasis::headcount;
  engine::Fraction quorum;
  Timestamp opened_at = 0, called_to_order_at = 0, adjourned_at = 0;
  std::uint64_t electorate_people = 0, electorate_households = 0;
  std::int64_t electorate_area_centi_m2 = 0;
  std::vector<Presence> presence;
  std::vector<Proxy> proxies;
  std::vector<QuorumChange> quorum_changes;
  std::vector<std::pair<Timestamp, MemberId>> chair_changes;
  std::vector<std::pair<Timestamp, Timestamp>> recesses;  // start, resume (0 if none)
  std::vector<ItemRecord> agenda;                         // in agenda order
  std::vector<MotionRecord> procedural_motions;           // recess, adjourn
  std::vector<PointOfOrder> procedural_points;            // raised between items
  std::vector<std::pair<Timestamp, std::string>> minutes_amendments;
  std::optional<std::pair<Timestamp, MemberId>> approved;
  std::uint64_t first_seq = 0, last_seq = 0;
};

// Rebuilds the record of `meeting` from the events (in log order) that carry it.
// Returns nullopt if the log never scheduled that meeting.
std::optional<MeetingRecord> build_record(const std::string& meeting,
                                          std::span<const Recorded> events);

}  // namespace yishi::minutes
