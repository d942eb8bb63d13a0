// RFC 3339 timestamps on the wire, milliseconds since the epoch inside.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/types.hpp"

namespace yishi::wire {

// "2026-03-01T09:00:00Z", with ".123" when there are milliseconds.
std::string format_time(engine::Timestamp t);

// Accepts YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM), e.g. "2026-03-01T17:00:00+08:00".
std::optional<engine::Timestamp> parse_time(std::string_view text);

// A UTC offset in minutes as "+08:00", "-05:30" or "Z"; and back.
std::string format_utc_offset(int minutes);
std::optional<int> parse_utc_offset(std::string_view text);

}  // namespace yishi::wire
