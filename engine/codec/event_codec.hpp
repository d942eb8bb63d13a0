// Stable binary encoding of events: a payload (cereal portable binary) plus the
// event's tag and version, which the envelope stores beside it. Decoding
// dispatches on the tag, so old logs stay readable when event types are added.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "engine/core/events.hpp"

namespace yishi::engine::codec {

std::string encode_payload(const Event& event);

// The event a (tag, version, payload) triple encodes, or an error that says which
// part is wrong (unknown tag, unsupported version, malformed or trailing bytes).
std::expected<Event, std::string> decode_event(std::string_view tag, std::uint32_t version,
                                               std::string_view payload);

}  // namespace yishi::engine::codec
