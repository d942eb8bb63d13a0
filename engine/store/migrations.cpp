#include "engine/store/migrations.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <string_view>
#include <utility>

namespace yishi::store {
namespace {
constexpr std::pair<std::string_view, std::string_view> kMigrations[] = {
#include "migrations.inc"
};
}  // namespace

int latest_schema_version() {
  return static_cast<int>(std::size(kMigrations));
}

void migrate(Database& db) {
  Transaction tx(db);
  const auto current = [&] {
    // Finished before any migration runs: a DROP TABLE fails while a statement is active.
    auto query = db.prepare("PRAGMA user_version");
    query.step();
    return query.column_int(0);
  }();
  if (current > latest_schema_version()) {
    throw std::runtime_error("the database has schema version " + std::to_string(current) +
                             ", newer than this yishi understands (" +
                             std::to_string(latest_schema_version()) + ")");
  }
  for (auto i = static_cast<std::size_t>(current); i < std::size(kMigrations); ++i) {
    db.exec(kMigrations[i].second);
  }
  db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version()));
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  tx.commit();
}

std::optional<std::string> not_a_yishi_store(Database& db) {
  const auto pragma = [&](std::string_view sql) {
    auto query = db.prepare(sql);
    query.step();
    return query.column_int(0);
  };
  std::int64_t application_id = 0;
  try {
    application_id = pragma("PRAGMA application_id");
  } catch (const SqliteError& e) {
    if ((e.code() & 0xFF) == SQLITE_NOTADB) return std::string("it is not a SQLite database");
    throw;
  }
  if (application_id == kApplicationId) return std::nullopt;
  if (application_id != 0) {
    return fmt::format("it is another application's SQLite file (application_id {:#x})",
                       static_cast<std::uint32_t>(application_id));
  }
  // Stores from before the stamp: a schema version and the tables it made.
  const auto tables = pragma(
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
      "('events', 'checkpoints', 'meta')");
  if (pragma("PRAGMA user_version") >= 1 && tables == 3) return std::nullopt;
  return std::string("it has no Yishi schema (create a community with `yishi init`)");
}

}  // namespace yishi::store
