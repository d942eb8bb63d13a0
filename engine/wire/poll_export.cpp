#include "engine/wire/poll_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/wire/event_json.hpp"

namespace yishi::wire {
namespace {

using engine::QuestionKind;
using engine::TallyMethod;

// Names go into one-line headers and ';'-separated rows: keep them on one line
// and out of the separators' way.
std::string clean(std::string name, char separator) {
  std::ranges::replace(name, '\n', ' ');
  std::ranges::replace(name, '\r', ' ');
  if (separator) std::ranges::replace(name, separator, ',');
  return name;
}

std::string order_text(const std::vector<std::vector<int>>& classes) {
  std::string out;
  for (const auto& cls : classes) {
    if (!out.empty()) out += ',';
    if (cls.size() == 1) {
      out += std::to_string(option_number(cls[0]));
      continue;
    }
    out += '{';
    for (std::size_t i = 0; i < cls.size(); ++i) {
      if (i) out += ',';
      out += std::to_string(option_number(cls[i]));
    }
    out += '}';
  }
  return out;
}

std::expected<PollFile, std::string> preflib(
    const engine::Ballot& b,
    const std::vector<std::pair<std::string, engine::SealedChoice>>& counted,
    const std::string& community) {
  const int n = static_cast<int>(b.spec.options.size());
  std::map<std::vector<std::vector<int>>, std::uint64_t> distinct;
  bool ties = false, complete = true;
  for (const auto& [receipt, sealed] : counted) {
    std::vector<std::vector<int>> order =
        b.spec.kind == QuestionKind::ranked
            ? sealed.choice.ranking
            : std::vector<std::vector<int>>{sealed.choice.selected};  // single: one choice
    std::size_t ranked = 0;
    for (const auto& cls : order) {
      ties = ties || cls.size() > 1;
      ranked += cls.size();
    }
    complete = complete && ranked == static_cast<std::size_t>(n);
    if (!order.empty()) distinct[std::move(order)] += 1;
  }
  const std::string kind = std::string(ties ? "t" : "s") + "o" + (complete ? "c" : "i");
  std::uint64_t voters = 0;
  for (const auto& [order, count] : distinct) voters += count;
  std::string text = fmt::format(
      "# FILE NAME: {}-{}.{}\n# TITLE: {}\n# DESCRIPTION: poll {} of {}, exported by yishi\n"
      "# DATA TYPE: {}\n# MODIFICATION TYPE: original\n# NUMBER ALTERNATIVES: {}\n"
      "# NUMBER VOTERS: {}\n# NUMBER UNIQUE ORDERS: {}\n",
      community, b.id, kind, clean(b.question, 0), b.id, community, kind, n, voters,
      distinct.size());
  for (int i = 0; i < n; ++i) {
    text += fmt::format("# ALTERNATIVE NAME {}: {}\n", i + 1, clean(b.spec.options[i], 0));
  }
  // Most frequent orders first, as PrefLib lists them.
  std::vector<std::pair<std::uint64_t, std::string>> rows;
  for (const auto& [order, count] : distinct) rows.emplace_back(count, order_text(order));
  std::ranges::stable_sort(rows, [](const auto& a, const auto& c) { return a.first > c.first; });
  for (const auto& [count, order] : rows) text += fmt::format("{}: {}\n", count, order);
  const std::string method = b.spec.method == TallyMethod::irv       ? "irv"
                             : b.spec.method == TallyMethod::stv     ? "stv"
                             : b.spec.method == TallyMethod::schulze ? "schulze"
                                                                     : "plurality";
  return PollFile{kind, std::move(text), method};
}

std::expected<PollFile, std::string> pabulib(
    const engine::Ballot& b,
    const std::vector<std::pair<std::string, engine::SealedChoice>>& counted,
    const std::string& community) {
  const std::size_t n = b.spec.options.size();
  // An approval poll is a budget where every option costs 1 and `seats` can be
  // afforded: greedy-by-votes then picks the approval winners.
  const bool budget = b.spec.kind == QuestionKind::budget;
  std::vector<std::uint64_t> votes(n, 0);
  for (const auto& [receipt, sealed] : counted) {
    for (int o : sealed.choice.selected) votes[static_cast<std::size_t>(o)] += 1;
  }
  std::string text = fmt::format(
      "META\nkey;value\ndescription;poll {} of {}, exported by yishi\ncountry;\nunit;{}\n"
      "instance;{}\nnum_projects;{}\nnum_votes;{}\nbudget;{}\nvote_type;approval\nrule;{}\n",
      b.id, community, clean(community, ';'), b.id, n, counted.size(),
      budget ? b.spec.budget : static_cast<std::int64_t>(b.spec.seats),
      budget && b.spec.method == TallyMethod::mes ? "equalshares" : "greedy");
  text += "PROJECTS\nproject_id;cost;votes;name\n";
  for (std::size_t i = 0; i < n; ++i) {
    text += fmt::format("{};{};{};{}\n", i + 1, budget ? b.spec.costs[i] : 1, votes[i],
                        clean(b.spec.options[i], ';'));
  }
  text += "VOTES\nvoter_id;vote\n";
  std::size_t voter = 0;
  for (const auto& [receipt, sealed] : counted) {
    std::vector<int> approved = sealed.choice.selected;
    std::ranges::sort(approved);
    std::string list;
    for (int o : approved) list += (list.empty() ? "" : ",") + std::to_string(option_number(o));
    // Voters by position, never by id: a secret poll's file names nobody.
    text += fmt::format("{};{}\n", ++voter, list);
  }
  const std::string method = budget && b.spec.method == TallyMethod::mes ? "mes" : "greedy";
  return PollFile{"pb", std::move(text), method};
}

}  // namespace

std::expected<PollFile, std::string> export_poll(
    const engine::Ballot& b,
    const std::vector<std::pair<std::string, engine::SealedChoice>>& counted,
    const std::string& community) {
  if (!b.totals) return std::unexpected(fmt::format("{} has not been tallied yet", b.id));
  if (b.weighting != engine::Weighting::person) {
    return std::unexpected(
        fmt::format("{} is weighted by {}; PrefLib and Pabulib count one ballot per voter", b.id,
                    engine::to_string(b.weighting)));
  }
  switch (b.spec.kind) {
    case QuestionKind::ranked:
    case QuestionKind::single:
      return preflib(b, counted, community);
    case QuestionKind::budget:
    case QuestionKind::approval:
      return pabulib(b, counted, community);
    default:
      return std::unexpected(fmt::format(
          "{} is a {} question; PrefLib and Pabulib hold ranked, single-choice, approval and "
          "budget polls",
          b.id, engine::to_string(b.spec.kind)));
  }
}

}  // namespace yishi::wire
