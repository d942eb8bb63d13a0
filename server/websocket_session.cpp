#include "server/websocket_session.hpp"

#include <spdlog/spdlog.h>

#include "engine/wire/messages.hpp"

namespace yishi::server {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

WebSocketSession::WebSocketSession(beast::tcp_stream&& stream, std::shared_ptr<ServerState> state,
                                   std::string ip, std::size_t share)
    : ws_(std::move(stream)),
      state_(std::move(state)),
      ip_(std::move(ip)),
      share_(share),
      hello_timer_(ws_.get_executor()),
      commands_(state_->config().command_burst, Clock::now()),
      checks_(state_->config().check_burst, Clock::now()) {
  state_->metrics().connections += 1;
  state_->metrics().connections_total += 1;
}

WebSocketSession::~WebSocketSession() {
  state_->metrics().connections -= 1;
  state_->metrics().queued_messages -= queued_messages_;
  state_->release(ip_);
  state_->leave(this);
  state_->shares().leave(share_);
}

void WebSocketSession::run(http::request<http::string_body> request) {
  const Config& config = state_->config();
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = std::chrono::seconds(10);
  timeout.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  timeout.keep_alive_pings = true;  // an idle client is pinged at half the timeout
  ws_.set_option(timeout);
  ws_.read_message_max(config.max_message_bytes);
  // No permessage-deflate: compression of attacker-chosen text next to secrets
  // is a side channel, and it costs more CPU than the bytes it saves here.
  websocket::permessage_deflate deflate;
  deflate.server_enable = false;
  ws_.set_option(deflate);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "yishi-server"); }));
  beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts take over
  ws_.async_accept(request,
                   beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::on_accept(error_code ec) {
  if (ec) return;
  ws_.next_layer().on_idle([weak = weak_from_this()] {
    if (auto self = weak.lock()) self->write();
  });
  state_->join(shared_from_this());
  hello_timer_.expires_after(std::chrono::seconds(state_->config().hello_timeout_seconds));
  hello_timer_.async_wait([self = shared_from_this()](error_code e) {
    if (e || self->auth_ || self->closing_) return;
    self->send(error_message({"unauthenticated", "no hello in time", ""}));
    self->close_after_sending(websocket::close_code::policy_error, "no hello");
  });
  read();
}

void WebSocketSession::read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(error_code ec, std::size_t) {
  if (ec) {
    // A message over the limit: Beast has already failed the connection (1009).
    if (ec != websocket::error::closed && ec != net::error::operation_aborted) {
      spdlog::debug("ws {}: read ended: {}", ip_, ec.message());
    }
    hello_timer_.cancel();
    return;
  }
  if (ws_.got_binary()) {
    buffer_.consume(buffer_.size());
    close_now(websocket::close_code::unknown_data, "text frames only");
    return;
  }
  state_->metrics().messages_in += 1;
  const std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  buffer_.shrink_to_fit();  // an idle session holds no read buffer (clients write rarely)
  handle(text);
  if (!closing_) read();
}

void WebSocketSession::handle(std::string_view text) {
  auto parsed = parse_client_message(text);
  if (!parsed) return refuse(parsed.error());
  if (!auth_ && !std::holds_alternative<msg::Hello>(*parsed)) {
    send(error_message({"unauthenticated", "say hello first", ""}));
    return close_after_sending(websocket::close_code::policy_error, "unauthenticated");
  }
  std::visit(
      [&](auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, msg::Hello>) {
          on_hello(m);
        } else if constexpr (std::is_same_v<M, msg::Command>) {
          on_command(std::move(m));
        } else if constexpr (std::is_same_v<M, msg::Check>) {
          on_check(std::move(m));
        } else if constexpr (std::is_same_v<M, msg::Subscribe>) {
          on_subscribe(m);
        } else if constexpr (std::is_same_v<M, msg::Unsubscribe>) {
          if (streams_.erase(m.stream)) auth_->community->unsubscribe(m.stream, this);
        } else {
          send(pong_message(service::system_clock_now()));
        }
      },
      *parsed);
}

void WebSocketSession::on_hello(const msg::Hello& hello) {
  if (auth_) return refuse({"bad_message", "hello was already said", ""});
  if (hello.protocol != kProtocol) {
    send(error_message(
        {"unauthenticated", fmt::format("this server speaks protocol {}", kProtocol), ""}));
    return close_after_sending(websocket::close_code::policy_error, "protocol");
  }
  auto who = state_->authenticate(hello.token, service::system_clock_now());
  if (!who) {
    spdlog::info("ws {}: hello refused: {}", ip_, who.error());
    send(error_message({"unauthenticated",
                        "the invitation is not valid (unknown, expired or "
                        "revoked): ask for a new one",
                        ""}));
    return close_after_sending(websocket::close_code::policy_error, "unauthenticated");
  }
  hello_timer_.cancel();
  auth_ = std::move(*who);
  spdlog::info("ws {}: {} of {} signed in (token {})", ip_, auth_->session.member,
               auth_->community->id(), auth_->token_id);
  send(welcome_message(auth_->community->id(), auth_->session.member, auth_->session.roles,
                       service::system_clock_now(), auth_->view, auth_->meeting));
}

void WebSocketSession::on_subscribe(const msg::Subscribe& subscribe) {
  streams_.insert(subscribe.stream);
  std::weak_ptr<WebSocketSession> weak = shared_from_this();
  auth_->community->subscribe(subscribe.stream, subscribe.after_seq, weak,
                              [weak, stream = subscribe.stream](service::StreamRefusal why) {
                                auto self = weak.lock();
                                if (!self) return;
                                net::post(self->ws_.get_executor(),
                                          [self, stream, why = std::move(why)] {
                                            self->streams_.erase(stream);
                                            self->send(error_message({why.code, why.reason, ""}));
                                          });
                              });
}

bool WebSocketSession::take_token(bool check, const std::string& id) {
  // A refusal for rate is not remembered: a retry may pass.
  const Config& config = state_->config();
  const double rate = check ? config.checks_per_second : config.commands_per_second;
  if ((check ? checks_ : commands_)
          .take(rate, check ? config.check_burst : config.command_burst, Clock::now())) {
    return true;
  }
  state_->metrics().rate_limited += 1;
  send(error_message({"rate_limited",
                      fmt::format("at most {} {} a second", rate, check ? "checks" : "commands"),
                      id}));
  return false;
}

void WebSocketSession::on_check(msg::Check check) {
  // Each check costs the community thread a decision: limited, like commands.
  if (!take_token(true, check.id)) return;
  std::weak_ptr<WebSocketSession> weak = shared_from_this();
  auth_->community->check(auth_->session, std::move(check.command),
                          [weak, id = check.id](std::optional<engine::Rejection> refusal) {
                            auto self = weak.lock();
                            if (!self) return;
                            net::post(self->ws_.get_executor(), [self, id, refusal] {
                              self->send(checked_message(id, refusal));
                            });
                          });
}

void WebSocketSession::on_command(msg::Command command) {
  if (!take_token(false, command.id)) return;
  // Re-sent ids are answered by the community (the first reply, never applied twice).
  std::weak_ptr<WebSocketSession> weak = shared_from_this();
  auth_->community->submit(
      auth_->session, command.id, std::move(command.command), [weak](service::CommandReply reply) {
        auto self = weak.lock();
        if (!self) return;
        self->replies_coming_.fetch_add(1, std::memory_order_relaxed);
        net::post(self->ws_.get_executor(), [self, reply = std::move(reply)] {
          std::string text;
          if (reply.storage_error) {
            // Not committed, so not remembered: the same id may be sent again.
            spdlog::error("commit failed: {}", *reply.storage_error);
            text =
                error_message({"io", "the command could not be stored; send it again", reply.id});
          } else {
            text = reply.seq ? ack_message(reply.id, *reply.seq, reply.receipt)
                             : rejected_message(reply.id, *reply.rejection);
          }
          self->enqueue({std::make_shared<const std::string>(std::move(text))});
          // The last of the replies handed over together writes them all.
          if (self->replies_coming_.fetch_sub(1, std::memory_order_acq_rel) == 1) self->write();
        });
      });
}

void WebSocketSession::refuse(const ProtocolError& error) {
  state_->metrics().protocol_errors += 1;
  const auto now = Clock::now();
  if (now - bad_window_start_ > std::chrono::minutes(1)) {
    bad_window_start_ = now;
    bad_messages_ = 0;
  }
  ++bad_messages_;
  send(error_message(error));
  if (bad_messages_ > state_->config().bad_messages_per_minute) {
    spdlog::info("ws {}: dropped after {} bad messages in a minute", ip_, bad_messages_);
    close_after_sending(websocket::close_code::policy_error, "too many bad messages");
  }
}

void WebSocketSession::deliver(std::span<const service::SharedText> messages) {
  net::post(ws_.get_executor(),
            [self = shared_from_this(),
             batch = std::vector<service::SharedText>(messages.begin(), messages.end())] {
              for (const service::SharedText& message : batch) {
                if (!self->enqueue({message})) break;
              }
              self->write();  // all of them, in one gathered write when nothing is in flight
            });
}

void WebSocketSession::deliver_framed(const FramedBatch& batch) {
  if (enqueue({batch.bytes, batch.frames})) write();
}

void WebSocketSession::close_going_away() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    self->close_after_sending(websocket::close_code::going_away, "server shutting down");
  });
}

void WebSocketSession::send(std::string message) {
  send(std::make_shared<const std::string>(std::move(message)));
}

void WebSocketSession::send(service::SharedText message) {
  if (enqueue({std::move(message)})) write();
}

bool WebSocketSession::enqueue(Outgoing out) {
  if (closing_ || close_when_sent_) return false;
  if (queued_messages_ + out.messages() > state_->config().send_queue_messages) {
    resync();
    return false;
  }
  queued_messages_ += out.messages();
  state_->metrics().queued_messages += out.messages();
  queue_.push_back(std::move(out));
  return true;
}

// The client stopped reading while events kept coming: drop what is queued (all
// but the frames being written) and tell it to subscribe again from its last seq.
void WebSocketSession::resync() {
  state_->metrics().resyncs += 1;
  if (++resyncs_ > 3) {
    state_->metrics().dropped_slow += 1;
    spdlog::info("ws {}: dropped: fell behind {} times", ip_, resyncs_);
    return close_now(websocket::close_code::policy_error, "too slow");
  }
  state_->metrics().queued_messages -= queued_messages_ - messages_in_flight_;
  queued_messages_ = messages_in_flight_;
  queue_.keep_front(entries_in_flight_);
  for (const std::string& stream : streams_) {
    auth_->community->unsubscribe(stream, this);
    queue_.push_back({std::make_shared<const std::string>(wire::resync_message(
        stream, "you fell behind: subscribe again with the last seq you received"))});
    queued_messages_ += 1;
    state_->metrics().queued_messages += 1;
  }
  streams_.clear();
  write();
}

// Everything queued, up to kBuffersPerWrite buffers per gathered write: written
// at once while the socket takes it, the rest asynchronously.
void WebSocketSession::write() {
  while (entries_in_flight_ == 0 && !queue_.empty() && !closing_) {
    if (ws_.next_layer().busy()) return;  // Beast is writing: on_idle calls back
    headers_.clear();
    std::size_t buffers = 0;
    messages_in_flight_ = 0;
    for (const Outgoing& out : queue_.front(queue_.size())) {
      const std::size_t needed = out.frames == 0 ? 2 : 1;
      if (buffers + needed > kBuffersPerWrite) break;
      buffers += needed;
      if (out.frames == 0) headers_.emplace_back(out.text->size());
      ++entries_in_flight_;
      messages_in_flight_ += out.messages();
    }
    gathered_.clear();
    std::size_t header = 0;
    for (const Outgoing& out : queue_.front(entries_in_flight_)) {
      if (out.frames == 0) {
        const auto bytes = headers_[header++].bytes();
        gathered_.push_back(net::buffer(bytes.data(), bytes.size()));
      }
      gathered_.push_back(net::buffer(*out.text));
    }
    state_->metrics().writes += 1;
    state_->metrics().frames_out += messages_in_flight_;
    error_code ec;
    const std::size_t written = ws_.next_layer().write_now(gathered_, ec);
    if (!ec && written == net::buffer_size(gathered_)) {
      sent();
      continue;
    }
    if (ec && ec != net::error::would_block && ec != net::error::try_again) {
      return on_write(ec, 0);
    }
    // The socket's buffer is full: the rest when the peer has read some.
    skip_bytes(gathered_, written);
    ws_.next_layer().write_batch(
        gathered_, beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
    return;
  }
  close_if_all_sent();
}

void WebSocketSession::close_if_all_sent() {
  if (entries_in_flight_ > 0 || !queue_.empty() || !close_when_sent_) return;
  auto reason = *close_when_sent_;
  close_when_sent_.reset();
  close_now(static_cast<websocket::close_code>(reason.code),
            std::string(reason.reason.data(), reason.reason.size()));
}

void WebSocketSession::skip_bytes(std::vector<net::const_buffer>& buffers, std::size_t bytes) {
  auto first = buffers.begin();
  while (first != buffers.end() && bytes >= first->size()) {
    bytes -= first->size();
    ++first;
  }
  if (first != buffers.end()) *first += bytes;
  buffers.erase(buffers.begin(), first);
}

void WebSocketSession::sent() {
  queue_.pop_front(entries_in_flight_);
  queued_messages_ -= messages_in_flight_;
  state_->metrics().queued_messages -= messages_in_flight_;
  entries_in_flight_ = 0;
  messages_in_flight_ = 0;
}

void WebSocketSession::on_write(error_code ec, std::size_t) {
  sent();
  if (ec) return;
  write();
}

void WebSocketSession::close_after_sending(websocket::close_code code, std::string reason) {
  if (closing_ || close_when_sent_) return;
  if (entries_in_flight_ == 0 && queue_.empty()) return close_now(code, std::move(reason));
  close_when_sent_ = websocket::close_reason(code, reason);
  write();  // what is queued may be waiting for replies still coming
}

void WebSocketSession::close_now(websocket::close_code code, std::string reason) {
  if (closing_) return;
  closing_ = true;
  hello_timer_.cancel();
  if (auth_) {
    for (const std::string& stream : streams_) auth_->community->unsubscribe(stream, this);
  }
  ws_.async_close(websocket::close_reason(code, reason),
                  [self = shared_from_this()](error_code) {});
}

}  // namespace yishi::server
