#include "engine/core/types.hpp"

#include <array>

#include "engine/core/enum_names.hpp"

namespace yishi::engine {
namespace {
constexpr std::array<std::string_view, kRoleCount> kRoleNames = {
    "resident", "convener", "chair", "secretary", "responsible_body", "auditor", "admin"};
}

std::string_view to_string(Role role) {
  return enum_name(kRoleNames, role);
}

std::optional<Role> parse_role(std::string_view text) {
  return parse_enum<Role>(kRoleNames, text);
}

}  // namespace yishi::engine
