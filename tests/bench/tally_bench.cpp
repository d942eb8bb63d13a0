#include "tally_bench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <sstream>

#include "engine/tally/budget.hpp"
#include "engine/tally/methods.hpp"
#include "resident_memory.hpp"

using namespace yishi::tally;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// 1,000,000 voters over `distinct` random (partial) rankings of 20 candidates:
// no majority in the first round, so IRV runs many rounds.
Profile synthetic(std::size_t distinct, std::uint64_t voters) {
  Profile p;
  p.candidates = 20;
  for (int i = 0; i < 20; ++i) p.names.push_back("c" + std::to_string(i + 1));
  std::mt19937 rng(20);
  std::vector<int> base(20);
  std::iota(base.begin(), base.end(), 0);
  std::uint64_t left = voters;
  for (std::size_t b = 0; b < distinct; ++b) {
    std::vector<int> order = base;
    std::shuffle(order.begin(), order.end(), rng);
    RankedBallot ballot;
    const int ranked = 5 + static_cast<int>(rng() % 16);  // partial rankings too
    for (int k = 0; k < ranked; ++k)
      ballot.add_class(std::span(&order[static_cast<std::size_t>(k)], 1));
    const std::uint64_t count =
        b + 1 == distinct ? left
                          : std::min<std::uint64_t>(left, 1 + rng() % (2 * voters / distinct));
    left -= count;
    p.ballots.emplace_back(std::move(ballot), count);
  }
  return p;
}

}  // namespace

// 100,000 voters approving 1-8 of 150 projects, popularity skewed; costs from
// 10k to 200k; a budget of 5 million.
BudgetProfile synthetic_budget() {
  BudgetProfile p;
  p.budget = 5'000'000;
  std::mt19937 rng(150);
  for (int i = 0; i < 150; ++i) {
    p.projects.push_back(
        {std::to_string(i + 1), 10'000 + static_cast<std::int64_t>(rng() % 190'001), 0, ""});
  }
  std::map<std::vector<int>, std::uint64_t> distinct;
  for (int v = 0; v < 100'000; ++v) {
    std::vector<int> ballot;
    const int size = 1 + static_cast<int>(rng() % 8);
    while (static_cast<int>(ballot.size()) < size) {
      // Squaring a uniform draw favours low-numbered projects.
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      const int project = static_cast<int>(u * u * 150);
      if (std::ranges::find(ballot, project) == ballot.end()) ballot.push_back(project);
    }
    std::ranges::sort(ballot);
    for (int q : ballot) ++p.projects[static_cast<std::size_t>(q)].votes;
    ++distinct[ballot];
  }
  for (auto& [ballot, count] : distinct) p.ballots.emplace_back(ballot, count);
  p.voters = 100'000;
  return p;
}

// Shaped like a published Warszawa district file: 15,000 voters approving 5-10
// of 130 projects (popularity skewed), costs log-uniform from 10k to 2M PLN,
// the budget 15 % of their total.
BudgetProfile warszawa_like() {
  BudgetProfile p;
  std::mt19937 rng(2023);
  std::int64_t total = 0;
  for (int i = 0; i < 130; ++i) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    const auto cost = static_cast<std::int64_t>(std::round(10'000 * std::pow(200.0, u)));
    p.projects.push_back({std::to_string(i + 1), cost, 0, ""});
    total += cost;
  }
  p.budget = total * 15 / 100;
  std::vector<double> weight(130);
  for (std::size_t i = 0; i < weight.size(); ++i)
    weight[i] = 1.0 / std::pow(static_cast<double>(i) + 3.0, 0.7);
  std::discrete_distribution<int> popular(weight.begin(), weight.end());
  std::map<std::vector<int>, std::uint64_t> distinct;
  for (int v = 0; v < 15'000; ++v) {
    std::vector<int> ballot;
    const int size = 5 + static_cast<int>(rng() % 6);
    while (static_cast<int>(ballot.size()) < size) {
      const int project = popular(rng);
      if (std::ranges::find(ballot, project) == ballot.end()) ballot.push_back(project);
    }
    std::ranges::sort(ballot);
    for (int q : ballot) ++p.projects[static_cast<std::size_t>(q)].votes;
    ++distinct[ballot];
  }
  for (auto& [ballot, count] : distinct) p.ballots.emplace_back(ballot, count);
  p.voters = 15'000;
  return p;
}

void bench_tally(const std::string& wieliczka_file) {
  const double before = resident_mib();
  const Profile p = synthetic(100'000, 1'000'000);
  // Memory follows distinct ballots: a million voters cost what 100,000 rankings do.
  fmt::print("ranked profile, 1,000,000 voters as {} distinct ballots: {:.1f} MiB resident\n",
             p.ballots.size(), resident_mib() - before);
  {
    const double before_count = resident_mib();
    const auto start = Clock::now();
    const auto r = schulze(p);
    const double t = seconds_since(start);
    fmt::print("  (Schulze's working memory: {:.1f} MiB)\n", resident_mib() - before_count);
    fmt::print(
        "schulze, {} voters ({} distinct ballots) x 20 candidates: {:.3f} s, {:.0f} "
        "ballots/s (winner c{})\n",
        p.voters(), p.ballots.size(), t, static_cast<double>(p.voters()) / t,
        r.winners.front() + 1);
  }
  {
    const auto start = Clock::now();
    const auto r = instant_runoff(p);
    const double t = seconds_since(start);
    fmt::print("irv, {} voters ({} distinct ballots), {} rounds: {:.3f} s, {:.0f} ballots/s\n",
               p.voters(), p.ballots.size(), r.rounds.size(), t,
               static_cast<double>(p.voters()) / t);
  }
  {
    const BudgetProfile big = synthetic_budget();
    for (const bool add1 : {false, true}) {
      MesOptions o;
      o.completion = add1 ? Completion::add1 : Completion::none;
      o.increment = 10;  // PLN per voter per Add1 step: the budget is large
      const auto start = Clock::now();
      const auto r = equal_shares(big, o);
      const double t = seconds_since(start);
      fmt::print(
          "mes{} on 100,000 voters x 150 projects ({} distinct ballots): {:.3f} s, {} "
          "projects, {} of {}, {} Add1 steps in {} runs, {} exact run(s)\n",
          add1 ? " + add1 (step 10)" : "", big.ballots.size(), t, r.selected.size(), r.cost,
          big.budget, r.add1_steps, r.runs, r.exact_runs);
    }
  }
  {
    const BudgetProfile district = warszawa_like();
    std::int64_t total = 0;
    for (const auto& x : district.projects) total += x.cost;
    for (const bool early : {false, true}) {
      MesOptions o;  // exact MES, Add1 by 1 PLN
      o.early_stop = early;
      const auto start = Clock::now();
      const double cpu = cpu_seconds();
      const auto r = equal_shares(district, o);
      const double t = seconds_since(start);
      fmt::print(
          "mes + add1{} on a Warszawa-like district, 15,000 voters x 130 projects ({} distinct "
          "ballots), budget {} of {} PLN: {:.3f} s (CPU {:.3f} s), {} projects, {} PLN, {} Add1 "
          "steps in {} runs ({} exact)\n",
          early ? " (early stop)" : "", district.ballots.size(), district.budget, total, t,
          cpu_seconds() - cpu, r.selected.size(), r.cost, r.add1_steps, r.runs, r.exact_runs);
    }
  }
  std::ifstream in(wieliczka_file);
  if (!in) return;
  std::stringstream s;
  s << in.rdbuf();
  auto budget = parse_pabulib(s.str());
  if (!budget) return;
  for (const bool add1 : {false, true}) {
    MesOptions o;
    o.completion = add1 ? Completion::add1 : Completion::none;
    const auto start = Clock::now();
    const auto r = equal_shares(*budget, o);
    const double t = seconds_since(start);
    fmt::print(
        "mes{} on Wieliczka ({} voters, {} projects): {:.3f} s, {} projects, {} PLN, {} "
        "Add1 steps in {} runs, {} run(s) in exact rationals\n",
        add1 ? " + add1" : "", budget->voters, budget->projects.size(), t, r.selected.size(),
        r.cost, r.add1_steps, r.runs, r.exact_runs);
  }
}
