// cereal serialisation of engine values. Private to the codec: the field order
// here IS the wire format of each event version, so change it only together
// with a new event version in event_codec.cpp.
#pragma once

#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include "engine/codec/checked_reads.hpp"
#include "engine/core/events.hpp"
#include "engine/core/rule_fields.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

template <class Archive>
void save(Archive& ar, const RoleSet& roles) {
  ar(roles.bits());
}
template <class Archive>
void load(Archive& ar, RoleSet& roles) {
  std::uint8_t bits = 0;
  ar(bits);
  roles = RoleSet::from_bits(bits);
}

template <class Archive>
void serialize(Archive& ar, Fraction& f) {
  ar(f.num, f.den, f.strict);
}
template <class Archive>
void serialize(Archive& ar, Responsibility& r) {
  ar(r.matter, r.body, r.duty);
}
template <class Archive>
void serialize(Archive& ar, IndicatorStandard& s) {
  ar(s.standard, s.name, s.formula, s.comparison, s.target_milli);
}

// The rulebook's layouts are kRuleFields' (rule_fields.hpp): a layout is the
// table's rules up to it, in the table's order. Old logs keep their layout:
// events that embed a rulebook are decoded by the layout of their version.
template <class Archive>
void serialize_rulebook(Archive& ar, Rulebook& r, std::uint32_t layout) {
  ar(r.version);
  for (const RuleField& f : kRuleFields) {
    if (f.layout > layout) break;
    std::visit([&](const auto& s) { ar(r.*s.value); }, f.slot);
  }
  if (layout >= 6) ar(r.responsibilities, r.standards);
}

template <class Archive>
void serialize(Archive& ar, Rulebook& r) {
  serialize_rulebook(ar, r, kRulebookLayout);
}

template <class Archive>
void serialize(Archive& ar, Household& h) {
  ar(h.id, h.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, Member& m) {
  ar(m.id, m.household, m.roles, m.erased);
}

// A rule change names rules of one rulebook layout. From layout 4 it is every
// rule of the table, each optional; layouts 2 and 3 had their own order and
// left out the text limits and the quorum basis.
template <class Archive>
void serialize_rulebook_change(Archive& ar, RulebookChange& c, std::uint32_t layout) {
  if (layout >= 4) {
    for (const RuleField& f : kRuleFields) {
      if (f.layout > layout) break;
      std::visit([&](const auto& s) { ar(c.*s.change); }, f.slot);
    }
    if (layout >= 6) ar(c.responsibilities, c.standards);
    return;
  }
  ar(c.support_threshold, c.support_window, c.notice_period, c.urgent_notice_period,
     c.max_turns_per_item, c.max_turn, c.presentation_time, c.max_proxies_per_holder, c.quorum,
     c.majority, c.supermajority);
  if (layout < 3) return;
  ar(c.ballot_changes_allowed, c.option_ties);
}

template <class Archive>
void serialize(Archive& ar, RulebookChange& c) {
  serialize_rulebook_change(ar, c, kRulebookLayout);
}

template <class Archive>
void serialize(Archive& ar, BallotRule& r) {
  ar(r.kind, r.fraction, r.base, r.abstentions_in_base);
}
template <class Archive>
void serialize(Archive& ar, Choice& c) {
  ar(c.yes_no, c.selected, c.scores, c.ranking);
}
template <class Archive>
void serialize(Archive& ar, QuestionSpec& q) {
  ar(q.kind, q.options, q.min_selections, q.max_selections, q.score_min, q.score_max, q.method,
     q.seats, q.costs, q.budget, q.seed_commitment);
}
template <class Archive>
void serialize(Archive& ar, SealedChoice& c) {
  ar(c.voter, c.choice, c.people, c.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, BallotTotals& t) {
  ar(t.yes, t.no, t.abstain, t.owners_yes, t.owners_no, t.owners_abstain, t.winners, t.ranking,
     t.option_totals, t.cost, t.lot_drawn);
}

template <class Archive>
void serialize(Archive& ar, PollStanding& p) {
  ar(p.ballot, p.option, p.rank, p.options, p.won, p.support);
}
template <class Archive>
void serialize(Archive& ar, Notice& n) {
  ar(n.id, n.kind, n.title, n.text, n.about, n.published_at, n.acknowledged);
}
template <class Archive>
void serialize(Archive& ar, ResidentReport& r) {
  ar(r.id, r.reporter, r.title, r.text, r.filed_at, r.triage, r.target, r.reason);
}
template <class Archive>
void serialize(Archive& ar, Referral& r) {
  ar(r.body, r.due, r.reply, r.replied_at);
}
template <class Archive>
void serialize(Archive& ar, Evaluation& e) {
  ar(e.survey, e.respondents, e.score_min, e.score_max, e.satisfaction_milli);
}
template <class Archive>
void serialize(Archive& ar, Milestone& m) {
  ar(m.id, m.title, m.deliverable, m.due, m.delivered_at);
}
template <class Archive>
void serialize(Archive& ar, Task& t) {
  ar(t.id, t.parent, t.proposal, t.decided_at, t.title, t.weight, t.opened_at, t.body, t.funding,
     t.budget, t.milestones, t.subtasks, t.percent, t.spent, t.reports, t.started_at,
     t.last_report_at, t.completed_at, t.evaluation, t.cancelled_by, t.cancel_reason, t.phase);
}

namespace event {
template <class Archive>
void serialize(Archive& ar, BallotOptionsLinked& e) {
  ar(e.ballot, e.proposals);
}
template <class Archive>
void serialize(Archive& ar, ProposalSeeded& e) {
  ar(e.proposal, e.from);
}
template <class Archive>
void serialize(Archive& ar, ProposalPrioritised& e) {
  ar(e.proposal, e.standing);
}
template <class Archive>
void serialize(Archive& ar, ProposalFunded& e) {
  ar(e.proposal, e.ballot, e.option, e.amount);
}

// Events whose layout changed have a serialize_version that reads and writes any
// of their versions (those embedding a rulebook: one per rulebook layout); their
// serialize is the newest version.
template <class Archive, class E>
requires requires(Archive& ar, E& e) {
  serialize_version(ar, e, E::version);
}
void serialize(Archive& ar, E& e) {
  serialize_version(ar, e, E::version);
}

template <class Archive>
void serialize_version(Archive& ar, RulebookProposed& e, std::uint32_t version) {
  ar(e.proposal);
  serialize_rulebook_change(ar, e.change, version + 1);  // version 1: layout 2
}
template <class Archive>
void serialize_version(Archive& ar, RulebookInstalled& e, std::uint32_t version) {
  ar(e.proposal);
  serialize_rulebook(ar, e.rulebook, version + 1);  // version 1: layout 2
}
template <class Archive>
void serialize_version(Archive& ar, BallotOpened& e, std::uint32_t version) {
  ar(e.ballot, e.meeting, e.item, e.question, e.spec, e.secrecy, e.weighting, e.rule, e.closes_at,
     e.changes_allowed, e.eligible, e.electorate_weight, e.electorate_owners);
  if (version >= 2) ar(e.rulebook_version);
}
template <class Archive>
void serialize(Archive& ar, BallotParticipated& e) {
  ar(e.ballot, e.voter, e.proxy);
}
template <class Archive>
void serialize_version(Archive& ar, BallotSealed& e, std::uint32_t version) {
  ar(e.ballot, e.receipt, e.sealed);
  if (version >= 2) ar(e.owner);
}
template <class Archive>
void serialize(Archive& ar, BallotUnsealed& e) {
  ar(e.ballot, e.receipt);
}
template <class Archive>
void serialize(Archive& ar, BallotReplaced& e) {
  ar(e.ballot);
}
template <class Archive>
void serialize(Archive& ar, BallotTallied& e) {
  ar(e.ballot, e.counted, e.totals, e.participation_met, e.passed, e.explanation, e.seed);
}
template <class Archive>
void serialize_version(Archive& ar, CommunityFounded& e, std::uint32_t version) {
  ar(e.community, e.admin);
  serialize_rulebook(ar, e.rulebook, version);  // version N: layout N
  if (version >= 4) ar(e.utc_offset_minutes);
}
template <class Archive>
void serialize(Archive& ar, HouseholdRegistered& e) {
  ar(e.household, e.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, MemberRegistered& e) {
  ar(e.member, e.household, e.roles);
}
template <class Archive>
void serialize(Archive& ar, MemberErased& e) {
  ar(e.member);
}
template <class Archive>
void serialize(Archive& ar, RoleGranted& e) {
  ar(e.member, e.role);
}
template <class Archive>
void serialize(Archive& ar, RoleRevoked& e) {
  ar(e.member, e.role);
}
template <class Archive>
void serialize_version(Archive& ar, ProposalDrafted& e, std::uint32_t version) {
  ar(e.proposal, e.author, e.kind, e.title, e.summary, e.at);
  if (version >= 2) ar(e.estimated_cost, e.category);
}
template <class Archive>
void serialize(Archive& ar, ProposalRevised& e) {
  ar(e.proposal, e.title, e.summary);
}
template <class Archive>
void serialize(Archive& ar, ProposalSubmitted& e) {
  ar(e.proposal, e.deadline, e.threshold);
}
template <class Archive>
void serialize(Archive& ar, ProposalSupported& e) {
  ar(e.proposal, e.supporter);
}
template <class Archive>
void serialize(Archive& ar, ProposalSentToScreening& e) {
  ar(e.proposal);
}
template <class Archive>
void serialize(Archive& ar, ProposalExpired& e) {
  ar(e.proposal);
}
template <class Archive>
void serialize(Archive& ar, ProposalAccepted& e) {
  ar(e.proposal, e.reason);
}
template <class Archive>
void serialize(Archive& ar, ProposalReturned& e) {
  ar(e.proposal, e.reason);
}
template <class Archive>
void serialize(Archive& ar, ProposalReferred& e) {
  ar(e.proposal, e.body, e.reason);
}
template <class Archive>
void serialize(Archive& ar, ProposalMerged& e) {
  ar(e.proposal, e.into, e.reason, e.moved_supporters);
}
template <class Archive>
void serialize(Archive& ar, ProposalScheduled& e) {
  ar(e.proposal, e.meeting);
}
template <class Archive>
void serialize(Archive& ar, ProposalConsulted& e) {
  ar(e.proposal, e.meeting, e.item);
}
template <class Archive>
void serialize(Archive& ar, ProposalWithdrawn& e) {
  ar(e.proposal, e.reason);
}

template <class Archive>
void serialize_version(Archive& ar, MeetingScheduled& e, std::uint32_t version) {
  ar(e.meeting, e.kind, e.title, e.starts_at, e.convener, e.chair, e.urgent_reason);
  serialize_rulebook(ar, e.rules, version + 1);  // version 1: layout 2
}
template <class Archive>
void serialize(Archive& ar, ItemAdded& e) {
  ar(e.meeting, e.item, e.proposal, e.title, e.question, e.planned_minutes, e.position);
}
template <class Archive>
void serialize(Archive& ar, ItemMoved& e) {
  ar(e.meeting, e.item, e.position);
}
template <class Archive>
void serialize(Archive& ar, MeetingOpened& e) {
  ar(e.meeting, e.electorate_people, e.electorate_households, e.electorate_area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, CheckedIn& e) {
  ar(e.meeting, e.member);
}
template <class Archive>
void serialize(Archive& ar, CheckedOut& e) {
  ar(e.meeting, e.member);
}
template <class Archive>
void serialize(Archive& ar, ProxyRegistered& e) {
  ar(e.meeting, e.grantor, e.holder);
}
template <class Archive>
void serialize(Archive& ar, QuorumLost& e) {
  ar(e.meeting, e.people, e.households, e.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, QuorumReached& e) {
  ar(e.meeting, e.people, e.households, e.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, CalledToOrder& e) {
  ar(e.meeting);
}
template <class Archive>
void serialize(Archive& ar, ChairHandedOver& e) {
  ar(e.meeting, e.to);
}
template <class Archive>
void serialize(Archive& ar, ItemStarted& e) {
  ar(e.meeting, e.item, e.presenter, e.presentation_ends_at, e.turn_limit);
}
template <class Archive>
void serialize(Archive& ar, DebateOpened& e) {
  ar(e.meeting, e.item);
}
template <class Archive>
void serialize(Archive& ar, FloorRequested& e) {
  ar(e.meeting, e.member, e.stance);
}
template <class Archive>
void serialize(Archive& ar, FloorRequestWithdrawn& e) {
  ar(e.meeting, e.member);
}
template <class Archive>
void serialize(Archive& ar, FloorRecognized& e) {
  ar(e.meeting, e.member, e.stance, e.at, e.ends_at);
}
template <class Archive>
void serialize(Archive& ar, TurnEnded& e) {
  ar(e.meeting, e.member, e.how, e.spoke, e.reason);
}
template <class Archive>
void serialize(Archive& ar, OrderRaised& e) {
  ar(e.meeting, e.member, e.text, e.floor_remaining);
}
template <class Archive>
void serialize(Archive& ar, OrderRuled& e) {
  ar(e.meeting, e.sustained, e.reason, e.floor_ends_at);
}
template <class Archive>
void serialize(Archive& ar, RulingReversed& e) {
  ar(e.meeting);
}
template <class Archive>
void serialize(Archive& ar, MotionMoved& e) {
  ar(e.meeting, e.number, e.kind, e.mover, e.text, e.turn_limit);
}
template <class Archive>
void serialize(Archive& ar, MotionSeconded& e) {
  ar(e.meeting, e.number, e.member);
}
template <class Archive>
void serialize(Archive& ar, VoteCalled& e) {
  ar(e.meeting, e.subject);
}
template <class Archive>
void serialize(Archive& ar, VoteCounted& e) {
  ar(e.meeting, e.subject, e.yes, e.no, e.abstain, e.passed);
}
template <class Archive>
void serialize(Archive& ar, TextAmended& e) {
  ar(e.meeting, e.target, e.text);
}
template <class Archive>
void serialize(Archive& ar, ItemDeferred& e) {
  ar(e.meeting, e.item, e.reason);
}
template <class Archive>
void serialize(Archive& ar, BallotClosedEarly& e) {
  ar(e.ballot, e.closes_at, e.reason);
}
template <class Archive>
void serialize(Archive& ar, ItemRemoved& e) {
  ar(e.meeting, e.item, e.reason);
}
template <class Archive>
void serialize(Archive& ar, MotionLapsed& e) {
  ar(e.meeting, e.number);
}
template <class Archive>
void serialize(Archive& ar, DebateLimited& e) {
  ar(e.meeting, e.item, e.turn_limit);
}
template <class Archive>
void serialize(Archive& ar, DebateClosed& e) {
  ar(e.meeting, e.item);
}
template <class Archive>
void serialize(Archive& ar, ItemDecided& e) {
  ar(e.meeting, e.item, e.outcome);
}
template <class Archive>
void serialize(Archive& ar, Recessed& e) {
  ar(e.meeting);
}
template <class Archive>
void serialize(Archive& ar, Resumed& e) {
  ar(e.meeting);
}
template <class Archive>
void serialize(Archive& ar, Adjourned& e) {
  ar(e.meeting);
}
template <class Archive>
void serialize(Archive& ar, MinutesAmended& e) {
  ar(e.meeting, e.text);
}
template <class Archive>
void serialize(Archive& ar, MinutesApproved& e) {
  ar(e.meeting, e.by);
}
template <class Archive>
void serialize(Archive& ar, NoticePublished& e) {
  ar(e.notice, e.kind, e.title, e.text, e.about, e.at);
}
template <class Archive>
void serialize(Archive& ar, NoticeAcknowledged& e) {
  ar(e.notice, e.member);
}
template <class Archive>
void serialize(Archive& ar, ReportFiled& e) {
  ar(e.report, e.reporter, e.title, e.text, e.at);
}
template <class Archive>
void serialize(Archive& ar, ReportTriaged& e) {
  ar(e.report, e.as, e.target, e.reason);
}
template <class Archive>
void serialize(Archive& ar, ReplyRequested& e) {
  ar(e.proposal, e.body, e.due);
}
template <class Archive>
void serialize(Archive& ar, ReferralReplied& e) {
  ar(e.proposal, e.reply, e.at);
}
template <class Archive>
void serialize(Archive& ar, TaskOpened& e) {
  ar(e.task, e.parent, e.proposal, e.decided_at, e.title, e.weight, e.at);
}
template <class Archive>
void serialize(Archive& ar, TaskAssigned& e) {
  ar(e.task, e.body, e.funding, e.budget);
}
template <class Archive>
void serialize(Archive& ar, MilestoneAdded& e) {
  ar(e.task, e.milestone, e.title, e.deliverable, e.due);
}
template <class Archive>
void serialize(Archive& ar, TaskStarted& e) {
  ar(e.task, e.at);
}
template <class Archive>
void serialize(Archive& ar, ProgressReported& e) {
  ar(e.task, e.at, e.percent, e.spend, e.note, e.milestone, e.attachments);
}
template <class Archive>
void serialize(Archive& ar, TaskCompleted& e) {
  ar(e.task, e.at);
}
template <class Archive>
void serialize(Archive& ar, TaskEvaluated& e) {
  ar(e.task, e.evaluation);
}
template <class Archive>
void serialize(Archive& ar, TaskCancelled& e) {
  ar(e.task, e.decision, e.reason);
}
}  // namespace event

namespace phase {
template <class Archive>
void serialize(Archive&, Draft&) {}
template <class Archive>
void serialize(Archive& ar, CollectingSupport& p) {
  ar(p.deadline, p.threshold);
}
template <class Archive>
void serialize(Archive&, Screening&) {}
template <class Archive>
void serialize(Archive& ar, Accepted& p) {
  ar(p.reason);
}
template <class Archive>
void serialize(Archive& ar, Returned& p) {
  ar(p.reason);
}
template <class Archive>
void serialize(Archive& ar, Referred& p) {
  ar(p.body, p.reason);
}
template <class Archive>
void serialize(Archive& ar, Merged& p) {
  ar(p.into, p.reason);
}
template <class Archive>
void serialize(Archive& ar, Scheduled& p) {
  ar(p.meeting);
}
template <class Archive>
void serialize(Archive& ar, Withdrawn& p) {
  ar(p.reason);
}
template <class Archive>
void serialize(Archive&, Expired&) {}
template <class Archive>
void serialize(Archive& ar, Adopted& p) {
  ar(p.meeting);
}
template <class Archive>
void serialize(Archive& ar, Rejected& p) {
  ar(p.meeting);
}
}  // namespace phase

// An event at an older version of its layout (see serialize_version): the codec
// decodes old logs through it, and tests write old layouts with it.
template <class T>
struct AtVersion {
  T* event;
  std::uint32_t version;
  template <class Archive>
  void serialize(Archive& ar) {
    serialize_version(ar, *event, version);
  }
};

}  // namespace yishi::engine
