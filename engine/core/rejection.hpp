// Why the engine refused a command: a stable machine-readable code, the field it
// concerns (if any), and a sentence a person can act on.
#pragma once

#include <string>

namespace yishi::engine {

struct Rejection {
  std::string code;    // e.g. "wrong_state", "role_not_held"
  std::string field;   // e.g. "reason"; empty when the command as a whole is refused
  std::string reason;  // human-readable

  friend bool operator==(const Rejection&, const Rejection&) = default;
};

}  // namespace yishi::engine
