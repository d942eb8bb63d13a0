#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/service/community.hpp"
#include "engine/service/receipts.hpp"
#include "engine/wire/command_json.hpp"
#include "engine/wire/event_json.hpp"

namespace yishi::cli {
namespace {

struct ScriptLine {
  std::size_t number;
  wire::ParsedCommand parsed;
};

// Reads and validates the whole script before anything is applied, so a bad
// line anywhere changes nothing.
std::optional<std::vector<ScriptLine>> read_script(std::istream& in, const std::string& name) {
  std::vector<ScriptLine> lines;
  std::string text;
  std::size_t number = 0;
  bool ok = true;
  while (std::getline(in, text)) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos || text.front() == '#') continue;
    auto parsed = wire::parse_command_text(text);
    if (!parsed) {
      ok = false;
      const auto& e = parsed.error();
      if (e.field.empty()) {
        fmt::print(stderr, "{}:{}: {}\n", name, number, e.message);
      } else {
        fmt::print(stderr, "{}:{}: field '{}' {}\n", name, number, e.field, e.message);
      }
      continue;
    }
    lines.push_back({number, std::move(*parsed)});
  }
  if (!ok) return std::nullopt;
  return lines;
}

nlohmann::ordered_json result_json(const ScriptLine& line, const service::Outcome& outcome) {
  nlohmann::ordered_json out = {{"line", line.number},
                                {"cmd", engine::command_name(line.parsed.command)},
                                {"ok", outcome.has_value()}};
  if (!outcome) {
    out["rejection"] = wire::to_json(outcome.error());
    return out;
  }
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const audit::Envelope& e : *outcome) {
    auto decoded = engine::codec::decode_event(e.type, e.version, e.payload);
    events.push_back(decoded ? wire::to_json(e, *decoded) : nlohmann::ordered_json{{"seq", e.seq}});
  }
  out["events"] = std::move(events);
  return out;
}

}  // namespace

int run_exec(const ExecOptions& o) {
  std::optional<std::vector<ScriptLine>> script;
  if (o.script == "-") {
    script = read_script(std::cin, "<stdin>");
  } else {
    std::ifstream in(o.script);
    if (!in) {
      fmt::print(stderr, "yishi exec: cannot read {}\n", o.script);
      return kExitBadInput;
    }
    script = read_script(in, o.script);
  }
  if (!script) {
    fmt::print(stderr, "yishi exec: nothing was applied\n");
    return kExitBadInput;
  }

  auto community =
      service::Community::open(o.db, {.synchronous = o.sync}, {.secret_key_file = o.key});
  if (!community) {
    fmt::print(stderr, "yishi exec: {}\n", community.error().message);
    return exit_code_for(community.error());
  }
  // One line timed in 2099 would otherwise stop the community's clock for good.
  if (!o.replay_history) (*community)->refuse_future(wall_clock_now);
  bool refused = false;
  bool future = false;
  const engine::Timestamp now = wall_clock_now();
  for (std::size_t start = 0; start < script->size(); start += o.batch) {
    const std::size_t end = std::min(script->size(), start + o.batch);
    std::vector<service::Request> batch;
    for (std::size_t i = start; i < end; ++i) {
      const auto& p = (*script)[i].parsed;
      std::optional<store::MemberProfile> profile;
      if (p.display_name || p.contact) {
        const auto* reg = engine::command_as<engine::command::RegisterMember>(p.command);
        profile = store::MemberProfile{reg ? reg->member : p.actor, p.display_name.value_or(""),
                                       p.contact.value_or("")};
      }
      batch.push_back(
          {p.command,
           engine::Context{p.actor, p.role.value_or(engine::Role::resident), p.at.value_or(now)},
           std::move(profile), !p.role.has_value()});
    }
    auto outcomes = (*community)->execute(batch);
    if (!outcomes) {
      fmt::print(stderr, "yishi exec: storage error, lines {}-{} not applied: {}\n",
                 (*script)[start].number, (*script)[end - 1].number, outcomes.error().message);
      return kExitStorage;
    }
    // Printed only now: every result below is durable.
    for (std::size_t i = 0; i < outcomes->size(); ++i) {
      refused = refused || !(*outcomes)[i];
      future = future || (!(*outcomes)[i] && (*outcomes)[i].error().code == "time_in_future");
      auto result = result_json((*script)[start + i], (*outcomes)[i]);
      // The voter's receipt: only they see it, here, in their own command's result.
      const auto& parsed = (*script)[start + i].parsed;
      if ((*outcomes)[i]) {
        if (auto receipt =
                service::voter_receipt((*community)->state(), parsed.command, parsed.actor)) {
          result["receipt"] = *receipt;
        }
      }
      std::cout << wire::dump(result) << '\n';
    }
    std::cout.flush();
  }
  if (future) {
    fmt::print(stderr,
               "yishi exec: commands timed in the future were refused; a dated history is "
               "applied with --replay-history\n");
  }
  // Sign the new tree head, so a later truncation of the log is detectable.
  if (auto c = (*community)->checkpoint(wall_clock_now()); !c) {
    fmt::print(stderr, "yishi exec: events committed, but no checkpoint was signed: {}\n",
               c.error().message);
  }
  return refused && o.strict ? kExitFailed : kExitOk;
}

}  // namespace yishi::cli
