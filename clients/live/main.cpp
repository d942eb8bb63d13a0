// yishi-client: the project's own live client, for scripts, demos and tests.
//
//   yishi-client --url ws://127.0.0.1:8080/ws --tokens tokens.json
//                [--watch MEMBER] [--subscribe STREAM[@SEQ]]... [--script FILE|-] [--linger MS]
//
// `tokens.json` maps members to invitation tokens ({"ch": "…", "r1": "…"}).
// The watcher (--watch, default the first member) subscribes and prints every
// message it receives as a JSON line on stdout, as it arrives. Each script line
// is a command object (a `yishi exec` line without actor and at) with "as": the
// member who sends it, over their own connection; the next line goes once its
// ack or rejection is back (printed on stderr). Exit 0 when every line was
// acknowledged, 1 when any was refused, 2 on bad input, 3 on a connection error.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ctime>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "clients/ws_url.hpp"

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using json = nlohmann::ordered_json;  // printed in the order the server sent

namespace {

using Url = yishi::clients::WsUrl;
using yishi::clients::parse_ws_url;

// One member's connection: hello, then messages in order; one write in flight.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Handler = std::function<void(const json&)>;
  Connection(net::io_context& ioc, Url url, std::string token, Handler on_message)
      : resolver_(ioc),
        ws_(ioc),
        url_(std::move(url)),
        token_(std::move(token)),
        on_message_(std::move(on_message)) {}

  void start() {
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = shared_from_this()](error_code ec, tcp::resolver::results_type r) {
          if (ec) return self->fail("resolve", ec);
          beast::get_lowest_layer(self->ws_).async_connect(
              r, [self](error_code e, const tcp::endpoint&) {
                if (e) return self->fail("connect", e);
                self->ws_.async_handshake(
                    self->url_.host + ":" + self->url_.port, self->url_.path, [self](error_code h) {
                      if (h) return self->fail("handshake", h);
                      // hello goes first, before anything queued meanwhile
                      self->queue_.push_front(
                          json{{"type", "hello"}, {"protocol", 1}, {"token", self->token_}}.dump());
                      self->ready_ = true;
                      self->write();
                      self->read();
                    });
              });
        });
  }

  void send(const json& message) {
    queue_.push_back(message.dump());
    if (ready_ && queue_.size() == 1) write();
  }

  void close() {
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](error_code) {});
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        if (ec != websocket::error::closed && ec != net::error::operation_aborted) {
          self->fail("read", ec);
        }
        return;
      }
      const std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->on_message_(json::parse(text));
      self->read();
    });
  }
  void write() {
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    [self = shared_from_this()](error_code ec, std::size_t) {
                      if (ec) return self->fail("write", ec);
                      self->queue_.pop_front();
                      if (!self->queue_.empty()) self->write();
                    });
  }
  void fail(const char* what, error_code ec) {
    std::cerr << "yishi-client: " << what << ": " << ec.message() << '\n';
    std::exit(3);
  }

  tcp::resolver resolver_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  Url url_;
  std::string token_;
  Handler on_message_;
  std::deque<std::string> queue_;
  bool ready_ = false;  // handshake done, hello queued first
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"yishi-client: follow a community live and run a script of commands"};
  std::string url, tokens_file, watch, script_file;
  std::vector<std::string> subscriptions;
  int linger_ms = 500;
  int pace_ms = 0;
  app.add_option("--url", url, "ws://HOST:PORT/ws")->required();
  app.add_option("--tokens", tokens_file, "JSON object: member -> invitation token")->required();
  app.add_option("--watch", watch, "The member whose connection prints the stream");
  app.add_option("--subscribe", subscriptions, "STREAM or STREAM@SEQ (default: community)");
  app.add_option("--script", script_file, "Commands, one JSON object a line, each with \"as\"");
  app.add_option("--linger", linger_ms, "Keep printing this long after the script (ms)");
  app.add_option("--pace", pace_ms, "Wait this long between script lines (ms), to watch it live");
  CLI11_PARSE(app, argc, argv);

  const auto where = parse_ws_url(url);
  std::ifstream tokens_in(tokens_file);
  if (!where || !tokens_in) {
    std::cerr << "yishi-client: --url is ws://HOST:PORT/PATH and --tokens a readable file\n";
    return 2;
  }
  json tokens;
  try {
    tokens = json::parse(tokens_in);
  } catch (const std::exception& e) {
    std::cerr << "yishi-client: " << tokens_file << ": " << e.what() << '\n';
    return 2;
  }
  if (!tokens.is_object() || tokens.empty()) {
    std::cerr << "yishi-client: " << tokens_file << " must map members to tokens\n";
    return 2;
  }
  if (watch.empty()) watch = tokens.begin().key();
  std::vector<json> script;
  if (!script_file.empty()) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (script_file != "-") {
      file.open(script_file);
      in = &file;
    }
    std::string line;
    for (int n = 1; std::getline(*in, line); ++n) {
      if (line.empty() || line[0] == '#') continue;
      try {
        json c = json::parse(line);
        if (!c.is_object() || !c.contains("as") || !tokens.contains(c["as"])) {
          throw std::invalid_argument("needs \"as\": a member in the tokens file");
        }
        script.push_back(std::move(c));
      } catch (const std::exception& e) {
        std::cerr << "yishi-client: " << script_file << ":" << n << ": " << e.what() << '\n';
        return 2;
      }
    }
  }

  net::io_context ioc;
  std::map<std::string, std::shared_ptr<Connection>> connections;
  std::size_t next = 0;
  bool refused = false;
  std::function<void()> send_next;
  net::steady_timer linger(ioc);
  net::steady_timer pace(ioc);
  const auto finish = [&] {
    linger.expires_after(std::chrono::milliseconds(linger_ms));
    linger.async_wait([&](error_code) {
      for (auto& [m, c] : connections) c->close();
    });
  };
  // Replies to the script's commands, on whichever connection sent them.
  const auto on_reply = [&](const std::string& member, const json& m) {
    const std::string type = m.value("type", "");
    if (type == "welcome" && member != watch) return;
    if ((type == "ack" || type == "rejected" || type == "error") && m.contains("id") &&
        m["id"] == std::to_string(next)) {
      std::cerr << member << " #" << next << " " << m.dump() << '\n';
      refused = refused || type != "ack";
      if (pace_ms <= 0) return send_next();
      pace.expires_after(std::chrono::milliseconds(pace_ms));
      pace.async_wait([&](error_code) { send_next(); });
    } else if (type == "error" && member != watch) {
      std::cerr << member << ": " << m.dump() << '\n';
    }
  };
  const auto connection = [&](const std::string& member) {
    auto& c = connections[member];
    if (!c) {
      c = std::make_shared<Connection>(ioc, *where, tokens[member].get<std::string>(),
                                       [&, member](const json& m) {
                                         if (member == watch) {
                                           std::cout << m.dump() << '\n' << std::flush;
                                         }
                                         on_reply(member, m);
                                       });
      c->start();
    }
    return c;
  };
  send_next = [&] {
    if (next >= script.size()) return finish();
    json command = script[next];
    const std::string member = command["as"];
    command.erase("as");
    // "$now+90" in a field: that many seconds from now, so a script can schedule
    // a meeting whenever it runs.
    for (auto& [key, value] : command.items()) {
      if (value.is_string() && value.get<std::string>().starts_with("$now")) {
        const std::string offset = value.get<std::string>().substr(4);
        const std::time_t at = std::time(nullptr) + (offset.empty() ? 0 : std::stoll(offset));
        std::tm utc{};
        gmtime_r(&at, &utc);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
        value = text;
      }
    }
    ++next;
    connection(member)->send(
        json{{"type", "command"}, {"id", std::to_string(next)}, {"command", command}});
  };
  // Replies are matched by the id of the line in flight: ids count from 1.
  auto watcher = connection(watch);
  if (subscriptions.empty()) subscriptions.push_back("community");
  for (const std::string& s : subscriptions) {
    json sub = {{"type", "subscribe"}, {"stream", s.substr(0, s.find('@'))}};
    if (s.find('@') != std::string::npos) sub["after_seq"] = std::stoull(s.substr(s.find('@') + 1));
    watcher->send(sub);
  }
  if (script.empty() && linger_ms >= 0) {
    if (linger_ms > 0) finish();  // follow for a while; 0 or less: until interrupted
  } else {
    send_next();
  }
  ioc.run();
  return refused ? 1 : 0;
}
