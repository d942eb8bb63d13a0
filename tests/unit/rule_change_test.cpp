// Rule changes are decisions: a rule_change proposal adopted by the rulebook's
// supermajority installs a new rulebook version; what is already scheduled or
// open keeps the rules it froze.
#include "engine/core/rule_fields.hpp"
#include "meeting_fixture.hpp"

namespace yishi::test {

TEST_CASE("a rule change says what it changes; other proposals change no rules") {
  Council c("scheduled");
  command::DraftProposal draft{"rc", ProposalKind::rule_change, "New rules", ""};
  CHECK(c.refusal(draft, "r2") == "missing_field");
  draft.kind = ProposalKind::project;
  draft.rulebook_change.support_threshold = 2;
  CHECK(c.refusal(draft, "r2") == "invalid_field");
  draft.kind = ProposalKind::rule_change;
  draft.rulebook_change.max_turn = kSecond;  // a one-second turn is no turn
  CHECK(c.refusal(draft, "r2") == "invalid_field");
}

TEST_CASE("a quorum of nobody is out of bounds, strict or not") {
  for (const bool strict : {true, false}) {
    Rulebook r;
    r.quorum = Fraction{0, 1, strict};
    const auto refusal = check_rulebook(r);
    REQUIRE(refusal);
    CHECK(refusal->field == "rulebook.quorum");
  }
  Rulebook r;
  r.quorum = Fraction{1, 1000, true};
  CHECK_FALSE(check_rulebook(r));
}

TEST_CASE("a simple majority is not enough to change the rules") {
  Council c("debate", MeetingKind::council, true);
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 3, 2, 1}, "ch", Role::chair);  // 3/5 < 2/3
  CHECK(std::holds_alternative<phase::Rejected>(c.s.proposal("p")->phase));
  CHECK(c.s.rulebook.version == 1);
}

TEST_CASE("adopted by two thirds, a rule change installs the next rulebook version") {
  Council c("debate", MeetingKind::council, true);
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  auto events = c.run(command::CountVote{"m", 4, 2, 0}, "ch", Role::chair);  // exactly 2/3
  REQUIRE(std::holds_alternative<event::RulebookInstalled>(events.back()));
  CHECK(c.s.rulebook.version == 2);
  CHECK(c.s.rulebook.support_threshold == 3);
  CHECK(c.s.rulebook.max_turn == 90 * kSecond);
  CHECK(c.s.rulebook.notice_period == 7 * kDay);  // untouched rules stay
  // The meeting already under way keeps the rules it froze when scheduled.
  CHECK(c.m().rules.version == 1);
  CHECK(c.m().rules.max_turn == 120 * kSecond);
  // A meeting scheduled now runs under version 2.
  c.run(command::ScheduleMeeting{"m2", MeetingKind::council, "Next", c.now + 8 * kDay, "ch", ""},
        "cv", Role::convener);
  CHECK(c.s.meetings.at("m2").rules.version == 2);
  // And new proposals need three co-signers.
  c.run(command::DraftProposal{"q", ProposalKind::project, "Benches", ""}, "r3");
  c.run(command::SubmitProposal{"q"}, "r3");
  CHECK(std::get<phase::CollectingSupport>(c.s.proposal("q")->phase).threshold == 3);
}

TEST_CASE("a ballot on a rule change needs the supermajority too") {
  Council c("debate", MeetingKind::council, true);
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  command::OpenBallot open;
  open.ballot = "b";
  open.meeting = "m";
  c.run(open, "ch", Role::chair);
  CHECK(c.s.ballots.at("b").rule.fraction == c.m().rules.supermajority);
  const auto cast = [&](int i, YesNo choice) {
    std::string n(64, 'c');
    n.back() = static_cast<char>('0' + i);
    Choice vote;
    vote.yes_no = choice;
    c.run(command::CastBallot{"b", vote, n, "", ""}, Council::r(i));
  };
  for (int i = 1; i <= 3; ++i) cast(i, YesNo::yes);
  for (int i = 4; i <= 5; ++i) cast(i, YesNo::no);  // 3 of 5: a majority, not two thirds
  c.run(command::CloseBallot{"b"}, "ch", Role::chair);
  CHECK(std::holds_alternative<phase::Rejected>(c.s.proposal("p")->phase));
  CHECK(c.s.rulebook.version == 1);
}

TEST_CASE("the rulebook says whether a ballot can be replaced; a change reaches later ballots") {
  Council c("debate", MeetingKind::council, true);
  const auto nonce = [](char fill) { return std::string(64, fill); };
  const auto poll = [&](const BallotId& id) {
    command::OpenBallot open;
    open.ballot = id;
    open.question = "Plant plane trees on the east lane?";
    open.closes_at = c.now + kDay;
    c.run(open, "cv", Role::convener);
  };
  const auto vote = [&](const BallotId& id, YesNo choice, char n, char previous = 0) {
    Choice v;
    v.yes_no = choice;
    return command::CastBallot{id, v, nonce(n), previous ? nonce(previous) : "", ""};
  };
  poll("before");  // the default rulebook lets voters change their mind
  CHECK(c.s.ballots.at("before").changes_allowed);
  CHECK(c.s.ballots.at("before").rulebook_version == 1);
  c.run(vote("before", YesNo::yes, 'a'), "r7");

  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 5, 1, 0}, "ch", Role::chair);
  REQUIRE(c.s.rulebook.version == 2);
  CHECK_FALSE(c.s.rulebook.ballot_changes_allowed);

  // The poll opened before keeps the rules it froze: r7 may still replace theirs.
  auto replaced = c.run(vote("before", YesNo::no, 'b', 'a'), "r7");
  CHECK(std::holds_alternative<event::BallotUnsealed>(replaced.at(0)));
  // A poll opened now takes each voter's first ballot only.
  poll("after");
  CHECK_FALSE(c.s.ballots.at("after").changes_allowed);
  CHECK(c.s.ballots.at("after").rulebook_version == 2);
  c.run(vote("after", YesNo::yes, 'c'), "r7");
  CHECK(c.refusal(vote("after", YesNo::no, 'd', 'c'), "r7") == "already_voted");
  CHECK(c.s.ballots.at("after").box.size() == 1);
}

}  // namespace yishi::test
