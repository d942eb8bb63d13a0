#include "engine/core/decision_rules.hpp"

#include <fmt/format.h>

namespace yishi::engine {
namespace {
std::string describe(const Fraction& f) {
  return fmt::format("{}{}/{}", f.strict ? "more than " : "at least ", f.num, f.den);
}
}  // namespace

RuleOutcome apply_threshold(const ThresholdRule& rule, const YesNoCount& c) {
  RuleOutcome out;
  if (rule.participation && !rule.participation->met(c.cast(), c.electorate)) {
    out.participation_met = false;
    out.explanation = fmt::format("participation {} of {} is short of {}", c.cast(), c.electorate,
                                  describe(*rule.participation));
    return out;
  }
  const std::uint64_t base = rule.base == ThresholdBase::electorate ? c.electorate
                             : rule.abstentions_in_base             ? c.cast()
                                                                    : c.yes + c.no;
  // Fraction::met() refuses an empty base: nobody voting never passes anything.
  out.passed = rule.fraction.met(c.yes, base);
  out.explanation = fmt::format("{} yes of {} ({}): {}", c.yes, base, describe(rule.fraction),
                                out.passed ? "passed" : "failed");
  return out;
}

RuleOutcome apply_double_majority(const DoubleMajorityRule& rule, const YesNoCount& owners,
                                  const YesNoCount& area) {
  RuleOutcome out;
  const bool owners_took_part = rule.participation.met(owners.cast(), owners.electorate);
  const bool area_took_part = rule.participation.met(area.cast(), area.electorate);
  if (!owners_took_part || !area_took_part) {
    out.participation_met = false;
    out.explanation = fmt::format(
        "participation: owners {} of {}, area {} of {}; art. 278 needs {} of both", owners.cast(),
        owners.electorate, area.cast(), area.electorate, describe(rule.participation));
    return out;
  }
  const bool by_owners = rule.approval.met(owners.yes, owners.cast());
  const bool by_area = rule.approval.met(area.yes, area.cast());
  out.passed = by_owners && by_area;
  out.explanation =
      fmt::format("approval {} of participants: owners {} of {} ({}), area {} of {} ({})",
                  describe(rule.approval), owners.yes, owners.cast(), by_owners ? "met" : "not met",
                  area.yes, area.cast(), by_area ? "met" : "not met");
  return out;
}

}  // namespace yishi::engine
