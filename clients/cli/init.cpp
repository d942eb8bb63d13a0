#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "engine/service/community.hpp"
#include "engine/service/key_files.hpp"
#include "engine/wire/command_json.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::cli {

int exit_code_for(const store::StoreError& e) {
  if (e.code == "unverified") return kExitFailed;
  if (e.code == "key" || e.code == "not_a_store" || e.code == "exists") return kExitBadInput;
  return kExitStorage;
}

int run_init(const InitOptions& o) {
  engine::Timestamp now = wall_clock_now();
  if (!o.at.empty()) {
    auto parsed = wire::parse_time(o.at);
    if (!parsed) {
      fmt::print(stderr, "yishi init: --at '{}' is not a time like 2026-03-01T09:00:00+08:00\n",
                 o.at);
      return kExitBadInput;
    }
    if (auto ahead = service::check_not_future(*parsed, now); ahead && !o.replay_history) {
      fmt::print(stderr, "yishi init: --at {}: {} (--replay-history allows it)\n", o.at,
                 ahead->reason);
      return kExitBadInput;
    }
    now = *parsed;
  }
  engine::Rulebook rulebook = engine::default_rulebook();
  if (!o.rules.empty()) {
    std::ifstream in(o.rules, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in && !in.eof()) {
      fmt::print(stderr, "yishi init: --rules {}: cannot read it\n", o.rules);
      return kExitBadInput;
    }
    // As strict as a command line: repeated rules, NULs and numbers beyond range are errors.
    const auto rules = wire::parse_json_text(text);
    if (!rules) {
      fmt::print(stderr, "yishi init: --rules {}: {}{}\n", o.rules,
                 rules.error().field.empty() ? "" : "field '" + rules.error().field + "' ",
                 rules.error().message);
      return kExitBadInput;
    }
    auto change = wire::parse_rulebook_change(*rules);
    if (!change) {
      fmt::print(stderr, "yishi init: --rules {}: {}: {}\n", o.rules, change.error().field,
                 change.error().message);
      return kExitBadInput;
    }
    rulebook = change->applied_to(rulebook);
  }
  if (o.support_threshold) rulebook.support_threshold = *o.support_threshold;
  if (o.support_window_days) {
    rulebook.support_window =
        static_cast<engine::Milliseconds>(*o.support_window_days) * engine::kDay;
  }
  const auto offset = wire::parse_utc_offset(o.utc_offset);
  if (!offset) {
    fmt::print(stderr, "yishi init: --utc-offset looks like +08:00 or -05:30, not '{}'\n",
               o.utc_offset);
    return kExitBadInput;
  }
  auto community =
      service::Community::init(o.db, o.community, o.admin, now, rulebook, {.synchronous = o.sync},
                               {.secret_key_file = o.key}, *offset);
  if (!community) {
    fmt::print(stderr, "yishi init: {}\n", community.error().message);
    return community.error().code == "exists" || community.error().code == "invalid_id"
               ? kExitBadInput
               : kExitStorage;
  }
  const nlohmann::ordered_json out = {
      {"community", o.community},
      {"admin", o.admin},
      {"database", o.db},
      {"public_key", *(*community)->store().meta("public_key").value_or(std::nullopt)},
      {"public_key_file", service::public_key_file_for((*community)->secret_key_file())},
      {"secret_key_file", (*community)->secret_key_file()},
      {"rulebook", wire::to_json(rulebook)},
      {"merkle_root", audit::to_hex((*community)->store().merkle().root())}};
  std::cout << wire::dump(out) << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
