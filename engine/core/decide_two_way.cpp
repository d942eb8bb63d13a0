#include "engine/core/decide_two_way.hpp"

#include <fmt/format.h>

#include "engine/core/validation.hpp"

// Two-way coordination. Every row is enforced below and tested.
//
//   command                  issued by            allowed when                       -> events
//   notice.publish           convener             new id; a meeting notice names an  published
//                                                 existing meeting
//   notice.acknowledge       any member, once     the notice exists                  acknowledged
//   report.file              resident             new id                             filed
//   report.triage            convener, reason     pending; proposal/task exists,     triaged
//                                                 referral names a body
//   referral.request_reply   convener             the proposal is referred, due in reply_requested
//                                                 the future, none requested yet
//   referral.reply           convener or          a reply was requested and has      replied
//                            responsible_body     not come

namespace yishi::engine {
namespace {

using Events = std::vector<Event>;

class TwoWayDecider {
 public:
  TwoWayDecider(const State& s, const Context& ctx) : s_(s), ctx_(ctx) {}

  Decision operator()(const command::PublishNotice& c) const {
    if (auto r = check_id("notice", c.notice)) return std::unexpected(*r);
    if (s_.notices.contains(c.notice)) {
      return reject("duplicate_id", "notice", fmt::format("notice {} exists", c.notice));
    }
    if (auto r = check_text("title", c.title, s_.rulebook.max_title_chars, true)) {
      return std::unexpected(*r);
    }
    if (auto r = check_text("text", c.text, s_.rulebook.max_summary_chars, true)) {
      return std::unexpected(*r);
    }
    if (c.kind == NoticeKind::meeting && !s_.meeting(c.about)) {
      return reject("unknown_meeting", "about",
                    fmt::format("a meeting notice names an existing meeting, not '{}'", c.about));
    }
    if (c.kind != NoticeKind::meeting && !c.about.empty()) {
      return reject("invalid_field", "about", "only a meeting notice names a meeting");
    }
    return Events{event::NoticePublished{c.notice, c.kind, c.title, c.text, c.about, ctx_.now}};
  }

  Decision operator()(const command::AcknowledgeNotice& c) const {
    const Notice* n = find_value(s_.notices, c.notice);
    if (!n) return reject("unknown_notice", "notice", fmt::format("no notice {}", c.notice));
    if (n->acknowledged.contains(ctx_.actor)) {
      return reject("already_acknowledged", "notice",
                    fmt::format("{} acknowledged {} already", ctx_.actor, c.notice));
    }
    return Events{event::NoticeAcknowledged{c.notice, ctx_.actor}};
  }

  Decision operator()(const command::FileReport& c) const {
    if (auto r = check_id("report", c.report)) return std::unexpected(*r);
    if (s_.reports.contains(c.report)) {
      return reject("duplicate_id", "report", fmt::format("report {} exists", c.report));
    }
    if (auto r = check_text("title", c.title, s_.rulebook.max_title_chars, true)) {
      return std::unexpected(*r);
    }
    if (auto r = check_text("text", c.text, s_.rulebook.max_summary_chars, true)) {
      return std::unexpected(*r);
    }
    return Events{event::ReportFiled{c.report, ctx_.actor, c.title, c.text, ctx_.now}};
  }

  Decision operator()(const command::TriageReport& c) const {
    const ResidentReport* r = find_value(s_.reports, c.report);
    if (!r) return reject("unknown_report", "report", fmt::format("no report {}", c.report));
    if (r->triage != Triage::pending) {
      return reject("wrong_state", "report",
                    fmt::format("{} was triaged already ({})", c.report, to_string(r->triage)));
    }
    // Every triage decision carries a written reason, as screening does.
    if (auto e = check_text("reason", c.reason, s_.rulebook.max_reason_chars, true)) {
      return std::unexpected(*e);
    }
    switch (c.as) {
      case Triage::proposal:
        if (!s_.proposal(c.target)) {
          return reject("unknown_proposal", "target", fmt::format("no proposal {}", c.target));
        }
        break;
      case Triage::task:
        if (!s_.task(c.target)) {
          return reject("unknown_task", "target", fmt::format("no task {}", c.target));
        }
        break;
      case Triage::referral:
        if (auto e = check_text("target", c.target, s_.rulebook.max_title_chars, true)) {
          return std::unexpected(*e);
        }
        break;
      case Triage::closed:
        if (!c.target.empty()) return reject("invalid_field", "target", "a closed report has none");
        break;
      case Triage::pending:
        return reject("invalid_field", "as", "proposal, referral, task or closed");
    }
    return Events{event::ReportTriaged{c.report, c.as, c.target, c.reason}};
  }

  Decision operator()(const command::RequestReply& c) const {
    const Proposal* p = s_.proposal(c.proposal);
    if (!p)
      return reject("unknown_proposal", "proposal", fmt::format("no proposal {}", c.proposal));
    const auto* referred = std::get_if<phase::Referred>(&p->phase);
    if (!referred) {
      return reject("wrong_state", "proposal",
                    fmt::format("{} is {}; replies are awaited for referred matters", c.proposal,
                                phase_name(p->phase)));
    }
    if (s_.referrals.contains(c.proposal)) {
      return reject("wrong_state", "proposal",
                    fmt::format("a reply to {} was requested already", c.proposal));
    }
    if (c.due <= ctx_.now) return reject("invalid_field", "due", "a due date in the future");
    return Events{event::ReplyRequested{c.proposal, referred->body, c.due}};
  }

  Decision operator()(const command::RecordReply& c) const {
    const Referral* r = find_value(s_.referrals, c.proposal);
    if (!r) {
      return reject("wrong_state", "proposal",
                    fmt::format("no reply was requested for {}", c.proposal));
    }
    if (r->replied_at != 0) {
      return reject("wrong_state", "proposal", fmt::format("{} has its reply", c.proposal));
    }
    if (auto e = check_text("reply", c.reply, s_.rulebook.max_summary_chars, true)) {
      return std::unexpected(*e);
    }
    return Events{event::ReferralReplied{c.proposal, c.reply, ctx_.now}};
  }

 private:
  const State& s_;
  const Context& ctx_;
};

}  // namespace

Decision decide_two_way(const State& s, const TwoWayCommand& command, const Context& ctx) {
  return std::visit(TwoWayDecider{s, ctx}, command);
}

}  // namespace yishi::engine
