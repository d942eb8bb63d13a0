// `yishi tasks DB [--at TIME]`: the responsibility list (责任清单) with each
// task's progress, overdue milestones and stall, and the indicators per task,
// responsible body and funding mechanism, as they stood at TIME (default now);
// `yishi standards DB [--at TIME] [--by month|quarter|year]`: the community's
// declared indicators over time.
#include <fmt/format.h>

#include <expected>
#include <utility>

#include "commands.hpp"
#include "engine/service/reports.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/implementation_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::cli {

namespace {

// The state as the log stood at `at` (default now), and that time; prints the
// error and gives the exit code otherwise.
std::expected<std::pair<engine::State, engine::Timestamp>, int> state_then(const char* command,
                                                                           const std::string& db,
                                                                           const std::string& at) {
  engine::Timestamp now = wall_clock_now();
  if (!at.empty()) {
    auto t = wire::parse_time(at);
    if (!t) {
      fmt::print(stderr, "yishi {}: --at is a time like 2026-06-20T09:00:00+08:00, not \"{}\"\n",
                 command, at);
      return std::unexpected(kExitBadInput);
    }
    now = *t;
  }
  auto store = store::EventStore::inspect(db);
  if (!store) {
    fmt::print(stderr, "yishi {}: {}\n", command, store.error().message);
    return std::unexpected(kExitStorage);
  }
  auto past = service::state_at(**store, service::LogPoint{std::nullopt, now});
  if (!past) {
    fmt::print(stderr, "yishi {}: {}\n", command, past.error());
    return std::unexpected(kExitStorage);
  }
  return std::pair{std::move(past->state), now};
}

}  // namespace

int run_tasks(const std::string& db, const std::string& at) {
  auto then = state_then("tasks", db, at);
  if (!then) return then.error();
  fmt::print("{}\n", wire::dump(wire::responsibility_list_json(then->first, then->second)));
  return kExitOk;
}

int run_standards(const std::string& db, const std::string& at, const std::string& by,
                  const std::string& body, const std::string& funding) {
  const auto length = engine::parse_period_length(by);
  if (!length) {
    fmt::print(stderr, "yishi standards: --by is month, quarter or year, not \"{}\"\n", by);
    return kExitBadInput;
  }
  engine::MeasureScope scope;
  if (!body.empty()) scope.body = body;
  if (!funding.empty()) {
    scope.funding = engine::parse_funding(funding);
    if (!scope.funding) {  // "none" is refused too: it is no mechanism
      fmt::print(stderr, "yishi standards: --funding is one of {}, not \"{}\"\n",
                 engine::kFundingChoices, funding);
      return kExitBadInput;
    }
  }
  auto then = state_then("standards", db, at);
  if (!then) return then.error();
  if (scope.body && !then->first.members.contains(*scope.body)) {
    fmt::print(stderr, "yishi standards: --body {} is not a member of this community\n",
               *scope.body);
    return kExitBadInput;
  }
  fmt::print("{}\n", wire::dump(wire::standards_json(then->first, then->second, *length, scope)));
  return kExitOk;
}

}  // namespace yishi::cli
