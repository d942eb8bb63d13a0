// Decision rules for yes/no questions, in exact integer arithmetic. Counts are
// weights: people, households, or area in hundredths of m².
//
//   threshold      passed when `yes` meets the fraction of the base: the votes
//                  cast (yes + no, plus abstentions when they count) or the whole
//                  electorate; an optional participation quorum of the electorate.
//   double majority (PRC Civil Code art. 278, owners' decisions): participation by
//                  ≥ 2/3 of the area and ≥ 2/3 of the owners; approval by > 1/2
//                  (major matters: ≥ 3/4) of the participating area AND of the
//                  participating owners. Abstainers participate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/core/rulebook.hpp"

namespace yishi::engine {

struct YesNoCount {
  std::uint64_t yes = 0;
  std::uint64_t no = 0;
  std::uint64_t abstain = 0;
  std::uint64_t electorate = 0;  // everyone entitled to vote, by the same weight
  std::uint64_t cast() const { return yes + no + abstain; }
};

enum class ThresholdBase : std::uint8_t { votes_cast, electorate };

struct ThresholdRule {
  Fraction fraction{1, 2, true};
  ThresholdBase base = ThresholdBase::votes_cast;
  bool abstentions_in_base = false;       // "of votes cast" with abstentions counted as cast
  std::optional<Fraction> participation;  // share of the electorate that must vote
};

struct RuleOutcome {
  bool participation_met = true;
  bool passed = false;
  std::string explanation;  // which condition decided it, for minutes and results
};

RuleOutcome apply_threshold(const ThresholdRule& rule, const YesNoCount& count);

struct DoubleMajorityRule {
  Fraction participation{2, 3, false};
  Fraction approval{1, 2, true};  // major matters: {3, 4, false}
  static DoubleMajorityRule ordinary() { return {}; }
  static DoubleMajorityRule major() { return {{2, 3, false}, {3, 4, false}}; }
};

RuleOutcome apply_double_majority(const DoubleMajorityRule& rule, const YesNoCount& owners,
                                  const YesNoCount& area);

}  // namespace yishi::engine
