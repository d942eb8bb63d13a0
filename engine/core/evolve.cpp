#include "engine/core/evolve.hpp"

#include <type_traits>

namespace yishi::engine {
namespace {

// Events reference proposals that decide() has checked exist; replaying a log
// that was tampered with can still name unknown ones, which must not crash.
Proposal* find(State& s, const ProposalId& id) {
  auto it = s.proposals.find(id);
  return it == s.proposals.end() ? nullptr : &it->second;
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

struct Applier {
  State& s;

  void operator()(const event::CommunityFounded& e) {
    s.community = e.community;
    s.rulebook = e.rulebook;
    s.members[e.admin] = Member{e.admin, {}, RoleSet{Role::admin}};
  }
  void operator()(const event::HouseholdRegistered& e) {
    s.households[e.household] = Household{e.household, e.area_centi_m2};
  }
  void operator()(const event::MemberRegistered& e) {
    s.members[e.member] = Member{e.member, e.household, e.roles};
  }
  void operator()(const event::RoleGranted& e) { s.members[e.member].roles.insert(e.role); }
  void operator()(const event::RoleRevoked& e) { s.members[e.member].roles.erase(e.role); }
  void operator()(const event::ProposalDrafted& e) {
    Proposal p;
    p.id = e.proposal;
    p.author = e.author;
    p.kind = e.kind;
    p.title = e.title;
    p.summary = e.summary;
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
  void operator()(const event::ProposalWithdrawn& e) {
    move_to(s, e.proposal, phase::Withdrawn{e.reason});
  }
};

}  // namespace

void apply_event(State& state, const Event& event) {
  std::visit(Applier{state}, event);
}

}  // namespace yishi::engine
