// `yishi minutes` and `yishi replay`: a meeting's minutes and timeline, from the log.
#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/minutes/minutes.hpp"
#include "engine/store/event_store.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::cli {
namespace {

// Every event that names the meeting, decoded, in log order.
// Also notes the community's UTC offset, from its founding.
std::optional<std::vector<minutes::Recorded>> load(const std::string& db,
                                                   const std::string& meeting,
                                                   std::string_view command,
                                                   int& community_offset) {
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
    if (const auto* founded = std::get_if<engine::event::CommunityFounded>(&*event)) {
      community_offset = founded->utc_offset_minutes;
    }
    if (minutes::meeting_of(*event) == meeting) {
      out.push_back({e.seq, e.time, e.actor, std::move(*event)});
    }
    return true;
  });
  if (!scanned || !ok) return std::nullopt;
  return out;
}

// Times are shown at the community's offset unless --utc-offset says otherwise.
std::optional<minutes::Style> style_of(const ReportOptions& o, std::string_view command,
                                       int community_offset) {
  auto language = minutes::parse_language(o.language);
  auto offset =
      o.utc_offset.empty() ? std::optional(community_offset) : wire::parse_utc_offset(o.utc_offset);
  if (!language || !offset) {
    fmt::print(stderr, "yishi {}: --lang is zh or en; --utc-offset looks like +08:00\n", command);
    return std::nullopt;
  }
  return minutes::Style{*language, *offset};
}

}  // namespace

int run_minutes(const ReportOptions& o) {
  int community_offset = 0;
  auto events = load(o.db, o.meeting, "minutes", community_offset);
  if (!events) return kExitStorage;
  auto style = style_of(o, "minutes", community_offset);
  if (!style) return kExitBadInput;
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
  int community_offset = 0;
  auto events = load(o.db, o.meeting, "replay", community_offset);
  if (!events) return kExitStorage;
  auto style = style_of(o, "replay", community_offset);
  if (!style) return kExitBadInput;
  if (events->empty()) {
    fmt::print(stderr, "yishi replay: no events for meeting {} in {}\n", o.meeting, o.db);
    return kExitBadInput;
  }
  for (const auto& line : minutes::timeline(o.meeting, *events, *style)) std::cout << line << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
