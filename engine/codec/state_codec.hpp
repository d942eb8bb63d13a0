// Snapshot encoding of the whole State. Snapshots are a cache of the log: a
// snapshot whose format number differs from kSnapshotFormat is ignored and the
// log is replayed instead, so bump the number whenever State's layout changes.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "engine/core/state.hpp"

namespace yishi::engine::codec {

// 2 meetings, 3 ballots, 4 rule changes, 5 rulebook layout 3, poll standings, and the
// ballots themselves (formats 3 and 4 left them out: reopening lost open ballots);
// 6 consultations a proposal was heard at, the UTC offset, rulebook layout 4;
// 7 a proposal's estimated cost and category; 8 implementation tasks, rulebook layout 5,
// erased members, notices, residents' reports and referral replies; 9 rulebook
// layout 6 (the responsibility list and the standards).
inline constexpr std::uint32_t kSnapshotFormat = 9;

std::string encode_state(const State& state);
// Whether encode_state(state) == bytes, compared as it is encoded: no copy of the
// (possibly tens of megabytes of) encoding is built.
bool state_encodes_to(const State& state, std::string_view bytes);
std::expected<State, std::string> decode_state(std::string_view bytes);

}  // namespace yishi::engine::codec
