#include "engine/wire/exports.hpp"

#include <fmt/format.h>

#include "engine/core/indicators.hpp"
#include "engine/core/task_status.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::wire {
namespace {

using json = nlohmann::ordered_json;

json optional_json(const auto& v) {
  return v ? json(*v) : json(nullptr);
}
json time_or_null(engine::Timestamp t) {
  return t ? json(format_time(t)) : json(nullptr);
}

std::string where_decided(const engine::Proposal& p) {
  if (const auto* a = std::get_if<engine::phase::Adopted>(&p.phase)) return a->meeting;
  if (const auto* r = std::get_if<engine::phase::Rejected>(&p.phase)) return r->meeting;
  return "";
}

Table proposals(const engine::State& s) {
  Table t{{"proposal", "kind", "state", "author", "title", "category", "estimated_cost",
           "supporters", "drafted_at"},
          {}};
  for (const auto& [id, p] : s.proposals) {
    t.rows.push_back({id, engine::to_string(p.kind), engine::phase_name(p.phase), p.author, p.title,
                      p.category, p.estimated_cost, p.supporters.size(),
                      format_time(p.drafted_at)});
  }
  return t;
}

Table decisions(const engine::State& s) {
  Table t{{"proposal", "outcome", "decided_at", "title", "task", "task_state"}, {}};
  for (const auto& [id, p] : s.proposals) {
    const bool adopted = p.is<engine::phase::Adopted>();
    if (!adopted && !p.is<engine::phase::Rejected>()) continue;
    const engine::Task* task = s.task(id);
    t.rows.push_back({id, adopted ? "adopted" : "rejected", where_decided(p), p.title,
                      task ? json(task->id) : json(nullptr),
                      task ? json(engine::to_string(task->phase)) : json(nullptr)});
  }
  return t;
}

Table votes(const engine::State& s) {
  Table t{{"ballot", "meeting", "question", "kind", "method", "secrecy", "weighting", "state",
           "eligible", "participants", "yes", "no", "abstain", "passed", "winners"},
          {}};
  for (const auto& [id, b] : s.ballots) {
    json yes = nullptr, no = nullptr, abstain = nullptr, winners = nullptr;
    if (b.totals) {
      yes = b.totals->yes;
      no = b.totals->no;
      abstain = b.totals->abstain;
      std::string list;
      for (int w : b.totals->winners)
        list += (list.empty() ? "" : " ") + std::to_string(option_number(w));
      winners = list;
    }
    t.rows.push_back({id, b.meeting, b.question, engine::to_string(b.spec.kind),
                      engine::to_string(b.spec.method), engine::to_string(b.secrecy),
                      engine::to_string(b.weighting),
                      b.phase == engine::BallotPhase::open ? "open" : "tallied", b.eligible.size(),
                      b.participants.size(), yes, no, abstain, optional_json(b.passed), winners});
  }
  return t;
}

Table tasks(const engine::State& s, engine::Timestamp now) {
  Table t{{"task", "parent", "proposal", "title", "state", "body", "funding", "budget", "spent",
           "progress", "milestones", "milestones_delivered", "overdue", "stalled", "started_at",
           "completed_at", "on_time", "on_budget", "satisfaction"},
          {}};
  for (const auto& [id, task] : s.tasks) {
    const engine::TaskStatus status = engine::task_status(s, task, now);
    const engine::TaskIndicators ind = engine::task_indicators(task);
    std::size_t delivered = 0;
    for (const auto& m : task.milestones) delivered += m.delivered_at != 0 ? 1 : 0;
    t.rows.push_back(
        {id, task.parent, task.proposal, task.title, engine::to_string(task.phase), task.body,
         engine::to_string(task.funding), task.budget, task.spent, status.progress,
         task.milestones.size(), delivered, status.overdue, status.stalled,
         time_or_null(task.started_at), time_or_null(task.completed_at), optional_json(ind.on_time),
         optional_json(ind.on_budget),
         ind.satisfaction_milli ? json(static_cast<double>(*ind.satisfaction_milli) / 1000.0)
                                : json(nullptr)});
  }
  return t;
}

Table indicator_table(const engine::State& s, engine::Timestamp now) {
  Table t{{"group", "name", "tasks", "completed", "on_time", "on_budget", "overdue_now",
           "stalled_now", "evaluated", "satisfaction", "satisfaction_share", "budget", "spent"},
          {}};
  const engine::Indicators all = engine::indicators(s, now);
  const auto row = [&](std::string group, std::string name, const engine::IndicatorTotals& x) {
    t.rows.push_back(
        {std::move(group), std::move(name), x.tasks, x.completed, x.on_time, x.on_budget,
         x.overdue_now, x.stalled_now, x.evaluated,
         x.evaluated && !x.mixed_scales
             ? json(static_cast<double>(x.satisfaction_milli_sum) / (1000.0 * x.evaluated))
             : json(nullptr),
         x.evaluated
             ? json(static_cast<double>(x.satisfaction_share_milli_sum) / (1000.0 * x.evaluated))
             : json(nullptr),
         x.budget, x.spent});
  };
  row("community", s.community, all.community);
  for (const auto& [body, x] : all.by_body) row("body", body, x);
  for (const auto& [funding, x] : all.by_funding)
    row("funding", std::string(engine::to_string(funding)), x);
  return t;
}

std::string csv_cell(const json& v) {
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  std::string text = v.is_string() ? v.get<std::string>() : v.dump();
  // A text a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
  // gets a leading apostrophe, as OWASP advises: the data stays readable, the
  // cell stays text. Numbers are written by us and never start so (but -1 does).
  if (v.is_string() && !text.empty() &&
      std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) {
    text.insert(0, 1, '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

std::expected<Table, std::string> export_table(const engine::State& s, const std::string& name,
                                               engine::Timestamp now) {
  if (name == "proposals") return proposals(s);
  if (name == "decisions") return decisions(s);
  if (name == "votes") return votes(s);
  if (name == "tasks") return tasks(s, now);
  if (name == "indicators") return indicator_table(s, now);
  return std::unexpected(fmt::format("no table '{}'; the tables are {}", name, kExportTables));
}

std::string to_csv(const Table& table) {
  std::string out;
  const auto line = [&](const auto& cells, auto&& cell) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += cell(cells[i]);
    }
    out += "\r\n";
  };
  line(table.columns, [](const std::string& c) { return c; });
  for (const auto& row : table.rows) line(row, csv_cell);
  return out;
}

json to_json(const Table& table) {
  json out = json::array();
  for (const auto& row : table.rows) {
    json object = json::object();
    for (std::size_t i = 0; i < table.columns.size(); ++i) object[table.columns[i]] = row[i];
    out.push_back(std::move(object));
  }
  return out;
}

}  // namespace yishi::wire
