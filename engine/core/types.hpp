// Identifiers, time and roles shared by every part of the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yishi::engine {

// Pseudonymous ids. Personal data (names, phone numbers) never appears in the
// chained log: it lives beside it, keyed by these ids, so it can be erased.
using MemberId = std::string;
using HouseholdId = std::string;
using ProposalId = std::string;
using CommunityId = std::string;

// Milliseconds since the Unix epoch, UTC. Always injected: the core never reads a clock.
using Timestamp = std::int64_t;
using Milliseconds = std::int64_t;

inline constexpr Milliseconds kSecond = 1000;
inline constexpr Milliseconds kMinute = 60 * kSecond;
inline constexpr Milliseconds kHour = 60 * kMinute;
inline constexpr Milliseconds kDay = 24 * kHour;

// The instants RFC 3339 can write, years 0000 to 9999: every time the engine
// records was parsed within them. A damaged or forged payload may hold any
// int64, and chrono's day arithmetic overflows near the int64 ends (found by
// fuzz_event_codec), so calendar code clamps to these first.
inline constexpr Timestamp kEarliestTime = -62'167'219'200'000;  // 0000-01-01T00:00:00Z
inline constexpr Timestamp kLatestTime = 253'402'300'799'999;    // 9999-12-31T23:59:59.999Z

enum class Role : std::uint8_t {
  resident,
  convener,
  chair,
  secretary,
  responsible_body,
  auditor,
  admin,
};
inline constexpr int kRoleCount = 7;

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// A small set of roles, one bit per Role.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) insert(r);
  }
  constexpr void insert(Role r) { bits_ |= bit(r); }
  constexpr void erase(Role r) { bits_ &= static_cast<std::uint8_t>(~bit(r)); }
  constexpr bool contains(Role r) const { return (bits_ & bit(r)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::uint8_t bits() const { return bits_; }
  static constexpr RoleSet from_bits(std::uint8_t bits) {
    RoleSet s;
    s.bits_ = bits;
    return s;
  }
  friend constexpr bool operator==(RoleSet, RoleSet) = default;

 private:
  static constexpr std::uint8_t bit(Role r) {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r));
  }
  std::uint8_t bits_ = 0;
};

// Role sets that commands declare (see YISHI_COMMAND in tagged.hpp).
// Any member: attendance and the floor are governed by the meeting's own rules.
inline constexpr RoleSet kAnyRole{Role::resident,        Role::convener, Role::chair,
                                  Role::secretary,       Role::admin,    Role::auditor,
                                  Role::responsible_body};
// Whoever presides: the appointed chair (a chair or convener), or the resident
// the chair handed over to; the decider checks it is the meeting's chair now.
inline constexpr RoleSet kPresiding{Role::chair, Role::convener, Role::resident};

}  // namespace yishi::engine
