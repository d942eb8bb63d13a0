#include "engine/core/evolve.hpp"

#include <type_traits>

#include "engine/core/evolve_ballot.hpp"
#include "engine/core/evolve_meeting.hpp"
#include "engine/core/evolve_task.hpp"
#include "engine/core/evolve_two_way.hpp"

namespace yishi::engine {
namespace {

// Events reference proposals that decide() has checked exist; replaying a log
// that was tampered with can still name unknown ones, which must not crash.
Proposal* find(State& s, const ProposalId& id) {
  return find_value(s.proposals, id);
}

void leave_support_collection(State& s, Proposal& p) {
  if (auto* c = std::get_if<phase::CollectingSupport>(&p.phase)) {
    s.support_deadlines.erase({c->deadline, p.id});
  }
}

template <class Phase>
void move_to(State& s, const ProposalId& id, Phase next) {
  if (Proposal* p = find(s, id)) {
    leave_support_collection(s, *p);
    p->phase = std::move(next);
  }
}

// Keeps the standing electorate (residents, their households and area) current.
void count_resident(State& s, const Member& m, int delta) {
  s.resident_count =
      static_cast<std::uint64_t>(static_cast<std::int64_t>(s.resident_count) + delta);
  if (m.household.empty()) return;
  auto& n = s.household_residents[m.household];
  const bool was = n > 0;
  n = static_cast<std::uint32_t>(static_cast<std::int64_t>(n) + delta);
  const bool is = n > 0;
  if (was == is) return;
  auto h = s.households.find(m.household);
  const std::int64_t area = h == s.households.end() ? 0 : h->second.area_centi_m2;
  s.resident_households += is ? 1 : static_cast<std::uint64_t>(-1);
  s.resident_area_centi_m2 += is ? area : -area;
}

struct Applier {
  State& s;

  void operator()(const event::CommunityFounded& e) {
    s.community = e.community;
    s.utc_offset_minutes = e.utc_offset_minutes;
    s.rulebook = e.rulebook;
    s.members[e.admin] = Member{e.admin, {}, RoleSet{Role::admin}};
  }
  void operator()(const event::HouseholdRegistered& e) {
    s.households[e.household] = Household{e.household, e.area_centi_m2};
  }
  void operator()(const event::MemberRegistered& e) {
    const Member& m = s.members[e.member] = Member{e.member, e.household, e.roles};
    if (m.roles.contains(Role::resident)) count_resident(s, m, +1);
  }
  void operator()(const event::MemberErased& e) {
    if (Member* m = find_value(s.members, e.member)) m->erased = true;
  }
  void operator()(const event::RoleGranted& e) {
    Member& m = s.members[e.member];
    if (e.role == Role::resident && !m.roles.contains(Role::resident)) count_resident(s, m, +1);
    m.roles.insert(e.role);
  }
  void operator()(const event::RoleRevoked& e) {
    Member& m = s.members[e.member];
    if (e.role == Role::resident && m.roles.contains(Role::resident)) count_resident(s, m, -1);
    m.roles.erase(e.role);
  }
  void operator()(const event::ProposalDrafted& e) {
    Proposal p;
    p.id = e.proposal;
    p.author = e.author;
    p.kind = e.kind;
    p.title = e.title;
    p.summary = e.summary;
    p.estimated_cost = e.estimated_cost;
    p.category = e.category;
    p.drafted_at = e.at;
    s.proposals[e.proposal] = std::move(p);
  }
  void operator()(const event::ProposalRevised& e) {
    if (Proposal* p = find(s, e.proposal)) {
      p->title = e.title;
      p->summary = e.summary;
      ++p->revision;
    }
  }
  void operator()(const event::ProposalSubmitted& e) {
    if (Proposal* p = find(s, e.proposal)) {
      // Co-signers endorsed an earlier text; a resubmission collects afresh.
      p->supporters.clear();
      p->phase = phase::CollectingSupport{e.deadline, e.threshold};
      s.support_deadlines.emplace(e.deadline, e.proposal);
    }
  }
  void operator()(const event::ProposalSupported& e) {
    if (Proposal* p = find(s, e.proposal)) p->supporters.insert(e.supporter);
  }
  void operator()(const event::ProposalSentToScreening& e) {
    move_to(s, e.proposal, phase::Screening{});
  }
  void operator()(const event::ProposalExpired& e) { move_to(s, e.proposal, phase::Expired{}); }
  void operator()(const event::ProposalAccepted& e) {
    move_to(s, e.proposal, phase::Accepted{e.reason});
  }
  void operator()(const event::ProposalReturned& e) {
    move_to(s, e.proposal, phase::Returned{e.reason});
  }
  void operator()(const event::ProposalReferred& e) {
    move_to(s, e.proposal, phase::Referred{e.body, e.reason});
  }
  void operator()(const event::ProposalMerged& e) {
    move_to(s, e.proposal, phase::Merged{e.into, e.reason});
    if (Proposal* target = find(s, e.into)) {
      target->supporters.insert(e.moved_supporters.begin(), e.moved_supporters.end());
      target->merged_from.push_back(e.proposal);
    }
  }
  void operator()(const event::ProposalScheduled& e) {
    move_to(s, e.proposal, phase::Scheduled{e.meeting});
  }
  void operator()(const event::ProposalConsulted& e) {
    if (Proposal* p = find(s, e.proposal)) p->consultations.push_back(e.meeting);
    move_to(s, e.proposal, phase::Accepted{"heard at consultation " + e.meeting});
  }
  void operator()(const event::ProposalWithdrawn& e) {
    move_to(s, e.proposal, phase::Withdrawn{e.reason});
  }
  void operator()(const event::RulebookProposed& e) {
    if (Proposal* p = find(s, e.proposal)) p->proposed_change = e.change;
  }
  void operator()(const event::RulebookInstalled& e) { s.rulebook = e.rulebook; }
  void operator()(const event::BallotOpened& e) { apply_ballot_event(s, e); }
  void operator()(const event::BallotParticipated& e) { apply_ballot_event(s, e); }
  void operator()(const event::BallotSealed& e) { apply_ballot_event(s, e); }
  void operator()(const event::BallotUnsealed& e) { apply_ballot_event(s, e); }
  // The box change it records is the unsealed/sealed pair beside it.
  void operator()(const event::BallotReplaced&) {}
  void operator()(const event::BallotTallied& e) { apply_ballot_event(s, e); }
  void operator()(const event::BallotOptionsLinked& e) { apply_ballot_event(s, e); }
  void operator()(const event::BallotClosedEarly&) {}  // the tally that follows closes it
  void operator()(const event::ProposalSeeded& e) {
    if (Proposal* p = find(s, e.proposal)) p->seeded_from = p->standing = e.from;
  }
  void operator()(const event::ProposalPrioritised& e) {
    if (Proposal* p = find(s, e.proposal)) p->standing = e.standing;
  }
  void operator()(const event::ProposalFunded& e) {
    if (Proposal* p = find(s, e.proposal)) p->phase = phase::Adopted{e.ballot};
  }
  template <class E>
  void operator()(const E& e) {
    if constexpr (requires { apply_task_event(s, e); }) {
      apply_task_event(s, e);
    } else if constexpr (requires { apply_two_way_event(s, e); }) {
      apply_two_way_event(s, e);
    } else {
      apply_meeting_event(s, e);
    }
  }
};

}  // namespace

void apply_event(State& state, const Event& event) {
  std::visit(Applier{state}, event);
}

}  // namespace yishi::engine
