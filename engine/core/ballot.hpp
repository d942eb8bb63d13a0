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

std::string_view to_string(Secrecy);
std::string_view to_string(Weighting);
std::string_view to_string(YesNo);
std::string_view to_string(RuleKind);
std::optional<Secrecy> parse_secrecy(std::string_view);
std::optional<Weighting> parse_weighting(std::string_view);
std::optional<YesNo> parse_yes_no(std::string_view);
std::optional<RuleKind> parse_rule_kind(std::string_view);

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
  YesNo choice = YesNo::abstain;
  std::uint64_t people = 0;        // 1 (per person or per household)
  std::int64_t area_centi_m2 = 0;  // the household's area, when areas count
  friend bool operator==(const SealedChoice&, const SealedChoice&) = default;
};

struct BallotTotals {
  std::uint64_t yes = 0, no = 0, abstain = 0;                       // by the ballot's weighting
  std::uint64_t owners_yes = 0, owners_no = 0, owners_abstain = 0;  // one per household (art. 278)
  friend bool operator==(const BallotTotals&, const BallotTotals&) = default;
};

struct Ballot {
  BallotId id;
  MeetingId meeting;  // empty for a poll
  ItemId item;        // the item whose question is put, if any
  std::string question;
  Secrecy secrecy = Secrecy::secret;
  Weighting weighting = Weighting::person;
  BallotRule rule;
  Timestamp closes_at = 0;      // polls: casts accepted until then
  bool changes_allowed = true;  // a voter may replace their ballot until the close
  // The electorate frozen at opening: eligible members and their households.
  std::map<MemberId, HouseholdId> eligible;
  std::uint64_t electorate_weight = 0;  // by the weighting
  std::uint64_t electorate_owners = 0;  // households (art. 278)
  BallotPhase phase = BallotPhase::open;
  std::set<MemberId> participants;  // who voted (for themselves or by proxy)
  std::set<HouseholdId> households_voted;
  std::map<std::string, SealedChoice> box;  // receipt (hex) -> choice; empty once tallied
  std::optional<BallotTotals> totals;       // after the close
  std::optional<bool> passed;
  friend bool operator==(const Ballot&, const Ballot&) = default;
};

// The receipt of a ballot: SHA-256 over the ballot id, the choice and the voter's
// random nonce, in hex. The voter keeps the nonce; the receipt alone reveals nothing.
std::string ballot_receipt(const BallotId& ballot, YesNo choice, std::string_view nonce_hex);

}  // namespace yishi::engine
