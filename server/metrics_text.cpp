#include "server/metrics_text.hpp"

#include <fmt/format.h>

namespace yishi::server {
namespace {

void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            std::uint64_t value, std::string_view labels = "") {
  out +=
      fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0}{3} {4}\n", name, help, type, labels, value);
}

}  // namespace

std::string metrics_text(ServerState& state) {
  const Metrics& m = state.metrics();
  std::string out;
  metric(out, "yishi_connections", "gauge", "Open WebSocket connections.", m.connections);
  metric(out, "yishi_connections_total", "counter", "WebSocket connections accepted.",
         m.connections_total);
  metric(out, "yishi_connections_refused_total", "counter",
         "Upgrades refused by the per-IP connection cap.", m.refused_connections);
  metric(out, "yishi_messages_in_total", "counter", "Client messages read.", m.messages_in);
  metric(out, "yishi_protocol_errors_total", "counter", "Client messages refused as malformed.",
         m.protocol_errors);
  metric(out, "yishi_rate_limited_total", "counter", "Commands refused by the rate limit.",
         m.rate_limited);
  metric(out, "yishi_send_queue_messages", "gauge", "Messages queued to clients, all sessions.",
         m.queued_messages);
  metric(out, "yishi_socket_writes_total", "counter",
         "Gathered writes to client sockets (each carries one or more frames).", m.writes);
  metric(out, "yishi_frames_out_total", "counter", "Frames written to client sockets.",
         m.frames_out);
  metric(out, "yishi_resyncs_total", "counter", "Slow clients told to resync.", m.resyncs);
  metric(out, "yishi_dropped_slow_clients_total", "counter", "Clients dropped for falling behind.",
         m.dropped_slow);
  out +=
      "# HELP yishi_share_sessions WebSocket sessions on each network thread's share.\n"
      "# TYPE yishi_share_sessions gauge\n";
  for (std::size_t i = 0; i < state.shares().size(); ++i) {
    out += fmt::format("yishi_share_sessions{{share=\"{}\"}} {}\n", i, state.shares().sessions(i));
  }
  for (const auto& c : state.communities()) {
    const auto& k = c->counters();
    const std::string labels = fmt::format("{{community=\"{}\"}}", c->id());
    metric(out, "yishi_commands_total", "counter", "Commands decided.", k.commands, labels);
    metric(out, "yishi_events_total", "counter", "Events committed.", k.events, labels);
    metric(out, "yishi_events_streamed_total", "counter", "Event messages delivered to sessions.",
           k.delivered, labels);
    metric(out, "yishi_commits_total", "counter", "Transactions committed (group commits).",
           k.commits, labels);
    metric(out, "yishi_commit_seconds_sum_micros", "counter",
           "Total time spent committing, in microseconds.", k.commit_micros_total, labels);
  }
  return out;
}

}  // namespace yishi::server
