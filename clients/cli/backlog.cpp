#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "engine/core/poll_priority.hpp"
#include "engine/store/event_store.hpp"
#include "engine/wire/event_json.hpp"

namespace yishi::cli {

int run_backlog(const std::string& db) {
  auto opened = store::EventStore::open(db);
  if (!opened) {
    fmt::print(stderr, "yishi backlog: {}\n", opened.error().message);
    return kExitStorage;
  }
  std::uint32_t place = 0;
  for (const engine::Proposal* p : engine::agenda_backlog(opened->state)) {
    nlohmann::ordered_json line = {{"place", ++place},
                                   {"proposal", p->id},
                                   {"title", p->title},
                                   {"author", p->author},
                                   {"supporters", p->supporters.size()}};
    if (p->standing) line["standing"] = wire::to_json(*p->standing);
    if (p->seeded_from) line["seeded_from"] = wire::to_json(*p->seeded_from);
    fmt::print("{}\n", wire::dump(line));
  }
  return kExitOk;
}

}  // namespace yishi::cli
