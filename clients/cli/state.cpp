// `yishi state DB [--at SEQ|TIME]`: the community as it stood at a point of its
// log, as JSON (the read model a live client gets as a snapshot).
#include <fmt/format.h>

#include <charconv>
#include <iostream>

#include "commands.hpp"
#include "engine/service/reports.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/state_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::cli {
namespace {

// A sequence number (digits only) or an RFC 3339 time.
std::optional<service::LogPoint> parse_point(const std::string& text) {
  if (text.empty()) return service::LogPoint{};
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    std::uint64_t seq = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seq);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return service::LogPoint{seq, std::nullopt};
  }
  auto time = wire::parse_time(text);
  if (!time) return std::nullopt;
  return service::LogPoint{std::nullopt, *time};
}

}  // namespace

int run_state(const std::string& db, const std::string& at) {
  auto point = parse_point(at);
  if (!point) {
    fmt::print(stderr,
               "yishi state: --at is a sequence number (e.g. 120, at most {}) or a time "
               "(e.g. 2026-04-12T10:00:00+08:00), not \"{}\"\n",
               std::numeric_limits<std::uint64_t>::max(), at);
    return kExitBadInput;
  }
  auto store = store::EventStore::inspect(db);
  if (!store) {
    fmt::print(stderr, "yishi state: {}\n", store.error().message);
    return kExitStorage;
  }
  auto past = service::state_at(**store, *point);
  if (!past) {
    fmt::print(stderr, "yishi state: {}\n", past.error());
    return kExitStorage;
  }
  if (point->seq && *point->seq > past->head_seq) {
    fmt::print(stderr, "yishi state: the log ends at event {}; there is no event {}\n",
               past->head_seq, *point->seq);
    return kExitBadInput;
  }
  if (past->seq == 0) {
    fmt::print(stderr, "yishi state: nothing happened by {}: the log begins later\n", at);
    return kExitBadInput;
  }
  nlohmann::ordered_json out = {{"seq", past->seq},
                                {"time", wire::format_time(past->time)},
                                {"head_seq", past->head_seq},
                                {"state", wire::community_json(past->state)}};
  std::cout << wire::dump(out, 2) << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
