// The rules a binding decision depends on: quorum at the moment it is taken, and
// counts bounded by the electors present.
#include "meeting_fixture.hpp"
#include "test_nonce.hpp"

namespace yishi::test {
namespace {

command::CastBallot cast_yes(const BallotId& id, int i) {
  Choice c;
  c.yes_no = YesNo::yes;
  return command::CastBallot{id, c, test_nonce(i, '0'), "", ""};
}

}  // namespace

TEST_CASE("a count without quorum is refused and the item stays in voting") {
  Council c;  // r1..r6 present: quorum is more than half of ten
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CheckOut{"m", ""}, "r6");
  CHECK_FALSE(c.m().quorate);
  CHECK(c.refusal(command::CountVote{"m", 4, 1, 0}, "ch", Role::chair) == "no_quorum");
  CHECK(c.m().item()->phase == ItemPhase::voting);
  CHECK(std::holds_alternative<phase::Scheduled>(c.s.proposal("p")->phase));
  // The chair waits: a member returns and the count goes through.
  c.run(command::CheckIn{"m", ""}, "r6");
  c.run(command::CountVote{"m", 4, 2, 0}, "ch", Role::chair);
  CHECK(std::holds_alternative<phase::Adopted>(c.s.proposal("p")->phase));
}

TEST_CASE("a motion is decided only with quorum, but a meeting without one may recess") {
  Council c;
  c.run(command::MoveMotion{"m", MotionKind::amend, "Build it of brick?", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CheckOut{"m", ""}, "r6");
  CHECK(c.refusal(command::CountVote{"m", 4, 1, 0}, "ch", Role::chair) == "no_quorum");
  CHECK(c.m().item()->question == "Build the shed?");

  Council d;
  d.run(command::CheckOut{"m", ""}, "r6");
  d.run(command::MoveMotion{"m", MotionKind::recess, "", 0}, "r2");
  d.run(command::SecondMotion{"m"}, "r3");
  d.run(command::CallVote{"m"}, "ch", Role::chair);
  d.run(command::CountVote{"m", 4, 1, 0}, "ch", Role::chair);
  CHECK(d.m().phase == MeetingPhase::recess);
}

TEST_CASE("calling the item's vote needs quorum") {
  Council c;
  c.run(command::CheckOut{"m", ""}, "r6");
  CHECK(c.refusal(command::CallVote{"m"}, "ch", Role::chair) == "no_quorum");
}

TEST_CASE("a meeting ballot closes only while quorum holds") {
  Council c;
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  command::OpenBallot open;
  open.ballot = "b1";
  open.meeting = "m";
  c.run(open, "ch", Role::chair);
  for (int i = 1; i <= 5; ++i) c.run(cast_yes("b1", i), Council::r(i));
  c.run(command::CheckOut{"m", ""}, "r6");
  CHECK(c.refusal(command::CloseBallot{"b1"}, "ch", Role::chair) == "no_quorum");
  CHECK(c.s.ballots.at("b1").phase == BallotPhase::open);
  CHECK(c.m().item()->phase == ItemPhase::voting);
  c.run(command::CheckIn{"m", ""}, "r6");
  c.run(command::CloseBallot{"b1"}, "ch", Role::chair);
  CHECK(std::holds_alternative<phase::Adopted>(c.s.proposal("p")->phase));
}

TEST_CASE("a hand count is bounded by the electors present and the proxies they hold") {
  Council c;  // six residents present, and the chair, who is not an elector
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  CHECK(c.refusal(command::CountVote{"m", 4, 2, 1}, "ch", Role::chair) == "count_exceeds_present");
  Council d("scheduled");
  d.run(command::RegisterProxy{"m", "r1"}, "r9");
  d.now = d.m().starts_at;
  d.run(command::OpenMeeting{"m"}, "ch", Role::chair);
  for (int i = 1; i <= 6; ++i) d.run(command::CheckIn{"m", ""}, Council::r(i));
  d.run(command::CheckIn{"m", ""}, "sec", Role::secretary);  // staff in the room do not vote
  d.run(command::CallToOrder{"m"}, "ch", Role::chair);
  d.run(command::StartItem{"m", "i1"}, "ch", Role::chair);
  d.run(command::OpenDebate{"m"}, "ch", Role::chair);
  d.run(command::CallVote{"m"}, "ch", Role::chair);
  CHECK(d.refusal(command::CountVote{"m", 5, 2, 1}, "ch", Role::chair) == "count_exceeds_present");
  d.run(command::CountVote{"m", 5, 2, 0}, "ch", Role::chair);  // six present + r9's proxy
  CHECK(std::holds_alternative<phase::Adopted>(d.s.proposal("p")->phase));
}

}  // namespace yishi::test

namespace yishi::test {

TEST_CASE("a motion nobody seconds lapses when the chair moves on, and is recorded") {
  Council c;
  c.run(command::MoveMotion{"m", MotionKind::amend, "Build it of brick?", 0}, "r2");
  c.run(command::RequestFloor{"m", Stance::con}, "r3");
  const auto recognised = c.run(command::Recognize{"m"}, "ch", Role::chair);
  REQUIRE(recognised.size() == 2);
  CHECK(std::get<event::MotionLapsed>(recognised[0]).number == 1);
  CHECK(c.m().motions.empty());
  CHECK(c.m().floor->member == "r3");

  // Calling the question skips unseconded motions to the one below, or the item.
  Council d;
  d.run(command::MoveMotion{"m", MotionKind::amend, "Of brick?", 0}, "r2");
  d.run(command::SecondMotion{"m"}, "r3");
  d.run(command::MoveMotion{"m", MotionKind::close_debate, "", 0}, "r4");
  const auto called = d.run(command::CallVote{"m"}, "ch", Role::chair);
  REQUIRE(called.size() == 2);
  CHECK(std::get<event::MotionLapsed>(called[0]).number == 2);
  CHECK(std::get<event::VoteCalled>(called[1]).subject == 1);
}

TEST_CASE("a ruling is appealed at most once") {
  Council c;
  c.run(command::RaiseOrder{"m", "off topic"}, "r4");
  c.run(command::RuleOrder{"m", true, "well taken"}, "ch", Role::chair);
  c.run(command::MoveMotion{"m", MotionKind::appeal, "", 0}, "r5");
  // A second appeal while the first is pending, or after it lapsed, is refused.
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::appeal, "", 0}, "r6") == "already_appealed");
  c.run(command::RequestFloor{"m", Stance::pro}, "r2");
  c.run(command::Recognize{"m"}, "ch", Role::chair);  // the unseconded appeal lapses
  c.run(command::Yield{"m"}, "r2");
  CHECK(c.refusal(command::MoveMotion{"m", MotionKind::appeal, "", 0}, "r6") == "already_appealed");
}

TEST_CASE("adjourning returns items not reached, and the open one, to accepted") {
  Council c("in_session");                  // i1 (proposal p) and i2 (procedural) pending
  c.run(command::CheckOut{"m", ""}, "r6");  // quorum lost: the chair may adjourn
  const auto adjourned = c.run(command::Adjourn{"m"}, "ch", Role::chair);
  REQUIRE(adjourned.size() == 3);
  CHECK(std::get<event::ItemDeferred>(adjourned[0]).reason == kNotReached);
  CHECK(c.m().agenda[0].phase == ItemPhase::deferred);
  CHECK(c.m().agenda[1].phase == ItemPhase::deferred);
  CHECK(c.s.proposal("p")->is<phase::Accepted>());

  Council d;  // i1 under debate; adjourned by motion
  d.run(command::MoveMotion{"m", MotionKind::adjourn, "", 0}, "r2");
  d.run(command::SecondMotion{"m"}, "r3");
  d.run(command::CallVote{"m"}, "ch", Role::chair);
  d.run(command::CountVote{"m", 4, 2, 0}, "ch", Role::chair);
  CHECK(d.m().phase == MeetingPhase::adjourned);
  CHECK(d.m().agenda[0].phase == ItemPhase::deferred);
  CHECK(d.s.proposal("p")->is<phase::Accepted>());
  // Accepted again, it can go to the next meeting.
  d.run(command::ScheduleMeeting{"m2", MeetingKind::council, "Next", d.now + 8 * kDay, "ch", ""},
        "cv", Role::convener);
  d.run(command::ScheduleProposal{"p", "m2"}, "cv", Role::convener);
  CHECK(d.s.meetings.at("m2").agenda.at(0).proposal == "p");
}

TEST_CASE("a consultation's conclusion returns the proposal to accepted with its record") {
  Council c("debate", MeetingKind::consultation);
  const auto concluded = c.run(command::ConcludeItem{"m"}, "ch", Role::chair);
  CHECK(std::get<event::ProposalConsulted>(concluded.back()).meeting == "m");
  const Proposal& p = *c.s.proposal("p");
  CHECK(p.is<phase::Accepted>());
  CHECK(p.consultations == std::vector<std::string>{"m"});
}

TEST_CASE("scheduling names a meeting that exists and has not started, and sets the agenda") {
  Council c("scheduled");
  c.run(command::DraftProposal{"q", ProposalKind::project, "Benches", ""}, "r3");
  c.run(command::SubmitProposal{"q"}, "r3");
  c.run(command::SupportProposal{"q"}, "r4");
  c.run(command::AcceptProposal{"q", "self-governance"}, "cv", Role::convener);
  CHECK(c.refusal(command::ScheduleProposal{"q", "nowhere"}, "cv", Role::convener) ==
        "unknown_meeting");
  c.run(command::ScheduleProposal{"q", "m"}, "cv", Role::convener);
  CHECK(c.m().agenda.back().proposal == "q");
  CHECK(std::get<phase::Scheduled>(c.s.proposal("q")->phase).meeting == "m");

  // The author withdraws before the meeting opens: the item leaves the agenda.
  c.run(command::WithdrawProposal{"q", "solved by the property company"}, "r3");
  CHECK(c.s.proposal("q")->is<phase::Withdrawn>());
  CHECK(c.m().find_item("q") == nullptr);

  // Once the meeting has opened, neither scheduling nor withdrawing is possible.
  c.now = c.m().starts_at;
  c.run(command::OpenMeeting{"m"}, "ch", Role::chair);
  c.run(command::CheckIn{"m", ""}, "ch", Role::chair);
  for (int i = 1; i <= 6; ++i) c.run(command::CheckIn{"m", ""}, Council::r(i));
  c.run(command::CallToOrder{"m"}, "ch", Role::chair);
  CHECK(c.refusal(command::WithdrawProposal{"p", ""}, "r1") == "wrong_state");
}

}  // namespace yishi::test
