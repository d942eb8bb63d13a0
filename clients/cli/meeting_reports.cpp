// `yishi minutes` and `yishi replay`: a meeting's minutes and timeline, from the log.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/minutes/minutes.hpp"
#include "engine/store/event_store.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::cli {
namespace {

std::optional<int> parse_offset(const std::string& text) {
  // "+08:00", "-05:30", "Z"
  if (text == "Z" || text.empty()) return 0;
  auto t = wire::parse_time("2000-01-01T00:00:00" + text);
  if (!t) return std::nullopt;
  return static_cast<int>(-(*t - 946'684'800'000) / 60'000);
}

// Every event that names the meeting, decoded, in log order.
std::optional<std::vector<minutes::Recorded>> load(const std::string& db,
                                                   const std::string& meeting,
                                                   std::string_view command) {
  auto store = store::EventStore::inspect(db);
  if (!store) {
    fmt::print(stderr, "yishi {}: {}\n", command, store.error().message);
    return std::nullopt;
  }
  std::vector<minutes::Recorded> out;
  bool ok = true;
  auto scanned = (*store)->scan(1, [&](audit::Envelope&& e) {
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) {
      fmt::print(stderr, "yishi {}: event {}: {}\n", command, e.seq, event.error());
      ok = false;
      return false;
    }
    if (minutes::meeting_of(*event) == meeting) {
      out.push_back({e.seq, e.time, e.actor, std::move(*event)});
    }
    return true;
  });
  if (!scanned || !ok) return std::nullopt;
  return out;
}

std::optional<minutes::Style> style_of(const ReportOptions& o, std::string_view command) {
  auto language = minutes::parse_language(o.language);
  auto offset = parse_offset(o.utc_offset);
  if (!language || !offset) {
    fmt::print(stderr, "yishi {}: --lang is zh or en; --utc-offset looks like +08:00\n", command);
    return std::nullopt;
  }
  return minutes::Style{*language, *offset};
}

}  // namespace

int run_minutes(const ReportOptions& o) {
  auto style = style_of(o, "minutes");
  if (!style) return kExitBadInput;
  auto events = load(o.db, o.meeting, "minutes");
  if (!events) return kExitStorage;
  auto record = minutes::build_record(o.meeting, *events);
  if (!record) {
    fmt::print(stderr, "yishi minutes: no meeting {} in {}\n", o.meeting, o.db);
    return kExitBadInput;
  }
  if (o.format == "md") {
    std::cout << minutes::minutes_markdown(*record, *style);
  } else if (o.format == "html") {
    std::cout << minutes::minutes_html(*record, *style);
  } else {
    std::cout << minutes::minutes_json(*record).dump(2) << '\n';
  }
  return kExitOk;
}

int run_replay(const ReportOptions& o) {
  auto style = style_of(o, "replay");
  if (!style) return kExitBadInput;
  auto events = load(o.db, o.meeting, "replay");
  if (!events) return kExitStorage;
  if (events->empty()) {
    fmt::print(stderr, "yishi replay: no events for meeting {} in {}\n", o.meeting, o.db);
    return kExitBadInput;
  }
  for (const auto& line : minutes::timeline(o.meeting, *events, *style)) std::cout << line << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
