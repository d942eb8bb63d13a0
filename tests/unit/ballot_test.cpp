// Ballots: secrecy, receipts, one counted ballot per voter, weights, art. 278,
// polls that close on time, and votes that decide a meeting's item.
#include <algorithm>

#include "meeting_fixture.hpp"
#include "test_nonce.hpp"

namespace yishi::test {
namespace {

std::string nonce(int i) {
  return test_nonce(i, '0');
}

command::OpenBallot poll(const std::string& id, Timestamp closes_at,
                         Secrecy secrecy = Secrecy::secret, Weighting weighting = Weighting::person,
                         RuleKind rule = RuleKind::threshold) {
  command::OpenBallot c;
  c.ballot = id;
  c.question = "Paint the bicycle shed green?";
  c.secrecy = secrecy;
  c.weighting = weighting;
  c.rule.kind = rule;
  c.closes_at = closes_at;
  return c;
}

command::CastBallot cast(const std::string& id, YesNo choice, const std::string& n = "",
                         const std::string& previous = "", const MemberId& for_whom = "") {
  Choice c;
  c.yes_no = choice;
  return command::CastBallot{id, c, n, previous, for_whom};
}

// By value: callers pass the temporary result of a command.
event::BallotTallied tallied(const std::vector<Event>& events) {
  for (const Event& e : events) {
    if (const auto* t = std::get_if<event::BallotTallied>(&e)) return *t;
  }
  FAIL("no ballot.tallied event");
  return {};
}

}  // namespace

TEST_CASE("a secret poll: the log learns who took part, never what they chose") {
  Council c("scheduled");
  const Timestamp closes = c.now + kDay;
  c.run(poll("p1", closes), "cv", Role::convener);
  std::vector<Event> all;
  for (int i = 1; i <= 5; ++i) {
    auto events = c.run(cast("p1", i <= 3 ? YesNo::yes : YesNo::no, nonce(i)), Council::r(i));
    all.insert(all.end(), events.begin(), events.end());
  }
  for (const Event& e : all) {
    // Only box events carry a choice, and the store keeps those out of the chain.
    if (const auto* sealed = std::get_if<event::BallotSealed>(&e)) {
      CHECK(sealed->sealed.voter.empty());
      CHECK(is_sealed_box_event(e));
    } else {
      CHECK(std::holds_alternative<event::BallotParticipated>(e));
    }
  }
  CHECK(c.s.ballots.at("p1").participants.size() == 5);
  CHECK(c.refusal(cast("p1", YesNo::yes, nonce(9)), "r1") == "already_voted");

  c.now = closes;
  auto closed = c.run(command::Tick{}, "cv", Role::convener);
  const auto& t = tallied(closed);
  CHECK(t.totals.yes == 3);
  CHECK(t.totals.no == 2);
  CHECK(t.passed);
  // Published in receipt order, without voters; each voter finds their receipt.
  CHECK(std::ranges::is_sorted(t.counted, {}, [](const auto& entry) { return entry.first; }));
  for (const auto& [receipt, sealed] : t.counted) CHECK(sealed.voter.empty());
  const std::string mine = ballot_receipt("p1", "yes", nonce(2));
  CHECK(std::ranges::any_of(t.counted, [&](const auto& entry) {
    return entry.first == mine && entry.second.choice.yes_no == YesNo::yes;
  }));
  CHECK(c.refusal(cast("p1", YesNo::yes, nonce(20)), "r6") == "ballot_closed");
}

TEST_CASE("a secret ballot is replaced only by whoever holds its nonce") {
  Council c("scheduled");
  c.run(poll("p1", c.now + kDay), "cv", Role::convener);
  c.run(cast("p1", YesNo::yes, nonce(1)), "r1");
  CHECK(c.refusal(cast("p1", YesNo::no, nonce(2)), "r1") == "already_voted");
  CHECK(c.refusal(cast("p1", YesNo::no, nonce(2), nonce(7)), "r1") == "already_voted");
  auto replaced = c.run(cast("p1", YesNo::no, nonce(2), nonce(1)), "r1");
  CHECK(std::holds_alternative<event::BallotUnsealed>(replaced.at(0)));
  CHECK(c.s.ballots.at("p1").box.size() == 1);
  CHECK(c.refusal(cast("p1", YesNo::no, "short"), "r2") == "invalid_field");
  c.now += kDay;
  const auto& t = tallied(c.run(command::CloseBallot{"p1"}, "cv", Role::convener));
  CHECK(t.totals.no == 1);
  CHECK(t.totals.yes == 0);
}

TEST_CASE("another voter's nonce, leaked or handed over, cannot replace their ballot") {
  Council c("scheduled");
  c.run(poll("p1", c.now + kDay), "cv", Role::convener);
  c.run(cast("p1", YesNo::yes, nonce(1)), "r1");
  c.run(cast("p1", YesNo::no, nonce(2)), "r2");
  // r2 has learnt r1's nonce (a coercer asked for it, say) and tries to swap r1's
  // yes for its own second ballot.
  CHECK(c.refusal(cast("p1", YesNo::no, nonce(3), nonce(1)), "r2") == "already_voted");
  CHECK(c.s.ballots.at("p1").box.size() == 2);
  // r1 still can, with its own nonce; the owner tag follows the new ballot.
  c.run(cast("p1", YesNo::abstain, nonce(4), nonce(1)), "r1");
  CHECK(c.refusal(cast("p1", YesNo::yes, nonce(5), nonce(4)), "r2") == "already_voted");
  c.run(cast("p1", YesNo::yes, nonce(6), nonce(4)), "r1");
  // The tag is in the box only: nothing published carries it.
  c.now += kDay;
  const auto& t = tallied(c.run(command::CloseBallot{"p1"}, "cv", Role::convener));
  CHECK(t.totals.yes == 1);
  CHECK(t.totals.no == 1);
  CHECK(c.s.ballots.at("p1").owners.empty());
}

TEST_CASE("ballots sealed before owner tags existed are still replaced by their nonce") {
  Council c("scheduled");
  c.run(poll("p1", c.now + kDay), "cv", Role::convener);
  // What a version-1 box row gives: the sealed choice, no owner tag.
  for (const Event& e : c.run(cast("p1", YesNo::yes, nonce(1)), "r1")) {
    if (std::holds_alternative<event::BallotSealed>(e)) c.s.ballots.at("p1").owners.clear();
  }
  REQUIRE(c.s.ballots.at("p1").owners.empty());
  auto replaced = c.run(cast("p1", YesNo::no, nonce(2), nonce(1)), "r1");
  CHECK(std::holds_alternative<event::BallotUnsealed>(replaced.at(0)));
}

TEST_CASE("an open ballot records who voted what, published only at the close") {
  Council c("scheduled");
  c.run(poll("p1", c.now + kDay, Secrecy::open), "cv", Role::convener);
  c.run(cast("p1", YesNo::yes), "r1");
  c.run(cast("p1", YesNo::no), "r1");  // an open ballot is replaced by name
  c.run(cast("p1", YesNo::abstain), "r2");
  c.now += kDay;
  const auto& t = tallied(c.run(command::CloseBallot{"p1"}, "cv", Role::convener));
  REQUIRE(t.counted.size() == 2);
  std::map<MemberId, YesNo> by_voter;
  for (const auto& [receipt, sealed] : t.counted) by_voter[sealed.voter] = sealed.choice.yes_no;
  CHECK(by_voter.at("r1") == YesNo::no);
  CHECK(by_voter.at("r2") == YesNo::abstain);
  CHECK_FALSE(t.passed);  // no yes at all
}

TEST_CASE("household and area weights: one ballot per household") {
  Council c("scheduled");
  c.run(command::RegisterMember{"r1b", "h1", {Role::resident}}, "ad", Role::admin);
  c.run(poll("p1", c.now + kDay, Secrecy::secret, Weighting::area), "cv", Role::convener);
  c.run(cast("p1", YesNo::yes, nonce(1)), "r1");
  CHECK(c.refusal(cast("p1", YesNo::no, nonce(2)), "r1b") == "household_voted");
  c.run(cast("p1", YesNo::no, nonce(3)), "r2");
  c.now += kDay;
  const auto& t = tallied(c.run(command::CloseBallot{"p1"}, "cv", Role::convener));
  CHECK(t.totals.yes == 5100);  // h1's area in centi-m²
  CHECK(t.totals.no == 5200);
  CHECK(c.s.ballots.at("p1").electorate_weight == 10 * 5000 + 100 * 55);
}

TEST_CASE("art. 278 in a poll: the area passes but the owners do not") {
  Council c("scheduled");
  c.run(poll("p1", c.now + kDay, Secrecy::secret, Weighting::area, RuleKind::double_majority), "cv",
        Role::convener);
  // The three largest flats (h8..h10) say yes, five smaller ones no: 8 of 10 households
  // take part (participation met); yes by area 17,700 of 44,200, by owners 3 of 8: no.
  for (int i = 8; i <= 10; ++i) c.run(cast("p1", YesNo::yes, nonce(i)), Council::r(i));
  for (int i = 1; i <= 5; ++i) c.run(cast("p1", YesNo::no, nonce(i)), Council::r(i));
  c.now += kDay;
  const auto& t = tallied(c.run(command::CloseBallot{"p1"}, "cv", Role::convener));
  CHECK(t.participation_met);
  CHECK_FALSE(t.passed);
  CHECK(c.refusal(
            poll("p2", c.now + kDay, Secrecy::secret, Weighting::person, RuleKind::double_majority),
            "cv", Role::convener) == "invalid_field");
}

TEST_CASE("a ballot decides a meeting's item; proxies vote for their grantors") {
  Council c("scheduled");
  c.run(command::RegisterProxy{"m", "r1"}, "r9");
  c.now = c.m().starts_at;
  c.run(command::OpenMeeting{"m"}, "ch", Role::chair);
  for (int i = 1; i <= 6; ++i) c.run(command::CheckIn{"m", ""}, Council::r(i));
  c.run(command::CallToOrder{"m"}, "ch", Role::chair);
  c.run(command::StartItem{"m", "i1"}, "ch", Role::chair);
  c.run(command::OpenDebate{"m"}, "ch", Role::chair);
  command::OpenBallot open;
  open.ballot = "b1";
  open.meeting = "m";
  CHECK(c.refusal(open, "ch", Role::chair) == "wrong_state");  // call the vote first
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  CHECK(c.refusal(open, "r2") == "not_chair");
  c.run(open, "ch", Role::chair);
  CHECK(c.s.ballots.at("b1").question == "Build the shed?");
  CHECK(c.refusal(command::CountVote{"m", 5, 1, 0}, "ch", Role::chair) == "ballot_in_progress");
  for (int i = 1; i <= 4; ++i) c.run(cast("b1", YesNo::yes, nonce(i)), Council::r(i));
  c.run(cast("b1", YesNo::no, nonce(5)), Council::r(5));
  c.run(cast("b1", YesNo::yes, nonce(9), "", "r9"), "r1");  // r1 casts r9's proxy
  CHECK(c.refusal(cast("b1", YesNo::yes, nonce(10), "", "r10"), "r1") == "not_proxy");
  CHECK(c.refusal(cast("b1", YesNo::yes, nonce(7)), "r7") == "not_present");
  const auto closed = c.run(command::CloseBallot{"b1"}, "ch", Role::chair);
  const auto& t = tallied(closed);
  CHECK(t.totals.yes == 5);
  CHECK(t.totals.no == 1);
  // The item is decided, and its adoption opens the decision's task (落实).
  REQUIRE(closed.size() >= 2);
  CHECK(std::holds_alternative<event::ItemDecided>(closed[closed.size() - 2]));
  CHECK(std::holds_alternative<event::TaskOpened>(closed.back()));
  CHECK(std::holds_alternative<phase::Adopted>(c.s.proposal("p")->phase));
  REQUIRE(c.s.task("p") != nullptr);
  CHECK(c.s.task("p")->phase == TaskPhase::planned);
  CHECK(c.s.task("p")->decided_at == "m");
  CHECK(c.s.ballots.at("b1").participants.contains("r9"));
}

TEST_CASE("a secret ballot decides a motion: an amendment, closing debate, an appeal") {
  Council c;  // in debate on i1, r1..r6 present
  command::OpenBallot open;
  open.meeting = "m";
  const auto ballot = [&](const BallotId& id, int yes, int no) {
    open.ballot = id;
    c.run(open, "ch", Role::chair);
    for (int i = 1; i <= yes + no; ++i) {
      c.run(cast(id, i <= yes ? YesNo::yes : YesNo::no, nonce(i)), Council::r(i));
    }
    return c.run(command::CloseBallot{id}, "ch", Role::chair);
  };

  c.run(command::MoveMotion{"m", MotionKind::amend, "Build the shed of brick", 0}, "r2");
  c.run(command::SecondMotion{"m"}, "r3");
  open.ballot = "early";
  CHECK(c.refusal(open, "ch", Role::chair) == "wrong_state");  // no vote called yet
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  const auto amended = ballot("amend", 4, 2);
  CHECK(c.s.ballots.at("amend").question == "Motion 1 (amend): Build the shed of brick");
  CHECK(tallied(amended).passed);
  const auto& counted = std::get<event::VoteCounted>(amended.at(1));
  CHECK(counted.subject == 1);
  CHECK(counted.yes == 4);
  CHECK(std::holds_alternative<event::TextAmended>(amended.at(2)));
  CHECK(c.m().motions.empty());
  CHECK(c.m().item()->phase == ItemPhase::deliberating);  // the debate goes on

  // Closing debate needs two thirds, by ballot as by count: 3 of 5 is not enough.
  c.run(command::MoveMotion{"m", MotionKind::close_debate, "", 0}, "r4");
  c.run(command::SecondMotion{"m"}, "r5");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  const auto kept_open = ballot("close", 3, 2);
  CHECK(c.s.ballots.at("close").rule.fraction == c.m().rules.supermajority);
  CHECK_FALSE(tallied(kept_open).passed);
  CHECK(kept_open.size() == 2);  // counted, no effect
  CHECK(c.m().item()->phase == ItemPhase::deliberating);

  // An appeal: a tie keeps the chair's ruling, though yes did not reach a majority.
  c.run(command::RaiseOrder{"m", "the speaker is off topic"}, "r4");
  c.run(command::RuleOrder{"m", true, "well taken"}, "ch", Role::chair);
  c.run(command::MoveMotion{"m", MotionKind::appeal, "", 0}, "r5");
  c.run(command::SecondMotion{"m"}, "r6");
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  const auto tie = ballot("appeal", 3, 3);
  CHECK(c.s.ballots.at("appeal").question == "Shall the decision of the chair stand?");
  CHECK(tallied(tie).passed);
  CHECK(tallied(tie).explanation == "the chair's decision stands (no majority against it)");
  CHECK(*c.m().point_of_order->sustained);
}

TEST_CASE("replaying a log with ballots gives the live state") {
  Council c("scheduled");
  std::vector<Event> log;
  const auto keep = [&](const std::vector<Event>& events) {
    log.insert(log.end(), events.begin(), events.end());
  };
  State start = c.s;
  keep(c.run(poll("p1", c.now + kDay), "cv", Role::convener));
  for (int i = 1; i <= 4; ++i) keep(c.run(cast("p1", YesNo::yes, nonce(i)), Council::r(i)));
  keep(c.run(cast("p1", YesNo::no, nonce(11), nonce(1)), "r1"));
  c.now += kDay;
  keep(c.run(command::Tick{}, "cv", Role::convener));
  State replayed = start;
  for (const Event& e : log) apply_event(replayed, e);
  CHECK(replayed == c.s);
}

TEST_CASE("art. 278 counts area and owners together, whatever weighting the ballot names") {
  Council c("scheduled");
  // One large flat outweighs five small ones by area, not by owners.
  c.run(command::RegisterHousehold{"big", 100'000}, "ad", Role::admin);
  c.run(command::RegisterMember{"rb", "big", {Role::resident}}, "ad", Role::admin);
  c.run(poll("p1", c.now + kDay, Secrecy::secret, Weighting::household, RuleKind::double_majority),
        "cv", Role::convener);
  CHECK(c.s.ballots.at("p1").weighting == Weighting::area);
  for (int i = 1; i <= 5; ++i) c.run(cast("p1", YesNo::yes, nonce(i)), Council::r(i));
  for (int i = 6; i <= 8; ++i) c.run(cast("p1", YesNo::no, nonce(i)), Council::r(i));
  c.run(cast("p1", YesNo::no, nonce(20)), "rb");
  c.now += kDay;
  const auto& t = tallied(c.run(command::CloseBallot{"p1"}, "cv", Role::convener));
  CHECK(t.participation_met);  // 9 of 11 owners, and most of the area
  CHECK(t.totals.owners_yes == 5);
  CHECK(t.totals.yes == 5100 + 5200 + 5300 + 5400 + 5500);  // by area, not by household
  CHECK_FALSE(t.passed);  // a majority of owners, but not of the area

  // A household without a recorded area cannot take part in an art. 278 count.
  c.run(command::RegisterHousehold{"unmeasured", 0}, "ad", Role::admin);
  c.run(command::RegisterMember{"ru", "unmeasured", {Role::resident}}, "ad", Role::admin);
  CHECK(c.refusal(
            poll("p2", c.now + kDay, Secrecy::secret, Weighting::area, RuleKind::double_majority),
            "cv", Role::convener) == "invalid_field");
}

}  // namespace yishi::test
