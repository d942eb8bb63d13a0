#include <boost/multiprecision/gmp.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/tally/budget.hpp"

namespace yishi::tally {
namespace {

using Rational = boost::multiprecision::mpq_rational;  // GMP: ~10x faster than cpp_rational

struct Prepared {
  const BudgetProfile& p;
  std::vector<std::vector<std::size_t>> supporters;  // project -> ballot groups
  std::vector<std::uint64_t> weight;                 // group -> voters
};

Prepared prepare(const BudgetProfile& p) {
  Prepared out{p, std::vector<std::vector<std::size_t>>(p.projects.size()), {}};
  for (std::size_t g = 0; g < p.ballots.size(); ++g) {
    out.weight.push_back(p.ballots[g].second);
    for (int project : p.ballots[g].first)
      out.supporters[static_cast<std::size_t>(project)].push_back(g);
  }
  return out;
}

struct Outcome {
  std::vector<int> selected;
  std::vector<Rational> share;  // per selected project: the largest payment asked of a supporter
  std::int64_t cost = 0;
};

// The equal share `alpha` each supporter of `project` pays (capped by what they
// have), or nullopt if together they cannot afford it.
std::optional<Rational> share_of(const Prepared& pr, std::size_t project,
                                 const std::vector<Rational>& money) {
  const std::int64_t cost = pr.p.projects[project].cost;
  if (cost == 0) return Rational(0);
  std::vector<std::pair<const Rational*, std::uint64_t>> payers;
  payers.reserve(pr.supporters[project].size());
  Rational total(0);
  std::uint64_t people = 0;
  for (std::size_t g : pr.supporters[project]) {
    if (money[g] <= 0) continue;
    payers.emplace_back(&money[g], pr.weight[g]);
    total += money[g] * pr.weight[g];
    people += pr.weight[g];
  }
  if (total < cost) return std::nullopt;
  std::sort(payers.begin(), payers.end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
  Rational paid(0);
  for (const auto& [have, count] : payers) {
    Rational alpha = (Rational(cost) - paid) / people;
    if (*have >= alpha) return alpha;
    paid += *have * count;  // these supporters give all they have left
    people -= count;
  }
  return std::nullopt;  // unreachable: total >= cost
}

// One run of MES with every voter starting with `endowment`.
Outcome run_mes(const Prepared& pr, const Rational& endowment) {
  const std::size_t n = pr.p.projects.size();
  std::vector<Rational> money(pr.weight.size(), endowment);
  std::vector<bool> chosen(n, false);
  std::vector<std::optional<Rational>> cached(n);
  std::vector<bool> stale(n, true);
  Outcome out;
  for (;;) {
    std::optional<std::size_t> best;
    for (std::size_t q = 0; q < n; ++q) {
      if (chosen[q]) continue;
      if (stale[q]) {
        cached[q] = share_of(pr, q, money);
        stale[q] = false;
      }
      if (!cached[q]) continue;
      if (!best) {
        best = q;
        continue;
      }
      const Project& a = pr.p.projects[q];
      const Project& b = pr.p.projects[*best];
      // Smaller share per unit of utility wins: alpha_q / cost_q < alpha_b / cost_b.
      const Rational lhs = *cached[q] * b.cost, rhs = *cached[*best] * a.cost;
      if (lhs < rhs ||
          (lhs == rhs && (a.cost < b.cost || (a.cost == b.cost && a.votes > b.votes)))) {
        best = q;
      }
    }
    if (!best) break;
    const Rational alpha = *cached[*best];
    chosen[*best] = true;
    out.selected.push_back(static_cast<int>(*best));
    out.share.push_back(alpha);
    out.cost += pr.p.projects[*best].cost;
    for (std::size_t g : pr.supporters[*best]) {
      money[g] -= std::min(money[g], alpha);
      // Only projects these voters support can change their share.
      for (int q : pr.p.ballots[g].first) stale[static_cast<std::size_t>(q)] = true;
    }
  }
  return out;
}

// The same run in floating point, for speed, with every decision's margin
// checked: if any comparison comes within kTrust of a tie, the result is not
// trusted and the caller reruns in exact rationals. Rounding over a run stays
// orders of magnitude below kTrust, so a trusted run decides exactly as the
// exact run would. Only `selected` and `cost` are filled.
constexpr double kTrust = 1e-9;

std::optional<Outcome> run_mes_fast(const Prepared& pr, double endowment) {
  const std::size_t n = pr.p.projects.size();
  std::vector<double> money(pr.weight.size(), endowment);
  std::vector<bool> chosen(n, false), stale(n, true), affordable(n, false);
  std::vector<double> alpha(n, 0);
  bool trusted = true;
  const auto close = [](double a, double b) {
    return std::abs(a - b) <= kTrust * std::max({std::abs(a), std::abs(b), 1e-300});
  };
  std::vector<std::pair<double, std::uint64_t>> payers;
  const auto share = [&](std::size_t q) {
    const double cost = static_cast<double>(pr.p.projects[q].cost);
    if (cost == 0) return std::optional<double>(0.0);
    payers.clear();
    double total = 0;
    std::uint64_t people = 0;
    for (std::size_t g : pr.supporters[q]) {
      if (money[g] <= 0) continue;
      payers.emplace_back(money[g], pr.weight[g]);
      total += money[g] * static_cast<double>(pr.weight[g]);
      people += pr.weight[g];
    }
    if (close(total, cost)) trusted = false;
    if (total < cost) return std::optional<double>();
    std::sort(payers.begin(), payers.end());
    double paid = 0;
    for (const auto& [have, count] : payers) {
      const double a = (cost - paid) / static_cast<double>(people);
      if (close(have, a)) trusted = false;
      if (have >= a) return std::optional<double>(a);
      paid += have * static_cast<double>(count);
      people -= count;
    }
    trusted = false;  // rounding ate the last payer: decide exactly
    return std::optional<double>();
  };
  Outcome out;
  for (;;) {
    std::optional<std::size_t> best;
    for (std::size_t q = 0; q < n; ++q) {
      if (chosen[q]) continue;
      if (stale[q]) {
        const auto a = share(q);
        affordable[q] = a.has_value();
        alpha[q] = a.value_or(0);
        stale[q] = false;
      }
      if (!affordable[q]) continue;
      if (!best) {
        best = q;
        continue;
      }
      const auto& x = pr.p.projects[q];
      const auto& y = pr.p.projects[*best];
      const double lhs = alpha[q] * static_cast<double>(y.cost);
      const double rhs = alpha[*best] * static_cast<double>(x.cost);
      if (close(lhs, rhs)) {
        trusted = false;  // a tie (or nearly): the tie-break needs exact values
        return std::nullopt;
      }
      if (lhs < rhs) best = q;
    }
    if (!trusted) return std::nullopt;
    if (!best) break;
    const double a = alpha[*best];
    chosen[*best] = true;
    out.selected.push_back(static_cast<int>(*best));
    out.cost += pr.p.projects[*best].cost;
    for (std::size_t g : pr.supporters[*best]) {
      money[g] -= std::min(money[g], a);
      for (int q : pr.p.ballots[g].first) stale[static_cast<std::size_t>(q)] = true;
    }
  }
  return out;
}

// The outcome of one run at `endowment`: the fast run when it can be trusted,
// the exact one otherwise (or when the effective votes are wanted).
Outcome decide_run(const Prepared& pr, const Rational& endowment, std::uint32_t& exact_runs) {
  if (auto fast = run_mes_fast(pr, static_cast<double>(endowment))) return std::move(*fast);
  ++exact_runs;
  return run_mes(pr, endowment);
}

// No unselected project fits in what is left of the budget.
bool exhaustive(const BudgetProfile& p, const std::vector<int>& selected, std::int64_t cost) {
  std::vector<bool> in(p.projects.size(), false);
  for (int s : selected) in[static_cast<std::size_t>(s)] = true;
  for (std::size_t q = 0; q < p.projects.size(); ++q) {
    if (!in[q] && p.projects[q].cost <= p.budget - cost) return false;
  }
  return true;
}

std::uint64_t approved_winners(const std::vector<int>& ballot, const std::vector<bool>& in) {
  std::uint64_t n = 0;
  for (int q : ballot) n += in[static_cast<std::size_t>(q)] ? 1 : 0;
  return n;
}

}  // namespace

BudgetResult greedy(const BudgetProfile& p) {
  std::vector<int> order(p.projects.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const Project& x = p.projects[static_cast<std::size_t>(a)];
    const Project& y = p.projects[static_cast<std::size_t>(b)];
    return x.votes != y.votes ? x.votes > y.votes : x.cost < y.cost;
  });
  BudgetResult r;
  r.method = "greedy";
  for (int q : order) {
    const Project& x = p.projects[static_cast<std::size_t>(q)];
    if (r.cost + x.cost > p.budget) continue;  // skip what does not fit
    r.selected.push_back(q);
    r.cost += x.cost;
    r.effective_votes.push_back(static_cast<double>(x.votes));
  }
  return r;
}

BudgetResult equal_shares(const BudgetProfile& p, const MesOptions& o) {
  const Prepared pr = prepare(p);
  const std::uint64_t n = std::max<std::uint64_t>(p.voters, 1);
  Rational start(p.budget, static_cast<std::int64_t>(n));
  if (o.start == StartEndowment::integral)
    start = Rational(p.budget / static_cast<std::int64_t>(n));
  std::uint32_t exact_runs = 0;
  // Raise everyone's start until the outcome no longer fits; keep the last that did.
  const auto add1 = [&](bool fast_allowed, std::uint32_t& steps) {
    const auto run = [&](const Rational& e) {
      if (fast_allowed) return decide_run(pr, e, exact_runs);
      ++exact_runs;
      return run_mes(pr, e);
    };
    Outcome outcome = run(start);
    steps = 0;
    if (o.completion == Completion::none ||
        (o.early_stop && exhaustive(p, outcome.selected, outcome.cost))) {
      return outcome;
    }
    for (std::uint32_t k = 1;; ++k) {
      Outcome next = run(start + Rational(o.increment) * k);
      if (next.cost > p.budget) break;
      outcome = std::move(next);
      steps = k;
      if (o.early_stop && exhaustive(p, outcome.selected, outcome.cost)) break;
      if (outcome.selected.size() == p.projects.size()) break;
    }
    return outcome;
  };
  std::uint32_t steps = 0;
  Outcome outcome;
  if (o.completion == Completion::none) {
    outcome = add1(false, steps);  // a single run: the fast path would only add one
  } else {
    outcome = add1(true, steps);
    // The chosen run once more in exact arithmetic: it gives the effective votes
    // to publish and checks the fast path; should they ever disagree, every run
    // is redone exactly.
    Outcome exact = run_mes(pr, start + Rational(o.increment) * steps);
    ++exact_runs;
    if (exact.selected != outcome.selected) exact = add1(false, steps);
    outcome = std::move(exact);
  }
  BudgetResult r;
  r.method = "mes";
  r.exact_runs = exact_runs;
  r.selected = outcome.selected;
  r.cost = outcome.cost;
  r.add1_steps = steps;
  for (std::size_t i = 0; i < outcome.selected.size(); ++i) {
    const auto cost = p.projects[static_cast<std::size_t>(outcome.selected[i])].cost;
    r.effective_votes.push_back(
        outcome.share[i] > 0
            ? static_cast<double>(Rational(cost) / outcome.share[i])
            : static_cast<double>(p.projects[static_cast<std::size_t>(outcome.selected[i])].votes));
  }
  if (o.completion == Completion::add1u) {
    // Utilitarian completion: spend what is left greedily by votes.
    std::vector<bool> in(p.projects.size(), false);
    for (int s : r.selected) in[static_cast<std::size_t>(s)] = true;
    std::vector<int> order(p.projects.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return p.projects[static_cast<std::size_t>(a)].votes >
             p.projects[static_cast<std::size_t>(b)].votes;
    });
    for (int q : order) {
      const Project& x = p.projects[static_cast<std::size_t>(q)];
      if (in[static_cast<std::size_t>(q)] || r.cost + x.cost > p.budget) continue;
      in[static_cast<std::size_t>(q)] = true;
      r.selected.push_back(q);
      r.cost += x.cost;
      r.effective_votes.push_back(0);
    }
  }
  if (o.compare_with_greedy) {
    const BudgetResult g = greedy(p);
    std::vector<bool> in_mes(p.projects.size(), false), in_greedy(p.projects.size(), false);
    for (int s : r.selected) in_mes[static_cast<std::size_t>(s)] = true;
    for (int s : g.selected) in_greedy[static_cast<std::size_t>(s)] = true;
    Comparison c;
    for (const auto& [ballot, count] : p.ballots) {
      const auto m = approved_winners(ballot, in_mes), gr = approved_winners(ballot, in_greedy);
      (m > gr ? c.prefer_mes : m < gr ? c.prefer_greedy : c.equal) += count;
    }
    c.mes_stands = c.prefer_mes >= c.prefer_greedy;
    r.comparison = c;
    if (!c.mes_stands) {
      const Comparison kept = c;
      r = g;
      r.comparison = kept;
    }
  }
  return r;
}

}  // namespace yishi::tally
