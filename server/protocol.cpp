#include "server/protocol.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::server {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

std::unexpected<ProtocolError> bad(std::string reason, std::string id = "") {
  return std::unexpected(ProtocolError{"bad_message", std::move(reason), std::move(id)});
}

// Every key of `object` must be in `allowed`.
std::optional<std::string> unknown_field(const json& object,
                                         std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) return key;
  }
  return std::nullopt;
}

// A refusal's code, field (when it names one) and reason, as `rejected` and `checked` carry them.
void add_rejection(ojson& out, const engine::Rejection& r) {
  out["code"] = r.code;
  if (!r.field.empty()) out["field"] = r.field;
  out["reason"] = r.reason;
}

// `text` as a JSON string, escaped as nlohmann's dump escapes valid UTF-8.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::expected<ClientMessage, ProtocolError> parse_client_message(std::string_view text) {
  auto parsed = wire::parse_json_text(text);
  if (!parsed) {
    const auto& e = parsed.error();
    return bad(e.field.empty() ? e.message : fmt::format("{}: {}", e.field, e.message));
  }
  const json& m = *parsed;
  if (!m.is_object()) return bad("a message is a JSON object");
  // The id first, so even a malformed command's error can name it.
  std::string id;
  if (auto it = m.find("id"); it != m.end() && it->is_string()) id = it->get<std::string>();
  const auto type = m.find("type");
  if (type == m.end() || !type->is_string()) return bad("\"type\" (a string) is missing", id);
  const std::string& t = type->get_ref<const std::string&>();
  const auto only =
      [&](std::initializer_list<std::string_view> allowed) -> std::optional<ProtocolError> {
    if (auto f = unknown_field(m, allowed)) {
      return ProtocolError{"bad_message", fmt::format("{}: unknown field \"{}\"", t, *f), id};
    }
    return std::nullopt;
  };
  if (t == "hello") {
    if (auto e = only({"type", "protocol", "token"})) return std::unexpected(*e);
    const auto protocol = m.find("protocol");
    const auto token = m.find("token");
    if (protocol == m.end() || !protocol->is_number_integer()) {
      return bad("hello: \"protocol\" is an integer (1)");
    }
    if (token == m.end() || !token->is_string() ||
        token->get_ref<const std::string&>().size() > 256) {
      return bad("hello: \"token\" is the string `yishi invite` printed");
    }
    return msg::Hello{protocol->get<int>(), token->get<std::string>()};
  }
  if (t == "subscribe" || t == "unsubscribe") {
    if (auto e = only({"type", "stream", "after_seq"})) return std::unexpected(*e);
    const auto stream = m.find("stream");
    if (stream == m.end() || !stream->is_string() ||
        stream->get_ref<const std::string&>().size() > 80) {
      return bad(t + ": \"stream\" is community, meeting:ID or ballot:ID");
    }
    if (t == "unsubscribe") {
      if (m.contains("after_seq")) return bad("unsubscribe: unknown field \"after_seq\"");
      return msg::Unsubscribe{stream->get<std::string>()};
    }
    msg::Subscribe out{stream->get<std::string>(), std::nullopt};
    if (auto after = m.find("after_seq"); after != m.end()) {
      if (!after->is_number_unsigned()) {
        return bad("subscribe: \"after_seq\" is a sequence number (an integer from 0)");
      }
      out.after_seq = after->get<std::uint64_t>();
    }
    return out;
  }
  if (t == "command" || t == "check") {
    if (auto e = only({"type", "id", "command"})) return std::unexpected(*e);
    const auto raw_id = m.find("id");
    if (raw_id == m.end() || !raw_id->is_string() || id.empty() || id.size() > kMaxCommandId) {
      return bad(fmt::format("{}: \"id\" is a string of 1 to {} characters", t, kMaxCommandId));
    }
    const auto command = m.find("command");
    if (command == m.end() || !command->is_object()) {
      return bad(t + ": \"command\" is an object (a `yishi exec` line without actor and at)", id);
    }
    auto c = wire::parse_session_command(*command);
    if (!c) {
      const auto& e = c.error();
      return bad(e.field.empty() ? e.message : fmt::format("command.{}: {}", e.field, e.message),
                 id);
    }
    if (t == "check") return msg::Check{id, std::move(*c)};
    return msg::Command{id, std::move(*c)};
  }
  if (t == "ping") {
    if (auto e = only({"type"})) return std::unexpected(*e);
    return msg::Ping{};
  }
  return std::unexpected(ProtocolError{
      "unknown_type",
      fmt::format("no message type \"{}\" (hello, subscribe, unsubscribe, command, check, ping)",
                  t.substr(0, 40)),
      id});
}

std::string server_time(engine::Timestamp t) {
  // format_time drops ".000"; the protocol always carries milliseconds.
  std::string whole = wire::format_time(t - (t % 1000 + 1000) % 1000);
  whole.pop_back();  // 'Z'
  return fmt::format("{}.{:03}Z", whole, (t % 1000 + 1000) % 1000);
}

std::string welcome_message(std::string_view community, std::string_view member,
                            engine::RoleSet roles, engine::Timestamp now, std::string_view view,
                            std::string_view meeting) {
  ojson out{{"type", "welcome"},
            {"protocol", kProtocol},
            {"community", community},
            {"member", member},
            {"roles", wire::roles_json(roles)},
            {"server_time", server_time(now)}};
  if (!view.empty()) {
    out["view"] = view;
    out["meeting"] = meeting;
  }
  return wire::dump(out);
}

std::string ack_message(std::string_view id, const std::vector<std::uint64_t>& seq,
                        const std::optional<std::string>& receipt) {
  // Written by hand: one for every command, the commonest message a server sends
  // after events (the same bytes wire::dump gives, as protocol_tests checks).
  std::string out;
  out.reserve(48 + id.size() + 21 * seq.size() + (receipt ? 80 : 0));
  out += R"({"type":"ack","id":)";
  append_json_string(out, id);
  out += R"(,"seq":[)";
  for (std::size_t i = 0; i < seq.size(); ++i) {
    if (i) out += ',';
    fmt::format_to(std::back_inserter(out), "{}", seq[i]);
  }
  out += ']';
  if (receipt) {
    out += R"(,"receipt":)";
    append_json_string(out, *receipt);
  }
  out += '}';
  return out;
}

std::string rejected_message(std::string_view id, const engine::Rejection& r) {
  ojson out = {{"type", "rejected"}, {"id", id}};
  add_rejection(out, r);
  return wire::dump(out);
}

std::string checked_message(std::string_view id, const std::optional<engine::Rejection>& refusal) {
  ojson out = {{"type", "checked"}, {"id", id}, {"ok", !refusal}};
  if (refusal) add_rejection(out, *refusal);
  return wire::dump(out);
}

std::string error_message(const ProtocolError& e) {
  ojson out = {{"type", "error"}, {"code", e.code}, {"reason", e.reason}};
  if (!e.id.empty()) out["id"] = e.id;
  return wire::dump(out);
}

std::string pong_message(engine::Timestamp now) {
  return wire::dump(ojson{{"type", "pong"}, {"server_time", server_time(now)}});
}

}  // namespace yishi::server
