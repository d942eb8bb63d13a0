// One live client on /ws: hello, then subscriptions and commands (see
// schemas/README.md). Runs on its own strand. One write in flight and a bounded
// send queue: a client that falls behind is told to resync and its queued
// events are dropped, so a reader that stops reading costs a capped amount of
// memory; one that falls behind again and again is disconnected.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "server/net.hpp"
#include "server/protocol.hpp"
#include "server/server_state.hpp"

namespace yishi::server {

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession>,
                         public service::Subscriber,
                         public Closable {
 public:
  WebSocketSession(beast::tcp_stream&& stream, std::shared_ptr<ServerState> state, std::string ip);
  ~WebSocketSession() override;

  // Completes the upgrade the HTTP session read (Origin already checked).
  void run(http::request<http::string_body> request);

  // From the community thread (events) or any other: posted to the strand.
  void deliver(const service::SharedText& message) override;
  void close_going_away() override;

 private:
  void on_accept(error_code ec);
  void read();
  void on_read(error_code ec, std::size_t bytes);
  void handle(std::string_view text);
  void on_hello(const msg::Hello& hello);
  void on_command(msg::Command command);
  void on_subscribe(const msg::Subscribe& subscribe);
  // A refusal of the message itself; too many in a minute and the client is dropped.
  void refuse(const ProtocolError& error);

  void send(service::SharedText message);
  void send(std::string message);
  void write();
  void on_write(error_code ec, std::size_t bytes);
  // Sends what is queued, then closes with `code`.
  void close_after_sending(websocket::close_code code, std::string reason);
  void close_now(websocket::close_code code, std::string reason);
  void resync();

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<ServerState> state_;
  std::string ip_;
  net::steady_timer hello_timer_;

  std::deque<service::SharedText> queue_;
  bool writing_ = false;
  bool closing_ = false;
  std::optional<websocket::close_reason> close_when_sent_;
  int resyncs_ = 0;

  std::optional<ServerState::Authenticated> auth_;
  std::set<std::string> streams_;

  double tokens_ = 0;
  std::chrono::steady_clock::time_point refilled_;
  std::deque<std::chrono::steady_clock::time_point> bad_messages_;
};

}  // namespace yishi::server
