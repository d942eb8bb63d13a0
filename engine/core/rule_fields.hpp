// The rulebook as one table. Every rule is declared once, here: its wire name
// (the same going in and coming out), its unit, its bounds and the binary
// layout that added it. JSON in and out, `yishi init --rules`, rule-change
// proposals, validation and the event codec all iterate this table, so a rule
// added here is settable, checked, encoded and shown everywhere at once.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/core/rejection.hpp"
#include "engine/core/rulebook.hpp"

namespace yishi::engine {

enum class RuleUnit : std::uint8_t { count, chars, days, hours, seconds, fraction, flag, choice };

// Where one rule lives in a Rulebook and in a RulebookChange.
template <class T>
struct RuleSlot {
  using Value = T;
  T Rulebook::*value;
  std::optional<T> RulebookChange::*change;
};

using AnyRuleSlot =
    std::variant<RuleSlot<std::uint32_t>, RuleSlot<Milliseconds>, RuleSlot<Fraction>,
                 RuleSlot<bool>, RuleSlot<QuorumBasis>, RuleSlot<TieBreak>>;

struct RuleField {
  std::string_view name;  // on the wire, in the unit: "support_window_days": 14
  AnyRuleSlot slot;
  RuleUnit unit = RuleUnit::count;
  // Bounds in the unit; fractions in thousandths (quorum 1..1000 means above zero).
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::uint32_t layout = 1;  // the rulebook layout (binary) that added the rule
};

// The rulebook's binary layouts: 1 the proposal section, 2 the meeting section,
// 3 the ballot section, 4 the text limits and quorum basis become changeable
// and polls may close early, 5 implementation tasks, 6 the responsibility list
// and the standards (two lists after the table's rules; see serialize.hpp). Old
// logs keep their layout.
inline constexpr std::uint32_t kRulebookLayout = 6;

template <class T>
constexpr AnyRuleSlot slot(T Rulebook::*value, std::optional<T> RulebookChange::*change) {
  return RuleSlot<T>{value, change};
}

// In the order of the binary layouts: a layout's fields follow the previous
// layout's, so an older rulebook is a prefix of this table.
inline constexpr std::array kRuleFields = {
    // Layout 1: proposals.
    RuleField{"support_threshold",
              slot(&Rulebook::support_threshold, &RulebookChange::support_threshold),
              RuleUnit::count, 0, 10'000, 1},
    RuleField{"support_window_days",
              slot(&Rulebook::support_window, &RulebookChange::support_window), RuleUnit::days, 1,
              365, 1},
    RuleField{"max_title_chars", slot(&Rulebook::max_title_chars, &RulebookChange::max_title_chars),
              RuleUnit::chars, 10, 1000, 1},
    RuleField{"max_summary_chars",
              slot(&Rulebook::max_summary_chars, &RulebookChange::max_summary_chars),
              RuleUnit::chars, 100, 16'000, 1},
    RuleField{"max_reason_chars",
              slot(&Rulebook::max_reason_chars, &RulebookChange::max_reason_chars), RuleUnit::chars,
              10, 16'000, 1},
    // Layout 2: meetings.
    RuleField{"notice_period_days", slot(&Rulebook::notice_period, &RulebookChange::notice_period),
              RuleUnit::days, 0, 365, 2},
    RuleField{"urgent_notice_period_hours",
              slot(&Rulebook::urgent_notice_period, &RulebookChange::urgent_notice_period),
              RuleUnit::hours, 0, 24 * 365, 2},
    RuleField{"quorum_basis", slot(&Rulebook::quorum_basis, &RulebookChange::quorum_basis),
              RuleUnit::choice, 0, 0, 2},
    RuleField{"quorum", slot(&Rulebook::quorum, &RulebookChange::quorum), RuleUnit::fraction, 1,
              1000, 2},
    RuleField{"max_turns_per_item",
              slot(&Rulebook::max_turns_per_item, &RulebookChange::max_turns_per_item),
              RuleUnit::count, 1, 100, 2},
    RuleField{"max_turn_seconds", slot(&Rulebook::max_turn, &RulebookChange::max_turn),
              RuleUnit::seconds, 10, 3600, 2},
    RuleField{"presentation_seconds",
              slot(&Rulebook::presentation_time, &RulebookChange::presentation_time),
              RuleUnit::seconds, 10, 7200, 2},
    // A "majority" below one half would let a minority decide.
    RuleField{"majority", slot(&Rulebook::majority, &RulebookChange::majority), RuleUnit::fraction,
              500, 1000, 2},
    RuleField{"supermajority", slot(&Rulebook::supermajority, &RulebookChange::supermajority),
              RuleUnit::fraction, 500, 1000, 2},
    RuleField{"max_proxies_per_holder",
              slot(&Rulebook::max_proxies_per_holder, &RulebookChange::max_proxies_per_holder),
              RuleUnit::count, 0, 100, 2},
    // Layout 3: ballots.
    RuleField{"ballot_changes_allowed",
              slot(&Rulebook::ballot_changes_allowed, &RulebookChange::ballot_changes_allowed),
              RuleUnit::flag, 0, 1, 3},
    RuleField{"option_ties", slot(&Rulebook::option_ties, &RulebookChange::option_ties),
              RuleUnit::choice, 0, 0, 3},
    // Layout 4.
    RuleField{"poll_early_close",
              slot(&Rulebook::poll_early_close, &RulebookChange::poll_early_close), RuleUnit::flag,
              0, 1, 4},
    // Layout 5: implementation.
    RuleField{"task_stall_days",
              slot(&Rulebook::task_stall_after, &RulebookChange::task_stall_after), RuleUnit::days,
              1, 365, 5},
};

const RuleField* find_rule(std::string_view name);

// Milliseconds per unit for durations, 1 otherwise.
std::int64_t unit_scale(RuleUnit unit);

// The rulebook's own consistency: every rule within its bounds, the urgent
// notice no longer than the ordinary one, the supermajority at least the
// majority. The rejection names the rule as on the wire ("rulebook.quorum").
std::optional<Rejection> check_rulebook(const Rulebook& r);

// ">1/2" (more than) or ">=2/3" (at least); "≥" is read as ">=".
std::optional<Fraction> parse_fraction(std::string_view text);
std::string format_fraction(const Fraction& f);

// The names of a choice rule's values ("headcount", "lot"...), for messages and parsing.
std::string_view choice_name(QuorumBasis v);
std::string_view choice_name(TieBreak v);
bool parse_choice(std::string_view text, QuorumBasis& out);
bool parse_choice(std::string_view text, TieBreak& out);
std::string_view choices_of(const RuleField& f);  // "headcount, household or area"

}  // namespace yishi::engine
