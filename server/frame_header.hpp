// The header of a server-to-client WebSocket text frame (RFC 6455 §5.2): final,
// unmasked (a server never masks), no extensions. The session writes it in front
// of a message it sends with its own gathered writes (see corked_stream.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace yishi::server {

class FrameHeader {
 public:
  explicit FrameHeader(std::uint64_t payload_size) {
    bytes_[0] = 0x81;  // FIN, opcode 1 (text)
    if (payload_size < 126) {
      bytes_[1] = static_cast<std::uint8_t>(payload_size);
      size_ = 2;
    } else if (payload_size <= 0xffff) {
      bytes_[1] = 126;
      put_big_endian(payload_size, 2);
      size_ = 4;
    } else {
      bytes_[1] = 127;
      put_big_endian(payload_size, 8);
      size_ = 10;
    }
  }

  std::span<const std::uint8_t> bytes() const { return {bytes_.data(), size_}; }

 private:
  void put_big_endian(std::uint64_t value, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) {
      bytes_[2 + i] = static_cast<std::uint8_t>(value >> (8 * (width - 1 - i)));
    }
  }

  std::array<std::uint8_t, 10> bytes_{};
  std::uint8_t size_ = 0;
};

// Messages framed once for every session that receives them: each one's header
// and text, back to back, to be written as they are.
struct FramedBatch {
  std::shared_ptr<const std::string> bytes;
  std::size_t frames = 0;
};

template <class Messages>
FramedBatch frame_batch(const Messages& messages) {
  std::size_t size = 0;
  for (const auto& text : messages) size += FrameHeader(text->size()).bytes().size() + text->size();
  std::string bytes;
  bytes.reserve(size);
  for (const auto& text : messages) {
    const FrameHeader header(text->size());
    bytes.append(reinterpret_cast<const char*>(header.bytes().data()), header.bytes().size());
    bytes.append(*text);
  }
  return {std::make_shared<const std::string>(std::move(bytes)), std::size(messages)};
}

}  // namespace yishi::server
