#include "engine/service/receipts.hpp"

#include "engine/core/ballot.hpp"

namespace yishi::service {

std::optional<std::string> voter_receipt(const engine::State& state, const engine::Command& command,
                                         const engine::MemberId& actor) {
  const auto* cast = engine::command_as<engine::command::CastBallot>(command);
  const engine::Ballot* ballot = cast ? state.ballot(cast->ballot) : nullptr;
  if (!ballot) return std::nullopt;
  const engine::MemberId& voter = cast->on_behalf_of.empty() ? actor : cast->on_behalf_of;
  // An open ballot's receipt is keyed by the voter (its choice is public anyway).
  return engine::ballot_receipt(cast->ballot, engine::canonical(ballot->spec.kind, cast->choice),
                                cast->nonce.empty() ? "open:" + voter : cast->nonce);
}

}  // namespace yishi::service
