// The community's rulebook (议事规则): every threshold, window and limit the engine
// enforces is data here, never a constant in code. Versioned: each installed
// rulebook has a version number, and later meetings and ballots record the one they use.
#pragma once

#include <cstdint>

#include "engine/core/types.hpp"

namespace yishi::engine {

struct Rulebook {
  std::uint32_t version = 1;

  // Proposals (提案).
  std::uint32_t support_threshold = 5;      // co-signers needed besides the author
  Milliseconds support_window = 14 * kDay;  // time to gather them after submission
  std::uint32_t max_title_chars = 120;      // Unicode code points
  std::uint32_t max_summary_chars = 4000;
  std::uint32_t max_reason_chars = 2000;

  friend bool operator==(const Rulebook&, const Rulebook&) = default;
};

// Defaults a new community starts with; chosen to match common 议事会 practice
// (five co-signers, a two-week window). A community changes them by decision.
inline Rulebook default_rulebook() {
  return Rulebook{};
}

}  // namespace yishi::engine
