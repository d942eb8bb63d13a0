#include "engine/core/two_way.hpp"

#include <array>

#include "engine/core/enum_names.hpp"

namespace yishi::engine {
namespace {
constexpr std::array<std::string_view, 3> kNoticeKinds = {"general", "urgent", "meeting"};
constexpr std::array<std::string_view, 5> kTriages = {"pending", "proposal", "referral", "task",
                                                      "closed"};
}  // namespace

std::string_view to_string(NoticeKind kind) {
  return enum_name(kNoticeKinds, kind);
}
std::optional<NoticeKind> parse_notice_kind(std::string_view text) {
  return parse_enum<NoticeKind>(kNoticeKinds, text);
}
std::string_view to_string(Triage triage) {
  return enum_name(kTriages, triage);
}
std::optional<Triage> parse_triage(std::string_view text) {
  auto t = parse_enum<Triage>(kTriages, text);
  if (t == Triage::pending) return std::nullopt;  // a state, not a decision
  return t;
}

}  // namespace yishi::engine
