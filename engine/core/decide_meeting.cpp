#include "engine/core/decide_meeting.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/core/meeting_decider.hpp"

// Meeting rules. Who may do what, and when:
//
//   meeting.schedule        convener   notice period (urgent track: reason + shorter notice)
//   meeting.add_item/move   convener   before the session; afterwards only by vote (not yet)
//   meeting.open            chair|convener  from 30 min before the start
//   meeting.check_in/out    the member (or secretary/chair for them)   open..recess
//   meeting.register_proxy  the grantor, not present; holder limit from the rulebook
//   meeting.call_to_order   chair      open -> in_session; quorum if binding
//   meeting.hand_over_chair chair      to a present member who holds a presiding role
//   meeting.start_item      chair      quorum if binding; one item at a time
//   floor.request           present, not the chair; turns left on the item
//   floor.recognize         chair      the head of speaker_order(): first-timers first,
//                                      pro/con alternating; quorum if binding
//   floor.yield/cut_off     speaker / chair (cut-off with a reason)
//   order.raise/rule        present member / chair; interrupts and pauses the speaker
//   motion.move/second      present member; only a higher-ranking motion while one is
//                           pending; amendments two degrees deep at most
//   vote.call/count         chair      quorum if binding; thresholds from the rulebook
//   meeting.adjourn         chair      when no item is open or quorum is lost; else by motion
//   minutes.amend/approve   secretary / the appointed chair or convener, after adjournment
//
// Each section of the table is decided in its own file: decide_meeting_agenda.cpp
// (schedule, items, open), decide_meeting_attendance.cpp (check in/out, proxies,
// call to order, the chair, quorum), decide_meeting_floor.cpp (items and speakers),
// decide_meeting_motions.cpp (points of order, motions) and decide_meeting_votes.cpp
// (votes, thresholds, results). This file dispatches and ends meetings.

namespace yishi::engine {

Decision decide_meeting(const State& s, const MeetingCommand& command, const Context& ctx) {
  return std::visit(detail::MeetingDecider{s, ctx}, command);
}

namespace detail {

Decision MeetingDecider::operator()(const command::Resume& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = phase_is(**m, {MeetingPhase::recess}, "resumed")) return std::unexpected(*r);
  return Events{event::Resumed{c.meeting}};
}

Decision MeetingDecider::operator()(const command::Adjourn& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (auto r = phase_is(mt, {MeetingPhase::open, MeetingPhase::in_session, MeetingPhase::recess},
                        "adjourned")) {
    return std::unexpected(*r);
  }
  if (mt.item() && mt.quorate) {
    return reject("needs_motion", "meeting",
                  fmt::format("item {} is open: adjourning now takes a motion", mt.item()->id));
  }
  Events out;
  if (mt.floor) out.emplace_back(time_up_or(mt, TurnEnd::interrupted));
  add_adjournment(mt, out);
  return out;
}

Decision MeetingDecider::operator()(const command::AmendMinutes& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = phase_is(**m, {MeetingPhase::adjourned}, "have its minutes amended")) {
    return std::unexpected(*r);
  }
  if (auto r = check_text("text", c.text, (*m)->rules.max_summary_chars, true)) {
    return std::unexpected(*r);
  }
  return Events{event::MinutesAmended{c.meeting, c.text}};
}

Decision MeetingDecider::operator()(const command::ApproveMinutes& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (ctx_.actor != (*m)->appointed_chair && ctx_.actor != (*m)->convener) {
    return reject("not_chair", "actor", "the meeting's chair or convener approves its minutes");
  }
  if (auto r = phase_is(**m, {MeetingPhase::adjourned}, "have its minutes approved")) {
    return std::unexpected(*r);
  }
  return Events{event::MinutesApproved{c.meeting, ctx_.actor}};
}

std::expected<const Meeting*, Rejection> MeetingDecider::meeting(const MeetingId& id) const {
  if (const Meeting* m = s_.meeting(id)) return m;
  return std::unexpected(Rejection{"unknown_meeting", "meeting", fmt::format("no meeting {}", id)});
}

std::expected<const Meeting*, Rejection> MeetingDecider::chaired(const MeetingId& id) const {
  auto m = meeting(id);
  if (m && (*m)->chair != ctx_.actor) {
    return std::unexpected(
        Rejection{"not_chair", "actor", fmt::format("{} presides over {}", (*m)->chair, id)});
  }
  return m;
}

std::optional<Rejection> MeetingDecider::phase_is(const Meeting& m,
                                                  std::initializer_list<MeetingPhase> allowed,
                                                  std::string_view verb) const {
  if (std::ranges::find(allowed, m.phase) != allowed.end()) return std::nullopt;
  return Rejection{"wrong_state", "meeting",
                   fmt::format("{} is {}; it cannot be {} now", m.id, to_string(m.phase), verb)};
}

std::optional<Rejection> MeetingDecider::in_session(const Meeting& m) const {
  return phase_is(m, {MeetingPhase::in_session}, "conducting business");
}

}  // namespace detail

void add_adjournment(const Meeting& m, std::vector<Event>& out) {
  // Nothing stays scheduled at a meeting that has ended: the open item and every
  // item not reached go back, and their proposals return to accepted.
  if (const AgendaItem* open = m.item()) {
    out.emplace_back(event::ItemDeferred{m.id, open->id, std::string(kLeftOpenAtAdjournment)});
  }
  for (const AgendaItem& item : m.agenda) {
    if (item.phase == ItemPhase::pending) {
      out.emplace_back(event::ItemDeferred{m.id, item.id, std::string(kNotReached)});
    }
  }
  out.emplace_back(event::Adjourned{m.id});
}

std::vector<Event> meeting_timer_events(const State& s, Timestamp now) {
  std::vector<Event> out;
  for (const MeetingId& id : s.live_meetings) {
    const Meeting& m = s.meetings.at(id);
    if (m.floor && !m.floor->paused_remaining && now >= m.floor->ends_at) {
      out.emplace_back(event::TurnEnded{id, m.floor->member, TurnEnd::time_up, m.floor->limit, ""});
    }
    if (const AgendaItem* item = m.item();
        item && item->phase == ItemPhase::presenting && now >= item->presentation_ends_at) {
      out.emplace_back(event::DebateOpened{id, item->id});
    }
  }
  return out;
}

}  // namespace yishi::engine
