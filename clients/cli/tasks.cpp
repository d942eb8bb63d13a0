// `yishi tasks DB [--at TIME]`: the responsibility list (责任清单) with each
// task's progress, overdue milestones and stall, and the indicators per task,
// responsible body and funding mechanism, as they stood at TIME (default now).
#include <fmt/format.h>

#include "commands.hpp"
#include "engine/service/reports.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/implementation_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::cli {

int run_tasks(const std::string& db, const std::string& at) {
  engine::Timestamp now = wall_clock_now();
  if (!at.empty()) {
    auto t = wire::parse_time(at);
    if (!t) {
      fmt::print(stderr, "yishi tasks: --at is a time like 2026-06-20T09:00:00+08:00, not \"{}\"\n",
                 at);
      return kExitBadInput;
    }
    now = *t;
  }
  auto store = store::EventStore::inspect(db);
  if (!store) {
    fmt::print(stderr, "yishi tasks: {}\n", store.error().message);
    return kExitStorage;
  }
  auto past = service::state_at(**store, service::LogPoint{std::nullopt, now});
  if (!past) {
    fmt::print(stderr, "yishi tasks: {}\n", past.error());
    return kExitStorage;
  }
  fmt::print("{}\n", wire::dump(wire::responsibility_list_json(past->state, now)));
  return kExitOk;
}

}  // namespace yishi::cli
