#include "engine/core/evolve_two_way.hpp"

namespace yishi::engine {

void apply_two_way_event(State& s, const event::NoticePublished& e) {
  s.notices[e.notice] = Notice{e.notice, e.kind, e.title, e.text, e.about, e.at, {}};
}

void apply_two_way_event(State& s, const event::NoticeAcknowledged& e) {
  if (Notice* n = find_value(s.notices, e.notice)) n->acknowledged.insert(e.member);
}

void apply_two_way_event(State& s, const event::ReportFiled& e) {
  s.reports[e.report] =
      ResidentReport{e.report, e.reporter, e.title, e.text, e.at, Triage::pending, "", ""};
}

void apply_two_way_event(State& s, const event::ReportTriaged& e) {
  if (ResidentReport* r = find_value(s.reports, e.report)) {
    r->triage = e.as;
    r->target = e.target;
    r->reason = e.reason;
  }
}

void apply_two_way_event(State& s, const event::ReplyRequested& e) {
  s.referrals[e.proposal] = Referral{e.body, e.due, "", 0};
}

void apply_two_way_event(State& s, const event::ReferralReplied& e) {
  if (Referral* r = find_value(s.referrals, e.proposal)) {
    r->reply = e.reply;
    r->replied_at = e.at;
  }
}

}  // namespace yishi::engine
