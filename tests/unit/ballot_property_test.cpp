// Property: random casts on a poll (400 seeded sequences; secret or open, per
// person or per household, replacements allowed or not) keep one counted ballot
// per voter, change a voter's ballot only at that voter's request, never put a
// voter beside a choice in what is published for a secret ballot, and count at
// the close exactly each voter's last accepted ballot.
#include <map>
#include <random>

#include "meeting_fixture.hpp"
#include "test_nonce.hpp"

namespace yishi::test {

TEST_CASE("property: random casts keep one ballot per voter, changed only by its voter") {
  int replaced = 0, refused_foreign_nonce = 0, refused_household = 0, refused_repeat = 0;
  for (std::uint32_t seed = 1; seed <= 400; ++seed) {
    std::mt19937 rng(seed);
    const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    Council c("scheduled");
    c.run(command::RegisterMember{"r1b", "h1", {Role::resident}}, "ad", Role::admin);
    c.s.rulebook.ballot_changes_allowed = pick(4) != 0;  // as a rule change would set it
    command::OpenBallot open;
    open.ballot = "p";
    open.question = "Paint the shed green?";
    open.closes_at = c.now + kDay;
    open.secrecy = pick(3) == 0 ? Secrecy::open : Secrecy::secret;
    open.weighting = pick(2) == 0 ? Weighting::household : Weighting::person;
    c.run(open, "cv", Role::convener);
    const bool secret = open.secrecy == Secrecy::secret;
    const Ballot& b = c.s.ballots.at("p");
    INFO("seed " << seed);

    std::map<MemberId, YesNo> last;         // the model: each voter's counted choice
    std::map<MemberId, std::string> nonce;  // and the nonce that proves it
    int fresh = 0;
    for (int step = 0; step < 40; ++step) {
      const int who = pick(12);
      const MemberId voter = who == 10 ? "r1b" : who == 11 ? "cv" : Council::r(1 + who);
      Choice choice;
      choice.yes_no = static_cast<YesNo>(pick(3));
      std::string n = secret ? test_nonce(static_cast<int>(seed) * 1000 + ++fresh, 'b') : "";
      std::string previous;
      switch (pick(4)) {
        case 0:  // their own nonce, if any
          if (nonce.contains(voter)) previous = nonce.at(voter);
          break;
        case 1:  // someone else's
          if (!nonce.empty())
            previous = std::next(nonce.begin(), pick(static_cast<int>(nonce.size())))->second;
          break;
        default:
          break;
      }
      const auto before = b.box;
      const bool own_proof = !secret || (nonce.contains(voter) && previous == nonce.at(voter));
      auto d = c.attempt(command::CastBallot{"p", choice, n, previous, ""}, voter);
      if (d) {
        for (const Event& e : *d) apply_event(c.s, e);
        // Only the voter's own ballot moved: one box row replaced at most.
        CHECK(b.box.size() == before.size() + (last.contains(voter) ? 0 : 1));
        if (last.contains(voter)) {
          ++replaced;
          CHECK(b.changes_allowed);
          CHECK(own_proof);
        }
        last[voter] = choice.yes_no;
        if (secret) nonce[voter] = n;
        for (const Event& e : *d) {
          if (const auto* sealed = std::get_if<event::BallotSealed>(&e)) {
            CHECK(sealed->sealed.voter == (secret ? "" : voter));
          }
        }
      } else {
        CHECK(b.box == before);  // a refusal changes nothing
        const std::string& code = d.error().code;
        if (code == "already_voted" && last.contains(voter) && b.changes_allowed && !own_proof) {
          ++refused_foreign_nonce;
        }
        if (code == "household_voted") ++refused_household;
        if (code == "already_voted" && !b.changes_allowed) ++refused_repeat;
        // The convener is no resident: the role check refuses before the electorate's.
        if (voter == "cv") CHECK(code == "role_not_held");
      }
      // One counted ballot per participant; one per household when households count.
      CHECK(b.box.size() == b.participants.size());
      CHECK(b.participants.size() == last.size());
      if (b.weighting != Weighting::person) CHECK(b.households_voted.size() == last.size());
    }
    c.now += kDay;
    const auto closed = c.run(command::CloseBallot{"p"}, "cv", Role::convener);
    const auto& t = std::get<event::BallotTallied>(closed.front());
    std::uint64_t yes = 0, no = 0, abstain = 0;
    for (const auto& [voter, choice] : last) {
      (choice == YesNo::yes ? yes : choice == YesNo::no ? no : abstain) += 1;
    }
    CHECK(t.totals.yes == yes);
    CHECK(t.totals.no == no);
    CHECK(t.totals.abstain == abstain);
    for (const auto& [receipt, sealed] : t.counted) CHECK(sealed.voter.empty() == secret);
  }
  // The generator reaches what the property is about.
  CHECK(replaced > 200);
  CHECK(refused_foreign_nonce > 50);
  CHECK(refused_household > 50);
  CHECK(refused_repeat > 20);
}

}  // namespace yishi::test
