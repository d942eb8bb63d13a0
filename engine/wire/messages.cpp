#include "engine/wire/messages.hpp"

#include <fmt/format.h>

#include "engine/wire/event_json.hpp"

namespace yishi::wire {

std::string event_message(std::string_view stream, std::uint64_t seq,
                          std::string_view envelope_json) {
  // The envelope is already JSON: spliced in, not parsed and dumped again.
  return fmt::format(R"({{"type":"event","stream":{},"seq":{},"event":{}}})",
                     dump(nlohmann::ordered_json(stream)), seq, envelope_json);
}

std::string snapshot_message(std::string_view stream, std::uint64_t seq,
                             const nlohmann::ordered_json& state) {
  return dump({{"type", "snapshot"}, {"stream", stream}, {"seq", seq}, {"state", state}});
}

std::string participation_message(std::string_view stream, std::uint64_t last_vote_seq,
                                  std::string_view ballot, std::size_t voted, std::size_t eligible,
                                  bool open) {
  return dump({{"type", "participation"},
               {"stream", stream},
               {"ballot", ballot},
               {"voted", voted},
               {"eligible", eligible},
               {"open", open},
               {"last_vote_seq", last_vote_seq}});
}

std::string resync_message(std::string_view stream, std::string_view reason) {
  return dump({{"type", "resync"}, {"stream", stream}, {"reason", reason}});
}

}  // namespace yishi::wire
