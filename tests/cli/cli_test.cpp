#include <fstream>

#include "../unit/schema_6.hpp"
#include "cli_fixture.hpp"
#include "engine/audit/merkle.hpp"
#include "engine/service/community.hpp"

using namespace yishi;
using namespace yishi::test;

TEST_CASE("every script in examples/ runs on a fresh community without a refusal") {
  int scripts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".jsonl") continue;
    ++scripts;
    CAPTURE(entry.path().string());
    TempDir dir;
    const std::string db = dir.file("c.db");
    REQUIRE(run_yishi({"init", db, "--at", "2026-03-01T08:00:00+08:00"}).exit_code == 0);
    auto exec = run_yishi({"exec", db, entry.path().string(), "--strict"});
    CHECK_MESSAGE(exec.exit_code == 0, exec.out.substr(0, 2000), exec.err);
    for (const auto& line : lines_of(exec.out)) CHECK(json_of(line)["ok"] == true);
    CHECK(run_yishi({"verify", db}).exit_code == 0);
  }
  CHECK(scripts >= 1);
}

TEST_CASE("the example scenario ends with the expected proposals") {
  TempDir dir;
  const std::string db = example_db(dir);
  auto c = service::Community::open(db);
  REQUIRE(c);
  const auto& s = (*c)->state();
  CHECK(s.households.size() == 40);
  CHECK(s.members.size() == 45);
  const auto phase_of = [&](const char* id) {
    return std::string(engine::phase_name(s.proposal(id)->phase));
  };
  CHECK(phase_of("stairwell-light-b3") == "scheduled");
  CHECK(phase_of("seniors-lunch-table") == "scheduled");
  CHECK(phase_of("bicycle-shed") == "scheduled");
  CHECK(phase_of("bike-charging-east") == "merged");
  CHECK(phase_of("road-potholes") == "referred");
  CHECK(phase_of("dog-park") == "expired");
  CHECK(phase_of("parking-lines") == "withdrawn");
  CHECK(std::get<engine::phase::Referred>(s.proposal("road-potholes")->phase).body ==
        "街道城市管理科");
  CHECK(s.proposal("seniors-lunch-table")->revision == 1);
  CHECK(s.proposal("bicycle-shed")->merged_from == std::vector<std::string>{"bike-charging-east"});
}

TEST_CASE("a malformed script is refused whole, naming line and field, and changes nothing") {
  TempDir dir;
  const std::string db = example_db(dir);
  const auto log_before = run_yishi({"log", db}).out;
  const std::string script =
      R"({"cmd":"proposal.draft","actor":"m-1-101","proposal":"ok-one","title":"fine"})"
      "\n"
      R"({"cmd":"proposal.draft","actor":"m-1-101","proposal":"p2"})"
      "\n"
      R"({"cmd":"proposal.draft","actor":"m-1-101","proposal":"p3","title":7})"
      "\n"
      "{\"cmd\":\"proposal.draft\",\"actor\":\"m\",\"proposal\":\"p\",\"title\":\"\xC3\x28\"}\n"
      R"({"cmd":"proposal.dance","actor":"m-1-101"})"
      "\n"
      "not json\n";
  auto r = run_yishi({"exec", db, "-"}, script);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("<stdin>:2: field 'title' is required") != std::string::npos);
  CHECK(r.err.find("<stdin>:3: field 'title' must be a string, not number") != std::string::npos);
  CHECK(r.err.find("<stdin>:4: not valid JSON") != std::string::npos);
  CHECK(r.err.find("<stdin>:5: field 'cmd' unknown command 'proposal.dance'") != std::string::npos);
  CHECK(r.err.find("<stdin>:6: not valid JSON") != std::string::npos);
  CHECK(r.err.find("nothing was applied") != std::string::npos);
  CHECK(run_yishi({"log", db}).out == log_before);
}

TEST_CASE("refusals are reported per line with code, field and reason") {
  TempDir dir;
  const std::string db = example_db(dir);
  const std::string big(200, 'x');
  const std::string script =
      R"({"cmd":"proposal.draft","actor":"m-1-101","at":"2026-04-01T09:00:00+08:00","proposal":"x","title":")" +
      big + "\"}\n" +
      R"({"cmd":"proposal.accept","actor":"m-1-101","at":"2026-04-01T09:00:00+08:00","proposal":"bicycle-shed","reason":"I like it"})"
      "\n";
  auto r = run_yishi({"exec", db, "-", "--strict"}, script);
  CHECK(r.exit_code == 1);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 2);
  const auto first = json_of(lines[0]);
  CHECK(first["line"] == 1);
  CHECK(first["rejection"]["code"] == "text_too_long");
  CHECK(first["rejection"]["field"] == "title");
  const auto second = json_of(lines[1]);
  CHECK(second["rejection"]["code"] == "role_not_held");  // m-1-101 is no convener
}

TEST_CASE("log, proof, consistency and checkpoint print verifiable JSON") {
  TempDir dir;
  const std::string db = example_db(dir);
  const auto log = lines_of(run_yishi({"log", db}).out);
  REQUIRE(log.size() == 154);
  CHECK(json_of(log[0])["type"] == "community.founded");
  CHECK(json_of(log[0])["seq"] == 1);

  auto proof = run_yishi({"proof", db, "42"});
  REQUIRE(proof.exit_code == 0);
  const auto p = json_of(proof.out);
  std::vector<audit::Hash> path;
  for (const auto& h : p["audit_path"]) path.push_back(*audit::hash_from_hex(h.get<std::string>()));
  const auto leaf = *audit::hash_from_hex(p["leaf_hash"].get<std::string>());
  const auto root = *audit::hash_from_hex(p["root"].get<std::string>());
  CHECK(audit::verify_inclusion(leaf, 41, 154, path, root));
  CHECK(p["envelope"]["seq"] == 42);
  CHECK(run_yishi({"proof", db, "155"}).exit_code == 2);
  CHECK(run_yishi({"proof", db, "0"}).exit_code == 2);

  auto consistency = run_yishi({"consistency", db, "17"});
  REQUIRE(consistency.exit_code == 0);
  const auto c = json_of(consistency.out);
  std::vector<audit::Hash> cproof;
  for (const auto& h : c["proof"]) cproof.push_back(*audit::hash_from_hex(h.get<std::string>()));
  CHECK(audit::verify_consistency(17, 154, *audit::hash_from_hex(c["old_root"].get<std::string>()),
                                  root, cproof));

  auto checkpoint = run_yishi({"checkpoint", db});
  REQUIRE(checkpoint.exit_code == 0);
  const auto cp = json_of(checkpoint.out);
  CHECK(cp["tree_size"] == 154);
  CHECK(cp["root"] == p["root"]);
  auto verify = run_yishi({"verify", db});
  CHECK(verify.exit_code == 0);
  // init's at size 1 and exec's at 154; the head had not moved, so `checkpoint`
  // returned exec's instead of signing a second one.
  CHECK(json_of(verify.out)["checkpoints_checked"] == 2);
}

TEST_CASE("verify refuses a log signed by another key") {
  TempDir dir;
  const std::string db = example_db(dir);
  const std::string other = example_db(dir, "other.db");
  auto r = run_yishi({"verify", db, "--public-key", public_key_file(other)});
  CHECK(r.exit_code == 1);
  CHECK(json_of(r.out)["problem"].get<std::string>().find("not signed by the given public key") !=
        std::string::npos);
}

TEST_CASE("yishi tally prints winners, ranking and rounds as JSON, and names a bad line") {
  const std::string data = std::string(YISHI_TEST_DATA_DIR) + "/voting/";
  auto irv =
      run_yishi({"tally", "--method", "irv", data + "preflib/00005-burlington/00005-00000002.toi"});
  REQUIRE(irv.exit_code == 0);
  const auto j = json_of(irv.out);
  CHECK(j["method"] == "irv");
  CHECK(j["winners"] == nlohmann::json::array({1}));  // Bob Kiss, number 1 in the file
  CHECK(j["rounds"].front()["tallies"]["5"] == 2951);
  auto schulze =
      run_yishi({"tally", "--method", "schulze", data + "debian-tally/leader2007_tally.txt"});
  REQUIRE(schulze.exit_code == 0);
  CHECK(json_of(schulze.out)["candidates"]["6"] == "Raphaël Hertzog");  // Latin-1 in the file
  CHECK(json_of(schulze.out)["winners"] == nlohmann::json::array({4}));

  TempDir dir;
  const std::string bad = dir.file("bad.soi");
  {
    std::ofstream out(bad);
    out << "# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 1\n# NUMBER UNIQUE ORDERS: 1\n1: 1,3\n";
  }
  auto refused = run_yishi({"tally", "--method", "schulze", bad});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("bad.soi:4:") != std::string::npos);
  CHECK(run_yishi({"tally", "--method", "stv", "--seats", "9",
                   data + "preflib/00002-debian/00002-00000001.soi"})
            .exit_code == 2);
}

TEST_CASE("yishi tally reads decimal amounts exactly and warns about a project listed twice") {
  TempDir dir;
  const std::string file = dir.file("district.pb");
  {
    std::ofstream out(file);
    out << "META\nkey;value\nbudget;969245.38\nnum_projects;3\nnum_votes;3\n"
           "vote_type;approval\nPROJECTS\nproject_id;cost;votes\n1;500000.25;2\n"
           "2;469245.13;2\n3;900000;1\nVOTES\nvoter_id;vote\nv1;1,2\nv2;1,2,1\nv3;3\n";
  }
  for (const std::string method : {"greedy", "mes"}) {
    auto r = run_yishi({"tally", "--method", method, file});
    REQUIRE(r.exit_code == 0);
    const auto j = json_of(r.out);
    CHECK(j["budget"] == 969245.38);
    CHECK(j["selected"] == nlohmann::json::array({"2", "1"}));  // the cheaper first on a tie
    CHECK(j["cost"] == 969245.38);  // 500000.25 + 469245.13, to the grosz
    CHECK(j["warning_count"] == 1);
    CHECK(j["warnings"][0]["line"] == 15);
    CHECK(r.err.find("district.pb:15: warning: voter v2 lists project 1 more than once; "
                     "counted once") != std::string::npos);
  }
  {
    std::ofstream out(file);
    out << "META\nkey;value\nbudget;100\nnum_projects;1\nnum_votes;0\n"
           "PROJECTS\nproject_id;cost\n1;"
        << std::string(400, '9') << "\n";
  }
  auto refused = run_yishi({"tally", "--method", "mes", file});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("district.pb:8: cost is larger than the limit") != std::string::npos);
}

TEST_CASE("a log written before the stream column is migrated on open and verifies unchanged") {
  TempDir dir;
  const std::string db = example_db(dir);
  const auto signed_before = run_yishi({"checkpoint", db});
  REQUIRE(signed_before.exit_code == 0);
  const auto verified_before = run_yishi({"verify", db});
  REQUIRE(verified_before.exit_code == 0);

  back_to_schema_6(db);
  CHECK(run_yishi({"verify", db}).exit_code == 0);  // verify inspects: it never migrates
  REQUIRE_FALSE(has_stream_column(db));
  // Opened for writing: migrated, each old row's stream derived once.
  const auto signed_after = run_yishi({"checkpoint", db});
  REQUIRE_MESSAGE(signed_after.exit_code == 0, signed_after.err);
  CHECK(has_stream_column(db));
  CHECK(json_of(signed_after.out)["root"] == json_of(signed_before.out)["root"]);
  CHECK(json_of(signed_after.out)["tree_size"] == json_of(signed_before.out)["tree_size"]);
  const auto verified_after = run_yishi({"verify", db});
  CHECK(verified_after.exit_code == 0);
  CHECK(verified_after.out == verified_before.out);
  CHECK(count_events(db, "stream IS NULL") == 0);
  CHECK(count_events(db, "stream = 'meeting:council-2026-04'") > 0);
  CHECK(sql_result(db, "UPDATE events SET stream = 'community' WHERE seq = 1") != SQLITE_OK);
}
