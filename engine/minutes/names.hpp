// Members' display names, for what people read (minutes, the replay timeline).
// Names live beside the log, not in it (personal data that can be corrected or
// erased), so JSON output keeps ids and only human renderings use names.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/types.hpp"

namespace yishi::minutes {

class Names {
 public:
  Names() = default;
  // From (member, display name) pairs. A blank name is ignored; a name two
  // members share is shown with the id, "王芳 (r07)", so a reader can tell them apart.
  explicit Names(const std::vector<std::pair<engine::MemberId, std::string>>& profiles);

  // The member's display name, or the id when they have none.
  std::string operator()(const engine::MemberId& member) const;

  // Replaces member ids with names in an event's JSON fields (the fields that
  // hold members: "member", "mover", "moved_supporters", ...).
  void rename_members(nlohmann::ordered_json& fields) const;

  bool empty() const { return shown_.empty(); }

 private:
  std::map<engine::MemberId, std::string, std::less<>> shown_;
};

}  // namespace yishi::minutes
