// An HTTP API refusal: its status and the JSON body {"error", "field"?, "reason"}
// (schemas/json/http/error.json). The code is for programs, the reason for people.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace yishi::server {

struct ApiError {
  unsigned status = 400;
  std::string code;   // bad_parameter, out_of_range, busy, storage
  std::string field;  // the parameter concerned, or empty
  std::string reason;

  nlohmann::ordered_json to_json() const {
    nlohmann::ordered_json out = {{"error", code}};
    if (!field.empty()) out["field"] = field;
    out["reason"] = reason;
    return out;
  }
};

// A 400 for one query parameter, named by its first 64 characters (a name can be
// anything a client sent).
inline ApiError bad_parameter(std::string_view field, std::string reason) {
  return ApiError{400, "bad_parameter", std::string(field.substr(0, 64)), std::move(reason)};
}

}  // namespace yishi::server
