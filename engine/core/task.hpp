// Implementation (落实): the task an adopted decision opens, and the
// responsibility list (责任清单) that says who delivers it, how it is paid for,
// what is delivered by when, and how it went.
//
//   planned ──start──▶ in_progress ──complete──▶ completed ──evaluate──▶ evaluated
//      └──────────────────┴──cancel (by a later adopted decision)──▶ cancelled
//
// Overdue and stalled are not states: they are read from the due dates, the
// last report and the clock (task_status), so they can never disagree with them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/types.hpp"

namespace yishi::engine {

using TaskId = std::string;

enum class TaskPhase : std::uint8_t { planned, in_progress, completed, evaluated, cancelled };
std::string_view to_string(TaskPhase phase);

// How the work is paid for (the source text's three ways of linking services,
// plus the community's own money and volunteers).
enum class Funding : std::uint8_t {
  none,                  // not assigned yet
  government_purchase,   // 政府购买服务
  venture_fund,          // 公益创投
  facility_outsourcing,  // 设施项目外包
  community_funds,       // 社区资金
  volunteers,            // 志愿服务
};
std::string_view to_string(Funding funding);
std::optional<Funding> parse_funding(std::string_view text);
inline constexpr std::string_view kFundingChoices =
    "government_purchase, venture_fund, facility_outsourcing, community_funds, volunteers";

struct Milestone {
  std::string id;
  std::string title;
  std::string deliverable;  // what is handed over (可考核: something one can check)
  Timestamp due = 0;
  Timestamp delivered_at = 0;  // 0: not yet
  friend bool operator==(const Milestone&, const Milestone&) = default;
};

// The residents' verdict: a score poll (满意度测评) run through the voting engine.
struct Evaluation {
  std::string survey;  // the poll's ballot id
  std::uint64_t respondents = 0;
  std::int64_t score_min = 0, score_max = 0;
  std::int64_t satisfaction_milli = 0;  // the mean score × 1000
  friend bool operator==(const Evaluation&, const Evaluation&) = default;
};

inline constexpr std::uint32_t kMaxMilestones = 100;
inline constexpr std::uint32_t kMaxSubtasks = 100;
inline constexpr std::uint32_t kMaxAttachments = 20;
inline constexpr std::uint32_t kMaxTaskWeight = 1000;

struct Task {
  TaskId id;
  TaskId parent;           // a sub-task's task; "" for a decision's own task
  ProposalId proposal;     // the decision it carries out
  std::string decided_at;  // the meeting or poll that adopted it
  std::string title;
  std::uint32_t weight = 1;  // a sub-task's share of its parent's progress
  Timestamp opened_at = 0;

  MemberId body;  // the responsible body (责任单位), a member holding that role
  Funding funding = Funding::none;
  std::int64_t budget = 0;  // whole currency units
  std::vector<Milestone> milestones;
  std::vector<TaskId> subtasks;

  std::uint32_t percent = 0;  // as last reported (tasks without sub-tasks)
  std::int64_t spent = 0;     // the sum of reported spending
  std::uint32_t reports = 0;
  Timestamp started_at = 0;
  Timestamp last_report_at = 0;
  Timestamp completed_at = 0;
  std::optional<Evaluation> evaluation;
  ProposalId cancelled_by;  // the decision that cancelled it
  std::string cancel_reason;
  TaskPhase phase = TaskPhase::planned;

  bool open() const { return phase == TaskPhase::planned || phase == TaskPhase::in_progress; }
  const Milestone* milestone(std::string_view milestone_id) const;
  friend bool operator==(const Task&, const Task&) = default;
};

}  // namespace yishi::engine
