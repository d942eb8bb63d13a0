// Meeting rules: the floor. Who may do what, and when (the whole table
// is in decide_meeting.cpp):
//
//   meeting.start_item      chair      quorum if binding; one item at a time
//   floor.request           present, not the chair; turns left on the item
//   floor.recognize         chair      the head of speaker_order(): first-timers first,
//                                      pro/con alternating; quorum if binding
//   floor.yield/cut_off     speaker / chair (cut-off with a reason)

#include "engine/core/meeting_decider.hpp"

#include <fmt/format.h>

namespace yishi::engine {
namespace detail {

Decision MeetingDecider::operator()(const command::StartItem& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = in_session(**m)) return std::unexpected(*r);
  if (auto r = quorum(**m)) return std::unexpected(*r);
  if (const AgendaItem* open = (*m)->item()) {
    return reject("item_open", "item",
                  fmt::format("item {} is still {}", open->id, to_string(open->phase)));
  }
  const AgendaItem* item = (*m)->find_item(c.item);
  if (!item) return reject("unknown_item", "item", fmt::format("no item {}", c.item));
  if (item->phase != ItemPhase::pending) {
    return reject("wrong_state", "item",
                  fmt::format("item {} is {}", c.item, to_string(item->phase)));
  }
  MemberId presenter = (*m)->chair;
  if (const Proposal* p = s_.proposal(item->proposal)) presenter = p->author;
  return Events{event::ItemStarted{c.meeting, c.item, presenter,
                                   ctx_.now + (*m)->rules.presentation_time, (*m)->rules.max_turn}};
}

Decision MeetingDecider::operator()(const command::OpenDebate& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  const AgendaItem* item = (*m)->item();
  if (!item || item->phase != ItemPhase::presenting) {
    return reject("wrong_state", "item", "no item is being presented");
  }
  return Events{event::DebateOpened{c.meeting, item->id}};
}

Decision MeetingDecider::operator()(const command::RequestFloor& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (auto r = debating(mt)) return std::unexpected(*r);
  if (!present(mt, ctx_.actor)) return reject("not_present", "actor", "sign in first");
  if (ctx_.actor == mt.chair) {
    return reject("chair_must_hand_over", "actor",
                  "the chair stays neutral: hand over the chair to speak on the item");
  }
  if (floor_busy(mt) && mt.floor->member == ctx_.actor) {
    return reject("holds_floor", "actor", "you are speaking now");
  }
  if (mt.queued.contains(ctx_.actor)) {
    return reject("already_queued", "actor", "you are already waiting to speak");
  }
  const auto it = mt.item()->turns.find(ctx_.actor);
  const std::uint32_t used = it == mt.item()->turns.end() ? 0 : it->second;
  if (used >= mt.rules.max_turns_per_item) {
    return reject("turns_exhausted", "actor",
                  fmt::format("you have spoken {} times on this item, the rulebook's limit", used));
  }
  return with_expiry(mt, Events{event::FloorRequested{c.meeting, ctx_.actor, c.stance}});
}

Decision MeetingDecider::operator()(const command::WithdrawRequest& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (!(*m)->queued.contains(ctx_.actor)) {
    return reject("not_queued", "actor", "you are not waiting to speak");
  }
  return Events{event::FloorRequestWithdrawn{c.meeting, ctx_.actor}};
}

Decision MeetingDecider::operator()(const command::Recognize& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (auto r = debating(mt)) return std::unexpected(*r);
  if (auto r = quorum(mt)) return std::unexpected(*r);
  if (auto r = no_pending_order(mt)) return std::unexpected(*r);
  if (mt.vote_on) return reject("vote_in_progress", "meeting", "a vote is in progress");
  if (floor_busy(mt)) {
    return reject("floor_taken", "meeting", fmt::format("{} has the floor", mt.floor->member));
  }
  const auto head = next_speaker(mt);
  if (!head) return reject("queue_empty", "meeting", "nobody is waiting to speak");
  const SpeakRequest& next = mt.queue[*head];
  Events out = lapse_unseconded(mt);
  out.emplace_back(event::FloorRecognized{c.meeting, next.member, next.stance, ctx_.now,
                                          ctx_.now + mt.item()->turn_limit});
  return with_expiry(mt, std::move(out));
}

Decision MeetingDecider::operator()(const command::Yield& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (!mt.floor || mt.floor->member != ctx_.actor) {
    return reject("not_speaking", "actor", "you do not have the floor");
  }
  if (expired(mt)) return Events{time_up(mt)};
  return Events{event::TurnEnded{c.meeting, ctx_.actor, TurnEnd::yielded,
                                 time_spoken(*mt.floor, ctx_.now), ""}};
}

Decision MeetingDecider::operator()(const command::CutOff& c) const {
  auto m = chaired(c.meeting);
  if (!m) return std::unexpected(m.error());
  const Meeting& mt = **m;
  if (!floor_busy(mt)) return reject("floor_free", "meeting", "nobody has the floor");
  if (auto r = check_text("reason", c.reason, mt.rules.max_reason_chars, true)) {
    return std::unexpected(*r);
  }
  return Events{event::TurnEnded{c.meeting, mt.floor->member, TurnEnd::cut_off,
                                 time_spoken(*mt.floor, ctx_.now), c.reason}};
}

std::optional<Rejection> MeetingDecider::debating(const Meeting& m) const {
  if (auto r = in_session(m)) return r;
  if (!m.item() || m.item()->phase != ItemPhase::deliberating) {
    return Rejection{"wrong_state", "meeting", "no item is under debate"};
  }
  return std::nullopt;
}

// The speaker's time is up (not paused by a point of order).
bool MeetingDecider::expired(const Meeting& m) const {
  return m.floor && !m.floor->paused_remaining && ctx_.now >= m.floor->ends_at;
}
bool MeetingDecider::floor_busy(const Meeting& m) const {
  return m.floor && !expired(m);
}

event::TurnEnded MeetingDecider::time_up(const Meeting& m) const {
  return {m.id, m.floor->member, TurnEnd::time_up, m.floor->limit, ""};
}
event::TurnEnded MeetingDecider::time_up_or(const Meeting& m, TurnEnd how) const {
  if (expired(m)) return time_up(m);
  return {m.id, m.floor->member, how, time_spoken(*m.floor, ctx_.now), ""};
}

// A turn whose time ran out ends before whatever comes next.
Decision MeetingDecider::with_expiry(const Meeting& m, Events out) const {
  if (expired(m)) out.insert(out.begin(), time_up(m));
  return out;
}

}  // namespace detail
}  // namespace yishi::engine
