// Members and households of one community.
#pragma once

#include <cstdint>
#include <string>

#include "engine/core/types.hpp"

namespace yishi::engine {

struct Household {
  HouseholdId id;
  // Floor area in hundredths of a square metre: exact, for area-weighted votes.
  std::int64_t area_centi_m2 = 0;
  friend bool operator==(const Household&, const Household&) = default;
};

struct Member {
  MemberId id;
  HouseholdId household;  // empty for members without a household (e.g. a service body)
  RoleSet roles;
  // Their personal details were erased (member.erased): the pseudonym stays in
  // the record it is part of, but no longer acts.
  bool erased = false;
  friend bool operator==(const Member&, const Member&) = default;
};

}  // namespace yishi::engine
