#include "engine/store/migrations.hpp"

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
  auto query = db.prepare("PRAGMA user_version");
  query.step();
  const auto current = query.column_int(0);
  if (current > latest_schema_version()) {
    throw std::runtime_error("the database has schema version " + std::to_string(current) +
                             ", newer than this yishi understands (" +
                             std::to_string(latest_schema_version()) + ")");
  }
  for (auto i = static_cast<std::size_t>(current); i < std::size(kMigrations); ++i) {
    db.exec(kMigrations[i].second);
  }
  db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version()));
  tx.commit();
}

}  // namespace yishi::store
