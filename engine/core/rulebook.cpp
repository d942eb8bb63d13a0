#include "engine/core/rulebook.hpp"

#include <array>

#include "engine/core/enum_names.hpp"

namespace yishi::engine {
namespace {
constexpr std::array<std::string_view, 2> kTieBreaks = {"status_quo", "lot"};
}  // namespace

std::string_view to_string(TieBreak t) {
  return enum_name(kTieBreaks, t);
}
std::optional<TieBreak> parse_tie_break(std::string_view text) {
  return parse_enum<TieBreak>(kTieBreaks, text);
}

}  // namespace yishi::engine
