#include "engine/core/decide_ballot.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/audit/hash.hpp"
#include "engine/core/attendance.hpp"
#include "engine/core/ballot_tally.hpp"
#include "engine/core/decide_meeting.hpp"
#include "engine/core/poll_priority.hpp"
#include "engine/core/validation.hpp"
#include "engine/tally/amount.hpp"

// Ballot rules:
//   ballot.open   meeting: the chair, in session with quorum, on the item being voted on
//                 (after vote.call); poll: the convener, closing in the future.
//                 The electorate (residents, their households and areas) is frozen here.
//   ballot.cast   an eligible member (a meeting ballot: present, or by a proxy holder
//                 with on_behalf_of); once per person, or per household when households
//                 or areas are weighed; a replacement, if allowed, proves the old one
//                 (secret: with its nonce).
//   ballot.close  whoever opened it (a poll: also the tick at its closing time).

namespace yishi::engine {
namespace {

using Events = std::vector<Event>;

bool is_hex_nonce(std::string_view s) {
  return s.size() == 64 && std::ranges::all_of(s, [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

class BallotDecider {
 public:
  BallotDecider(const State& s, const Context& ctx) : s_(s), ctx_(ctx) {}

  Decision operator()(const command::OpenBallot& c) const {
    if (auto r = check_id("ballot", c.ballot)) return std::unexpected(*r);
    if (s_.ballots.contains(c.ballot)) {
      return reject("duplicate_id", "ballot", fmt::format("ballot {} exists", c.ballot));
    }
    if (c.rule.kind == RuleKind::threshold &&
        (c.rule.fraction.den == 0 || c.rule.fraction.num > c.rule.fraction.den ||
         c.rule.fraction.den > 1000)) {
      return reject("invalid_field", "threshold",
                    "a threshold is a fraction p/q with p ≤ q ≤ 1000");
    }
    if (c.rule.kind != RuleKind::threshold && c.weighting == Weighting::person) {
      return reject("invalid_field", "weighting",
                    "the art. 278 double majority counts households and areas, not persons");
    }
    if (auto r = check_spec(c.spec, c.weighting)) return std::unexpected(*r);
    if (!c.meeting.empty() && c.spec.kind != QuestionKind::yes_no) {
      return reject("invalid_field", "kind", "a meeting ballot puts the item's yes/no question");
    }
    event::BallotOpened e;
    e.ballot = c.ballot;
    e.meeting = c.meeting;
    e.spec = c.spec;
    if (e.spec.kind == QuestionKind::yes_no) e.spec.method = TallyMethod::rule;
    e.secrecy = c.secrecy;
    // Art. 278 always counts exclusive area and owners together, whatever other
    // weighting the ballot names: area-weighted, one ballot per household (owner).
    e.weighting = c.rule.kind == RuleKind::threshold ? c.weighting : Weighting::area;
    e.rule = c.rule;
    // Whether a voter may replace their ballot is the rulebook's to say, frozen here:
    // the meeting's rulebook for its ballots, the one in force for a poll.
    e.changes_allowed = s_.rulebook.ballot_changes_allowed;
    e.rulebook_version = s_.rulebook.version;
    if (!c.meeting.empty()) {
      const Meeting* m = s_.meeting(c.meeting);
      if (!m) return reject("unknown_meeting", "meeting", fmt::format("no meeting {}", c.meeting));
      if (m->chair != ctx_.actor) return reject("not_chair", "actor", "the chair opens a ballot");
      if (m->phase != MeetingPhase::in_session) {
        return reject("wrong_state", "meeting", "a meeting ballot needs the meeting in session");
      }
      if (auto r = quorum_for_decision(*m)) return std::unexpected(*r);
      // The ballot puts the question the chair called to a vote: the item's, or
      // the pending motion's (a secret ballot on an amendment, say).
      if (!m->vote_on || !m->item_ballot.empty()) {
        return reject("wrong_state", "meeting", "call the vote first (vote.call)");
      }
      const AgendaItem* item = m->item();
      if (*m->vote_on == 0) {
        if (!item || item->phase != ItemPhase::voting) {
          return reject("wrong_state", "meeting", "call the vote on an item first (vote.call)");
        }
        e.question = item->question;
      } else {
        const Motion& motion = m->motions.back();
        e.question = motion.kind == MotionKind::appeal
                         ? std::string("Shall the decision of the chair stand?")
                         : fmt::format("Motion {} ({}): {}", motion.number, to_string(motion.kind),
                                       motion.text);
      }
      if (item) e.item = item->id;
      e.changes_allowed = m->rules.ballot_changes_allowed;
      e.rulebook_version = m->rules.version;
      // The called question's own threshold: a rule change or closing debate needs
      // the frozen supermajority.
      if (e.rule.kind == RuleKind::threshold) e.rule.fraction = vote_threshold(s_, *m);
    } else {
      if (ctx_.role != Role::convener) {
        return reject("role_not_permitted", "role", "the convener opens a poll");
      }
      if (c.closes_at <= ctx_.now) {
        return reject("invalid_field", "closes_at", "a poll closes in the future");
      }
      if (auto r = check_text("question", c.question, s_.rulebook.max_summary_chars, true)) {
        return std::unexpected(*r);
      }
      e.question = c.question;
      e.closes_at = c.closes_at;
    }
    if (auto r = check_option_proposals(c)) return std::unexpected(*r);
    if (!c.spec.seed_commitment.empty() && s_.rulebook.option_ties == TieBreak::status_quo) {
      return reject("invalid_field", "seed_commitment",
                    "the rulebook keeps the status quo on ties (option_ties): no lot is drawn");
    }
    // Freeze the electorate: residents, their households and the households' areas.
    const Weighting weighting = e.weighting;
    std::set<HouseholdId> households;
    for (const auto& [id, member] : s_.members) {
      if (!member.roles.contains(Role::resident)) continue;
      if (weighting != Weighting::person && member.household.empty()) continue;
      e.eligible.emplace_back(id, member.household);
      if (!member.household.empty() && households.insert(member.household).second) {
        auto h = s_.households.find(member.household);
        const std::int64_t area = h == s_.households.end() ? 0 : h->second.area_centi_m2;
        if (c.rule.kind != RuleKind::threshold && area <= 0) {
          return reject("invalid_field", "rule",
                        fmt::format("art. 278 counts exclusive area, and household {} has none "
                                    "recorded",
                                    member.household));
        }
        if (weighting == Weighting::area) e.electorate_weight += static_cast<std::uint64_t>(area);
      }
    }
    e.electorate_owners = households.size();
    if (c.rule.kind != RuleKind::threshold && households.empty()) {
      return reject("invalid_field", "rule", "art. 278 needs owners: no household can vote");
    }
    if (weighting == Weighting::person) e.electorate_weight = e.eligible.size();
    if (weighting == Weighting::household) e.electorate_weight = households.size();
    Events out{std::move(e)};
    if (!c.option_proposals.empty()) {
      out.emplace_back(event::BallotOptionsLinked{c.ballot, c.option_proposals});
    }
    return out;
  }

  Decision operator()(const command::CastBallot& c) const {
    const Ballot* b = s_.ballot(c.ballot);
    if (!b) return reject("unknown_ballot", "ballot", fmt::format("no ballot {}", c.ballot));
    if (b->phase != BallotPhase::open)
      return reject("ballot_closed", "ballot", "the ballot is closed");
    if (b->meeting.empty() && ctx_.now >= b->closes_at) {
      return reject("ballot_closed", "ballot", "the poll has closed");
    }
    const MemberId voter = c.on_behalf_of.empty() ? ctx_.actor : c.on_behalf_of;
    auto eligible = b->eligible.find(voter);
    if (eligible == b->eligible.end()) {
      return reject("not_eligible", "actor",
                    fmt::format("{} is not in this ballot's electorate", voter));
    }
    if (!b->meeting.empty()) {
      const Meeting& m = s_.meetings.at(b->meeting);
      if (!c.on_behalf_of.empty()) {
        auto proxy = m.attendance.proxy_of.find(voter);
        if (proxy == m.attendance.proxy_of.end() || proxy->second != ctx_.actor) {
          return reject("not_proxy", "on_behalf_of",
                        fmt::format("{} holds no proxy from {}", ctx_.actor, voter));
        }
      }
      auto here = m.attendance.in_person.find(ctx_.actor);
      if (here == m.attendance.in_person.end() || !here->second) {
        return reject("not_present", "actor", "vote in the meeting you attend");
      }
    } else if (!c.on_behalf_of.empty()) {
      return reject("not_proxy", "on_behalf_of", "polls take no proxies");
    }
    const bool secret = b->secrecy == Secrecy::secret;
    if (secret && !is_hex_nonce(c.nonce)) {
      return reject("invalid_field", "nonce",
                    "a secret ballot needs a fresh random nonce: 64 lowercase hex digits");
    }
    if (!c.nonce.empty() && !is_hex_nonce(c.nonce)) {
      return reject("invalid_field", "nonce", "a nonce is 64 lowercase hex digits");
    }
    if (auto r = check_choice(b->spec, c.choice)) return std::unexpected(*r);
    const std::string nonce = c.nonce.empty() ? "open:" + voter : c.nonce;
    const std::string receipt = ballot_receipt(b->id, canonical(b->spec.kind, c.choice), nonce);
    if (b->box.contains(receipt)) {
      return reject("invalid_field", "nonce", "this nonce has been used; draw a new one");
    }
    Events out;
    const HouseholdId& household = eligible->second;
    const bool per_household = b->weighting != Weighting::person;
    const bool voted = b->participants.contains(voter);
    if (!voted && per_household && b->households_voted.contains(household)) {
      return reject("household_voted", "actor",
                    fmt::format("household {} has already voted", household));
    }
    if (voted) {
      if (!b->changes_allowed) return reject("already_voted", "actor", "one ballot per voter");
      auto previous = previous_receipt(*b, voter, c.previous_nonce);
      if (!previous) {
        return reject("already_voted", "previous_nonce",
                      secret ? "to replace your ballot, give the nonce of the one you cast"
                             : "you have already voted");
      }
      out.emplace_back(event::BallotUnsealed{b->id, *previous});
      out.emplace_back(event::BallotReplaced{b->id});
    } else {
      out.emplace_back(
          event::BallotParticipated{b->id, voter, c.on_behalf_of.empty() ? "" : ctx_.actor});
    }
    SealedChoice sealed;
    sealed.voter = secret ? "" : voter;
    sealed.choice = c.choice;
    sealed.people = 1;
    if (b->weighting == Weighting::area) {
      auto h = s_.households.find(household);
      sealed.area_centi_m2 = h == s_.households.end() ? 0 : h->second.area_centi_m2;
    }
    out.emplace_back(event::BallotSealed{b->id, receipt, sealed,
                                         secret ? ballot_owner_tag(b->id, voter, c.nonce) : ""});
    return out;
  }

  Decision operator()(const command::CloseBallot& c) const {
    const Ballot* b = s_.ballot(c.ballot);
    if (!b) return reject("unknown_ballot", "ballot", fmt::format("no ballot {}", c.ballot));
    if (b->phase != BallotPhase::open) return reject("ballot_closed", "ballot", "already closed");
    if (!b->meeting.empty()) {
      const Meeting& m = s_.meetings.at(b->meeting);
      if (m.chair != ctx_.actor) {
        return reject("not_chair", "actor", "the chair closes a meeting ballot");
      }
      // The close decides the called question: it needs quorum as the chair's count does.
      if (auto r = quorum_for_decision(m)) return std::unexpected(*r);
    } else if (ctx_.role != Role::convener) {
      return reject("role_not_permitted", "role", "the convener closes a poll");
    }
    // A box that does not balance is refused before anything else is weighed.
    if (auto r = check_box_balances(*b)) return std::unexpected(*r);
    Events early;
    if (b->meeting.empty() && ctx_.now < b->closes_at && !everyone_voted(*b)) {
      // A poll runs its announced time: closing it sooner would silence whoever
      // planned to vote later, unless the rulebook allows it and says why.
      if (!s_.rulebook.poll_early_close) {
        return reject("poll_still_open", "ballot",
                      fmt::format("{} closes at its announced time; before then only once every "
                                  "eligible voter has voted ({} of {})",
                                  b->id, voters_so_far(*b), voters_expected(*b)));
      }
      if (auto r = check_text("reason", c.reason, s_.rulebook.max_reason_chars, true)) {
        return std::unexpected(*r);
      }
      early.emplace_back(event::BallotClosedEarly{b->id, b->closes_at, c.reason});
    }
    if (!b->spec.seed_commitment.empty() && !c.seed.empty() &&
        audit::to_hex(audit::sha256(c.seed)) != b->spec.seed_commitment) {
      return reject("seed_mismatch", "seed",
                    "the seed does not match the commitment made at opening");
    }
    Events out = close_ballot_events(s_, *b, c.seed, ctx_.now);
    out.insert(out.begin(), early.begin(), early.end());
    return out;
  }

 private:
  // One ballot per voter, or per household where the weighting is by household.
  static std::size_t voters_so_far(const Ballot& b) {
    return b.weighting == Weighting::person ? b.participants.size() : b.households_voted.size();
  }
  static std::size_t voters_expected(const Ballot& b) {
    return b.weighting == Weighting::person ? b.eligible.size() : b.electorate_owners;
  }
  static bool everyone_voted(const Ballot& b) { return voters_so_far(b) >= voters_expected(b); }

  // The receipt of the voter's current ballot, proved by its nonce (secret) or
  // found by name (open).
  static std::optional<std::string> previous_receipt(const Ballot& b, const MemberId& voter,
                                                     const std::string& previous_nonce) {
    if (b.secrecy == Secrecy::open) {
      for (const auto& [receipt, sealed] : b.box) {
        if (sealed.voter == voter) return receipt;
      }
      return std::nullopt;
    }
    if (!is_hex_nonce(previous_nonce)) return std::nullopt;
    // Only the holder of the nonce can reproduce a receipt in the box, and only its
    // voter can match its owner tag: another's nonce, leaked or handed over, does
    // not let anyone replace their ballot. (Rows sealed before tags existed have
    // none; the nonce alone proves those.)
    const std::string owner = ballot_owner_tag(b.id, voter, previous_nonce);
    for (const auto& [receipt, sealed] : b.box) {
      if (ballot_receipt(b.id, canonical(b.spec.kind, sealed.choice), previous_nonce) != receipt) {
        continue;
      }
      auto tag = b.owners.find(receipt);
      if (tag != b.owners.end() && tag->second != owner) return std::nullopt;
      return receipt;
    }
    return std::nullopt;
  }

  static std::optional<Rejection> check_spec(const QuestionSpec& q, Weighting weighting) {
    const auto n = q.options.size();
    if (q.kind == QuestionKind::yes_no) return std::nullopt;
    if (n < 2 || n > 200) return Rejection{"invalid_field", "options", "give 2 to 200 options"};
    for (const auto& o : q.options) {
      if (auto r = check_text("options", o, 200, true)) return r;
    }
    static const std::map<QuestionKind, std::vector<TallyMethod>> kAllowed = {
        {QuestionKind::single, {TallyMethod::plurality}},
        {QuestionKind::approval, {TallyMethod::approval}},
        {QuestionKind::score, {TallyMethod::score}},
        {QuestionKind::ranked, {TallyMethod::irv, TallyMethod::schulze, TallyMethod::stv}},
        {QuestionKind::budget, {TallyMethod::greedy, TallyMethod::mes}}};
    const auto& allowed = kAllowed.at(q.kind);
    if (std::ranges::find(allowed, q.method) == allowed.end()) {
      return Rejection{"invalid_field", "method",
                       fmt::format("a {} question is not tallied by {}", to_string(q.kind),
                                   to_string(q.method))};
    }
    if (q.seats < 1 || q.seats >= n) {
      return Rejection{"invalid_field", "seats",
                       "seats must be at least 1 and fewer than the options"};
    }
    if (q.kind == QuestionKind::approval && q.max_selections &&
        q.min_selections > q.max_selections) {
      return Rejection{"invalid_field", "min_selections", "more than max_selections"};
    }
    if (q.kind == QuestionKind::score && q.score_min >= q.score_max) {
      return Rejection{"invalid_field", "score_max", "scores need a range, score_min < score_max"};
    }
    if (q.kind == QuestionKind::budget) {
      if (q.costs.size() != n) {
        return Rejection{"invalid_field", "costs", "a budget needs a cost per option and a total"};
      }
      // Bounded here so that no sum the tally forms (funded cost, what is left)
      // can overflow.
      if (auto amounts = tally::check_amounts(q.budget, q.costs); !amounts) {
        return Rejection{"invalid_field", amounts.error().field, amounts.error().reason};
      }
      if (weighting == Weighting::area) {
        return Rejection{"invalid_field", "weighting", "budgets share money per voter, not per m²"};
      }
    }
    if (!q.seed_commitment.empty() && !is_hex_nonce(q.seed_commitment)) {
      return Rejection{"invalid_field", "seed_commitment", "the SHA-256 of the seed, in hex"};
    }
    return std::nullopt;
  }

  static std::optional<Rejection> check_choice(const QuestionSpec& q, const Choice& c) {
    const int n = static_cast<int>(q.options.size());
    const auto in_range = [&](int i) { return i >= 0 && i < n; };
    const auto distinct = [](std::vector<int> v) {
      std::ranges::sort(v);
      return std::adjacent_find(v.begin(), v.end()) == v.end();
    };
    switch (q.kind) {
      case QuestionKind::yes_no:
        return std::nullopt;
      case QuestionKind::single:
        if (c.selected.size() != 1 || !in_range(c.selected[0])) {
          return Rejection{"invalid_choice", "choice", "choose exactly one option"};
        }
        return std::nullopt;
      case QuestionKind::approval:
      case QuestionKind::budget:
        if (!std::ranges::all_of(c.selected, in_range) || !distinct(c.selected)) {
          return Rejection{"invalid_choice", "choice", "approve distinct options from the list"};
        }
        if (c.selected.size() < q.min_selections ||
            (q.max_selections && c.selected.size() > q.max_selections)) {
          return Rejection{"invalid_choice", "choice",
                           fmt::format("approve between {} and {} options", q.min_selections,
                                       q.max_selections ? q.max_selections : q.options.size())};
        }
        return std::nullopt;
      case QuestionKind::score:
        if (c.scores.size() != q.options.size() ||
            !std::ranges::all_of(
                c.scores, [&](std::int64_t v) { return v >= q.score_min && v <= q.score_max; })) {
          return Rejection{
              "invalid_choice", "choice",
              fmt::format("give every option a score from {} to {}", q.score_min, q.score_max)};
        }
        return std::nullopt;
      case QuestionKind::ranked: {
        std::vector<int> all;
        for (const auto& cls : c.ranking) {
          if (cls.empty()) return Rejection{"invalid_choice", "choice", "an empty rank"};
          all.insert(all.end(), cls.begin(), cls.end());
        }
        if (all.empty() || !std::ranges::all_of(all, in_range) || !distinct(all)) {
          return Rejection{"invalid_choice", "choice", "rank distinct options from the list"};
        }
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // A poll's options may stand for accepted proposals, one each, so that its
  // tally ranks them.
  std::optional<Rejection> check_option_proposals(const command::OpenBallot& c) const {
    const auto& ids = c.option_proposals;
    if (ids.empty()) return std::nullopt;
    if (!c.meeting.empty() || c.spec.kind == QuestionKind::yes_no) {
      return Rejection{"invalid_field", "option_proposals",
                       "only a poll with options ranks proposals"};
    }
    if (ids.size() != c.spec.options.size()) {
      return Rejection{"invalid_field", "option_proposals",
                       fmt::format("name a proposal (or \"\") for each of the {} options",
                                   c.spec.options.size())};
    }
    std::set<ProposalId> seen;
    for (const ProposalId& id : ids) {
      if (id.empty()) continue;
      const Proposal* p = s_.proposal(id);
      if (!p)
        return Rejection{"unknown_proposal", "option_proposals", fmt::format("no proposal {}", id)};
      if (!p->is<phase::Accepted>()) {
        return Rejection{"wrong_state", "option_proposals",
                         fmt::format("proposal {} is not accepted and waiting for an agenda", id)};
      }
      if (!seen.insert(id).second) {
        return Rejection{"invalid_field", "option_proposals",
                         fmt::format("proposal {} stands for two options", id)};
      }
    }
    return std::nullopt;
  }

  const State& s_;
  const Context& ctx_;
};

}  // namespace

// The box (kept beside the chain) must hold exactly one ballot per voter the
// chain says took part: a row added or removed outside the engine, or a
// replacement by a writer with a stale view, makes the count wrong.
std::optional<Rejection> check_box_balances(const Ballot& b) {
  if (b.box.size() != b.participants.size()) {
    return Rejection{"box_unbalanced", "ballot",
                     fmt::format("the ballot box holds {} ballots but {} voters took part: it was "
                                 "changed outside the engine, so it is not counted",
                                 b.box.size(), b.participants.size())};
  }
  if (b.secrecy == Secrecy::open) {
    std::set<MemberId> voters;
    for (const auto& [receipt, sealed] : b.box) voters.insert(sealed.voter);
    if (voters != b.participants) {
      return Rejection{"box_unbalanced", "ballot",
                       "the open ballot box does not hold one ballot for each voter who took "
                       "part: it was changed outside the engine, so it is not counted"};
    }
  }
  return std::nullopt;
}

std::vector<Event> close_ballot_events(const State& s, const Ballot& b, const std::string& seed,
                                       Timestamp now) {
  event::BallotTallied t;
  t.ballot = b.id;
  // A published secret ballot carries its choice and receipt only: areas are
  // public and nearly unique, so a published area would name the household.
  // The weighted totals per choice are published with the result instead.
  const auto publish = [&](const std::string& receipt, const SealedChoice& sealed) {
    SealedChoice shown = sealed;
    if (b.secrecy == Secrecy::secret) shown.area_centi_m2 = 0;
    t.counted.emplace_back(receipt, std::move(shown));
  };
  if (b.spec.kind != QuestionKind::yes_no) {
    for (const auto& [receipt, sealed] : b.box) publish(receipt, sealed);
    const bool seed_ok = !b.spec.seed_commitment.empty() &&
                         audit::to_hex(audit::sha256(seed)) == b.spec.seed_commitment;
    t.totals = tally_options(b, seed_ok ? seed : std::string());
    t.seed = t.totals.lot_drawn ? seed : "";
    t.passed = !t.totals.winners.empty();
    t.explanation = fmt::format("{} by {}: {} winner(s){}", to_string(b.spec.kind),
                                to_string(b.spec.method), t.totals.winners.size(),
                                t.totals.lot_drawn ? ", a tie broken by the committed lot" : "");
    std::vector<Event> out = prioritised_events(b, t.totals);
    std::ranges::move(funded_events(s, b, t.totals, now), std::back_inserter(out));
    out.insert(out.begin(), std::move(t));
    return out;
  }
  std::set<std::string> households;
  for (const auto& [receipt, sealed] : b.box) {  // a std::map: sorted by receipt
    publish(receipt, sealed);
    const std::uint64_t weight = b.weighting == Weighting::area
                                     ? static_cast<std::uint64_t>(sealed.area_centi_m2)
                                     : sealed.people;
    auto& bucket = sealed.choice.yes_no == YesNo::yes  ? t.totals.yes
                   : sealed.choice.yes_no == YesNo::no ? t.totals.no
                                                       : t.totals.abstain;
    bucket += weight;
    auto& owners = sealed.choice.yes_no == YesNo::yes  ? t.totals.owners_yes
                   : sealed.choice.yes_no == YesNo::no ? t.totals.owners_no
                                                       : t.totals.owners_abstain;
    owners += sealed.people;
  }
  RuleOutcome outcome;
  if (b.rule.kind == RuleKind::threshold) {
    ThresholdRule rule;
    rule.fraction = b.rule.fraction;
    rule.base = b.rule.base;
    rule.abstentions_in_base = b.rule.abstentions_in_base;
    outcome =
        apply_threshold(rule, {t.totals.yes, t.totals.no, t.totals.abstain, b.electorate_weight});
  } else {
    const auto rule = b.rule.kind == RuleKind::double_majority ? DoubleMajorityRule::ordinary()
                                                               : DoubleMajorityRule::major();
    outcome = apply_double_majority(
        rule,
        {t.totals.owners_yes, t.totals.owners_no, t.totals.owners_abstain, b.electorate_owners},
        {t.totals.yes, t.totals.no, t.totals.abstain, b.electorate_weight});
  }
  // A tie or a missed quorum keeps the status quo: the question fails.
  t.participation_met = outcome.participation_met;
  t.passed = outcome.passed;
  t.explanation = outcome.explanation;
  std::vector<Event> out;
  if (const Meeting* m = s.meeting(b.meeting); m && m->vote_on) {
    // The meeting's called question is decided by this count, exactly as the
    // chair's count would decide it (an appeal: only a majority against reverses).
    auto clamp32 = [](std::uint64_t v) {
      return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, UINT32_MAX));
    };
    const bool appeal = *m->vote_on != 0 && m->motions.back().kind == MotionKind::appeal;
    out = vote_result_events(s, *m, clamp32(t.totals.yes), clamp32(t.totals.no),
                             clamp32(t.totals.abstain), now,
                             appeal ? std::nullopt : std::optional<bool>(t.passed));
    if (appeal) {
      t.passed = std::get<event::VoteCounted>(out.front()).passed;
      t.explanation = t.passed ? "the chair's decision stands (no majority against it)"
                               : "the chair's decision is reversed by a majority against it";
    }
  }
  out.insert(out.begin(), std::move(t));
  return out;
}

std::vector<Event> poll_timer_events(const State& s, Timestamp now) {
  std::vector<Event> out;
  for (const auto& [closes_at, id] : s.poll_deadlines) {
    if (closes_at > now) break;
    // An unbalanced box is not counted on the clock: its close is refused, with
    // the reason, when the convener tries it.
    if (check_box_balances(s.ballots.at(id))) continue;
    // A poll that needs a lot is closed by its convener, who reveals the seed.
    for (Event& e : close_ballot_events(s, s.ballots.at(id), "", now)) out.push_back(std::move(e));
  }
  return out;
}

Decision decide_ballot(const State& s, const BallotCommand& command, const Context& ctx) {
  return std::visit(BallotDecider{s, ctx}, command);
}

}  // namespace yishi::engine
