#include "engine/core/task_status.hpp"

namespace yishi::engine {
namespace {

// Sub-tasks nest one level (decide_task refuses deeper), so this recursion is shallow.
std::uint32_t progress_of(const State& s, const Task& t) {
  if (t.phase == TaskPhase::completed || t.phase == TaskPhase::evaluated) return 100;
  if (t.subtasks.empty()) return t.percent;
  std::uint64_t weighted = 0, weights = 0;
  for (const TaskId& id : t.subtasks) {
    const Task* sub = s.task(id);
    if (!sub || sub->phase == TaskPhase::cancelled) continue;
    weighted += std::uint64_t{progress_of(s, *sub)} * sub->weight;
    weights += sub->weight;
  }
  return weights == 0 ? 0 : static_cast<std::uint32_t>(weighted / weights);
}

}  // namespace

TaskStatus task_status(const State& s, const Task& task, Timestamp now) {
  TaskStatus status;
  status.progress = progress_of(s, task);
  if (!task.open()) return status;
  for (const Milestone& m : task.milestones) {
    if (m.delivered_at == 0 && m.due < now) status.overdue_milestones.push_back(m.id);
  }
  status.overdue = !status.overdue_milestones.empty();
  if (task.phase == TaskPhase::in_progress) {
    const Timestamp last = std::max(task.started_at, task.last_report_at);
    status.stalled_since = last + s.rulebook.task_stall_after;
    status.stalled = now >= status.stalled_since;
  }
  return status;
}

}  // namespace yishi::engine
