// `yishi tally`: offline tallies of published election data, as JSON.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "engine/tally/methods.hpp"

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
  if (ext == "pb") {
    fmt::print(stderr, "yishi tally: Pabulib budgets (greedy, mes) are not implemented yet\n");
    return kExitBadInput;
  }
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
  std::cout << result_json(result, *profile, o.file).dump() << '\n';
  return kExitOk;
}

}  // namespace yishi::cli
