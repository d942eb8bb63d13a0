// The community's state: everything decide() needs, rebuilt by evolve() from the log.
#pragma once

#include <map>
#include <set>
#include <type_traits>
#include <utility>

#include "engine/core/ballot.hpp"
#include "engine/core/community.hpp"
#include "engine/core/meeting.hpp"
#include "engine/core/proposal.hpp"
#include "engine/core/rulebook.hpp"
#include "engine/core/task.hpp"
#include "engine/core/two_way.hpp"

namespace yishi::engine {

// The value stored under `key`, or nullptr: one lookup for every id-keyed map.
template <class Map>
auto* find_value(Map& map, const typename std::remove_const_t<Map>::key_type& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

struct State {
  CommunityId community;                     // empty until the community is founded
  std::int32_t utc_offset_minutes = 8 * 60;  // the community's local time
  Rulebook rulebook;
  std::map<HouseholdId, Household> households;
  std::map<MemberId, Member> members;
  std::map<ProposalId, Proposal> proposals;
  // Proposals still collecting support, by deadline: a tick finds the expired ones
  // without scanning years of history.
  std::set<std::pair<Timestamp, ProposalId>> support_deadlines;
  std::map<MeetingId, Meeting> meetings;
  std::map<BallotId, Ballot> ballots;
  // Open polls by closing time, for the tick that closes them.
  std::set<std::pair<Timestamp, BallotId>> poll_deadlines;
  // Meetings whose timers (turns, presentations) a tick must look at.
  std::set<MeetingId> live_meetings;
  // Implementation tasks: each adopted decision's, and their sub-tasks.
  std::map<TaskId, Task> tasks;
  // Two-way coordination: notices down, residents' reports up, referral replies.
  std::map<std::string, Notice> notices;
  std::map<std::string, ResidentReport> reports;
  std::map<ProposalId, Referral> referrals;
  // The electorate as it stands, kept current so opening a meeting freezes it in O(1).
  std::uint64_t resident_count = 0;
  std::map<HouseholdId, std::uint32_t> household_residents;
  std::uint64_t resident_households = 0;
  std::int64_t resident_area_centi_m2 = 0;

  bool founded() const { return !community.empty(); }
  const Member* member(const MemberId& id) const { return find_value(members, id); }
  const Proposal* proposal(const ProposalId& id) const { return find_value(proposals, id); }
  const Ballot* ballot(const BallotId& id) const { return find_value(ballots, id); }
  const Meeting* meeting(const MeetingId& id) const { return find_value(meetings, id); }
  const Task* task(const TaskId& id) const { return find_value(tasks, id); }
  friend bool operator==(const State&, const State&) = default;
};

}  // namespace yishi::engine
