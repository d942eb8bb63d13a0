// Polls with options: every question kind, counted by its method with weights,
// and ties across the last seat broken by the committed lot, or left unresolved.
#include <algorithm>

#include "engine/audit/hash.hpp"
#include "meeting_fixture.hpp"
#include "test_nonce.hpp"

namespace yishi::test {
namespace {

std::string nonce(int i) {
  return test_nonce(i, 'd');
}

command::OpenBallot options_poll(QuestionKind kind, TallyMethod method,
                                 std::vector<std::string> options, Timestamp closes_at) {
  command::OpenBallot c;
  c.ballot = "q";
  c.question = "Which?";
  c.secrecy = Secrecy::secret;
  c.closes_at = closes_at;
  c.spec.kind = kind;
  c.spec.method = method;
  c.spec.options = std::move(options);
  return c;
}

Choice selected(std::vector<int> s) {
  Choice c;
  c.selected = std::move(s);
  return c;
}

// Closes the poll at its closing time (closing sooner is for when all have voted).
const event::BallotTallied& close(Council& c, const std::string& seed = "") {
  static std::vector<Event> events;
  c.now = std::max(c.now, c.s.ballots.at("q").closes_at);
  events = c.run(command::CloseBallot{"q", seed}, "cv", Role::convener);
  return std::get<event::BallotTallied>(events.at(0));
}

}  // namespace

TEST_CASE("single choice: plurality, weighted by household area") {
  Council c("scheduled");
  auto open =
      options_poll(QuestionKind::single, TallyMethod::plurality, {"A", "B", "C"}, c.now + kDay);
  open.weighting = Weighting::area;
  c.run(open, "cv", Role::convener);
  CHECK(c.refusal(command::CastBallot{"q", selected({3}), nonce(1), "", ""}, "r1") ==
        "invalid_choice");
  CHECK(c.refusal(command::CastBallot{"q", selected({0, 1}), nonce(1), "", ""}, "r1") ==
        "invalid_choice");
  // r10 (60.00 m²) alone for C outweighs... nobody: A gets r1+r2 (51+52), C gets r10 (60).
  c.run(command::CastBallot{"q", selected({0}), nonce(1), "", ""}, "r1");
  c.run(command::CastBallot{"q", selected({0}), nonce(2), "", ""}, "r2");
  c.run(command::CastBallot{"q", selected({2}), nonce(10), "", ""}, "r10");
  const auto& t = close(c);
  CHECK(t.totals.winners == std::vector<int>{0});
  CHECK(t.totals.option_totals == std::vector<std::uint64_t>{10300, 0, 6000});
}

TEST_CASE("approval with a minimum and maximum, two seats") {
  Council c("scheduled");
  auto open = options_poll(QuestionKind::approval, TallyMethod::approval, {"A", "B", "C", "D"},
                           c.now + kDay);
  open.spec.min_selections = 1;
  open.spec.max_selections = 2;
  open.spec.seats = 2;
  c.run(open, "cv", Role::convener);
  CHECK(c.refusal(command::CastBallot{"q", selected({0, 1, 2}), nonce(1), "", ""}, "r1") ==
        "invalid_choice");
  CHECK(c.refusal(command::CastBallot{"q", selected({}), nonce(1), "", ""}, "r1") ==
        "invalid_choice");
  CHECK(c.refusal(command::CastBallot{"q", selected({1, 1}), nonce(1), "", ""}, "r1") ==
        "invalid_choice");
  c.run(command::CastBallot{"q", selected({0, 1}), nonce(1), "", ""}, "r1");
  c.run(command::CastBallot{"q", selected({1, 2}), nonce(2), "", ""}, "r2");
  c.run(command::CastBallot{"q", selected({1, 3}), nonce(3), "", ""}, "r3");
  c.run(command::CastBallot{"q", selected({3}), nonce(4), "", ""}, "r4");
  const auto& t = close(c);
  CHECK(t.totals.winners == std::vector<int>{1, 3});  // B 3, D 2
}

TEST_CASE("score voting sums the scores") {
  Council c("scheduled");
  auto open = options_poll(QuestionKind::score, TallyMethod::score, {"A", "B"}, c.now + kDay);
  open.spec.score_min = 0;
  open.spec.score_max = 5;
  c.run(open, "cv", Role::convener);
  Choice bad;
  bad.scores = {6, 0};
  CHECK(c.refusal(command::CastBallot{"q", bad, nonce(1), "", ""}, "r1") == "invalid_choice");
  Choice a, b;
  a.scores = {5, 1};
  b.scores = {0, 3};
  c.run(command::CastBallot{"q", a, nonce(1), "", ""}, "r1");
  c.run(command::CastBallot{"q", b, nonce(2), "", ""}, "r2");
  const auto& t = close(c);
  CHECK(t.totals.option_totals == std::vector<std::uint64_t>{5, 4});
  CHECK(t.totals.winners == std::vector<int>{0});
}

TEST_CASE("ranked ballots: Schulze and instant-runoff can disagree") {
  // 3: A>B>C, 3: C>B>A, 2: B>C>A. IRV drops B (2), whose ballots go to C: C 5,
  // A 3, so IRV elects C. B beats both head to head (B>A 5:3, B>C 5:3): Schulze
  // elects B, the Condorcet winner.
  for (const auto method : {TallyMethod::schulze, TallyMethod::irv}) {
    CAPTURE(to_string(method));
    Council c("scheduled");
    c.run(options_poll(QuestionKind::ranked, method, {"A", "B", "C"}, c.now + kDay), "cv",
          Role::convener);
    const auto vote = [&](int i, std::vector<std::vector<int>> ranking) {
      Choice ch;
      ch.ranking = std::move(ranking);
      c.run(command::CastBallot{"q", ch, nonce(i), "", ""}, Council::r(i));
    };
    for (int i = 1; i <= 3; ++i) vote(i, {{0}, {1}, {2}});
    for (int i = 4; i <= 6; ++i) vote(i, {{2}, {1}, {0}});
    for (int i = 7; i <= 8; ++i) vote(i, {{1}, {2}, {0}});
    Choice dup;
    dup.ranking = {{0}, {0}};
    CHECK(c.refusal(command::CastBallot{"q", dup, nonce(9), "", ""}, "r9") == "invalid_choice");
    const auto& t = close(c);
    CHECK(t.totals.winners == std::vector<int>{method == TallyMethod::schulze ? 1 : 2});
  }
}

TEST_CASE("a budget poll funds projects by the Method of Equal Shares") {
  Council c("scheduled");
  auto open = options_poll(QuestionKind::budget, TallyMethod::mes, {"Lights", "Benches", "Mural"},
                           c.now + kDay);
  open.spec.costs = {600, 400, 500};
  open.spec.budget = 1000;
  c.run(open, "cv", Role::convener);
  // Six want lights and benches, four want only the mural.
  for (int i = 1; i <= 6; ++i)
    c.run(command::CastBallot{"q", selected({0, 1}), nonce(i), "", ""}, Council::r(i));
  for (int i = 7; i <= 10; ++i)
    c.run(command::CastBallot{"q", selected({2}), nonce(i), "", ""}, Council::r(i));
  const auto& t = close(c);
  // Greedy would fund lights + benches (1000); equal shares gives the four their mural.
  CHECK(std::ranges::find(t.totals.winners, 2) != t.totals.winners.end());
  CHECK(t.totals.cost <= 1000);
}

TEST_CASE("a tie across the last seat: the committed lot decides, or nobody is elected") {
  const std::string seed = "drawn at the meeting of 12 May";
  for (const bool reveal : {true, false}) {
    CAPTURE(reveal);
    Council c("scheduled");
    auto open =
        options_poll(QuestionKind::single, TallyMethod::plurality, {"A", "B"}, c.now + kDay);
    open.spec.seed_commitment = audit::to_hex(audit::sha256(seed));
    c.run(open, "cv", Role::convener);
    c.run(command::CastBallot{"q", selected({0}), nonce(1), "", ""}, "r1");
    c.run(command::CastBallot{"q", selected({1}), nonce(2), "", ""}, "r2");
    c.now = c.s.ballots.at("q").closes_at;
    CHECK(c.refusal(command::CloseBallot{"q", "a different seed"}, "cv", Role::convener) ==
          "seed_mismatch");
    const auto& t = close(c, reveal ? seed : "");
    if (reveal) {
      REQUIRE(t.totals.winners.size() == 1);
      CHECK(t.totals.lot_drawn);
      CHECK(t.seed == seed);
      // Anyone can redo the lot: the lower SHA-256 of seed:option wins.
      const auto lot = [&](int o) {
        return audit::to_hex(audit::sha256(seed + ":" + std::to_string(o)));
      };
      CHECK(t.totals.winners.front() == (lot(0) < lot(1) ? 0 : 1));
    } else {
      CHECK(t.totals.winners.empty());
      CHECK_FALSE(t.passed);
    }
  }
}

TEST_CASE("a rulebook that keeps the status quo on ties allows no lot") {
  Council c("scheduled");
  // As if a rule change had installed option_ties = status_quo (decide reads the state).
  c.s.rulebook.option_ties = TieBreak::status_quo;
  auto open = options_poll(QuestionKind::single, TallyMethod::plurality, {"A", "B"}, c.now + kDay);
  open.spec.seed_commitment = audit::to_hex(audit::sha256("a seed"));
  CHECK(c.refusal(open, "cv", Role::convener) == "invalid_field");
  open.spec.seed_commitment.clear();
  c.run(open, "cv", Role::convener);
  c.run(command::CastBallot{"q", selected({0}), nonce(1), "", ""}, "r1");
  c.run(command::CastBallot{"q", selected({1}), nonce(2), "", ""}, "r2");
  const auto& t = close(c, "a seed");  // a seed revealed anyway draws nothing
  CHECK(t.totals.winners.empty());
  CHECK_FALSE(t.totals.lot_drawn);
}

TEST_CASE("bad option specifications are refused at opening") {
  Council c("scheduled");
  auto open = options_poll(QuestionKind::ranked, TallyMethod::greedy, {"A", "B"}, c.now + kDay);
  CHECK(c.refusal(open, "cv", Role::convener) == "invalid_field");
  open = options_poll(QuestionKind::single, TallyMethod::plurality, {"A"}, c.now + kDay);
  CHECK(c.refusal(open, "cv", Role::convener) == "invalid_field");
  open = options_poll(QuestionKind::budget, TallyMethod::mes, {"A", "B"}, c.now + kDay);
  open.spec.costs = {1};
  open.spec.budget = 10;
  CHECK(c.refusal(open, "cv", Role::convener) == "invalid_field");
}

TEST_CASE("a budget question's amounts are bounded, so no sum of them can overflow") {
  Council c("scheduled");
  const auto refused = [&](std::int64_t budget, std::vector<std::int64_t> costs) {
    auto open =
        options_poll(QuestionKind::budget, TallyMethod::greedy, {"A", "B", "C"}, c.now + kDay);
    open.spec.budget = budget;
    open.spec.costs = std::move(costs);
    auto d = c.attempt(open, "cv", Role::convener);
    return d ? std::string("accepted") : d.error().field + ": " + d.error().reason;
  };
  constexpr std::int64_t kMax = 1'000'000'000'000'000'000;
  CHECK(refused(kMax, {kMax, 0, 0}) == "accepted");
  CHECK(refused(kMax + 1, {1, 2, 3}) == "budget: must be between 1 and 1000000000000000000");
  CHECK(refused(0, {1, 2, 3}) == "budget: must be between 1 and 1000000000000000000");
  CHECK(refused(100, {1, INT64_MAX - 1, 3}) ==
        "costs: option 2 costs 9223372036854775806; each cost must be between 0 and "
        "1000000000000000000");
  CHECK(refused(100, {1, -1, 3}) ==
        "costs: option 2 costs -1; each cost must be between 0 and 1000000000000000000");
  // Each fine, together too much: the greedy tally's running sum would wrap.
  CHECK(refused(100, {kMax / 2, kMax / 2, kMax / 2}) ==
        "costs: the costs add up to more than 1000000000000000000");
  // At the limit the tally's sums stay exact.
  auto open =
      options_poll(QuestionKind::budget, TallyMethod::greedy, {"A", "B", "C"}, c.now + kDay);
  open.spec.budget = kMax;
  open.spec.costs = {kMax / 2, kMax / 4, kMax / 4};
  c.run(open, "cv", Role::convener);
  c.run(command::CastBallot{"q", selected({0, 1, 2}), nonce(1), "", ""}, "r1");
  const auto& t = close(c);
  CHECK(t.totals.cost == kMax);
  CHECK(t.totals.winners.size() == 3);
}

}  // namespace yishi::test
