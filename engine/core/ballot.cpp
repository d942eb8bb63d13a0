#include "engine/core/ballot.hpp"

#include <array>

#include "engine/core/enum_names.hpp"

#include "engine/audit/hash.hpp"

namespace yishi::engine {
namespace {
constexpr std::array<std::string_view, 2> kSecrecy = {"open", "secret"};
constexpr std::array<std::string_view, 3> kWeighting = {"person", "household", "area"};
constexpr std::array<std::string_view, 3> kYesNo = {"yes", "no", "abstain"};
constexpr std::array<std::string_view, 3> kRules = {"threshold", "art278", "art278_major"};
constexpr std::array<std::string_view, 6> kKinds = {"yes_no", "single", "approval",
                                                    "score",  "ranked", "budget"};
constexpr std::array<std::string_view, 9> kMethods = {
    "rule", "plurality", "approval", "score", "irv", "schulze", "stv", "greedy", "mes"};
}  // namespace

std::string_view to_string(Secrecy s) {
  return enum_name(kSecrecy, s);
}
std::string_view to_string(Weighting w) {
  return enum_name(kWeighting, w);
}
std::string_view to_string(YesNo c) {
  return enum_name(kYesNo, c);
}
std::string_view to_string(RuleKind k) {
  return enum_name(kRules, k);
}
std::optional<Secrecy> parse_secrecy(std::string_view t) {
  return parse_enum<Secrecy>(kSecrecy, t);
}
std::optional<Weighting> parse_weighting(std::string_view t) {
  return parse_enum<Weighting>(kWeighting, t);
}
std::optional<YesNo> parse_yes_no(std::string_view t) {
  return parse_enum<YesNo>(kYesNo, t);
}
std::optional<RuleKind> parse_rule_kind(std::string_view t) {
  return parse_enum<RuleKind>(kRules, t);
}

std::string_view to_string(QuestionKind k) {
  return enum_name(kKinds, k);
}
std::string_view to_string(TallyMethod m) {
  return enum_name(kMethods, m);
}
std::optional<QuestionKind> parse_question_kind(std::string_view t) {
  return parse_enum<QuestionKind>(kKinds, t);
}
std::optional<TallyMethod> parse_tally_method(std::string_view t) {
  return parse_enum<TallyMethod>(kMethods, t);
}

std::string canonical(QuestionKind kind, const Choice& c) {
  const auto list = [](const auto& values) {
    std::string out;
    for (const auto& v : values) {
      if (!out.empty()) out += ',';
      out += std::to_string(v);
    }
    return out;
  };
  switch (kind) {
    case QuestionKind::yes_no:
      return std::string(to_string(c.yes_no));
    case QuestionKind::score:
      return "score:" + list(c.scores);
    case QuestionKind::ranked: {
      std::string out = "ranked:";
      for (std::size_t i = 0; i < c.ranking.size(); ++i) {
        if (i) out += '>';
        out += list(c.ranking[i]);
      }
      return out;
    }
    default:
      return std::string(to_string(kind)) + ":" + list(c.selected);
  }
}

std::string ballot_receipt(const BallotId& ballot, std::string_view canonical_choice,
                           std::string_view nonce_hex) {
  audit::Sha256 h;
  h.update(std::string_view("yishi.receipt.v1"));
  h.update_u32(static_cast<std::uint32_t>(ballot.size())).update(ballot);
  h.update_u32(static_cast<std::uint32_t>(canonical_choice.size())).update(canonical_choice);
  h.update(nonce_hex);
  return audit::to_hex(h.finish());
}

std::string ballot_owner_tag(const BallotId& ballot, const MemberId& voter,
                             std::string_view nonce_hex) {
  audit::Sha256 h;
  h.update(std::string_view("yishi.owner.v1"));
  h.update_u32(static_cast<std::uint32_t>(ballot.size())).update(ballot);
  h.update_u32(static_cast<std::uint32_t>(voter.size())).update(voter);
  h.update(nonce_hex);
  return audit::to_hex(h.finish());
}

}  // namespace yishi::engine
