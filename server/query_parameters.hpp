// An HTTP API query's parameters by name (what follows '?', split on '&' and the
// first '='; values are not decoded). A name the route does not know, or one given
// twice, is refused: a misspelt or repeated parameter is not silently read one way
// (it would change the proof or the report given). No Beast: unit-tested on its own.
#pragma once

#include <expected>
#include <initializer_list>
#include <map>
#include <string_view>

#include "server/api_error.hpp"

namespace yishi::server {

// A refusal names the parameter (its first 64 characters) in `field`.
std::expected<std::map<std::string_view, std::string_view>, ApiError> query_parameters(
    std::string_view query, std::initializer_list<std::string_view> known);

}  // namespace yishi::server
