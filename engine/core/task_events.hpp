// Events of implementation tasks. None names a meeting or ballot field, so all
// of them travel on the community stream (streams.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/tagged.hpp"
#include "engine/core/task.hpp"

namespace yishi::engine::event {

// A decision's task (parent "") when its proposal is adopted, or a sub-task.
struct TaskOpened {
  TaskId task;
  TaskId parent;
  ProposalId proposal;
  std::string decided_at;  // the meeting or poll that adopted the proposal
  std::string title;
  std::uint32_t weight = 1;
  Timestamp at = 0;
  YISHI_EVENT(TaskOpened, "task.opened", 1);
};
// The responsibility list's entry for this task: who, how paid, how much.
struct TaskAssigned {
  TaskId task;
  MemberId body;
  Funding funding = Funding::none;
  std::int64_t budget = 0;
  YISHI_EVENT(TaskAssigned, "task.assigned", 1);
};
struct MilestoneAdded {
  TaskId task;
  std::string milestone;
  std::string title;
  std::string deliverable;
  Timestamp due = 0;
  YISHI_EVENT(MilestoneAdded, "task.milestone_added", 1);
};
struct TaskStarted {
  TaskId task;
  Timestamp at = 0;
  YISHI_EVENT(TaskStarted, "task.started", 1);
};
// A progress report by the responsible body. `percent` is absent for a task
// whose progress is rolled up from its sub-tasks; `milestone` names one
// delivered with this report ("" for none); attachments are SHA-256 hashes of
// files kept elsewhere, so the log proves which file was meant.
struct ProgressReported {
  TaskId task;
  Timestamp at = 0;
  std::optional<std::uint32_t> percent;
  std::int64_t spend = 0;
  std::string note;
  std::string milestone;
  std::vector<std::string> attachments;
  YISHI_EVENT(ProgressReported, "task.progress_reported", 1);
};
struct TaskCompleted {
  TaskId task;
  Timestamp at = 0;
  YISHI_EVENT(TaskCompleted, "task.completed", 1);
};
struct TaskEvaluated {
  TaskId task;
  Evaluation evaluation;
  YISHI_EVENT(TaskEvaluated, "task.evaluated", 1);
};
struct TaskCancelled {
  TaskId task;
  ProposalId decision;
  std::string reason;
  YISHI_EVENT(TaskCancelled, "task.cancelled", 1);
};

}  // namespace yishi::engine::event
