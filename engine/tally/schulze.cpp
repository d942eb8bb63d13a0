#include <algorithm>
#include <limits>

#include "engine/tally/methods.hpp"

namespace yishi::tally {
namespace {

// Widest paths (Floyd-Warshall) among `among`, links weighted by winning votes;
// indexed by position in `among`.
std::vector<std::vector<std::uint64_t>> strongest_paths(
    const std::vector<std::vector<std::uint64_t>>& d, const std::vector<std::size_t>& among) {
  const std::size_t m = among.size();
  std::vector<std::vector<std::uint64_t>> p(m, std::vector<std::uint64_t>(m, 0));
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      const auto a = among[i], b = among[j];
      if (i != j && d[a][b] > d[b][a]) p[i][j] = d[a][b];
    }
  }
  for (std::size_t k = 0; k < m; ++k) {
    for (std::size_t i = 0; i < m; ++i) {
      if (i == k || p[i][k] == 0) continue;
      for (std::size_t j = 0; j < m; ++j) {
        if (j != i && j != k) p[i][j] = std::max(p[i][j], std::min(p[i][k], p[k][j]));
      }
    }
  }
  return p;
}

}  // namespace

OrdinalResult schulze(const Profile& profile) {
  const auto n = static_cast<std::size_t>(profile.candidates);
  std::vector<std::vector<std::uint64_t>> d(n, std::vector<std::uint64_t>(n, 0));
  constexpr std::size_t kUnranked = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> position(n);
  for (const auto& [ballot, count] : profile.ballots) {
    std::fill(position.begin(), position.end(), kUnranked);
    std::size_t k = 0;
    for (const auto cls : ballot.classes()) {
      for (Candidate c : cls) position[static_cast<std::size_t>(c)] = k;
      ++k;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (position[i] == kUnranked) continue;
      for (std::size_t j = 0; j < n; ++j) {
        if (position[i] < position[j]) d[i][j] += count;
      }
    }
  }
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  auto p = strongest_paths(d, all);
  // The full ranking: the Schulze winners, then the winners among those left
  // (paths recomputed without the ranked ones), and so on. Ties stay ties.
  OrdinalResult r;
  r.method = "schulze";
  std::vector<std::size_t> left(n);
  for (std::size_t i = 0; i < n; ++i) left[i] = i;
  while (!left.empty()) {
    const auto paths = strongest_paths(d, left);
    std::vector<Candidate> winners;
    for (std::size_t a = 0; a < left.size(); ++a) {
      bool beaten = false;
      for (std::size_t b = 0; b < left.size() && !beaten; ++b) {
        beaten = paths[b][a] > paths[a][b];
      }
      if (!beaten) winners.push_back(static_cast<Candidate>(left[a]));
    }
    r.ranking.push_back(winners);
    std::erase_if(left, [&](std::size_t c) {
      return std::ranges::find(winners, static_cast<Candidate>(c)) != winners.end();
    });
  }
  if (!r.ranking.empty()) r.winners = r.ranking.front();
  r.pairwise = std::move(d);
  r.strongest = std::move(p);
  return r;
}

OrdinalResult plurality(const Profile& profile) {
  const auto n = static_cast<std::size_t>(profile.candidates);
  std::vector<std::uint64_t> firsts(n, 0);
  std::uint64_t exhausted = 0;
  for (const auto& [ballot, count] : profile.ballots) {
    if (ballot.empty() || ballot.first_class().size() != 1) {
      exhausted += count;  // no single first choice
      continue;
    }
    firsts[static_cast<std::size_t>(ballot.first_class().front())] += count;
  }
  OrdinalResult r;
  r.method = "plurality";
  Round round;
  for (std::size_t i = 0; i < n; ++i)
    round.tallies[static_cast<Candidate>(i)] = static_cast<double>(firsts[i]);
  round.exhausted = static_cast<double>(exhausted);
  r.rounds.push_back(round);
  std::vector<Candidate> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<Candidate>(i);
  std::stable_sort(order.begin(), order.end(), [&](Candidate a, Candidate b) {
    return firsts[static_cast<std::size_t>(a)] > firsts[static_cast<std::size_t>(b)];
  });
  for (Candidate c : order) {
    if (!r.ranking.empty() && firsts[static_cast<std::size_t>(r.ranking.back().front())] ==
                                  firsts[static_cast<std::size_t>(c)]) {
      r.ranking.back().push_back(c);
    } else {
      r.ranking.push_back({c});
    }
  }
  if (!r.ranking.empty()) r.winners = r.ranking.front();
  return r;
}

}  // namespace yishi::tally
