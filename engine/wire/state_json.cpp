#include "engine/wire/state_json.hpp"

#include "engine/core/task_status.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/rulebook_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::wire {
namespace {

using json = nlohmann::ordered_json;
namespace phase = engine::phase;

json time_or_null(engine::Timestamp t) {
  return t ? json(format_time(t)) : json();
}
double square_metres(std::int64_t centi) {
  return static_cast<double>(centi) / 100.0;
}

// What only some phases carry, under the names their events use.
struct PhaseDetails {
  json& out;
  void operator()(const phase::CollectingSupport& p) const {
    out["support_deadline"] = format_time(p.deadline);
    out["support_threshold"] = p.threshold;
  }
  void operator()(const phase::Accepted& p) const { out["reason"] = p.reason; }
  void operator()(const phase::Returned& p) const { out["reason"] = p.reason; }
  void operator()(const phase::Withdrawn& p) const { out["reason"] = p.reason; }
  void operator()(const phase::Referred& p) const {
    out["body"] = p.body;
    out["reason"] = p.reason;
  }
  void operator()(const phase::Merged& p) const {
    out["into"] = p.into;
    out["reason"] = p.reason;
  }
  void operator()(const phase::Scheduled& p) const { out["meeting"] = p.meeting; }
  void operator()(const phase::Adopted& p) const { out["meeting"] = p.meeting; }
  void operator()(const phase::Rejected& p) const { out["meeting"] = p.meeting; }
  void operator()(const auto&) const {}
};

std::string_view motion_phase_name(engine::MotionPhase p) {
  switch (p) {
    case engine::MotionPhase::moved:
      return "moved";
    case engine::MotionPhase::seconded:
      return "seconded";
    case engine::MotionPhase::voting:
      return "voting";
  }
  return "moved";
}

json agenda_json(const engine::Meeting& m) {
  json items = json::array();
  for (const engine::AgendaItem& i : m.agenda) {
    items.push_back({{"item", i.id},
                     {"proposal", i.proposal},
                     {"title", i.title},
                     {"question", i.question},
                     {"phase", engine::to_string(i.phase)},
                     {"outcome", engine::to_string(i.outcome)},
                     {"presenter", i.presenter}});
  }
  return items;
}

json attendance_json(const engine::Meeting& m) {
  json present = json::array();
  for (const auto& [member, here] : m.attendance.in_person) {
    if (here) present.push_back(member);
  }
  json proxies = json::object();
  for (const auto& [grantor, holder] : m.attendance.proxy_of) proxies[grantor] = holder;
  return {{"people", m.attendance.people},
          {"households", m.attendance.households},
          {"area_m2", square_metres(m.attendance.area_centi_m2)},
          {"present", std::move(present)},
          {"proxies", std::move(proxies)}};
}

json floor_json(const engine::Meeting& m) {
  json queue = json::array();
  for (const engine::SpeakRequest& r : m.queue) {
    queue.push_back({{"member", r.member}, {"stance", engine::to_string(r.stance)}});
  }
  json speaker;
  if (m.floor) {
    speaker = {{"member", m.floor->member},
               {"stance", engine::to_string(m.floor->stance)},
               {"started_at", format_time(m.floor->started_at)},
               {"ends_at", format_time(m.floor->ends_at)},
               {"paused", m.floor->paused_remaining.has_value()}};
  }
  json point;
  if (m.point_of_order) {
    const engine::PointOfOrder& p = *m.point_of_order;
    // Still shown once ruled (an appeal may follow); `sustained` says whether it was.
    point = {{"raised_by", p.raised_by},
             {"text", p.text},
             {"sustained", p.sustained ? json(*p.sustained) : json()},
             {"ruling_reason", p.ruling_reason},
             {"appealed", p.appealed}};
  }
  json motions = json::array();
  for (const engine::Motion& x : m.motions) {
    motions.push_back({{"number", x.number},
                       {"kind", engine::to_string(x.kind)},
                       {"mover", x.mover},
                       {"seconder", x.seconder},
                       {"text", x.text},
                       {"phase", motion_phase_name(x.phase)}});
  }
  return {{"speaker", std::move(speaker)},
          {"queue", std::move(queue)},
          {"point_of_order", std::move(point)},
          {"motions", std::move(motions)}};
}

// Published only once the ballot is tallied; until then nothing of the count exists.
json result_json(const engine::Ballot& b) {
  if (!b.totals) return json();
  const engine::BallotTotals& t = *b.totals;
  json out = {
      {"yes", t.yes},
      {"no", t.no},
      {"abstain", t.abstain},
      {"households", {{"yes", t.owners_yes}, {"no", t.owners_no}, {"abstain", t.owners_abstain}}},
      {"passed", b.passed ? json(*b.passed) : json()}};
  if (!t.winners.empty() || !t.ranking.empty() || !t.option_totals.empty()) {
    out["winners"] = one_based(t.winners);
    out["ranking"] = ranking_json(t.ranking);
    if (!t.option_totals.empty()) out["option_totals"] = t.option_totals;
    if (t.cost) out["cost"] = t.cost;
  }
  return out;
}

}  // namespace

json proposal_json(const engine::Proposal& p) {
  json out = {{"proposal", p.id},
              {"kind", engine::to_string(p.kind)},
              {"title", p.title},
              {"summary", p.summary},
              {"estimated_cost", p.estimated_cost},
              {"category", p.category},
              {"author", p.author},
              {"drafted_at", format_time(p.drafted_at)},
              {"state", engine::phase_name(p.phase)}};
  std::visit(PhaseDetails{out}, p.phase);
  out["supporters"] = p.supporters;
  if (!p.merged_from.empty()) out["merged_from"] = p.merged_from;
  if (!p.consultations.empty()) out["consultations"] = p.consultations;
  if (p.proposed_change) out["rulebook"] = rulebook_change_json(*p.proposed_change);
  if (p.seeded_from) out["seeded_from"] = to_json(*p.seeded_from);
  if (p.standing) out["standing"] = to_json(*p.standing);
  return out;
}

json meeting_json(const engine::Meeting& m) {
  json current;
  if (m.current && *m.current < m.agenda.size()) current = m.agenda[*m.current].id;
  return {{"meeting", m.id},
          {"kind", engine::to_string(m.kind)},
          {"title", m.title},
          {"starts_at", format_time(m.starts_at)},
          {"convener", m.convener},
          {"chair", m.chair},
          {"appointed_chair", m.appointed_chair},
          {"urgent_reason", m.urgent_reason},
          {"rulebook_version", m.rules.version},
          {"phase", engine::to_string(m.phase)},
          {"quorate", m.quorate},
          {"electorate",
           {{"people", m.electorate.people},
            {"households", m.electorate.households},
            {"area_m2", square_metres(m.electorate.area_centi_m2)}}},
          {"attendance", attendance_json(m)},
          {"agenda", agenda_json(m)},
          {"current_item", std::move(current)},
          {"floor", floor_json(m)},
          {"ballot", m.item_ballot.empty() ? json() : json(m.item_ballot)},
          {"minutes_approved_by",
           m.minutes_approved_by.empty() ? json() : json(m.minutes_approved_by)}};
}

json ballot_json(const engine::Ballot& b) {
  const bool tallied = b.phase == engine::BallotPhase::tallied;
  json out = {{"ballot", b.id},
              {"meeting", b.meeting},
              {"item", b.item},
              {"question", b.question},
              {"kind", engine::to_string(b.spec.kind)},
              {"method", engine::to_string(b.spec.method)},
              {"options", b.spec.options},
              {"secrecy", engine::to_string(b.secrecy)},
              {"weighting", engine::to_string(b.weighting)},
              {"rule", to_json(b.rule)},
              {"closes_at", time_or_null(b.closes_at)},
              {"changes_allowed", b.changes_allowed},
              {"phase", tallied ? "tallied" : "open"},
              {"eligible", b.eligible.size()},
              {"electorate_weight", b.electorate_weight},
              {"electorate_households", b.electorate_owners},
              // Who took part is public (ballot.participated); how is not.
              {"voted", b.participants.size()},
              {"households_voted", b.households_voted.size()}};
  if (!b.option_proposals.empty()) out["proposals"] = b.option_proposals;
  // What a ballot form needs to check a choice before it is cast.
  out["seats"] = b.spec.seats;
  switch (b.spec.kind) {
    case engine::QuestionKind::approval:
      out["min_selections"] = b.spec.min_selections;
      out["max_selections"] = b.spec.max_selections;
      break;
    case engine::QuestionKind::score:
      out["score_min"] = b.spec.score_min;
      out["score_max"] = b.spec.score_max;
      break;
    case engine::QuestionKind::budget:
      out["costs"] = b.spec.costs;
      out["budget"] = b.spec.budget;
      break;
    default:
      break;
  }
  out["result"] = result_json(b);
  return out;
}

json task_json(const engine::State& s, const engine::Task& t) {
  json milestones = json::array();
  for (const engine::Milestone& m : t.milestones) {
    milestones.push_back(
        {{"milestone", m.id},
         {"title", m.title},
         {"deliverable", m.deliverable},
         {"due", format_time(m.due)},
         {"delivered_at", m.delivered_at ? json(format_time(m.delivered_at)) : json(nullptr)}});
  }
  const auto time_or_null = [](engine::Timestamp at) {
    return at ? json(format_time(at)) : json(nullptr);
  };
  json out = {{"task", t.id},
              {"parent", t.parent},
              {"proposal", t.proposal},
              {"decided_at", t.decided_at},
              {"title", t.title},
              {"weight", t.weight},
              {"state", engine::to_string(t.phase)},
              {"body", t.body},
              {"funding", engine::to_string(t.funding)},
              {"budget", t.budget},
              {"spent", t.spent},
              {"percent", t.percent},
              // Rolled up from the sub-tasks by weight; overdue and stalled need a
              // clock, so `yishi tasks` and /api/c/ID/tasks add them.
              {"progress", engine::task_status(s, t, 0).progress},
              {"reports", t.reports},
              {"started_at", time_or_null(t.started_at)},
              {"last_report_at", time_or_null(t.last_report_at)},
              {"completed_at", time_or_null(t.completed_at)},
              {"milestones", std::move(milestones)},
              {"subtasks", t.subtasks}};
  if (t.evaluation) {
    out["evaluation"] = {
        {"survey", t.evaluation->survey},
        {"respondents", t.evaluation->respondents},
        {"score_min", t.evaluation->score_min},
        {"score_max", t.evaluation->score_max},
        {"satisfaction", static_cast<double>(t.evaluation->satisfaction_milli) / 1000.0}};
  } else {
    out["evaluation"] = nullptr;
  }
  if (t.phase == engine::TaskPhase::cancelled) {
    out["cancelled_by"] = t.cancelled_by;
    out["cancel_reason"] = t.cancel_reason;
  }
  return out;
}

json community_json(const engine::State& s) {
  json households = json::array();
  for (const auto& [id, h] : s.households) {
    households.push_back({{"household", id}, {"area_m2", square_metres(h.area_centi_m2)}});
  }
  json members = json::array();
  for (const auto& [id, m] : s.members) {
    members.push_back({{"member", id}, {"household", m.household}, {"roles", roles_json(m.roles)}});
  }
  json proposals = json::array();
  for (const auto& [id, p] : s.proposals) {
    proposals.push_back(proposal_json(p));
    // Screening may send a matter to the body the standing list names for it.
    if (!p.is<engine::phase::Screening>()) continue;
    if (const auto* r = engine::responsibility_for(s.rulebook.responsibilities, p.category)) {
      proposals.back()["suggested_referral"] = {
          {"matter", r->matter}, {"body", r->body}, {"duty", r->duty}};
    }
  }
  json meetings = json::array();
  for (const auto& [id, m] : s.meetings) meetings.push_back(meeting_json(m));
  json ballots = json::array();
  for (const auto& [id, b] : s.ballots) ballots.push_back(ballot_json(b));
  json tasks = json::array();
  for (const auto& [id, t] : s.tasks) tasks.push_back(task_json(s, t));
  // Who acknowledged a notice is a count here; members see their own in the log.
  json notices = json::array();
  for (const auto& [id, n] : s.notices) {
    notices.push_back({{"notice", id},
                       {"kind", engine::to_string(n.kind)},
                       {"title", n.title},
                       {"text", n.text},
                       {"about", n.about},
                       {"published_at", format_time(n.published_at)},
                       {"acknowledged", n.acknowledged.size()}});
  }
  json reports = json::array();
  for (const auto& [id, r] : s.reports) {
    reports.push_back({{"report", id},
                       {"reporter", r.reporter},
                       {"title", r.title},
                       {"text", r.text},
                       {"filed_at", format_time(r.filed_at)},
                       {"triage", engine::to_string(r.triage)},
                       {"target", r.target},
                       {"reason", r.reason}});
  }
  json referrals = json::array();
  for (const auto& [id, r] : s.referrals) {
    referrals.push_back(
        {{"proposal", id},
         {"body", r.body},
         {"due", format_time(r.due)},
         {"reply", r.reply},
         {"replied_at", r.replied_at ? json(format_time(r.replied_at)) : json(nullptr)}});
  }
  return {{"community", s.community},
          {"utc_offset", format_utc_offset(s.utc_offset_minutes)},
          {"rulebook", rulebook_json(s.rulebook)},
          {"households", std::move(households)},
          {"members", std::move(members)},
          {"proposals", std::move(proposals)},
          {"meetings", std::move(meetings)},
          {"ballots", std::move(ballots)},
          {"tasks", std::move(tasks)},
          {"notices", std::move(notices)},
          {"reports", std::move(reports)},
          {"referrals", std::move(referrals)}};
}

}  // namespace yishi::wire
