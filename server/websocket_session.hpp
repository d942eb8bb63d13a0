// One live client on /ws: hello, then subscriptions and commands (see
// schemas/README.md). Runs on its own strand. One write in flight and a bounded
// send queue: a client that falls behind is told to resync and its queued
// events are dropped, so a reader that stops reading costs a capped amount of
// memory; one that falls behind again and again is disconnected. What queues
// while a write is in flight goes out in the next write, many frames at once
// (see corked_stream.hpp).
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "server/corked_stream.hpp"
#include "server/frame_header.hpp"
#include "server/net.hpp"
#include "server/protocol.hpp"
#include "server/send_queue.hpp"
#include "server/server_state.hpp"
#include "server/token_bucket.hpp"

namespace yishi::server {

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession>,
                         public service::Subscriber,
                         public Closable {
 public:
  // share: the Shares strand `stream` runs on.
  WebSocketSession(beast::tcp_stream&& stream, std::shared_ptr<ServerState> state, std::string ip,
                   std::size_t share);
  ~WebSocketSession() override;

  // Completes the upgrade the HTTP session read (Origin already checked).
  void run(http::request<http::string_body> request);

  // From the community thread (events) or any other: posted to the strand.
  void deliver(std::span<const service::SharedText> messages) override;
  // On the session's strand, its share's (FanOut hands a window over there).
  void deliver_framed(const FramedBatch& batch);
  std::size_t share() const { return share_; }
  void close_going_away() override;
  void abandon() override { ws_.next_layer().abandon(); }

 private:
  void on_accept(error_code ec);
  void read();
  void on_read(error_code ec, std::size_t bytes);
  void handle(std::string_view text);
  void on_hello(const msg::Hello& hello);
  void on_command(msg::Command command);
  void on_check(msg::Check check);
  // The per-connection rate of commands (or of checks): false, and the client
  // told, when the bucket is empty.
  bool take_token(bool check, const std::string& id);
  void on_subscribe(const msg::Subscribe& subscribe);
  // A refusal of the message itself; too many in a minute and the client is dropped.
  void refuse(const ProtocolError& error);

  // What waits to be written: one message, or messages framed once for many
  // sessions (frames > 0).
  struct Outgoing {
    service::SharedText text;
    std::size_t frames = 0;
    std::size_t messages() const { return frames == 0 ? 1 : frames; }
  };

  void send(service::SharedText message);
  void send(std::string message);
  // Queues without writing; false once the session stopped taking messages.
  bool enqueue(Outgoing out);
  void write();
  void on_write(error_code ec, std::size_t bytes);
  // The write in flight is on the wire.
  void sent();
  // A close that waited for the queue to drain: now, if it has.
  void close_if_all_sent();
  static void skip_bytes(std::vector<net::const_buffer>& buffers, std::size_t bytes);
  // Sends what is queued, then closes with `code`.
  void close_after_sending(websocket::close_code code, std::string reason);
  void close_now(websocket::close_code code, std::string reason);
  void resync();

  // At most this many buffers per gathered write (Asio hands the kernel up to 64
  // at a time): two for a single message, its header and text, one for a batch.
  static constexpr std::size_t kBuffersPerWrite = 64;

  websocket::stream<CorkedStream> ws_;
  beast::flat_buffer buffer_;
  std::shared_ptr<ServerState> state_;
  std::string ip_;
  std::size_t share_;
  net::steady_timer hello_timer_;

  SendQueue<Outgoing> queue_;
  std::size_t queued_messages_ = 0;  // in queue_ (a batch counts its frames)
  // The write in flight: the front entries_in_flight_ entries of queue_ (holding
  // messages_in_flight_ messages), the headers of the single messages among them
  // (here, not in the queue, which may grow and move while it is written) and the
  // gathered buffers.
  std::size_t entries_in_flight_ = 0;
  std::size_t messages_in_flight_ = 0;
  std::vector<FrameHeader> headers_;
  std::vector<net::const_buffer> gathered_;
  bool closing_ = false;
  std::optional<websocket::close_reason> close_when_sent_;
  int resyncs_ = 0;
  // Replies of this session's commands handed to its strand and not yet queued:
  // counted up on the community thread as each is handed over, so that the
  // replies of one commit go out in one write (the last one writes).
  std::atomic<std::size_t> replies_coming_{0};

  std::optional<ServerState::Authenticated> auth_;
  std::set<std::string> streams_;

  TokenBucket commands_;  // commands_per_second, command_burst
  TokenBucket checks_;    // checks_per_second, check_burst
  // Bad messages in the current minute (a fixed window: cheaper than a log of times).
  std::chrono::steady_clock::time_point bad_window_start_{};
  std::size_t bad_messages_ = 0;
};

}  // namespace yishi::server
