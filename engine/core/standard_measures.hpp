// The community's declared indicators, computed: each IndicatorStandard's
// formula over the measures of a period, compared with its target. The measures
// are counts read from the record (the state the events built), each
// attributed to a period by a time the events carry: a task by its completion,
// a report by its filing, a referral by its reply's due date, a notice by its
// publication. Pure: the state, the period and nothing else.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/rejection.hpp"
#include "engine/core/standing_rules.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

// Every measure a formula may name, with what it counts.
struct MeasureInfo {
  std::string_view name;
  std::string_view counts;
};
std::span<const MeasureInfo> measure_catalogue();

// A formula parsed into reverse Polish notation: numbers (thousandths) and
// measure indices, then operators.
struct Formula {
  struct Step {
    enum class Kind : std::uint8_t { number, measure, add, subtract, multiply, divide } kind;
    std::int64_t value = 0;  // thousandths for a number; catalogue index for a measure
  };
  std::vector<Step> steps;
};
// Refuses an unknown name, a number with more than 9 integer digits or 3
// decimals, unbalanced parentheses, a formula longer than kMaxFormulaChars; the
// message says which and where.
std::expected<Formula, std::string> parse_formula(std::string_view text);

// Every entry of both lists well-formed, names unique within their standard,
// formulas parsed, targets in bounds. The rejection names the entry
// ("rulebook.standards[2].formula").
std::optional<Rejection> check_standing_rules(const std::vector<Responsibility>& responsibilities,
                                              const std::vector<IndicatorStandard>& standards);

struct Period {
  Timestamp from = 0;  // inclusive
  Timestamp to = 0;    // exclusive; open tasks are judged overdue at `to`
};

// Whose record: the whole community's, or the tasks of one responsible body or one
// funding mechanism (the record a community reads before it buys a service from that
// body again). A scope narrows the task measures (tasks_*, budget, spent,
// satisfaction_share, complaints); the others stay the community's.
struct MeasureScope {
  std::optional<MemberId> body;
  std::optional<Funding> funding;
  bool covers(const Task& t) const {
    return (!body || t.body == *body) && (!funding || t.funding == *funding);
  }
};

// The measures of one period, indexed like measure_catalogue().
std::vector<std::int64_t> measures(const State& s, const Period& period,
                                   const MeasureScope& scope = {});

// A formula's value in thousandths, or nullopt when it divides by zero (no data
// in the period: nothing is claimed).
std::optional<std::int64_t> evaluate(const Formula& formula,
                                     const std::vector<std::int64_t>& measures);

struct IndicatorValue {
  const IndicatorStandard* standard = nullptr;
  std::optional<std::int64_t> value_milli;
  std::optional<bool> met;  // nullopt with the value
};
// Every declared indicator, in its order, over measures already counted.
std::vector<IndicatorValue> indicator_values(const std::vector<IndicatorStandard>& standards,
                                             const std::vector<std::int64_t>& measures);
// The same for the rulebook's indicators over one period.
std::vector<IndicatorValue> indicator_values(const State& s, const Period& period,
                                             const MeasureScope& scope = {});

// When the record begins: the earliest proposal, task, report or notice (0 if none).
Timestamp record_start(const State& s);

// Calendar periods in the community's UTC offset, from the community's first
// event to `now`: months, quarters or years (the last one ends at `now`).
enum class PeriodLength : std::uint8_t { month, quarter, year };
std::optional<PeriodLength> parse_period_length(std::string_view text);
std::vector<Period> calendar_periods(Timestamp first, Timestamp now, PeriodLength length,
                                     std::int32_t utc_offset_minutes);

}  // namespace yishi::engine
