// Presence and quorum arithmetic shared by decide (to foresee a quorum change and
// record it as an event) and evolve (to apply it). Costs O(1 + proxies held),
// never a scan of the attendance list or the log.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/meeting.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

struct PresenceChange {
  MemberId member;
  int delta = 0;  // +1 or -1 reason to count as present
};

struct PresenceTotals {
  std::uint64_t people = 0;
  std::uint64_t households = 0;
  std::int64_t area_centi_m2 = 0;
};

// A member and those whose proxies they hold arrive (+1) or leave (-1).
std::vector<PresenceChange> presence_changes_for_check(const Meeting& m, const MemberId& member,
                                                       int delta);
// A proxy takes effect at once if its holder is already present.
std::vector<PresenceChange> presence_changes_for_proxy(const Meeting& m, const MemberId& grantor,
                                                       const MemberId& holder);

// Whether a member belongs to the electorate quorum is counted from: residents.
bool is_elector(const State& s, const MemberId& member);

PresenceTotals totals_after(const State& s, const Meeting& m,
                            std::span<const PresenceChange> changes);
void apply_presence(const State& s, Meeting& m, std::span<const PresenceChange> changes);

}  // namespace yishi::engine
