// Stable names for commands and events: each type names itself (its wire name,
// or its log tag and version), so nothing depends on a variant's index.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/core/types.hpp"

#define YISHI_EVENT(NAME, TAG, VERSION)             \
  static constexpr std::string_view tag = TAG;      \
  static constexpr std::uint32_t version = VERSION; \
  friend bool operator==(const NAME&, const NAME&) = default

// A command names the roles that may issue it, beside its definition: there is
// no default, and a command without them does not compile. Whether this actor,
// in that role, may act on this meeting or proposal is then the decider's rule.
#define YISHI_COMMAND(NAME, WIRE_NAME, ...)                                         \
  static constexpr std::string_view name = WIRE_NAME;                               \
  static constexpr ::yishi::engine::RoleSet issued_by{__VA_ARGS__};                 \
  static_assert(!issued_by.empty(), "declare the roles that may issue " WIRE_NAME); \
  friend bool operator==(const NAME&, const NAME&) = default
