#include "engine/core/indicators.hpp"

#include "engine/core/task_status.hpp"

namespace yishi::engine {

TaskIndicators task_indicators(const Task& t) {
  TaskIndicators out;
  if (t.phase == TaskPhase::completed || t.phase == TaskPhase::evaluated) {
    bool on_time = true;
    for (const Milestone& m : t.milestones) on_time = on_time && m.delivered_at <= m.due;
    out.on_time = on_time;
    out.on_budget = t.spent <= t.budget;
  }
  if (t.evaluation) {
    out.satisfaction_milli = t.evaluation->satisfaction_milli;
    out.score_min = t.evaluation->score_min;
    out.score_max = t.evaluation->score_max;
    const std::int64_t range = out.score_max - out.score_min;
    out.satisfaction_share_milli =
        range <= 0 ? 1000 : (t.evaluation->satisfaction_milli - out.score_min * 1000) / range;
  }
  return out;
}

namespace {

void add(IndicatorTotals& totals, const State& s, const Task& t, Timestamp now,
         std::uint32_t complaints) {
  const TaskIndicators ind = task_indicators(t);
  totals.complaints += complaints;
  const TaskStatus status = task_status(s, t, now);
  totals.tasks += 1;
  totals.budget += t.budget;
  totals.spent += t.spent;
  if (ind.on_time) {
    totals.completed += 1;
    totals.on_time += *ind.on_time ? 1 : 0;
    totals.on_budget += *ind.on_budget ? 1 : 0;
  }
  totals.overdue_now += status.overdue ? 1 : 0;
  totals.stalled_now += status.stalled ? 1 : 0;
  if (ind.satisfaction_milli) {
    if (totals.evaluated > 0 &&
        (totals.score_min != ind.score_min || totals.score_max != ind.score_max)) {
      totals.mixed_scales = true;
    }
    totals.score_min = ind.score_min;
    totals.score_max = ind.score_max;
    totals.evaluated += 1;
    totals.satisfaction_milli_sum += *ind.satisfaction_milli;
    totals.satisfaction_share_milli_sum += *ind.satisfaction_share_milli;
  }
}

}  // namespace

Indicators indicators(const State& s, Timestamp now) {
  const std::map<TaskId, std::uint32_t> complaints = complaints_by_task(s);
  Indicators out;
  for (const auto& [id, t] : s.tasks) {
    if (t.phase == TaskPhase::cancelled) continue;
    const std::uint32_t c = complaints.contains(id) ? complaints.at(id) : 0;
    add(out.community, s, t, now, c);
    if (!t.body.empty()) add(out.by_body[t.body], s, t, now, c);
    if (t.funding != Funding::none) add(out.by_funding[t.funding], s, t, now, c);
  }
  return out;
}

std::map<TaskId, std::uint32_t> complaints_by_task(const State& s) {
  std::map<TaskId, std::uint32_t> out;
  for (const auto& [id, r] : s.reports) {
    if (r.triage == Triage::task) ++out[r.target];
  }
  return out;
}

}  // namespace yishi::engine
