// Meeting rules: the agenda. Who may do what, and when (the whole table
// is in decide_meeting.cpp):
//
//   meeting.schedule        convener   notice period (urgent track: reason + shorter notice)
//   meeting.add_item/move   convener   before the session; afterwards only by vote (not yet)
//   meeting.open            chair|convener  from 30 min before the start

#include "engine/core/meeting_decider.hpp"

#include <fmt/format.h>

#include "engine/core/text.hpp"

namespace yishi::engine {
namespace {

std::string period(Milliseconds ms) {
  if (ms % kDay == 0) return fmt::format("{} day(s)", ms / kDay);
  if (ms % kHour == 0) return fmt::format("{} hour(s)", ms / kHour);
  return fmt::format("{} minute(s)", ms / kMinute);
}

}  // namespace

namespace detail {

Decision MeetingDecider::operator()(const command::ScheduleMeeting& c) const {
  if (!is_valid_id(c.meeting)) return reject("invalid_id", "meeting", "not a valid id");
  if (s_.meetings.contains(c.meeting)) {
    return reject("duplicate_id", "meeting", fmt::format("meeting {} exists", c.meeting));
  }
  if (auto r = check_text("title", c.title, s_.rulebook.max_title_chars, true)) {
    return std::unexpected(*r);
  }
  const Member* chair = s_.member(c.chair);
  if (!chair || !(chair->roles.contains(Role::chair) || chair->roles.contains(Role::convener))) {
    return reject("invalid_chair", "chair",
                  fmt::format("{} is not a member holding the chair or convener role", c.chair));
  }
  const bool urgent = !is_blank(c.urgent_reason);
  if (auto r = check_text("urgent_reason", c.urgent_reason, s_.rulebook.max_reason_chars, false)) {
    return std::unexpected(*r);
  }
  const Milliseconds notice = urgent ? s_.rulebook.urgent_notice_period : s_.rulebook.notice_period;
  if (c.starts_at < ctx_.now + notice) {
    return reject("notice_too_short", "starts_at",
                  urgent ? fmt::format("even an urgent meeting needs {} notice", period(notice))
                         : fmt::format("the rulebook requires {} notice; give an urgent_reason "
                                       "to use the urgent track ({})",
                                       period(notice), period(s_.rulebook.urgent_notice_period)));
  }
  return Events{event::MeetingScheduled{c.meeting, c.kind, c.title, c.starts_at, ctx_.actor,
                                        c.chair, urgent ? c.urgent_reason : "", s_.rulebook}};
}

Decision MeetingDecider::operator()(const command::AddItem& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = agenda_editable(**m)) return std::unexpected(*r);
  if (!is_valid_id(c.item)) return reject("invalid_id", "item", "not a valid id");
  if ((*m)->find_item(c.item)) {
    return reject("duplicate_id", "item", fmt::format("item {} is on the agenda", c.item));
  }
  std::string title = c.title;
  if (!c.proposal.empty()) {
    const Proposal* p = s_.proposal(c.proposal);
    if (!p)
      return reject("unknown_proposal", "proposal", fmt::format("no proposal {}", c.proposal));
    if (!p->is<phase::Accepted>()) {
      return reject("wrong_state", "proposal",
                    fmt::format("{} is {}; only an accepted proposal goes on an agenda", c.proposal,
                                phase_name(p->phase)));
    }
    if (title.empty()) title = p->title;
  }
  if (auto r = check_text("title", title, s_.rulebook.max_title_chars, true)) {
    return std::unexpected(*r);
  }
  if (auto r = check_text("question", c.question, s_.rulebook.max_summary_chars, false)) {
    return std::unexpected(*r);
  }
  if (c.planned_minutes == 0 || c.planned_minutes > 600) {
    return reject("invalid_field", "planned_minutes", "plan between 1 and 600 minutes");
  }
  return Events{event::ItemAdded{c.meeting, c.item, c.proposal, title,
                                 c.question.empty() ? title : c.question, c.planned_minutes,
                                 static_cast<std::uint32_t>((*m)->agenda.size())}};
}

Decision MeetingDecider::operator()(const command::MoveItem& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (auto r = agenda_editable(**m)) return std::unexpected(*r);
  const AgendaItem* item = (*m)->find_item(c.item);
  if (!item) return reject("unknown_item", "item", fmt::format("no item {}", c.item));
  if (c.position >= (*m)->agenda.size()) {
    return reject("invalid_field", "position",
                  fmt::format("the agenda has {} items", (*m)->agenda.size()));
  }
  return Events{event::ItemMoved{c.meeting, c.item, c.position}};
}

Decision MeetingDecider::operator()(const command::OpenMeeting& c) const {
  auto m = meeting(c.meeting);
  if (!m) return std::unexpected(m.error());
  if (ctx_.actor != (*m)->chair && ctx_.actor != (*m)->convener) {
    return reject("not_chair", "actor", "only the chair or the convener opens a meeting");
  }
  if (auto r = phase_is(**m, {MeetingPhase::scheduled}, "opened")) return std::unexpected(*r);
  if (ctx_.now < (*m)->starts_at - 30 * kMinute) {
    return reject("too_early", "meeting", "sign-in opens 30 minutes before the start");
  }
  return Events{event::MeetingOpened{c.meeting, s_.resident_count, s_.resident_households,
                                     s_.resident_area_centi_m2}};
}

std::optional<Rejection> MeetingDecider::agenda_editable(const Meeting& m) const {
  if (m.phase == MeetingPhase::scheduled || m.phase == MeetingPhase::open) return std::nullopt;
  return Rejection{"needs_vote", "meeting",
                   fmt::format("{} is {}: its agenda changes only by a vote of the meeting", m.id,
                               to_string(m.phase))};
}

}  // namespace detail
}  // namespace yishi::engine
