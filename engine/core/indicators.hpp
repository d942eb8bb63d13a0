// The standard indicators of implementation (可量化、可操作、可考核): on time, on
// budget, residents' satisfaction, for each task and summed per responsible body
// and per funding mechanism, the record a community consults before it buys a
// service from a body again. Pure: computed from the state and a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "engine/core/state.hpp"

namespace yishi::engine {

struct TaskIndicators {
  // Judged once the task is completed; before that, nothing is claimed.
  std::optional<bool> on_time;                     // every milestone delivered by its due date
  std::optional<bool> on_budget;                   // spent no more than the budget
  std::optional<std::int64_t> satisfaction_milli;  // the survey's mean score × 1000
  // Where the mean lies on the survey's own scale, 0 (lowest) to 1000 (highest):
  // comparable between surveys on different scales.
  std::optional<std::int64_t> satisfaction_share_milli;
  std::int64_t score_min = 0, score_max = 0;
};
TaskIndicators task_indicators(const Task& t);

// Sums over a group of tasks (a responsible body, a funding mechanism).
struct IndicatorTotals {
  std::uint32_t tasks = 0;        // decision tasks and sub-tasks assigned to the group
  std::uint32_t completed = 0;    // completed or evaluated
  std::uint32_t on_time = 0;      // of the completed
  std::uint32_t on_budget = 0;    // of the completed
  std::uint32_t overdue_now = 0;  // open tasks with an overdue milestone at `now`
  std::uint32_t stalled_now = 0;
  std::uint32_t evaluated = 0;
  std::int64_t satisfaction_milli_sum = 0;  // over the evaluated, for the mean
  std::int64_t satisfaction_share_milli_sum = 0;
  // The mean score is meaningful only when every survey used one scale.
  bool mixed_scales = false;
  std::int64_t score_min = 0, score_max = 0;
  std::int64_t budget = 0, spent = 0;
  std::uint32_t complaints = 0;  // residents' reports triaged to the group's tasks
};

struct Indicators {
  std::map<MemberId, IndicatorTotals> by_body;
  std::map<Funding, IndicatorTotals> by_funding;
  IndicatorTotals community;
};
Indicators indicators(const State& s, Timestamp now);

// Residents' reports triaged to each task (complaints about its delivery), in
// one pass over the reports.
std::map<TaskId, std::uint32_t> complaints_by_task(const State& s);

}  // namespace yishi::engine
