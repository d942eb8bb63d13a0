// Events of notices, residents' reports and referral replies. None names a
// meeting or ballot field: they travel on the community stream.
#pragma once

#include <string>

#include "engine/core/tagged.hpp"
#include "engine/core/two_way.hpp"

namespace yishi::engine::event {

struct NoticePublished {
  std::string notice;
  NoticeKind kind = NoticeKind::general;
  std::string title;
  std::string text;
  std::string about;
  Timestamp at = 0;
  YISHI_EVENT(NoticePublished, "notice.published", 1);
};
struct NoticeAcknowledged {
  std::string notice;
  MemberId member;
  YISHI_EVENT(NoticeAcknowledged, "notice.acknowledged", 1);
};
struct ReportFiled {
  std::string report;
  MemberId reporter;
  std::string title;
  std::string text;
  Timestamp at = 0;
  YISHI_EVENT(ReportFiled, "report.filed", 1);
};
struct ReportTriaged {
  std::string report;
  Triage as = Triage::closed;
  std::string target;
  std::string reason;
  YISHI_EVENT(ReportTriaged, "report.triaged", 1);
};
struct ReplyRequested {
  ProposalId proposal;
  std::string body;
  Timestamp due = 0;
  YISHI_EVENT(ReplyRequested, "referral.reply_requested", 1);
};
struct ReferralReplied {
  ProposalId proposal;
  std::string reply;
  Timestamp at = 0;
  YISHI_EVENT(ReferralReplied, "referral.replied", 1);
};

}  // namespace yishi::engine::event
