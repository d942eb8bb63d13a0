// Bad input never crashes, never hangs and changes nothing: out-of-range numbers,
// NULs and repeated keys in scripts, commands timed in the future, invalid UTF-8
// in a hand-edited database, failed `yishi init`s, and files that are no store.
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "cli_fixture.hpp"
#include "engine/wire/time_format.hpp"

using namespace yishi;
using namespace yishi::test;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// Every file in the directory: what a failed command must not have added to.
std::vector<std::string> files_in(const TempDir& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(dir.file(""))))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

void sql(const std::string& db, const std::string& statement) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(handle, statement.c_str(), nullptr, nullptr, &err);
  INFO(statement, " ", err ? err : "");
  sqlite3_free(err);
  sqlite3_close(handle);
  REQUIRE(rc == SQLITE_OK);
}

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

TEST_CASE("exec: numbers out of range, NULs and repeated keys are line and field errors") {
  using namespace std::string_literals;
  TempDir dir;
  const std::string db = dir.file("c.db");
  REQUIRE(run_yishi({"init", db, "--at", "2026-03-01T08:00:00+08:00"}).exit_code == 0);
  const auto log_before = run_yishi({"log", db}).out;
  const std::string script =
      R"({"cmd":"household.register","actor":"admin","household":"h1","area_m2":50})"
      "\n"
      R"({"cmd":"household.register","actor":"admin","household":"h2","area_m2":1e400})"
      "\n"
      R"({"cmd":"ballot.open","actor":"admin","ballot":"b","kind":"budget","options":["A"],)"
      R"("costs":[18446744073709551615],"budget":10,"closes_at":"2026-03-05T08:00:00Z"})"
      "\n"
      R"({"cmd":"meeting.add_item","actor":"a","meeting":"m","item":"i","planned_minutes":)" +
      std::string(400, '9') +
      "}\n"
      R"({"cmd":"clock.tick","actor":"admin","actor":"admin"})"
      "\n"
      "{\"cmd\":\"clock.tick\",\"actor\":\"admin\"}\0\n"s
      R"({"cmd":"proposal.draft","actor":"admin","proposal":"p","title":"a\u0000b"})"
      "\n";
  write(dir.file("bad.jsonl"), script);
  auto r = run_yishi({"exec", db, dir.file("bad.jsonl")});
  CHECK(r.exit_code == 2);
  const std::string f = dir.file("bad.jsonl");
  for (const std::string& expected : std::vector<std::string>{
           f + ":2: field 'area_m2' is a number out of range",
           f + ":3: field 'costs' must be at most 1000000000000000000",
           f + ":4: field 'planned_minutes' is a number out of range",
           f + ":5: field 'actor' appears twice in one object", f + ":6: a NUL byte at column 37",
           f + ":7: field 'title' holds a NUL character (\\u0000)", "nothing was applied"}) {
    CHECK_MESSAGE(r.err.find(expected) != std::string::npos, expected, "\n", r.err);
  }
  CHECK(r.err.find(":1:") == std::string::npos);
  CHECK(run_yishi({"log", db}).out == log_before);
}

TEST_CASE("exec refuses a command timed beyond the wall clock, unless replaying a history") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  REQUIRE(run_yishi({"init", db, "--at", wire::format_time(now_ms() - engine::kDay)}).exit_code ==
          0);
  const std::string tomorrow = wire::format_time(now_ms() + 2 * engine::kDay);
  const std::string soon = wire::format_time(now_ms() + engine::kMinute);
  const std::string script =
      R"({"cmd":"household.register","actor":"admin","household":"h1","area_m2":50,"at":")" +
      tomorrow +
      "\"}\n"
      // Within the allowance (clocks disagree a little), and untimed: fine.
      R"({"cmd":"household.register","actor":"admin","household":"h2","area_m2":50,"at":")" +
      soon +
      "\"}\n"
      R"({"cmd":"household.register","actor":"admin","household":"h3","area_m2":50})"
      "\n";
  write(dir.file("s.jsonl"), script);
  auto r = run_yishi({"exec", db, dir.file("s.jsonl")});
  REQUIRE(r.exit_code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  const auto first = json_of(lines[0]);
  CHECK(first["ok"] == false);
  CHECK(first["rejection"]["code"] == "time_in_future");
  CHECK(first["rejection"]["field"] == "at");
  CHECK(first["rejection"]["reason"].get<std::string>().find("2.0 days ahead") !=
        std::string::npos);
  // The refused line did not move the log's clock: later lines still apply.
  CHECK(json_of(lines[1])["ok"] == true);
  CHECK(json_of(lines[2])["ok"] == false);  // timed now, but h2 moved the clock a minute on
  CHECK(r.err.find("--replay-history") != std::string::npos);
  CHECK(run_yishi({"exec", db, dir.file("s.jsonl"), "--strict"}).exit_code == 1);

  // A dated history says so.
  const std::string replay =
      R"({"cmd":"household.register","actor":"admin","household":"h9","area_m2":50,"at":")" +
      tomorrow + "\"}\n";
  write(dir.file("history.jsonl"), replay);
  auto replayed = run_yishi({"exec", db, dir.file("history.jsonl"), "--replay-history"});
  REQUIRE(replayed.exit_code == 0);
  CHECK(json_of(lines_of(replayed.out).at(0))["ok"] == true);

  // init's --at likewise: a community founded in 2099 could take no command until then.
  auto future_init = run_yishi({"init", dir.file("f.db"), "--at", "2099-01-01T00:00:00Z"});
  CHECK(future_init.exit_code == 2);
  CHECK(future_init.err.find("ahead of the clock") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("f.db")));
  CHECK(run_yishi({"init", dir.file("f.db"), "--at", "2099-01-01T00:00:00Z", "--replay-history"})
            .exit_code == 0);
}

TEST_CASE("log and replay never abort on a database edited to hold invalid UTF-8") {
  TempDir dir;
  const std::string db = dir.file("council.db");
  auto init = run_yishi({"init", db, "--at", "2026-03-20T08:00:00+08:00"});
  REQUIRE(init.exit_code == 0);
  const std::string public_key = json_of(init.out)["public_key_file"].get<std::string>();
  auto exec = run_yishi({"exec", db, kExamples + "/council-meeting.jsonl", "--strict"});
  REQUIRE(exec.exit_code == 0);
  // As someone with the file could: drop the append-only triggers, then put bytes
  // that are not UTF-8 into an actor, into the meeting title inside a payload
  // (same length, so the binary layout still decodes) and into a meta value.
  // "四月" is E5 9B 9B E6 9C 88; 0xFF never occurs in UTF-8.
  sql(db,
      "DROP TRIGGER events_refuse_update;"
      "UPDATE events SET actor = CAST(X'6368FF' AS TEXT) WHERE seq = 49;"
      "UPDATE events SET payload = CAST(replace(payload, X'E59B9BE69C88', X'FFFE9BE69C88') AS "
      "BLOB) WHERE type = 'meeting.scheduled';"
      "UPDATE meta SET value = CAST(X'6EFF' AS TEXT) WHERE key = 'community';");
  auto log = run_yishi({"log", db});
  CHECK_MESSAGE(log.exit_code == 0, log.err);
  CHECK(log.out.find(kReplacement) != std::string::npos);
  CHECK(lines_of(log.out).size() == 187);  // the meeting, then its decisions carried out
  auto replay = run_yishi({"replay", db, "council-2026-04"});
  CHECK_MESSAGE(replay.exit_code == 0, replay.err);
  CHECK(replay.out.find(kReplacement) != std::string::npos);
  auto minutes = run_yishi({"minutes", db, "council-2026-04", "--format", "json"});
  CHECK_MESSAGE(minutes.exit_code == 0, minutes.err);
  // The edit itself is what verify reports, given the key the reviewer trusts (the
  // edited community name no longer finds it by itself: exit 2, not a pass).
  CHECK(run_yishi({"verify", db}).exit_code == 2);
  CHECK(run_yishi({"verify", db, "--public-key", public_key}).exit_code == 1);
}

TEST_CASE("a failed init leaves nothing behind") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  SUBCASE("rules file that is not valid") {
    write(dir.file("rules.json"), R"({"quorum": ">1/2", "quorum": ">2/3"})");
    auto r = run_yishi({"init", db, "--rules", dir.file("rules.json")});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("field 'quorum' appears twice") != std::string::npos);
    CHECK(files_in(dir) == std::vector<std::string>{"rules.json"});
  }
  SUBCASE("a key file already there") {
    write(dir.file("k.pub"), "somebody's key\n");
    auto r = run_yishi({"init", db, "--key", dir.file("k.key")});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("k.pub already exists") != std::string::npos);
    CHECK(files_in(dir) == std::vector<std::string>{"k.pub"});
    CHECK(read_file(dir.file("k.pub")) == "somebody's key\n");
  }
  SUBCASE("a directory where a key file would go") {
    std::filesystem::create_directory(dir.file("k.pub"));
    auto r = run_yishi({"init", db, "--key", dir.file("k.key")});
    CHECK(r.exit_code != 0);
    CHECK(files_in(dir) == std::vector<std::string>{"k.pub"});
  }
  SUBCASE("a community id the engine refuses") {
    auto r = run_yishi({"init", db, "--community", "no spaces allowed"});
    CHECK(r.exit_code == 2);
    CHECK(files_in(dir).empty());
  }
  SUBCASE("a database that already exists is kept as it was") {
    write(db, "precious");
    CHECK(run_yishi({"init", db}).exit_code == 2);
    CHECK(read_file(db) == "precious");
    CHECK(files_in(dir) == std::vector<std::string>{"c.db"});
  }
}

TEST_CASE("commands that open a store refuse a file that is not a Yishi store") {
  TempDir dir;
  write(dir.file("script.jsonl"), R"({"cmd":"clock.tick","actor":"admin"})"
                                  "\n");
  // Another application's SQLite database, an empty file and a text file.
  const std::string other = dir.file("other.db");
  sql(other, "CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('keep me');");
  const std::string other_bytes = read_file(other);
  write(dir.file("empty.db"), "");
  write(dir.file("text.db"), "just some text, not SQLite at all\n");
  for (const std::string name : {"other.db", "empty.db", "text.db"}) {
    CAPTURE(name);
    auto r = run_yishi({"exec", dir.file(name), dir.file("script.jsonl")});
    CHECK(r.exit_code >= 2);
    CHECK(r.out.empty());
    CHECK_MESSAGE(r.err.find("not a") != std::string::npos, r.err);
    for (const char* sub : {"log", "verify"}) {
      auto inspect = run_yishi({sub, dir.file(name)});
      CHECK(inspect.exit_code != 0);
      CHECK(inspect.out.empty());
    }
  }
  CHECK(run_yishi({"exec", other, dir.file("script.jsonl")}).err.find("is not a Yishi store") !=
        std::string::npos);
  // Untouched: not migrated, not switched to WAL.
  CHECK(read_file(other) == other_bytes);
  CHECK(read_file(dir.file("empty.db")).empty());
  CHECK_FALSE(std::filesystem::exists(other + "-wal"));
  CHECK_FALSE(std::filesystem::exists(dir.file("empty.db-wal")));
  // A SQLite file stamped by another application is named as such.
  const std::string stamped = dir.file("stamped.db");
  sql(stamped, "PRAGMA application_id = 1234; CREATE TABLE t(x);");
  CHECK(run_yishi({"exec", stamped, dir.file("script.jsonl")}).err.find("application_id 0x4d2") !=
        std::string::npos);
}
