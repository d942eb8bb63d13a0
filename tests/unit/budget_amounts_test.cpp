// Budgets and costs as published: exact decimals, bounded amounts whose sums
// cannot overflow, and votes that list a project twice.
#include <doctest/doctest.h>

#include <string>

#include "engine/tally/budget.hpp"

using namespace yishi::tally;

namespace {

// A Pabulib file with the given budget, costs (ids 1..n) and votes (one a line).
std::string pb(const std::string& budget, const std::vector<std::string>& costs,
               const std::vector<std::string>& votes) {
  std::string s = "META\nkey;value\nbudget;" + budget + "\nnum_projects;" +
                  std::to_string(costs.size()) + "\nnum_votes;" + std::to_string(votes.size()) +
                  "\nvote_type;approval\nPROJECTS\nproject_id;cost\n";
  for (std::size_t i = 0; i < costs.size(); ++i) s += std::to_string(i + 1) + ";" + costs[i] + "\n";
  s += "VOTES\nvoter_id;vote\n";
  for (std::size_t i = 0; i < votes.size(); ++i) s += std::to_string(i + 1) + ";" + votes[i] + "\n";
  return s;
}

std::string error_of(const std::string& text) {
  auto p = parse_pabulib(text);
  REQUIRE_FALSE(p);
  return std::to_string(p.error().line) + ": " + p.error().message;
}

}  // namespace

TEST_CASE("decimal budgets and costs are read exactly, in sub-units") {
  auto p = parse_pabulib(pb("969245.38", {"1000.5", "2000.25", "7"}, {"1,2", "3"}));
  REQUIRE(p);
  CHECK(p->decimals == 2);
  CHECK(p->budget == 96'924'538);
  CHECK(p->projects[0].cost == 100'050);
  CHECK(p->projects[1].cost == 200'025);
  CHECK(p->projects[2].cost == 700);
  CHECK(format_amount(p->budget, p->decimals) == "969245.38");
  // 0.1 + 0.2 fills a budget of 0.3 exactly; in doubles it would overshoot it.
  auto tenths = parse_pabulib(pb("0.3", {"0.1", "0.2"}, {"1,2"}));
  REQUIRE(tenths);
  CHECK(greedy(*tenths).selected.size() == 2);
  CHECK(greedy(*tenths).cost == tenths->budget);
  // More digits than a double holds.
  auto fine = parse_pabulib(pb("1234567890123456.78", {"1234567890123456.77"}, {"1"}));
  REQUIRE(fine);
  CHECK(fine->projects[0].cost == 123456789012345677);
  CHECK(format_amount(fine->budget, fine->decimals) == "1234567890123456.78");
  // Integer files stay in whole units ("100.00" is whole too).
  auto whole = parse_pabulib(pb("100.00", {"40", "60.0"}, {"1,2"}));
  REQUIRE(whole);
  CHECK(whole->decimals == 0);
  CHECK(whole->budget == 100);
}

TEST_CASE("amounts beyond the limit or malformed are refused with the line") {
  CHECK(error_of(pb("100", {"9223372036854775806"}, {"1"})) ==
        "9: cost is larger than the limit of 1000000000000000000 units");
  CHECK(error_of(pb("100", {"9223372036854775808"}, {"1"})) ==
        "9: cost is larger than the limit of 1000000000000000000 units");
  const std::string huge(400, '9');
  CHECK(error_of(pb("100", {"5", huge}, {"1"})) ==
        "10: cost is larger than the limit of 1000000000000000000 units");
  CHECK(error_of(pb(huge, {"5"}, {"1"})) ==
        "0: budget is larger than the limit of 1000000000000000000 units");
  // Ten costs of 2*10^17 each: fine one by one, 2*10^18 together.
  const std::vector<std::string> many(10, "200000000000000000");
  CHECK(error_of(pb("100", many, {"1"})) ==
        "14: the costs add up to more than the limit of 1000000000000000000");
  CHECK(error_of(pb("100", {"-5"}, {"1"})) == "9: cost '-5' is not a non-negative decimal number");
  CHECK(error_of(pb("100", {"1e5"}, {"1"})) ==
        "9: cost '1e5' is not a non-negative decimal number");
  CHECK(error_of(pb("100", {"1.2.3"}, {"1"})) ==
        "9: cost '1.2.3' is not a non-negative decimal number");
  CHECK(error_of(pb("1.0000001", {"1"}, {"1"})) ==
        "0: amounts with more than 6 decimal places are not supported");
  // With decimals, the limit is in sub-units: 10^17 PLN in tenths is 10^18.
  CHECK(error_of(pb("100000000000000000.5", {"1"}, {"1"})) ==
        "0: budget is larger than the limit of 1000000000000000000 units of 10^-1");
}

TEST_CASE("the sums a tally forms stay exact at the limit") {
  // Every cost at the limit: greedy's running total and MES's funded cost are
  // compared and added without overflowing.
  BudgetProfile p;
  p.budget = kMaxAmount;
  for (int i = 0; i < 3; ++i) p.projects.push_back({std::to_string(i + 1), kMaxAmount / 2, 2, ""});
  p.ballots = {{{0, 1, 2}, 2}};
  p.voters = 2;
  CHECK(greedy(p).cost == kMaxAmount / 2 * 2);
  const auto r = equal_shares(p, MesOptions{});
  CHECK(r.cost == kMaxAmount / 2 * 2);
  CHECK(r.selected == std::vector<int>{0, 1});
  CHECK(check_amounts(kMaxAmount, std::vector<std::int64_t>{kMaxAmount}));
  CHECK_FALSE(check_amounts(kMaxAmount + 1, std::vector<std::int64_t>{1}));
  CHECK_FALSE(check_amounts(10, std::vector<std::int64_t>{kMaxAmount, 1}));
  CHECK_FALSE(check_amounts(10, std::vector<std::int64_t>{INT64_MAX, INT64_MAX}));
  CHECK(check_amounts(10, std::vector<std::int64_t>{-1}).error().field == "costs");
  CHECK(check_amounts(0, std::vector<std::int64_t>{1}).error().field == "budget");
}

TEST_CASE("a vote listing a project twice counts it once, with a warning") {
  auto p = parse_pabulib(pb("100", {"10", "20"}, {"1,2,1", "2", "2,2,2"}));
  REQUIRE(p);
  CHECK(p->projects[0].votes == 1);
  CHECK(p->projects[1].votes == 3);
  REQUIRE(p->warnings.size() == 2);
  CHECK(p->warning_count == 2);
  CHECK(p->warnings[0].line == 13);
  CHECK(p->warnings[0].message == "voter 1 lists project 1 more than once; counted once");
  CHECK(p->warnings[1].line == 15);
  CHECK(p->warnings[1].message == "voter 3 lists project 2 more than once; counted once");
  // A stated vote count is checked against the votes counted once.
  auto stated = parse_pabulib(
      "META\nkey;value\nbudget;10\nnum_projects;1\nnum_votes;1\n"
      "PROJECTS\nproject_id;cost;votes\n1;5;1\nVOTES\nvoter_id;vote\n1;1,1\n");
  CHECK(stated);
}
