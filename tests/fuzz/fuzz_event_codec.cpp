// libFuzzer target: a stored event as `yishi log`, `verify` and opening a store
// read it. Input: the tag, a newline, one byte of version, then the payload.
// A decoded event is also rendered as JSON, as `yishi log` prints it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/codec/event_codec.hpp"
#include "engine/wire/event_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos || newline + 1 >= input.size()) return 0;
  const std::string_view tag = input.substr(0, newline);
  const auto version = static_cast<std::uint8_t>(input[newline + 1]);
  const std::string_view payload = input.substr(newline + 2);
  auto event = yishi::engine::codec::decode_event(tag, version, payload);
  if (event) {
    volatile std::size_t n = yishi::wire::dump(yishi::wire::to_json(*event)).size();
    (void)n;
  }
  return 0;
}
