// One HTTP connection: static files for clients/web, the read-only JSON API,
// /healthz and /metrics; and the upgrade to /ws, after the Origin check and the
// per-IP cap, handed to a WebSocketSession.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "server/net.hpp"
#include "server/server_state.hpp"

namespace yishi::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, std::shared_ptr<ServerState> state);
  void run();

 private:
  void read();
  void on_read(error_code ec, std::size_t bytes);
  void upgrade();
  void respond(http::response<http::string_body> response);
  void on_write(bool keep_alive, error_code ec, std::size_t bytes);
  // A response made on a community's thread, sent from this session's strand.
  void api(service::LiveCommunity& community, std::string_view path, std::string_view query);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<ServerState> state_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  std::string ip_;
  bool keep_alive_ = false;
};

}  // namespace yishi::server
