#include "engine/core/evolve_ballot.hpp"

namespace yishi::engine {
namespace {
Ballot* find(State& s, const BallotId& id) {
  return find_value(s.ballots, id);
}
}  // namespace

void apply_ballot_event(State& s, const event::BallotOpened& e) {
  Ballot b;
  b.id = e.ballot;
  b.meeting = e.meeting;
  b.item = e.item;
  b.question = e.question;
  b.spec = e.spec;
  b.secrecy = e.secrecy;
  b.weighting = e.weighting;
  b.rule = e.rule;
  b.closes_at = e.closes_at;
  b.changes_allowed = e.changes_allowed;
  b.rulebook_version = e.rulebook_version;
  b.eligible.insert(e.eligible.begin(), e.eligible.end());
  b.electorate_weight = e.electorate_weight;
  b.electorate_owners = e.electorate_owners;
  s.ballots[e.ballot] = std::move(b);
  if (e.meeting.empty()) {
    s.poll_deadlines.emplace(e.closes_at, e.ballot);
  } else if (auto m = s.meetings.find(e.meeting); m != s.meetings.end()) {
    m->second.item_ballot = e.ballot;
  }
}

void apply_ballot_event(State& s, const event::BallotParticipated& e) {
  Ballot* b = find(s, e.ballot);
  if (!b) return;
  b->participants.insert(e.voter);
  if (auto it = b->eligible.find(e.voter); it != b->eligible.end() && !it->second.empty()) {
    b->households_voted.insert(it->second);
  }
}

void apply_ballot_event(State& s, const event::BallotSealed& e) {
  Ballot* b = find(s, e.ballot);
  if (!b || b->phase != BallotPhase::open) return;
  b->box[e.receipt] = e.sealed;
  if (!e.owner.empty()) b->owners[e.receipt] = e.owner;
}

void apply_ballot_event(State& s, const event::BallotUnsealed& e) {
  if (Ballot* b = find(s, e.ballot)) {
    b->box.erase(e.receipt);
    b->owners.erase(e.receipt);
  }
}

void apply_ballot_event(State& s, const event::BallotOptionsLinked& e) {
  if (Ballot* b = find(s, e.ballot)) b->option_proposals = e.proposals;
}

void apply_ballot_event(State& s, const event::BallotTallied& e) {
  Ballot* b = find(s, e.ballot);
  if (!b) return;
  b->phase = BallotPhase::tallied;
  b->box.clear();  // published in the tally event itself
  b->owners.clear();
  b->totals = e.totals;
  b->passed = e.passed;
  s.poll_deadlines.erase({b->closes_at, b->id});
  if (auto m = s.meetings.find(b->meeting); m != s.meetings.end()) m->second.item_ballot.clear();
}

}  // namespace yishi::engine
