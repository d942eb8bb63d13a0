// Meeting rules: attendance and quorum. Who may do what, and when (the whole table
// is in decide_meeting.cpp):
//
//   meeting.check_in/out    the member (or secretary/chair for them)   open..recess
//   meeting.register_proxy  the grantor, not present; holder limit from the rulebook
//   meeting.call_to_order   chair      open -> in_session; quorum if binding

#include "engine/core/meeting_decider.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ranges>

namespace yishi::engine {
namespace detail {

std::optional<Rejection> quorum_rejection(const Meeting& m) {
  if (!is_binding(m.kind) || m.quorate) return std::nullopt;
  return Rejection{
      "no_quorum", "meeting",
      fmt::format("{} is without quorum ({} of {} on a {} basis): wait, recess or adjourn", m.id,
                  m.attendance.people, m.electorate.people, to_string(m.rules.quorum_basis))};
}

// Robert's Rules: without quorum a meeting may still recess or adjourn.
bool decidable_without_quorum(MotionKind k) {
  return k == MotionKind::recess || k == MotionKind::adjourn;
}

Decision MeetingDecider::operator()(const command::CheckIn& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = phase_is(**m, {MeetingPhase::open, MeetingPhase::in_session, MeetingPhase::recess},
                        "attended")) {
    return std::unexpected(*r);
  }
  const MemberId member = c.member.empty() ? ctx_.actor : c.member;
  if (auto r = may_act_for(**m, member)) return std::unexpected(*r);
  if (!s_.member(member))
    return reject("unknown_member", "member", fmt::format("no member {}", member));
  if (present(**m, member)) {
    return reject("already_present", "member", fmt::format("{} is already signed in", member));
  }
  Events out{event::CheckedIn{c.meeting, member}};
  add_quorum_change(**m, presence_changes_for_check(**m, member, +1), out);
  return out;
}

Decision MeetingDecider::operator()(const command::CheckOut& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  const MemberId member = c.member.empty() ? ctx_.actor : c.member;
  if (auto r = may_act_for(**m, member)) return std::unexpected(*r);
  if (!present(**m, member)) {
    return reject("not_present", "member", fmt::format("{} is not signed in", member));
  }
  if (member == (*m)->chair) {
    return reject("chair_must_hand_over", "member", "the chair hands over before leaving");
  }
  Events out;
  if ((*m)->floor && (*m)->floor->member == member) {
    out.emplace_back(event::TurnEnded{c.meeting, member, TurnEnd::yielded,
                                      time_spoken(*(*m)->floor, ctx_.now), ""});
  }
  out.emplace_back(event::CheckedOut{c.meeting, member});
  add_quorum_change(**m, presence_changes_for_check(**m, member, -1), out);
  return out;
}

Decision MeetingDecider::operator()(const command::RegisterProxy& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = phase_is(**m,
                        {MeetingPhase::scheduled, MeetingPhase::open, MeetingPhase::in_session,
                         MeetingPhase::recess},
                        "given proxies")) {
    return std::unexpected(*r);
  }
  const Attendance& a = (*m)->attendance;
  if (c.holder == ctx_.actor)
    return reject("invalid_field", "holder", "a proxy goes to someone else");
  if (!s_.member(c.holder))
    return reject("unknown_member", "holder", fmt::format("no member {}", c.holder));
  if (a.proxy_of.contains(ctx_.actor)) {
    return reject("proxy_exists", "holder", "you have already given your proxy for this meeting");
  }
  if (present(**m, ctx_.actor)) {
    return reject("already_present", "actor", "you are present; a proxy is for absence");
  }
  if (a.proxy_of.contains(c.holder) || a.proxies_held.contains(ctx_.actor)) {
    return reject("proxy_chain", "holder", "proxies cannot be passed on");
  }
  auto held = a.proxies_held.find(c.holder);
  const std::size_t count = held == a.proxies_held.end() ? 0 : held->second.size();
  if (count >= (*m)->rules.max_proxies_per_holder) {
    return reject(
        "proxy_limit", "holder",
        fmt::format("{} already holds {} proxies, the rulebook's limit", c.holder, count));
  }
  Events out{event::ProxyRegistered{c.meeting, ctx_.actor, c.holder}};
  add_quorum_change(**m, presence_changes_for_proxy(**m, ctx_.actor, c.holder), out);
  return out;
}

Decision MeetingDecider::operator()(const command::CallToOrder& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = phase_is(**m, {MeetingPhase::open}, "called to order")) return std::unexpected(*r);
  if (auto r = quorum(**m)) return std::unexpected(*r);
  return Events{event::CalledToOrder{c.meeting}};
}

Decision MeetingDecider::operator()(const command::HandOverChair& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = phase_is(**m, {MeetingPhase::open, MeetingPhase::in_session, MeetingPhase::recess},
                        "chaired")) {
    return std::unexpected(*r);
  }
  if (c.to == ctx_.actor) return reject("invalid_field", "to", "hand the chair to someone else");
  if (!present(**m, c.to))
    return reject("not_present", "to", fmt::format("{} is not present", c.to));
  // Whoever takes the chair must be able to issue the chair's commands.
  const Member* next = s_.member(c.to);
  const auto presides = [&](int i) {
    const auto r = static_cast<Role>(i);
    return kPresiding.contains(r) && next->roles.contains(r);
  };
  const bool can_preside = next && std::ranges::any_of(std::views::iota(0, kRoleCount), presides);
  if (!can_preside) {
    return reject(
        "cannot_preside", "to",
        fmt::format("{} holds no role that presides (resident, chair or convener)", c.to));
  }
  if ((*m)->floor && (*m)->floor->member == c.to) {
    return reject("holds_floor", "to", fmt::format("{} is speaking", c.to));
  }
  if ((*m)->queued.contains(c.to)) {
    return reject("in_queue", "to",
                  fmt::format("{} is waiting to speak; a chair stays neutral", c.to));
  }
  return Events{event::ChairHandedOver{c.meeting, c.to}};
}

std::optional<Rejection> MeetingDecider::quorum(const Meeting& m) {
  return quorum_rejection(m);
}

std::optional<Rejection> MeetingDecider::may_act_for(const Meeting& m,
                                                     const MemberId& member) const {
  if (member == ctx_.actor) return std::nullopt;
  const Member* actor = s_.member(ctx_.actor);
  if (ctx_.actor == m.chair || (actor && actor->roles.contains(Role::secretary))) {
    return std::nullopt;
  }
  return Rejection{"not_permitted", "member", "only the secretary or chair signs others in or out"};
}

bool MeetingDecider::present(const Meeting& m, const MemberId& member) {
  auto it = m.attendance.in_person.find(member);
  return it != m.attendance.in_person.end() && it->second;
}

void MeetingDecider::add_quorum_change(const Meeting& m, const std::vector<PresenceChange>& changes,
                                       Events& out) const {
  if (m.phase == MeetingPhase::scheduled) return;
  const PresenceTotals t = totals_after(s_, m, changes);
  const bool now_quorate = quorum_met(m, t.people, t.households, t.area_centi_m2);
  if (now_quorate == m.quorate) return;
  if (now_quorate) {
    out.emplace_back(event::QuorumReached{m.id, t.people, t.households, t.area_centi_m2});
  } else {
    out.emplace_back(event::QuorumLost{m.id, t.people, t.households, t.area_centi_m2});
  }
}

}  // namespace detail

std::optional<Rejection> quorum_for_decision(const Meeting& m) {
  const bool on_motion = m.vote_on && *m.vote_on != 0 && !m.motions.empty();
  if (on_motion && detail::decidable_without_quorum(m.motions.back().kind)) return std::nullopt;
  return detail::quorum_rejection(m);
}

}  // namespace yishi::engine
