// Where a command may write its output: never over the database it reads (or
// its -wal / -shm files) nor over a key file. A typo in --out must not destroy
// the community's record or its signing key.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace yishi::cli {

inline std::optional<std::string> refuse_output(const std::string& out, const std::string& db) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string suffix : {"", "-wal", "-shm", "-journal"}) {
    if (fs::exists(db + suffix, ec) && fs::exists(out, ec) &&
        fs::equivalent(out, db + suffix, ec)) {
      return "--out names the database itself (" + db + suffix + ")";
    }
  }
  const std::string ext = fs::path(out).extension().string();
  if (ext == ".key" || ext == ".pub" || ext == ".db") {
    return "--out " + out + " looks like a key or database file; choose another name";
  }
  return std::nullopt;
}

}  // namespace yishi::cli
