// Commands of notices, residents' reports and referral replies.
#pragma once

#include <string>

#include "engine/core/tagged.hpp"
#include "engine/core/two_way.hpp"

namespace yishi::engine::command {

struct PublishNotice {
  std::string notice;
  NoticeKind kind = NoticeKind::general;
  std::string title;
  std::string text;
  std::string about = {};  // a meeting notice: the meeting
  YISHI_COMMAND(PublishNotice, "notice.publish", Role::convener);
};
struct AcknowledgeNotice {
  std::string notice;
  YISHI_COMMAND(AcknowledgeNotice, "notice.acknowledge", kAnyRole);
};
struct FileReport {
  std::string report;
  std::string title;
  std::string text;
  YISHI_COMMAND(FileReport, "report.file", Role::resident);
};
struct TriageReport {
  std::string report;
  Triage as = Triage::closed;
  std::string target = {};  // proposal id, body name or task id; "" when closed
  std::string reason = {};
  YISHI_COMMAND(TriageReport, "report.triage", Role::convener);
};
struct RequestReply {
  ProposalId proposal;
  Timestamp due = 0;
  YISHI_COMMAND(RequestReply, "referral.request_reply", Role::convener);
};
// The body's reply, recorded by the convener who received it or by the body
// itself when it is a member (responsible_body).
struct RecordReply {
  ProposalId proposal;
  std::string reply;
  YISHI_COMMAND(RecordReply, "referral.reply", Role::convener, Role::responsible_body);
};

}  // namespace yishi::engine::command
