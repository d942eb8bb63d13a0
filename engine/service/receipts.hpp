// The voter's receipt for a ballot they just cast: shown to them alone, in the
// reply to their own command (the CLI's result line, the server's ack), never
// stored beside their name: the tally publishes every receipt with its choice,
// so a receipt kept with a member's id would tell whoever holds it how they voted.
#pragma once

#include <optional>
#include <string>

#include "engine/core/commands.hpp"
#include "engine/core/state.hpp"

namespace yishi::service {

// The receipt of `command` when it is an accepted ballot.cast by `actor` (for
// themselves or, as proxy, for whom it names), given the state after it.
std::optional<std::string> voter_receipt(const engine::State& state, const engine::Command& command,
                                         const engine::MemberId& actor);

}  // namespace yishi::service
