// Checks on text and identifiers that arrive in commands.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace yishi::engine {

// Number of Unicode code points, or nullopt when the bytes are not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::optional<std::size_t> utf8_length(std::string_view text);

// True when the text holds nothing but spaces, tabs and line breaks.
bool is_blank(std::string_view text);

// Identifiers: 1-64 characters from [A-Za-z0-9_.-], starting with a letter or digit.
inline constexpr std::size_t kMaxIdLength = 64;
bool is_valid_id(std::string_view id);

}  // namespace yishi::engine
