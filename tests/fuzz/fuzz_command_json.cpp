// libFuzzer target: one `yishi exec` script line (or WebSocket message) as the
// command parser sees it. Any input must end in a command or a FieldError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/wire/command_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = yishi::wire::parse_command_text(text);
  // Touch the result so the optimiser keeps the whole parse.
  if (parsed) {
    volatile std::size_t n = parsed->actor.size();
    (void)n;
  } else {
    volatile std::size_t n = parsed.error().message.size();
    (void)n;
  }
  return 0;
}
