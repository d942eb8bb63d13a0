#include "engine/core/decide_task.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/core/text.hpp"
#include "engine/core/validation.hpp"

// Implementation tasks. Every row is enforced below and tested.
//
//   command             issued by                 allowed when                    -> events
//   (adoption)          a meeting's vote          proposal adopted (not a rule      task.opened
//                                                 change), no task of that id yet
//   task.assign         convener                  planned; body holds the role      assigned
//                                                 responsible_body
//   task.add_milestone  convener                  planned; due after now            milestone_added
//   task.add_subtask    convener                  planned, not itself a sub-task    opened (parent)
//   task.start          the task's body           planned, assigned, ≥1 milestone   started
//   task.report         the task's body           in_progress; percent never falls; progress_
//                                                 no percent where sub-tasks roll   reported
//                                                 up; a milestone delivered once
//   task.complete       the task's body           in_progress; every milestone      completed
//                                                 delivered, every sub-task done,
//                                                 100 % (without sub-tasks)
//   task.evaluate       convener                  completed; the survey is a        evaluated
//                                                 tallied score poll
//   task.cancel         convener, reason          planned | in_progress; `decision`  cancelled
//                                                 is another adopted proposal        (+ its open
//                                                                                     sub-tasks)

namespace yishi::engine {
namespace {

using Events = std::vector<Event>;

// SHA-256 in hex: what an attachment is recorded as.
bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 && std::ranges::all_of(text, [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

class TaskDecider {
 public:
  TaskDecider(const State& s, const Context& ctx) : s_(s), ctx_(ctx) {}

  Decision operator()(const command::AssignTask& c) const {
    // Planned; or in progress when its body was erased (someone must carry it on).
    auto t = existing(c.task);
    if (!t) return std::unexpected(t.error());
    const Member* current = s_.member((*t)->body);
    const bool orphaned = (*t)->phase == TaskPhase::in_progress && current && current->erased;
    if ((*t)->phase != TaskPhase::planned && !orphaned) {
      return wrong_state(**t, "assigned", "planned (or in progress when its body was erased)");
    }
    const Member* body = s_.member(c.body);
    if (!body || body->erased) {
      return reject("unknown_member", "body", fmt::format("{} is not a member", c.body));
    }
    if (!body->roles.contains(Role::responsible_body)) {
      return reject("not_responsible", "body",
                    fmt::format("{} does not hold the role responsible_body", c.body));
    }
    if (c.funding == Funding::none) {
      return reject("invalid_field", "funding", fmt::format("one of {}", kFundingChoices));
    }
    if (c.budget < 0 || c.budget > kMaxEstimatedCost) {
      return reject("invalid_field", "budget",
                    fmt::format("a whole amount from 0 to {}", kMaxEstimatedCost));
    }
    return Events{event::TaskAssigned{c.task, c.body, c.funding, c.budget}};
  }

  Decision operator()(const command::AddMilestone& c) const {
    auto t = planned(c.task, "given milestones");
    if (!t) return std::unexpected(t.error());
    if (auto r = check_id("milestone", c.milestone)) return std::unexpected(*r);
    if ((*t)->milestone(c.milestone)) {
      return reject("duplicate_id", "milestone",
                    fmt::format("{} already has a milestone {}", c.task, c.milestone));
    }
    if ((*t)->milestones.size() >= kMaxMilestones) {
      return reject("invalid_field", "milestone",
                    fmt::format("a task has at most {} milestones", kMaxMilestones));
    }
    if (auto r = check_text("title", c.title, s_.rulebook.max_title_chars, true)) {
      return std::unexpected(*r);
    }
    // 可考核: a milestone names what is handed over, so it can be checked.
    if (auto r = check_text("deliverable", c.deliverable, s_.rulebook.max_reason_chars, true)) {
      return std::unexpected(*r);
    }
    if (c.due <= ctx_.now) {
      return reject("invalid_field", "due", "the due date must be in the future");
    }
    return Events{event::MilestoneAdded{c.task, c.milestone, c.title, c.deliverable, c.due}};
  }

  Decision operator()(const command::AddSubtask& c) const {
    auto t = planned(c.task, "split into sub-tasks");
    if (!t) return std::unexpected(t.error());
    if (!(*t)->parent.empty()) {
      return reject("invalid_field", "task",
                    fmt::format("{} is a sub-task; sub-tasks are not split further", c.task));
    }
    if (auto r = check_id("subtask", c.subtask)) return std::unexpected(*r);
    // A decision's task takes its proposal's id: a sub-task may take neither an
    // existing task's nor any proposal's, or that proposal's adoption would find
    // its id taken.
    if (s_.task(c.subtask) || s_.proposal(c.subtask)) {
      return reject("duplicate_id", "subtask",
                    fmt::format("{} is already a task or a proposal", c.subtask));
    }
    if ((*t)->subtasks.size() >= kMaxSubtasks) {
      return reject("invalid_field", "subtask",
                    fmt::format("a task has at most {} sub-tasks", kMaxSubtasks));
    }
    if (auto r = check_text("title", c.title, s_.rulebook.max_title_chars, true)) {
      return std::unexpected(*r);
    }
    if (c.weight == 0 || c.weight > kMaxTaskWeight) {
      return reject("invalid_field", "weight", fmt::format("from 1 to {}", kMaxTaskWeight));
    }
    return Events{event::TaskOpened{c.subtask, c.task, (*t)->proposal, (*t)->decided_at, c.title,
                                    c.weight, ctx_.now}};
  }

  Decision operator()(const command::StartTask& c) const {
    auto t = by_body(c.task);
    if (!t) return std::unexpected(t.error());
    if ((*t)->phase != TaskPhase::planned) return wrong_state(**t, "started", "planned");
    if ((*t)->milestones.empty()) {
      return reject("work_outstanding", "task",
                    fmt::format("{} has no milestone yet: what is delivered, by when", c.task));
    }
    return Events{event::TaskStarted{c.task, ctx_.now}};
  }

  Decision operator()(const command::ReportProgress& c) const {
    auto t = by_body(c.task);
    if (!t) return std::unexpected(t.error());
    const Task& task = **t;
    if (task.phase != TaskPhase::in_progress)
      return wrong_state(task, "reported on", "in_progress");
    if (c.percent) {
      if (!task.subtasks.empty()) {
        return reject("invalid_field", "percent",
                      fmt::format("{}'s progress is rolled up from its sub-tasks", c.task));
      }
      if (*c.percent > 100) return reject("invalid_field", "percent", "from 0 to 100");
      if (*c.percent < task.percent) {
        return reject(
            "invalid_field", "percent",
            fmt::format("{} reported {}% before; progress does not go back", c.task, task.percent));
      }
    }
    if (c.spend < 0 || c.spend > kMaxEstimatedCost - task.spent) {
      return reject(
          "invalid_field", "spend",
          fmt::format("a whole amount from 0; the total stays within {}", kMaxEstimatedCost));
    }
    if (auto r = check_text("note", c.note, s_.rulebook.max_summary_chars, true)) {
      return std::unexpected(*r);
    }
    if (!c.milestone.empty()) {
      const Milestone* m = task.milestone(c.milestone);
      if (!m) {
        return reject("unknown_milestone", "milestone",
                      fmt::format("{} has no milestone {}", c.task, c.milestone));
      }
      if (m->delivered_at != 0) {
        return reject("invalid_field", "milestone",
                      fmt::format("milestone {} was delivered already", c.milestone));
      }
    }
    if (c.attachments.size() > kMaxAttachments) {
      return reject("invalid_field", "attachments",
                    fmt::format("at most {} attachments", kMaxAttachments));
    }
    for (const std::string& a : c.attachments) {
      if (std::ranges::count(c.attachments, a) > 1) {
        return reject("invalid_field", "attachments", fmt::format("{} is listed twice", a));
      }
      if (!is_sha256_hex(a)) {
        return reject("invalid_field", "attachments",
                      "each attachment is the SHA-256 of its file, 64 lowercase hex digits");
      }
    }
    return Events{event::ProgressReported{c.task, ctx_.now, c.percent, c.spend, c.note, c.milestone,
                                          c.attachments}};
  }

  Decision operator()(const command::CompleteTask& c) const {
    auto t = by_body(c.task);
    if (!t) return std::unexpected(t.error());
    const Task& task = **t;
    if (task.phase != TaskPhase::in_progress) return wrong_state(task, "completed", "in_progress");
    for (const Milestone& m : task.milestones) {
      if (m.delivered_at == 0) {
        return reject("work_outstanding", "task",
                      fmt::format("milestone {} of {} is not delivered", m.id, c.task));
      }
    }
    for (const TaskId& id : task.subtasks) {
      const Task* sub = s_.task(id);
      if (sub && sub->open()) {
        return reject("work_outstanding", "task",
                      fmt::format("sub-task {} of {} is {}", id, c.task, to_string(sub->phase)));
      }
    }
    if (task.subtasks.empty() && task.percent < 100) {
      return reject("work_outstanding", "task",
                    fmt::format("{} last reported {}%; report 100% first", c.task, task.percent));
    }
    return Events{event::TaskCompleted{c.task, ctx_.now}};
  }

  Decision operator()(const command::EvaluateTask& c) const {
    auto t = existing(c.task);
    if (!t) return std::unexpected(t.error());
    if ((*t)->phase != TaskPhase::completed) return wrong_state(**t, "evaluated", "completed");
    const Ballot* b = s_.ballot(c.survey);
    if (!b) return reject("unknown_ballot", "survey", fmt::format("no ballot {}", c.survey));
    // The first option is the overall satisfaction; others (quality, timeliness)
    // are published with the poll but do not make the indicator.
    if (b->spec.kind != QuestionKind::score || b->spec.method != TallyMethod::score ||
        !b->meeting.empty()) {
      return reject("invalid_field", "survey",
                    fmt::format("{} is not a satisfaction survey: a poll whose options each "
                                "resident scores, the first being overall satisfaction",
                                c.survey));
    }
    if (!b->totals || b->totals->option_totals.empty()) {
      return reject("wrong_state", "survey",
                    fmt::format("the survey {} has not been tallied", c.survey));
    }
    // A survey of this work: it ran after the work was done, and someone answered.
    if (b->closes_at <= (*t)->completed_at) {
      return reject("invalid_field", "survey",
                    fmt::format("{} closed before {} was completed: survey the finished work",
                                c.survey, c.task));
    }
    if (b->participants.empty()) {
      return reject("invalid_field", "survey", fmt::format("nobody answered {}", c.survey));
    }
    Evaluation e;
    e.survey = c.survey;
    e.respondents = b->participants.size();
    e.score_min = b->spec.score_min;
    e.score_max = b->spec.score_max;
    // Totals are sums of scores; a weighted poll's sum is over weights, which
    // the counted ballots do not give, so only per-person polls are accepted.
    if (b->weighting != Weighting::person) {
      return reject("invalid_field", "survey", "a satisfaction survey counts one score per person");
    }
    // A score total is kept above score_min (ballot_tally.cpp): the mean is
    // score_min plus the total over the respondents.
    if (e.respondents > 0) {
      e.satisfaction_milli =
          e.score_min * 1000 +
          static_cast<std::int64_t>(b->totals->option_totals[0] * 1000 / e.respondents);
    }
    return Events{event::TaskEvaluated{c.task, e}};
  }

  Decision operator()(const command::CancelTask& c) const {
    auto t = existing(c.task);
    if (!t) return std::unexpected(t.error());
    if (!(*t)->open()) return wrong_state(**t, "cancelled", "planned or in_progress");
    const Proposal* decision = s_.proposal(c.decision);
    // Only a new decision undoes a decision (DESIGN §2).
    if (!decision || !decision->is<phase::Adopted>() || c.decision == (*t)->proposal ||
        decision->drafted_at < (*t)->opened_at) {
      return reject("not_adopted", "decision",
                    fmt::format("{} is not an adopted proposal drafted after {} opened; only a "
                                "new decision cancels it",
                                c.decision, c.task));
    }
    if (auto r = check_text("reason", c.reason, s_.rulebook.max_reason_chars, true)) {
      return std::unexpected(*r);
    }
    Events out{event::TaskCancelled{c.task, c.decision, c.reason}};
    for (const TaskId& id : (*t)->subtasks) {
      const Task* sub = s_.task(id);
      if (sub && sub->open()) out.emplace_back(event::TaskCancelled{id, c.decision, c.reason});
    }
    return out;
  }

 private:
  std::expected<const Task*, Rejection> existing(const TaskId& id) const {
    const Task* t = s_.task(id);
    if (!t) return reject("unknown_task", "task", fmt::format("no task {}", id));
    return t;
  }

  std::expected<const Task*, Rejection> planned(const TaskId& id, std::string_view verb) const {
    auto t = existing(id);
    if (t && (*t)->phase != TaskPhase::planned) return wrong_state(**t, verb, "planned");
    return t;
  }

  // The task, when the actor is its responsible body.
  std::expected<const Task*, Rejection> by_body(const TaskId& id) const {
    auto t = existing(id);
    if (!t) return t;
    if ((*t)->body.empty()) {
      return reject("not_responsible", "task",
                    fmt::format("{} has no responsible body yet (task.assign)", id));
    }
    if ((*t)->body != ctx_.actor) {
      return reject(
          "not_responsible", "task",
          fmt::format("only {}, the body responsible for {}, may do this", (*t)->body, id));
    }
    return t;
  }

  std::unexpected<Rejection> wrong_state(const Task& t, std::string_view verb,
                                         std::string_view allowed) const {
    return reject("wrong_state", "task",
                  fmt::format("{} is {}; it can be {} only when {}", t.id, to_string(t.phase), verb,
                              allowed));
  }

  const State& s_;
  const Context& ctx_;
};

}  // namespace

Decision decide_task(const State& s, const TaskCommand& command, const Context& ctx) {
  return std::visit(TaskDecider{s, ctx}, command);
}

std::optional<Event> task_for_adoption(const State& s, const ProposalId& proposal,
                                       const std::string& decided_at, Timestamp now) {
  const Proposal* p = s.proposal(proposal);
  // A rule change takes effect by itself (rulebook.installed): nothing to carry out.
  if (!p || p->kind == ProposalKind::rule_change || s.task(proposal)) return std::nullopt;
  return event::TaskOpened{proposal, "", proposal, decided_at, p->title, 1, now};
}

}  // namespace yishi::engine
