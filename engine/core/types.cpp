#include "engine/core/types.hpp"

#include <array>

namespace yishi::engine {
namespace {
constexpr std::array<std::string_view, kRoleCount> kRoleNames = {
    "resident", "convener", "chair", "secretary", "responsible_body", "auditor", "admin"};
}

std::string_view to_string(Role role) {
  return kRoleNames[static_cast<std::size_t>(role)];
}

std::optional<Role> parse_role(std::string_view text) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == text) return static_cast<Role>(i);
  }
  return std::nullopt;
}

}  // namespace yishi::engine
