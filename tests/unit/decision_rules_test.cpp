// Threshold edge cases and the Civil Code art. 278 double majority.
#include <doctest/doctest.h>

#include "engine/core/decision_rules.hpp"

using namespace yishi::engine;

namespace {
ThresholdRule R(Fraction f, ThresholdBase base = ThresholdBase::votes_cast, bool abstain = false) {
  ThresholdRule r;
  r.fraction = f;
  r.base = base;
  r.abstentions_in_base = abstain;
  return r;
}
bool passes(ThresholdRule rule, std::uint64_t yes, std::uint64_t no, std::uint64_t abstain,
            std::uint64_t electorate = 100) {
  return apply_threshold(rule, {yes, no, abstain, electorate}).passed;
}
const Fraction kMoreThanHalf{1, 2, true};
const Fraction kHalfOrMore{1, 2, false};
const Fraction kTwoThirds{2, 3, false};
const Fraction kThreeQuarters{3, 4, false};
}  // namespace

TEST_CASE("more than half: a tie fails, one more passes; at least half: a tie passes") {
  CHECK_FALSE(passes(R(kMoreThanHalf), 10, 10, 0));
  CHECK(passes(R(kMoreThanHalf), 11, 10, 0));
  CHECK(passes(R(kHalfOrMore), 10, 10, 0));
  CHECK_FALSE(passes(R(kHalfOrMore), 9, 10, 0));
}

TEST_CASE("two thirds and three quarters, exactly on the line and one short") {
  CHECK(passes(R(kTwoThirds), 20, 10, 0));        // exactly 2/3
  CHECK_FALSE(passes(R(kTwoThirds), 19, 10, 0));  // 19/29 < 2/3
  CHECK(passes(R(kThreeQuarters), 30, 10, 0));    // exactly 3/4
  CHECK_FALSE(passes(R(kThreeQuarters), 29, 10, 0));
  CHECK_FALSE(passes(R({2, 3, true}), 20, 10, 0));  // more than 2/3: the line fails
}

TEST_CASE("zero votes never pass, and never divide by zero") {
  CHECK_FALSE(passes(R(kMoreThanHalf), 0, 0, 0));
  CHECK_FALSE(passes(R(kHalfOrMore), 0, 0, 5));
  CHECK_FALSE(passes(R(kHalfOrMore, ThresholdBase::electorate), 0, 0, 0, 0));
}

TEST_CASE("abstentions: excluded from the base, or counted as cast") {
  // 11 yes, 10 no, 5 abstain.
  CHECK(passes(R(kMoreThanHalf, ThresholdBase::votes_cast, false), 11, 10, 5));
  CHECK_FALSE(passes(R(kMoreThanHalf, ThresholdBase::votes_cast, true), 11, 10, 5));  // 11/26
}

TEST_CASE("thresholds of all members, and participation quorums") {
  // 40 yes of an electorate of 100: a majority of votes cast, not of members.
  CHECK(passes(R(kMoreThanHalf), 40, 10, 0));
  CHECK_FALSE(passes(R(kMoreThanHalf, ThresholdBase::electorate), 40, 10, 0));
  CHECK(passes(R(kMoreThanHalf, ThresholdBase::electorate), 51, 0, 0));
  ThresholdRule quorum = R(kMoreThanHalf);
  quorum.participation = Fraction{1, 2, false};
  const auto low = apply_threshold(quorum, {30, 10, 5, 100});  // 45 of 100 took part
  CHECK_FALSE(low.participation_met);
  CHECK_FALSE(low.passed);
  CHECK(apply_threshold(quorum, {30, 10, 10, 100}).passed);  // exactly half took part
}

TEST_CASE("art. 278: area passes while headcount fails, and the other way round") {
  const auto rule = DoubleMajorityRule::ordinary();
  // 90 owners, 9,000 m². Everyone takes part.
  // Large flats vote yes: area 6,000 of 9,000 yes, but only 30 of 90 owners.
  auto r = apply_double_majority(rule, {30, 60, 0, 90}, {6000, 3000, 0, 9000});
  CHECK(r.participation_met);
  CHECK_FALSE(r.passed);
  // Many small flats vote yes: 60 of 90 owners, but only 3,000 of 9,000 m².
  r = apply_double_majority(rule, {60, 30, 0, 90}, {3000, 6000, 0, 9000});
  CHECK_FALSE(r.passed);
  // Both: passes.
  CHECK(apply_double_majority(rule, {46, 44, 0, 90}, {4501, 4499, 0, 9000}).passed);
  // Exactly half of either fails the "more than half".
  CHECK_FALSE(apply_double_majority(rule, {45, 45, 0, 90}, {5000, 4000, 0, 9000}).passed);
}

TEST_CASE("art. 278: participation of two thirds of area and of owners") {
  const auto rule = DoubleMajorityRule::ordinary();
  // 60 of 90 owners (exactly 2/3) with 6,000 of 9,000 m² take part: enough.
  CHECK(apply_double_majority(rule, {40, 20, 0, 90}, {4000, 2000, 0, 9000}).participation_met);
  // 59 owners: not enough, whatever the area.
  const auto few = apply_double_majority(rule, {59, 0, 0, 90}, {8000, 0, 0, 9000});
  CHECK_FALSE(few.participation_met);
  CHECK_FALSE(few.passed);
  // Enough owners but only 5,999 m²: not enough.
  CHECK_FALSE(apply_double_majority(rule, {70, 0, 0, 90}, {5999, 0, 0, 9000}).participation_met);
}

TEST_CASE("art. 278 major matters need three quarters of both; abstainers take part") {
  const auto major = DoubleMajorityRule::major();
  CHECK(apply_double_majority(major, {60, 20, 0, 90}, {6000, 2000, 0, 9000}).passed);  // 3/4
  CHECK_FALSE(apply_double_majority(major, {59, 21, 0, 90}, {6000, 2000, 0, 9000}).passed);
  // Abstainers count among participants: 60 yes, 15 no, 10 abstaining is 60/85 < 3/4,
  // though 60 of the 75 who said yes or no would be 4/5.
  CHECK_FALSE(apply_double_majority(major, {60, 15, 10, 90}, {6000, 1500, 1000, 9000}).passed);
}
