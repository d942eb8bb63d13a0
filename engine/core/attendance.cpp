#include "engine/core/attendance.hpp"

#include <map>

namespace yishi::engine {
namespace {

std::uint8_t reasons_of(const Attendance& a, const MemberId& member) {
  auto it = a.reasons.find(member);
  return it == a.reasons.end() ? 0 : it->second;
}

// Walks the changes, calling `on_flip(member, now_present)` whenever a member
// starts or stops counting as present; `local` tracks reasons already changed.
template <class OnFlip>
void walk(const Attendance& a, std::span<const PresenceChange> changes, OnFlip on_flip) {
  std::map<MemberId, int> local;
  for (const PresenceChange& c : changes) {
    auto [it, fresh] = local.try_emplace(c.member, reasons_of(a, c.member));
    const int before = it->second;
    it->second += c.delta;
    if ((before > 0) != (it->second > 0)) on_flip(c.member, it->second > 0);
  }
}

}  // namespace

std::vector<PresenceChange> presence_changes_for_check(const Meeting& m, const MemberId& member,
                                                       int delta) {
  std::vector<PresenceChange> out{{member, delta}};
  if (auto it = m.attendance.proxies_held.find(member); it != m.attendance.proxies_held.end()) {
    for (const MemberId& grantor : it->second) out.push_back({grantor, delta});
  }
  return out;
}

std::vector<PresenceChange> presence_changes_for_proxy(const Meeting& m, const MemberId& grantor,
                                                       const MemberId& holder) {
  auto it = m.attendance.in_person.find(holder);
  if (it == m.attendance.in_person.end() || !it->second) return {};
  return {{grantor, +1}};
}

bool is_elector(const State& s, const MemberId& member) {
  const Member* m = s.member(member);
  return m && m->roles.contains(Role::resident);
}

PresenceTotals totals_after(const State& s, const Meeting& m,
                            std::span<const PresenceChange> changes) {
  PresenceTotals t{m.attendance.people, m.attendance.households, m.attendance.area_centi_m2};
  std::map<HouseholdId, std::int64_t> household_delta;
  walk(m.attendance, changes, [&](const MemberId& member, bool present) {
    if (!is_elector(s, member)) return;
    const int d = present ? 1 : -1;
    t.people = static_cast<std::uint64_t>(static_cast<std::int64_t>(t.people) + d);
    const HouseholdId& h = s.member(member)->household;
    if (h.empty()) return;
    auto base = m.attendance.household_present.find(h);
    const std::int64_t before =
        (base == m.attendance.household_present.end() ? 0 : base->second) + household_delta[h];
    household_delta[h] += d;
    const std::int64_t after = before + d;
    if ((before > 0) != (after > 0)) {
      auto house = s.households.find(h);
      const std::int64_t area = house == s.households.end() ? 0 : house->second.area_centi_m2;
      t.households = static_cast<std::uint64_t>(static_cast<std::int64_t>(t.households) + d);
      t.area_centi_m2 += d * area;
    }
  });
  return t;
}

void apply_presence(const State& s, Meeting& m, std::span<const PresenceChange> changes) {
  const PresenceTotals t = totals_after(s, m, changes);
  Attendance& a = m.attendance;
  for (const PresenceChange& c : changes) {
    const bool before = reasons_of(a, c.member) > 0;
    const int now = reasons_of(a, c.member) + c.delta;
    if (now <= 0) {
      a.reasons.erase(c.member);
    } else {
      a.reasons[c.member] = static_cast<std::uint8_t>(now);
    }
    const bool after = now > 0;
    if (before != after && is_elector(s, c.member)) {
      const HouseholdId& h = s.member(c.member)->household;
      if (!h.empty()) {
        auto& n = a.household_present[h];
        n = static_cast<std::uint32_t>(static_cast<std::int64_t>(n) + (after ? 1 : -1));
        if (n == 0) a.household_present.erase(h);
      }
    }
  }
  a.people = t.people;
  a.households = t.households;
  a.area_centi_m2 = t.area_centi_m2;
}

}  // namespace yishi::engine
