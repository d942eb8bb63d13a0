// Ranked ballots as tallies see them: distinct ballots with their counts, so
// memory follows the number of distinct ballots, not of voters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace yishi::tally {

using Candidate = int;  // 0-based; printed 1-based, as in the source files

// Tie classes, most preferred first. Candidates not listed rank below every
// listed one, tied with each other.
struct RankedBallot {
  std::vector<std::vector<Candidate>> classes;
};

struct Profile {
  int candidates = 0;
  std::vector<std::string> names;
  std::vector<std::pair<RankedBallot, std::uint64_t>> ballots;
  std::uint64_t voters() const {
    std::uint64_t n = 0;
    for (const auto& [b, count] : ballots) n += count;
    return n;
  }
};

struct ParseError {
  std::size_t line = 0;  // 1-based; 0 when the file as a whole is wrong
  std::string message;
};

// PrefLib .soc/.soi/.toc/.toi (the extension given as `kind`), header counts checked.
std::expected<Profile, ParseError> parse_preflib(std::string_view text, std::string_view kind);
// Debian's tally sheets: "V: <ranks> <md5>", one rank character per option.
std::expected<Profile, ParseError> parse_debian_tally(std::string_view text);

}  // namespace yishi::tally
