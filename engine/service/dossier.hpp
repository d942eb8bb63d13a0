// The decision dossier (clients/verify/FORMAT.md): everything about one
// decision in one JSON file that anyone can check offline with SHA-256 and
// Ed25519 — its events from the proposal to the evaluation of its
// implementation, each with its inclusion proof, a signed checkpoint covering
// them, a signed manifest of the events held, the minutes and the vote.
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/audit/checkpoint.hpp"
#include "engine/store/log.hpp"

namespace yishi::service {

struct DossierKeys {
  audit::PublicKey public_key{};
  // Signs the manifest (and a checkpoint when no stored one covers the events).
  // Without it the manifest is unsigned and completeness cannot be checked.
  std::optional<audit::SecretKey> secret_key;
};

struct DossierError {
  std::string code;  // "unknown_proposal", "no_checkpoint", "storage"
  std::string message;
};

std::expected<nlohmann::ordered_json, DossierError> decision_dossier(store::Log& store,
                                                                     const std::string& proposal,
                                                                     const DossierKeys& keys,
                                                                     engine::Timestamp now);

}  // namespace yishi::service
