// Events: the facts the log records. Each type carries an explicit stable tag and
// a version; the codec dispatches on the tag, never on a variant index, so adding
// or reordering types never re-types old log rows. Events hold no personal data.
#pragma once

#include "engine/core/tagged.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/core/ballot_events.hpp"
#include "engine/core/meeting_events.hpp"
#include "engine/core/proposal.hpp"
#include "engine/core/rulebook.hpp"
#include "engine/core/task_events.hpp"
#include "engine/core/two_way_events.hpp"
#include "engine/core/types.hpp"

namespace yishi::engine {

namespace event {

struct CommunityFounded {
  CommunityId community;
  MemberId admin;
  Rulebook rulebook;
  // The community's local time, for minutes and replays (added in version 4;
  // older communities read as +08:00, China Standard Time).
  std::int32_t utc_offset_minutes = 8 * 60;
  // Version N carries rulebook layout N: 2 added the meeting section, 3 the ballot
  // section, 4 the layout-4 rules and the UTC offset, 5 the implementation rules
  // (older versions still decode).
  YISHI_EVENT(CommunityFounded, "community.founded", 6);
};
struct HouseholdRegistered {
  HouseholdId household;
  std::int64_t area_centi_m2 = 0;
  YISHI_EVENT(HouseholdRegistered, "household.registered", 1);
};
struct MemberRegistered {
  MemberId member;
  HouseholdId household;
  RoleSet roles;
  YISHI_EVENT(MemberRegistered, "member.registered", 1);
};
struct RoleGranted {
  MemberId member;
  Role role = Role::resident;
  YISHI_EVENT(RoleGranted, "member.role_granted", 1);
};
struct RoleRevoked {
  MemberId member;
  Role role = Role::resident;
  YISHI_EVENT(RoleRevoked, "member.role_revoked", 1);
};
// A member's personal details (name, contact) are erased everywhere outside the
// chain. The chain held only the pseudonymous id, so it still verifies.
struct MemberErased {
  MemberId member;
  YISHI_EVENT(MemberErased, "member.erased", 1);
};
struct ProposalDrafted {
  ProposalId proposal;
  MemberId author;
  ProposalKind kind = ProposalKind::project;
  std::string title;
  std::string summary;
  Timestamp at = 0;
  // Version 2: what the author thinks it costs (whole currency units; 0: not
  // said) and a free category label ("" for none), as residents propose projects.
  std::int64_t estimated_cost = 0;
  std::string category;
  YISHI_EVENT(ProposalDrafted, "proposal.drafted", 2);
};
// The rules a rule_change proposal changes, recorded with the draft; adoption
// applies them to the rulebook in force at that moment.
struct RulebookProposed {
  ProposalId proposal;
  RulebookChange change;  // version N: rulebook layout N + 1
  YISHI_EVENT(RulebookProposed, "proposal.rulebook_proposed", 5);
};
// An adopted rule change takes effect: later meetings and ballots use it;
// those already scheduled or open keep the rulebook they froze.
struct RulebookInstalled {
  ProposalId proposal;
  Rulebook rulebook;  // version N: rulebook layout N + 1
  YISHI_EVENT(RulebookInstalled, "rulebook.installed", 5);
};
struct ProposalRevised {
  ProposalId proposal;
  std::string title;
  std::string summary;
  YISHI_EVENT(ProposalRevised, "proposal.revised", 1);
};
struct ProposalSubmitted {
  ProposalId proposal;
  Timestamp deadline = 0;
  std::uint32_t threshold = 0;
  YISHI_EVENT(ProposalSubmitted, "proposal.submitted", 1);
};
struct ProposalSupported {
  ProposalId proposal;
  MemberId supporter;
  YISHI_EVENT(ProposalSupported, "proposal.supported", 1);
};
// Enough co-signers: the proposal moves to the convener's screening.
struct ProposalSentToScreening {
  ProposalId proposal;
  YISHI_EVENT(ProposalSentToScreening, "proposal.sent_to_screening", 1);
};
struct ProposalExpired {
  ProposalId proposal;
  YISHI_EVENT(ProposalExpired, "proposal.expired", 1);
};
struct ProposalAccepted {
  ProposalId proposal;
  std::string reason;
  YISHI_EVENT(ProposalAccepted, "proposal.accepted", 1);
};
struct ProposalReturned {
  ProposalId proposal;
  std::string reason;
  YISHI_EVENT(ProposalReturned, "proposal.returned", 1);
};
struct ProposalReferred {
  ProposalId proposal;
  std::string body;
  std::string reason;
  YISHI_EVENT(ProposalReferred, "proposal.referred", 1);
};
struct ProposalMerged {
  ProposalId proposal;
  ProposalId into;
  std::string reason;
  std::vector<MemberId> moved_supporters;  // who now co-signs `into`
  YISHI_EVENT(ProposalMerged, "proposal.merged", 1);
};
struct ProposalScheduled {
  ProposalId proposal;
  std::string meeting;
  YISHI_EVENT(ProposalScheduled, "proposal.scheduled", 1);
};
// A consultation (座谈会) heard the proposal and noted the opinions; it goes back
// to accepted, carrying that record, for a binding meeting to take up.
struct ProposalConsulted {
  ProposalId proposal;
  std::string meeting;
  std::string item;
  YISHI_EVENT(ProposalConsulted, "proposal.consulted", 1);
};
struct ProposalWithdrawn {
  ProposalId proposal;
  std::string reason;
  YISHI_EVENT(ProposalWithdrawn, "proposal.withdrawn", 1);
};

}  // namespace event

using Event = std::variant<
    event::CommunityFounded, event::HouseholdRegistered, event::MemberRegistered,
    event::RoleGranted, event::RoleRevoked, event::ProposalDrafted, event::ProposalRevised,
    event::ProposalSubmitted, event::ProposalSupported, event::ProposalSentToScreening,
    event::ProposalExpired, event::ProposalAccepted, event::ProposalReturned,
    event::ProposalReferred, event::ProposalMerged, event::ProposalScheduled,
    event::ProposalWithdrawn, event::MeetingScheduled, event::ItemAdded, event::ItemMoved,
    event::MeetingOpened, event::CheckedIn, event::CheckedOut, event::ProxyRegistered,
    event::QuorumLost, event::QuorumReached, event::CalledToOrder, event::ChairHandedOver,
    event::ItemStarted, event::DebateOpened, event::FloorRequested, event::FloorRequestWithdrawn,
    event::FloorRecognized, event::TurnEnded, event::OrderRaised, event::OrderRuled,
    event::RulingReversed, event::MotionMoved, event::MotionSeconded, event::VoteCalled,
    event::VoteCounted, event::TextAmended, event::ItemDeferred, event::DebateLimited,
    event::DebateClosed, event::ItemDecided, event::Recessed, event::Resumed, event::Adjourned,
    event::MinutesAmended, event::MinutesApproved, event::BallotOpened, event::BallotParticipated,
    event::BallotSealed, event::BallotUnsealed, event::BallotTallied, event::RulebookProposed,
    event::RulebookInstalled, event::BallotOptionsLinked, event::ProposalSeeded,
    event::ProposalPrioritised, event::ProposalConsulted, event::ItemRemoved, event::MotionLapsed,
    event::BallotClosedEarly, event::BallotReplaced, event::TaskOpened, event::TaskAssigned,
    event::MilestoneAdded, event::TaskStarted, event::ProgressReported, event::TaskCompleted,
    event::TaskEvaluated, event::TaskCancelled, event::MemberErased, event::NoticePublished,
    event::NoticeAcknowledged, event::ReportFiled, event::ReportTriaged, event::ReplyRequested,
    event::ReferralReplied, event::ProposalFunded>;

// Sealed-box events are stored beside the log, never chained (see ballot.hpp).
inline bool is_sealed_box_event(const Event& e) {
  return std::holds_alternative<event::BallotSealed>(e) ||
         std::holds_alternative<event::BallotUnsealed>(e);
}

inline std::string_view event_tag(const Event& e) {
  return std::visit([](const auto& v) { return std::decay_t<decltype(v)>::tag; }, e);
}
inline std::uint32_t event_version(const Event& e) {
  return std::visit([](const auto& v) { return std::decay_t<decltype(v)>::version; }, e);
}

}  // namespace yishi::engine
