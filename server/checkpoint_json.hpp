// A signed tree head as the HTTP API shows it: the fields of `yishi checkpoint`
// (schemas/json/http/checkpoint.json), alone at /checkpoint and inside proofs.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/audit/checkpoint.hpp"

namespace yishi::server {

nlohmann::ordered_json checkpoint_json(const audit::Checkpoint& c);

}  // namespace yishi::server
