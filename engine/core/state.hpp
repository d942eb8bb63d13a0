// The community's state: everything decide() needs, rebuilt by evolve() from the log.
#pragma once

#include <map>
#include <set>
#include <utility>

#include "engine/core/ballot.hpp"
#include "engine/core/community.hpp"
#include "engine/core/meeting.hpp"
#include "engine/core/proposal.hpp"
#include "engine/core/rulebook.hpp"

namespace yishi::engine {

struct State {
  CommunityId community;  // empty until the community is founded
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
  // The electorate as it stands, kept current so opening a meeting freezes it in O(1).
  std::uint64_t resident_count = 0;
  std::map<HouseholdId, std::uint32_t> household_residents;
  std::uint64_t resident_households = 0;
  std::int64_t resident_area_centi_m2 = 0;

  bool founded() const { return !community.empty(); }
  const Member* member(const MemberId& id) const {
    auto it = members.find(id);
    return it == members.end() ? nullptr : &it->second;
  }
  const Proposal* proposal(const ProposalId& id) const {
    auto it = proposals.find(id);
    return it == proposals.end() ? nullptr : &it->second;
  }
  const Ballot* ballot(const BallotId& id) const {
    auto it = ballots.find(id);
    return it == ballots.end() ? nullptr : &it->second;
  }
  const Meeting* meeting(const MeetingId& id) const {
    auto it = meetings.find(id);
    return it == meetings.end() ? nullptr : &it->second;
  }
  friend bool operator==(const State&, const State&) = default;
};

}  // namespace yishi::engine
