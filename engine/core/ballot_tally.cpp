#include "engine/core/ballot_tally.hpp"

#include <algorithm>
#include <map>

#include "engine/audit/hash.hpp"
#include "engine/tally/budget.hpp"
#include "engine/tally/methods.hpp"

namespace yishi::engine {
namespace {

std::uint64_t weight_of(const Ballot& b, const SealedChoice& s) {
  return b.weighting == Weighting::area ? static_cast<std::uint64_t>(s.area_centi_m2) : s.people;
}

// Tie classes from totals, highest first.
std::vector<std::vector<int>> rank_by(const std::vector<std::uint64_t>& totals) {
  std::vector<int> order(totals.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return totals[static_cast<std::size_t>(a)] > totals[static_cast<std::size_t>(b)];
  });
  std::vector<std::vector<int>> out;
  for (int o : order) {
    if (!out.empty() && totals[static_cast<std::size_t>(out.back().front())] ==
                            totals[static_cast<std::size_t>(o)]) {
      out.back().push_back(o);
    } else {
      out.push_back({o});
    }
  }
  return out;
}

// The first `seats` options of a ranking. A tie class that crosses the last
// seat is ordered by lot (SHA-256 of seed and option) when a seed is revealed.
std::vector<int> take_seats(const std::vector<std::vector<int>>& ranking, std::uint32_t seats,
                            const std::string& seed, bool& lot_drawn) {
  std::vector<int> winners;
  for (const auto& cls : ranking) {
    if (winners.size() >= seats) break;
    if (winners.size() + cls.size() <= seats) {
      winners.insert(winners.end(), cls.begin(), cls.end());
      continue;
    }
    if (seed.empty()) break;  // status quo: an unresolved tie elects no one from it
    std::vector<std::pair<std::string, int>> drawn;
    for (int o : cls)
      drawn.emplace_back(audit::to_hex(audit::sha256(seed + ":" + std::to_string(o))), o);
    std::ranges::sort(drawn);
    for (const auto& [lot, o] : drawn) {
      if (winners.size() >= seats) break;
      winners.push_back(o);
    }
    lot_drawn = true;
  }
  return winners;
}

// Identical ballots are counted once with their total weight: the tallies' time
// and memory follow the number of distinct ballots, not of voters.
tally::Profile ranked_profile(const Ballot& b) {
  std::map<std::vector<std::vector<int>>, std::uint64_t> distinct;
  for (const auto& [receipt, sealed] : b.box) {
    auto classes = b.spec.kind == QuestionKind::single
                       ? std::vector<std::vector<int>>{sealed.choice.selected}
                       : sealed.choice.ranking;
    distinct[std::move(classes)] += weight_of(b, sealed);
  }
  tally::Profile p;
  p.candidates = static_cast<int>(b.spec.options.size());
  p.names = b.spec.options;
  p.ballots.reserve(distinct.size());
  for (auto& [classes, weight] : distinct)
    p.ballots.emplace_back(tally::RankedBallot{classes}, weight);
  return p;
}

}  // namespace

BallotTotals tally_options(const Ballot& b, const std::string& seed) {
  BallotTotals t;
  const std::size_t n = b.spec.options.size();
  switch (b.spec.method) {
    case TallyMethod::approval:
    case TallyMethod::score:
    case TallyMethod::plurality: {
      t.option_totals.assign(n, 0);
      for (const auto& [receipt, sealed] : b.box) {
        const std::uint64_t w = weight_of(b, sealed);
        if (b.spec.method == TallyMethod::score) {
          for (std::size_t i = 0; i < n; ++i) {
            t.option_totals[i] +=
                w * static_cast<std::uint64_t>(sealed.choice.scores[i] - b.spec.score_min);
          }
        } else {
          for (int o : sealed.choice.selected) t.option_totals[static_cast<std::size_t>(o)] += w;
        }
      }
      t.ranking = rank_by(t.option_totals);
      const std::uint32_t seats = b.spec.method == TallyMethod::plurality ? 1 : b.spec.seats;
      t.winners = take_seats(t.ranking, seats, seed, t.lot_drawn);
      break;
    }
    case TallyMethod::schulze: {
      const auto r = tally::schulze(ranked_profile(b));
      t.ranking = r.ranking;
      t.winners = take_seats(t.ranking, b.spec.seats, seed, t.lot_drawn);
      break;
    }
    case TallyMethod::irv: {
      const auto r = tally::instant_runoff(ranked_profile(b));
      t.ranking = r.ranking;
      t.winners = r.winners;
      break;
    }
    case TallyMethod::stv: {
      auto r = tally::single_transferable_vote(ranked_profile(b), static_cast<int>(b.spec.seats));
      if (r) {
        t.ranking = r->ranking;
        t.winners = r->winners;
      }
      break;
    }
    case TallyMethod::greedy:
    case TallyMethod::mes: {
      tally::BudgetProfile p;
      p.budget = b.spec.budget;
      for (std::size_t i = 0; i < n; ++i) {
        p.projects.push_back({std::to_string(i + 1), b.spec.costs[i], 0, b.spec.options[i]});
      }
      std::map<std::vector<int>, std::uint64_t> distinct;  // as in ranked_profile
      for (const auto& [receipt, sealed] : b.box) {
        const std::uint64_t w = weight_of(b, sealed);
        std::vector<int> approved = sealed.choice.selected;
        std::ranges::sort(approved);
        for (int o : approved) p.projects[static_cast<std::size_t>(o)].votes += w;
        distinct[std::move(approved)] += w;
        p.voters += w;
      }
      p.ballots.assign(distinct.begin(), distinct.end());
      const auto r = b.spec.method == TallyMethod::greedy
                         ? tally::greedy(p)
                         : tally::equal_shares(p, tally::MesOptions{});
      t.winners = r.selected;
      t.cost = r.cost;
      for (int o : r.selected) t.ranking.push_back({o});
      break;
    }
    case TallyMethod::rule:
      break;
  }
  return t;
}

}  // namespace yishi::engine
