// The server's limits and policies, from `--config FILE` (JSON; every field
// optional, documented in the README). Unknown fields are refused, so a typo
// does not silently leave a limit at its default.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace yishi::server {

struct Config {
  std::vector<std::string> allowed_origins;  // besides the server's own
  std::uint32_t max_connections_per_ip = 256;
  double commands_per_second = 20;  // per connection, refilled continuously
  double command_burst = 40;
  // `check` messages (a console asks about each of its controls after every
  // change): their own, larger bucket; each costs the community one decision.
  double checks_per_second = 100;
  double check_burst = 200;
  // The head is signed this often (a checkpoint), and when the server stops.
  std::uint32_t checkpoint_seconds = 60;
  std::uint32_t bad_messages_per_minute = 10;  // more: close 1008
  std::size_t max_message_bytes = 64 * 1024;   // more: close 1009
  std::size_t send_queue_messages = 4096;      // more: resync (queued events dropped)
  std::uint64_t replay_limit = 100'000;        // older resumes get a snapshot
  std::uint32_t hello_timeout_seconds = 10;
  std::uint32_t idle_timeout_seconds = 60;  // no frame and no pong for this long: closed
  // Committed events wait this long for the next ones before they are sent
  // (service::LiveOptions::fanout_window): batches per subscriber, one write each.
  std::uint32_t fanout_window_ms = 10;
  std::string static_dir;  // clients/web; empty: none
};

std::expected<Config, std::string> read_config(const std::string& path);

}  // namespace yishi::server
