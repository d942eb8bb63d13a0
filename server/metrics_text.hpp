// /metrics in the Prometheus text format (version 0.0.4).
#pragma once

#include <string>

#include "server/server_state.hpp"

namespace yishi::server {

std::string metrics_text(ServerState& state);

}  // namespace yishi::server
