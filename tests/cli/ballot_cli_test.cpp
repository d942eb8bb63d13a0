// Secret ballots through the real binary and store: nothing in the chained log
// or the database links a voter to a choice, receipts check, results stay sealed
// until the close, and parallel casts by one voter count once.
#include <sqlite3.h>

#include <fstream>
#include <thread>

#include "../unit/test_nonce.hpp"
#include "cli_fixture.hpp"

using namespace yishi::test;

namespace {

std::string nonce(int i) {
  return yishi::test::test_nonce(i, 'a');
}

// `rules`: a JSON object of founding rules for `yishi init --rules`, or empty.
std::string community_with_poll(const TempDir& dir, const std::string& rules = "") {
  const std::string db = dir.file("poll.db");
  std::vector<std::string> init = {"init", db, "--at", "2026-05-01T08:00:00+08:00"};
  if (!rules.empty()) {
    std::ofstream(dir.file("rules.json")) << rules;
    init.insert(init.end(), {"--rules", dir.file("rules.json")});
  }
  const auto founded = run_yishi(init);
  REQUIRE_MESSAGE(founded.exit_code == 0, founded.err);
  std::string script;
  for (int i = 1; i <= 6; ++i) {
    script +=
        "{\"cmd\":\"household.register\",\"actor\":\"admin\",\"at\":\"2026-05-01T09:00:00+08:00\","
        "\"household\":\"h" +
        std::to_string(i) + "\",\"area_m2\":80}\n";
    script +=
        "{\"cmd\":\"member.register\",\"actor\":\"admin\",\"at\":\"2026-05-01T09:00:00+08:00\","
        "\"member\":\"voter" +
        std::to_string(i) + "\",\"household\":\"h" + std::to_string(i) + "\"}\n";
  }
  script +=
      R"({"cmd":"member.register","actor":"admin","at":"2026-05-01T09:00:00+08:00","member":"cv","roles":["convener"]})"
      "\n";
  script +=
      R"({"cmd":"ballot.open","actor":"cv","at":"2026-05-01T10:00:00+08:00","ballot":"survey","question":"开放夜间健身场地？","secrecy":"secret","closes_at":"2026-05-08T10:00:00+08:00"})"
      "\n";
  auto r = run_yishi({"exec", db, "-", "--strict"}, script);
  REQUIRE_MESSAGE(r.exit_code == 0, r.out, r.err);
  return db;
}

std::vector<std::string> column(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out.emplace_back(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                     static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

}  // namespace

TEST_CASE("a secret poll end to end: sealed until the close, receipts check, nothing links") {
  TempDir dir;
  const std::string db = community_with_poll(dir);
  std::string casts;
  const char* choices[] = {"yes", "yes", "no", "yes", "abstain"};
  for (int i = 1; i <= 5; ++i) {
    casts += "{\"cmd\":\"ballot.cast\",\"actor\":\"voter" + std::to_string(i) +
             "\",\"at\":\"2026-05-02T1" + std::to_string(i) +
             ":00:00+08:00\",\"ballot\":\"survey\","
             "\"choice\":\"" +
             choices[i - 1] + "\",\"nonce\":\"" + nonce(i) + "\"}\n";
  }
  auto r = run_yishi({"exec", db, "-", "--strict"}, casts);
  REQUIRE(r.exit_code == 0);
  const auto results = lines_of(r.out);
  REQUIRE(results.size() == 5);
  const std::string receipt2 = json_of(results[1])["receipt"];
  for (const auto& line : results) {
    const auto j = json_of(line);
    REQUIRE(j["events"].size() == 1);
    CHECK(j["events"][0]["type"] == "ballot.participated");
    CHECK_FALSE(j["events"][0]["event"].contains("choice"));
  }

  // Before the close: no result for anyone.
  auto early = run_yishi({"results", db, "survey"});
  CHECK(early.exit_code == 1);
  CHECK(early.err.find("sealed until it closes") != std::string::npos);
  // The chained log holds participation only; the box holds no voter and no time.
  for (const auto& type : column(db, "SELECT type FROM events")) {
    CHECK(type != "ballot.sealed");
  }
  const auto box = column(db, "SELECT sealed FROM ballot_box ORDER BY receipt");
  CHECK(box.size() == 5);
  for (const auto& sealed : box) CHECK(sealed.find("voter") == std::string::npos);
  // No time, no voter, no order: the row's ballot, receipt, choice and layout version.
  CHECK(column(db, "SELECT name FROM pragma_table_info('ballot_box') ORDER BY cid") ==
        std::vector<std::string>{"ballot", "receipt", "sealed", "version"});

  // The close (by the clock) publishes the box and the count.
  auto tick = run_yishi({"exec", db, "-"},
                        R"({"cmd":"clock.tick","actor":"cv","at":"2026-05-08T10:00:00+08:00"})");
  REQUIRE(tick.exit_code == 0);
  auto final = run_yishi({"results", db, "survey"});
  REQUIRE(final.exit_code == 0);
  const auto j = json_of(final.out);
  CHECK(j["yes"] == 3);
  CHECK(j["no"] == 1);
  CHECK(j["abstain"] == 1);
  CHECK(j["passed"] == true);
  CHECK(j["counted"].size() == 5);
  for (const auto& entry : j["counted"]) CHECK_FALSE(entry.contains("voter"));
  CHECK(column(db, "SELECT sealed FROM ballot_box").empty());
  auto mine = run_yishi({"results", db, "survey", "--receipt", receipt2});
  CHECK(mine.exit_code == 0);
  CHECK(json_of(mine.out)["choice"] == "yes");
  CHECK(run_yishi({"results", db, "survey", "--receipt", std::string(64, '0')}).exit_code == 1);
  CHECK(run_yishi({"verify", db}).exit_code == 0);
}

TEST_CASE("32 parallel casts by one voter count exactly once") {
  TempDir dir;
  const std::string db = community_with_poll(dir);
  std::vector<std::string> scripts;
  for (int i = 0; i < 32; ++i) {
    const std::string path = dir.file("cast" + std::to_string(i) + ".jsonl");
    std::ofstream(path)
        << "{\"cmd\":\"ballot.cast\",\"actor\":\"voter1\",\"at\":\"2026-05-03T10:00:00+08:00\","
           "\"ballot\":\"survey\",\"choice\":\"yes\",\"nonce\":\""
        << nonce(100 + i) << "\"}\n";
    scripts.push_back(path);
  }
  std::vector<std::thread> threads;
  std::vector<ProcessResult> outcomes(32);
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&, i] {
      outcomes[static_cast<std::size_t>(i)] =
          run_yishi({"exec", db, scripts[static_cast<std::size_t>(i)]});
    });
  }
  for (auto& t : threads) t.join();
  int accepted = 0;
  for (const auto& o : outcomes) {
    if (o.exit_code != 0) continue;  // lost the race to write: nothing was applied
    const auto j = json_of(lines_of(o.out).at(0));
    if (j["ok"] == true) ++accepted;
  }
  CHECK(accepted == 1);
  const auto participated =
      column(db, "SELECT type FROM events WHERE type = 'ballot.participated'");
  CHECK(participated.size() == 1);
  CHECK(column(db, "SELECT sealed FROM ballot_box").size() == 1);
  CHECK(run_yishi({"verify", db}).exit_code == 0);
}

TEST_CASE("a community founded with `--rules` takes each voter's first ballot only") {
  TempDir dir;
  const std::string db = community_with_poll(dir, R"({"ballot_changes_allowed": false})");
  CHECK(json_of(lines_of(run_yishi({"log", db}).out)
                    .at(0))["event"]["rulebook"]["ballot_changes_allowed"] == false);
  const std::string first =
      R"({"cmd":"ballot.cast","actor":"voter1","at":"2026-05-02T10:00:00+08:00","ballot":"survey","choice":"yes","nonce":")" +
      nonce(1) + "\"}\n";
  REQUIRE(run_yishi({"exec", db, "-", "--strict"}, first).exit_code == 0);
  const std::string again =
      R"({"cmd":"ballot.cast","actor":"voter1","at":"2026-05-02T11:00:00+08:00","ballot":"survey","choice":"no","nonce":")" +
      nonce(2) + R"(","previous_nonce":")" + nonce(1) + "\"}\n";
  auto refused = run_yishi({"exec", db, "-", "--strict"}, again);
  CHECK(refused.exit_code == 1);
  CHECK(json_of(lines_of(refused.out).at(0))["rejection"]["code"] == "already_voted");

  // A ballot cannot overrule the rulebook.
  const std::string overrule =
      R"({"cmd":"ballot.open","actor":"cv","at":"2026-05-02T10:00:00+08:00","ballot":"b2","question":"?","closes_at":"2026-05-08T10:00:00+08:00","changes_allowed":true})"
      "\n";
  auto bad = run_yishi({"exec", db, "-"}, overrule);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("field 'changes_allowed' is the rulebook's to say") != std::string::npos);
}

TEST_CASE("`yishi init --rules` refuses rules it does not know or cannot take, naming them") {
  TempDir dir;
  for (const auto& [rules, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"max_turn_seconds": 1})", "rulebook.max_turn_seconds: must be a whole number"},
           {R"({"ballot_changes_allowed": "no"})", "rulebook.ballot_changes_allowed: must be"},
           {R"({"speaking_order": "alphabetical"})", "rulebook.speaking_order: is not a rule"},
           {R"({"option_ties": "coin"})", "rulebook.option_ties: must be lot or status_quo"},
           {"{not json", "not valid JSON"}}) {
    std::ofstream(dir.file("rules.json"), std::ios::trunc) << rules;
    auto r = run_yishi({"init", dir.file("c.db"), "--rules", dir.file("rules.json")});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find(expected) != std::string::npos, r.err);
    CHECK_FALSE(std::filesystem::exists(dir.file("c.db")));
  }
}

TEST_CASE("a needs survey seeds proposals; a ranked poll orders the backlog (the example)") {
  TempDir dir;
  const std::string db = dir.file("needs.db");
  REQUIRE(run_yishi({"init", db, "--at", "2026-05-01T08:00:00+08:00"}).exit_code == 0);
  const auto applied =
      run_yishi({"exec", db, std::string(YISHI_EXAMPLES_DIR) + "/needs-survey.jsonl", "--strict"});
  REQUIRE_MESSAGE(applied.exit_code == 0, applied.err);

  // The survey's result, by option number as on the ballot: approvals per need.
  const auto survey = json_of(run_yishi({"results", db, "needs-2026"}).out);
  CHECK(survey["winners"] == nlohmann::json::parse("[3, 2, 5]"));
  CHECK(survey["option_totals"] == nlohmann::json::parse("[5, 9, 16, 6, 7, 2]"));
  CHECK(survey["counted"].size() == 24);

  const auto backlog = run_yishi({"backlog", db});
  REQUIRE(backlog.exit_code == 0);
  const auto lines = lines_of(backlog.out);
  REQUIRE(lines.size() == 4);
  std::vector<std::string> order;
  for (const auto& line : lines) order.push_back(json_of(line)["proposal"]);
  // The priority poll's Schulze ranking: 2 > 1 > 3 > 4.
  CHECK(order ==
        std::vector<std::string>{"elder-meals", "ev-charging", "night-gym", "bench-repair"});
  const auto first = json_of(lines[0]);
  CHECK(first["title"] == "老年人助餐点");  // drafted without a title: the survey option's
  CHECK(first["standing"]["ballot"] == "priority-2026");
  CHECK(first["standing"]["won"] == true);
  CHECK(first["seeded_from"]["option"] == 3);
  CHECK(first["seeded_from"]["support"] == 16);
  CHECK_FALSE(json_of(lines[3]).contains("seeded_from"));  // bench-repair came the ordinary way

  // The link and the standings are on the chained log, for anyone to audit.
  const std::string log = run_yishi({"log", db}).out;
  std::size_t seeded = 0, prioritised = 0;
  for (const auto& line : lines_of(log)) {
    const auto type = json_of(line)["type"].get<std::string>();
    seeded += type == "proposal.seeded" ? 1 : 0;
    prioritised += type == "proposal.prioritised" ? 1 : 0;
  }
  CHECK(seeded == 3);
  CHECK(prioritised == 4);
}

TEST_CASE("state shows an open secret poll's turnout, never what its box holds") {
  TempDir dir;
  const std::string db = community_with_poll(dir);
  std::string casts;
  for (int i = 1; i <= 3; ++i) {
    casts += "{\"cmd\":\"ballot.cast\",\"actor\":\"voter" + std::to_string(i) +
             "\",\"at\":\"2026-05-02T10:00:00+08:00\",\"ballot\":\"survey\",\"choice\":\"yes\","
             "\"nonce\":\"" +
             nonce(i) + "\"}\n";
  }
  auto cast = run_yishi({"exec", db, "-", "--strict"}, casts);
  REQUIRE(cast.exit_code == 0);
  auto r = run_yishi({"state", db});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto ballot = json_of(r.out)["state"]["ballots"].at(0);
  CHECK(ballot["ballot"] == "survey");
  CHECK(ballot["phase"] == "open");
  CHECK(ballot["eligible"] == 6);  // the six residents (the convener has no vote)
  CHECK(ballot["voted"] == 3);
  CHECK(ballot["result"].is_null());
  // No receipt, no choice, no partial count anywhere in the output.
  CHECK(r.out.find(json_of(lines_of(cast.out).at(0))["receipt"].get<std::string>()) ==
        std::string::npos);
  CHECK(r.out.find("\"yes\"") == std::string::npos);
}
