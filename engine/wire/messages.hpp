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
// {"type":"participation","stream":S,"ballot":B,"voted":V,"eligible":E,"open":bool,
//  "last_vote_seq":N}: how many of the ballot's electorate have voted, counting the
// votes up to event N. Sent instead of the votes themselves, at most once a second
// per ballot. It has no "seq": it may trail events already sent, so a client
// resumes from the seq of the last event or snapshot, not from this.
std::string participation_message(std::string_view stream, std::uint64_t last_vote_seq,
                                  std::string_view ballot, std::size_t voted, std::size_t eligible,
                                  bool open);
// {"type":"resync","stream":S,"reason":R}: the client must subscribe again.
std::string resync_message(std::string_view stream, std::string_view reason);

}  // namespace yishi::wire
