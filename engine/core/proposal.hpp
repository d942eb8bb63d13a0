// A resident proposal (提案) and its lifecycle states. Data that only exists in
// one phase lives in that phase's struct, so an impossible combination (a
// rejection reason on a draft, a deadline on an accepted proposal) cannot be built.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/core/rulebook.hpp"
#include "engine/core/types.hpp"

namespace yishi::engine {

enum class ProposalKind : std::uint8_t { project, rule_change, other };
std::string_view to_string(ProposalKind kind);
std::optional<ProposalKind> parse_proposal_kind(std::string_view text);

namespace phase {
struct Draft {
  friend bool operator==(const Draft&, const Draft&) = default;
};
struct CollectingSupport {
  Timestamp deadline = 0;
  std::uint32_t threshold = 0;  // frozen from the rulebook at submission
  friend bool operator==(const CollectingSupport&, const CollectingSupport&) = default;
};
struct Screening {
  friend bool operator==(const Screening&, const Screening&) = default;
};
struct Accepted {
  std::string reason;
  friend bool operator==(const Accepted&, const Accepted&) = default;
};
struct Returned {
  std::string reason;
  friend bool operator==(const Returned&, const Returned&) = default;
};
struct Referred {
  std::string body;  // the administrative body the matter was sent to
  std::string reason;
  friend bool operator==(const Referred&, const Referred&) = default;
};
struct Merged {
  ProposalId into;
  std::string reason;
  friend bool operator==(const Merged&, const Merged&) = default;
};
struct Scheduled {
  std::string meeting;
  friend bool operator==(const Scheduled&, const Scheduled&) = default;
};
struct Withdrawn {
  std::string reason;
  friend bool operator==(const Withdrawn&, const Withdrawn&) = default;
};
struct Expired {
  friend bool operator==(const Expired&, const Expired&) = default;
};
// Decided at a meeting (for now by the chair's count; ballots come later).
struct Adopted {
  std::string meeting;
  friend bool operator==(const Adopted&, const Adopted&) = default;
};
struct Rejected {
  std::string meeting;
  friend bool operator==(const Rejected&, const Rejected&) = default;
};
}  // namespace phase

using ProposalPhase =
    std::variant<phase::Draft, phase::CollectingSupport, phase::Screening, phase::Accepted,
                 phase::Returned, phase::Referred, phase::Merged, phase::Scheduled,
                 phase::Withdrawn, phase::Expired, phase::Adopted, phase::Rejected>;

// "draft", "collecting_support", ... as used on the wire and in rejections.
std::string_view phase_name(const ProposalPhase& phase);

// What a community poll said about a proposal: its place in the poll's result.
// Recorded when the poll is tallied (for proposals linked to its options) or when
// a proposal is drafted from one of its options.
struct PollStanding {
  std::string ballot;
  std::uint32_t option = 0;   // 0-based, in the poll's list
  std::uint32_t rank = 0;     // 1 = the best tie class; 0 = unranked (a budget: not funded)
  std::uint32_t options = 0;  // how many the poll had
  bool won = false;           // among the poll's winners (a budget: funded)
  std::optional<std::uint64_t> support;  // the option's total, where the method has one
  friend bool operator==(const PollStanding&, const PollStanding&) = default;
};

// Bounds of what a draft may say besides its texts.
inline constexpr std::int64_t kMaxEstimatedCost = 1'000'000'000'000'000;  // 10^15 currency units
inline constexpr std::uint32_t kMaxCategoryChars = 32;

struct Proposal {
  ProposalId id;
  MemberId author;
  ProposalKind kind = ProposalKind::project;
  std::string title;
  std::string summary;
  std::int64_t estimated_cost = 0;  // the author's estimate (whole currency units; 0: none)
  std::string category;             // a free label, "" for none
  Timestamp drafted_at = 0;
  std::uint32_t revision = 0;                     // bumped by every revision
  std::set<MemberId> supporters;                  // co-signers (附议人), never the author
  std::vector<ProposalId> merged_from;            // proposals folded into this one
  std::optional<RulebookChange> proposed_change;  // rule_change: what adoption changes
  std::optional<PollStanding> seeded_from;        // drafted from a poll's option
  std::optional<PollStanding> standing;           // the latest poll about it
  std::vector<std::string> consultations;         // consultations that heard it
  ProposalPhase phase = phase::Draft{};

  template <class P>
  bool is() const {
    return std::holds_alternative<P>(phase);
  }
  friend bool operator==(const Proposal&, const Proposal&) = default;
};

}  // namespace yishi::engine
