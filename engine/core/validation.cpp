#include <fmt/format.h>

#include "engine/core/text.hpp"
#include "engine/core/validation.hpp"

namespace yishi::engine {

std::optional<Rejection> check_text(std::string_view field, const std::string& text,
                                    std::uint32_t max_chars, bool required) {
  const auto length = utf8_length(text);
  if (!length) return Rejection{"invalid_text", std::string(field), "is not valid UTF-8"};
  if (required && is_blank(text)) {
    return Rejection{field == "reason" ? "reason_required" : "missing_text", std::string(field),
                     fmt::format("{} must not be empty", field)};
  }
  if (*length > max_chars) {
    return Rejection{"text_too_long", std::string(field),
                     fmt::format("{} has {} characters; the rulebook allows at most {}", field,
                                 *length, max_chars)};
  }
  return std::nullopt;
}

std::optional<Rejection> check_id(std::string_view field, std::string_view id) {
  if (is_valid_id(id)) return std::nullopt;
  return Rejection{"invalid_id", std::string(field),
                   fmt::format("{} must be 1-64 characters of letters, digits, '_', '.' or '-', "
                               "starting with a letter or digit",
                               field)};
}

}  // namespace yishi::engine
