// `yishi tally`: offline tallies of published election data, as JSON.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "engine/tally/budget.hpp"
#include "engine/tally/methods.hpp"
#include "engine/wire/event_json.hpp"

namespace yishi::cli {
namespace {

using json = nlohmann::ordered_json;

json candidates_json(const std::vector<tally::Candidate>& cs) {
  json out = json::array();
  for (tally::Candidate c : cs) out.push_back(c + 1);
  return out;
}

json result_json(const tally::OrdinalResult& r, const tally::Profile& p, const std::string& file) {
  json names = json::object();
  for (std::size_t i = 0; i < p.names.size(); ++i) names[std::to_string(i + 1)] = p.names[i];
  json ranking = json::array();
  for (const auto& cls : r.ranking) ranking.push_back(candidates_json(cls));
  json rounds = json::array();
  for (const auto& round : r.rounds) {
    json tallies = json::object();
    for (const auto& [c, v] : round.tallies) tallies[std::to_string(c + 1)] = v;
    rounds.push_back({{"tallies", tallies},
                      {"exhausted", round.exhausted},
                      {"elected", candidates_json(round.elected)},
                      {"eliminated", candidates_json(round.eliminated)}});
  }
  json out = {{"method", r.method},
              {"file", file},
              {"voters", p.voters()},
              {"candidates", names},
              {"winners", candidates_json(r.winners)},
              {"ranking", ranking},
              {"rounds", rounds}};
  if (!r.pairwise.empty()) out["pairwise"] = r.pairwise;
  return out;
}

// An amount in currency units. Data in whole units prints whole numbers; with
// decimals, a JSON number when it prints back exactly as the decimal it is,
// else the exact decimal as a string.
json amount_json(std::int64_t sub_units, int decimals) {
  if (decimals == 0) return sub_units;
  const std::string exact = tally::format_amount(sub_units, decimals);
  std::string trimmed = exact;
  while (trimmed.back() == '0') trimmed.pop_back();
  if (trimmed.back() == '.') trimmed.pop_back();
  const json number = json::parse(trimmed);
  return number.dump() == trimmed ? number : json(exact);
}

json budget_json(const tally::BudgetResult& r, const tally::BudgetProfile& p,
                 const std::string& file) {
  json selected = json::array();
  json effective = json::object();
  for (std::size_t i = 0; i < r.selected.size(); ++i) {
    const auto& project = p.projects[static_cast<std::size_t>(r.selected[i])];
    selected.push_back(project.id);
    // Two decimals, as published; the decision itself was exact.
    effective[project.id] = std::round(r.effective_votes[i] * 100) / 100;
  }
  json out = {{"method", r.method},          {"file", file},
              {"voters", p.voters},          {"budget", amount_json(p.budget, p.decimals)},
              {"selected", selected},        {"cost", amount_json(r.cost, p.decimals)},
              {"effective_votes", effective}};
  if (r.method == "mes") {
    out["add1_steps"] = r.add1_steps;
    out["runs"] = r.runs;
    out["exact_runs"] = r.exact_runs;
  }
  if (p.warning_count > 0) {
    json warnings = json::array();
    for (const auto& w : p.warnings) warnings.push_back({{"line", w.line}, {"warning", w.message}});
    out["warnings"] = warnings;
    out["warning_count"] = p.warning_count;
  }
  if (r.comparison) {
    out["comparison"] = {{"prefer_mes", r.comparison->prefer_mes},
                         {"prefer_greedy", r.comparison->prefer_greedy},
                         {"equal", r.comparison->equal},
                         {"mes_stands", r.comparison->mes_stands}};
  }
  return out;
}

int run_budget_tally(const TallyOptions& o, const std::string& text) {
  auto profile = tally::parse_pabulib(text);
  if (!profile) {
    const auto& e = profile.error();
    fmt::print(stderr, "yishi tally: {}{}: {}\n", o.file,
               e.line ? ":" + std::to_string(e.line) : std::string(), e.message);
    return kExitBadInput;
  }
  // Accepted, but not as written: say so where a person reads it, and in the JSON.
  for (const auto& w : profile->warnings)
    fmt::print(stderr, "yishi tally: {}:{}: warning: {}\n", o.file, w.line, w.message);
  if (profile->warning_count > profile->warnings.size()) {
    fmt::print(stderr, "yishi tally: {}: {} more warnings like these\n", o.file,
               profile->warning_count - profile->warnings.size());
  }
  tally::BudgetResult result;
  if (o.method == "greedy") {
    result = tally::greedy(*profile);
  } else if (o.method == "mes") {
    tally::MesOptions mes;
    mes.completion = o.completion == "none"    ? tally::Completion::none
                     : o.completion == "add1u" ? tally::Completion::add1u
                                               : tally::Completion::add1;
    mes.start =
        o.start == "integral" ? tally::StartEndowment::integral : tally::StartEndowment::exact;
    mes.increment = o.increment;
    mes.early_stop = o.early_stop;
    mes.compare_with_greedy = o.comparison == "satisfaction";
    result = tally::equal_shares(*profile, mes);
  } else {
    fmt::print(stderr, "yishi tally: {} needs ranked ballots, not a .pb budget file\n", o.method);
    return kExitBadInput;
  }
  std::cout << wire::dump(budget_json(result, *profile, o.file)) << '\n';
  return kExitOk;
}

}  // namespace

int run_tally(const TallyOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "yishi tally: cannot read {}\n", o.file);
    return kExitBadInput;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::string ext = std::filesystem::path(o.file).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  if (ext == "pb") return run_budget_tally(o, text);
  std::expected<tally::Profile, tally::ParseError> profile =
      (ext == "soc" || ext == "soi" || ext == "toc" || ext == "toi")
          ? tally::parse_preflib(text, ext)
          : tally::parse_debian_tally(text);
  if (!profile) {
    const auto& e = profile.error();
    if (e.line) {
      fmt::print(stderr, "yishi tally: {}:{}: {}\n", o.file, e.line, e.message);
    } else {
      fmt::print(stderr, "yishi tally: {}: {}\n", o.file, e.message);
    }
    return kExitBadInput;
  }
  tally::OrdinalResult result;
  if (o.method == "schulze") {
    result = tally::schulze(*profile);
  } else if (o.method == "irv") {
    result = tally::instant_runoff(*profile);
  } else if (o.method == "plurality") {
    result = tally::plurality(*profile);
  } else if (o.method == "stv") {
    auto stv = tally::single_transferable_vote(*profile, o.seats);
    if (!stv) {
      fmt::print(stderr, "yishi tally: {}\n", stv.error());
      return kExitBadInput;
    }
    result = std::move(*stv);
  } else {
    fmt::print(stderr, "yishi tally: method {} needs budget data (a .pb file)\n", o.method);
    return kExitBadInput;
  }
  std::cout << wire::dump(result_json(result, *profile, o.file)) << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
