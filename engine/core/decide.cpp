#include "engine/core/decide.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/core/decide_ballot.hpp"
#include "engine/core/decide_meeting.hpp"
#include "engine/core/decide_task.hpp"
#include "engine/core/decide_two_way.hpp"
#include "engine/core/poll_priority.hpp"
#include "engine/core/rule_fields.hpp"
#include "engine/core/text.hpp"
#include "engine/core/validation.hpp"

// Proposal lifecycle. Every row is enforced below and has a test that it is
// refused for any other role or state.
//
//   command            issued by          allowed from                         -> events
//   proposal.draft     resident           (new id)                             -> drafted
//   proposal.revise    resident, author   draft | returned                     -> revised
//   proposal.submit    resident, author   draft | returned                     -> submitted
//                                                                        (+ sent_to_screening
//                                                                          when threshold is 0)
//   proposal.support   resident, not the  collecting_support, before deadline  -> supported
//                      author, once                                   (+ sent_to_screening
//                                                                        at the threshold)
//   clock.tick         admin | convener |  collecting_support past deadline     -> expired
//                      the server clock
//   proposal.accept    convener, reason   screening                            -> accepted
//   proposal.return    convener, reason   screening                            -> returned
//   proposal.refer     convener, reason,  screening                            -> referred
//                      body
//   proposal.merge     convener, reason   screening, into a different one in   -> merged
//                                         collecting_support|screening|accepted
//   proposal.schedule  convener           accepted; to a meeting that exists   -> scheduled,
//                                         and has not started                     item_added
//   proposal.withdraw  resident, author   draft | collecting_support |         -> withdrawn
//                                         screening | accepted | returned |
//                                         scheduled, its meeting not yet open  (+ item_removed)
//   (a meeting)        consultation notes the item; adjournment defers items -> accepted
//                      not reached or left open

namespace yishi::engine {
namespace {

using Events = std::vector<Event>;

class Decider {
 public:
  Decider(const State& s, const Context& ctx) : s_(s), ctx_(ctx) {}

  Decision operator()(const command::FoundCommunity& c) const {
    if (s_.founded()) return reject("already_founded", "", "the community already exists");
    if (auto r = check_id("community", c.community)) return std::unexpected(*r);
    if (auto r = check_rulebook(c.rulebook)) return std::unexpected(*r);
    if (auto r = check_id("actor", ctx_.actor)) return std::unexpected(*r);
    // Real offsets run from -12:00 to +14:00, in quarter hours.
    if (c.utc_offset_minutes < -12 * 60 || c.utc_offset_minutes > 14 * 60 ||
        c.utc_offset_minutes % 15 != 0) {
      return reject("invalid_field", "utc_offset", "a UTC offset from -12:00 to +14:00");
    }
    return Events{
        event::CommunityFounded{c.community, ctx_.actor, c.rulebook, c.utc_offset_minutes}};
  }

  Decision operator()(const command::RegisterHousehold& c) const {
    if (auto r = check_id("household", c.household)) return std::unexpected(*r);
    if (s_.households.contains(c.household)) {
      return reject("duplicate_id", "household",
                    fmt::format("household {} is already registered", c.household));
    }
    // 10 km² is far beyond any dwelling; the cap keeps weighted sums exact in 64 bits.
    if (c.area_centi_m2 < 0 || c.area_centi_m2 > 1'000'000'000) {
      return reject("invalid_field", "area_m2", "area must be between 0 and 10,000,000 m²");
    }
    return Events{event::HouseholdRegistered{c.household, c.area_centi_m2}};
  }

  Decision operator()(const command::RegisterMember& c) const {
    if (auto r = check_id("member", c.member)) return std::unexpected(*r);
    if (s_.members.contains(c.member)) {
      return reject("duplicate_id", "member",
                    fmt::format("member {} is already registered", c.member));
    }
    if (!c.household.empty() && !s_.households.contains(c.household)) {
      return reject("unknown_household", "household",
                    fmt::format("no household {} is registered", c.household));
    }
    if (c.roles.empty())
      return reject("invalid_field", "roles", "a member needs at least one role");
    return Events{event::MemberRegistered{c.member, c.household, c.roles}};
  }

  Decision operator()(const command::GrantRole& c) const {
    const Member* m = s_.member(c.member);
    if (!m || m->erased) {
      return reject("unknown_member", "member", fmt::format("no member {}", c.member));
    }
    if (m->roles.contains(c.role)) {
      return reject("already_held", "role",
                    fmt::format("{} already holds the role {}", c.member, to_string(c.role)));
    }
    return Events{event::RoleGranted{c.member, c.role}};
  }

  // The right to be forgotten: personal details go, the pseudonymous record stays.
  Decision operator()(const command::EraseMember& c) const {
    const Member* m = s_.member(c.member);
    if (!m) return reject("unknown_member", "member", fmt::format("no member {}", c.member));
    if (m->erased) {
      return reject("wrong_state", "member", fmt::format("{} was erased already", c.member));
    }
    if (c.member == ctx_.actor) {
      return reject("invalid_field", "member", "another admin erases an admin's details");
    }
    return Events{event::MemberErased{c.member}};
  }

  Decision operator()(const command::RevokeRole& c) const {
    const Member* m = s_.member(c.member);
    if (!m) return reject("unknown_member", "member", fmt::format("no member {}", c.member));
    if (!m->roles.contains(c.role)) {
      return reject("not_held", "role",
                    fmt::format("{} does not hold the role {}", c.member, to_string(c.role)));
    }
    if (c.role == Role::admin) {
      const auto admins = std::ranges::count_if(
          s_.members, [](const auto& kv) { return kv.second.roles.contains(Role::admin); });
      if (admins <= 1) {
        return reject("last_admin", "member", "the community must keep at least one admin");
      }
    }
    return Events{event::RoleRevoked{c.member, c.role}};
  }

  Decision operator()(const command::DraftProposal& c) const {
    if (auto r = check_id("proposal", c.proposal)) return std::unexpected(*r);
    // A task id is taken too: adopting this proposal opens the task of its id.
    if (s_.proposals.contains(c.proposal) || s_.tasks.contains(c.proposal)) {
      return reject("duplicate_id", "proposal",
                    fmt::format("{} is already a proposal or a task", c.proposal));
    }
    std::optional<PollStanding> seed;
    std::string title = c.title;
    if (!c.from_poll.empty() || c.from_option) {
      auto from = seeding_option(c);
      if (!from) return std::unexpected(from.error());
      seed = std::move(*from);
      if (title.empty()) title = s_.ballots.at(seed->ballot).spec.options.at(seed->option);
    }
    if (auto r = check_texts(title, c.summary)) return std::unexpected(*r);
    const bool rule_change = c.kind == ProposalKind::rule_change;
    if (rule_change && c.rulebook_change.empty()) {
      return reject("missing_field", "rulebook", "a rule change says which rules change");
    }
    if (!rule_change && !c.rulebook_change.empty()) {
      return reject("invalid_field", "rulebook", "only a rule_change proposal changes rules");
    }
    if (c.estimated_cost < 0 || c.estimated_cost > kMaxEstimatedCost) {
      return reject("invalid_field", "estimated_cost",
                    fmt::format("an estimate is a whole amount from 0 to {}", kMaxEstimatedCost));
    }
    if (auto r = check_text("category", c.category, kMaxCategoryChars, false)) {
      return std::unexpected(*r);
    }
    Events out{event::ProposalDrafted{c.proposal, ctx_.actor, c.kind, title, c.summary, ctx_.now,
                                      c.estimated_cost, c.category}};
    if (seed) out.emplace_back(event::ProposalSeeded{c.proposal, std::move(*seed)});
    if (rule_change) {
      if (auto r = check_rulebook(c.rulebook_change.applied_to(s_.rulebook))) {
        return std::unexpected(*r);
      }
      out.emplace_back(event::RulebookProposed{c.proposal, c.rulebook_change});
    }
    return out;
  }

  Decision operator()(const command::ReviseProposal& c) const {
    auto p = authored(c.proposal);
    if (!p) return std::unexpected(p.error());
    if (!(*p)->is<phase::Draft>() && !(*p)->is<phase::Returned>()) {
      return wrong_state(**p, "revised", "draft or returned");
    }
    if (auto r = check_texts(c.title, c.summary)) return std::unexpected(*r);
    return Events{event::ProposalRevised{c.proposal, c.title, c.summary}};
  }

  Decision operator()(const command::SubmitProposal& c) const {
    auto p = authored(c.proposal);
    if (!p) return std::unexpected(p.error());
    if (!(*p)->is<phase::Draft>() && !(*p)->is<phase::Returned>()) {
      return wrong_state(**p, "submitted", "draft or returned");
    }
    const std::uint32_t threshold = s_.rulebook.support_threshold;
    Events out{
        event::ProposalSubmitted{c.proposal, ctx_.now + s_.rulebook.support_window, threshold}};
    if (threshold == 0) out.emplace_back(event::ProposalSentToScreening{c.proposal});
    return out;
  }

  Decision operator()(const command::SupportProposal& c) const {
    auto p = existing(c.proposal);
    if (!p) return std::unexpected(p.error());
    const auto* collecting = std::get_if<phase::CollectingSupport>(&(*p)->phase);
    if (!collecting) return wrong_state(**p, "supported", "collecting_support");
    if (ctx_.now >= collecting->deadline) {
      return reject("support_window_closed", "proposal",
                    fmt::format("the support window of {} has closed", c.proposal));
    }
    if ((*p)->author == ctx_.actor) {
      return reject("own_proposal", "proposal", "an author cannot co-sign their own proposal");
    }
    if ((*p)->supporters.contains(ctx_.actor)) {
      return reject("already_supported", "proposal",
                    fmt::format("{} already supports {}", ctx_.actor, c.proposal));
    }
    Events out{event::ProposalSupported{c.proposal, ctx_.actor}};
    if ((*p)->supporters.size() + 1 >= collecting->threshold) {
      out.emplace_back(event::ProposalSentToScreening{c.proposal});
    }
    return out;
  }

  Decision operator()(const command::AcceptProposal& c) const {
    return screen(c.proposal, c.reason, "accepted", [&] {
      return Event{event::ProposalAccepted{c.proposal, c.reason}};
    });
  }
  Decision operator()(const command::ReturnProposal& c) const {
    return screen(c.proposal, c.reason, "returned", [&] {
      return Event{event::ProposalReturned{c.proposal, c.reason}};
    });
  }
  Decision operator()(const command::ReferProposal& c) const {
    if (is_blank(c.body)) {
      return reject("invalid_field", "body", "name the body the matter is referred to");
    }
    if (auto r = check_text("body", c.body, s_.rulebook.max_title_chars, true)) {
      return std::unexpected(*r);
    }
    return screen(c.proposal, c.reason, "referred", [&] {
      return Event{event::ProposalReferred{c.proposal, c.body, c.reason}};
    });
  }

  Decision operator()(const command::MergeProposal& c) const {
    auto source = existing(c.proposal);
    if (!source) return std::unexpected(source.error());
    if (!(*source)->is<phase::Screening>()) return wrong_state(**source, "merged", "screening");
    if (auto r = check_text("reason", c.reason, s_.rulebook.max_reason_chars, true)) {
      return std::unexpected(*r);
    }
    if (c.into == c.proposal) {
      return reject("invalid_field", "into", "a proposal cannot be merged into itself");
    }
    const Proposal* target = s_.proposal(c.into);
    if (!target) return reject("unknown_proposal", "into", fmt::format("no proposal {}", c.into));
    const auto* collecting = std::get_if<phase::CollectingSupport>(&target->phase);
    if (!collecting && !target->is<phase::Screening>() && !target->is<phase::Accepted>()) {
      return reject("wrong_state", "into",
                    fmt::format("{} is {}; only a proposal collecting support, in screening or "
                                "accepted can absorb another",
                                c.into, phase_name(target->phase)));
    }
    std::vector<MemberId> moved;
    auto carry = [&](const MemberId& m) {
      if (m != target->author && !target->supporters.contains(m)) moved.push_back(m);
    };
    carry((*source)->author);
    for (const auto& m : (*source)->supporters) carry(m);
    std::ranges::sort(moved);
    moved.erase(std::unique(moved.begin(), moved.end()), moved.end());

    Events out{event::ProposalMerged{c.proposal, c.into, c.reason, moved}};
    if (collecting && target->supporters.size() + moved.size() >= collecting->threshold) {
      out.emplace_back(event::ProposalSentToScreening{c.into});
    }
    return out;
  }

  Decision operator()(const command::ScheduleProposal& c) const {
    auto p = existing(c.proposal);
    if (!p) return std::unexpected(p.error());
    if (!(*p)->is<phase::Accepted>()) return wrong_state(**p, "scheduled", "accepted");
    // Scheduled means on an agenda that will be taken up: a meeting that exists
    // and has not started, so no proposal waits for a meeting that never comes.
    const Meeting* m = s_.meeting(c.meeting);
    if (!m) return reject("unknown_meeting", "meeting", fmt::format("no meeting {}", c.meeting));
    if (m->phase != MeetingPhase::scheduled && m->phase != MeetingPhase::open) {
      return reject("wrong_state", "meeting",
                    fmt::format("{} is {}; proposals are scheduled to a meeting that has not "
                                "started",
                                c.meeting, to_string(m->phase)));
    }
    const ItemId item = c.item.empty() ? c.proposal : c.item;
    if (auto r = check_id("item", item)) return std::unexpected(*r);
    if (m->find_item(item)) {
      return reject("duplicate_id", "item", fmt::format("item {} is on the agenda", item));
    }
    if (c.planned_minutes == 0 || c.planned_minutes > 600) {
      return reject("invalid_field", "planned_minutes", "plan between 1 and 600 minutes");
    }
    return Events{
        event::ProposalScheduled{c.proposal, c.meeting},
        event::ItemAdded{c.meeting, item, c.proposal, (*p)->title, (*p)->title, c.planned_minutes,
                         static_cast<std::uint32_t>(m->agenda.size())}};
  }

  Decision operator()(const command::WithdrawProposal& c) const {
    auto p = authored(c.proposal);
    if (!p) return std::unexpected(p.error());
    const Proposal& pr = **p;
    if (auto r = check_text("reason", c.reason, s_.rulebook.max_reason_chars, false)) {
      return std::unexpected(*r);
    }
    // Scheduled: the author may still withdraw before the meeting opens; the
    // item leaves its agenda.
    if (const auto* scheduled = std::get_if<phase::Scheduled>(&pr.phase)) {
      const Meeting* m = s_.meeting(scheduled->meeting);
      const AgendaItem* item = m ? item_for(*m, pr.id) : nullptr;
      if (!m || !item || m->phase != MeetingPhase::scheduled) {
        return reject("wrong_state", "proposal",
                      fmt::format("{} is on the agenda of {}, which has opened; it can be "
                                  "withdrawn only before its meeting opens",
                                  pr.id, scheduled->meeting));
      }
      return Events{event::ProposalWithdrawn{c.proposal, c.reason},
                    event::ItemRemoved{m->id, item->id, "withdrawn by its author"}};
    }
    if (!pr.is<phase::Draft>() && !pr.is<phase::CollectingSupport>() &&
        !pr.is<phase::Screening>() && !pr.is<phase::Accepted>() && !pr.is<phase::Returned>()) {
      return wrong_state(pr, "withdrawn",
                         "draft, collecting_support, screening, accepted, returned, or "
                         "scheduled to a meeting not yet open");
    }
    return Events{event::ProposalWithdrawn{c.proposal, c.reason}};
  }

  Decision operator()(const command::Tick&) const {
    Events out;
    for (const auto& [deadline, id] : s_.support_deadlines) {
      if (deadline > ctx_.now) break;
      out.emplace_back(event::ProposalExpired{id});
    }
    for (Event& e : meeting_timer_events(s_, ctx_.now)) out.push_back(std::move(e));
    for (Event& e : poll_timer_events(s_, ctx_.now)) out.push_back(std::move(e));
    return out;
  }

 private:
  std::expected<const Proposal*, Rejection> existing(const ProposalId& id) const {
    if (const Proposal* p = s_.proposal(id)) return p;
    return std::unexpected(
        Rejection{"unknown_proposal", "proposal", fmt::format("no proposal {}", id)});
  }

  // The tallied poll option a proposal is drafted from, with where the poll placed it.
  std::expected<PollStanding, Rejection> seeding_option(const command::DraftProposal& c) const {
    if (c.from_poll.empty() || !c.from_option) {
      return std::unexpected(
          Rejection{"missing_field", c.from_poll.empty() ? "from_poll" : "from_option",
                    "a proposal drafted from a poll names the poll and the option"});
    }
    const Ballot* b = s_.ballot(c.from_poll);
    if (!b) {
      return std::unexpected(
          Rejection{"unknown_ballot", "from_poll", fmt::format("no ballot {}", c.from_poll)});
    }
    if (!b->meeting.empty() || b->spec.kind == QuestionKind::yes_no) {
      return std::unexpected(Rejection{"invalid_field", "from_poll",
                                       fmt::format("{} is not a poll with options", b->id)});
    }
    if (b->phase != BallotPhase::tallied || !b->totals) {
      return std::unexpected(Rejection{
          "wrong_state", "from_poll", fmt::format("{} is still open: wait for its result", b->id)});
    }
    const std::uint32_t option = *c.from_option;  // 0-based; messages count from 1
    if (option >= b->spec.options.size()) {
      return std::unexpected(
          Rejection{"invalid_field", "from_option",
                    fmt::format("{} has options 1 to {}", b->id, b->spec.options.size())});
    }
    if (option < b->option_proposals.size() && !b->option_proposals[option].empty()) {
      return std::unexpected(Rejection{"invalid_field", "from_option",
                                       fmt::format("option {} already stands for proposal {}",
                                                   option + 1, b->option_proposals[option])});
    }
    for (const auto& [id, p] : s_.proposals) {
      if (p.seeded_from && p.seeded_from->ballot == b->id && p.seeded_from->option == option) {
        return std::unexpected(Rejection{
            "already_seeded", "from_option",
            fmt::format("proposal {} was drafted from this option: support or revise it", id)});
      }
    }
    return standing_of(*b, *b->totals, option);
  }

  static const AgendaItem* item_for(const Meeting& m, const ProposalId& id) {
    for (const AgendaItem& item : m.agenda) {
      if (item.proposal == id && item.phase == ItemPhase::pending) return &item;
    }
    return nullptr;
  }

  std::expected<const Proposal*, Rejection> authored(const ProposalId& id) const {
    auto p = existing(id);
    if (p && (*p)->author != ctx_.actor) {
      return std::unexpected(Rejection{"not_author", "proposal",
                                       fmt::format("only the author of {} may do this", id)});
    }
    return p;
  }

  std::unexpected<Rejection> wrong_state(const Proposal& p, std::string_view verb,
                                         std::string_view allowed) const {
    return reject("wrong_state", "proposal",
                  fmt::format("{} is {}; it can be {} only when {}", p.id, phase_name(p.phase),
                              verb, allowed));
  }

  std::optional<Rejection> check_texts(const std::string& title, const std::string& summary) const {
    if (auto r = check_text("title", title, s_.rulebook.max_title_chars, true)) return r;
    return check_text("summary", summary, s_.rulebook.max_summary_chars, false);
  }

  template <class MakeEvent>
  Decision screen(const ProposalId& id, const std::string& reason, std::string_view verb,
                  MakeEvent make) const {
    auto p = existing(id);
    if (!p) return std::unexpected(p.error());
    if (!(*p)->is<phase::Screening>()) return wrong_state(**p, verb, "screening");
    // Every screening decision carries a written reason (DESIGN §1, convener).
    if (auto r = check_text("reason", reason, s_.rulebook.max_reason_chars, true)) {
      return std::unexpected(*r);
    }
    return Events{make()};
  }

  const State& s_;
  const Context& ctx_;
};

}  // namespace

RoleSet permitted_roles(const Command& command) {
  return visit_command([](const auto& c) { return std::decay_t<decltype(c)>::issued_by; }, command);
}

Role default_role(const State& state, const MemberId& actor, const Command& command) {
  const RoleSet permitted = permitted_roles(command);
  const Member* m = state.member(actor);
  std::optional<Role> first;
  for (int i = 0; i < kRoleCount; ++i) {
    const auto r = static_cast<Role>(i);
    if (!permitted.contains(r)) continue;
    if (!first) first = r;
    if (m && m->roles.contains(r)) return r;
  }
  return first.value_or(Role::resident);
}

Decision decide(const State& state, const Command& command, const Context& ctx) {
  const bool founding = command_is<command::FoundCommunity>(command);
  if (!founding) {
    if (!state.founded()) {
      return reject("not_founded", "", "the community has not been founded yet");
    }
    if (ctx.actor == kSystemActor) {
      if (command_is<command::Tick>(command))
        return std::visit(Decider{state, ctx}, std::get<CommunityCommand>(command));
      return reject(
          "role_not_permitted", "actor",
          fmt::format("the server's clock issues clock.tick only, not {}", command_name(command)));
    }
    const Member* actor = state.member(ctx.actor);
    if (!actor) {
      return reject("unknown_actor", "actor", fmt::format("{} is not a member", ctx.actor));
    }
    if (actor->erased) {
      return reject("unknown_actor", "actor",
                    fmt::format("{}'s membership was erased at their request", ctx.actor));
    }
    if (!permitted_roles(command).contains(ctx.role)) {
      return reject("role_not_permitted", "role",
                    fmt::format("{} cannot be issued in the role {}", command_name(command),
                                to_string(ctx.role)));
    }
    if (!actor->roles.contains(ctx.role)) {
      return reject("role_not_held", "role",
                    fmt::format("{} does not hold the role {}", ctx.actor, to_string(ctx.role)));
    }
  }
  struct Groups {
    const State& s;
    const Context& ctx;
    Decision operator()(const CommunityCommand& c) const { return std::visit(Decider{s, ctx}, c); }
    Decision operator()(const ProposalCommand& c) const { return std::visit(Decider{s, ctx}, c); }
    Decision operator()(const MeetingCommand& c) const { return decide_meeting(s, c, ctx); }
    Decision operator()(const BallotCommand& c) const { return decide_ballot(s, c, ctx); }
    Decision operator()(const TaskCommand& c) const { return decide_task(s, c, ctx); }
    Decision operator()(const TwoWayCommand& c) const { return decide_two_way(s, c, ctx); }
  };
  return std::visit(Groups{state, ctx}, command);
}

}  // namespace yishi::engine
