// The proof routes' input, checked for shape before any work is queued:
//   /proof/SEQ[?tree_size=N]      an inclusion proof
//   /consistency?old=M[&new=N]    a consistency proof
// Whether the numbers fit the log is the ProofCache's question: only it knows the head.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>
#include <variant>

#include "server/api_error.hpp"

namespace yishi::server {

struct InclusionRequest {
  std::uint64_t seq = 0;
  std::optional<std::uint64_t> tree_size;  // none: the latest signed tree holding seq, or the head
};

struct ConsistencyRequest {
  std::uint64_t old_size = 0;
  std::optional<std::uint64_t> new_size;  // none: the head
};

using ProofRequest = std::variant<InclusionRequest, ConsistencyRequest>;

bool is_proof_route(std::string_view route);
// `route` is the path after /api/c/ID; `query` what follows '?'.
std::expected<ProofRequest, ApiError> parse_proof_request(std::string_view route,
                                                          std::string_view query);

}  // namespace yishi::server
