// An event's payload, field by field: the primitive values the codec writes, in
// order, each with its kind (u8…u64, i8…i64, bool, str, bytes). Concatenating
// their encodings gives the payload bytes exactly, so a verifier written in
// another language can check a readable form against the hashed bytes without
// knowing any event's layout (clients/verify/FORMAT.md).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/core/events.hpp"

namespace yishi::engine::codec {

struct PayloadField {
  std::string kind;  // "u8", "u16", "u32", "u64", "i8"…"i64", "bool", "str", "bytes"
  std::variant<std::uint64_t, std::int64_t, bool, std::string> value;  // bytes: raw
};

std::vector<PayloadField> payload_fields(const Event& event);

// The bytes `fields` stand for (the inverse, for tests and tools).
std::string encode_fields(const std::vector<PayloadField>& fields);

}  // namespace yishi::engine::codec
