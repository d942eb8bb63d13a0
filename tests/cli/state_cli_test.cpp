// `yishi state --at`: the community as it stood at a past point of its log.
#include "cli_fixture.hpp"

using namespace yishi::test;

namespace {

// The log's envelope of the first event of `type` about `proposal`.
nlohmann::json first_event(const std::string& db, const std::string& type,
                           const std::string& proposal) {
  for (const auto& line : lines_of(run_yishi({"log", db}).out)) {
    auto j = json_of(line);
    if (j["type"] == type && j["event"].value("proposal", "") == proposal) return j;
  }
  FAIL("no " << type << " for " << proposal);
  return {};
}

nlohmann::json state_at(const std::string& db, const std::string& at) {
  auto r = run_yishi({"state", db, "--at", at});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json_of(r.out);
}

std::string phase_of(const nlohmann::json& state, const std::string& proposal) {
  for (const auto& p : state["state"]["proposals"]) {
    if (p["proposal"] == proposal) return p["state"];
  }
  return "absent";
}

}  // namespace

TEST_CASE("state --at shows each proposal as it stood before and after an event") {
  TempDir dir;
  const std::string db = example_db(dir);
  const auto accepted = first_event(db, "proposal.accepted", "bicycle-shed");
  const std::uint64_t seq = accepted["seq"];

  const auto before = state_at(db, std::to_string(seq - 1));
  CHECK(before["seq"] == seq - 1);
  CHECK(phase_of(before, "bicycle-shed") == "screening");
  const auto after = state_at(db, std::to_string(seq));
  CHECK(phase_of(after, "bicycle-shed") == "accepted");
  CHECK(after["head_seq"].get<std::uint64_t>() > seq);
  // By time: everything up to and including that moment.
  const auto by_time = state_at(db, accepted["time"]);
  CHECK(phase_of(by_time, "bicycle-shed") == "accepted");
  CHECK(by_time["seq"].get<std::uint64_t>() >= seq);
  // Now: where the scenario ends.
  auto now = run_yishi({"state", db});
  REQUIRE(now.exit_code == 0);
  const auto head = json_of(now.out);
  CHECK(head["seq"] == head["head_seq"]);
  CHECK(phase_of(head, "bicycle-shed") == "scheduled");
  CHECK(phase_of(head, "dog-park") == "expired");
  CHECK(head["state"]["community"] == "nantang");
  CHECK(head["state"]["members"].size() == 45);
  bool admin_found = false;
  for (const auto& m : head["state"]["members"]) {
    if (m["member"] == "admin") admin_found = m["roles"] == nlohmann::json{"admin"};
  }
  CHECK(admin_found);
  // The first event alone: the community founded, nothing proposed yet.
  const auto founding = state_at(db, "1");
  CHECK(founding["state"]["proposals"].empty());
  CHECK(founding["state"]["rulebook"]["support_threshold"].is_number());
}

TEST_CASE("state --at refuses points that are not in the log, with a clear error") {
  TempDir dir;
  const std::string db = example_db(dir);
  for (const auto& [at, expected] : std::vector<std::pair<std::string, std::string>>{
           {"99999999", "the log ends at event"},
           {std::string(400, '9'), "--at is a sequence number"},
           {"yesterday", "--at is a sequence number"},
           {"-3", "--at is a sequence number"},
           {"2020-01-01T00:00:00Z", "the log begins later"}}) {
    CAPTURE(at);
    auto r = run_yishi({"state", db, "--at", at});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find(expected) != std::string::npos, r.err);
    CHECK(r.out.empty());
  }
  CHECK(run_yishi({"state", dir.file("missing.db")}).exit_code == 3);
}
