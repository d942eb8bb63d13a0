// Accepts TCP connections and hands each to an HttpSession, on one of the
// network threads' shares (FanOut::shares), in turn: a fan-out runs on a
// share's strand and so reaches each of its sessions without a dispatch.
#pragma once

#include <memory>
#include <vector>

#include "server/net.hpp"
#include "server/server_state.hpp"

namespace yishi::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  using Share = net::strand<net::io_context::executor_type>;
  Listener(net::io_context& ioc, tcp::endpoint endpoint, std::shared_ptr<ServerState> state,
           std::vector<Share> shares);
  tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void run();
  void stop();  // from any thread: no new connections

 private:
  void accept();
  void on_accept(std::size_t share, error_code ec, tcp::socket socket);

  tcp::acceptor acceptor_;
  std::shared_ptr<ServerState> state_;
  std::vector<Share> shares_;
  std::size_t next_share_ = 0;
};

}  // namespace yishi::server
