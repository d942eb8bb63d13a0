#include <boost/multiprecision/gmp.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <ranges>

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

template <class Num>
struct BasicOutcome {
  std::vector<int> selected;
  std::vector<Num> share;  // per selected project: the largest payment asked of a supporter
  std::int64_t cost = 0;
};
using Outcome = BasicOutcome<Rational>;

// Arithmetic for a run. Exact: rationals, every comparison decides. Filtered:
// doubles, for speed, with every decision's margin checked; a comparison within
// kTrust of a tie makes the run untrusted and the caller reruns it exactly.
// Rounding over a run stays orders of magnitude below kTrust, so a trusted
// filtered run decides exactly as the exact run would.
struct ExactArithmetic {
  using Num = Rational;
  static bool near(const Num&, const Num&) { return false; }
  static Num of(std::int64_t v) { return Num(v); }
  static Num count(std::uint64_t v) { return Num(v); }
};

struct FilteredArithmetic {
  using Num = double;
  static constexpr double kTrust = 1e-9;
  static bool near(double a, double b) {
    return std::abs(a - b) <= kTrust * std::max({std::abs(a), std::abs(b), 1e-300});
  }
  static Num of(std::int64_t v) { return static_cast<double>(v); }
  static Num count(std::uint64_t v) { return static_cast<double>(v); }
};

template <class A>
class MesRun {
 public:
  using Num = typename A::Num;

  MesRun(const Prepared& pr, const Num& endowment) : pr_(pr), money_(pr.weight.size(), endowment) {}

  // The outcome, or nullopt if a filtered run came too close to a tie.
  std::optional<BasicOutcome<Num>> run() {
    const std::size_t n = pr_.p.projects.size();
    std::vector<bool> stale(n, true);
    std::vector<Num> alpha(n, Num(0));
    // A project's share per unit of utility (alpha / cost) only grows as money
    // is spent, so its last computed value is a lower bound: projects are tried
    // in order of that bound and the search stops once the bound passes the
    // best ratio found — most projects are not recomputed at all.
    std::vector<Num> ratio(n, Num(0));
    std::vector<std::size_t> candidates(n);
    std::iota(candidates.begin(), candidates.end(), std::size_t{0});
    BasicOutcome<Num> out;
    for (;;) {
      std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
        return ratio[a] < ratio[b] || (ratio[a] == ratio[b] && a < b);
      });
      std::optional<std::size_t> best;
      for (std::size_t i = 0; i < candidates.size();) {
        const std::size_t q = candidates[i];
        if (best && ratio[q] > ratio[*best] && !A::near(ratio[q], ratio[*best])) break;
        if (stale[q]) {
          auto a = share_of(q);
          if (!trusted_) return std::nullopt;
          if (!a) {  // unaffordable now means unaffordable for the rest of the run
            candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
          }
          const std::int64_t cost = pr_.p.projects[q].cost;
          ratio[q] = cost == 0 ? Num(0) : Num(*a / A::of(cost));
          alpha[q] = std::move(*a);
          stale[q] = false;
        }
        if (!best || better(q, *best, ratio)) best = q;
        if (!trusted_) return std::nullopt;
        ++i;
      }
      if (!best) break;
      const Num paid = alpha[*best];
      std::erase(candidates, *best);
      out.selected.push_back(static_cast<int>(*best));
      out.share.push_back(paid);
      out.cost += pr_.p.projects[*best].cost;
      for (std::size_t g : pr_.supporters[*best]) {
        money_[g] -= std::min(money_[g], paid);
        // Only projects these voters support can change their share.
        for (int q : pr_.p.ballots[g].first) stale[static_cast<std::size_t>(q)] = true;
      }
    }
    return out;
  }

 private:
  // Is `q` funded before `b`? Smaller share per unit of utility first; ties go
  // to the lower cost, then more votes, then the earlier project.
  bool better(std::size_t q, std::size_t b, const std::vector<Num>& ratio) {
    if (A::near(ratio[q], ratio[b])) {
      trusted_ = false;  // a tie (or nearly): the tie-break needs exact values
      return false;
    }
    if (ratio[q] != ratio[b]) return ratio[q] < ratio[b];
    const Project& x = pr_.p.projects[q];
    const Project& y = pr_.p.projects[b];
    if (x.cost != y.cost) return x.cost < y.cost;
    if (x.votes != y.votes) return x.votes > y.votes;
    return q < b;
  }

  // The equal share each supporter of `project` pays (capped by what they
  // have), or nullopt if together they cannot afford it.
  std::optional<Num> share_of(std::size_t project) {
    const std::int64_t cost = pr_.p.projects[project].cost;
    if (cost == 0) return Num(0);
    payers_.clear();
    Num total(0);
    std::uint64_t people = 0;
    const Num* poorest = nullptr;
    for (std::size_t g : pr_.supporters[project]) {
      const Num& have = money_[g];
      if (have <= 0) continue;
      payers_.emplace_back(&have, pr_.weight[g]);
      total += have * A::count(pr_.weight[g]);
      people += pr_.weight[g];
      if (!poorest || have < *poorest) poorest = &have;
    }
    const Num price = A::of(cost);
    if (A::near(total, price)) trusted_ = false;
    if (total < price) return std::nullopt;
    // Common case: everyone can pay the plain equal share.
    Num equal = price / A::count(people);
    if (A::near(*poorest, equal)) trusted_ = false;
    if (*poorest >= equal) return equal;
    std::sort(payers_.begin(), payers_.end(),
              [](const auto& a, const auto& b) { return *a.first < *b.first; });
    Num paid(0);
    for (const auto& [have, count] : payers_) {
      Num alpha = (price - paid) / A::count(people);
      if (A::near(*have, alpha)) trusted_ = false;
      if (*have >= alpha) return alpha;
      paid += *have * A::count(count);  // these supporters give all they have left
      people -= count;
    }
    trusted_ = false;  // only rounding can get here (total >= cost): decide exactly
    return std::nullopt;
  }

  const Prepared& pr_;
  std::vector<Num> money_;
  std::vector<std::pair<const Num*, std::uint64_t>> payers_;
  bool trusted_ = true;
};

// One exact run of MES with every voter starting with `endowment`.
Outcome run_mes(const Prepared& pr, const Rational& endowment) {
  return *MesRun<ExactArithmetic>(pr, endowment).run();
}

// The outcome of one run at `endowment`: the filtered run when it can be
// trusted, the exact one otherwise. Only `selected` and `cost` are used.
Outcome decide_run(const Prepared& pr, const Rational& endowment, std::uint32_t& exact_runs) {
  if (auto fast = MesRun<FilteredArithmetic>(pr, static_cast<double>(endowment)).run())
    return Outcome{std::move(fast->selected), {}, fast->cost};
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
  // A project nobody approves is never funded (unless free): once every other
  // one is, raising the start changes nothing and Add1 must stop there.
  const auto fundable = static_cast<std::size_t>(std::ranges::count_if(
      std::views::iota(std::size_t{0}, p.projects.size()),
      [&](auto q) { return p.projects[q].cost == 0 || !pr.supporters[q].empty(); }));
  // Raise everyone's start until the outcome no longer fits; keep the last that did.
  const auto add1 = [&](bool fast_allowed, std::uint32_t& steps) {
    const auto run = [&](const Rational& e) {
      if (fast_allowed) return decide_run(pr, e, exact_runs);
      ++exact_runs;
      return run_mes(pr, e);
    };
    Outcome outcome = run(start);
    steps = 0;
    if (o.completion == Completion::none || outcome.selected.size() == fundable ||
        (o.early_stop && exhaustive(p, outcome.selected, outcome.cost))) {
      return outcome;
    }
    for (std::uint32_t k = 1;; ++k) {
      Outcome next = run(start + Rational(o.increment) * k);
      if (next.cost > p.budget) break;
      outcome = std::move(next);
      steps = k;
      if (o.early_stop && exhaustive(p, outcome.selected, outcome.cost)) break;
      if (outcome.selected.size() == fundable) break;
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
