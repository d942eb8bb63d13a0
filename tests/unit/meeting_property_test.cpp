// Property: random meeting command sequences (1,000 sequences of up to 200
// commands, seeded so a failure names its seed) never break the invariants,
// and replaying the log gives the live state.
#include <random>

#include "engine/codec/event_codec.hpp"
#include "engine/core/attendance.hpp"
#include "meeting_fixture.hpp"

namespace yishi::test {
namespace {

Command random_meeting_command(const Meeting& m, std::mt19937& rng, MemberId& actor, Role& role) {
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const MemberId someone = Council::r(1 + pick(10));
  actor = someone;
  role = Role::resident;
  const auto as_chair = [&] {
    actor = m.chair;
    role = Role::chair;
  };
  static constexpr Stance kStances[] = {Stance::pro, Stance::con, Stance::neutral,
                                        Stance::question};
  static constexpr MotionKind kMotions[] = {
      MotionKind::amend,        MotionKind::refer,        MotionKind::postpone,
      MotionKind::limit_debate, MotionKind::close_debate, MotionKind::recess,
      MotionKind::adjourn,      MotionKind::appeal,       MotionKind::change_agenda};
  // Lean towards what moves the meeting forward, so runs reach deep states.
  if (pick(2) == 0) {
    const bool someone_absent = m.attendance.people < 10;
    if (!m.quorate && someone_absent) return command::CheckIn{"m", ""};
    as_chair();
    if (m.phase == MeetingPhase::open && m.quorate) return command::CallToOrder{"m"};
    if (m.phase == MeetingPhase::recess) return command::Resume{"m"};
    if (m.phase == MeetingPhase::in_session && !m.item()) {
      return command::StartItem{"m", pick(2) ? "i1" : "i2"};
    }
    if (m.item() && m.item()->phase == ItemPhase::presenting) return command::OpenDebate{"m"};
    if (m.vote_on) {
      const auto present = static_cast<std::uint32_t>(m.attendance.people);
      const auto yes = static_cast<std::uint32_t>(pick(static_cast<int>(present) + 1));
      return command::CountVote{
          "m", yes, static_cast<std::uint32_t>(pick(static_cast<int>(present - yes) + 1)), 0};
    }
    if (!m.motions.empty() && m.motions.back().phase == MotionPhase::seconded) {
      return command::CallVote{"m"};
    }
    if (!m.motions.empty() && m.motions.back().phase == MotionPhase::moved) {
      actor = someone;
      role = Role::resident;
      return command::SecondMotion{"m"};
    }
    if (!m.queue.empty() && !m.floor) return command::Recognize{"m"};
    actor = someone;
    role = Role::resident;
  }
  switch (pick(20)) {
    case 0:
    case 1:
      return command::CheckIn{"m", ""};
    case 2:
      return command::CheckOut{"m", ""};
    case 3:
      return command::RegisterProxy{"m", Council::r(1 + pick(10))};
    case 4:
      as_chair();
      return command::CallToOrder{"m"};
    case 5:
      as_chair();
      return command::StartItem{"m", pick(2) ? "i1" : "i2"};
    case 6:
    case 7:
    case 8:
      return command::RequestFloor{"m", kStances[pick(4)]};
    case 9:
    case 10:
      as_chair();
      return command::Recognize{"m"};
    case 11:
      if (m.floor) actor = m.floor->member;
      return command::Yield{"m"};
    case 12:
      as_chair();
      return pick(2) ? Command{command::CutOff{"m", "enough"}} : Command{command::OpenDebate{"m"}};
    case 13:
      if (pick(2)) return command::RaiseOrder{"m", "order!"};
      as_chair();
      return command::RuleOrder{"m", pick(2) == 0, "ruled"};
    case 14:
      return command::MoveMotion{"m", kMotions[pick(9)], "text", (10 + pick(200)) * kSecond};
    case 15:
      return command::SecondMotion{"m"};
    case 16:
      as_chair();
      return command::CallVote{"m"};
    case 17: {
      as_chair();
      const auto present = static_cast<int>(m.attendance.people) + 1;
      return command::CountVote{"m", static_cast<std::uint32_t>(pick(present)),
                                static_cast<std::uint32_t>(pick(present / 2 + 1)), 0};
    }
    case 18:
      as_chair();
      return pick(4) ? Command{command::Tick{}} : Command{command::Resume{"m"}};
    default:
      as_chair();
      return pick(3) ? Command{command::Tick{}} : Command{command::Adjourn{"m"}};
  }
}

// Recess and adjournment are the business a meeting without quorum may still do.
bool on_recess_or_adjourn(const Meeting& m) {
  for (auto it = m.motions.rbegin(); it != m.motions.rend(); ++it) {
    if (it->phase == MotionPhase::moved) continue;  // lapses when the vote is called
    return it->kind == MotionKind::recess || it->kind == MotionKind::adjourn;
  }
  return false;
}

bool needs_quorum(const Command& c, const Meeting& was) {
  if (command_is<command::CallVote>(c) || command_is<command::CountVote>(c)) {
    const bool on_motion =
        command_is<command::CountVote>(c) ? was.vote_on && *was.vote_on != 0 : !was.motions.empty();
    return !(on_motion && on_recess_or_adjourn(was));
  }
  return command_is<command::CallToOrder>(c) || command_is<command::StartItem>(c) ||
         command_is<command::Recognize>(c);
}

// Attendance totals recomputed from scratch, to check the running ones.
PresenceTotals recount(const State& s, const Meeting& m) {
  PresenceTotals t;
  std::set<HouseholdId> households;
  for (const auto& [member, reasons] : m.attendance.reasons) {
    if (reasons == 0 || !is_elector(s, member)) continue;
    ++t.people;
    const HouseholdId& h = s.member(member)->household;
    if (!h.empty() && households.insert(h).second)
      t.area_centi_m2 += s.households.at(h).area_centi_m2;
  }
  t.households = households.size();
  return t;
}

void check_invariants(const State& before, const State& after, const Command& c,
                      const std::vector<Event>& events) {
  const Meeting& m = after.meetings.at("m");
  const Meeting& was = before.meetings.at("m");
  // Nothing that needs quorum happens without it.
  if (needs_quorum(c, was) && is_binding(was.kind)) REQUIRE(was.quorate);
  // A count never exceeds the electors present or represented.
  if (const auto* count = command_as<command::CountVote>(c)) {
    REQUIRE(std::uint64_t{count->yes} + count->no + count->abstain <= was.attendance.people);
  }
  // An adjourned meeting leaves no item pending or open.
  if (m.phase == MeetingPhase::adjourned) {
    for (const AgendaItem& item : m.agenda) {
      REQUIRE((item.phase == ItemPhase::decided || item.phase == ItemPhase::deferred));
    }
  }
  // Quorum as recorded equals quorum recomputed from attendance.
  const PresenceTotals t = recount(after, m);
  REQUIRE(t.people == m.attendance.people);
  REQUIRE(t.households == m.attendance.households);
  REQUIRE(t.area_centi_m2 == m.attendance.area_centi_m2);
  if (m.phase != MeetingPhase::scheduled) REQUIRE(m.quorate == quorum_met(m));
  // The chair's pick is the head of the displayed order.
  const auto order = speaker_order(m);
  REQUIRE(next_speaker(m) == (order.empty() ? std::nullopt : std::optional(order.front())));
  REQUIRE(order.size() == (m.item() ? m.queue.size() : 0));
  // At most one floor holder, present, not also waiting.
  if (m.floor) {
    REQUIRE(m.attendance.in_person.at(m.floor->member));
    for (const auto& r : m.queue) REQUIRE(r.member != m.floor->member);
  }
  // No one exceeds their turns or their time.
  for (const auto& item : m.agenda) {
    for (const auto& [member, turns] : item.turns) REQUIRE(turns <= m.rules.max_turns_per_item);
  }
  for (const Event& e : events) {
    if (const auto* ended = std::get_if<event::TurnEnded>(&e)) {
      REQUIRE(was.floor);
      REQUIRE(ended->spoke <= was.floor->limit);
      REQUIRE(ended->spoke >= 0);
    }
  }
  // The motion stack: each motion outranks the one below, but for one amendment
  // on another; appeals stand apart.
  int amend_depth = 0;
  const Motion* below = nullptr;
  for (const Motion& motion : m.motions) {
    if (motion.kind == MotionKind::appeal || motion.kind == MotionKind::change_agenda) continue;
    amend_depth = motion.kind == MotionKind::amend ? amend_depth + 1 : 0;
    REQUIRE(amend_depth <= 2);
    if (below && !(motion.kind == MotionKind::amend && below->kind == MotionKind::amend)) {
      REQUIRE(static_cast<int>(motion.kind) > static_cast<int>(below->kind));
    }
    below = &motion;
  }
}

}  // namespace

TEST_CASE("random meeting sequences keep every invariant, and replay equals live") {
  const Council base("open");
  std::size_t accepted_total = 0;
  std::map<std::string, std::size_t> seen;  // event tag -> count
  for (std::uint32_t seed = 1; seed <= 1000; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    Council c = base;
    std::vector<std::pair<std::string, std::string>> log;
    const std::size_t length = 50 + rng() % 151;
    for (std::size_t step = 0; step < length; ++step) {
      MemberId actor;
      Role role = Role::resident;
      const Command command = random_meeting_command(c.m(), rng, actor, role);
      c.now += static_cast<Timestamp>(rng() % 60) * kSecond;
      auto d = decide(c.s, command, Context{actor, role, c.now});
      if (!d) continue;
      ++accepted_total;
      const State before = c.s;
      for (const Event& e : *d) {
        ++seen[std::string(event_tag(e))];
        log.emplace_back(std::string(event_tag(e)), codec::encode_payload(e));
        apply_event(c.s, e);
      }
      check_invariants(before, c.s, command, *d);
    }
    State replayed = base.s;
    for (const auto& [tag, bytes] : log) {
      auto e = codec::decode_event(tag, 1, bytes);
      REQUIRE(e);
      apply_event(replayed, *e);
    }
    REQUIRE(replayed == c.s);
  }
  // The generator must reach deep into meetings, not just bounce off refusals.
  MESSAGE("accepted commands: ", accepted_total);
  CHECK(accepted_total > 30'000);
  for (const char* tag :
       {"floor.recognized", "floor.turn_ended", "motion.moved", "vote.counted",
        "motion.text_amended", "meeting.item_decided", "meeting.item_deferred",
        "meeting.quorum_lost", "order.ruled", "meeting.recessed", "meeting.adjourned"}) {
    INFO(std::string(tag), " seen ", seen[tag], " times");
    CHECK(seen[tag] >= 25);
  }
}

}  // namespace yishi::test
