// Schema migrations from schemas/sql, applied in name order; PRAGMA user_version
// records how many have run.
#pragma once

#include "engine/store/sqlite.hpp"

namespace yishi::store {

// Brings the schema up to date in one transaction. Throws SqliteError, or
// std::runtime_error when the file was written by a newer Yishi.
void migrate(Database& db);
int latest_schema_version();

}  // namespace yishi::store
