// Commands from JSON: one object per command, as in `yishi exec` scripts and
// (later) WebSocket messages. Strict: unknown fields, wrong types, invalid
// UTF-8 and oversized input are errors that name the field.
//
//   {"cmd": "proposal.support", "actor": "m07", "role": "resident",
//    "at": "2026-03-02T10:00:00+08:00", "proposal": "stairwell-light"}
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "engine/core/commands.hpp"

namespace yishi::wire {

inline constexpr std::size_t kMaxCommandBytes = 64 * 1024;
inline constexpr std::size_t kMaxStringBytes = 16 * 1024;

struct ParsedCommand {
  engine::Command command;
  engine::MemberId actor;
  std::optional<engine::Role> role;         // absent: the shell picks one the actor holds
  std::optional<engine::Timestamp> at;      // absent: the shell's clock
  std::optional<std::string> display_name;  // personal data, kept outside the log
  std::optional<std::string> contact;
};

struct FieldError {
  std::string field;  // empty when the text is not a JSON object at all
  std::string message;
};

std::expected<ParsedCommand, FieldError> parse_command(const nlohmann::json& object);
// A command from an authenticated session (a `command` message's "command"):
// the actor and the time come from the session and the server's clock, so a
// command naming either is refused, naming the field. ParsedCommand::actor is empty.
std::expected<ParsedCommand, FieldError> parse_session_command(const nlohmann::json& object);
// At most kMaxCommandBytes of one JSON object line, parsed strictly.
std::expected<ParsedCommand, FieldError> parse_command_text(std::string_view text);

// JSON text parsed strictly, for commands and rule files alike: a raw NUL, a NUL
// in a string or key (\u0000), a key twice in one object and a number beyond a
// double are errors, the last naming the field ("rulebook.quorum").
std::expected<nlohmann::json, FieldError> parse_json_text(std::string_view text);

// The rules a rule_change proposal (its "rulebook" object) or a founding
// (`yishi init --rules`) sets, by the same names, units and limits.
std::expected<engine::RulebookChange, FieldError> parse_rulebook_change(
    const nlohmann::json& object);

// Every command name the parser knows, for help texts and schemas.
std::string_view known_commands();

}  // namespace yishi::wire
