// Accepts TCP connections and hands each, on its own strand, to an HttpSession.
#pragma once

#include <memory>

#include "server/net.hpp"
#include "server/server_state.hpp"

namespace yishi::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::endpoint endpoint, std::shared_ptr<ServerState> state);
  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void run();
  void stop();  // from any thread: no new connections

 private:
  void accept();
  void on_accept(error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<ServerState> state_;
};

}  // namespace yishi::server
