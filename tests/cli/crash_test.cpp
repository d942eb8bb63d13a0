// Crash safety: `yishi exec` is killed with SIGKILL at random moments; every
// event it reported (it reports only after commit) must survive, and the log
// must verify.
#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include "cli_fixture.hpp"
#include "engine/service/key_files.hpp"
#include "engine/service/verify.hpp"

using namespace yishi;
using namespace yishi::test;

TEST_CASE("acknowledged events survive SIGKILL at random moments") {
  TempDir dir;
  const std::string db = dir.file("crash.db");
  REQUIRE(run_yishi({"init", db, "--admin", "admin"}).exit_code == 0);
  auto key = service::read_public_key(public_key_file(db));
  REQUIRE(key);
  std::mt19937 rng(20260301);
  std::map<std::uint64_t, std::string> acknowledged;  // seq -> hash
  int kills_mid_run = 0;
  const auto record = [&](const std::string& line) {
    const auto result = json_of(line);
    for (const auto& e : result["events"]) {
      acknowledged[e["seq"].get<std::uint64_t>()] = e["hash"].get<std::string>();
    }
  };
  // Until 20 kills landed mid-run (a run that finished first does not count).
  for (int round = 0; kills_mid_run < 20 && round < 80; ++round) {
    CAPTURE(round);
    const std::string script = dir.file("round" + std::to_string(round) + ".jsonl");
    {
      std::ofstream out(script);
      for (int i = 0; i < 3000; ++i) {
        out << R"({"cmd":"member.register","actor":"admin","member":"r)" << round << "-m" << i
            << R"(","display_name":"resident )" << i << "\"}\n";
      }
    }
    Child child({kYishi, "exec", db, script, "--batch", std::to_string(1 + rng() % 8)});
    std::string line;
    // Start the clock at the first acknowledgement, so the kill lands mid-run
    // however slow the build (sanitizers) makes start-up.
    REQUIRE(child.read_line(line, 60'000) == Child::Read::line);
    record(line);
    const auto kill_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(rng() % 120);
    bool finished = false;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            kill_at - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) break;
      const auto got = child.read_line(line, static_cast<int>(left));
      if (got == Child::Read::end) finished = true;
      if (got != Child::Read::line) break;
      record(line);
    }
    child.kill_hard();
    if (!finished) ++kills_mid_run;
    // Lines completed before the kill were acknowledged too.
    while (child.read_line(line, 0) == Child::Read::line) record(line);

    auto store = store::EventStore::inspect(db);
    REQUIRE(store);
    const auto report = service::verify_log(**store, *key);
    REQUIRE_MESSAGE(report.ok, report.problem);
    std::size_t found = 0;
    REQUIRE((*store)->scan(1, [&](audit::Envelope&& e) {
      auto it = acknowledged.find(e.seq);
      if (it != acknowledged.end()) {
        CHECK(audit::to_hex(e.hash) == it->second);
        ++found;
      }
      return true;
    }));
    CHECK(found == acknowledged.size());
    // And the store still opens for writing (WAL recovery, chain check).
    REQUIRE(store::EventStore::open(db));
  }
  CHECK(kills_mid_run >= 20);
  CHECK(acknowledged.size() > 100);
}
