#include "engine/wire/event_json.hpp"

#include <fmt/format.h>

#include "engine/wire/rulebook_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::wire {
namespace {

using json = nlohmann::ordered_json;
namespace ev = engine::event;

struct EventFields {
  json operator()(const ev::CommunityFounded& e) const {
    return {{"community", e.community},
            {"admin", e.admin},
            {"utc_offset", format_utc_offset(e.utc_offset_minutes)},
            {"rulebook", to_json(e.rulebook)}};
  }
  json operator()(const ev::HouseholdRegistered& e) const {
    return {{"household", e.household}, {"area_m2", static_cast<double>(e.area_centi_m2) / 100.0}};
  }
  json operator()(const ev::MemberRegistered& e) const {
    return {{"member", e.member}, {"household", e.household}, {"roles", roles_json(e.roles)}};
  }
  json operator()(const ev::MemberErased& e) const { return {{"member", e.member}}; }
  json operator()(const ev::RoleGranted& e) const {
    return {{"member", e.member}, {"granted", engine::to_string(e.role)}};
  }
  json operator()(const ev::RoleRevoked& e) const {
    return {{"member", e.member}, {"revoked", engine::to_string(e.role)}};
  }
  json operator()(const ev::ProposalDrafted& e) const {
    return {{"proposal", e.proposal},
            {"author", e.author},
            {"kind", engine::to_string(e.kind)},
            {"title", e.title},
            {"summary", e.summary},
            {"at", format_time(e.at)},
            {"estimated_cost", e.estimated_cost},
            {"category", e.category}};
  }
  json operator()(const ev::ProposalRevised& e) const {
    return {{"proposal", e.proposal}, {"title", e.title}, {"summary", e.summary}};
  }
  json operator()(const ev::ProposalSubmitted& e) const {
    return {{"proposal", e.proposal},
            {"support_deadline", format_time(e.deadline)},
            {"support_threshold", e.threshold}};
  }
  json operator()(const ev::ProposalSupported& e) const {
    return {{"proposal", e.proposal}, {"supporter", e.supporter}};
  }
  json operator()(const ev::ProposalSentToScreening& e) const { return {{"proposal", e.proposal}}; }
  json operator()(const ev::ProposalExpired& e) const { return {{"proposal", e.proposal}}; }
  json operator()(const ev::ProposalAccepted& e) const {
    return {{"proposal", e.proposal}, {"reason", e.reason}};
  }
  json operator()(const ev::ProposalReturned& e) const {
    return {{"proposal", e.proposal}, {"reason", e.reason}};
  }
  json operator()(const ev::ProposalReferred& e) const {
    return {{"proposal", e.proposal}, {"body", e.body}, {"reason", e.reason}};
  }
  json operator()(const ev::ProposalMerged& e) const {
    return {{"proposal", e.proposal},
            {"into", e.into},
            {"reason", e.reason},
            {"moved_supporters", e.moved_supporters}};
  }
  json operator()(const ev::ProposalScheduled& e) const {
    return {{"proposal", e.proposal}, {"meeting", e.meeting}};
  }
  json operator()(const ev::ProposalConsulted& e) const {
    return {{"proposal", e.proposal}, {"meeting", e.meeting}, {"item", e.item}};
  }
  json operator()(const ev::BallotClosedEarly& e) const {
    return {{"ballot", e.ballot}, {"closes_at", format_time(e.closes_at)}, {"reason", e.reason}};
  }
  json operator()(const ev::ItemRemoved& e) const {
    return {{"meeting", e.meeting}, {"item", e.item}, {"reason", e.reason}};
  }
  json operator()(const ev::MotionLapsed& e) const {
    return {{"meeting", e.meeting}, {"number", e.number}};
  }
  json operator()(const ev::ProposalWithdrawn& e) const {
    return {{"proposal", e.proposal}, {"reason", e.reason}};
  }
  json operator()(const ev::MeetingScheduled& e) const {
    return {{"meeting", e.meeting},
            {"kind", engine::to_string(e.kind)},
            {"title", e.title},
            {"starts_at", format_time(e.starts_at)},
            {"convener", e.convener},
            {"chair", e.chair},
            {"urgent_reason", e.urgent_reason},
            {"rulebook_version", e.rules.version}};
  }
  json operator()(const ev::ItemAdded& e) const {
    return {{"meeting", e.meeting},   {"item", e.item},
            {"proposal", e.proposal}, {"title", e.title},
            {"question", e.question}, {"planned_minutes", e.planned_minutes},
            {"position", e.position}};
  }
  json operator()(const ev::ItemMoved& e) const {
    return {{"meeting", e.meeting}, {"item", e.item}, {"position", e.position}};
  }
  json operator()(const ev::MeetingOpened& e) const {
    return {{"meeting", e.meeting},
            {"electorate_people", e.electorate_people},
            {"electorate_households", e.electorate_households},
            {"electorate_area_m2", static_cast<double>(e.electorate_area_centi_m2) / 100.0}};
  }
  json operator()(const ev::CheckedIn& e) const {
    return {{"meeting", e.meeting}, {"member", e.member}};
  }
  json operator()(const ev::CheckedOut& e) const {
    return {{"meeting", e.meeting}, {"member", e.member}};
  }
  json operator()(const ev::ProxyRegistered& e) const {
    return {{"meeting", e.meeting}, {"grantor", e.grantor}, {"holder", e.holder}};
  }
  json operator()(const ev::QuorumLost& e) const { return quorum(e); }
  json operator()(const ev::QuorumReached& e) const { return quorum(e); }
  json operator()(const ev::CalledToOrder& e) const { return {{"meeting", e.meeting}}; }
  json operator()(const ev::ChairHandedOver& e) const {
    return {{"meeting", e.meeting}, {"to", e.to}};
  }
  json operator()(const ev::ItemStarted& e) const {
    return {{"meeting", e.meeting},
            {"item", e.item},
            {"presenter", e.presenter},
            {"presentation_ends_at", format_time(e.presentation_ends_at)},
            {"turn_seconds", e.turn_limit / engine::kSecond}};
  }
  json operator()(const ev::DebateOpened& e) const {
    return {{"meeting", e.meeting}, {"item", e.item}};
  }
  json operator()(const ev::FloorRequested& e) const {
    return {{"meeting", e.meeting}, {"member", e.member}, {"stance", engine::to_string(e.stance)}};
  }
  json operator()(const ev::FloorRequestWithdrawn& e) const {
    return {{"meeting", e.meeting}, {"member", e.member}};
  }
  json operator()(const ev::FloorRecognized& e) const {
    return {{"meeting", e.meeting},
            {"member", e.member},
            {"stance", engine::to_string(e.stance)},
            {"at", format_time(e.at)},
            {"ends_at", format_time(e.ends_at)}};
  }
  json operator()(const ev::TurnEnded& e) const {
    return {{"meeting", e.meeting},
            {"member", e.member},
            {"how", engine::to_string(e.how)},
            {"spoke_seconds", static_cast<double>(e.spoke) / 1000.0},
            {"reason", e.reason}};
  }
  json operator()(const ev::OrderRaised& e) const {
    return {{"meeting", e.meeting},
            {"member", e.member},
            {"text", e.text},
            {"floor_remaining_seconds", static_cast<double>(e.floor_remaining) / 1000.0}};
  }
  json operator()(const ev::OrderRuled& e) const {
    return {{"meeting", e.meeting}, {"sustained", e.sustained}, {"reason", e.reason}};
  }
  json operator()(const ev::RulingReversed& e) const { return {{"meeting", e.meeting}}; }
  json operator()(const ev::MotionMoved& e) const {
    return {{"meeting", e.meeting},
            {"number", e.number},
            {"kind", engine::to_string(e.kind)},
            {"mover", e.mover},
            {"text", e.text},
            {"turn_seconds", e.turn_limit / engine::kSecond}};
  }
  json operator()(const ev::MotionSeconded& e) const {
    return {{"meeting", e.meeting}, {"number", e.number}, {"member", e.member}};
  }
  json operator()(const ev::VoteCalled& e) const {
    return {{"meeting", e.meeting}, {"subject", e.subject}};
  }
  json operator()(const ev::VoteCounted& e) const {
    return {{"meeting", e.meeting}, {"subject", e.subject}, {"yes", e.yes},
            {"no", e.no},           {"abstain", e.abstain}, {"passed", e.passed}};
  }
  json operator()(const ev::TextAmended& e) const {
    return {{"meeting", e.meeting}, {"target", e.target}, {"text", e.text}};
  }
  json operator()(const ev::ItemDeferred& e) const {
    return {{"meeting", e.meeting}, {"item", e.item}, {"reason", e.reason}};
  }
  json operator()(const ev::DebateLimited& e) const {
    return {
        {"meeting", e.meeting}, {"item", e.item}, {"turn_seconds", e.turn_limit / engine::kSecond}};
  }
  json operator()(const ev::DebateClosed& e) const {
    return {{"meeting", e.meeting}, {"item", e.item}};
  }
  json operator()(const ev::ItemDecided& e) const {
    return {{"meeting", e.meeting}, {"item", e.item}, {"outcome", engine::to_string(e.outcome)}};
  }
  json operator()(const ev::Recessed& e) const { return {{"meeting", e.meeting}}; }
  json operator()(const ev::Resumed& e) const { return {{"meeting", e.meeting}}; }
  json operator()(const ev::Adjourned& e) const { return {{"meeting", e.meeting}}; }
  json operator()(const ev::MinutesAmended& e) const {
    return {{"meeting", e.meeting}, {"text", e.text}};
  }
  json operator()(const ev::MinutesApproved& e) const {
    return {{"meeting", e.meeting}, {"by", e.by}};
  }
  json operator()(const ev::NoticePublished& e) const {
    return {{"notice", e.notice}, {"kind", engine::to_string(e.kind)},
            {"title", e.title},   {"text", e.text},
            {"about", e.about},   {"at", format_time(e.at)}};
  }
  json operator()(const ev::NoticeAcknowledged& e) const {
    return {{"notice", e.notice}, {"member", e.member}};
  }
  json operator()(const ev::ReportFiled& e) const {
    return {{"report", e.report},
            {"reporter", e.reporter},
            {"title", e.title},
            {"text", e.text},
            {"at", format_time(e.at)}};
  }
  json operator()(const ev::ReportTriaged& e) const {
    return {{"report", e.report},
            {"as", engine::to_string(e.as)},
            {"target", e.target},
            {"reason", e.reason}};
  }
  json operator()(const ev::ReplyRequested& e) const {
    return {{"proposal", e.proposal}, {"body", e.body}, {"due", format_time(e.due)}};
  }
  json operator()(const ev::ReferralReplied& e) const {
    return {{"proposal", e.proposal}, {"reply", e.reply}, {"at", format_time(e.at)}};
  }
  json operator()(const ev::TaskOpened& e) const {
    return {{"task", e.task},         {"parent", e.parent},
            {"proposal", e.proposal}, {"decided_at", e.decided_at},
            {"title", e.title},       {"weight", e.weight},
            {"at", format_time(e.at)}};
  }
  json operator()(const ev::TaskAssigned& e) const {
    return {{"task", e.task},
            {"body", e.body},
            {"funding", engine::to_string(e.funding)},
            {"budget", e.budget}};
  }
  json operator()(const ev::MilestoneAdded& e) const {
    return {{"task", e.task},
            {"milestone", e.milestone},
            {"title", e.title},
            {"deliverable", e.deliverable},
            {"due", format_time(e.due)}};
  }
  json operator()(const ev::TaskStarted& e) const {
    return {{"task", e.task}, {"at", format_time(e.at)}};
  }
  json operator()(const ev::ProgressReported& e) const {
    json out = {{"task", e.task}, {"at", format_time(e.at)}};
    out["percent"] = e.percent ? json(*e.percent) : json(nullptr);
    out["spend"] = e.spend;
    out["note"] = e.note;
    out["milestone"] = e.milestone;
    out["attachments"] = e.attachments;
    return out;
  }
  json operator()(const ev::TaskCompleted& e) const {
    return {{"task", e.task}, {"at", format_time(e.at)}};
  }
  json operator()(const ev::TaskEvaluated& e) const {
    return {{"task", e.task},
            {"survey", e.evaluation.survey},
            {"respondents", e.evaluation.respondents},
            {"score_min", e.evaluation.score_min},
            {"score_max", e.evaluation.score_max},
            {"satisfaction_milli", e.evaluation.satisfaction_milli}};
  }
  json operator()(const ev::TaskCancelled& e) const {
    return {{"task", e.task}, {"decision", e.decision}, {"reason", e.reason}};
  }
  json operator()(const ev::RulebookProposed& e) const {
    return {{"proposal", e.proposal}, {"changes", rulebook_change_json(e.change)}};
  }
  json operator()(const ev::RulebookInstalled& e) const {
    return {{"proposal", e.proposal}, {"rulebook", to_json(e.rulebook)}};
  }
  json operator()(const ev::BallotOptionsLinked& e) const {
    return {{"ballot", e.ballot}, {"proposals", e.proposals}};
  }
  json operator()(const ev::ProposalSeeded& e) const {
    return {{"proposal", e.proposal}, {"from", to_json(e.from)}};
  }
  json operator()(const ev::ProposalPrioritised& e) const {
    return {{"proposal", e.proposal}, {"standing", to_json(e.standing)}};
  }
  json operator()(const ev::ProposalFunded& e) const {
    return {
        {"proposal", e.proposal}, {"ballot", e.ballot}, {"option", e.option}, {"amount", e.amount}};
  }
  json operator()(const ev::BallotOpened& e) const {
    return {{"ballot", e.ballot},
            {"meeting", e.meeting},
            {"item", e.item},
            {"question", e.question},
            {"secrecy", engine::to_string(e.secrecy)},
            {"weighting", engine::to_string(e.weighting)},
            {"rule", to_json(e.rule)},
            {"kind", engine::to_string(e.spec.kind)},
            {"method", engine::to_string(e.spec.method)},
            {"options", e.spec.options},
            {"seats", e.spec.seats},
            {"seed_commitment", e.spec.seed_commitment},
            {"closes_at", e.closes_at ? json(format_time(e.closes_at)) : json()},
            {"eligible", e.eligible.size()},
            {"electorate_weight", e.electorate_weight},
            {"electorate_households", e.electorate_owners},
            {"rulebook_version", e.rulebook_version}};
  }
  json operator()(const ev::BallotParticipated& e) const {
    return {{"ballot", e.ballot}, {"voter", e.voter}, {"proxy", e.proxy}};
  }
  // Sealed-box events never leave the store; even so, never show a choice here.
  json operator()(const ev::BallotSealed& e) const {
    return {{"ballot", e.ballot}, {"receipt", e.receipt}};
  }
  json operator()(const ev::BallotUnsealed& e) const {
    return {{"ballot", e.ballot}, {"receipt", e.receipt}};
  }
  json operator()(const ev::BallotReplaced& e) const { return {{"ballot", e.ballot}}; }
  json operator()(const ev::BallotTallied& e) const {
    json counted = json::array();
    for (const auto& [receipt, sealed] : e.counted) {
      json entry = {{"receipt", receipt}};
      const auto& ch = sealed.choice;
      if (!ch.ranking.empty()) {
        entry["ranking"] = ranking_json(ch.ranking);
      } else if (!ch.scores.empty()) {
        entry["scores"] = ch.scores;
      } else if (!ch.selected.empty()) {
        entry["choice"] = one_based(ch.selected);
      } else {
        entry["choice"] = engine::to_string(ch.yes_no);
      }
      if (!sealed.voter.empty()) entry["voter"] = sealed.voter;
      if (sealed.area_centi_m2)
        entry["area_m2"] = static_cast<double>(sealed.area_centi_m2) / 100.0;
      counted.push_back(std::move(entry));
    }
    json out = {{"ballot", e.ballot},
                {"yes", e.totals.yes},
                {"no", e.totals.no},
                {"abstain", e.totals.abstain},
                {"households",
                 {{"yes", e.totals.owners_yes},
                  {"no", e.totals.owners_no},
                  {"abstain", e.totals.owners_abstain}}},
                {"participation_met", e.participation_met},
                {"passed", e.passed},
                {"explanation", e.explanation}};
    const auto& t = e.totals;
    if (!t.winners.empty() || !t.ranking.empty() || !t.option_totals.empty()) {
      // A question with options: its result by option number (from 1).
      out["winners"] = one_based(t.winners);
      out["ranking"] = ranking_json(t.ranking);
      if (!t.option_totals.empty()) out["option_totals"] = t.option_totals;
      if (t.cost) out["cost"] = t.cost;
      if (t.lot_drawn) out["lot_seed"] = e.seed;
    }
    out["counted"] = std::move(counted);
    return out;
  }

 private:
  template <class Quorum>
  static json quorum(const Quorum& e) {
    return {{"meeting", e.meeting},
            {"people", e.people},
            {"households", e.households},
            {"area_m2", static_cast<double>(e.area_centi_m2) / 100.0}};
  }
};

}  // namespace

json to_json(const engine::Rulebook& r) {
  return rulebook_json(r);
}

// Options are numbered from 1, as on the ballot.
json to_json(const engine::PollStanding& s) {
  json out = {{"ballot", s.ballot},
              {"option", s.option + 1},
              {"rank", s.rank},
              {"options", s.options},
              {"won", s.won}};
  if (s.support) out["support"] = *s.support;
  return out;
}

json roles_json(engine::RoleSet roles) {
  json out = json::array();
  for (int i = 0; i < engine::kRoleCount; ++i) {
    const auto r = static_cast<engine::Role>(i);
    if (roles.contains(r)) out.push_back(engine::to_string(r));
  }
  return out;
}

json one_based(const std::vector<int>& options) {
  json out = json::array();
  for (int o : options) out.push_back(option_number(o));
  return out;
}

json ranking_json(const std::vector<std::vector<int>>& ranking) {
  json out = json::array();
  for (const auto& tie_class : ranking) out.push_back(one_based(tie_class));
  return out;
}

json to_json(const engine::BallotRule& r) {
  json out = {{"kind", engine::to_string(r.kind)}};
  if (r.kind == engine::RuleKind::threshold) {
    out["threshold"] =
        fmt::format("{}{}/{}", r.fraction.strict ? ">" : ">=", r.fraction.num, r.fraction.den);
    out["base"] = r.base == engine::ThresholdBase::electorate ? "electorate" : "votes_cast";
    out["abstentions"] = r.abstentions_in_base ? "counted" : "excluded";
  }
  return out;
}

json to_json(const engine::Event& event) {
  return std::visit(EventFields{}, event);
}

json to_json(const engine::Rejection& r) {
  json out = {{"code", r.code}, {"reason", r.reason}};
  if (!r.field.empty()) out["field"] = r.field;
  return out;
}

json to_json(const audit::Envelope& e, const engine::Event& event) {
  return {{"seq", e.seq},
          {"time", format_time(e.time)},
          {"actor", e.actor},
          {"type", e.type},
          {"version", e.version},
          {"event", to_json(event)},
          {"prev_hash", audit::to_hex(e.prev_hash)},
          {"hash", audit::to_hex(e.hash)}};
}

std::string dump(const nlohmann::ordered_json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace yishi::wire
