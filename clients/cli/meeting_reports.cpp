// `yishi minutes`, `replay` and `results`: a meeting's minutes and timeline, a
// ballot's count, from the log.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/minutes/minutes.hpp"
#include "engine/service/reports.hpp"
#include "engine/store/event_store.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::cli {
namespace {

// The meeting's history, and members' names unless --ids asks for ids.
struct Loaded {
  service::MeetingHistory history;
  minutes::Names names;
};

std::optional<Loaded> load(const ReportOptions& o, std::string_view command) {
  auto store = store::EventStore::inspect(o.db);
  if (!store) {
    fmt::print(stderr, "yishi {}: {}\n", command, store.error().message);
    return std::nullopt;
  }
  auto history = service::meeting_history(**store, o.meeting);
  if (!history) {
    fmt::print(stderr, "yishi {}: {}\n", command, history.error());
    return std::nullopt;
  }
  Loaded out{std::move(*history), {}};
  if (!o.ids) {
    auto names = service::member_names(**store);
    if (!names) {
      fmt::print(stderr, "yishi {}: {}\n", command, names.error());
      return std::nullopt;
    }
    out.names = std::move(*names);
  }
  return out;
}

// Times are shown at the community's offset unless --utc-offset says otherwise.
std::optional<minutes::Style> style_of(const ReportOptions& o, std::string_view command,
                                       const Loaded& loaded) {
  const int community_offset = loaded.history.utc_offset_minutes;
  auto language = minutes::parse_language(o.language);
  auto offset =
      o.utc_offset.empty() ? std::optional(community_offset) : wire::parse_utc_offset(o.utc_offset);
  if (!language || !offset) {
    fmt::print(stderr, "yishi {}: --lang is zh or en; --utc-offset looks like +08:00\n", command);
    return std::nullopt;
  }
  return minutes::Style{*language, *offset, o.ids ? nullptr : &loaded.names};
}

}  // namespace

int run_minutes(const ReportOptions& o) {
  auto loaded = load(o, "minutes");
  if (!loaded) return kExitStorage;
  auto style = style_of(o, "minutes", *loaded);
  if (!style) return kExitBadInput;
  auto record = minutes::build_record(o.meeting, loaded->history.events);
  if (!record) {
    fmt::print(stderr, "yishi minutes: no meeting {} in {}\n", o.meeting, o.db);
    return kExitBadInput;
  }
  if (o.format == "md") {
    std::cout << minutes::minutes_markdown(*record, *style);
  } else if (o.format == "html") {
    std::cout << minutes::minutes_html(*record, *style);
  } else {
    std::cout << wire::dump(minutes::minutes_json(*record), 2) << '\n';
  }
  return kExitOk;
}

int run_results(const std::string& db, const std::string& ballot, const std::string& receipt) {
  auto store = store::EventStore::inspect(db);
  if (!store) {
    fmt::print(stderr, "yishi results: {}\n", store.error().message);
    return kExitStorage;
  }
  bool opened = false;
  std::optional<nlohmann::ordered_json> tally;
  auto scanned = (*store)->scan(1, [&](audit::Envelope&& e) {
    if (e.type != engine::event::BallotOpened::tag && e.type != engine::event::BallotTallied::tag) {
      return true;
    }
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) return true;
    if (const auto* o = std::get_if<engine::event::BallotOpened>(&*event);
        o && o->ballot == ballot) {
      opened = true;
    }
    if (const auto* t = std::get_if<engine::event::BallotTallied>(&*event);
        t && t->ballot == ballot) {
      tally = wire::to_json(*event);
      (*tally)["seq"] = e.seq;
    }
    return true;
  });
  if (!scanned) return kExitStorage;
  if (!opened) {
    fmt::print(stderr, "yishi results: no ballot {} in {}\n", ballot, db);
    return kExitBadInput;
  }
  if (!tally) {
    // Nothing of the count exists before the close, for anyone.
    fmt::print(stderr,
               "yishi results: ballot {} is still open; results are sealed until it closes\n",
               ballot);
    return kExitFailed;
  }
  if (!receipt.empty()) {
    nlohmann::ordered_json check = {{"ballot", ballot}, {"receipt", receipt}, {"counted", false}};
    for (const auto& entry : (*tally)["counted"]) {
      if (entry["receipt"] == receipt) {
        check["counted"] = true;
        check["choice"] = entry["choice"];
        check["published_in_event"] = (*tally)["seq"];
      }
    }
    std::cout << wire::dump(check) << '\n';
    return check["counted"] ? kExitOk : kExitFailed;
  }
  std::cout << wire::dump(*tally) << '\n';
  return kExitOk;
}

int run_replay(const ReportOptions& o) {
  auto loaded = load(o, "replay");
  if (!loaded) return kExitStorage;
  auto style = style_of(o, "replay", *loaded);
  if (!style) return kExitBadInput;
  const auto& events = loaded->history.events;
  if (events.empty()) {
    fmt::print(stderr, "yishi replay: no events for meeting {} in {}\n", o.meeting, o.db);
    return kExitBadInput;
  }
  for (const auto& line : minutes::timeline(o.meeting, events, *style)) std::cout << line << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
