#include <charconv>
#include <map>
#include <set>

#include "engine/tally/fields.hpp"
#include "engine/tally/profile.hpp"

namespace yishi::tally {
namespace {

// Far above any published PrefLib set; a header claiming more would only make
// the parser allocate a name per alternative.
constexpr int kMaxAlternatives = 100000;

using fields::error;
using fields::to_number;
using fields::trim;

// Old tally sheets are Latin-1 (Raphaël): keep valid UTF-8, convert the rest.
std::string to_utf8(std::string_view text) {
  bool ascii_or_utf8 = true;
  for (std::size_t i = 0; i < text.size() && ascii_or_utf8;) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80             ? 1
                            : (c & 0xE0) == 0xC0 ? 2
                            : (c & 0xF0) == 0xE0 ? 3
                            : (c & 0xF8) == 0xF0 ? 4
                                                 : 0;
    if (len == 0 || i + len > text.size()) ascii_or_utf8 = false;
    for (std::size_t k = 1; ascii_or_utf8 && k < len; ++k) {
      ascii_or_utf8 = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    i += len ? len : 1;
  }
  if (ascii_or_utf8) return std::string(text);
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace

std::expected<Profile, ParseError> parse_preflib(std::string_view text, std::string_view kind) {
  const bool complete = kind == "soc" || kind == "toc";
  const bool ties = kind == "toc" || kind == "toi";
  if (!complete && !ties && kind != "soi") {
    return error(0, "unknown PrefLib kind '" + std::string(kind) + "' (soc, soi, toc, toi)");
  }
  Profile profile;
  std::map<std::string, std::string> header;
  std::map<int, std::string> names;
  std::uint64_t voters = 0;
  std::size_t orders = 0;
  std::size_t line_no = 0;
  int alternatives = -1;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    if (line.front() == '#') {
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string key(trim(line.substr(1, colon - 1)));
      const std::string value(trim(line.substr(colon + 1)));
      if (key.starts_with("ALTERNATIVE NAME ")) {
        int index = 0;
        if (!to_number(std::string_view(key).substr(17), index)) {
          return error(line_no, "bad alternative number in '" + key + "'");
        }
        names[index] = to_utf8(value);
      } else {
        header[key] = value;
      }
      if (key == "NUMBER ALTERNATIVES") {
        // Orders already read were checked against the first count (found by fuzz_preflib).
        if (alternatives != -1) return error(line_no, "a second NUMBER ALTERNATIVES header");
        if (!to_number(value, alternatives) || alternatives > kMaxAlternatives) {
          return error(line_no, "NUMBER ALTERNATIVES is not a number from 1 to " +
                                    std::to_string(kMaxAlternatives));
        }
      }
      continue;
    }
    if (alternatives <= 0) return error(line_no, "data before a NUMBER ALTERNATIVES header");
    const auto colon = line.find(':');
    std::uint64_t count = 0;
    if (colon == std::string_view::npos || !to_number(line.substr(0, colon), count) || count == 0) {
      return error(line_no, "expected 'count: order'");
    }
    RankedBallot ballot;
    std::set<Candidate> seen;
    std::string_view rest = trim(line.substr(colon + 1));
    while (!rest.empty()) {
      std::vector<Candidate> cls;
      std::string_view token;
      if (rest.front() == '{') {
        if (!ties) return error(line_no, "ties ({...}) are not allowed in ." + std::string(kind));
        const auto close = rest.find('}');
        if (close == std::string_view::npos) return error(line_no, "unclosed '{'");
        token = rest.substr(1, close - 1);
        rest = trim(rest.substr(close + 1));
      } else {
        const auto comma = rest.find(',');
        token = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma);
      }
      while (!token.empty()) {
        const auto comma = token.find(',');
        int c = 0;
        if (!to_number(token.substr(0, comma), c) || c < 1 || c > alternatives) {
          return error(line_no, "'" + std::string(trim(token.substr(0, comma))) +
                                    "' is not an alternative between 1 and " +
                                    std::to_string(alternatives));
        }
        if (!seen.insert(c - 1).second) {
          return error(line_no, "alternative " + std::to_string(c) + " appears twice");
        }
        cls.push_back(c - 1);
        token = comma == std::string_view::npos ? std::string_view{} : token.substr(comma + 1);
      }
      if (cls.empty()) return error(line_no, "empty preference class");
      ballot.add_class(cls);
      rest = trim(rest);
      if (!rest.empty()) {
        if (rest.front() != ',') return error(line_no, "expected ',' between preferences");
        rest = trim(rest.substr(1));
        if (rest.empty()) return error(line_no, "trailing ','");
      }
    }
    if (complete && static_cast<int>(seen.size()) != alternatives) {
      return error(line_no, "a ." + std::string(kind) + " order must rank all " +
                                std::to_string(alternatives) + " alternatives");
    }
    voters += count;
    ++orders;
    profile.ballots.emplace_back(std::move(ballot), count);
  }
  if (alternatives <= 0) return error(0, "no NUMBER ALTERNATIVES header");
  const auto check = [&](const char* key, std::uint64_t actual) -> std::expected<void, ParseError> {
    auto it = header.find(key);
    std::uint64_t stated = 0;
    if (it == header.end() || !to_number(std::string_view(it->second), stated)) {
      return std::unexpected(ParseError{0, std::string("missing or bad header ") + key});
    }
    if (stated != actual) {
      return std::unexpected(ParseError{0, std::string(key) + " says " + std::to_string(stated) +
                                               " but the data has " + std::to_string(actual)});
    }
    return {};
  };
  if (auto r = check("NUMBER VOTERS", voters); !r) return std::unexpected(r.error());
  if (auto r = check("NUMBER UNIQUE ORDERS", orders); !r) return std::unexpected(r.error());
  profile.candidates = alternatives;
  for (int i = 1; i <= alternatives; ++i) {
    auto it = names.find(i);
    profile.names.push_back(it == names.end() ? "Alternative " + std::to_string(i) : it->second);
  }
  return profile;
}

std::expected<Profile, ParseError> parse_debian_tally(std::string_view text) {
  Profile profile;
  std::map<std::string, std::uint64_t> distinct;  // rank string -> count
  std::vector<std::string> names;
  std::size_t line_no = 0;
  std::size_t width = 0;
  std::vector<std::pair<std::string, std::size_t>> order;  // first line of each distinct vote
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (const auto at = line.find("Option ");
        at != std::string_view::npos && !line.starts_with("V:")) {
      const auto colon = line.find(": ", at);
      if (colon != std::string_view::npos) names.push_back(to_utf8(trim(line.substr(colon + 2))));
      continue;
    }
    if (!line.starts_with("V:")) continue;
    std::string_view rest = trim(line.substr(2));
    const auto space = rest.find_first_of(" \t");
    const std::string ranks(rest.substr(0, space));
    if (width == 0) width = ranks.size();
    if (ranks.size() != width || (!names.empty() && ranks.size() != names.size())) {
      return error(line_no, "vote '" + ranks + "' has " + std::to_string(ranks.size()) +
                                " ranks; the sheet has " +
                                std::to_string(names.empty() ? width : names.size()) + " options");
    }
    for (char c : ranks) {
      if (c != '-' && (c < '1' || c > '9')) {
        return error(line_no, std::string("rank '") + c + "' is neither 1-9 nor '-'");
      }
    }
    if (distinct[ranks]++ == 0) order.emplace_back(ranks, line_no);
  }
  if (width == 0) return error(0, "no 'V:' lines");
  profile.candidates = static_cast<int>(width);
  profile.names = names.size() == width ? names : std::vector<std::string>{};
  for (std::size_t i = profile.names.size(); i < width; ++i) {
    profile.names.push_back("Option " + std::to_string(i + 1));
  }
  for (const auto& [ranks, first_line] : order) {
    std::map<char, std::vector<Candidate>> by_rank;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      if (ranks[i] != '-') by_rank[ranks[i]].push_back(static_cast<Candidate>(i));
    }
    RankedBallot ballot;
    for (const auto& [rank, cls] : by_rank) ballot.add_class(cls);
    profile.ballots.emplace_back(std::move(ballot), distinct[ranks]);
  }
  return profile;
}

}  // namespace yishi::tally
