// Helpers for tests that drive the real `yishi` binary.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "../unit/temp_dir.hpp"
#include "engine/service/key_files.hpp"
#include "process.hpp"

namespace yishi::test {

inline const std::string kYishi = YISHI_BIN;
inline const std::string kExamples = YISHI_EXAMPLES_DIR;

inline ProcessResult run_yishi(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), kYishi);
  return run(args, input);
}

// A community fresh from `yishi init` with the example scenario applied.
inline std::string example_db(const TempDir& dir, const std::string& name = "c.db") {
  const std::string db = dir.file(name);
  auto init = run_yishi({"init", db, "--community", "nantang", "--admin", "admin", "--at",
                         "2026-03-01T08:00:00+08:00"});
  REQUIRE(init.exit_code == 0);
  auto exec = run_yishi({"exec", db, kExamples + "/community-proposals.jsonl", "--strict"});
  REQUIRE_MESSAGE(exec.exit_code == 0, exec.err);
  return db;
}

// The community's public key file (in the key directory, not beside the database).
inline std::string public_key_file(const std::string& db) {
  auto store = store::EventStore::inspect(db);
  REQUIRE(store);
  const std::string file = service::find_public_key_file(**store, db);
  REQUIRE_FALSE(file.empty());
  return file;
}

inline nlohmann::json json_of(const std::string& line) {
  return nlohmann::json::parse(line);
}

}  // namespace yishi::test
