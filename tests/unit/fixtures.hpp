// A small founded community for engine tests, built only through decide/apply.
#pragma once

#include <doctest/doctest.h>

#include "engine/core/decide.hpp"
#include "engine/core/evolve.hpp"

namespace yishi::test {

using namespace yishi::engine;

inline constexpr Timestamp kT0 = 1'772'326'800'000;  // 2026-03-01T01:00:00Z

// Applies the command and fails the test if it is refused; returns its events.
inline std::vector<Event> must(State& s, const Command& c, const MemberId& actor, Role role,
                               Timestamp now) {
  auto d = decide(s, c, Context{actor, role, now});
  if (!d) {
    FAIL("unexpected refusal of ", std::string(command_name(c)), ": ", d.error().code, " ",
         d.error().reason);
    return {};
  }
  for (const auto& e : *d) apply_event(s, e);
  return *d;
}

// Admin "ad", convener "cv", residents "a1" (the usual author), "r2", "r3", "r4".
// Support threshold 2, window 14 days.
inline State small_community() {
  State s;
  Rulebook rules;
  rules.support_threshold = 2;
  must(s, command::FoundCommunity{"test", rules}, "ad", Role::admin, kT0);
  must(s, command::RegisterHousehold{"h1", 6850}, "ad", Role::admin, kT0);
  must(s, command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin, kT0);
  for (const char* m : {"a1", "r2", "r3", "r4"}) {
    must(s, command::RegisterMember{m, "h1", {Role::resident}}, "ad", Role::admin, kT0);
  }
  return s;
}

}  // namespace yishi::test
