// Ballots (表决) on yes/no questions: on a meeting's item, or a community-wide
// poll with an opening and closing time.
//
// Secrecy. Every cast records, in the chained log, only that the voter took
// part. The choice goes into a sealed box kept beside the log (never chained,
// no voter id when the ballot is secret, no time, ordered by receipt), so no
// event, row or message links a secret voter to a choice, and no partial
// result exists before the close. At the close the whole box is published in
// one event, sorted by receipt; each voter can find their receipt in it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/decision_rules.hpp"
#include "engine/core/meeting.hpp"
#include "engine/core/types.hpp"

namespace yishi::engine {

using BallotId = std::string;

enum class Secrecy : std::uint8_t { open, secret };
enum class Weighting : std::uint8_t { person, household, area };
enum class YesNo : std::uint8_t { yes, no, abstain };
// How a yes/no ballot is decided.
enum class RuleKind : std::uint8_t { threshold, double_majority, double_majority_major };
enum class BallotPhase : std::uint8_t { open, tallied };
// What is asked. yes_no is decided by a rule; the others by a method.
enum class QuestionKind : std::uint8_t { yes_no, single, approval, score, ranked, budget };
enum class TallyMethod : std::uint8_t {
  rule,
  plurality,
  approval,
  score,
  irv,
  schulze,
  stv,
  greedy,
  mes
};

std::string_view to_string(Secrecy);
std::string_view to_string(Weighting);
std::string_view to_string(YesNo);
std::string_view to_string(RuleKind);
std::optional<Secrecy> parse_secrecy(std::string_view);
std::optional<Weighting> parse_weighting(std::string_view);
std::optional<YesNo> parse_yes_no(std::string_view);
std::optional<RuleKind> parse_rule_kind(std::string_view);
std::string_view to_string(QuestionKind);
std::string_view to_string(TallyMethod);
std::optional<QuestionKind> parse_question_kind(std::string_view);
std::optional<TallyMethod> parse_tally_method(std::string_view);

// One voter's answer; which field is used depends on the question kind.
struct Choice {
  YesNo yes_no = YesNo::abstain;          // yes_no
  std::vector<int> selected;              // single (one), approval, budget (options, 0-based)
  std::vector<std::int64_t> scores;       // score: one per option
  std::vector<std::vector<int>> ranking;  // ranked: tie classes, best first
  friend bool operator==(const Choice&, const Choice&) = default;
};
// A canonical text of the answer, the same for everyone: what a receipt hashes.
std::string canonical(QuestionKind kind, const Choice& c);

struct BallotRule {
  RuleKind kind = RuleKind::threshold;
  Fraction fraction{1, 2, true};  // threshold
  ThresholdBase base = ThresholdBase::votes_cast;
  bool abstentions_in_base = false;
  friend bool operator==(const BallotRule&, const BallotRule&) = default;
};

// What one ballot in the box holds. `voter` is empty for secret ballots.
struct SealedChoice {
  MemberId voter;
  Choice choice;
  std::uint64_t people = 0;        // 1 (per person or per household)
  std::int64_t area_centi_m2 = 0;  // the household's area, when areas count
  friend bool operator==(const SealedChoice&, const SealedChoice&) = default;
};

struct BallotTotals {
  std::uint64_t yes = 0, no = 0, abstain = 0;                       // by the ballot's weighting
  std::uint64_t owners_yes = 0, owners_no = 0, owners_abstain = 0;  // one per household (art. 278)
  // Questions with options: the winners (0-based), the full ranking in tie
  // classes, per-option totals where the method has them, the funded cost.
  std::vector<int> winners;
  std::vector<std::vector<int>> ranking;
  std::vector<std::uint64_t> option_totals;
  std::int64_t cost = 0;
  bool lot_drawn = false;
  friend bool operator==(const BallotTotals&, const BallotTotals&) = default;
};

// The shape of a question with options, frozen at opening.
struct QuestionSpec {
  QuestionKind kind = QuestionKind::yes_no;
  std::vector<std::string> options;
  std::uint32_t min_selections = 0, max_selections = 0;  // approval (0: no limit)
  std::int64_t score_min = 0, score_max = 0;             // score
  TallyMethod method = TallyMethod::rule;
  std::uint32_t seats = 1;          // winners wanted (approval, score, stv)
  std::vector<std::int64_t> costs;  // budget: per option
  std::int64_t budget = 0;          // budget: total
  std::string seed_commitment;      // SHA-256 (hex) of the lot seed, or empty
  friend bool operator==(const QuestionSpec&, const QuestionSpec&) = default;
};

struct Ballot {
  BallotId id;
  MeetingId meeting;  // empty for a poll
  ItemId item;        // the item whose question is put, if any
  std::string question;
  QuestionSpec spec;
  Secrecy secrecy = Secrecy::secret;
  Weighting weighting = Weighting::person;
  BallotRule rule;
  Timestamp closes_at = 0;             // polls: casts accepted until then
  bool changes_allowed = true;         // a voter may replace their ballot until the close
  std::uint32_t rulebook_version = 0;  // frozen at opening (0: logged before it was recorded)
  // The electorate frozen at opening: eligible members and their households.
  std::map<MemberId, HouseholdId> eligible;
  std::uint64_t electorate_weight = 0;  // by the weighting
  std::uint64_t electorate_owners = 0;  // households (art. 278)
  BallotPhase phase = BallotPhase::open;
  std::set<MemberId> participants;  // who voted (for themselves or by proxy)
  std::set<HouseholdId> households_voted;
  std::map<std::string, SealedChoice> box;    // receipt (hex) -> choice; empty once tallied
  std::map<std::string, std::string> owners;  // secret: receipt -> owner tag; empty once tallied
  std::vector<ProposalId> option_proposals;   // a poll: the proposal each option stands for
  std::optional<BallotTotals> totals;         // after the close
  std::optional<bool> passed;
  friend bool operator==(const Ballot&, const Ballot&) = default;
};

// The receipt of a ballot: SHA-256 over the ballot id, the canonical choice and the voter's
// random nonce, in hex. The voter keeps the nonce; the receipt alone reveals nothing.
std::string ballot_receipt(const BallotId& ballot, std::string_view canonical_choice,
                           std::string_view nonce_hex);

// Binds a secret ballot in the box to its voter without naming them: SHA-256 over
// the ballot id, the voter and their nonce. Only someone holding both the voter's
// id and nonce can match it, so replacing a ballot takes being its voter, not just
// knowing its nonce.
std::string ballot_owner_tag(const BallotId& ballot, const MemberId& voter,
                             std::string_view nonce_hex);

}  // namespace yishi::engine
