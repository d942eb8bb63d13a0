// The community's rulebook (议事规则): every threshold, window and limit the engine
// enforces is data here, never a constant in code. Versioned: each installed
// rulebook has a version number, and later meetings and ballots record the one they use.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <vector>

#include "engine/core/standing_rules.hpp"
#include "engine/core/types.hpp"

namespace yishi::engine {

// What quorum counts: people, households (one or more members present), or the
// floor area of the households present.
enum class QuorumBasis : std::uint8_t { headcount, household, area };

// How a tie for the last place among a poll's options is broken: the status quo
// (nobody from the tied options is chosen), or a lot drawn from a seed committed
// when the poll opens and revealed at its close. A yes/no tie always keeps the
// status quo: the question fails.
enum class TieBreak : std::uint8_t { status_quo, lot };
std::string_view to_string(TieBreak);
std::optional<TieBreak> parse_tie_break(std::string_view);

// A fraction p/q with exact comparison: `strict` means more than p/q (过半数),
// otherwise at least p/q.
struct Fraction {
  std::uint32_t num = 1;
  std::uint32_t den = 2;
  bool strict = true;
  // Whether `part` of `whole` meets the fraction (whole 0 never does). Exact:
  // counts and areas stay far below 2^50 and num, den below 2^12.
  constexpr bool met(std::uint64_t part, std::uint64_t whole) const {
    if (whole == 0) return false;
    const std::uint64_t lhs = part * den;
    const std::uint64_t rhs = whole * num;
    return strict ? lhs > rhs : lhs >= rhs;
  }
  friend bool operator==(const Fraction&, const Fraction&) = default;
};

struct Rulebook {
  std::uint32_t version = 1;

  // Proposals (提案).
  std::uint32_t support_threshold = 5;      // co-signers needed besides the author
  Milliseconds support_window = 14 * kDay;  // time to gather them after submission
  std::uint32_t max_title_chars = 120;      // Unicode code points
  std::uint32_t max_summary_chars = 4000;
  std::uint32_t max_reason_chars = 2000;

  // Meetings (会议). Added in rulebook layout 2.
  Milliseconds notice_period = 7 * kDay;         // agenda published this long before
  Milliseconds urgent_notice_period = 1 * kDay;  // when the convener records a reason
  QuorumBasis quorum_basis = QuorumBasis::headcount;
  Fraction quorum{1, 2, true};           // of the electorate frozen at opening
  std::uint32_t max_turns_per_item = 2;  // per person (南塘十三条: 每人每次发言有次数限制)
  Milliseconds max_turn = 120 * kSecond;  // per turn
  Milliseconds presentation_time = 5 * kMinute;
  Fraction majority{1, 2, true};        // of yes + no; abstentions excluded
  Fraction supermajority{2, 3, false};  // close or limit debate
  std::uint32_t max_proxies_per_holder = 1;

  // Ballots (表决). Added in rulebook layout 3.
  bool ballot_changes_allowed = true;  // a voter may replace their ballot until the close
  TieBreak option_ties = TieBreak::lot;
  // Added in layout 4: whether the convener may close a poll before its closing
  // time, with a reason, while some voters have not voted.
  bool poll_early_close = false;

  // Implementation. Added in layout 5: a task in progress with no report for
  // this long is stalled (shown, not a state).
  Milliseconds task_stall_after = 30 * kDay;

  // Layout 6: the standing responsibility list and the community's standards
  // (standing_rules.hpp). Lists, not rules of kRuleFields: a change replaces a
  // list whole.
  std::vector<Responsibility> responsibilities;
  std::vector<IndicatorStandard> standards;

  friend bool operator==(const Rulebook&, const Rulebook&) = default;
};

// What a rule_change proposal changes; the rest of the rulebook stays as it is.
// Its rules are those of kRuleFields (rule_fields.hpp), which drives everything
// done with it; new rules go at the end, so older initialisers keep their meaning.
struct RulebookChange {
  std::optional<std::uint32_t> support_threshold;
  std::optional<Milliseconds> support_window;
  std::optional<Milliseconds> notice_period;
  std::optional<Milliseconds> urgent_notice_period;
  std::optional<std::uint32_t> max_turns_per_item;
  std::optional<Milliseconds> max_turn;
  std::optional<Milliseconds> presentation_time;
  std::optional<std::uint32_t> max_proxies_per_holder;
  std::optional<Fraction> quorum;
  std::optional<Fraction> majority;
  std::optional<Fraction> supermajority;
  std::optional<bool> ballot_changes_allowed = {};    // layout 3
  std::optional<TieBreak> option_ties = {};           // layout 3
  std::optional<std::uint32_t> max_title_chars = {};  // layout 4
  std::optional<std::uint32_t> max_summary_chars = {};
  std::optional<std::uint32_t> max_reason_chars = {};
  std::optional<QuorumBasis> quorum_basis = {};
  std::optional<bool> poll_early_close = {};
  std::optional<Milliseconds> task_stall_after = {};                 // layout 5
  std::optional<std::vector<Responsibility>> responsibilities = {};  // layout 6
  std::optional<std::vector<IndicatorStandard>> standards = {};

  bool empty() const { return *this == RulebookChange{}; }
  Rulebook applied_to(Rulebook r) const;  // rule_fields.cpp
  friend bool operator==(const RulebookChange&, const RulebookChange&) = default;
};

// Defaults a new community starts with; chosen to match common 议事会 practice
// (five co-signers, a two-week window). A community changes them by decision.
inline Rulebook default_rulebook() {
  return Rulebook{};
}

}  // namespace yishi::engine
