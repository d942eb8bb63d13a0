// Small text helpers shared by the data-file parsers.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

#include "engine/tally/profile.hpp"

namespace yishi::tally::fields {

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The whole of `s` (trimmed) as a number, or false.
template <class T>
bool to_number(std::string_view s, T& out) {
  s = trim(s);
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

inline std::unexpected<ParseError> error(std::size_t line, std::string message) {
  return std::unexpected(ParseError{line, std::move(message)});
}

}  // namespace yishi::tally::fields
