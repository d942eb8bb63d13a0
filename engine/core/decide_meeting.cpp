#include "engine/core/decide_meeting.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/core/attendance.hpp"
#include "engine/core/text.hpp"
#include "engine/core/validation.hpp"

// Meeting rules. Who may do what, and when:
//
//   meeting.schedule        convener   notice period (urgent track: reason + shorter notice)
//   meeting.add_item/move   convener   before the session; afterwards only by vote (not yet)
//   meeting.open            chair|convener  from 30 min before the start
//   meeting.check_in/out    the member (or secretary/chair for them)   open..recess
//   meeting.register_proxy  the grantor, not present; holder limit from the rulebook
//   meeting.call_to_order   chair      open -> in_session; quorum if binding
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

namespace yishi::engine {
namespace {

using Events = std::vector<Event>;

std::string period(Milliseconds ms) {
  if (ms % kDay == 0) return fmt::format("{} day(s)", ms / kDay);
  if (ms % kHour == 0) return fmt::format("{} hour(s)", ms / kHour);
  return fmt::format("{} minute(s)", ms / kMinute);
}

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

class MeetingDecider {
 public:
  MeetingDecider(const State& s, const Context& ctx) : s_(s), ctx_(ctx) {}

  Decision operator()(const command::ScheduleMeeting& c) const {
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
    if (auto r =
            check_text("urgent_reason", c.urgent_reason, s_.rulebook.max_reason_chars, false)) {
      return std::unexpected(*r);
    }
    const Milliseconds notice =
        urgent ? s_.rulebook.urgent_notice_period : s_.rulebook.notice_period;
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

  Decision operator()(const command::AddItem& c) const {
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
                      fmt::format("{} is {}; only an accepted proposal goes on an agenda",
                                  c.proposal, phase_name(p->phase)));
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

  Decision operator()(const command::MoveItem& c) const {
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

  Decision operator()(const command::OpenMeeting& c) const {
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

  Decision operator()(const command::CheckIn& c) const {
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

  Decision operator()(const command::CheckOut& c) const {
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

  Decision operator()(const command::RegisterProxy& c) const {
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

  Decision operator()(const command::CallToOrder& c) const {
    auto m = chaired(c.meeting);
    if (!m) return std::unexpected(m.error());
    if (auto r = phase_is(**m, {MeetingPhase::open}, "called to order")) return std::unexpected(*r);
    if (auto r = quorum(**m)) return std::unexpected(*r);
    return Events{event::CalledToOrder{c.meeting}};
  }

  Decision operator()(const command::HandOverChair& c) const {
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
    bool can_preside = false;
    for (int i = 0; i < kRoleCount; ++i) {
      const auto r = static_cast<Role>(i);
      if (kPresiding.contains(r) && next && next->roles.contains(r)) can_preside = true;
    }
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

  Decision operator()(const command::StartItem& c) const {
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
                                     ctx_.now + (*m)->rules.presentation_time,
                                     (*m)->rules.max_turn}};
  }

  Decision operator()(const command::OpenDebate& c) const {
    auto m = chaired(c.meeting);
    if (!m) return std::unexpected(m.error());
    const AgendaItem* item = (*m)->item();
    if (!item || item->phase != ItemPhase::presenting) {
      return reject("wrong_state", "item", "no item is being presented");
    }
    return Events{event::DebateOpened{c.meeting, item->id}};
  }

  Decision operator()(const command::RequestFloor& c) const {
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
      return reject(
          "turns_exhausted", "actor",
          fmt::format("you have spoken {} times on this item, the rulebook's limit", used));
    }
    return with_expiry(mt, Events{event::FloorRequested{c.meeting, ctx_.actor, c.stance}});
  }

  Decision operator()(const command::WithdrawRequest& c) const {
    auto m = meeting(c.meeting);
    if (!m) return std::unexpected(m.error());
    if (!(*m)->queued.contains(ctx_.actor)) {
      return reject("not_queued", "actor", "you are not waiting to speak");
    }
    return Events{event::FloorRequestWithdrawn{c.meeting, ctx_.actor}};
  }

  Decision operator()(const command::Recognize& c) const {
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

  Decision operator()(const command::Yield& c) const {
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

  Decision operator()(const command::CutOff& c) const {
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

  Decision operator()(const command::RaiseOrder& c) const {
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

  Decision operator()(const command::RuleOrder& c) const {
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

  Decision operator()(const command::MoveMotion& c) const {
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
      return reject("wrong_state", "kind",
                    "the agenda changes between items, with nothing pending");
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
    if (c.kind == MotionKind::limit_debate &&
        (c.turn_limit < 10 * kSecond || c.turn_limit > kHour)) {
      return reject("invalid_field", "turn_seconds", "a turn lasts 10 seconds to an hour");
    }
    return with_expiry(
        mt, Events{event::MotionMoved{c.meeting, mt.motions_made + 1, c.kind, ctx_.actor, c.text,
                                      c.kind == MotionKind::limit_debate ? c.turn_limit : 0}});
  }

  Decision operator()(const command::SecondMotion& c) const {
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

  Decision operator()(const command::CallVote& c) const {
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

  Decision operator()(const command::CountVote& c) const {
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
    return vote_result_events(s_, mt, c.yes, c.no, c.abstain);
  }

  Decision operator()(const command::ConcludeItem& c) const {
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

  Decision operator()(const command::Resume& c) const {
    auto m = chaired(c.meeting);
    if (!m) return std::unexpected(m.error());
    if (auto r = phase_is(**m, {MeetingPhase::recess}, "resumed")) return std::unexpected(*r);
    return Events{event::Resumed{c.meeting}};
  }

  Decision operator()(const command::Adjourn& c) const {
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

  Decision operator()(const command::AmendMinutes& c) const {
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

  Decision operator()(const command::ApproveMinutes& c) const {
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

 private:
  std::expected<const Meeting*, Rejection> meeting(const MeetingId& id) const {
    if (const Meeting* m = s_.meeting(id)) return m;
    return std::unexpected(
        Rejection{"unknown_meeting", "meeting", fmt::format("no meeting {}", id)});
  }

  std::expected<const Meeting*, Rejection> chaired(const MeetingId& id) const {
    auto m = meeting(id);
    if (m && (*m)->chair != ctx_.actor) {
      return std::unexpected(
          Rejection{"not_chair", "actor", fmt::format("{} presides over {}", (*m)->chair, id)});
    }
    return m;
  }

  std::optional<Rejection> phase_is(const Meeting& m, std::initializer_list<MeetingPhase> allowed,
                                    std::string_view verb) const {
    if (std::ranges::find(allowed, m.phase) != allowed.end()) return std::nullopt;
    return Rejection{"wrong_state", "meeting",
                     fmt::format("{} is {}; it cannot be {} now", m.id, to_string(m.phase), verb)};
  }

  std::optional<Rejection> in_session(const Meeting& m) const {
    return phase_is(m, {MeetingPhase::in_session}, "conducting business");
  }

  std::optional<Rejection> agenda_editable(const Meeting& m) const {
    if (m.phase == MeetingPhase::scheduled || m.phase == MeetingPhase::open) return std::nullopt;
    return Rejection{"needs_vote", "meeting",
                     fmt::format("{} is {}: its agenda changes only by a vote of the meeting", m.id,
                                 to_string(m.phase))};
  }

  static std::optional<Rejection> quorum(const Meeting& m) { return quorum_rejection(m); }

  std::optional<Rejection> no_pending_order(const Meeting& m) const {
    if (!m.point_of_order || m.point_of_order->sustained) return std::nullopt;
    return Rejection{"point_of_order_pending", "meeting",
                     "a point of order awaits the chair's ruling"};
  }

  std::optional<Rejection> debating(const Meeting& m) const {
    if (auto r = in_session(m)) return r;
    if (!m.item() || m.item()->phase != ItemPhase::deliberating) {
      return Rejection{"wrong_state", "meeting", "no item is under debate"};
    }
    return std::nullopt;
  }

  std::optional<Rejection> may_act_for(const Meeting& m, const MemberId& member) const {
    if (member == ctx_.actor) return std::nullopt;
    const Member* actor = s_.member(ctx_.actor);
    if (ctx_.actor == m.chair || (actor && actor->roles.contains(Role::secretary))) {
      return std::nullopt;
    }
    return Rejection{"not_permitted", "member",
                     "only the secretary or chair signs others in or out"};
  }

  static bool present(const Meeting& m, const MemberId& member) {
    auto it = m.attendance.in_person.find(member);
    return it != m.attendance.in_person.end() && it->second;
  }

  // The speaker's time is up (not paused by a point of order).
  bool expired(const Meeting& m) const {
    return m.floor && !m.floor->paused_remaining && ctx_.now >= m.floor->ends_at;
  }
  bool floor_busy(const Meeting& m) const { return m.floor && !expired(m); }

  event::TurnEnded time_up(const Meeting& m) const {
    return {m.id, m.floor->member, TurnEnd::time_up, m.floor->limit, ""};
  }
  event::TurnEnded time_up_or(const Meeting& m, TurnEnd how) const {
    if (expired(m)) return time_up(m);
    return {m.id, m.floor->member, how, time_spoken(*m.floor, ctx_.now), ""};
  }

  // A turn whose time ran out ends before whatever comes next.
  Decision with_expiry(const Meeting& m, Events out) const {
    if (expired(m)) out.insert(out.begin(), time_up(m));
    return out;
  }

  // Motions at the top of the stack that nobody seconded, topmost first.
  Events lapse_unseconded(const Meeting& m) const {
    Events out;
    for (auto it = m.motions.rbegin(); it != m.motions.rend() && it->phase == MotionPhase::moved;
         ++it) {
      out.emplace_back(event::MotionLapsed{m.id, it->number});
    }
    return out;
  }

  static int amendment_degree(const Meeting& m) {
    int degree = 0;
    for (auto it = m.motions.rbegin(); it != m.motions.rend() && it->kind == MotionKind::amend;
         ++it) {
      ++degree;
    }
    return degree;
  }

  void add_quorum_change(const Meeting& m, const std::vector<PresenceChange>& changes,
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

  const State& s_;
  const Context& ctx_;
};

}  // namespace

void add_noted(const Meeting& m, const AgendaItem& item, std::vector<Event>& out) {
  out.emplace_back(event::ItemDecided{m.id, item.id, ItemOutcome::noted});
  if (!item.proposal.empty()) {
    out.emplace_back(event::ProposalConsulted{item.proposal, m.id, item.id});
  }
}

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

namespace {

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

}  // namespace

Decision decide_meeting(const State& s, const MeetingCommand& command, const Context& ctx) {
  return std::visit(MeetingDecider{s, ctx}, command);
}

std::optional<Rejection> quorum_for_decision(const Meeting& m) {
  const bool on_motion = m.vote_on && *m.vote_on != 0 && !m.motions.empty();
  if (on_motion && decidable_without_quorum(m.motions.back().kind)) return std::nullopt;
  return quorum_rejection(m);
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
                                      std::uint32_t no, std::uint32_t abstain,
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
  if (passed) add_motion_effects(m, motion, out);
  return out;
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
