#include "server/checkpoint_json.hpp"

#include "engine/wire/time_format.hpp"

namespace yishi::server {

nlohmann::ordered_json checkpoint_json(const audit::Checkpoint& c) {
  return {{"community", c.community},
          {"tree_size", c.tree_size},
          {"root", audit::to_hex(c.root)},
          {"time", wire::format_time(c.time)},
          {"signature", audit::to_hex(c.signature)},
          {"signed_message", audit::checkpoint_message(c)},
          {"algorithm", "Ed25519 over signed_message"}};
}

}  // namespace yishi::server
