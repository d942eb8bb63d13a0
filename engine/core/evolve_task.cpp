#include "engine/core/evolve_task.hpp"

namespace yishi::engine {
namespace {

// A tampered log may name a task that was never opened: ignore, never crash.
Task* find(State& s, const TaskId& id) {
  return find_value(s.tasks, id);
}

}  // namespace

void apply_task_event(State& s, const event::TaskOpened& e) {
  Task t;
  t.id = e.task;
  t.parent = e.parent;
  t.proposal = e.proposal;
  t.decided_at = e.decided_at;
  t.title = e.title;
  t.weight = e.weight;
  t.opened_at = e.at;
  s.tasks[e.task] = std::move(t);
  if (Task* parent = e.parent.empty() ? nullptr : find(s, e.parent)) {
    parent->subtasks.push_back(e.task);
  }
}

void apply_task_event(State& s, const event::TaskAssigned& e) {
  if (Task* t = find(s, e.task)) {
    t->body = e.body;
    t->funding = e.funding;
    t->budget = e.budget;
  }
}

void apply_task_event(State& s, const event::MilestoneAdded& e) {
  if (Task* t = find(s, e.task)) {
    t->milestones.push_back(Milestone{e.milestone, e.title, e.deliverable, e.due, 0});
  }
}

void apply_task_event(State& s, const event::TaskStarted& e) {
  if (Task* t = find(s, e.task)) {
    t->phase = TaskPhase::in_progress;
    t->started_at = e.at;
  }
}

void apply_task_event(State& s, const event::ProgressReported& e) {
  Task* t = find(s, e.task);
  if (!t) return;
  if (e.percent) t->percent = *e.percent;
  t->spent += e.spend;
  t->reports += 1;
  t->last_report_at = e.at;
  for (Milestone& m : t->milestones) {
    if (m.id == e.milestone) m.delivered_at = e.at;
  }
}

void apply_task_event(State& s, const event::TaskCompleted& e) {
  if (Task* t = find(s, e.task)) {
    t->phase = TaskPhase::completed;
    t->completed_at = e.at;
  }
}

void apply_task_event(State& s, const event::TaskEvaluated& e) {
  if (Task* t = find(s, e.task)) {
    t->phase = TaskPhase::evaluated;
    t->evaluation = e.evaluation;
  }
}

void apply_task_event(State& s, const event::TaskCancelled& e) {
  if (Task* t = find(s, e.task)) {
    t->phase = TaskPhase::cancelled;
    t->cancelled_by = e.decision;
    t->cancel_reason = e.reason;
  }
}

}  // namespace yishi::engine
