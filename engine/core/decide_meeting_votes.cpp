// Meeting rules: votes. Who may do what, and when (the whole table
// is in decide_meeting.cpp):
//
//   vote.call/count         chair      quorum if binding; thresholds from the rulebook

#include "engine/core/meeting_decider.hpp"

#include "engine/core/decide_task.hpp"

#include <fmt/format.h>

namespace yishi::engine {
namespace detail {

Decision MeetingDecider::operator()(const command::CallVote& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (auto r = in_session(mt)) return std::unexpected(*r);
  if (auto r = no_pending_order(mt)) return std::unexpected(*r);
  if (mt.vote_on) return reject("vote_in_progress", "meeting", "a vote is in progress");
  Events out;
  if (floor_busy(mt)) {
    out.emplace_back(event::TurnEnded{c.meeting, mt.floor->member, TurnEnd::interrupted,
                                      time_spoken(*mt.floor, ctx_.now), ""});
  }
  // Calling the question moves business on: motions nobody seconded lapse, and
  // the vote goes to the motion below them, or to the item.
  Events lapsed = lapse_unseconded(mt);
  const std::size_t standing = mt.motions.size() - lapsed.size();
  out.insert(out.end(), lapsed.begin(), lapsed.end());
  if (standing > 0) {
    const Motion& top = mt.motions[standing - 1];
    if (!decidable_without_quorum(top.kind)) {
      if (auto r = quorum(mt)) return std::unexpected(*r);
    }
    out.emplace_back(event::VoteCalled{c.meeting, top.number});
    return with_expiry(mt, std::move(out));
  }
  if (!mt.item() || mt.item()->phase != ItemPhase::deliberating) {
    return reject("wrong_state", "meeting", "no item is under debate");
  }
  if (!is_binding(mt.kind)) {
    return reject(
        "non_binding_meeting", "meeting",
        fmt::format("a {} records opinions; conclude the item instead", to_string(mt.kind)));
  }
  if (auto r = quorum(mt)) return std::unexpected(*r);
  out.emplace_back(event::VoteCalled{c.meeting, 0});
  return with_expiry(mt, std::move(out));
}

Decision MeetingDecider::operator()(const command::CountVote& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (!mt.vote_on) return reject("no_vote", "meeting", "no vote has been called");
  if (!mt.item_ballot.empty()) {
    return reject("ballot_in_progress", "meeting",
                  fmt::format("ballot {} decides the item; close it instead", mt.item_ballot));
  }
  if (auto r = quorum_for_decision(mt)) return std::unexpected(*r);
  // Only electors vote: those present in person or through a proxy their present
  // holder carries (attendance.people). The chair or a guest in the room does not.
  const std::uint64_t cast = std::uint64_t{c.yes} + c.no + c.abstain;
  if (cast > mt.attendance.people) {
    return reject("count_exceeds_present", "yes",
                  fmt::format("{} votes counted but only {} voters are present or represented "
                              "by proxy",
                              cast, mt.attendance.people));
  }
  return vote_result_events(s_, mt, c.yes, c.no, c.abstain, ctx_.now);
}

Decision MeetingDecider::operator()(const command::ConcludeItem& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (is_binding(mt.kind)) {
    return reject("binding_meeting", "meeting", "a binding meeting decides items by vote");
  }
  const AgendaItem* item = mt.item();
  if (!item || (item->phase != ItemPhase::presenting && item->phase != ItemPhase::deliberating)) {
    return reject("wrong_state", "meeting", "no item is open");
  }
  if (!mt.motions.empty()) return reject("motion_pending", "meeting", "a motion is pending");
  Events out;
  if (mt.floor) out.emplace_back(time_up_or(mt, TurnEnd::interrupted));
  add_noted(mt, *item, out);
  return out;
}

}  // namespace detail

void add_noted(const Meeting& m, const AgendaItem& item, std::vector<Event>& out) {
  out.emplace_back(event::ItemDecided{m.id, item.id, ItemOutcome::noted});
  if (!item.proposal.empty()) {
    out.emplace_back(event::ProposalConsulted{item.proposal, m.id, item.id});
  }
}

std::optional<Event> rulebook_installation(const State& s, const ProposalId& proposal) {
  const Proposal* p = s.proposal(proposal);
  if (!p || p->kind != ProposalKind::rule_change || !p->proposed_change) return std::nullopt;
  Rulebook next = p->proposed_change->applied_to(s.rulebook);
  next.version = s.rulebook.version + 1;
  return event::RulebookInstalled{proposal, next};
}

Fraction item_threshold(const State& s, const Meeting& m, const AgendaItem& item) {
  const Proposal* p = s.proposal(item.proposal);
  const bool rule_change = p && p->kind == ProposalKind::rule_change;
  return rule_change ? m.rules.supermajority : m.rules.majority;
}

Fraction vote_threshold(const State& s, const Meeting& m) {
  if (!m.vote_on || *m.vote_on == 0) {
    return m.item() ? item_threshold(s, m, *m.item()) : m.rules.majority;
  }
  const Motion& motion = m.motions.back();
  return needs_supermajority(motion.kind) ? m.rules.supermajority : m.rules.majority;
}

std::vector<Event> vote_result_events(const State& s, const Meeting& m, std::uint32_t yes,
                                      std::uint32_t no, std::uint32_t abstain, Timestamp now,
                                      std::optional<bool> decided) {
  std::vector<Event> out;
  const std::uint32_t subject = m.vote_on.value_or(0);
  const std::uint64_t yes_no = std::uint64_t{yes} + no;
  if (subject == 0) {
    const AgendaItem& item = *m.item();
    const bool passed = decided.value_or(item_threshold(s, m, item).met(yes, yes_no));
    out.emplace_back(event::VoteCounted{m.id, 0, yes, no, abstain, passed});
    out.emplace_back(
        event::ItemDecided{m.id, item.id, passed ? ItemOutcome::adopted : ItemOutcome::rejected});
    if (passed) {
      if (auto installed = rulebook_installation(s, item.proposal)) out.push_back(*installed);
      // Adoption opens implementation (落实).
      if (auto task = task_for_adoption(s, item.proposal, m.id, now)) out.push_back(*task);
    }
    return out;
  }
  const Motion& motion = m.motions.back();
  if (motion.kind == MotionKind::appeal) {
    // "Shall the decision of the chair stand?" Only a majority against reverses it.
    const bool reversed = m.rules.majority.met(no, yes_no);
    out.emplace_back(event::VoteCounted{m.id, subject, yes, no, abstain, !reversed});
    if (reversed) out.emplace_back(event::RulingReversed{m.id});
    return out;
  }
  const bool passed = decided.value_or(vote_threshold(s, m).met(yes, yes_no));
  out.emplace_back(event::VoteCounted{m.id, subject, yes, no, abstain, passed});
  if (passed) detail::add_motion_effects(m, motion, out);
  return out;
}

}  // namespace yishi::engine
