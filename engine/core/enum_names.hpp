// Enums named by a table of strings: one place for the to/from-text loops.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace yishi::engine {

// The enumerator whose name is `text`; names[i] names the value i + offset.
template <class E, std::size_t N>
std::optional<E> parse_enum(const std::array<std::string_view, N>& names, std::string_view text,
                            int offset = 0) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(static_cast<int>(i) + offset);
  }
  return std::nullopt;
}

// The name of `value` (names[i] names the value i + offset), or "invalid" for a
// value outside the table: only a hand-edited log can hold one, and printing or
// counting it must not read past the table.
template <class E, std::size_t N>
constexpr std::string_view enum_name(const std::array<std::string_view, N>& names, E value,
                                     int offset = 0) {
  const auto i = static_cast<long long>(value) - offset;
  return i >= 0 && i < static_cast<long long>(N) ? names[static_cast<std::size_t>(i)] : "invalid";
}

}  // namespace yishi::engine
