// Queries over a community's log for what people read: a meeting's history,
// members' display names, the state at a past point. Shared by the CLI's
// report commands and the server, so neither reads the store its own way.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/state.hpp"
#include "engine/minutes/names.hpp"
#include "engine/minutes/record.hpp"
#include "engine/store/log.hpp"

namespace yishi::service {

struct MeetingHistory {
  // The meeting's events, its ballots' included (minutes::MeetingScope), in log order.
  std::vector<minutes::Recorded> events;
  std::int32_t utc_offset_minutes = 0;  // the community's, from its founding
};

// Errors are messages for a person: these read a log, they never change one.
std::expected<MeetingHistory, std::string> meeting_history(store::Log& store,
                                                           const engine::MeetingId& meeting);

// Display names from the member register (beside the log).
std::expected<minutes::Names, std::string> member_names(store::Log& store);

// A point in the log: after event `seq`, or after the last event timed at or
// before `time`. Neither: the head.
struct LogPoint {
  std::optional<std::uint64_t> seq;
  std::optional<engine::Timestamp> time;
};

struct PastState {
  engine::State state;
  std::uint64_t seq = 0;       // the last event applied (0: none)
  engine::Timestamp time = 0;  // its time
  std::uint64_t head_seq = 0;  // the log's last event
};

// The community as it stood at `at`, rebuilt by applying the log's events in
// order (no snapshot is trusted: the answer depends on the log alone). Reads
// the rest of the log too, for its head, without decoding it.
std::expected<PastState, std::string> state_at(store::Log& store, LogPoint at);

}  // namespace yishi::service
