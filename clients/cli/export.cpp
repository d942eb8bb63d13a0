// `yishi export DB TABLE [--format csv|json] [--at TIME]`: open data tables.
// `yishi export DB --poll BALLOT [--out FILE]`: a closed poll as PrefLib or
// Pabulib, which `yishi tally` (or any other tool) counts again.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/service/reports.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/exports.hpp"
#include "engine/wire/poll_export.hpp"
#include "engine/wire/time_format.hpp"
#include "output_path.hpp"

namespace yishi::cli {
namespace {

int write_out(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) {
    fmt::print(stderr, "yishi export: cannot write {}\n", path);
    return kExitStorage;
  }
  return kExitOk;
}

// The ballots a poll's tally published (its box, by receipt), from the log.
std::optional<std::vector<std::pair<std::string, engine::SealedChoice>>> published_box(
    store::EventStore& store, const std::string& ballot) {
  std::optional<std::vector<std::pair<std::string, engine::SealedChoice>>> out;
  // A read error leaves it unfound: the caller says the poll is not tallied.
  (void)store.scan(1, [&](audit::Envelope&& e) {
    if (e.type != engine::event::BallotTallied::tag) return true;
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) return true;
    const auto& tallied = std::get<engine::event::BallotTallied>(*event);
    if (tallied.ballot == ballot) out = tallied.counted;
    return true;
  });
  return out;
}

}  // namespace

int run_export(const ExportOptions& o) {
  if (auto refused = o.out.empty() ? std::nullopt : refuse_output(o.out, o.db)) {
    fmt::print(stderr, "yishi export: {}\n", *refused);
    return kExitBadInput;
  }
  auto store = store::EventStore::inspect(o.db);
  if (!store) {
    fmt::print(stderr, "yishi export: {}\n", store.error().message);
    return kExitStorage;
  }
  engine::Timestamp now = wall_clock_now();
  if (!o.at.empty()) {
    auto t = wire::parse_time(o.at);
    if (!t) {
      fmt::print(stderr, "yishi export: --at is a time like 2026-06-20T09:00:00+08:00\n");
      return kExitBadInput;
    }
    now = *t;
  }
  auto past = service::state_at(**store, service::LogPoint{std::nullopt, now});
  if (!past) {
    fmt::print(stderr, "yishi export: {}\n", past.error());
    return kExitStorage;
  }
  const engine::State& s = past->state;
  if (!o.poll.empty()) {
    const engine::Ballot* b = s.ballot(o.poll);
    if (!b) {
      fmt::print(stderr, "yishi export: no ballot {}\n", o.poll);
      return kExitBadInput;
    }
    auto box = published_box(**store, o.poll);
    if (!box) {
      fmt::print(stderr, "yishi export: {} has not been tallied yet\n", o.poll);
      return kExitBadInput;
    }
    auto file = wire::export_poll(*b, *box, s.community);
    if (!file) {
      fmt::print(stderr, "yishi export: {}\n", file.error());
      return kExitBadInput;
    }
    // Readers tell PrefLib's four kinds apart by the extension alone.
    if (!o.out.empty() && !o.out.ends_with("." + file->extension)) {
      fmt::print(stderr, "yishi export: {} exports as .{}: name the file so (e.g. {}.{})\n", o.poll,
                 file->extension, o.poll, file->extension);
      return kExitBadInput;
    }
    if (const int rc = write_out(o.out, file->text); rc != kExitOk) return rc;
    if (!o.out.empty()) {
      const nlohmann::ordered_json report = {
          {"poll", o.poll},
          {"file", o.out},
          {"format", file->extension},
          {"recount", fmt::format("yishi tally --method {} {}", file->method, o.out)}};
      fmt::print("{}\n", wire::dump(report));
    }
    return kExitOk;
  }
  auto table = wire::export_table(s, o.table, now);
  if (!table) {
    fmt::print(stderr, "yishi export: {}\n", table.error());
    return kExitBadInput;
  }
  return write_out(o.out, o.format == "json" ? wire::dump(wire::to_json(*table), 1) + "\n"
                                             : wire::to_csv(*table));
}

}  // namespace yishi::cli
