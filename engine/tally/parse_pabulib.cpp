#include <algorithm>
#include <charconv>
#include <set>

#include "engine/tally/budget.hpp"
#include "engine/tally/fields.hpp"

namespace yishi::tally {
namespace {

using fields::error;
using fields::to_number;
using fields::trim;

// One ';'-separated row with CSV quoting ("" inside quotes is a quote).
std::vector<std::string> split_row(std::string_view line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ';') {
      out.emplace_back(trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  out.emplace_back(trim(cell));
  return out;
}

}  // namespace

std::expected<BudgetProfile, ParseError> parse_pabulib(std::string_view text) {
  BudgetProfile out;
  enum class Section { none, meta, projects, votes } section = Section::none;
  std::vector<std::string> columns;
  std::map<std::string, int> project_index;
  std::map<std::vector<int>, std::uint64_t> distinct;
  std::vector<std::vector<int>> first_seen;
  std::vector<std::uint64_t> stated_votes;
  std::set<std::string> voter_ids;
  // Amounts are converted once every one is read: the most decimal places any
  // of them has sets the sub-unit for all (exactly, never through a double).
  std::vector<std::pair<Decimal, std::size_t>> costs;  // with their lines
  std::size_t line_no = 0;
  bool expect_header = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    if (line == "META" || line == "PROJECTS" || line == "VOTES") {
      section = line == "META"       ? Section::meta
                : line == "PROJECTS" ? Section::projects
                                     : Section::votes;
      expect_header = true;
      continue;
    }
    const auto row = split_row(line);
    if (expect_header) {
      columns = row;
      expect_header = false;
      continue;
    }
    if (row.size() != columns.size()) {
      return error(line_no, "expected " + std::to_string(columns.size()) + " fields, found " +
                                std::to_string(row.size()));
    }
    const auto field = [&](const char* name) -> std::optional<std::string> {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == name) return row[i];
      }
      return std::nullopt;
    };
    switch (section) {
      case Section::none:
        return error(line_no, "data before a META, PROJECTS or VOTES section");
      case Section::meta:
        out.meta[row[0]] = row.size() > 1 ? row[1] : "";
        break;
      case Section::projects: {
        Project p;
        auto id = field("project_id");
        auto cost = field("cost");
        if (!id || !cost) return error(line_no, "PROJECTS needs project_id and cost");
        p.id = *id;
        auto amount = parse_decimal(*cost);
        if (!amount) return error(line_no, "cost " + amount.error());
        costs.emplace_back(std::move(*amount), line_no);
        std::uint64_t votes = 0;
        if (auto v = field("votes"); v && !v->empty() && !to_number(*v, votes)) {
          return error(line_no, "votes '" + *v + "' is not a number");
        }
        stated_votes.push_back(field("votes") ? votes : UINT64_MAX);
        p.name = field("name").value_or("");
        if (!project_index.emplace(p.id, static_cast<int>(out.projects.size())).second) {
          return error(line_no, "project " + p.id + " appears twice");
        }
        out.projects.push_back(std::move(p));
        break;
      }
      case Section::votes: {
        auto voter = field("voter_id");
        auto vote = field("vote");
        if (!voter || !vote) return error(line_no, "VOTES needs voter_id and vote");
        if (!voter_ids.insert(*voter).second)
          return error(line_no, "voter " + *voter + " votes twice");
        std::vector<int> ballot;
        std::string_view rest = *vote;
        while (!rest.empty()) {
          const auto comma = rest.find(',');
          const std::string id(trim(rest.substr(0, comma)));
          rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
          if (id.empty()) continue;
          auto it = project_index.find(id);
          if (it == project_index.end()) return error(line_no, "vote for unknown project " + id);
          ballot.push_back(it->second);
        }
        std::sort(ballot.begin(), ballot.end());
        // Published files have votes listing a project twice: one approval.
        for (std::size_t i = 1; i < ballot.size(); ++i) {
          if (ballot[i] != ballot[i - 1] || (i >= 2 && ballot[i - 2] == ballot[i])) continue;
          if (out.warnings.size() < BudgetProfile::kMaxWarnings) {
            out.warnings.push_back(
                {line_no, "voter " + *voter + " lists project " +
                              out.projects[static_cast<std::size_t>(ballot[i])].id +
                              " more than once; counted once"});
          }
          ++out.warning_count;
        }
        ballot.erase(std::unique(ballot.begin(), ballot.end()), ballot.end());
        for (int p : ballot) ++out.projects[static_cast<std::size_t>(p)].votes;
        if (distinct[ballot]++ == 0) first_seen.push_back(ballot);
        ++out.voters;
        break;
      }
    }
  }
  const auto meta_number = [&](const char* key, std::int64_t& value) -> bool {
    auto it = out.meta.find(key);
    return it != out.meta.end() && to_number(std::string_view(it->second), value);
  };
  std::int64_t stated = 0;
  const auto budget_text = out.meta.find("budget");
  if (budget_text == out.meta.end()) return error(0, "META needs a budget");
  auto budget = parse_decimal(budget_text->second);
  if (!budget) return error(0, "budget " + budget.error());
  for (const auto& [cost, line] : costs)
    out.decimals = std::max(out.decimals, static_cast<int>(cost.fraction.size()));
  out.decimals = std::max(out.decimals, static_cast<int>(budget->fraction.size()));
  if (out.decimals > kMaxDecimals) {
    return error(0, "amounts with more than " + std::to_string(kMaxDecimals) +
                        " decimal places are not supported");
  }
  auto budget_units = to_sub_units(*budget, out.decimals);
  if (!budget_units) return error(0, "budget " + budget_units.error());
  out.budget = *budget_units;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < costs.size(); ++i) {
    auto units = to_sub_units(costs[i].first, out.decimals);
    if (!units) return error(costs[i].second, "cost " + units.error());
    if (*units > kMaxAmount - total) {
      return error(costs[i].second, "the costs add up to more than the limit of " +
                                        format_amount(kMaxAmount, out.decimals));
    }
    total += *units;
    out.projects[i].cost = *units;
  }
  if (!meta_number("num_projects", stated) ||
      stated != static_cast<std::int64_t>(out.projects.size())) {
    return error(0, "num_projects does not match the " + std::to_string(out.projects.size()) +
                        " projects listed");
  }
  if (!meta_number("num_votes", stated) || stated != static_cast<std::int64_t>(out.voters)) {
    return error(0, "num_votes does not match the " + std::to_string(out.voters) + " votes listed");
  }
  for (std::size_t i = 0; i < out.projects.size(); ++i) {
    if (stated_votes[i] != UINT64_MAX && stated_votes[i] != out.projects[i].votes) {
      return error(0, "project " + out.projects[i].id + " states " +
                          std::to_string(stated_votes[i]) + " votes but has " +
                          std::to_string(out.projects[i].votes));
    }
  }
  if (auto it = out.meta.find("vote_type"); it != out.meta.end() && it->second != "approval") {
    return error(0, "vote_type " + it->second + " is not supported yet (approval only)");
  }
  for (auto& b : first_seen) out.ballots.emplace_back(b, distinct[b]);
  return out;
}

}  // namespace yishi::tally
