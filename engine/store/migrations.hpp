// Schema migrations from schemas/sql, applied in name order; PRAGMA user_version
// records how many have run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/store/sqlite.hpp"

namespace yishi::store {

// Brings the schema up to date in one transaction. Throws SqliteError, or
// std::runtime_error when the file was written by a newer Yishi.
void migrate(Database& db);
int latest_schema_version();

// PRAGMA application_id of a Yishi store ("YiSh"), stamped by migrate().
inline constexpr std::int32_t kApplicationId = 0x59695368;

// Why the database is not a Yishi store, or nothing when it is one: stamped with
// kApplicationId, or (written before the stamp) a schema version and our tables.
// Read-only, so it can run before anything (even WAL mode) touches the file.
// Throws SqliteError when the file is not SQLite at all.
std::optional<std::string> not_a_yishi_store(Database& db);

}  // namespace yishi::store
