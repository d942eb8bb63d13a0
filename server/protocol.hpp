// The live protocol's client messages, parsed, and the server's replies that do
// not carry the log (those are engine/wire/messages.hpp). Pure: text in, values
// out. The contract is schemas/json/{client,server}/ and schemas/README.md.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/core/rejection.hpp"
#include "engine/core/types.hpp"
#include "engine/wire/command_json.hpp"

namespace yishi::server {

inline constexpr int kProtocol = 1;
inline constexpr std::size_t kMaxCommandId = 64;

namespace msg {
struct Hello {
  int protocol = 0;
  std::string token;
};
struct Subscribe {
  std::string stream;
  std::optional<std::uint64_t> after_seq;
};
struct Unsubscribe {
  std::string stream;
};
struct Command {
  std::string id;
  wire::ParsedCommand command;
};
// Would this command be accepted now? Decided, never committed: a client
// disables a control the rules forbid and shows the engine's reason.
struct Check {
  std::string id;
  wire::ParsedCommand command;
};
struct Ping {};
}  // namespace msg

using ClientMessage =
    std::variant<msg::Hello, msg::Subscribe, msg::Unsubscribe, msg::Command, msg::Check, msg::Ping>;

// Why a message is refused before anything acts on it: an `error` message.
struct ProtocolError {
  std::string code;  // bad_message | unknown_type | ...
  std::string reason;
  std::string id;  // the command id, when one could be read
};

std::expected<ClientMessage, ProtocolError> parse_client_message(std::string_view text);

// Server → client.
// A view-only session (no member, no role) is told its `view` and `meeting`.
std::string welcome_message(std::string_view community, std::string_view member,
                            engine::RoleSet roles, engine::Timestamp server_time,
                            std::string_view view = {}, std::string_view meeting = {});
// `receipt`: the voter's, for their own accepted ballot.cast.
std::string ack_message(std::string_view id, const std::vector<std::uint64_t>& seq,
                        const std::optional<std::string>& receipt = std::nullopt);
std::string rejected_message(std::string_view id, const engine::Rejection& rejection);
// The answer to a check: ok, or the rejection the command would get now.
std::string checked_message(std::string_view id, const std::optional<engine::Rejection>& refusal);
std::string error_message(const ProtocolError& error);
std::string pong_message(engine::Timestamp server_time);

// RFC 3339 UTC, always with milliseconds: "2026-03-01T09:00:00.000Z".
std::string server_time(engine::Timestamp t);

}  // namespace yishi::server
