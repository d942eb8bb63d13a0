// Instant-runoff and single transferable vote: the shared "who does this ballot
// count for now" walk, with integer tallies for IRV and exact rationals for STV.
#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <optional>

#include "engine/tally/methods.hpp"

namespace yishi::tally {
namespace {

using Rational = boost::multiprecision::cpp_rational;

// The ballot's highest-ranked continuing candidate, or nullopt if none, or if
// that rank ties continuing candidates (the ballot is then exhausted).
std::optional<Candidate> current_choice(const RankedBallot& ballot,
                                        const std::vector<bool>& continuing) {
  for (const auto cls : ballot.classes()) {
    std::optional<Candidate> found;
    int alive = 0;
    for (Candidate c : cls) {
      if (continuing[static_cast<std::size_t>(c)]) {
        ++alive;
        found = c;
      }
    }
    if (alive == 1) return found;
    if (alive > 1) return std::nullopt;
  }
  return std::nullopt;
}

// Picks who is eliminated among those tied on the lowest tally: fewer votes in
// the earliest round that separates them, then the higher candidate number.
template <class Tally>
Candidate loser(const std::vector<Candidate>& lowest,
                const std::vector<std::vector<Tally>>& history) {
  std::vector<Candidate> tied = lowest;
  for (const auto& round : history) {
    if (tied.size() == 1) break;
    Tally min = round[static_cast<std::size_t>(tied.front())];
    for (Candidate c : tied) min = std::min(min, round[static_cast<std::size_t>(c)]);
    std::erase_if(tied, [&](Candidate c) { return round[static_cast<std::size_t>(c)] != min; });
  }
  return *std::max_element(tied.begin(), tied.end());
}

double display(const Rational& r) {
  return static_cast<double>(r);
}
double display(std::uint64_t v) {
  return static_cast<double>(v);
}

}  // namespace

OrdinalResult instant_runoff(const Profile& profile) {
  const auto n = static_cast<std::size_t>(profile.candidates);
  std::vector<bool> continuing(n, true);
  std::vector<std::vector<std::uint64_t>> history;
  OrdinalResult r;
  r.method = "irv";
  std::vector<Candidate> eliminated_order;
  for (std::size_t left = n; left > 0;) {
    std::vector<std::uint64_t> tally(n, 0);
    std::uint64_t exhausted = 0, total = 0;
    for (const auto& [ballot, count] : profile.ballots) {
      if (auto c = current_choice(ballot, continuing)) {
        tally[static_cast<std::size_t>(*c)] += count;
        total += count;
      } else {
        exhausted += count;
      }
    }
    history.push_back(tally);
    Round round;
    for (std::size_t i = 0; i < n; ++i) {
      if (continuing[i]) round.tallies[static_cast<Candidate>(i)] = display(tally[i]);
    }
    round.exhausted = display(exhausted);
    std::size_t best = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (continuing[i] && (best == n || tally[i] > tally[best])) best = i;
    }
    if (left == 1 || tally[best] * 2 > total) {
      round.elected.push_back(static_cast<Candidate>(best));
      r.rounds.push_back(round);
      r.winners = {static_cast<Candidate>(best)};
      // Ranking: the winner, the others still standing by final tally, then the
      // eliminated in reverse order of elimination.
      std::vector<Candidate> standing;
      for (std::size_t i = 0; i < n; ++i) {
        if (continuing[i] && i != best) standing.push_back(static_cast<Candidate>(i));
      }
      std::stable_sort(standing.begin(), standing.end(), [&](Candidate a, Candidate b) {
        return tally[static_cast<std::size_t>(a)] > tally[static_cast<std::size_t>(b)];
      });
      r.ranking.push_back({static_cast<Candidate>(best)});
      for (Candidate c : standing) r.ranking.push_back({c});
      for (auto it = eliminated_order.rbegin(); it != eliminated_order.rend(); ++it)
        r.ranking.push_back({*it});
      return r;
    }
    std::uint64_t low = 0;
    bool first = true;
    for (std::size_t i = 0; i < n; ++i) {
      if (continuing[i] && (first || tally[i] < low)) {
        low = tally[i];
        first = false;
      }
    }
    std::vector<Candidate> lowest;
    for (std::size_t i = 0; i < n; ++i) {
      if (continuing[i] && tally[i] == low) lowest.push_back(static_cast<Candidate>(i));
    }
    const Candidate out = loser(lowest, history);
    continuing[static_cast<std::size_t>(out)] = false;
    eliminated_order.push_back(out);
    --left;
    round.eliminated.push_back(out);
    r.rounds.push_back(round);
  }
  return r;
}

std::expected<OrdinalResult, std::string> single_transferable_vote(const Profile& profile,
                                                                   int seats) {
  const auto n = static_cast<std::size_t>(profile.candidates);
  if (seats < 1 || static_cast<std::size_t>(seats) > n) {
    return std::unexpected("seats must be between 1 and the number of candidates (" +
                           std::to_string(n) + ")");
  }
  std::vector<Rational> weight(profile.ballots.size(), Rational(1));
  std::vector<bool> continuing(n, true);
  std::uint64_t valid = 0;
  for (const auto& [ballot, count] : profile.ballots) {
    if (current_choice(ballot, continuing)) valid += count;
  }
  const Rational quota(valid / static_cast<std::uint64_t>(seats + 1) + 1);
  OrdinalResult r;
  r.method = "stv";
  std::vector<std::vector<Rational>> history;
  std::vector<Candidate> eliminated_order;
  std::size_t standing = n;
  while (static_cast<int>(r.winners.size()) < seats) {
    std::vector<Rational> tally(n, Rational(0));
    Rational exhausted(0);
    std::vector<std::optional<Candidate>> holder(profile.ballots.size());
    for (std::size_t b = 0; b < profile.ballots.size(); ++b) {
      const auto& [ballot, count] = profile.ballots[b];
      holder[b] = current_choice(ballot, continuing);
      const Rational amount = weight[b] * count;
      if (holder[b]) {
        tally[static_cast<std::size_t>(*holder[b])] += amount;
      } else {
        exhausted += amount;
      }
    }
    history.push_back(tally);
    Round round;
    for (std::size_t i = 0; i < n; ++i) {
      if (continuing[i]) round.tallies[static_cast<Candidate>(i)] = display(tally[i]);
    }
    round.exhausted = display(exhausted);
    const std::size_t remaining_seats = static_cast<std::size_t>(seats) - r.winners.size();
    std::size_t best = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (continuing[i] && (best == n || tally[i] > tally[best])) best = i;
    }
    if (standing <= remaining_seats) {
      // As many candidates as seats: all are elected.
      for (std::size_t i = 0; i < n; ++i) {
        if (continuing[i]) {
          r.winners.push_back(static_cast<Candidate>(i));
          round.elected.push_back(static_cast<Candidate>(i));
        }
      }
      r.rounds.push_back(round);
      break;
    }
    if (tally[best] >= quota) {
      const Rational surplus = tally[best] - quota;
      const Rational factor = surplus / tally[best];
      for (std::size_t b = 0; b < profile.ballots.size(); ++b) {
        if (holder[b] == static_cast<Candidate>(best)) weight[b] *= factor;
      }
      continuing[best] = false;
      --standing;
      r.winners.push_back(static_cast<Candidate>(best));
      round.elected.push_back(static_cast<Candidate>(best));
      r.rounds.push_back(round);
      continue;
    }
    Rational low = tally[best];
    for (std::size_t i = 0; i < n; ++i) {
      if (continuing[i]) low = std::min(low, tally[i]);
    }
    std::vector<Candidate> lowest;
    for (std::size_t i = 0; i < n; ++i) {
      if (continuing[i] && tally[i] == low) lowest.push_back(static_cast<Candidate>(i));
    }
    const Candidate out = loser(lowest, history);
    continuing[static_cast<std::size_t>(out)] = false;
    --standing;
    eliminated_order.push_back(out);
    round.eliminated.push_back(out);
    r.rounds.push_back(round);
  }
  for (Candidate c : r.winners) r.ranking.push_back({c});
  for (auto it = eliminated_order.rbegin(); it != eliminated_order.rend(); ++it)
    r.ranking.push_back({*it});
  return r;
}

}  // namespace yishi::tally
