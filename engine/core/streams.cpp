#include "engine/core/streams.hpp"

#include "engine/core/text.hpp"

namespace yishi::engine {

std::string stream_of(const State& state, const Event& event) {
  return std::visit(
      [&](const auto& e) -> std::string {
        if constexpr (requires { e.meeting; }) {
          if (!e.meeting.empty()) return "meeting:" + e.meeting;
        }
        if constexpr (requires { e.ballot; }) {
          const Ballot* b = state.ballot(e.ballot);
          if (b && !b->meeting.empty()) return "meeting:" + b->meeting;
          return "ballot:" + e.ballot;
        }
        return std::string(kCommunityStream);
      },
      event);
}

std::optional<StreamName> parse_stream(std::string_view text) {
  if (text == kCommunityStream) return StreamName{};
  for (auto [prefix, kind] : {std::pair{std::string_view("meeting:"), StreamKind::meeting},
                              std::pair{std::string_view("ballot:"), StreamKind::ballot}}) {
    if (text.starts_with(prefix) && is_valid_id(text.substr(prefix.size()))) {
      return StreamName{kind, std::string(text.substr(prefix.size()))};
    }
  }
  return std::nullopt;
}

}  // namespace yishi::engine
