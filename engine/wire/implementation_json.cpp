#include "engine/wire/implementation_json.hpp"

#include "engine/core/indicators.hpp"
#include "engine/core/task_status.hpp"
#include "engine/wire/state_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::wire {
namespace {

using json = nlohmann::ordered_json;

json optional_json(const auto& v) {
  return v ? json(*v) : json(nullptr);
}

json totals_json(const engine::IndicatorTotals& t) {
  const auto share = [](std::uint32_t part, std::uint32_t whole) {
    return whole == 0 ? json(nullptr) : json(static_cast<double>(part) / whole);
  };
  return {{"tasks", t.tasks},
          {"completed", t.completed},
          {"on_time_rate", share(t.on_time, t.completed)},
          {"on_budget_rate", share(t.on_budget, t.completed)},
          {"overdue_now", t.overdue_now},
          {"stalled_now", t.stalled_now},
          {"evaluated", t.evaluated},
          {"satisfaction",
           t.evaluated == 0 || t.mixed_scales
               ? json(nullptr)
               : json(static_cast<double>(t.satisfaction_milli_sum) / (1000.0 * t.evaluated))},
          {"satisfaction_share", t.evaluated == 0
                                     ? json(nullptr)
                                     : json(static_cast<double>(t.satisfaction_share_milli_sum) /
                                            (1000.0 * t.evaluated))},
          {"budget", t.budget},
          {"spent", t.spent}};
}

}  // namespace

json responsibility_list_json(const engine::State& s, engine::Timestamp now) {
  json tasks = json::array();
  for (const auto& [id, t] : s.tasks) {
    json row = task_json(s, t);
    const engine::TaskStatus status = engine::task_status(s, t, now);
    row["overdue"] = status.overdue;
    row["overdue_milestones"] = status.overdue_milestones;
    row["stalled"] = status.stalled;
    row["stalled_since"] = status.stalled ? json(format_time(status.stalled_since)) : json(nullptr);
    const engine::TaskIndicators ind = engine::task_indicators(t);
    row["indicators"] = {
        {"on_time", optional_json(ind.on_time)},
        {"on_budget", optional_json(ind.on_budget)},
        {"satisfaction", ind.satisfaction_milli
                             ? json(static_cast<double>(*ind.satisfaction_milli) / 1000.0)
                             : json(nullptr)}};
    tasks.push_back(std::move(row));
  }
  const engine::Indicators all = engine::indicators(s, now);
  json by_body = json::object();
  for (const auto& [body, totals] : all.by_body) by_body[body] = totals_json(totals);
  json by_funding = json::object();
  for (const auto& [funding, totals] : all.by_funding) {
    by_funding[std::string(engine::to_string(funding))] = totals_json(totals);
  }
  // Two-way: replies awaited from the bodies matters were referred to.
  json referrals = json::array();
  for (const auto& [proposal, r] : s.referrals) {
    referrals.push_back(
        {{"proposal", proposal},
         {"body", r.body},
         {"due", format_time(r.due)},
         {"replied_at", r.replied_at ? json(format_time(r.replied_at)) : json(nullptr)},
         {"overdue", r.overdue_at(now)}});
  }
  return {{"at", format_time(now)},
          {"stall_days", s.rulebook.task_stall_after / engine::kDay},
          {"tasks", std::move(tasks)},
          {"referrals", std::move(referrals)},
          {"indicators",
           {{"community", totals_json(all.community)},
            {"by_body", std::move(by_body)},
            {"by_funding", std::move(by_funding)}}}};
}

}  // namespace yishi::wire
