// Read models: the community's state as JSON, what `yishi state` prints and what
// a live client is sent as a stream's snapshot. Ids, not display names (those
// live beside the log). Nothing here reveals a ballot before its close: an open
// ballot shows its electorate and how many have voted, never what the box holds.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/core/state.hpp"

namespace yishi::wire {

nlohmann::ordered_json proposal_json(const engine::Proposal& proposal);
nlohmann::ordered_json meeting_json(const engine::Meeting& meeting);
nlohmann::ordered_json ballot_json(const engine::Ballot& ballot);
nlohmann::ordered_json task_json(const engine::State& state, const engine::Task& task);

// The whole community: rulebook, households, members and their roles, every
// proposal, meeting and ballot.
nlohmann::ordered_json community_json(const engine::State& state);

}  // namespace yishi::wire
