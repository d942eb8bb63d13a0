#include "server/config.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/wire/command_json.hpp"

namespace yishi::server {

std::expected<Config, std::string> read_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::unexpected(fmt::format("cannot read {}", path));
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = wire::parse_json_text(text.str());
  if (!parsed) return std::unexpected(fmt::format("{}: {}", path, parsed.error().message));
  if (!parsed->is_object()) return std::unexpected(path + ": the config is a JSON object");
  Config c;
  for (const auto& [key, v] : parsed->items()) {
    try {
      const auto count = [&](auto& field, double max) {
        if (!v.is_number_unsigned() || v.get<double>() < 1 || v.get<double>() > max) {
          throw std::invalid_argument(fmt::format("an integer from 1 to {}", max));
        }
        field = v.get<std::remove_reference_t<decltype(field)>>();
      };
      if (key == "allowed_origins") {
        c.allowed_origins = v.get<std::vector<std::string>>();
      } else if (key == "max_connections_per_ip") {
        count(c.max_connections_per_ip, 1e6);
      } else if (key == "commands_per_second" || key == "command_burst" ||
                 key == "checks_per_second" || key == "check_burst") {
        if (!v.is_number() || v.get<double>() <= 0 || v.get<double>() > 1e6) {
          throw std::invalid_argument("a number above 0, at most 1000000");
        }
        (key == "commands_per_second" ? c.commands_per_second
         : key == "command_burst"     ? c.command_burst
         : key == "checks_per_second" ? c.checks_per_second
                                      : c.check_burst) = v.get<double>();
      } else if (key == "checkpoint_seconds") {
        count(c.checkpoint_seconds, 86400);
      } else if (key == "bad_messages_per_minute") {
        count(c.bad_messages_per_minute, 1e6);
      } else if (key == "max_message_bytes") {
        count(c.max_message_bytes, 16.0 * 1024 * 1024);
      } else if (key == "send_queue_messages") {
        count(c.send_queue_messages, 1e7);
      } else if (key == "replay_limit") {
        count(c.replay_limit, 1e9);
      } else if (key == "hello_timeout_seconds") {
        count(c.hello_timeout_seconds, 3600);
      } else if (key == "idle_timeout_seconds") {
        count(c.idle_timeout_seconds, 86400);
      } else if (key == "fanout_window_ms") {
        if (!v.is_number_unsigned() || v.get<std::uint64_t>() > 1000) {
          throw std::invalid_argument("an integer from 0 (no window) to 1000");
        }
        c.fanout_window_ms = v.get<std::uint32_t>();
      } else if (key == "static_dir") {
        c.static_dir = v.get<std::string>();
      } else {
        return std::unexpected(fmt::format("{}: unknown setting \"{}\"", path, key));
      }
    } catch (const std::exception& e) {
      return std::unexpected(fmt::format("{}: \"{}\" must be {}", path, key, e.what()));
    }
  }
  return c;
}

}  // namespace yishi::server
