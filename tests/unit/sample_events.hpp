// One event of every type, with non-trivial values, for codec and JSON tests.
#pragma once

#include <vector>

#include "engine/core/events.hpp"

namespace yishi::test {

inline std::vector<engine::Event> one_of_each_event() {
  using namespace engine;
  Rulebook rules;
  rules.support_threshold = 7;
  rules.support_window = 3 * kDay;
  return {
      event::CommunityFounded{"nantang", "ad", rules},
      event::HouseholdRegistered{"h-3-201", 6850},
      event::MemberRegistered{"m01", "h-3-201", RoleSet{Role::resident, Role::chair}},
      event::RoleGranted{"m01", Role::secretary},
      event::RoleRevoked{"m01", Role::chair},
      event::ProposalDrafted{"light", "m01", ProposalKind::rule_change, "楼道灯维修", "3号楼一单元",
                             1'772'326'800'123},
      event::ProposalRevised{"light", "楼道灯维修（修订）", "含预算"},
      event::ProposalSubmitted{"light", 1'773'536'400'000, 5},
      event::ProposalSupported{"light", "m02"},
      event::ProposalSentToScreening{"light"},
      event::ProposalExpired{"shed"},
      event::ProposalAccepted{"light", "自治事项"},
      event::ProposalReturned{"lunch", "请补充预算"},
      event::ProposalReferred{"road", "街道城管科", "行政事项"},
      event::ProposalMerged{"light2", "light", "同一楼道", {"m03", "m04"}},
      event::ProposalScheduled{"light", "council-2026-03"},
      event::ProposalWithdrawn{"shed", ""},
  };
}

}  // namespace yishi::test
