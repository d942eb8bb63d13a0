// Tallies of ranked ballots. Decisions use exact integer or rational arithmetic;
// `display` numbers in rounds are for printing only.
//
// Conventions (documented because results depend on them):
// - Unranked candidates rank below every ranked one, tied with each other.
// - IRV and STV: a ballot counts for its highest-ranked continuing candidate; if
//   that rank is a tie between continuing candidates, the ballot is exhausted.
// - IRV stops when a candidate holds a majority of the continuing ballots.
//   Elimination ties: the candidate with fewer votes in the earliest round that
//   separates them, then the higher candidate number (a fixed, recorded rule).
// - STV: Droop quota floor(valid/(seats+1))+1; Gregory fractional transfer of
//   every ballot of an elected candidate at surplus/total.
// - Schulze: winning votes; the ranking orders candidates by the strongest-path
//   relation, tie classes where neither beats the other.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <string>
#include <vector>

#include "engine/tally/profile.hpp"

namespace yishi::tally {

struct Round {
  std::map<Candidate, double> tallies;  // display only
  double exhausted = 0;
  std::vector<Candidate> elected;
  std::vector<Candidate> eliminated;
};

struct OrdinalResult {
  std::string method;
  std::vector<Candidate> winners;
  std::vector<std::vector<Candidate>> ranking;        // tie classes, best first
  std::vector<Round> rounds;                          // IRV, STV
  std::vector<std::vector<std::uint64_t>> pairwise;   // Schulze: d[i][j], i preferred to j
  std::vector<std::vector<std::uint64_t>> strongest;  // Schulze: p[i][j]
};

OrdinalResult schulze(const Profile& p);
OrdinalResult plurality(const Profile& p);
OrdinalResult instant_runoff(const Profile& p);
std::expected<OrdinalResult, std::string> single_transferable_vote(const Profile& p, int seats);

}  // namespace yishi::tally
