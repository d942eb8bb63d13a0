// Participatory budgeting against the official Wieliczka 2023 Green Budget
// result (Pabulib; provenance in tests/data/voting/README.md).
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/tally/budget.hpp"

using namespace yishi::tally;

namespace {

const BudgetProfile& wieliczka() {
  static const BudgetProfile profile = [] {
    std::ifstream in(std::string(YISHI_TEST_DATA_DIR) +
                     "/voting/pabulib/Poland_Wieliczka_2023_Green_Budget.pb");
    std::stringstream s;
    s << in.rdbuf();
    auto p = parse_pabulib(s.str());
    REQUIRE_MESSAGE(p, (p ? "" : p.error().message));
    return *p;
  }();
  return profile;
}

std::vector<std::string> ids(const BudgetProfile& p, const BudgetResult& r) {
  std::vector<std::string> out;
  for (int i : r.selected) out.push_back(p.projects[static_cast<std::size_t>(i)].id);
  return out;
}

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

}  // namespace

TEST_CASE("Wieliczka: the file's header counts and vote totals are checked") {
  const auto& p = wieliczka();
  CHECK(p.voters == 6586);
  CHECK(p.projects.size() == 64);
  CHECK(p.budget == 1'000'000);
  CHECK_FALSE(
      parse_pabulib("META\nkey;value\nbudget;10\nnum_projects;2\nnum_votes;0\n"
                    "PROJECTS\nproject_id;cost\n1;5\n"));
  auto bad = parse_pabulib(
      "META\nkey;value\nbudget;10\nnum_projects;1\nnum_votes;1\n"
      "PROJECTS\nproject_id;cost;votes\n1;5;1\nVOTES\nvoter_id;vote\n1;7\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().line == 11);
  CHECK(bad.error().message == "vote for unknown project 7");
}

TEST_CASE("Wieliczka: greedy by votes, skipping what does not fit") {
  const auto& p = wieliczka();
  const auto r = greedy(p);
  CHECK(ids(p, r) == std::vector<std::string>{"24", "41", "40", "74", "19", "6",  "21", "32",
                                              "39", "58", "42", "25", "16", "43", "20", "60",
                                              "29", "33", "17", "70", "34", "87", "8"});
  CHECK(r.cost == 998'997);
}

TEST_CASE("Wieliczka: plain MES without completion funds 21 projects") {
  const auto& p = wieliczka();
  MesOptions o;
  o.completion = Completion::none;
  const auto r = equal_shares(p, o);
  CHECK(r.selected.size() == 21);
  CHECK(r.cost == 450'548);
}

TEST_CASE("Wieliczka: MES + Add1 + comparison reproduces the official outcome") {
  const auto& p = wieliczka();
  MesOptions o;
  o.compare_with_greedy = true;
  const auto r = equal_shares(p, o);
  const std::vector<std::pair<std::string, double>> official = {
      {"24", 720.00}, {"41", 658.00}, {"40", 583.00}, {"74", 539.86}, {"19", 478.06},
      {"6", 450.11},  {"58", 371.73}, {"32", 355.33}, {"25", 333.79}, {"20", 324.90},
      {"60", 322.80}, {"43", 316.10}, {"29", 309.37}, {"39", 301.99}, {"17", 298.58},
      {"42", 287.97}, {"26", 258.59}, {"70", 252.06}, {"34", 250.84}, {"71", 220.84},
      {"62", 204.70}, {"88", 202.97}, {"9", 201.50},  {"61", 187.50}, {"7", 158.73},
      {"36", 151.59}, {"46", 120.43}, {"33", 113.70}, {"56", 104.81}, {"69", 61.63}};
  REQUIRE(r.selected.size() == official.size());
  for (std::size_t i = 0; i < official.size(); ++i) {
    CAPTURE(i);
    CHECK(p.projects[static_cast<std::size_t>(r.selected[i])].id == official[i].first);
    CHECK(std::round(r.effective_votes[i] * 100) / 100 == doctest::Approx(official[i].second));
  }
  CHECK(r.cost == 995'079);
  CHECK(r.add1_steps == 164);  // the official result's raises
  REQUIRE(r.comparison);
  CHECK(r.comparison->prefer_mes == 1615);
  CHECK(r.comparison->prefer_greedy == 873);
  CHECK(r.comparison->equal == 4098);
  CHECK(r.comparison->mes_stands);
}

TEST_CASE("Wieliczka: with the early stop, 31 projects (46 out, 66 and 67 in)") {
  const auto& p = wieliczka();
  MesOptions o;
  o.early_stop = true;
  const auto r = equal_shares(p, o);
  CHECK(r.selected.size() == 31);
  CHECK(r.cost == 984'579);
  CHECK(r.add1_steps == 150);
  const auto chosen = ids(p, r);
  const std::set<std::string> set(chosen.begin(), chosen.end());
  CHECK_FALSE(set.contains("46"));
  CHECK(set.contains("66"));
  CHECK(set.contains("67"));
}

TEST_CASE("a tie makes the fast path defer to exact arithmetic, and the tie-break holds") {
  // Everyone approves projects 1 and 2, which cost the same: an exact tie that
  // floating point must not decide. Lower cost, then more votes, then the earlier
  // project wins it; after paying for it nobody can afford the other.
  auto p = parse_pabulib(
      "META\nkey;value\nbudget;100\nnum_projects;2\nnum_votes;4\nvote_type;approval\n"
      "PROJECTS\nproject_id;cost;votes\n1;60;4\n2;60;4\n"
      "VOTES\nvoter_id;vote\n1;1,2\n2;1,2\n3;2,1\n4;1,2\n");
  REQUIRE(p);
  MesOptions o;  // Add1: the fast path runs, meets the tie and defers
  const auto r = equal_shares(*p, o);
  CHECK(r.exact_runs >= 2);  // the distrusted fast run, then the confirming one
  CHECK(ids(*p, r) == std::vector<std::string>{"1"});
}

TEST_CASE("Add1 stops once every project someone approves is funded") {
  // Project 2 has no supporters, so no start endowment ever funds it; Add1 used
  // to raise the start forever waiting for it.
  auto p = parse_pabulib(
      "META\nkey;value\nbudget;100\nnum_projects;2\nnum_votes;2\nvote_type;approval\n"
      "PROJECTS\nproject_id;cost;votes\n1;10;2\n2;50;0\n"
      "VOTES\nvoter_id;vote\n1;1\n2;1\n");
  REQUIRE(p);
  const auto r = equal_shares(*p, MesOptions{});
  CHECK(ids(*p, r) == std::vector<std::string>{"1"});
  CHECK(r.add1_steps == 0);
}

TEST_CASE("Add1 takes as many runs as the outcome changes, not as the budget is large") {
  // Everyone wants the bench (10); one voter alone wants a 9*10^11 building.
  // The building is funded only once each voter starts with 9*10^11 + 10/3,
  // 566,666,666,670 raises of 1 above the start of 10^12/3: raised one at a
  // time, that many runs.
  BudgetProfile p;
  p.budget = 1'000'000'000'000;
  p.projects = {{"bench", 10, 3, ""}, {"building", 900'000'000'000, 1, ""}};
  p.ballots = {{{0, 1}, 1}, {{0}, 2}};
  p.voters = 3;
  const auto r = equal_shares(p, MesOptions{});
  CHECK(r.selected == std::vector<int>{0, 1});
  CHECK(r.add1_steps == 566'666'666'670);
  CHECK(r.runs < 20);
  // Raising by 1000: the first raise at or above that point.
  MesOptions coarse;
  coarse.increment = 1000;
  const auto c = equal_shares(p, coarse);
  CHECK(c.selected == std::vector<int>{0, 1});
  CHECK(c.add1_steps == 566'666'667);
  CHECK(c.runs < 20);
}

TEST_CASE("Add1 raises by whole currency units whatever the file's decimals") {
  // The same election in PLN with tenths, and counted in tenths: raising by
  // 1 PLN in the first is raising by 10 in the second.
  const std::vector<std::string> votes = {"1", "1", "2", "2,3", "3", "1,3", "2"};
  auto tenths = parse_pabulib(pb("100.5", {"30.5", "45", "50"}, votes));
  auto counted = parse_pabulib(pb("1005", {"305", "450", "500"}, votes));
  REQUIRE(tenths);
  REQUIRE(counted);
  REQUIRE(tenths->decimals == 1);
  MesOptions by_ten;
  by_ten.increment = 10;
  const auto a = equal_shares(*tenths, MesOptions{});
  const auto b = equal_shares(*counted, by_ten);
  CHECK(a.selected == b.selected);
  CHECK(a.cost == b.cost);
  CHECK(a.add1_steps == b.add1_steps);
}
