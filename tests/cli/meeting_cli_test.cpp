// The council meeting example, end to end: minutes are generated from the log
// and must match the golden files byte for byte.
#include <fstream>
#include <sstream>

#include "cli_fixture.hpp"

using namespace yishi::test;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string council_db(const TempDir& dir) {
  const std::string db = dir.file("council.db");
  REQUIRE(run_yishi({"init", db, "--at", "2026-03-20T08:00:00+08:00"}).exit_code == 0);
  auto exec = run_yishi({"exec", db, kExamples + "/council-meeting.jsonl", "--strict"});
  REQUIRE_MESSAGE(exec.exit_code == 0, exec.out.substr(0, 3000));
  return db;
}

const std::string kData = YISHI_TEST_DATA_DIR;

}  // namespace

TEST_CASE("the council meeting produces exactly the expected minutes, in zh-CN and en") {
  TempDir dir;
  const std::string db = council_db(dir);
  for (const char* lang : {"zh", "en"}) {
    CAPTURE(lang);
    auto minutes =
        run_yishi({"minutes", db, "council-2026-04", "--lang", lang, "--utc-offset", "+08:00"});
    REQUIRE(minutes.exit_code == 0);
    const std::string golden =
        read_file(kData + "/council-meeting.minutes." + std::string(lang) + ".md");
    REQUIRE_FALSE(golden.empty());
    CHECK(minutes.out == golden);
  }
}

TEST_CASE("minutes as JSON and HTML carry the same record") {
  TempDir dir;
  const std::string db = council_db(dir);
  auto json = run_yishi({"minutes", db, "council-2026-04", "--format", "json"});
  REQUIRE(json.exit_code == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["agenda"].size() == 2);
  CHECK(j["agenda"][0]["outcome"] == "adopted");
  CHECK(j["agenda"][0]["speakers"].size() == 8);
  CHECK(j["agenda"][0]["final_question"] ==
        "是否同意在5号楼北侧空地建设非机动车棚并加装智能充电桩");
  CHECK(j["agenda"][1]["phase"] == "deferred");
  CHECK(j["quorum"].size() == 2);
  CHECK(j["approved"]["by"] == "ch");

  auto html = run_yishi({"minutes", db, "council-2026-04", "--format", "html", "--lang", "en"});
  REQUIRE(html.exit_code == 0);
  CHECK(html.out.starts_with("<!DOCTYPE html>"));
  CHECK(html.out.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.out.find("<table>") != std::string::npos);
  CHECK(html.out.find("quorum lost") != std::string::npos);
}

TEST_CASE("replay prints the meeting's timeline, one line per event") {
  TempDir dir;
  const std::string db = council_db(dir);
  auto replay = run_yishi({"replay", db, "council-2026-04", "--utc-offset", "+08:00"});
  REQUIRE(replay.exit_code == 0);
  const auto lines = lines_of(replay.out);
  CHECK(lines.size() == 77);  // events #49..#125
  CHECK(lines.front().starts_with("2026-03-26 10:00:00  #49"));
  CHECK(lines.front().find("meeting.scheduled") != std::string::npos);
  CHECK(lines.back().find("minutes.approved") != std::string::npos);
  // Members by display name; by id on request (bytes that depend on the log alone).
  CHECK(lines[1].find(" 居委会 ") != std::string::npos);
  CHECK(replay.out.find("\"member\":\"张秀英\"") != std::string::npos);
  auto by_id = run_yishi({"replay", db, "council-2026-04", "--ids"});
  REQUIRE(by_id.exit_code == 0);
  CHECK(by_id.out.find("\"member\":\"r01\"") != std::string::npos);
  CHECK(by_id.out.find("张秀英") == std::string::npos);
  auto minutes_by_id = run_yishi({"minutes", db, "council-2026-04", "--ids", "--lang", "en"});
  CHECK(minutes_by_id.out.find("r14 gave a proxy to r13") != std::string::npos);
  CHECK(run_yishi({"replay", db, "no-such-meeting"}).exit_code == 2);
  CHECK(run_yishi({"minutes", db, "no-such-meeting"}).exit_code == 2);
  CHECK(run_yishi({"minutes", db, "council-2026-04", "--utc-offset", "8 hours"}).exit_code == 2);
}

TEST_CASE("a community's UTC offset, recorded at founding, is the minutes' default") {
  TempDir dir;
  const std::string db = council_db(dir);  // founded at the default, +08:00
  auto local = run_yishi({"minutes", db, "council-2026-04", "--lang", "en"});
  REQUIRE(local.exit_code == 0);
  CHECK(local.out == read_file(kData + "/council-meeting.minutes.en.md"));

  const std::string west = dir.file("west.db");
  REQUIRE(run_yishi({"init", west, "--at", "2026-03-20T08:00:00+08:00", "--utc-offset", "-05:00"})
              .exit_code == 0);
  REQUIRE(run_yishi({"exec", west, kExamples + "/council-meeting.jsonl", "--strict"}).exit_code ==
          0);
  auto minutes = run_yishi({"minutes", west, "council-2026-04", "--lang", "en"});
  REQUIRE(minutes.exit_code == 0);
  CHECK(minutes.out.find("All times UTC-05:00") != std::string::npos);
  // A bad offset founds nothing.
  auto bad = run_yishi({"init", dir.file("bad.db"), "--utc-offset", "+8h"});
  CHECK(bad.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(dir.file("bad.db")));
}
