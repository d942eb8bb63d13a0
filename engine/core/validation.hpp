// Checks on command fields shared by every decide() handler: they return the
// rejection to give, or nothing when the field is fine.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/rejection.hpp"

namespace yishi::engine {

inline std::unexpected<Rejection> reject(std::string code, std::string field, std::string reason) {
  return std::unexpected(Rejection{std::move(code), std::move(field), std::move(reason)});
}

// Valid UTF-8, not blank when required, at most `max_chars` code points.
std::optional<Rejection> check_text(std::string_view field, const std::string& text,
                                    std::uint32_t max_chars, bool required);
// An identifier as is_valid_id() defines it.
std::optional<Rejection> check_id(std::string_view field, std::string_view id);

}  // namespace yishi::engine
