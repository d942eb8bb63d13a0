// The layer under Beast's websocket stream that lets a session write many
// queued, already framed messages with one gathered write ("corking", as
// uWebSockets does): one send() per batch instead of one per message, which is
// most of the cost of a fan-out. Beast still writes its own frames through this
// layer (the handshake reply, pongs, keep-alive pings, the close frame); the two
// kinds of write never overlap on the wire: each is written in full before the
// other starts, a Beast write that arrives during a batch waits for it, and a
// batch waits while busy() says so.
//
// Used from the session's strand only (the tcp_stream's executor is that strand).
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "server/net.hpp"

namespace yishi::server {

class CorkedStream {
 public:
  using executor_type = beast::tcp_stream::executor_type;

  explicit CorkedStream(beast::tcp_stream&& next) : next_(std::move(next)) {}

  executor_type get_executor() noexcept { return next_.get_executor(); }
  beast::tcp_stream& next_layer() noexcept { return next_; }
  const beast::tcp_stream& next_layer() const noexcept { return next_; }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return next_.async_read_some(buffers, std::forward<Token>(token));
  }

  // Beast's writes. Each is written in full (Beast writes a frame per call), so
  // a batch can never land between two halves of one of Beast's frames.
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return net::async_initiate<Token, void(error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& b) {
          BeastWrite write{{net::buffer_sequence_begin(b), net::buffer_sequence_end(b)},
                           std::move(handler)};
          if (batch_in_flight_) {
            waiting_ = std::move(write);  // Beast has at most one write in flight
            return;
          }
          start(std::move(write));
        },
        token, buffers);
  }

  // Drops a Beast write waiting for a batch that will never complete (the
  // network threads have stopped): its handler may own the session that owns
  // this stream. The caller must hold the session while this runs.
  void abandon() {
    waiting_.reset();
    on_idle_ = nullptr;
  }

  // Whether a batch may start now.
  bool busy() const { return batch_in_flight_ || beast_in_flight_ || waiting_.has_value(); }

  // Called (on the strand) when one of Beast's writes ended and nothing is in
  // flight: the session's chance to write what queued meanwhile.
  void on_idle(std::function<void()> callback) { on_idle_ = std::move(callback); }

  // Writes what the socket takes now of `frames` with one sendmsg, never
  // blocking: the bytes written (usually all), or 0 and `ec` (would_block when
  // the socket's buffer is full). Most batches end here, with no handler, no
  // reactor registration and no completion to dispatch; write_batch sends the
  // rest. Precondition: !busy().
  std::size_t write_now(std::span<const net::const_buffer> frames, error_code& ec) {
    auto& socket = next_.socket();
    if (!socket.non_blocking()) {
      socket.non_blocking(true, ec);
      if (ec) return 0;
    }
    return socket.write_some(frames, ec);
  }

  // Writes `frames` (complete WebSocket frames) with one gathered write.
  // Precondition: !busy(). The buffers must outlive the write.
  template <class Handler>
  void write_batch(std::span<const net::const_buffer> frames, Handler&& handler) {
    batch_in_flight_ = true;
    net::async_write(
        next_, frames,
        [this, handler = std::forward<Handler>(handler)](error_code ec, std::size_t bytes) mutable {
          batch_in_flight_ = false;
          if (waiting_) {
            BeastWrite write = std::move(*waiting_);
            waiting_.reset();
            start(std::move(write));
          }
          std::move(handler)(ec, bytes);
        });
  }

 private:
  struct BeastWrite {
    std::vector<net::const_buffer> buffers;  // Beast keeps the bytes alive until it is called back
    net::any_completion_handler<void(error_code, std::size_t)> handler;
  };

  void start(BeastWrite write) {
    beast_in_flight_ = true;
    auto buffers = std::move(write.buffers);
    net::async_write(
        next_, buffers,
        [this, handler = std::move(write.handler)](error_code ec, std::size_t bytes) mutable {
          beast_in_flight_ = false;
          // The session first, Beast last: Beast's handler may hold the
          // last reference to the session, and so to this object.
          if (on_idle_ && !busy()) on_idle_();
          std::move(handler)(ec, bytes);
        });
  }

  beast::tcp_stream next_;
  bool batch_in_flight_ = false;
  bool beast_in_flight_ = false;
  std::optional<BeastWrite> waiting_;
  std::function<void()> on_idle_;
};

// How a websocket::stream<CorkedStream> tears its connection down: as the TCP
// stream underneath does (found by argument-dependent lookup).
inline void teardown(beast::role_type role, CorkedStream& stream, error_code& ec) {
  beast::teardown(role, stream.next_layer(), ec);
}

template <class TeardownHandler>
void async_teardown(beast::role_type role, CorkedStream& stream, TeardownHandler&& handler) {
  beast::async_teardown(role, stream.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace yishi::server
