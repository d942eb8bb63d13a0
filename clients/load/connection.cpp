#include "clients/load/connection.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

namespace yishi::load {

namespace {

constexpr std::size_t kReadChunk = 64 * 1024;

enum Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

std::uint32_t random_mask_key() {
  static std::mt19937 generator{std::random_device{}()};
  return static_cast<std::uint32_t>(generator()) | 1;  // never 0: xorshift would stay there
}

}  // namespace

void fail(const std::string& what) {
  std::printf("{\"error\":%s}\n", nlohmann::json(what).dump().c_str());
  std::exit(2);
}

Connection::Connection(net::io_context& ioc, std::string token, Handler on_message)
    : socket_(ioc),
      token_(std::move(token)),
      on_message_(std::move(on_message)),
      mask_key_(random_mask_key()) {}

void Connection::start(const tcp::resolver::results_type& where, const clients::WsUrl& url,
                       std::function<void()> on_welcome) {
  on_welcome_ = std::move(on_welcome);
  net::async_connect(
      socket_, where, [self = shared_from_this(), url](error_code ec, const tcp::endpoint&) {
        if (ec) fail("connect: " + ec.message());
        self->socket_.set_option(tcp::no_delay(true));  // as the reference client (ws) does
        self->socket_.non_blocking(true);
        // The RFC 6455 sample key: the server's answer is not checked beyond its 101.
        self->out_ =
            "GET " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" + url.port +
            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        self->flush();
        net::async_read_until(self->socket_, net::dynamic_buffer(self->handshake_), "\r\n\r\n",
                              [self](error_code r, std::size_t header_bytes) {
                                if (r) fail("handshake: " + r.message());
                                const std::string_view answer(self->handshake_);
                                const auto status = answer.substr(0, answer.find("\r\n"));
                                if (status.find(" 101 ") == std::string_view::npos) {
                                  fail("handshake: " + std::string(status));
                                }
                                const auto rest = answer.substr(header_bytes);
                                self->make_room(std::max<std::size_t>(rest.size(), 1));
                                if (!rest.empty()) {
                                  std::memcpy(self->in_.get(), rest.data(), rest.size());
                                }
                                self->in_size_ = rest.size();
                                self->handshake_.clear();
                                self->on_handshake_response();
                              });
      });
}

void Connection::on_handshake_response() {
  if (token_.empty()) {
    std::exchange(on_welcome_, nullptr)();
  } else {
    send(nlohmann::json{{"type", "hello"}, {"protocol", 1}, {"token", token_}}.dump());
  }
  consume_frames();  // what came with the handshake's answer
  read();
}

void Connection::make_room(std::size_t bytes) {
  if (in_capacity_ - in_size_ >= bytes) return;
  const std::size_t capacity = std::max(in_capacity_ * 2, in_size_ + bytes);
  auto grown = std::make_unique_for_overwrite<char[]>(capacity);
  if (in_size_ > 0) std::memcpy(grown.get(), in_.get(), in_size_);
  in_ = std::move(grown);
  in_capacity_ = capacity;
}

void Connection::read() {
  make_room(kReadChunk);
  socket_.async_read_some(net::buffer(in_.get() + in_size_, in_capacity_ - in_size_),
                          [self = shared_from_this()](error_code ec, std::size_t n) {
                            if (ec) return;  // the run ends by closing everything
                            self->in_size_ += n;
                            self->consume_frames();
                            self->read();
                          });
}

// Every whole frame read so far, in order, before returning (as ws's Receiver does).
void Connection::consume_frames() {
  std::size_t at = 0;
  for (;;) {
    const std::size_t available = in_size_ - at;
    if (available < 2) break;
    const auto* p = reinterpret_cast<const unsigned char*>(in_.get() + at);
    const bool fin = (p[0] & 0x80) != 0;
    const std::uint8_t opcode = p[0] & 0x0f;
    if ((p[1] & 0x80) != 0) fail("a server sent a masked frame");
    std::uint64_t length = p[1] & 0x7f;
    std::size_t header = 2;
    if (length == 126) {
      if (available < 4) break;
      length = (std::uint64_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (available < 10) break;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | p[2 + i];
      header = 10;
    }
    if (available - header < length) break;
    const std::string_view payload(in_.get() + at + header, length);
    at += header + length;
    switch (opcode) {
      case kText:
      case kBinary:
        if (fin) {
          on_message(payload);
        } else {
          message_.assign(payload);
        }
        break;
      case kContinuation:
        message_.append(payload);
        if (fin) {
          on_message(message_);
          message_.clear();
        }
        break;
      case kPing:
        send_frame(kPong, payload);
        break;
      case kClose:
        socket_.close();
        return;
      default:
        break;
    }
  }
  in_size_ -= at;
  if (in_size_ > 0 && at > 0) std::memmove(in_.get(), in_.get() + at, in_size_);
}

void Connection::on_message(std::string_view text) {
  if (on_welcome_ && text.find("\"type\":\"welcome\"") != std::string_view::npos) {
    std::exchange(on_welcome_, nullptr)();
  } else if (text.find("\"type\":\"error\"") != std::string_view::npos &&
             text.find("unauthenticated") != std::string_view::npos) {
    fail("hello refused: " + std::string(text));
  } else {
    on_message_(text);
  }
}

void Connection::send(std::string_view text) {
  send_frame(kText, text);
}

void Connection::send_frame(std::uint8_t opcode, std::string_view payload) {
  out_.push_back(static_cast<char>(0x80 | opcode));
  if (payload.size() < 126) {
    out_.push_back(static_cast<char>(0x80 | payload.size()));
  } else if (payload.size() <= 0xffff) {
    out_.push_back(static_cast<char>(0x80 | 126));
    out_.push_back(static_cast<char>(payload.size() >> 8));
    out_.push_back(static_cast<char>(payload.size() & 0xff));
  } else {
    out_.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out_.push_back(static_cast<char>((std::uint64_t{payload.size()} >> shift) & 0xff));
    }
  }
  // A fresh key per frame, as RFC 6455 asks (xorshift: cheap, and no server
  // here depends on its quality).
  mask_key_ ^= mask_key_ << 13;
  mask_key_ ^= mask_key_ >> 17;
  mask_key_ ^= mask_key_ << 5;
  unsigned char key[4];
  std::memcpy(key, &mask_key_, 4);
  out_.append(reinterpret_cast<const char*>(key), 4);
  const std::size_t start = out_.size();
  out_.append(payload);
  for (std::size_t i = 0; i < payload.size(); ++i) out_[start + i] ^= static_cast<char>(key[i % 4]);
  flush();
}

// At once while the socket takes it (as Node's socket.write does); what it does
// not take goes asynchronously, and what is sent meanwhile follows it.
void Connection::flush() {
  if (write_pending_ || out_.empty()) return;
  error_code ec;
  const std::size_t written = socket_.write_some(net::buffer(out_), ec);
  if (ec && ec != net::error::would_block && ec != net::error::try_again) {
    fail("write: " + ec.message());
  }
  out_.erase(0, ec ? 0 : written);
  if (out_.empty()) return;
  writing_.swap(out_);
  write_pending_ = true;
  net::async_write(socket_, net::buffer(writing_),
                   [self = shared_from_this()](error_code w, std::size_t) {
                     if (w == net::error::operation_aborted) return;  // closed: the run is ending
                     if (w) fail("write: " + w.message());
                     self->write_pending_ = false;
                     self->writing_.clear();
                     self->flush();
                   });
}

}  // namespace yishi::load
