// Two-way coordination (自上而下与自下而上): notices go down to residents and
// count their acknowledgements; residents' reports come up and are triaged into
// a proposal, a referral or a task; a referred matter (行政事项) awaits its
// body's reply by a due date. Each is a small lifecycle in the log.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/core/types.hpp"

namespace yishi::engine {

enum class NoticeKind : std::uint8_t { general, urgent, meeting };
std::string_view to_string(NoticeKind kind);
std::optional<NoticeKind> parse_notice_kind(std::string_view text);

struct Notice {
  std::string id;
  NoticeKind kind = NoticeKind::general;
  std::string title;
  std::string text;
  std::string about;  // a meeting's id for a meeting notice, else ""
  Timestamp published_at = 0;
  std::set<MemberId> acknowledged;
  friend bool operator==(const Notice&, const Notice&) = default;
};

// What triage made of a resident's report.
enum class Triage : std::uint8_t { pending, proposal, referral, task, closed };
std::string_view to_string(Triage triage);
std::optional<Triage> parse_triage(std::string_view text);

struct ResidentReport {
  std::string id;
  MemberId reporter;
  std::string title;
  std::string text;
  Timestamp filed_at = 0;
  Triage triage = Triage::pending;
  std::string target;  // the proposal, the body referred to, or the task
  std::string reason;
  friend bool operator==(const ResidentReport&, const ResidentReport&) = default;
};

// A referred proposal's reply, awaited from its administrative body.
struct Referral {
  std::string body;
  Timestamp due = 0;
  std::string reply;  // "" until it comes
  Timestamp replied_at = 0;
  bool overdue_at(Timestamp now) const { return replied_at == 0 && due < now; }
  friend bool operator==(const Referral&, const Referral&) = default;
};

}  // namespace yishi::engine
