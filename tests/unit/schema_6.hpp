// A log as the release before migration 0007 wrote it: no stream column, no
// index on it, the append-only trigger as 0001 made it, invitations without
// views (0008), schema version 6. Made from a current file by undoing 0008 and
// 0007 with SQLite itself, so a test can open a pre-0007 log with the current store.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace yishi::test {

// Runs SQL on the file directly, as someone with access to the disk could.
inline int sql_result(const std::string& path, const std::string& sql,
                      std::string* message = nullptr) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  if (message && error) *message = error;
  sqlite3_free(error);
  sqlite3_close(db);
  return rc;
}

inline void exec_sql(const std::string& path, const std::string& sql) {
  std::string error;
  const int rc = sql_result(path, sql, &error);
  INFO(sql, ": ", error);
  REQUIRE(rc == SQLITE_OK);
}

inline void back_to_schema_6(const std::string& path) {
  exec_sql(path,
           "BEGIN;"
           "ALTER TABLE invites DROP COLUMN view;"
           "ALTER TABLE invites DROP COLUMN meeting;"
           "DROP INDEX events_stream_seq;"
           "DROP TRIGGER events_stream_set_once;"
           "DROP TRIGGER events_refuse_update;"
           "ALTER TABLE events DROP COLUMN stream;"
           "CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events "
           "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;"
           "PRAGMA user_version = 6;"
           "COMMIT;");
}

// How many events rows meet `condition` (SQL).
inline std::int64_t count_events(const std::string& path, const std::string& condition) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, ("SELECT count(*) FROM events WHERE " + condition).c_str(), -1, &st,
                     nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const std::int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// Whether the events table has a stream column.
inline bool has_stream_column(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info('events') WHERE name = 'stream'",
                     -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const bool found = sqlite3_column_int(st, 0) == 1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return found;
}

}  // namespace yishi::test
