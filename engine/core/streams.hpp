// Streams: how live clients follow a community. Every event is on the
// "community" stream; besides that, each belongs to one narrower stream, derived
// here from the event itself so routing needs no other lookup than the state:
//   meeting:ID   the meeting's events, and those of the ballots opened at it
//   ballot:ID    a poll's events (a ballot outside any meeting)
//   community    everything else (members, proposals, rule changes)
#pragma once

#include <string>
#include <string_view>

#include "engine/core/events.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

inline constexpr std::string_view kCommunityStream = "community";

// `state` must know the event's ballot, if it has one: the state after the
// event, or any later state (ballots are never forgotten).
std::string stream_of(const State& state, const Event& event);

enum class StreamKind { community, meeting, ballot };
struct StreamName {
  StreamKind kind = StreamKind::community;
  std::string id;  // the meeting or ballot; empty for the community
};
// "community", "meeting:ID" or "ballot:ID" with a valid id; nothing otherwise.
std::optional<StreamName> parse_stream(std::string_view text);

}  // namespace yishi::engine
