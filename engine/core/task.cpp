#include "engine/core/task.hpp"

#include <array>

#include "engine/core/enum_names.hpp"

namespace yishi::engine {
namespace {
constexpr std::array<std::string_view, 5> kPhaseNames = {"planned", "in_progress", "completed",
                                                         "evaluated", "cancelled"};
constexpr std::array<std::string_view, 6> kFundingNames = {
    "none",      "government_purchase", "venture_fund", "facility_outsourcing", "community_funds",
    "volunteers"};
}  // namespace

std::string_view to_string(TaskPhase phase) {
  return enum_name(kPhaseNames, phase);
}

std::string_view to_string(Funding funding) {
  return enum_name(kFundingNames, funding);
}

std::optional<Funding> parse_funding(std::string_view text) {
  auto f = parse_enum<Funding>(kFundingNames, text);
  if (f == Funding::none) return std::nullopt;  // "none" is the unassigned state, not a choice
  return f;
}

const Milestone* Task::milestone(std::string_view milestone_id) const {
  for (const Milestone& m : milestones) {
    if (m.id == milestone_id) return &m;
  }
  return nullptr;
}

}  // namespace yishi::engine
