#include "engine/wire/event_json.hpp"

#include "engine/wire/time_format.hpp"

namespace yishi::wire {
namespace {

using json = nlohmann::ordered_json;
namespace ev = engine::event;

json roles_json(engine::RoleSet roles) {
  json out = json::array();
  for (int i = 0; i < engine::kRoleCount; ++i) {
    const auto r = static_cast<engine::Role>(i);
    if (roles.contains(r)) out.push_back(engine::to_string(r));
  }
  return out;
}

struct EventFields {
  json operator()(const ev::CommunityFounded& e) const {
    return {{"community", e.community}, {"admin", e.admin}, {"rulebook", to_json(e.rulebook)}};
  }
  json operator()(const ev::HouseholdRegistered& e) const {
    return {{"household", e.household}, {"area_m2", static_cast<double>(e.area_centi_m2) / 100.0}};
  }
  json operator()(const ev::MemberRegistered& e) const {
    return {{"member", e.member}, {"household", e.household}, {"roles", roles_json(e.roles)}};
  }
  json operator()(const ev::RoleGranted& e) const {
    return {{"member", e.member}, {"granted", engine::to_string(e.role)}};
  }
  json operator()(const ev::RoleRevoked& e) const {
    return {{"member", e.member}, {"revoked", engine::to_string(e.role)}};
  }
  json operator()(const ev::ProposalDrafted& e) const {
    return {{"proposal", e.proposal}, {"author", e.author},   {"kind", engine::to_string(e.kind)},
            {"title", e.title},       {"summary", e.summary}, {"at", format_time(e.at)}};
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
  json operator()(const ev::ProposalWithdrawn& e) const {
    return {{"proposal", e.proposal}, {"reason", e.reason}};
  }
};

}  // namespace

json to_json(const engine::Rulebook& r) {
  return {{"version", r.version},
          {"support_threshold", r.support_threshold},
          {"support_window_s", r.support_window / engine::kSecond},
          {"max_title_chars", r.max_title_chars},
          {"max_summary_chars", r.max_summary_chars},
          {"max_reason_chars", r.max_reason_chars}};
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

}  // namespace yishi::wire
