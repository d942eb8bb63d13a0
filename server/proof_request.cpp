#include "server/proof_request.hpp"

#include <charconv>
#include <map>
#include <string>

#include "server/query_parameters.hpp"

namespace yishi::server {
namespace {

constexpr std::string_view kProof = "/proof/";
constexpr std::string_view kConsistency = "/consistency";

// A decimal number that fits 64 bits: no sign, no spaces, no hex, no exponent.
std::expected<std::uint64_t, ApiError> decimal(std::string_view field, std::string_view text) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
    const std::string shown =
        text.size() > 24 ? std::string(text.substr(0, 24)) + "…" : std::string(text);
    return std::unexpected(bad_parameter(
        field, std::string(field) + " is a decimal number below 2^64 (got \"" + shown + "\")"));
  }
  return n;
}

std::expected<std::optional<std::uint64_t>, ApiError> optional_decimal(
    const std::map<std::string_view, std::string_view>& params, std::string_view name) {
  const auto it = params.find(name);
  if (it == params.end()) return std::optional<std::uint64_t>{};
  auto n = decimal(name, it->second);
  if (!n) return std::unexpected(n.error());
  return std::optional<std::uint64_t>(*n);
}

}  // namespace

bool is_proof_route(std::string_view route) {
  return route.starts_with(kProof) || route == kConsistency;
}

std::expected<ProofRequest, ApiError> parse_proof_request(std::string_view route,
                                                          std::string_view query) {
  if (route.starts_with(kProof)) {
    auto seq = decimal("seq", route.substr(kProof.size()));
    if (!seq) return std::unexpected(seq.error());
    if (*seq == 0) {
      return std::unexpected(ApiError{400, "out_of_range", "seq", "sequence numbers start at 1"});
    }
    auto params = query_parameters(query, {"tree_size"});
    if (!params) return std::unexpected(params.error());
    auto tree_size = optional_decimal(*params, "tree_size");
    if (!tree_size) return std::unexpected(tree_size.error());
    return InclusionRequest{*seq, *tree_size};
  }
  auto params = query_parameters(query, {"old", "new"});
  if (!params) return std::unexpected(params.error());
  if (!params->contains("old"))
    return std::unexpected(bad_parameter("old", "old (a tree size) is required"));
  auto old_size = optional_decimal(*params, "old");
  if (!old_size) return std::unexpected(old_size.error());
  auto new_size = optional_decimal(*params, "new");
  if (!new_size) return std::unexpected(new_size.error());
  if (*new_size && **old_size > **new_size) {
    return std::unexpected(ApiError{400, "out_of_range", "old",
                                    "old (" + std::to_string(**old_size) + ") is beyond new (" +
                                        std::to_string(**new_size) + ")"});
  }
  return ConsistencyRequest{**old_size, *new_size};
}

}  // namespace yishi::server
