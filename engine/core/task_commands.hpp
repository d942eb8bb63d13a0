// Commands of implementation tasks: the convener draws up the responsibility
// list, the responsible body reports, the residents' survey evaluates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/tagged.hpp"
#include "engine/core/task.hpp"

namespace yishi::engine::command {

struct AssignTask {
  TaskId task;
  MemberId body;
  Funding funding = Funding::none;
  std::int64_t budget = 0;
  YISHI_COMMAND(AssignTask, "task.assign", Role::convener);
};
struct AddMilestone {
  TaskId task;
  std::string milestone;
  std::string title;
  std::string deliverable;
  Timestamp due = 0;
  YISHI_COMMAND(AddMilestone, "task.add_milestone", Role::convener);
};
struct AddSubtask {
  TaskId task;
  TaskId subtask;
  std::string title;
  std::uint32_t weight = 1;
  YISHI_COMMAND(AddSubtask, "task.add_subtask", Role::convener);
};
struct StartTask {
  TaskId task;
  YISHI_COMMAND(StartTask, "task.start", Role::responsible_body);
};
struct ReportProgress {
  TaskId task;
  std::optional<std::uint32_t> percent;
  std::int64_t spend = 0;
  std::string note;
  std::string milestone = {};
  std::vector<std::string> attachments = {};
  YISHI_COMMAND(ReportProgress, "task.report", Role::responsible_body);
};
struct CompleteTask {
  TaskId task;
  YISHI_COMMAND(CompleteTask, "task.complete", Role::responsible_body);
};
struct EvaluateTask {
  TaskId task;
  std::string survey;  // a tallied score poll
  YISHI_COMMAND(EvaluateTask, "task.evaluate", Role::convener);
};
struct CancelTask {
  TaskId task;
  ProposalId decision;  // another adopted proposal: only a new decision cancels
  std::string reason;
  YISHI_COMMAND(CancelTask, "task.cancel", Role::convener);
};

}  // namespace yishi::engine::command
