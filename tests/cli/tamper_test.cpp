// Tampering with the stored log: any changed byte of any event, a deleted row
// or two reordered rows make verification fail at exactly that event.
#include <sqlite3.h>

#include <fstream>
#include <iterator>
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
  auto key = service::read_public_key(public_key_file(db));
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

namespace {

// Rewrites event `seq`'s actor and recomputes every hash from there on, as
// someone with the file and the code could: the chain is intact again.
void rewrite_from(const std::string& db, std::uint64_t seq) {
  std::vector<audit::Envelope> envelopes;
  {
    auto store = store::EventStore::inspect(db);
    REQUIRE(store);
    REQUIRE((*store)->scan(1, [&](audit::Envelope&& e) {
      envelopes.push_back(std::move(e));
      return true;
    }));
  }
  RawDb raw(db);
  envelopes[seq - 1].actor = "mallory";
  for (std::size_t i = seq - 1; i < envelopes.size(); ++i) {
    if (i > 0) envelopes[i].prev_hash = envelopes[i - 1].hash;
    envelopes[i].hash = audit::entry_hash(envelopes[i]);
    const auto s = envelopes[i].seq;
    raw.set(s, "actor", envelopes[i].actor, true);
    raw.set(s, "prev_hash",
            std::string(reinterpret_cast<const char*>(envelopes[i].prev_hash.data()), 32), false);
    raw.set(s, "hash", std::string(reinterpret_cast<const char*>(envelopes[i].hash.data()), 32),
            false);
  }
}

std::string save_checkpoint(const TempDir& dir, const std::string& db, const std::string& name) {
  auto r = run_yishi({"checkpoint", db});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const std::string file = dir.file(name);
  std::ofstream(file) << r.out;
  return file;
}

void append_ticks(const std::string& db, int n) {
  std::string script;
  for (int i = 0; i < n; ++i) {
    script +=
        R"({"cmd":"member.register","actor":"admin","at":"2026-06-01T08:00:00+08:00","member":"late)" +
        std::to_string(i) + "\"}\n";
  }
  auto r = run_yishi({"exec", db, "-", "--strict"}, script);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

}  // namespace

TEST_CASE("a checkpoint saved elsewhere catches a truncation the database no longer shows") {
  TempDir dir;
  const std::string db = example_db(dir);
  const std::string saved = save_checkpoint(dir, db, "head-154.json");
  append_ticks(db, 10);  // 164 events, a stored checkpoint at 164
  {
    // Cut the log back to 140 and remove the stored checkpoints that would show it.
    RawDb raw(db);
    raw.exec("DROP TRIGGER checkpoints_refuse_delete");
    raw.exec("DELETE FROM events WHERE seq > 140; DELETE FROM checkpoints WHERE tree_size > 1");
  }
  auto alone = run_yishi({"verify", db});
  CHECK(alone.exit_code == 0);  // the file alone cannot tell
  CHECK(json_of(alone.out)["events_not_signed"] == 139);
  CHECK(alone.err.find("the last 139 events are covered by no signed checkpoint") !=
        std::string::npos);
  auto r = run_yishi({"verify", db, "--checkpoint", saved});
  CHECK(r.exit_code == 1);
  CHECK(json_of(r.out)["first_bad_seq"] == 141);
  CHECK(json_of(r.out)["problem"] == "the log ends at event 140 but the checkpoint in " + saved +
                                         " (tree size 154) covers 154 events");
}

TEST_CASE("a rewrite with fresh hashes is caught by saved checkpoints, naming where it starts") {
  TempDir dir;
  const std::string db = example_db(dir);
  append_ticks(db, 10);  // stored checkpoints at 1, 154, 164
  const std::string saved = save_checkpoint(dir, db, "head-164.json");
  rewrite_from(db, 159);
  {
    RawDb raw(db);
    raw.exec(
        "DROP TRIGGER checkpoints_refuse_delete; DELETE FROM checkpoints WHERE tree_size > 154");
  }
  auto r = run_yishi({"verify", db, "--checkpoint", saved});
  CHECK(r.exit_code == 1);
  const auto out = json_of(r.out);
  // The signed head at 154 still matches: the change is in 155..164, and 155 is named.
  CHECK(out["first_bad_seq"] == 155);
  CHECK(out["problem"].get<std::string>().starts_with(
      "events 155..164 differ from the checkpoint in"));
}

TEST_CASE("verify pins its public key: another key's checkpoint is refused, not counted") {
  TempDir dir;
  const std::string db = example_db(dir);
  const std::string other = example_db(dir, "other.db");
  const std::string foreign = save_checkpoint(dir, other, "other-head.json");
  auto r = run_yishi({"verify", db, "--checkpoint", foreign});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("signed by another key") != std::string::npos);
  // Without the public_key field it names, the signature itself is refused.
  std::ifstream in(foreign);
  auto doc = json_of(std::string(std::istreambuf_iterator<char>(in), {}));
  doc.erase("public_key");
  std::ofstream(dir.file("anonymous.json")) << doc.dump();
  auto anon = run_yishi({"verify", db, "--checkpoint", dir.file("anonymous.json")});
  CHECK(anon.exit_code == 1);
  CHECK(json_of(anon.out)["problem"].get<std::string>().find(
            "is not signed by the given public key") != std::string::npos);
  CHECK(json_of(anon.out)["saved_checkpoints_checked"] == 0);
}

TEST_CASE("an unsigned checkpoint row is never called signed, and no writer signs over it") {
  TempDir dir;
  const std::string db = example_db(dir);
  append_ticks(db, 5);  // 159 events
  {
    RawDb raw(db);
    raw.exec(
        "INSERT INTO checkpoints (tree_size, root, time, signature) "
        "SELECT 153, root, time, zeroblob(64) FROM checkpoints WHERE tree_size = 159");
  }
  auto r = run_yishi({"verify", db});
  CHECK(r.exit_code == 1);
  CHECK(json_of(r.out)["first_bad_seq"] == 153);
  CHECK(json_of(r.out)["problem"] ==
        "the stored checkpoint at tree size 153 is not signed by the given public key");
  auto sign = run_yishi({"checkpoint", db});
  CHECK(sign.exit_code == 1);
  CHECK(sign.err.find("not signed by the community key") != std::string::npos);
  auto exec = run_yishi({"exec", db, "-"}, R"({"cmd":"clock.tick","actor":"admin"})");
  CHECK(exec.exit_code == 1);
}
