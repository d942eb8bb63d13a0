// The meeting rules, each shown holding and refused.
#include "meeting_fixture.hpp"

namespace yishi::test {
namespace {
using command::RequestFloor;

std::vector<MemberId> order_of(const Meeting& m) {
  std::vector<MemberId> out;
  for (std::size_t i : speaker_order(m)) out.push_back(m.queue[i].member);
  return out;
}
}  // namespace

TEST_CASE("scheduling enforces the notice period; the urgent track needs a reason") {
  Council c("scheduled");
  const auto schedule = [&](Timestamp starts, std::string urgent) {
    return c.refusal(
        command::ScheduleMeeting{"m2", MeetingKind::council, "Flood", starts, "ch", urgent}, "cv",
        Role::convener);
  };
  CHECK(schedule(c.now + 3 * kDay, "") == "notice_too_short");
  CHECK(schedule(c.now + 12 * kHour, "burst pipe") == "notice_too_short");
  CHECK(schedule(c.now + 2 * kDay, "burst pipe in block 3") == "accepted");
  CHECK(schedule(c.now + 8 * kDay, "") == "accepted");
  CHECK(c.refusal(
            command::ScheduleMeeting{"m2", MeetingKind::council, "x", c.now + 9 * kDay, "r1", ""},
            "cv", Role::convener) == "invalid_chair");
  CHECK(c.refusal(
            command::ScheduleMeeting{"m2", MeetingKind::council, "x", c.now + 9 * kDay, "ch", ""},
            "r1") == "role_not_permitted");
}

TEST_CASE("the agenda is edited before the session, only by vote afterwards") {
  Council c("in_session");
  CHECK(c.refusal(command::AddItem{"m", "i3", "", "Late item", "", 5}, "cv", Role::convener) ==
        "needs_vote");
  CHECK(c.refusal(command::MoveItem{"m", "i2", 0}, "cv", Role::convener) == "needs_vote");
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::change_agenda, "", 0}, "r2") ==
        "missing_text");
  c.run(command::MoveMotion{"m", MotionKind::change_agenda, "Broken gate", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 3, 2, 0}, "ch", Role::chair);  // 3/5 is short of 2/3
  CHECK(c.m().agenda.size() == 2);
  c.run(command::MoveMotion{"m", MotionKind::change_agenda, "Broken gate", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 4, 2, 0}, "ch", Role::chair);
  REQUIRE(c.m().agenda.size() == 3);
  CHECK(c.m().agenda.back().title == "Broken gate");
  c.run(command::StartItem{"m", "i1"}, "ch", Role::chair);
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::change_agenda, "x", 0}, "r2") ==
        "wrong_state");
  Council d("scheduled");
  d.run(command::MoveItem{"m", "i2", 0}, "cv", Role::convener);
  CHECK(d.m().agenda.front().id == "i2");
  CHECK(d.refusal(command::AddItem{"m", "i9", "nope", "", "", 5}, "cv", Role::convener) ==
        "unknown_proposal");
  CHECK(std::holds_alternative<phase::Scheduled>(d.s.proposal("p")->phase));
}

TEST_CASE("quorum is computed from attendance, re-checked on every change, and visible") {
  Council c("open");
  CHECK_FALSE(c.m().quorate);
  CHECK(c.refusal(command::CallToOrder{"m"}, "ch", Role::chair) == "no_quorum");
  for (int i = 1; i <= 5; ++i) c.run(command::CheckIn{"m", ""}, Council::r(i));
  CHECK_FALSE(c.m().quorate);  // 5 of 10 is not more than half
  auto reached = c.run(command::CheckIn{"m", ""}, "r6");
  REQUIRE(reached.size() == 2);
  CHECK(event_tag(reached[1]) == "meeting.quorum_reached");
  c.run(command::CallToOrder{"m"}, "ch", Role::chair);
  auto lost = c.run(command::CheckOut{"m", ""}, "r6");
  REQUIRE(lost.size() == 2);
  CHECK(event_tag(lost[1]) == "meeting.quorum_lost");
  // Business that needs quorum is refused without it.
  CHECK(c.refusal(command::StartItem{"m", "i1"}, "ch", Role::chair) == "no_quorum");
  // A proxy given to someone present counts at once.
  auto proxy = c.run(command::RegisterProxy{"m", "r1"}, "r7");
  REQUIRE(proxy.size() == 2);
  CHECK(event_tag(proxy[1]) == "meeting.quorum_reached");
  CHECK(c.refusal(command::StartItem{"m", "i1"}, "ch", Role::chair) == "accepted");
}

TEST_CASE("quorum by household and by area") {
  Council c("scheduled");
  Meeting& m = c.s.meetings.at("m");
  m.rules.quorum_basis = QuorumBasis::area;
  c.now = m.starts_at;
  c.run(command::OpenMeeting{"m"}, "ch", Role::chair);
  // Areas: h_i = 5000 + 100 i centi-m²; total 50 + 5.5 = 55.5 m² ... half is 27.75 m².
  for (int i = 10; i >= 6; --i) c.run(command::CheckIn{"m", ""}, Council::r(i));
  // 10+9+8+7+6: 5 households, area 5000*5 + 100*40 = 29000 of 55500: more than half.
  CHECK(c.m().quorate);
  CHECK(c.m().attendance.area_centi_m2 == 29000);
  CHECK(c.m().attendance.households == 5);
}

TEST_CASE("proxies: one per holder by default, no chains, not while present") {
  Council c("scheduled");
  c.run(command::RegisterProxy{"m", "r2"}, "r9");
  CHECK(c.refusal(command::RegisterProxy{"m", "r2"}, "r10") == "proxy_limit");
  CHECK(c.refusal(command::RegisterProxy{"m", "r3"}, "r9") == "proxy_exists");
  CHECK(c.refusal(command::RegisterProxy{"m", "r9"}, "r8") == "proxy_chain");
  CHECK(c.refusal(command::RegisterProxy{"m", "r8"}, "r8") == "invalid_field");
}

TEST_CASE("one floor holder at a time; only the chair recognises, in the engine's order") {
  Council c;
  c.run(RequestFloor{"m", Stance::pro}, "r2");
  c.run(RequestFloor{"m", Stance::con}, "r3");
  CHECK(c.refusal(command::Recognize{"m"}, "r4") == "not_chair");
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  REQUIRE(c.m().floor);
  CHECK(c.m().floor->member == "r2");
  CHECK(c.refusal(command::Recognize{"m"}, "ch", Role::chair) == "floor_taken");
  c.run(command::Yield{"m"}, "r2");
  CHECK(c.refusal(command::Yield{"m"}, "r2") == "not_speaking");
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  CHECK(c.m().floor->member == "r3");
  CHECK(c.refusal(command::Recognize{"m"}, "ch", Role::chair) == "floor_taken");
}

TEST_CASE("a request declares a stance, once at a time, only from those present") {
  Council c;
  c.run(RequestFloor{"m", Stance::question}, "r2");
  CHECK(c.m().queue.back().stance == Stance::question);
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "r2") == "already_queued");
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "r9") == "not_present");
  c.run(command::WithdrawRequest{"m"}, "r2");
  CHECK(c.m().queue.empty());
  CHECK(c.refusal(command::WithdrawRequest{"m"}, "r2") == "not_queued");
}

TEST_CASE("at most N turns per person per item") {
  Council c;
  for (int turn = 0; turn < 2; ++turn) {
    c.run(RequestFloor{"m", Stance::pro}, "r2");
    c.run(command::Recognize{"m"}, "ch", Role::chair);
    c.run(command::Yield{"m"}, "r2");
  }
  CHECK(c.m().item()->turns.at("r2") == 2);
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "r2") == "turns_exhausted");
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "r3") == "accepted");
}

TEST_CASE("a turn lasts T seconds and ends when its time is up, on the injected clock") {
  Council c;
  c.run(RequestFloor{"m", Stance::pro}, "r2");
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  const Timestamp ends = c.m().floor->ends_at;
  CHECK(ends - c.m().floor->started_at == 120 * kSecond);
  c.now = ends - 2 * kSecond;
  CHECK(c.run(command::Tick{}, "ch", Role::chair).empty());
  CHECK(c.m().floor);
  c.now = ends - kSecond;
  auto ended = c.run(command::Tick{}, "ch", Role::chair);
  REQUIRE(ended.size() == 1);
  const auto& turn = std::get<event::TurnEnded>(ended[0]);
  CHECK(turn.how == TurnEnd::time_up);
  CHECK(turn.spoke == 120 * kSecond);
  CHECK_FALSE(c.m().floor);
}

TEST_CASE("a late yield is recorded as time up, never longer than the limit") {
  Council c;
  c.run(RequestFloor{"m", Stance::pro}, "r2");
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  c.now += 10 * kMinute;
  auto events = c.run(command::Yield{"m"}, "r2");
  const auto& turn = std::get<event::TurnEnded>(events.at(0));
  CHECK(turn.how == TurnEnd::time_up);
  CHECK(turn.spoke == 120 * kSecond);
}

TEST_CASE("first-time speakers go before repeat speakers") {
  Council c;
  c.run(RequestFloor{"m", Stance::pro}, "r2");
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  c.run(command::Yield{"m"}, "r2");
  c.run(RequestFloor{"m", Stance::con}, "r2");  // second turn, asked first
  c.run(RequestFloor{"m", Stance::con}, "r3");  // first turn
  CHECK(order_of(c.m()) == std::vector<MemberId>{"r3", "r2"});
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  CHECK(c.m().floor->member == "r3");
}

TEST_CASE("pro and con alternate while both wait; otherwise first come, first served") {
  Council c;
  c.run(RequestFloor{"m", Stance::pro}, "r2");
  c.run(RequestFloor{"m", Stance::pro}, "r3");
  c.run(RequestFloor{"m", Stance::neutral}, "r4");
  c.run(RequestFloor{"m", Stance::con}, "r5");
  c.run(RequestFloor{"m", Stance::con}, "r6");
  CHECK(order_of(c.m()) == std::vector<MemberId>{"r2", "r4", "r5", "r3", "r6"});
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  c.run(command::Yield{"m"}, "r2");
  // After a pro, no pro goes next while a con waits: r3 (pro, asked second)
  // waits behind r5 (con); the neutral r4 keeps its place.
  CHECK(order_of(c.m()) == std::vector<MemberId>{"r4", "r5", "r3", "r6"});
  // With only one side waiting, plain order.
  Council d;
  d.run(RequestFloor{"m", Stance::pro}, "r2");
  d.run(RequestFloor{"m", Stance::pro}, "r3");
  d.run(command::Recognize{"m"}, "ch", Role::chair);
  d.run(command::Yield{"m"}, "r2");
  CHECK(order_of(d.m()) == std::vector<MemberId>{"r3"});
}

TEST_CASE("the chair cuts a speaker off only with a reason; nobody else can") {
  Council c;
  c.run(RequestFloor{"m", Stance::pro}, "r2");
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  CHECK(c.refusal(command::CutOff{"m", "off topic"}, "r3") == "not_chair");
  CHECK(c.refusal(command::CutOff{"m", " "}, "ch", Role::chair) == "reason_required");
  auto events = c.run(command::CutOff{"m", "off topic"}, "ch", Role::chair);
  CHECK(std::get<event::TurnEnded>(events.at(0)).how == TurnEnd::cut_off);
  CHECK(c.refusal(command::CutOff{"m", "again"}, "ch", Role::chair) == "floor_free");
}

TEST_CASE("the chair speaks on substance only after handing over the chair") {
  Council c;
  c.run(command::CheckIn{"m", ""}, "sec", Role::secretary);
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "ch", Role::chair) == "chair_must_hand_over");
  CHECK(c.refusal(command::HandOverChair{"m", "r9"}, "ch", Role::chair) == "not_present");
  // The secretary is present but holds no role that presides.
  CHECK(c.refusal(command::HandOverChair{"m", "sec"}, "ch", Role::chair) == "cannot_preside");
  c.run(command::HandOverChair{"m", "r3"}, "ch", Role::chair);
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "ch", Role::chair) == "accepted");
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "r3") == "chair_must_hand_over");
  CHECK(c.refusal(command::Recognize{"m"}, "ch", Role::chair) == "not_chair");
}

TEST_CASE("unused time cannot be given to someone else") {
  Council c;
  c.run(RequestFloor{"m", Stance::pro}, "r2");
  c.run(RequestFloor{"m", Stance::con}, "r3");
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  c.now += 10 * kSecond;
  c.run(command::Yield{"m"}, "r2");  // 110 s unused
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  CHECK(c.m().floor->ends_at - c.m().floor->started_at == 120 * kSecond);
}

TEST_CASE("a point of order interrupts the speaker, whose time waits for the ruling") {
  Council c;
  c.run(RequestFloor{"m", Stance::pro}, "r2");
  c.run(RequestFloor{"m", Stance::con}, "r3");
  c.run(command::Recognize{"m"}, "ch", Role::chair);
  c.now += 29 * kSecond;  // 30 s spoken after the next step's second
  c.run(command::RaiseOrder{"m", "off topic"}, "r4");
  REQUIRE(c.m().floor->paused_remaining);
  CHECK(*c.m().floor->paused_remaining == 90 * kSecond);
  c.now += 5 * kMinute;  // a long argument: the speaker's clock does not run
  CHECK(c.run(command::Tick{}, "ch", Role::chair).empty());
  CHECK(c.refusal(command::Recognize{"m"}, "ch", Role::chair) == "point_of_order_pending");
  CHECK(c.refusal(command::RaiseOrder{"m", "another"}, "r5") == "point_of_order_pending");
  CHECK(c.refusal(command::RuleOrder{"m", true, "ok"}, "r5") == "not_chair");
  c.run(command::RuleOrder{"m", false, "relevant"}, "ch", Role::chair);
  CHECK(c.m().floor->ends_at == c.now + 90 * kSecond);
  CHECK(c.refusal(command::RuleOrder{"m", true, "again"}, "ch", Role::chair) ==
        "no_point_of_order");
}

TEST_CASE("a ruling can be appealed to the meeting; only a majority against reverses it") {
  Council c;
  c.run(command::RaiseOrder{"m", "the speaker is off topic"}, "r4");
  c.run(command::RuleOrder{"m", true, "well taken"}, "ch", Role::chair);
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::appeal, "", 0}, "ch", Role::chair) ==
        "invalid_field");
  c.run(command::MoveMotion{"m", MotionKind::appeal, "", 0}, "r5");
  c.run(command::SecondMotion{"m"}, "r6");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  auto tie = c.run(command::CountVote{"m", 3, 3, 0}, "ch", Role::chair);
  CHECK(tie.size() == 1);  // a tie sustains the chair
  CHECK(*c.m().point_of_order->sustained);
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::appeal, "", 0}, "r5") == "already_appealed");

  Council d;
  d.run(command::RaiseOrder{"m", "the speaker is off topic"}, "r4");
  d.run(command::RuleOrder{"m", true, "well taken"}, "ch", Role::chair);
  d.run(command::MoveMotion{"m", MotionKind::appeal, "", 0}, "r5");
  d.run(command::SecondMotion{"m"}, "r6");
  d.run(command::CallVote{"m"}, "ch", Role::chair);
  auto reversed = d.run(command::CountVote{"m", 2, 4, 0}, "ch", Role::chair);
  REQUIRE(reversed.size() == 2);
  CHECK(event_tag(reversed[1]) == "order.ruling_reversed");
  CHECK_FALSE(*d.m().point_of_order->sustained);
}

TEST_CASE("motions follow precedence; amendments go two degrees deep") {
  Council c;
  c.run(command::MoveMotion{"m", MotionKind::amend, "north side", 0}, "r2");
  c.run(command::MoveMotion{"m", MotionKind::amend, "north side, with chargers", 0}, "r3");
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::amend, "third", 0}, "r4") ==
        "amendment_too_deep");
  c.run(command::MoveMotion{"m", MotionKind::close_debate, "", 0}, "r4");
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::postpone, "", 0}, "r5") == "out_of_order");
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::limit_debate, "", 60 * kSecond}, "r5") ==
        "out_of_order");
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::adjourn, "", 0}, "r5") == "accepted");
  CHECK(c.refusal(command::SecondMotion{"m"}, "r4") == "own_motion");
}

TEST_CASE("closing debate needs two thirds of votes cast, then the question is put") {
  Council c;
  c.run(command::MoveMotion{"m", MotionKind::close_debate, "", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  auto failed = c.run(command::CountVote{"m", 3, 2, 1}, "ch", Role::chair);  // 3/5 < 2/3
  CHECK_FALSE(std::get<event::VoteCounted>(failed.at(0)).passed);
  CHECK(c.m().item()->phase == ItemPhase::deliberating);
  c.run(command::MoveMotion{"m", MotionKind::close_debate, "", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  auto passed = c.run(command::CountVote{"m", 4, 2, 0}, "ch", Role::chair);  // exactly 2/3
  REQUIRE(passed.size() == 3);
  CHECK(event_tag(passed[1]) == "meeting.debate_closed");
  CHECK(c.m().item()->phase == ItemPhase::voting);
  CHECK(c.refusal(command::CountVote{"m", 20, 0, 0}, "ch", Role::chair) == "count_exceeds_present");
  c.run(command::CountVote{"m", 3, 3, 0}, "ch", Role::chair);  // a tie fails
  CHECK(std::holds_alternative<phase::Rejected>(c.s.proposal("p")->phase));
}

TEST_CASE("an adopted amendment changes the question; the vote on it decides the proposal") {
  Council c;
  c.run(command::MoveMotion{"m", MotionKind::amend, "Build the shed on the north side?", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 4, 1, 1}, "ch", Role::chair);
  CHECK(c.m().item()->question == "Build the shed on the north side?");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 5, 1, 0}, "ch", Role::chair);
  CHECK(std::holds_alternative<phase::Adopted>(c.s.proposal("p")->phase));
  CHECK(c.m().agenda[0].outcome == ItemOutcome::adopted);
}

TEST_CASE("a deferred item returns its proposal to accepted") {
  Council c;
  c.run(command::MoveMotion{"m", MotionKind::postpone, "wait for quotes", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 4, 2, 0}, "ch", Role::chair);
  CHECK(c.m().agenda[0].phase == ItemPhase::deferred);
  CHECK(std::get<phase::Accepted>(c.s.proposal("p")->phase).reason == "wait for quotes");
  CHECK_FALSE(c.m().item());
}

TEST_CASE("a consultation records opinions: no binding vote, the chair concludes") {
  Council c("debate", MeetingKind::consultation);
  CHECK(c.refusal(command::CallVote{"m"}, "ch", Role::chair) == "non_binding_meeting");
  c.run(command::ConcludeItem{"m"}, "ch", Role::chair);
  CHECK(c.m().agenda[0].outcome == ItemOutcome::noted);
  Council d;
  CHECK(d.refusal(command::ConcludeItem{"m"}, "ch", Role::chair) == "binding_meeting");
}

TEST_CASE("adjourning: by the chair once no item is open, otherwise by motion") {
  Council c;
  CHECK(c.refusal(command::Adjourn{"m"}, "ch", Role::chair) == "needs_motion");
  c.run(command::MoveMotion{"m", MotionKind::adjourn, "", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 4, 2, 0}, "ch", Role::chair);
  CHECK(c.m().phase == MeetingPhase::adjourned);
  CHECK(c.refusal(command::AmendMinutes{"m", "typo"}, "r2") == "role_not_permitted");
  c.run(command::AmendMinutes{"m", "r4 spoke for the chair"}, "sec", Role::secretary);
  CHECK(c.refusal(command::ApproveMinutes{"m"}, "r2") == "role_not_permitted");
  c.run(command::ApproveMinutes{"m"}, "ch", Role::chair);
  CHECK(c.m().phase == MeetingPhase::minutes_approved);
  CHECK(c.refusal(command::AmendMinutes{"m", "late"}, "sec", Role::secretary) == "wrong_state");
}

TEST_CASE("a recess suspends business until the chair resumes") {
  Council c;
  c.run(command::MoveMotion{"m", MotionKind::recess, "", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 4, 2, 0}, "ch", Role::chair);
  CHECK(c.m().phase == MeetingPhase::recess);
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "r2") == "wrong_state");
  c.run(command::Resume{"m"}, "ch", Role::chair);
  CHECK(c.refusal(RequestFloor{"m", Stance::pro}, "r2") == "accepted");
}

}  // namespace yishi::test
