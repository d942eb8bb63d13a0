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

// Thousandths as a JSON number: a whole count stays an integer (3, not 3.0).
json milli_json(std::int64_t milli) {
  if (milli % 1000 == 0) return json(milli / 1000);
  return json(static_cast<double>(milli) / 1000.0);
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
          {"complaints", t.complaints},
          {"budget", t.budget},
          {"spent", t.spent}};
}

json period_json(const engine::State& s, const engine::Period& period,
                 const engine::MeasureScope& scope) {
  // Counted once: the indicators are formulas over these same measures.
  const std::vector<std::int64_t> m = engine::measures(s, period, scope);
  json values = json::array();
  for (const engine::IndicatorValue& v : engine::indicator_values(s.rulebook.standards, m)) {
    values.push_back(
        {{"standard", v.standard->standard},
         {"name", v.standard->name},
         {"value", v.value_milli ? milli_json(*v.value_milli) : json()},
         {"target", engine::format_target(v.standard->comparison, v.standard->target_milli)},
         {"met", optional_json(v.met)}});
  }
  json measures = json::object();
  const auto catalogue = engine::measure_catalogue();
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    measures[std::string(catalogue[i].name)] = milli_json(m[i]);
  }
  return {{"from", format_time(period.from)},
          {"to", format_time(period.to)},
          {"indicators", std::move(values)},
          {"measures", std::move(measures)}};
}

}  // namespace

json standards_json(const engine::State& s, engine::Timestamp now, engine::PeriodLength length,
                    const engine::MeasureScope& scope) {
  json declared = json::array();
  for (const auto& st : s.rulebook.standards) {
    declared.push_back({{"standard", st.standard},
                        {"name", st.name},
                        {"formula", st.formula},
                        {"target", engine::format_target(st.comparison, st.target_milli)}});
  }
  const engine::Timestamp first = engine::record_start(s);
  json periods = json::array();
  for (const engine::Period& p :
       engine::calendar_periods(first, now, length, s.utc_offset_minutes)) {
    periods.push_back(period_json(s, p, scope));
  }
  const char* by = length == engine::PeriodLength::month     ? "month"
                   : length == engine::PeriodLength::quarter ? "quarter"
                                                             : "year";
  json scope_json = json::object();  // {}: the whole community
  if (scope.body) scope_json["body"] = *scope.body;
  if (scope.funding) scope_json["funding"] = std::string(engine::to_string(*scope.funding));
  return {{"at", format_time(now)},
          {"rulebook_version", s.rulebook.version},
          {"scope", std::move(scope_json)},
          {"declared", std::move(declared)},
          {"whole_record", first > 0 && first < now ? period_json(s, {first, now}, scope) : json()},
          {"by", by},
          {"periods", std::move(periods)}};
}

json responsibility_list_json(const engine::State& s, engine::Timestamp now) {
  const auto complaints = engine::complaints_by_task(s);
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
                             : json(nullptr)},
        {"complaints", complaints.contains(id) ? complaints.at(id) : 0u}};
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
  json standing = json::array();
  for (const auto& r : s.rulebook.responsibilities) {
    standing.push_back({{"matter", r.matter}, {"body", r.body}, {"duty", r.duty}});
  }
  return {{"at", format_time(now)},
          {"stall_days", s.rulebook.task_stall_after / engine::kDay},
          {"responsibilities", std::move(standing)},
          {"tasks", std::move(tasks)},
          {"referrals", std::move(referrals)},
          {"indicators",
           {{"community", totals_json(all.community)},
            {"by_body", std::move(by_body)},
            {"by_funding", std::move(by_funding)}}}};
}

}  // namespace yishi::wire
