#include "server/query_parameters.hpp"

#include <algorithm>
#include <string>

namespace yishi::server {

std::expected<std::map<std::string_view, std::string_view>, ApiError> query_parameters(
    std::string_view query, std::initializer_list<std::string_view> known) {
  const auto refuse = [](std::string_view name, std::string reason) {
    return std::unexpected(bad_parameter(name, std::move(reason)));
  };
  std::map<std::string_view, std::string_view> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    const std::string shown =
        name.size() > 24 ? std::string(name.substr(0, 24)) + "…" : std::string(name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return refuse(name, "unknown parameter \"" + shown + "\" (known: " + list + ")");
    }
    if (!out.emplace(name, value).second) return refuse(name, shown + " is given twice");
  }
  return out;
}

}  // namespace yishi::server
