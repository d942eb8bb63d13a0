// yishi-server: serves communities live over WebSocket (/ws) and HTTP.
//   yishi-server --db PATH [--db PATH...] --listen 127.0.0.1:PORT [--config FILE]
// The first line on stdout is "listening on http://HOST:PORT". SIGINT/SIGTERM:
// stop accepting, finish queued commits, close every socket (1001), exit 0.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "server/config.hpp"
#include "server/fan_out.hpp"
#include "server/listener.hpp"
#include "server/net.hpp"
#include "server/server_state.hpp"

using namespace yishi;
using namespace yishi::server;

namespace {

std::optional<tcp::endpoint> parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  error_code ec;
  const auto address = net::ip::make_address(text.substr(0, colon), ec);
  if (ec) return std::nullopt;
  unsigned port = 0;
  const std::string digits = text.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  port = static_cast<unsigned>(std::stoul(digits));
  if (port > 65535) return std::nullopt;
  return tcp::endpoint(address, static_cast<unsigned short>(port));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"yishi-server: live meetings over WebSocket"};
  std::vector<std::string> dbs;
  std::string listen = "127.0.0.1:8080";
  std::string config_file;
  std::string key;
  int threads = 2;
  std::string log_level = "info";
  std::string web_dir;
  app.add_option("--db", dbs, "A community's database (repeatable)")->required();
  app.add_option("--listen", listen, "HOST:PORT (port 0 picks a free one)");
  app.add_option("--config", config_file, "Limits and origins, JSON (see the README)");
  app.add_option("--key", key, "The secret key file (one community; default: the key directory)");
  app.add_option("--threads", threads, "Network threads")->check(CLI::Range(1, 64));
  app.add_option("--log-level", log_level, "debug, info, warn or error");
  app.add_option("--web", web_dir,
                 "The web client's files (default: the config's static_dir, else the web "
                 "client this server's build made: its bundle, or clients/web itself)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  auto logger = spdlog::stderr_color_mt("yishi");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(log_level));

  Config config;
  if (!config_file.empty()) {
    auto read = read_config(config_file);
    if (!read) {
      std::fprintf(stderr, "yishi-server: %s\n", read.error().c_str());
      return 2;
    }
    config = *read;
  }
  if (!web_dir.empty()) {
    config.static_dir = web_dir;
  } else if (config.static_dir.empty() && std::filesystem::is_directory(YISHI_WEB_DIR)) {
    config.static_dir = YISHI_WEB_DIR;
  }
  if (!config.static_dir.empty() && !std::filesystem::is_directory(config.static_dir)) {
    std::fprintf(stderr, "yishi-server: the web client's folder %s does not exist\n",
                 config.static_dir.c_str());
    return 2;
  }
  const auto endpoint = parse_listen(listen);
  if (!endpoint) {
    std::fprintf(stderr, "yishi-server: --listen is HOST:PORT, e.g. 127.0.0.1:8080\n");
    return 2;
  }
  net::io_context ioc{threads};
  auto shares = std::make_shared<Shares>(ioc, threads);
  FanOut fan_out(shares);
  std::vector<std::unique_ptr<service::LiveCommunity>> communities;
  std::vector<std::unique_ptr<store::InviteBook>> invites;
  for (const std::string& db : dbs) {
    // Invitations first: it also brings the schema up to date before the log opens.
    auto book = store::InviteBook::open(db);
    if (!book) {
      std::fprintf(stderr, "yishi-server: %s: %s\n", db.c_str(), book.error().message.c_str());
      return 3;
    }
    service::LiveOptions options;
    options.fan_out = fan_out.function();
    options.replay_limit = config.replay_limit;
    options.fanout_window = std::chrono::milliseconds(config.fanout_window_ms);
    options.checkpoint_every = config.checkpoint_seconds * engine::kSecond;
    auto live = service::LiveCommunity::open(db, {}, {.secret_key_file = key}, options);
    if (!live) {
      std::fprintf(stderr, "yishi-server: %s: %s\n", db.c_str(), live.error().message.c_str());
      return 3;
    }
    spdlog::info("serving {} from {}", (*live)->id(), db);
    communities.push_back(std::move(*live));
    invites.push_back(std::move(*book));
  }
  auto state =
      std::make_shared<ServerState>(config, std::move(communities), std::move(invites), shares);

  std::shared_ptr<Listener> listener;
  try {
    listener = std::make_shared<Listener>(ioc, *endpoint, state);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "yishi-server: cannot listen on %s: %s\n", listen.c_str(), e.what());
    return 3;
  }
  const auto bound = listener->local_endpoint();
  std::printf("listening on http://%s:%u\n", bound.address().to_string().c_str(),
              static_cast<unsigned>(bound.port()));
  std::fflush(stdout);
  listener->run();

  net::signal_set signals(ioc, SIGINT, SIGTERM);
  net::steady_timer deadline(ioc);
  signals.async_wait([&](error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: shutting down", signal);
    listener->stop();
    state->shut_down();  // close frames to every session; communities finish their commits
    // Clients that never answer the close are not waited for long.
    deadline.expires_after(std::chrono::seconds(5));
    deadline.async_wait([&](error_code e) {
      if (!e) ioc.stop();
    });
  });

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  fan_out.close();  // the communities' last deliveries find no network thread to run them
  state->abandon_sessions();
  spdlog::info("stopped");
  return 0;
}
