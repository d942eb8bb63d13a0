#include "engine/minutes/names.hpp"

#include <fmt/format.h>
#include <array>
#include <string_view>

#include "engine/core/text.hpp"

namespace yishi::minutes {
namespace {

// Every event field that names a member (engine/wire/event_json.cpp).
constexpr std::array<std::string_view, 15> kMemberFields = {
    "admin", "author",    "by",    "chair",    "convener",  "grantor", "holder", "member",
    "mover", "presenter", "proxy", "seconder", "supporter", "to",      "voter"};
constexpr std::string_view kMemberListField = "moved_supporters";

}  // namespace

Names::Names(const std::vector<std::pair<engine::MemberId, std::string>>& profiles) {
  std::map<std::string, int> uses;
  for (const auto& [member, name] : profiles) {
    if (!engine::is_blank(name)) ++uses[name];
  }
  for (const auto& [member, name] : profiles) {
    if (engine::is_blank(name)) continue;
    shown_[member] = uses[name] > 1 ? fmt::format("{} ({})", name, member) : name;
  }
}

std::string Names::operator()(const engine::MemberId& member) const {
  auto it = shown_.find(member);
  return it == shown_.end() ? member : it->second;
}

void Names::rename_members(nlohmann::ordered_json& fields) const {
  if (shown_.empty() || !fields.is_object()) return;
  for (auto& [key, value] : fields.items()) {
    if (value.is_string() && std::ranges::find(kMemberFields, key) != kMemberFields.end()) {
      value = (*this)(value.get<std::string>());
    } else if (value.is_array() && key == kMemberListField) {
      for (auto& member : value) {
        if (member.is_string()) member = (*this)(member.get<std::string>());
      }
    }
  }
}

}  // namespace yishi::minutes
