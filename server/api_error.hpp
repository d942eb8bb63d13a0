// An HTTP API refusal: its status and the JSON body {"error", "field"?, "reason"}
// (schemas/json/http/error.json). The code is for programs, the reason for people.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

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

}  // namespace yishi::server
