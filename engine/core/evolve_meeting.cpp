#include "engine/core/evolve_meeting.hpp"

#include <algorithm>

#include "engine/core/attendance.hpp"

namespace yishi::engine {
namespace {

// Events name meetings decide() checked exist; a tampered log must not crash replay.
Meeting* find(State& s, const MeetingId& id) {
  return find_value(s.meetings, id);
}

AgendaItem* find_item(Meeting& m, const ItemId& id) {
  for (auto& i : m.agenda) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

void set_proposal_phase(State& s, const ProposalId& id, ProposalPhase phase) {
  if (id.empty()) return;
  if (auto it = s.proposals.find(id); it != s.proposals.end()) it->second.phase = std::move(phase);
}

void leave_queue(Meeting& m, const MemberId& member) {
  if (m.queued.erase(member) == 0) return;
  std::erase_if(m.queue, [&](const SpeakRequest& r) { return r.member == member; });
}

void clear_queue(Meeting& m) {
  m.queue.clear();
  m.queued.clear();
}

void end_item_business(Meeting& m) {
  clear_queue(m);
  m.floor.reset();
  m.motions.clear();
  m.vote_on.reset();
}

}  // namespace

void apply_meeting_event(State& s, const event::MeetingScheduled& e) {
  Meeting m;
  m.id = e.meeting;
  m.kind = e.kind;
  m.title = e.title;
  m.starts_at = e.starts_at;
  m.convener = e.convener;
  m.chair = e.chair;
  m.appointed_chair = e.chair;
  m.urgent = !e.urgent_reason.empty();
  m.urgent_reason = e.urgent_reason;
  m.rules = e.rules;
  s.meetings[e.meeting] = std::move(m);
}

void apply_meeting_event(State& s, const event::ItemAdded& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  AgendaItem item;
  item.id = e.item;
  item.proposal = e.proposal;
  item.title = e.title;
  item.question = e.question;
  item.planned_minutes = e.planned_minutes;
  const auto at = std::min<std::size_t>(e.position, m->agenda.size());
  m->agenda.insert(m->agenda.begin() + static_cast<std::ptrdiff_t>(at), std::move(item));
  if (m->current && *m->current >= at) ++*m->current;
  set_proposal_phase(s, e.proposal, phase::Scheduled{e.meeting});
}

void apply_meeting_event(State& s, const event::ItemMoved& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  auto it = std::find_if(m->agenda.begin(), m->agenda.end(),
                         [&](const AgendaItem& i) { return i.id == e.item; });
  if (it == m->agenda.end()) return;
  const ItemId current_id = m->item() ? m->item()->id : ItemId{};
  AgendaItem item = std::move(*it);
  m->agenda.erase(it);
  const auto at = std::min<std::size_t>(e.position, m->agenda.size());
  m->agenda.insert(m->agenda.begin() + static_cast<std::ptrdiff_t>(at), std::move(item));
  if (!current_id.empty()) {
    for (std::size_t i = 0; i < m->agenda.size(); ++i) {
      if (m->agenda[i].id == current_id) m->current = i;
    }
  }
}

void apply_meeting_event(State& s, const event::ItemRemoved& e) {
  Meeting* m = find(s, e.meeting);
  if (!m || m->current) return;  // only before the session, when no item is current
  std::erase_if(m->agenda, [&](const AgendaItem& i) { return i.id == e.item; });
}

void apply_meeting_event(State& s, const event::MotionLapsed& e) {
  if (Meeting* m = find(s, e.meeting)) {
    std::erase_if(m->motions, [&](const Motion& x) { return x.number == e.number; });
  }
}

void apply_meeting_event(State& s, const event::MeetingOpened& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  m->phase = MeetingPhase::open;
  m->electorate = {e.electorate_people, e.electorate_households, e.electorate_area_centi_m2};
  m->quorate = quorum_met(*m);
  s.live_meetings.insert(e.meeting);
}

void apply_meeting_event(State& s, const event::CheckedIn& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  apply_presence(s, *m, presence_changes_for_check(*m, e.member, +1));
  m->attendance.in_person[e.member] = true;
}

void apply_meeting_event(State& s, const event::CheckedOut& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  apply_presence(s, *m, presence_changes_for_check(*m, e.member, -1));
  m->attendance.in_person[e.member] = false;
  leave_queue(*m, e.member);  // leaving gives up one's place in the queue
}

void apply_meeting_event(State& s, const event::ProxyRegistered& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  apply_presence(s, *m, presence_changes_for_proxy(*m, e.grantor, e.holder));
  m->attendance.proxy_of[e.grantor] = e.holder;
  m->attendance.proxies_held[e.holder].push_back(e.grantor);
}

void apply_meeting_event(State& s, const event::QuorumLost& e) {
  if (Meeting* m = find(s, e.meeting)) m->quorate = false;
}

void apply_meeting_event(State& s, const event::QuorumReached& e) {
  if (Meeting* m = find(s, e.meeting)) m->quorate = true;
}

void apply_meeting_event(State& s, const event::CalledToOrder& e) {
  if (Meeting* m = find(s, e.meeting)) m->phase = MeetingPhase::in_session;
}

void apply_meeting_event(State& s, const event::ChairHandedOver& e) {
  if (Meeting* m = find(s, e.meeting)) m->chair = e.to;
}

void apply_meeting_event(State& s, const event::ItemStarted& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  for (std::size_t i = 0; i < m->agenda.size(); ++i) {
    if (m->agenda[i].id != e.item) continue;
    m->current = i;
    m->point_of_order.reset();
    AgendaItem& item = m->agenda[i];
    item.phase = ItemPhase::presenting;
    item.presenter = e.presenter;
    item.presentation_ends_at = e.presentation_ends_at;
    item.turn_limit = e.turn_limit;
  }
}

void apply_meeting_event(State& s, const event::DebateOpened& e) {
  Meeting* m = find(s, e.meeting);
  if (AgendaItem* item = m ? find_item(*m, e.item) : nullptr) item->phase = ItemPhase::deliberating;
}

void apply_meeting_event(State& s, const event::FloorRequested& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  const AgendaItem* item = m->item();
  const bool repeat = item && item->turns.contains(e.member);
  m->queue.push_back({e.member, e.stance, repeat});
  m->queued.insert(e.member);
}

void apply_meeting_event(State& s, const event::FloorRequestWithdrawn& e) {
  if (Meeting* m = find(s, e.meeting)) leave_queue(*m, e.member);
}

void apply_meeting_event(State& s, const event::FloorRecognized& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  leave_queue(*m, e.member);
  m->floor = Floor{e.member, e.stance, e.at, e.ends_at, e.ends_at - e.at, std::nullopt};
  if (AgendaItem* item = m->item()) {
    ++item->turns[e.member];
    if (e.stance == Stance::pro || e.stance == Stance::con) item->last_side = e.stance;
  }
}

void apply_meeting_event(State& s, const event::TurnEnded& e) {
  if (Meeting* m = find(s, e.meeting)) m->floor.reset();
}

void apply_meeting_event(State& s, const event::OrderRaised& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  m->point_of_order = PointOfOrder{e.member, e.text, std::nullopt, {}, false};
  // The speaker's clock stops while the point is heard.
  if (m->floor) m->floor->paused_remaining = e.floor_remaining;
}

void apply_meeting_event(State& s, const event::OrderRuled& e) {
  Meeting* m = find(s, e.meeting);
  if (!m || !m->point_of_order) return;
  m->point_of_order->sustained = e.sustained;
  m->point_of_order->ruling_reason = e.reason;
  if (m->floor && m->floor->paused_remaining) {
    m->floor->ends_at = e.floor_ends_at;
    m->floor->paused_remaining.reset();
  }
}

void apply_meeting_event(State& s, const event::RulingReversed& e) {
  Meeting* m = find(s, e.meeting);
  if (m && m->point_of_order && m->point_of_order->sustained) {
    m->point_of_order->sustained = !*m->point_of_order->sustained;
  }
}

void apply_meeting_event(State& s, const event::MotionMoved& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  m->motions.push_back(
      Motion{e.number, e.kind, e.mover, {}, e.text, e.turn_limit, MotionPhase::moved});
  // A ruling is appealed at most once: moving the appeal spends it, whatever follows.
  if (e.kind == MotionKind::appeal && m->point_of_order) m->point_of_order->appealed = true;
  m->motions_made = std::max(m->motions_made, e.number);
}

void apply_meeting_event(State& s, const event::MotionSeconded& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  for (Motion& motion : m->motions) {
    if (motion.number == e.number) {
      motion.seconder = e.member;
      motion.phase = MotionPhase::seconded;
    }
  }
}

void apply_meeting_event(State& s, const event::VoteCalled& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  m->vote_on = e.subject;
  if (e.subject == 0) {
    if (AgendaItem* item = m->item()) item->phase = ItemPhase::voting;
    clear_queue(*m);
  } else {
    for (Motion& motion : m->motions) {
      if (motion.number == e.subject) motion.phase = MotionPhase::voting;
    }
  }
}

void apply_meeting_event(State& s, const event::VoteCounted& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  m->vote_on.reset();
  if (e.subject == 0) return;
  for (const Motion& x : m->motions) {
    // An appeal settles the ruling it was made against.
    if (x.number == e.subject && x.kind == MotionKind::appeal && m->point_of_order) {
      m->point_of_order->appealed = true;
    }
  }
  std::erase_if(m->motions, [&](const Motion& x) { return x.number == e.subject; });
}

void apply_meeting_event(State& s, const event::TextAmended& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  if (e.target == 0) {
    if (AgendaItem* item = m->item()) item->question = e.text;
    return;
  }
  for (Motion& motion : m->motions) {
    if (motion.number == e.target) motion.text = e.text;
  }
}

void apply_meeting_event(State& s, const event::ItemDeferred& e) {
  Meeting* m = find(s, e.meeting);
  AgendaItem* item = m ? find_item(*m, e.item) : nullptr;
  if (!item) return;
  item->phase = ItemPhase::deferred;
  end_item_business(*m);
  m->current.reset();
  set_proposal_phase(s, item->proposal, phase::Accepted{e.reason});
}

void apply_meeting_event(State& s, const event::DebateLimited& e) {
  Meeting* m = find(s, e.meeting);
  if (AgendaItem* item = m ? find_item(*m, e.item) : nullptr) item->turn_limit = e.turn_limit;
}

void apply_meeting_event(State& s, const event::DebateClosed& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  clear_queue(*m);
  m->floor.reset();
}

void apply_meeting_event(State& s, const event::ItemDecided& e) {
  Meeting* m = find(s, e.meeting);
  AgendaItem* item = m ? find_item(*m, e.item) : nullptr;
  if (!item) return;
  item->phase = ItemPhase::decided;
  item->outcome = e.outcome;
  end_item_business(*m);
  m->current.reset();
  if (e.outcome == ItemOutcome::adopted)
    set_proposal_phase(s, item->proposal, phase::Adopted{e.meeting});
  if (e.outcome == ItemOutcome::rejected) {
    set_proposal_phase(s, item->proposal, phase::Rejected{e.meeting});
  }
}

void apply_meeting_event(State& s, const event::Recessed& e) {
  if (Meeting* m = find(s, e.meeting)) {
    m->phase = MeetingPhase::recess;
    m->floor.reset();
  }
}

void apply_meeting_event(State& s, const event::Resumed& e) {
  if (Meeting* m = find(s, e.meeting)) m->phase = MeetingPhase::in_session;
}

void apply_meeting_event(State& s, const event::Adjourned& e) {
  Meeting* m = find(s, e.meeting);
  if (!m) return;
  m->phase = MeetingPhase::adjourned;
  end_item_business(*m);
  m->point_of_order.reset();
  s.live_meetings.erase(e.meeting);
}

void apply_meeting_event(State& s, const event::MinutesAmended& e) {
  if (Meeting* m = find(s, e.meeting)) m->minutes_amendments.push_back(e.text);
}

void apply_meeting_event(State& s, const event::MinutesApproved& e) {
  if (Meeting* m = find(s, e.meeting)) {
    m->phase = MeetingPhase::minutes_approved;
    m->minutes_approved_by = e.by;
  }
}

}  // namespace yishi::engine
