// A closed poll's published ballots in the open formats other tools read:
// PrefLib (.soc/.soi/.toc/.toi) for ranked and single-choice polls, Pabulib
// (.pb) for budgets and approval polls. `yishi tally` reads them back to the
// same result, which is what makes them useful to a reviewer.
#pragma once

#include <expected>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/ballot.hpp"

namespace yishi::wire {

struct PollFile {
  std::string extension;  // "toi", "pb", ...
  std::string text;
  std::string method;  // the `yishi tally --method` that re-counts it
};

// `counted`: the ballots as ballot.tallied published them (receipt, choice).
std::expected<PollFile, std::string> export_poll(
    const engine::Ballot& ballot,
    const std::vector<std::pair<std::string, engine::SealedChoice>>& counted,
    const std::string& community);

}  // namespace yishi::wire
