// What a task's record says at a given moment: its progress rolled up from its
// sub-tasks, whether it is overdue or stalled. Derived, never stored, so it can
// never disagree with the due dates, the reports and the clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/state.hpp"

namespace yishi::engine {

struct TaskStatus {
  std::uint32_t progress = 0;                   // percent; sub-tasks weigh in by their weight
  std::vector<std::string> overdue_milestones;  // due before `now`, not delivered
  bool overdue = false;                         // an open task with an overdue milestone
  bool stalled = false;  // in progress, no report for the rulebook's task_stall_days
  Timestamp stalled_since = 0;
};

TaskStatus task_status(const State& s, const Task& task, Timestamp now);

}  // namespace yishi::engine
