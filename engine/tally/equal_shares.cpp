#include <boost/multiprecision/gmp.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <ranges>
#include <span>
#include <type_traits>

#include "engine/tally/budget.hpp"

namespace yishi::tally {
namespace {

using Rational = boost::multiprecision::mpq_rational;  // GMP: ~10x faster than cpp_rational

struct Prepared {
  const BudgetProfile& p;
  std::vector<std::vector<std::size_t>> supporters;  // project -> ballot groups
  std::vector<std::uint64_t> weight;                 // group -> voters
  std::vector<double> weight_d;                      // the same, for the filtered runs
  std::vector<std::uint64_t> people;                 // project -> its supporters
  // project -> the projects (itself included) that share a supporter with it:
  // the only ones whose share can change when it is funded.
  std::vector<std::vector<std::size_t>> neighbours;
};

Prepared prepare(const BudgetProfile& p) {
  const std::size_t n = p.projects.size();
  Prepared out{p, {}, {}, {}, {}, {}};
  out.supporters.resize(n);
  out.people.assign(n, 0);
  for (std::size_t g = 0; g < p.ballots.size(); ++g) {
    out.weight.push_back(p.ballots[g].second);
    out.weight_d.push_back(static_cast<double>(p.ballots[g].second));
    for (int project : p.ballots[g].first) {
      out.supporters[static_cast<std::size_t>(project)].push_back(g);
      out.people[static_cast<std::size_t>(project)] += p.ballots[g].second;
    }
  }
  // Σ |ballot|² over the distinct ballots: what a run that funded everything
  // used to spend marking shares stale.
  out.neighbours.resize(n);
  std::vector<std::size_t> seen(n, n);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t g : out.supporters[a]) {
      for (int q : p.ballots[g].first) {
        const auto b = static_cast<std::size_t>(q);
        if (seen[b] == a) continue;
        seen[b] = a;
        out.neighbours[a].push_back(b);
      }
    }
  }
  return out;
}

// A quantity of a run as a function of how far every voter's start is raised
// beyond the run's own: v + s·t. A run decides everything at t = 0, on `v`;
// the slopes tell how far t can go before a decision could come out otherwise.
// A plain run has no slopes: kSlopes false leaves `s` at 0 and skips its
// arithmetic (a plain exact run costs a quarter less).
struct NoSlope {};
template <class T, bool kSlopes>
struct Lin {
  T v{0};
  [[no_unique_address]] std::conditional_t<kSlopes, T, NoSlope> s{};
  Lin& operator+=(const Lin& o) {
    v += o.v;
    if constexpr (kSlopes) s += o.s;
    return *this;
  }
  Lin& operator-=(const Lin& o) {
    v -= o.v;
    if constexpr (kSlopes) s -= o.s;
    return *this;
  }
  Lin& operator*=(const T& k) {
    v *= k;
    if constexpr (kSlopes) s *= k;
    return *this;
  }
  Lin& operator/=(const T& k) {
    v /= k;
    if constexpr (kSlopes) s /= k;
    return *this;
  }
  friend Lin operator-(Lin a, const Lin& b) { return a -= b; }
  friend Lin operator*(Lin a, const T& k) { return a *= k; }
  friend Lin operator/(Lin a, const T& k) { return a /= k; }
};

template <class T>
struct BasicOutcome {
  std::vector<int> selected;
  std::vector<T> share;  // per selected project: the largest payment asked of a supporter
  std::int64_t cost = 0;
  // The raise (in sub-units per voter) below which every decision of the run,
  // and so the outcome, stays as it is; nullopt: no raise changes it.
  std::optional<T> horizon;
};
using Outcome = BasicOutcome<Rational>;

// Arithmetic for a run. Exact: rationals, every comparison decides. Filtered:
// doubles, for speed, with every decision's margin checked; a comparison within
// kTrust of a tie makes the run untrusted and the caller reruns it exactly.
// Rounding over a run stays orders of magnitude below kTrust, so a trusted
// filtered run decides exactly as the exact run would.
struct ExactArithmetic {
  using T = Rational;
  static constexpr bool kFiltered = false;
  static bool near(const T&, const T&) { return false; }
  static T of(std::int64_t v) { return T(v); }
  static T count(std::uint64_t v) { return T(v); }
};

struct FilteredArithmetic {
  using T = double;
  static constexpr bool kFiltered = true;
  static constexpr double kTrust = 1e-9;
  [[gnu::always_inline]] static bool near(double a, double b) {
    return std::abs(a - b) <= kTrust * std::max(std::max(std::abs(a), std::abs(b)), 1e-300);
  }
  static T of(std::int64_t v) { return static_cast<double>(v); }
  static T count(std::uint64_t v) { return static_cast<double>(v); }
};

template <class A, bool kSlopes>
class MesRun {
 public:
  using T = typename A::T;
  using Num = Lin<T, kSlopes>;

  // Every voter starts with `endowment`; with `parametric`, the run also finds
  // its horizon (the start rising with t).
  MesRun(const Prepared& pr, const T& endowment, bool parametric)
      : pr_(pr),
        money_(pr.weight.size(), Num{endowment, {}}),
        untouched_(pr.p.projects.size(), true),
        start_(endowment),
        parametric_(kSlopes && parametric) {
    if constexpr (kSlopes) {
      if (parametric_) {
        for (Num& m : money_) m.s = T(1);
      }
    }
  }

  // The outcome, or nullopt if a filtered run came too close to a tie.
  std::optional<BasicOutcome<T>> run() {
    const std::size_t n = pr_.p.projects.size();
    std::vector<bool> stale(n, true);
    std::vector<Num> alpha(n);
    // A project's share per unit of utility (alpha / cost) only grows as money
    // is spent, so its last computed value is a lower bound: projects are tried
    // in order of that bound and the search stops once the bound passes the
    // best ratio found — most projects are not recomputed at all. (That holds
    // at every raise t, so a bound passing the best over [0, horizon) keeps
    // the project out there too.)
    std::vector<Num> ratio(n);
    std::vector<std::size_t> candidates(n);
    std::iota(candidates.begin(), candidates.end(), std::size_t{0});
    BasicOutcome<T> out;
    for (;;) {
      std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
        return ratio[a].v < ratio[b].v || (ratio[a].v == ratio[b].v && a < b);
      });
      std::optional<std::size_t> best;
      for (std::size_t i = 0; i < candidates.size();) {
        const std::size_t q = candidates[i];
        if (best && ratio[q].v > ratio[*best].v && !A::near(ratio[q].v, ratio[*best].v)) break;
        if (stale[q]) {
          auto a = share_of(q);
          if (!trusted_) return std::nullopt;
          if (!a) {  // unaffordable now means unaffordable for the rest of the run
            candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
          }
          const std::int64_t cost = pr_.p.projects[q].cost;
          ratio[q] = cost == 0 ? Num{} : *a / A::of(cost);
          alpha[q] = std::move(*a);
          stale[q] = false;
        }
        if (!best || better(q, *best, ratio)) best = q;
        if (!trusted_) return std::nullopt;
        ++i;
      }
      if (!best) break;
      if (parametric_) {
        // The best must stay ahead of every other candidate, tried or not.
        for (std::size_t q : candidates) {
          if (q != *best) holds(ratio[q], ratio[*best]);
        }
        if (!trusted_) return std::nullopt;
      }
      const Num paid = alpha[*best];
      std::erase(candidates, *best);
      out.selected.push_back(static_cast<int>(*best));
      out.share.push_back(paid.v);
      out.cost += pr_.p.projects[*best].cost;
      for (std::size_t g : pr_.supporters[*best]) {
        // As share_of decided (it recorded how long each side holds).
        if (money_[g].v <= paid.v) {
          money_[g] = Num{};
        } else {
          money_[g] -= paid;
        }
      }
      // Only projects these voters support can change their share (marking all
      // that share a supporter is a superset: a recomputed share that did not
      // change is the same value, so the outcome is as if only the right ones
      // were marked).
      for (std::size_t q : pr_.neighbours[*best]) {
        stale[q] = true;
        untouched_[q] = false;
      }
    }
    out.horizon = horizon_;
    return out;
  }

 private:
  // Is `q` funded before `b`? Smaller share per unit of utility first; ties go
  // to the lower cost, then more votes, then the earlier project.
  bool better(std::size_t q, std::size_t b, const std::vector<Num>& ratio) {
    if (A::near(ratio[q].v, ratio[b].v)) {
      trusted_ = false;  // a tie (or nearly): the tie-break needs exact values
      return false;
    }
    if (ratio[q].v != ratio[b].v) return ratio[q].v < ratio[b].v;
    const Project& x = pr_.p.projects[q];
    const Project& y = pr_.p.projects[b];
    if (x.cost != y.cost) return x.cost < y.cost;
    if (x.votes != y.votes) return x.votes > y.votes;
    return q < b;
  }

  // A decision compared `a` with `b` at t = 0: shrink the horizon to the first
  // raise at which their order could differ. Exact: where a - b changes sign
  // (at once if they are equal now but part). Filtered: where the margin
  // between them could fall to kTrust of their size, so every decision up to
  // the horizon is as trustworthy as the one taken at t = 0.
  void holds(const Num& a, const Num& b) {
    if constexpr (!kSlopes) {
      return;  // a plain run has no horizon
    } else if constexpr (A::kFiltered) {
      const double d0 = a.v - b.v, d1 = a.s - b.s;
      const double sign = d0 > 0 ? 1.0 : -1.0;
      const double margin = sign * d0 - A::kTrust * std::max(std::abs(a.v), std::abs(b.v));
      if (d0 == 0 || margin <= 0) {
        trusted_ = false;
        return;
      }
      const double closing = A::kTrust * std::max(std::abs(a.s), std::abs(b.s)) - sign * d1;
      if (closing > 0) shrink(margin / closing);
    } else {
      T d1 = a.s - b.s;
      if (d1 == 0) return;
      T d0 = a.v - b.v;
      if (d0 == 0) {
        shrink(T(0));
      } else if ((d0 > 0) != (d1 > 0)) {
        shrink(T(-d0 / d1));
      }
    }
  }
  void shrink(const T& h) {
    if (!horizon_ || h < *horizon_) horizon_ = h;
  }

  // The equal share each supporter of `project` pays (capped by what they
  // have), or nullopt if together they cannot afford it.
  std::optional<Num> share_of(std::size_t project) {
    const std::int64_t cost = pr_.p.projects[project].cost;
    if (cost == 0) return Num{};
    if (untouched_[project] && !parametric_ && start_ > 0) {
      // None of its supporters has paid for anything yet: each still has the
      // start, so the plain equal share decides, without a pass over them (the
      // first step of every run is all such projects). Slopes take the pass.
      const std::uint64_t people = pr_.people[project];
      const T total = start_ * A::count(people);
      const T price = A::of(cost);
      if (A::near(total, price)) trusted_ = false;
      if (total < price || people == 0) return std::nullopt;
      const T equal = price / A::count(people);
      if (A::near(start_, equal)) trusted_ = false;
      if (start_ >= equal) return Num{equal, {}};
    }
    payers_.clear();
    Num total;
    std::uint64_t people = 0;
    const Num* poorest = nullptr;
    for (std::size_t g : pr_.supporters[project]) {
      const Num& have = money_[g];
      if (have.v <= 0) {
        // Nothing left now; with a raise, though, a voter who has paid nothing
        // yet has something: that decision holds at t = 0 only.
        if constexpr (kSlopes) {
          if (parametric_ && have.s != 0) holds(have, Num{});
        }
        continue;
      }
      payers_.emplace_back(&have, pr_.weight[g]);
      if constexpr (A::kFiltered) {
        total += have * pr_.weight_d[g];
      } else {
        total += have * A::count(pr_.weight[g]);
      }
      people += pr_.weight[g];
      if (!poorest || have.v < poorest->v) poorest = &have;
    }
    const Num price{A::of(cost), {}};
    if (A::near(total.v, price.v)) trusted_ = false;
    if (parametric_) holds(total, price);
    if (total.v < price.v) return std::nullopt;
    // Common case: everyone can pay the plain equal share.
    const Num equal = price / A::count(people);
    if (A::near(poorest->v, equal.v)) trusted_ = false;
    if (poorest->v >= equal.v) return checked(equal);
    // Water-filling without a sort: those who cannot pay the level give all
    // they have, which lifts the level; repeat until nobody new falls below.
    // The level only rises, so each round adds payers; a few rounds suffice
    // in practice, and a sort bounds the rare long case. (In rationals each
    // round's sum costs more than the sort: exact runs sort.)
    Num level = equal;
    for (int round = 0; A::kFiltered && round < 8; ++round) {
      Num paid;
      std::uint64_t full = people;
      for (const auto& [have, count] : payers_) {
        if (have->v < level.v) {
          paid += *have * A::count(count);
          full -= count;
        }
      }
      if (full == 0) break;  // only rounding gets here (total >= cost): the sort decides
      Num next = (price - paid) / A::count(full);
      if (!(next.v > level.v)) {  // nobody new below: this is the share
        for (const auto& [have, count] : payers_) {
          if (A::near(have->v, level.v)) trusted_ = false;
        }
        return checked(std::move(level));
      }
      level = std::move(next);
    }
    std::sort(payers_.begin(), payers_.end(),
              [](const auto& a, const auto& b) { return a.first->v < b.first->v; });
    Num paid;
    for (const auto& [have, count] : payers_) {
      Num alpha = (price - paid) / A::count(people);
      if (A::near(have->v, alpha.v)) trusted_ = false;
      if (have->v >= alpha.v) return checked(std::move(alpha));
      paid += *have * A::count(count);  // these supporters give all they have left
      people -= count;
    }
    trusted_ = false;  // only rounding can get here (total >= cost): decide exactly
    return std::nullopt;
  }

  // `alpha` is the share as long as every payer who pays it in full can, and
  // every one who gives all they have cannot: with those sides kept, it is the
  // one level at which the supporters' payments add up to the cost.
  Num checked(Num alpha) {
    if (parametric_) {
      for (const auto& [have, count] : payers_) holds(*have, alpha);
    }
    return alpha;
  }

  const Prepared& pr_;
  std::vector<Num> money_;
  std::vector<bool> untouched_;  // project -> none of its supporters has paid yet
  T start_;                      // what every voter starts with
  std::vector<std::pair<const Num*, std::uint64_t>> payers_;
  bool parametric_;
  bool trusted_ = true;
  std::optional<T> horizon_;
};

// An exact run that decides exactly as MesRun<ExactArithmetic> does, at a small
// part of its cost. A voter's money is not kept as a rational (whose
// denominator grows with every share paid) but as what it is: the start less
// the shares of the projects they paid in full, or nothing once they gave all.
// A sum over supporters is then integer weights times the start and a few
// exact shares; a voter's money is compared with a share in floating point,
// and exactly only when the two are within a rigorous bound on the rounding.
class LedgerRun {
 public:
  LedgerRun(const Prepared& pr, const Rational& endowment)
      : pr_(pr),
        start_(endowment),
        start_d_(static_cast<double>(endowment)),
        gone_(pr.weight.size(), !(endowment > 0)),
        first_(pr.weight.size() + 1, 0),
        count_(pr.weight.size(), 0),
        money_d_(pr.weight.size(), start_d_) {
    for (std::size_t g = 0; g < pr.weight.size(); ++g)
      first_[g + 1] = first_[g] + pr.p.ballots[g].first.size();
    paid_.resize(first_.back());
  }

  Outcome run() {
    const std::size_t n = pr_.p.projects.size();
    std::vector<bool> stale(n, true);
    std::vector<Rational> alpha(n), ratio(n);
    std::vector<double> ratio_d(n, 0.0);
    coef_.assign(n, 0);
    std::vector<std::size_t> candidates(n);
    std::iota(candidates.begin(), candidates.end(), std::size_t{0});
    Outcome out;
    for (;;) {
      // The order only steers which shares are computed: the search stops at a
      // bound certainly above the best (doubles within 1e-12 are not trusted to
      // order), so the best is the exact one whatever the order among near ties.
      std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
        return ratio_d[a] < ratio_d[b] || (ratio_d[a] == ratio_d[b] && a < b);
      });
      std::optional<std::size_t> best;
      for (std::size_t i = 0; i < candidates.size();) {
        const std::size_t q = candidates[i];
        if (best && ratio_d[q] > ratio_d[*best] * (1 + 1e-12)) break;
        if (stale[q]) {
          auto a = share_of(q);
          if (!a) {
            candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
          }
          const std::int64_t cost = pr_.p.projects[q].cost;
          ratio[q] = cost == 0 ? Rational(0) : *a / Rational(cost);
          ratio_d[q] = static_cast<double>(ratio[q]);
          alpha[q] = std::move(*a);
          stale[q] = false;
        }
        if (!best || better(q, *best, ratio)) best = q;
        ++i;
      }
      if (!best) break;
      const std::size_t step = out.selected.size();
      std::erase(candidates, *best);
      out.selected.push_back(static_cast<int>(*best));
      out.share.push_back(alpha[*best]);
      out.cost += pr_.p.projects[*best].cost;
      pay(*best, step, alpha[*best]);
      for (std::size_t q : pr_.neighbours[*best]) stale[q] = true;
    }
    return out;
  }

 private:
  // As MesRun::better, exactly.
  bool better(std::size_t q, std::size_t b, const std::vector<Rational>& ratio) const {
    if (ratio[q] != ratio[b]) return ratio[q] < ratio[b];
    const Project& x = pr_.p.projects[q];
    const Project& y = pr_.p.projects[b];
    if (x.cost != y.cost) return x.cost < y.cost;
    if (x.votes != y.votes) return x.votes > y.votes;
    return q < b;
  }

  std::span<const std::size_t> paid(std::size_t g) const {
    return {paid_.data() + first_[g], count_[g]};
  }
  Rational money(std::size_t g) const {
    Rational m = start_;
    for (std::size_t i : paid(g)) m -= shares_[i];
    return m;
  }
  // -1, 0 or 1 as the money of group g is below, equal to or above `share`
  // (its double `share_d`): in doubles when the gap is beyond the rounding
  // (each of the group's subtractions and conversions, with room to spare).
  int compare(std::size_t g, const Rational& share, double share_d) const {
    constexpr double kEps = std::numeric_limits<double>::epsilon();
    const double gap = money_d_[g] - share_d;
    const double bound =
        8 * kEps * static_cast<double>(count_[g] + 2) * (std::abs(start_d_) + std::abs(share_d));
    if (gap > bound) return 1;
    if (gap < -bound) return -1;
    const Rational m = money(g);
    return m < share ? -1 : m > share ? 1 : 0;
  }

  // The sum of w_g · money_g over `groups` (with money left): the integer
  // weight times the start, less integer weights times the shares paid.
  Rational money_of(std::span<const std::size_t> groups, std::uint64_t& people) {
    people = 0;
    touched_.clear();
    for (std::size_t g : groups) {
      const std::uint64_t w = pr_.weight[g];
      people += w;
      for (std::size_t i : paid(g)) {
        if (coef_[i] == 0) touched_.push_back(i);
        coef_[i] += w;
      }
    }
    Rational total = start_ * Rational(people);
    for (std::size_t i : touched_) {
      total -= shares_[i] * Rational(coef_[i]);
      coef_[i] = 0;
    }
    return total;
  }

  // The exact equal share of `project` (capped by what its supporters have),
  // or nullopt if together they cannot afford it: as MesRun::share_of.
  std::optional<Rational> share_of(std::size_t project) {
    const std::int64_t cost = pr_.p.projects[project].cost;
    if (cost == 0) return Rational(0);
    payers_.clear();
    for (std::size_t g : pr_.supporters[project]) {
      if (!gone_[g]) payers_.push_back(g);
    }
    std::uint64_t people = 0;
    const Rational price(cost);
    if (payers_.empty() || money_of(payers_, people) < price) return std::nullopt;
    // Who gives all they have, found in doubles (water-filling on the sorted
    // payers), then the exact share from that split, then the split checked.
    std::sort(payers_.begin(), payers_.end(),
              [&](std::size_t a, std::size_t b) { return money_d_[a] < money_d_[b]; });
    double paid_d = 0;
    std::uint64_t left = people;
    std::size_t capped = 0;
    while (capped < payers_.size()) {
      const double level = (static_cast<double>(cost) - paid_d) / static_cast<double>(left);
      const std::size_t g = payers_[capped];
      if (money_d_[g] >= level) break;
      paid_d += money_d_[g] * static_cast<double>(pr_.weight[g]);
      left -= pr_.weight[g];
      ++capped;
    }
    if (capped == payers_.size()) return exact_share_of(price, people);  // rounding only
    std::uint64_t capped_people = 0;
    const Rational given = money_of(std::span(payers_).first(capped), capped_people);
    const Rational share = (price - given) / Rational(people - capped_people);
    const double share_d = static_cast<double>(share);
    // Then `share` is the level: everyone kept at it can pay it, and everyone
    // below it cannot (so together they pay exactly the price).
    for (std::size_t k = 0; k < payers_.size(); ++k) {
      const int c = compare(payers_[k], share, share_d);
      if (k < capped ? c >= 0 : c < 0) {
        return exact_share_of(price, people);  // the doubles misjudged a near tie
      }
    }
    return share;
  }

  // The slow, plain way: exact money for every payer, sorted.
  std::optional<Rational> exact_share_of(const Rational& price, std::uint64_t people) {
    std::vector<std::pair<Rational, std::uint64_t>> have;
    for (std::size_t g : payers_) have.emplace_back(money(g), pr_.weight[g]);
    std::sort(have.begin(), have.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    Rational paid_sum;
    for (const auto& [m, w] : have) {
      Rational level = (price - paid_sum) / Rational(people);
      if (m >= level) return level;
      paid_sum += m * Rational(w);
      people -= w;
    }
    return std::nullopt;  // unreachable: the total covers the price
  }

  // Every supporter pays `share`, or all they have if that is less (or equal).
  void pay(std::size_t project, std::size_t step, const Rational& share) {
    shares_.push_back(share);
    const double share_d = static_cast<double>(share);
    for (std::size_t g : pr_.supporters[project]) {
      if (gone_[g]) continue;
      if (compare(g, share, share_d) <= 0) {
        gone_[g] = true;
      } else {
        paid_[first_[g] + count_[g]++] = step;
        money_d_[g] -= share_d;
      }
    }
  }

  const Prepared& pr_;
  Rational start_;
  double start_d_;
  std::vector<bool> gone_;            // group -> gave all it had (money exactly 0)
  std::vector<std::size_t> first_;    // group -> where its paid steps start in paid_
  std::vector<std::size_t> count_;    // group -> how many projects it paid in full
  std::vector<std::size_t> paid_;     // the steps each group paid in full
  std::vector<double> money_d_;       // group -> its money, in doubles
  std::vector<Rational> shares_;      // step -> the share paid
  std::vector<std::uint64_t> coef_;   // step -> weight (scratch for money_of)
  std::vector<std::size_t> touched_;  // the steps coef_ holds
  std::vector<std::size_t> payers_;
};

// One exact run of MES with every voter starting with `endowment`; with
// `parametric`, its horizon too.
Outcome run_mes(const Prepared& pr, const Rational& endowment, bool parametric = false) {
  if (parametric) return *MesRun<ExactArithmetic, true>(pr, endowment, true).run();
  return *MesRun<ExactArithmetic, false>(pr, endowment, false).run();
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
  using boost::multiprecision::mpz_int;
  const Prepared pr = prepare(p);
  const std::uint64_t n = std::max<std::uint64_t>(p.voters, 1);
  const std::int64_t unit = scale_of(p.decimals);  // sub-units per currency unit
  Rational start = Rational(p.budget) / Rational(n);
  if (o.start == StartEndowment::integral)  // whole currency units
    start = Rational(mpz_int(mpz_int(p.budget) / (mpz_int(n) * unit)) * unit);
  const Rational increment = Rational(o.increment) * Rational(unit);
  std::uint32_t runs = 0, exact_runs = 0;
  // A project nobody approves is never funded (unless free): once every other
  // one is, raising the start changes nothing and Add1 must stop there.
  const auto fundable = static_cast<std::size_t>(std::ranges::count_if(
      std::views::iota(std::size_t{0}, p.projects.size()),
      [&](auto q) { return p.projects[q].cost == 0 || !pr.supporters[q].empty(); }));
  // From this raise on, each voter alone can pay for every project: all that
  // are fundable are funded, so Add1 has ended by then.
  Rational all_costs(0);
  for (const Project& x : p.projects) all_costs += Rational(x.cost);
  std::uint64_t last_raise = 1;
  if (all_costs > start) {
    const Rational r = (all_costs - start) / increment;
    const mpz_int raises = mpz_int(numerator(r) / denominator(r)) + 1;
    last_raise = raises > mpz_int(std::uint64_t{1} << 62) ? std::uint64_t{1} << 62
                                                          : static_cast<std::uint64_t>(raises);
  }
  // The first raise after `k` that a run at `k`, good for raises below k +
  // horizon, does not cover; nullopt if no raise would change its outcome.
  const auto next_raise = [&](std::uint64_t k,
                              const auto& horizon) -> std::optional<std::uint64_t> {
    if (!horizon) return std::nullopt;
    const std::uint64_t cap = std::max(k + 1, last_raise);
    std::uint64_t skip = 1;
    if constexpr (std::is_same_v<std::decay_t<decltype(*horizon)>, double>) {
      const double raises = std::ceil(*horizon / static_cast<double>(increment));
      if (!(raises < static_cast<double>(cap - k))) return cap;
      skip = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(raises));
    } else {
      const Rational r = *horizon / increment;
      mpz_int raises = numerator(r) / denominator(r);
      if (raises * denominator(r) != numerator(r)) ++raises;  // ceiling
      if (raises >= mpz_int(cap - k)) return cap;
      skip = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(raises));
    }
    return k + skip;
  };
  struct Step {
    Outcome outcome;
    std::optional<std::uint64_t> next;
  };
  const auto endowment = [&](std::uint64_t k) { return start + increment * Rational(k); };
  // A plain run (no horizon: the next raise is k + 1) is cheaper; see add1.
  const auto run_at = [&](std::uint64_t k, bool fast_allowed, bool parametric) {
    const Rational e = endowment(k);
    ++runs;
    if (fast_allowed) {
      auto f = parametric
                   ? MesRun<FilteredArithmetic, true>(pr, static_cast<double>(e), true).run()
                   : MesRun<FilteredArithmetic, false>(pr, static_cast<double>(e), false).run();
      if (f) {
        auto next = parametric ? next_raise(k, f->horizon) : std::optional(k + 1);
        return Step{Outcome{std::move(f->selected), {}, f->cost, {}}, next};
      }
      ++runs;
    }
    ++exact_runs;
    Outcome exact = run_mes(pr, e, parametric);
    const auto next = parametric ? next_raise(k, exact.horizon) : std::optional(k + 1);
    return Step{std::move(exact), next};
  };
  // Raise everyone's start until the outcome no longer fits; keep the last that
  // did. Only raises at which the outcome may differ are run: the ones between
  // repeat the previous outcome, which fitted, was not exhaustive and did not
  // fund everything, so none of them ends Add1 — except that the last raise
  // before an outcome that does not fit is the one kept, for its shares.
  //
  // Where decisions change at almost every raise (many voters, each capped at
  // their own point), a horizon rarely skips anything and costs its run more:
  // after a run whose horizon skipped nothing, the next `window` raises run
  // plainly, the window doubling up to 16 while that lasts. A long stretch
  // with nothing changing is still found within 16 raises.
  const auto add1 = [&](bool fast_allowed, std::uint64_t& steps) {
    std::uint64_t window = 0, plain_left = 0;
    Step at = run_at(0, fast_allowed, true);
    steps = 0;
    Outcome outcome = std::move(at.outcome);
    if (outcome.selected.size() == fundable ||
        (o.early_stop && exhaustive(p, outcome.selected, outcome.cost))) {
      return outcome;
    }
    while (at.next) {
      const std::uint64_t k = *at.next;
      const bool parametric = plain_left == 0;
      Step next = run_at(k, fast_allowed, parametric);
      if (!parametric) {
        --plain_left;
      } else if (next.next && *next.next == k + 1) {
        window = std::min<std::uint64_t>(16, window == 0 ? 1 : window * 2);
        plain_left = window;
      } else {
        window = 0;
      }
      if (next.outcome.cost > p.budget) {
        steps = k - 1;
        break;
      }
      steps = k;
      outcome = std::move(next.outcome);
      at.next = next.next;
      if (o.early_stop && exhaustive(p, outcome.selected, outcome.cost)) break;
      if (outcome.selected.size() == fundable) break;
    }
    return outcome;
  };
  std::uint64_t steps = 0;
  Outcome outcome;
  if (o.completion == Completion::none) {
    ++runs;
    ++exact_runs;
    outcome = LedgerRun(pr, start).run();  // a single run: the fast path would only add one
  } else {
    outcome = add1(true, steps);
    // The kept raise once more, plainly in exact arithmetic: it gives the
    // effective votes to publish and checks the fast path; should they ever
    // disagree, every run is redone exactly.
    Outcome exact = LedgerRun(pr, endowment(steps)).run();
    ++runs;
    ++exact_runs;
    if (exact.selected != outcome.selected) {
      add1(false, steps);
      exact = LedgerRun(pr, endowment(steps)).run();
      ++runs;
      ++exact_runs;
    }
    outcome = std::move(exact);
  }
  BudgetResult r;
  r.method = "mes";
  r.exact_runs = exact_runs;
  r.runs = runs;
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
