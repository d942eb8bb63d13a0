#include "engine/core/proposal.hpp"

#include <array>

#include "engine/core/enum_names.hpp"

namespace yishi::engine {
namespace {
constexpr std::array<std::string_view, 3> kKindNames = {"project", "rule_change", "other"};
constexpr std::array<std::string_view, std::variant_size_v<ProposalPhase>> kPhaseNames = {
    "draft",  "collecting_support", "screening", "accepted", "returned", "referred",
    "merged", "scheduled",          "withdrawn", "expired",  "adopted",  "rejected"};
}  // namespace

std::string_view to_string(ProposalKind kind) {
  return enum_name(kKindNames, kind);
}

std::optional<ProposalKind> parse_proposal_kind(std::string_view text) {
  return parse_enum<ProposalKind>(kKindNames, text);
}

std::string_view phase_name(const ProposalPhase& phase) {
  return kPhaseNames[phase.index()];
}

}  // namespace yishi::engine
