// yishi-load: load for yishi-server's benchmarks (one thread, many connections,
// each read the way the peers' reference client reads: connection.hpp).
//
//   yishi-load fanout --url ws://127.0.0.1:P/ws --chair-token T --subscriber-token T
//                     --meeting ID -n 1000 -k 2000 -w 8
//     N subscribers follow meeting:ID; the chair adds K agenda items, at most W
//     in flight; each is committed, then fanned out. Prints deliveries/s and
//     p50/p99 from the chair's send to the receipt by the last subscriber.
//   yishi-load votes --url … --tokens tokens.json --polls P -w 4
//     One connection per member of tokens.json, subscribed to nothing; each casts
//     one secret ballot in each poll b1..bP, at most W in flight. Prints
//     acknowledged votes/s and p50/p99 from send to ack.
//
// The same shape of output as ../shared/peers/fanout-client.js (one JSON line),
// so the figures sit side by side; being C++ on one core, the client is not the
// bottleneck it is in Node at N = 1,000 and more.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio.hpp>

#include "clients/load/connection.hpp"
#include "clients/ws_url.hpp"

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;
using yishi::load::Connection;
using yishi::load::fail;

namespace {

using Endpoint = yishi::clients::WsUrl;
using yishi::clients::parse_ws_url;

// Connections being opened, at most 200 handshakes at a time.
struct Opening {
  tcp::resolver::results_type where;
  Endpoint url;
  std::vector<std::shared_ptr<Connection>>* connections;  // outlives the run
  std::function<void()> ready;
  std::size_t next = 0, welcomed = 0;
};

void open_next(const std::shared_ptr<Opening>& o) {
  if (o->next >= o->connections->size()) return;
  auto& c = (*o->connections)[o->next++];
  c->start(o->where, o->url, [o] {
    if (++o->welcomed == o->connections->size()) return o->ready();
    open_next(o);
  });
}

// Starts every connection, then calls `ready` once all are welcomed.
void open_all(const tcp::resolver::results_type& where, const Endpoint& url,
              std::vector<std::shared_ptr<Connection>>& connections, std::function<void()> ready) {
  auto opening = std::make_shared<Opening>(Opening{where, url, &connections, std::move(ready)});
  for (std::size_t i = 0; i < std::min<std::size_t>(200, connections.size()); ++i) {
    open_next(opening);
  }
}

double quantile(std::vector<double>& values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto i =
      std::min(values.size() - 1, static_cast<std::size_t>(q * static_cast<double>(values.size())));
  return std::round(values[i] * 10) / 10;
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// The agenda item number an item_added event carries in its title, or -1.
// (The peer's plain protocol: the "t" its events carry.)
long stamp_of(std::string_view text, bool plain) {
  if (plain) {
    const auto at = text.find("\"t\":");
    return at == std::string_view::npos ? -1 : std::strtol(text.data() + at + 4, nullptr, 10);
  }
  if (text.find("meeting.item_added") == std::string_view::npos) return -1;
  const auto at = text.find("\"title\":\"");
  if (at == std::string_view::npos) return -1;
  return std::strtol(text.data() + at + 9, nullptr, 10);
}

int run_fanout(net::io_context& ioc, const tcp::resolver::results_type& where, const Endpoint& url,
               const std::string& chair_token, const std::string& subscriber_token,
               const std::string& meeting, int n, int k, int w, bool plain) {
  struct Pending {
    Clock::time_point sent;
    int left;
  };
  std::map<long, Pending> pending;
  std::vector<double> latencies;
  long sent = 0, done = 0;
  std::uint64_t delivered = 0;
  Clock::time_point start;
  std::shared_ptr<Connection> chair;
  std::function<void()> pump = [&] {
    while (sent < k && static_cast<int>(pending.size()) < w) {
      const long t = ++sent;
      pending[t] = {Clock::now(), n};
      if (plain) {
        chair->send(nlohmann::json{{"t", t}}.dump());
        continue;
      }
      chair->send(nlohmann::json{{"type", "command"},
                                 {"id", "t" + std::to_string(t)},
                                 {"command",
                                  {{"cmd", "meeting.add_item"},
                                   {"meeting", meeting},
                                   {"item", "i" + std::to_string(t)},
                                   {"title", std::to_string(t)},
                                   {"planned_minutes", 1}}}}
                      .dump());
    }
  };
  const auto on_event = [&](std::string_view text) {
    const long t = stamp_of(text, plain);
    auto it = pending.find(t);
    if (it == pending.end()) return;
    ++delivered;
    if (--it->second.left > 0) return;
    latencies.push_back(ms_since(it->second.sent));
    pending.erase(it);
    if (++done == k) {
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      std::printf(
          "{\"N\":%d,\"K\":%d,\"W\":%d,\"seconds\":%.3f,\"deliveries_per_s\":%.0f,"
          "\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"client\":\"yishi-load\"}\n",
          n, k, w, seconds, static_cast<double>(delivered) / seconds, quantile(latencies, 0.5),
          quantile(latencies, 0.99));
      std::fflush(stdout);
      std::exit(0);
    }
    pump();
  };
  // The chair starts once every subscriber has its snapshot.
  int subscribed = 0;
  const auto begin = [&] {
    chair = std::make_shared<Connection>(ioc, chair_token, [](std::string_view) {});
    chair->start(where, url, [&] {
      start = Clock::now();
      pump();
    });
  };
  std::vector<std::shared_ptr<Connection>> subscribers;
  for (int i = 0; i < n; ++i) {
    subscribers.push_back(std::make_shared<Connection>(
        ioc, subscriber_token, [&, snapshot = false](std::string_view text) mutable {
          if (!snapshot && text.find("\"type\":\"snapshot\"") != std::string_view::npos) {
            snapshot = true;
            if (++subscribed == n) begin();
            return;
          }
          on_event(text);
        }));
  }
  open_all(where, url, subscribers, [&] {
    if (plain) return begin();  // no streams: every connection gets every event
    for (auto& s : subscribers) {
      s->send(nlohmann::json{{"type", "subscribe"}, {"stream", "meeting:" + meeting}}.dump());
    }
  });
  net::steady_timer timeout(ioc, std::chrono::minutes(5));
  timeout.async_wait([&](error_code ec) {
    if (!ec) fail("timeout after " + std::to_string(done) + " of " + std::to_string(k));
  });
  ioc.run();
  return 2;
}

int run_votes(net::io_context& ioc, const tcp::resolver::results_type& where, const Endpoint& url,
              const nlohmann::json& tokens, int polls, int w) {
  std::vector<double> latencies;
  std::uint64_t acked = 0, refused = 0, finished = 0;
  std::string first_refusal;
  Clock::time_point start;
  struct Voter {
    std::shared_ptr<Connection> connection;
    int next = 0, in_flight = 0;
    std::map<int, Clock::time_point> sent;
  };
  std::vector<Voter> voters(tokens.size());
  std::vector<std::shared_ptr<Connection>> connections;
  std::function<void(std::size_t)> pump = [&](std::size_t v) {
    Voter& voter = voters[v];
    while (voter.next < polls && voter.in_flight < w) {
      const int p = ++voter.next;
      ++voter.in_flight;
      voter.sent[p] = Clock::now();
      char nonce[65];
      std::snprintf(nonce, sizeof nonce, "%032zx%032x", v, p);
      voter.connection->send(nlohmann::json{
          {"type", "command"},
          {"id", std::to_string(p)},
          {"command",
           {{"cmd", "ballot.cast"},
            {"ballot", "b" + std::to_string(p)},
            {"choice", "yes"},
            {"nonce", nonce}}}}.dump());
    }
  };
  std::size_t v = 0;
  for (const auto& [member, token] : tokens.items()) {
    const std::size_t index = v++;
    auto on_reply = [&, index](std::string_view text) {
      const bool ack = text.find("\"type\":\"ack\"") != std::string_view::npos;
      if (!ack && text.find("\"id\":") == std::string_view::npos) return;
      const auto id_at = text.find("\"id\":\"");
      if (id_at == std::string_view::npos) return;
      const int p = std::atoi(text.data() + id_at + 6);
      Voter& voter = voters[index];
      auto it = voter.sent.find(p);
      if (it == voter.sent.end()) return;
      latencies.push_back(ms_since(it->second));
      voter.sent.erase(it);
      --voter.in_flight;
      if (ack) {
        ++acked;
      } else if (++refused == 1) {
        first_refusal = std::string(text);
      }
      if (voter.next == polls && voter.in_flight == 0 && ++finished == voters.size()) {
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::printf(
            "{\"voters\":%zu,\"polls\":%d,\"W\":%d,\"seconds\":%.3f,\"acked\":%llu,"
            "\"refused\":%llu,\"acked_per_s\":%.0f,\"p50_ms\":%.1f,\"p99_ms\":%.1f,"
            "\"first_refusal\":%s,\"client\":\"yishi-load\"}\n",
            voters.size(), polls, w, seconds, static_cast<unsigned long long>(acked),
            static_cast<unsigned long long>(refused), static_cast<double>(acked) / seconds,
            quantile(latencies, 0.5), quantile(latencies, 0.99),
            nlohmann::json(first_refusal).dump().c_str());
        std::fflush(stdout);
        std::exit(0);
      }
      pump(index);
    };
    voters[index].connection =
        std::make_shared<Connection>(ioc, token.get<std::string>(), on_reply);
    connections.push_back(voters[index].connection);
  }
  open_all(where, url, connections, [&] {
    start = Clock::now();
    for (std::size_t i = 0; i < voters.size(); ++i) pump(i);
  });
  net::steady_timer timeout(ioc, std::chrono::minutes(5));
  timeout.async_wait([&](error_code ec) {
    if (!ec) fail("timeout after " + std::to_string(acked) + " acks");
  });
  ioc.run();
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"yishi-load: load for yishi-server's benchmarks"};
  app.require_subcommand(1);
  std::string url, chair_token, subscriber_token, meeting = "bench", tokens_file;
  int n = 100, k = 2000, w = 8, polls = 50;
  auto* fanout =
      app.add_subcommand("fanout", "N subscribers of a meeting, K events from its chair");
  fanout->add_option("--url", url, "ws://HOST:PORT/ws")->required();
  bool plain = false;
  fanout->add_option("--chair-token", chair_token);
  fanout->add_option("--subscriber-token", subscriber_token);
  fanout->add_flag("--plain", plain, "The Node peer's protocol: send {t}, receive its broadcast");
  fanout->add_option("--meeting", meeting);
  fanout->add_option("-n", n, "Subscribers")->check(CLI::Range(1, 100000));
  fanout->add_option("-k", k, "Events")->check(CLI::Range(1, 10000000));
  fanout->add_option("-w", w, "Events in flight")->check(CLI::Range(1, 10000));
  auto* votes = app.add_subcommand("votes", "One voter per token casting in polls b1..bP");
  votes->add_option("--url", url, "ws://HOST:PORT/ws")->required();
  votes->add_option("--tokens", tokens_file, "JSON object: member -> token")->required();
  votes->add_option("--polls", polls)->check(CLI::Range(1, 100000));
  votes->add_option("-w", w, "Votes in flight per voter")->check(CLI::Range(1, 10000));
  CLI11_PARSE(app, argc, argv);

  const auto endpoint = parse_ws_url(url);
  if (!endpoint) fail("--url is ws://HOST:PORT/PATH");
  net::io_context ioc(1);
  tcp::resolver resolver(ioc);
  error_code ec;
  const auto where = resolver.resolve(endpoint->host, endpoint->port, ec);
  if (ec) fail("resolve: " + ec.message());
  if (fanout->parsed()) {
    if (!plain && (chair_token.empty() || subscriber_token.empty())) {
      fail("fanout needs --chair-token and --subscriber-token (or --plain)");
    }
    return run_fanout(ioc, where, *endpoint, chair_token, subscriber_token, meeting, n, k, w,
                      plain);
  }
  std::ifstream in(tokens_file);
  nlohmann::json tokens;
  try {
    tokens = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    fail(tokens_file + ": " + e.what());
  }
  if (!tokens.is_object() || tokens.empty()) fail(tokens_file + " must map members to tokens");
  return run_votes(ioc, where, *endpoint, tokens, polls, w);
}
