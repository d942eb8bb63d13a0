// Tampering with the stored log: any changed byte of any event, a deleted row
// or two reordered rows make verification fail at exactly that event.
#include <sqlite3.h>

#include <random>

#include "cli_fixture.hpp"
#include "engine/service/key_files.hpp"
#include "engine/service/verify.hpp"

using namespace yishi;
using namespace yishi::test;

namespace {

class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
    exec(
        "DROP TRIGGER IF EXISTS events_refuse_update; DROP TRIGGER IF EXISTS events_refuse_delete");
  }
  ~RawDb() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql, " ", err ? err : "");
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
  }
  // The raw bytes of a column, whatever its type.
  std::string bytes(std::uint64_t seq, const std::string& column) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, ("SELECT " + column + " FROM events WHERE seq = ?").c_str(), -1, &st,
                       nullptr);
    sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(seq));
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    std::string out(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                    static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
    sqlite3_finalize(st);
    return out;
  }
  std::int64_t integer(std::uint64_t seq, const std::string& column) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, ("SELECT " + column + " FROM events WHERE seq = ?").c_str(), -1, &st,
                       nullptr);
    sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(seq));
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const auto v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
  }
  void set(std::uint64_t seq, const std::string& column, const std::string& value, bool text) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db_, ("UPDATE events SET " + column + " = ? WHERE seq = ?").c_str(), -1, &st,
                       nullptr);
    if (text) {
      sqlite3_bind_text(st, 1, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_blob(st, 1, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(st, 2, static_cast<sqlite3_int64>(seq));
    REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
  }
  void set(std::uint64_t seq, const std::string& column, std::int64_t value) {
    exec("UPDATE events SET " + column + " = " + std::to_string(value) +
         " WHERE seq = " + std::to_string(seq));
  }

 private:
  sqlite3* db_ = nullptr;
};

service::VerifyReport verify(const std::string& db) {
  auto key = service::read_public_key(service::public_key_path(db));
  REQUIRE(key);
  auto store = store::EventStore::inspect(db);
  REQUIRE(store);
  return service::verify_log(**store, *key);
}

void expect_failure_at(const std::string& db, std::uint64_t seq) {
  const auto report = verify(db);
  CHECK_FALSE(report.ok);
  CHECK(report.first_bad_seq == seq);
}

}  // namespace

TEST_CASE("changing a single byte of any stored event fails verification at that event") {
  TempDir dir;
  const std::string db = example_db(dir);
  REQUIRE(verify(db).ok);
  RawDb raw(db);
  std::mt19937 rng(42);
  const std::uint64_t n = 154;
  int cases = 0;
  for (std::uint64_t seq = 1; seq <= n; ++seq) {
    CAPTURE(seq);
    for (const char* column : {"actor", "type", "payload", "prev_hash", "hash"}) {
      CAPTURE(column);
      const bool text = std::string(column) == "actor" || std::string(column) == "type";
      const std::string original = raw.bytes(seq, column);
      REQUIRE_FALSE(original.empty());
      // First byte, last byte and one in between.
      for (std::size_t pos : {std::size_t{0}, original.size() - 1, rng() % original.size()}) {
        std::string changed = original;
        changed[pos] = static_cast<char>(changed[pos] ^ (1 << (rng() % 8)));
        raw.set(seq, column, changed, text);
        expect_failure_at(db, seq);
        raw.set(seq, column, original, text);
        ++cases;
      }
    }
    for (const char* column : {"time", "version"}) {
      const std::int64_t original = raw.integer(seq, column);
      raw.set(seq, column, original ^ (std::int64_t{1} << (rng() % 40)));
      expect_failure_at(db, seq);
      raw.set(seq, column, original);
      ++cases;
    }
  }
  CHECK(cases == n * (5 * 3 + 2));
  CHECK(verify(db).ok);  // every change was put back
}

TEST_CASE("deleting or reordering rows fails verification at the first affected event") {
  TempDir dir;
  const std::string db = example_db(dir);
  RawDb raw(db);
  for (std::uint64_t seq : {1, 2, 75, 153, 154}) {
    CAPTURE(seq);
    const std::string s = std::to_string(seq);
    raw.exec("CREATE TEMP TABLE saved AS SELECT * FROM events WHERE seq = " + s);
    raw.exec("DELETE FROM events WHERE seq = " + s);
    // Deleting the newest event leaves an intact chain, but a signed checkpoint covers it.
    expect_failure_at(db, seq);
    raw.exec("INSERT INTO events SELECT * FROM saved; DROP TABLE saved");
  }
  for (std::uint64_t seq : {1, 40, 153}) {
    CAPTURE(seq);
    const std::string a = std::to_string(seq), b = std::to_string(seq + 1);
    const std::string swap = "UPDATE events SET seq = -1 WHERE seq = " + a +
                             "; UPDATE events SET seq = " + a + " WHERE seq = " + b +
                             "; UPDATE events SET seq = " + b + " WHERE seq = -1";
    raw.exec(swap);
    expect_failure_at(db, seq);
    raw.exec(swap);
  }
  CHECK(verify(db).ok);
}

TEST_CASE("yishi verify exits non-zero and names the first bad sequence number") {
  TempDir dir;
  const std::string db = example_db(dir);
  CHECK(run_yishi({"verify", db}).exit_code == 0);
  {
    RawDb raw(db);
    raw.exec("UPDATE events SET payload = payload || x'00' WHERE seq = 99");
    raw.exec("UPDATE events SET actor = 'mallory' WHERE seq = 120");
  }
  auto r = run_yishi({"verify", db});
  CHECK(r.exit_code == 1);
  CHECK(json_of(r.out)["first_bad_seq"] == 99);
  CHECK(r.err.find("FAILED at event 99") != std::string::npos);
  // A store whose chain is broken refuses to open for writing.
  auto exec = run_yishi({"exec", db, "-"}, R"({"cmd":"clock.tick","actor":"admin"})");
  CHECK(exec.exit_code == 3);
  CHECK(exec.err.find("event 99") != std::string::npos);
}
