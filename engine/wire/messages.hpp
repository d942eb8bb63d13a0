// Server → client messages of the live protocol that carry the log (see
// schemas/README.md). Rendered once per event and stream, shared by every
// session that receives them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace yishi::wire {

// {"type":"event","stream":S,"seq":N,"event":ENVELOPE}, ENVELOPE as `yishi log` prints it.
std::string event_message(std::string_view stream, std::uint64_t seq,
                          std::string_view envelope_json);
// {"type":"snapshot","stream":S,"seq":N,"state":STATE}: STATE reflects events up to N.
std::string snapshot_message(std::string_view stream, std::uint64_t seq,
                             const nlohmann::ordered_json& state);
// {"type":"resync","stream":S,"reason":R}: the client must subscribe again.
std::string resync_message(std::string_view stream, std::string_view reason);

}  // namespace yishi::wire
