// The count of a ballot with options: its box turned into a tally profile
// (weights as counts) and handed to the method the ballot was opened with.
#pragma once

#include <string>

#include "engine/core/ballot.hpp"

namespace yishi::engine {

// `seed` is the revealed lot seed (empty when none was committed or revealed):
// it orders options tied across the last seat; without it such a tie stays
// unresolved and the tied options are not elected.
BallotTotals tally_options(const Ballot& b, const std::string& seed);

}  // namespace yishi::engine
