// Stable names for commands and events: each type names itself (its wire name,
// or its log tag and version), so nothing depends on a variant's index.
#pragma once

#include <cstdint>
#include <string_view>

#define YISHI_EVENT(NAME, TAG, VERSION)             \
  static constexpr std::string_view tag = TAG;      \
  static constexpr std::uint32_t version = VERSION; \
  friend bool operator==(const NAME&, const NAME&) = default

#define YISHI_COMMAND(NAME, WIRE_NAME)                \
  static constexpr std::string_view name = WIRE_NAME; \
  friend bool operator==(const NAME&, const NAME&) = default
