// Meeting rules: points of order and motions. Who may do what, and when (the whole table
// is in decide_meeting.cpp):
//
//   order.raise/rule        present member / chair; interrupts and pauses the speaker
//   motion.move/second      present member; only a higher-ranking motion while one is
//                           pending; amendments two degrees deep at most

#include "engine/core/meeting_decider.hpp"

#include <fmt/format.h>

namespace yishi::engine {
namespace detail {

Decision MeetingDecider::operator()(const command::RaiseOrder& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (auto r = in_session(mt)) return std::unexpected(*r);
  if (!present(mt, ctx_.actor)) return reject("not_present", "actor", "sign in first");
  if (auto r = no_pending_order(mt)) return std::unexpected(*r);
  if (auto r = check_text("text", c.text, mt.rules.max_reason_chars, true)) {
    return std::unexpected(*r);
  }
  const Milliseconds left = floor_busy(mt) ? mt.floor->ends_at - ctx_.now : 0;
  return with_expiry(mt, Events{event::OrderRaised{c.meeting, ctx_.actor, c.text, left}});
}

Decision MeetingDecider::operator()(const command::RuleOrder& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (!mt.point_of_order || mt.point_of_order->sustained) {
    return reject("no_point_of_order", "meeting", "no point of order awaits a ruling");
  }
  if (auto r = check_text("reason", c.reason, mt.rules.max_reason_chars, true)) {
    return std::unexpected(*r);
  }
  const Timestamp resume =
      mt.floor && mt.floor->paused_remaining ? ctx_.now + *mt.floor->paused_remaining : 0;
  return Events{event::OrderRuled{c.meeting, c.sustained, c.reason, resume}};
}

Decision MeetingDecider::operator()(const command::MoveMotion& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (auto r = in_session(mt)) return std::unexpected(*r);
  if (!present(mt, ctx_.actor)) return reject("not_present", "actor", "sign in first");
  if (mt.vote_on) return reject("vote_in_progress", "meeting", "a vote is in progress");
  if (auto r = no_pending_order(mt)) return std::unexpected(*r);
  if (floor_busy(mt) && mt.floor->member != ctx_.actor) {
    return reject("not_your_floor", "actor",
                  fmt::format("{} has the floor; wait to be recognised", mt.floor->member));
  }
  const bool about_item = c.kind != MotionKind::recess && c.kind != MotionKind::adjourn &&
                          c.kind != MotionKind::appeal && c.kind != MotionKind::change_agenda;
  if (c.kind == MotionKind::change_agenda && (mt.item() || !mt.motions.empty())) {
    return reject("wrong_state", "kind", "the agenda changes between items, with nothing pending");
  }
  if (about_item && (!mt.item() || mt.item()->phase != ItemPhase::deliberating)) {
    return reject("wrong_state", "kind", "this motion needs an item under debate");
  }
  if (c.kind == MotionKind::appeal) {
    if (!mt.point_of_order || !mt.point_of_order->sustained) {
      return reject("nothing_to_appeal", "kind", "there is no ruling of the chair to appeal");
    }
    if (mt.point_of_order->appealed) {
      return reject("already_appealed", "kind", "the chair's ruling has already been appealed");
    }
    if (ctx_.actor == mt.chair) return reject("invalid_field", "kind", "the chair cannot appeal");
  } else if (!mt.motions.empty()) {
    const Motion& top = mt.motions.back();
    const bool second_degree = c.kind == MotionKind::amend && top.kind == MotionKind::amend;
    if (second_degree && amendment_degree(mt) >= 2) {
      return reject("amendment_too_deep", "kind", "amendments go two degrees deep at most");
    }
    if (!second_degree && static_cast<int>(c.kind) <= static_cast<int>(top.kind)) {
      return reject("out_of_order", "kind",
                    fmt::format("a motion to {} cannot be made while a motion to {} is pending",
                                to_string(c.kind), to_string(top.kind)));
    }
  }
  const bool needs_text = c.kind == MotionKind::amend || c.kind == MotionKind::refer ||
                          c.kind == MotionKind::change_agenda;
  if (auto r = check_text("text", c.text, mt.rules.max_summary_chars, needs_text)) {
    return std::unexpected(*r);
  }
  if (c.kind == MotionKind::limit_debate && (c.turn_limit < 10 * kSecond || c.turn_limit > kHour)) {
    return reject("invalid_field", "turn_seconds", "a turn lasts 10 seconds to an hour");
  }
  return with_expiry(
      mt, Events{event::MotionMoved{c.meeting, mt.motions_made + 1, c.kind, ctx_.actor, c.text,
                                    c.kind == MotionKind::limit_debate ? c.turn_limit : 0}});
}

Decision MeetingDecider::operator()(const command::SecondMotion& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (!present(mt, ctx_.actor)) return reject("not_present", "actor", "sign in first");
  if (mt.motions.empty() || mt.motions.back().phase != MotionPhase::moved) {
    return reject("nothing_to_second", "meeting", "no motion awaits a second");
  }
  if (mt.motions.back().mover == ctx_.actor) {
    return reject("own_motion", "actor", "the mover cannot second their own motion");
  }
  return Events{event::MotionSeconded{c.meeting, mt.motions.back().number, ctx_.actor}};
}

std::optional<Rejection> MeetingDecider::no_pending_order(const Meeting& m) const {
  if (!m.point_of_order || m.point_of_order->sustained) return std::nullopt;
  return Rejection{"point_of_order_pending", "meeting",
                   "a point of order awaits the chair's ruling"};
}

// Motions at the top of the stack that nobody seconded, topmost first.
Events MeetingDecider::lapse_unseconded(const Meeting& m) const {
  Events out;
  for (auto it = m.motions.rbegin(); it != m.motions.rend() && it->phase == MotionPhase::moved;
       ++it) {
    out.emplace_back(event::MotionLapsed{m.id, it->number});
  }
  return out;
}

int MeetingDecider::amendment_degree(const Meeting& m) {
  int degree = 0;
  for (auto it = m.motions.rbegin(); it != m.motions.rend() && it->kind == MotionKind::amend;
       ++it) {
    ++degree;
  }
  return degree;
}

// What an adopted motion does.
void add_motion_effects(const Meeting& m, const Motion& motion, std::vector<Event>& out) {
  const ItemId item = m.item() ? m.item()->id : ItemId{};
  switch (motion.kind) {
    case MotionKind::amend: {
      // A second-degree amendment changes the amendment below it.
      std::uint32_t target = 0;
      if (m.motions.size() >= 2 && m.motions[m.motions.size() - 2].kind == MotionKind::amend) {
        target = m.motions[m.motions.size() - 2].number;
      }
      out.emplace_back(event::TextAmended{m.id, target, motion.text});
      break;
    }
    case MotionKind::refer:
      out.emplace_back(event::ItemDeferred{m.id, item, "referred to " + motion.text});
      break;
    case MotionKind::postpone:
      out.emplace_back(event::ItemDeferred{
          m.id, item, motion.text.empty() ? std::string("postponed by the meeting") : motion.text});
      break;
    case MotionKind::limit_debate:
      out.emplace_back(event::DebateLimited{m.id, item, motion.turn_limit});
      break;
    case MotionKind::close_debate:
      out.emplace_back(event::DebateClosed{m.id, item});
      if (is_binding(m.kind)) {
        out.emplace_back(event::VoteCalled{m.id, 0});
      } else {
        add_noted(m, *m.item(), out);
      }
      break;
    case MotionKind::recess:
      out.emplace_back(event::Recessed{m.id});
      break;
    case MotionKind::adjourn:
      add_adjournment(m, out);
      break;
    case MotionKind::change_agenda: {
      // The new item goes last; its title is the motion's text.
      const std::string id = fmt::format("added-{}", motion.number);
      out.emplace_back(event::ItemAdded{m.id, id, "", motion.text, motion.text, 10,
                                        static_cast<std::uint32_t>(m.agenda.size())});
      break;
    }
    case MotionKind::appeal:
      break;
  }
}

}  // namespace detail
}  // namespace yishi::engine
