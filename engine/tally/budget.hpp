// Participatory budgeting: Pabulib data, greedy-by-votes and the Method of Equal
// Shares (cost utilities) with Add1 completion and the comparison step.
//
// MES conventions (those of the official Wieliczka 2023 result): every voter
// starts with the budget divided equally (exactly, or rounded down); a project
// costs its supporters equal shares, capped by what each has left; the project
// needing the smallest share per unit of utility (cost utilities: the largest
// "effective vote count" cost/share) is funded first. Ties: lower cost, then
// more votes, then the earlier project in the file. Add1 raises every voter's
// start by `increment` and reruns from scratch, keeping the last outcome within
// the budget; early stop ends at the first exhaustive outcome instead.
// All decisions use exact rationals.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/tally/amount.hpp"
#include "engine/tally/profile.hpp"

namespace yishi::tally {

struct Project {
  std::string id;
  std::int64_t cost = 0;
  std::uint64_t votes = 0;
  std::string name;
};

// Amounts (budget, costs) are whole sub-units: 10^-decimals of the currency, so
// decimal data ("969245.38") is exact. Bounded by kMaxAmount (amount.hpp).
struct BudgetProfile {
  std::int64_t budget = 0;
  int decimals = 0;
  std::vector<Project> projects;
  // Distinct approval ballots (project indices, ascending) with their counts.
  std::vector<std::pair<std::vector<int>, std::uint64_t>> ballots;
  std::uint64_t voters = 0;
  std::map<std::string, std::string> meta;
  // What was accepted but not as written (a project listed twice in one vote),
  // the first kMaxWarnings of them, and how many there were in all.
  std::vector<ParseError> warnings;
  std::size_t warning_count = 0;
  static constexpr std::size_t kMaxWarnings = 100;
};

std::expected<BudgetProfile, ParseError> parse_pabulib(std::string_view text);

struct Comparison {
  std::uint64_t prefer_mes = 0, prefer_greedy = 0, equal = 0;
  bool mes_stands = true;
};

struct BudgetResult {
  std::string method;
  std::vector<int> selected;  // project indices, in selection order
  std::int64_t cost = 0;
  std::vector<double> effective_votes;  // display: cost / share, per selected project (MES)
  std::uint64_t add1_steps = 0;         // raises applied to reach the outcome
  std::uint32_t runs = 0;               // MES runs performed, fast and exact
  std::uint32_t exact_runs = 0;         // runs redone (or done) in exact rationals
  std::optional<Comparison> comparison;
};

BudgetResult greedy(const BudgetProfile& p);

enum class Completion { none, add1, add1u };
enum class StartEndowment { exact, integral };

struct MesOptions {
  Completion completion = Completion::add1;
  StartEndowment start = StartEndowment::exact;
  std::int64_t increment = 1;  // whole currency units (scaled by the profile's decimals)
  bool early_stop = false;
  bool compare_with_greedy = false;  // --comparison satisfaction
};

BudgetResult equal_shares(const BudgetProfile& p, const MesOptions& options);

}  // namespace yishi::tally
