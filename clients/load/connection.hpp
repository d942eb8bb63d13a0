// One load connection, WebSocket by hand on an Asio socket, read the way the
// peers' reference client (Node's `ws`) reads: every frame of one read is handed
// to the caller before anything else runs. Beast hands over one message per
// read and posts the next to the back of the queue, so with a thousand sockets
// the events of one write completed a thousand handlers apart, and the load's
// next commands trickled in one by one where the reference client's go
// together. Writes go out at once when the socket takes them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio.hpp>

#include "clients/ws_url.hpp"

namespace yishi::load {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

[[noreturn]] void fail(const std::string& what);

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Handler = std::function<void(std::string_view)>;
  // An empty token: the peer's plain protocol, no hello (welcomed at the handshake).
  Connection(net::io_context& ioc, std::string token, Handler on_message);

  void start(const tcp::resolver::results_type& where, const clients::WsUrl& url,
             std::function<void()> on_welcome);

  // A text message, masked as a client's must be.
  void send(std::string_view text);

 private:
  void on_handshake_response();
  void read();
  void make_room(std::size_t bytes);
  void consume_frames();
  void on_message(std::string_view text);
  void send_frame(std::uint8_t opcode, std::string_view payload);
  void flush();

  tcp::socket socket_;
  std::string token_;
  Handler on_message_;
  std::function<void()> on_welcome_;
  std::string handshake_;       // the server's answer to the upgrade, and what came with it
  std::unique_ptr<char[]> in_;  // bytes read and not yet consumed: in_[0, in_size_)
  std::size_t in_size_ = 0, in_capacity_ = 0;
  std::string message_;  // a fragmented message being put together
  std::string out_;      // bytes to write
  std::string writing_;  // bytes being written asynchronously
  bool write_pending_ = false;
  std::uint32_t mask_key_;
};

}  // namespace yishi::load
