// Property: no proposal is ever stranded. After any random sequence of proposal
// and meeting commands (councils and consultations, scheduling, withdrawal,
// deferral, adjournment at any point), every `scheduled` proposal is on the
// agenda of exactly one meeting that has not adjourned, as an item not yet
// decided, and that meeting is the one its phase names.
#include <random>

#include "engine/codec/event_codec.hpp"
#include "fixtures.hpp"

namespace yishi::test {
namespace {

constexpr int kResidents = 6;

std::string resident(int i) {
  return "r" + std::to_string(i);
}

State founded_community(Timestamp now) {
  State s;
  Rulebook rules;
  rules.support_threshold = 0;  // submitted proposals go straight to screening
  rules.notice_period = kDay;
  must(s, command::FoundCommunity{"agenda", rules}, "ad", Role::admin, now);
  must(s, command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin, now);
  for (int i = 1; i <= kResidents; ++i) {
    const std::string h = "h" + std::to_string(i);
    must(s, command::RegisterHousehold{h, 6000}, "ad", Role::admin, now);
    must(s, command::RegisterMember{resident(i), h, {Role::resident}}, "ad", Role::admin, now);
  }
  return s;
}

struct Step {
  Command command;
  Context ctx;
};

// The next step of the first meeting still running, as a chair would take it.
std::optional<Step> progress(const State& s, std::mt19937& rng, Timestamp now) {
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const Context chair{"cv", Role::convener, now};
  for (const auto& [id, m] : s.meetings) {
    if (m.phase == MeetingPhase::adjourned || m.phase == MeetingPhase::minutes_approved) continue;
    const MemberId someone = resident(1 + pick(kResidents));
    if (m.phase == MeetingPhase::scheduled) {
      if (now + 30 * kMinute < m.starts_at) return std::nullopt;
      return Step{command::OpenMeeting{id}, chair};
    }
    if (pick(30) == 0) return Step{command::Adjourn{id}, chair};  // at any point
    if (m.phase == MeetingPhase::recess) return Step{command::Resume{id}, chair};
    if (!m.quorate || m.phase == MeetingPhase::open) {
      if (!m.quorate) return Step{command::CheckIn{id, ""}, {someone, Role::resident, now}};
      return Step{command::CallToOrder{id}, chair};
    }
    const AgendaItem* item = m.item();
    if (!item) {
      for (const AgendaItem& next : m.agenda) {
        if (next.phase == ItemPhase::pending) return Step{command::StartItem{id, next.id}, chair};
      }
      if (pick(3) == 0) return Step{command::Adjourn{id}, chair};
      return std::nullopt;
    }
    if (item->phase == ItemPhase::presenting) return Step{command::OpenDebate{id}, chair};
    if (!m.motions.empty() && m.motions.back().phase == MotionPhase::moved) {
      return Step{command::SecondMotion{id}, {someone, Role::resident, now}};
    }
    if (m.vote_on) {
      const auto yes = static_cast<std::uint32_t>(pick(static_cast<int>(m.attendance.people) + 1));
      return Step{
          command::CountVote{id, yes, static_cast<std::uint32_t>(m.attendance.people) - yes, 0},
          chair};
    }
    if (pick(5) == 0) {
      return Step{command::MoveMotion{id, MotionKind::postpone, "", 0},
                  {someone, Role::resident, now}};
    }
    if (is_binding(m.kind)) return Step{command::CallVote{id}, chair};
    return Step{command::ConcludeItem{id}, chair};
  }
  return std::nullopt;
}

// Picks a command that fits the state more often than not, so runs reach
// scheduled proposals, sessions, votes, deferrals and adjournments.
Step random_step(const State& s, std::mt19937& rng, Timestamp now, std::size_t step) {
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  if (pick(2) == 0) {
    if (auto next = progress(s, rng, now)) return *next;
  }
  if (pick(2) == 0) {
    // Move one proposal along its lifecycle, towards an agenda.
    const ProposalId id = "p" + std::to_string(pick(8));
    const Proposal* p = s.proposal(id);
    const MemberId who = p ? p->author : resident(1 + pick(kResidents));
    const Context convener{"cv", Role::convener, now};
    MeetingId open_to_items;  // a meeting not yet started, if any
    for (const auto& [mid, m] : s.meetings) {
      if (m.phase == MeetingPhase::scheduled && pick(2) == 0) open_to_items = mid;
    }
    if (!p) {
      return {command::DraftProposal{id, ProposalKind::project, "title " + id, ""},
              {who, Role::resident, now}};
    }
    if (p->is<phase::Draft>()) return {command::SubmitProposal{id}, {who, Role::resident, now}};
    if (p->is<phase::Screening>()) return {command::AcceptProposal{id, "in scope"}, convener};
    if (p->is<phase::Accepted>() && !open_to_items.empty()) {
      if (pick(2) == 0) return {command::ScheduleProposal{id, open_to_items}, convener};
      return {command::AddItem{open_to_items, "x" + std::to_string(step), id, "", "", 10},
              convener};
    }
    if (p->is<phase::Accepted>() || s.meetings.size() < 2 || pick(8) == 0) {
      return {command::ScheduleMeeting{"m" + std::to_string(s.meetings.size() + pick(2)),
                                       pick(3) ? MeetingKind::council : MeetingKind::consultation,
                                       "Meeting", now + (1 + pick(4)) * kDay, "cv", ""},
              convener};
    }
    if (p->is<phase::Scheduled>() && pick(4) == 0) {
      return {command::WithdrawProposal{id, ""}, {who, Role::resident, now}};
    }
  }
  const ProposalId proposal = "p" + std::to_string(pick(8));
  const MeetingId meeting = "m" + std::to_string(pick(4));
  const MemberId someone = resident(1 + pick(kResidents));
  const Proposal* p = s.proposal(proposal);
  const Meeting* m = s.meeting(meeting);
  const Context convener{"cv", Role::convener, now};
  const Context chair{"cv", Role::convener, now};  // cv chairs every meeting
  const Context author{p ? p->author : someone, Role::resident, now};
  switch (pick(22)) {
    case 0:
      return {command::DraftProposal{proposal, ProposalKind::project, "title " + proposal, ""},
              {someone, Role::resident, now}};
    case 1:
      return {command::SubmitProposal{proposal}, author};
    case 2:
      return {command::AcceptProposal{proposal, "in scope"}, convener};
    case 3:
    case 4:
      return {command::ScheduleProposal{proposal, meeting}, convener};
    case 5: {
      command::AddItem add{meeting, "x" + std::to_string(step), proposal, "", "", 10};
      if (pick(3) == 0) add.proposal.clear();  // a procedural item
      return {add, convener};
    }
    case 6:
      return {command::WithdrawProposal{proposal, ""}, author};
    case 7:
      return {command::ScheduleMeeting{meeting,
                                       pick(3) ? MeetingKind::council : MeetingKind::consultation,
                                       "Meeting " + meeting, now + kDay + kHour, "cv", ""},
              convener};
    case 8:
      return {command::OpenMeeting{meeting}, chair};
    case 9:
    case 10:
      return {command::CheckIn{meeting, ""}, {someone, Role::resident, now}};
    case 11:
      return {command::CallToOrder{meeting}, chair};
    case 12: {
      if (m && !m->agenda.empty()) {
        const auto& item =
            m->agenda[static_cast<std::size_t>(pick(static_cast<int>(m->agenda.size())))];
        return {command::StartItem{meeting, item.id}, chair};
      }
      return {command::StartItem{meeting, "x"}, chair};
    }
    case 13:
      return {command::OpenDebate{meeting}, chair};
    case 14:
      return {command::CallVote{meeting}, chair};
    case 15: {
      const auto people = m ? static_cast<int>(m->attendance.people) : 0;
      const auto yes = static_cast<std::uint32_t>(pick(people + 1));
      return {command::CountVote{meeting, yes, static_cast<std::uint32_t>(people) - yes, 0}, chair};
    }
    case 16:
      return {command::ConcludeItem{meeting}, chair};
    case 17:
      return {
          command::MoveMotion{meeting, pick(2) ? MotionKind::postpone : MotionKind::adjourn, "", 0},
          {someone, Role::resident, now}};
    case 18:
      return {command::SecondMotion{meeting}, {someone, Role::resident, now}};
    case 19:
      return {command::Adjourn{meeting}, chair};
    case 20:
      return {command::CheckOut{meeting, ""}, {someone, Role::resident, now}};
    default:
      return {command::Tick{}, convener};
  }
}

void check_no_proposal_stranded(const State& s) {
  for (const auto& [id, p] : s.proposals) {
    const auto* scheduled = std::get_if<phase::Scheduled>(&p.phase);
    int on_agenda = 0;
    for (const auto& [mid, m] : s.meetings) {
      const bool over =
          m.phase == MeetingPhase::adjourned || m.phase == MeetingPhase::minutes_approved;
      for (const AgendaItem& item : m.agenda) {
        if (item.proposal != id) continue;
        const bool live = item.phase != ItemPhase::decided && item.phase != ItemPhase::deferred;
        if (!live) continue;
        INFO("proposal ", id, " is live on ", mid);
        REQUIRE_FALSE(over);  // an adjourned meeting leaves nothing live behind
        REQUIRE(scheduled);
        REQUIRE(scheduled->meeting == mid);
        ++on_agenda;
      }
    }
    if (scheduled) {
      INFO("proposal ", id, " is scheduled to ", scheduled->meeting);
      REQUIRE(on_agenda == 1);
    }
  }
}

}  // namespace

TEST_CASE("no proposal is ever stranded: every scheduled one is on exactly one live agenda") {
  std::map<std::string, std::size_t> seen;
  std::size_t checked_scheduled = 0;
  for (std::uint32_t seed = 1; seed <= 400; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    Timestamp now = kT0;
    State s = founded_community(now);
    const State base = s;
    std::vector<std::tuple<std::string, std::uint32_t, std::string>> log;
    for (std::size_t step = 0; step < 300; ++step) {
      now += static_cast<Timestamp>(rng() % 240) * kMinute;
      const Step next = random_step(s, rng, now, step);
      auto d = decide(s, next.command, next.ctx);
      if (!d) continue;
      for (const Event& e : *d) {
        ++seen[std::string(event_tag(e))];
        log.emplace_back(std::string(event_tag(e)), event_version(e), codec::encode_payload(e));
        apply_event(s, e);
      }
      check_no_proposal_stranded(s);
      for (const auto& [id, p] : s.proposals) checked_scheduled += p.is<phase::Scheduled>();
    }
    State replayed = base;
    for (const auto& [tag, version, bytes] : log) {
      auto e = codec::decode_event(tag, version, bytes);
      REQUIRE(e);
      apply_event(replayed, *e);
    }
    REQUIRE(replayed == s);
  }
  // The generator must reach the paths that used to strand proposals.
  MESSAGE("scheduled proposals checked: ", checked_scheduled);
  for (const char* tag :
       {"proposal.scheduled", "meeting.item_added", "meeting.item_removed", "meeting.item_deferred",
        "proposal.consulted", "meeting.adjourned", "meeting.item_decided"}) {
    INFO(std::string(tag), " seen ", seen[tag], " times");
    CHECK(seen[tag] >= 20);
  }
}

}  // namespace yishi::test
