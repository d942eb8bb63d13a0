// Two-way coordination: notices down with acknowledgement counts, residents'
// reports up and triaged, referral replies awaited by a due date.
#include <doctest/doctest.h>

#include "meeting_fixture.hpp"

namespace yishi::test {

TEST_CASE("a notice goes down; each member acknowledges it once") {
  Council c("scheduled");
  const command::PublishNotice typhoon{"typhoon", NoticeKind::urgent, "Typhoon", "Bring pots in"};
  CHECK(c.refusal(typhoon, "r1") == "role_not_permitted");
  CHECK(c.refusal(command::PublishNotice{"m-notice", NoticeKind::meeting, "Council", "7pm",
                                         "no-such-meeting"},
                  "cv", Role::convener) == "unknown_meeting");
  CHECK(c.refusal(command::PublishNotice{"x", NoticeKind::urgent, "Typhoon", "Text", "m"}, "cv",
                  Role::convener) == "invalid_field");
  CHECK(c.refusal(command::PublishNotice{"x", NoticeKind::urgent, "", "Text"}, "cv",
                  Role::convener) == "missing_text");
  c.run(typhoon, "cv", Role::convener);
  c.run(command::PublishNotice{"m-notice", NoticeKind::meeting, "Council", "7pm", "m"}, "cv",
        Role::convener);
  CHECK(c.refusal(typhoon, "cv", Role::convener) == "duplicate_id");
  c.run(command::AcknowledgeNotice{"typhoon"}, "r1");
  c.run(command::AcknowledgeNotice{"typhoon"}, "r2");
  CHECK(c.refusal(command::AcknowledgeNotice{"typhoon"}, "r1") == "already_acknowledged");
  CHECK(c.refusal(command::AcknowledgeNotice{"nothing"}, "r1") == "unknown_notice");
  CHECK(c.s.notices.at("typhoon").acknowledged.size() == 2);
  CHECK(c.s.notices.at("m-notice").about == "m");
}

TEST_CASE("a resident's report comes up and is triaged once, with a reason") {
  Council c("scheduled");
  c.run(command::FileReport{"light", "Stair light broken", "Third floor"}, "r3");
  CHECK(c.s.reports.at("light").reporter == "r3");
  CHECK(c.refusal(command::FileReport{"light", "Again", "x"}, "r4") == "duplicate_id");
  CHECK(c.refusal(command::TriageReport{"light", Triage::proposal, "p", "same"}, "r1") ==
        "role_not_permitted");
  CHECK(c.refusal(command::TriageReport{"light", Triage::proposal, "nope", "same"}, "cv",
                  Role::convener) == "unknown_proposal");
  CHECK(c.refusal(command::TriageReport{"light", Triage::task, "nope", "fix"}, "cv",
                  Role::convener) == "unknown_task");
  CHECK(c.refusal(command::TriageReport{"light", Triage::proposal, "p", ""}, "cv",
                  Role::convener) == "reason_required");
  CHECK(c.refusal(command::TriageReport{"light", Triage::closed, "p", "dup"}, "cv",
                  Role::convener) == "invalid_field");
  CHECK(c.refusal(command::TriageReport{"gone", Triage::closed, "", "dup"}, "cv", Role::convener) ==
        "unknown_report");
  c.run(command::TriageReport{"light", Triage::proposal, "p", "the same matter as p"}, "cv",
        Role::convener);
  CHECK(c.s.reports.at("light").triage == Triage::proposal);
  CHECK(c.refusal(command::TriageReport{"light", Triage::closed, "", "again"}, "cv",
                  Role::convener) == "wrong_state");
}

TEST_CASE("a referred matter awaits its body's reply; overdue shows from the due date") {
  Council c("scheduled");
  c.run(command::DraftProposal{"road", ProposalKind::project, "Road", ""}, "r2");
  c.run(command::SubmitProposal{"road"}, "r2");
  c.run(command::SupportProposal{"road"}, "r9");
  CHECK(c.refusal(command::RequestReply{"road", c.now + kDay}, "cv", Role::convener) ==
        "wrong_state");  // not referred (yet)
  c.run(command::ReferProposal{"road", "Street office", "administrative"}, "cv", Role::convener);
  CHECK(c.refusal(command::RequestReply{"road", c.now - 1}, "cv", Role::convener) ==
        "invalid_field");
  CHECK(c.refusal(command::RecordReply{"road", "done"}, "cv", Role::convener) == "wrong_state");
  const Timestamp due = c.now + 10 * kDay;
  c.run(command::RequestReply{"road", due}, "cv", Role::convener);
  const Referral& r = c.s.referrals.at("road");
  CHECK(r.body == "Street office");
  CHECK_FALSE(r.overdue_at(due));
  CHECK(r.overdue_at(due + 1));
  CHECK(c.refusal(command::RecordReply{"road", "On the plan"}, "r1") == "role_not_permitted");
  c.run(command::RecordReply{"road", "On April's repair plan"}, "cv", Role::convener);
  CHECK_FALSE(c.s.referrals.at("road").overdue_at(due + kDay));
  CHECK(c.refusal(command::RecordReply{"road", "again"}, "cv", Role::convener) == "wrong_state");
}

}  // namespace yishi::test
