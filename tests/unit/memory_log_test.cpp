// MemoryLog against EventStore: the same calls give the same envelopes, the
// same checkpoints, snapshots, profiles and replies, and the same errors.
#include <doctest/doctest.h>

#include <algorithm>

#include "community_scenario.hpp"
#include "engine/codec/state_codec.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/memory_log.hpp"
#include "temp_dir.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {

struct Ran {
  std::unique_ptr<service::Community> community;
  std::vector<std::string> results;
};

Ran run_scenario(std::unique_ptr<store::Log> log, const audit::SecretKey& key) {
  Ran ran{service::Community::over(std::move(log), State{}, key), {}};
  for (const auto& step : test::community_scenario()) {
    auto result = step.run(*ran.community);
    REQUIRE_MESSAGE(result, step.name, ": ", result.error().message);
    ran.results.push_back(*result);
  }
  return ran;
}

std::vector<audit::Envelope> envelopes(store::Log& log) {
  std::vector<audit::Envelope> out;
  REQUIRE(log.scan(1, [&](audit::Envelope&& e) {
    out.push_back(std::move(e));
    return true;
  }));
  return out;
}

}  // namespace

TEST_CASE("the same scenario gives the same log in memory and in SQLite, hash for hash") {
  test::TempDir dir;
  const auto key = audit::KeyPair::generate();
  store::StoreOptions options{.snapshot_every = 7, .signing_key = key.secret_key};
  auto sqlite = store::EventStore::create(dir.file("c.db"), options);
  REQUIRE(sqlite);
  Ran in_sqlite = run_scenario(std::move(*sqlite), key.secret_key);
  Ran in_memory = run_scenario(std::make_unique<store::MemoryLog>(options), key.secret_key);
  store::Log& a = in_memory.community->store();
  store::Log& b = in_sqlite.community->store();

  CHECK(in_memory.results == in_sqlite.results);
  const auto from_memory = envelopes(a);
  REQUIRE(from_memory.size() > 40);
  CHECK(from_memory == envelopes(b));
  CHECK(a.head_seq() == b.head_seq());
  CHECK(a.head_hash() == b.head_hash());
  CHECK(a.head_time() == b.head_time());
  CHECK(a.merkle().root() == b.merkle().root());
  CHECK(a.checkpoints().value() == b.checkpoints().value());
  CHECK(a.checkpoints()->front().community == "t");
  CHECK(a.last_snapshot_seq() == b.last_snapshot_seq());
  REQUIRE(a.latest_snapshot().value());
  CHECK(a.latest_snapshot().value() == b.latest_snapshot().value());
  CHECK(a.profiles().value() == b.profiles().value());
  CHECK(a.profile("r1").value()->display_name == "王阿姨");
  // The members batch's replies were forgotten by the scenario; later ones stay,
  // the same in both and in the order given.
  const auto replies_of = [](store::Log& log) {
    std::vector<std::string> out;
    const auto replies = log.remembered_replies(0);
    REQUIRE(replies);
    for (const auto& r : *replies) {
      out.push_back(r.member + ' ' + r.id + ' ' + r.reply + ' ' + std::to_string(r.at));
    }
    return out;
  };
  const auto in_a = replies_of(a);
  CHECK(in_a == replies_of(b));
  const auto has = [&](std::string_view member_and_id) {
    return std::any_of(in_a.begin(), in_a.end(),
                       [&](const std::string& r) { return r.starts_with(member_and_id); });
  };
  CHECK_FALSE(has("ad reg-r1 "));
  CHECK(has("r1 draft-p "));
  CHECK(has("r1 replace-1 "));
  CHECK(has("r3 refused-alone "));
  CHECK(codec::encode_state(in_memory.community->state()) ==
        codec::encode_state(in_sqlite.community->state()));
  // Each rebuilds the state it holds.
  auto rebuilt_a = a.reload();
  auto rebuilt_b = b.reload();
  REQUIRE(rebuilt_a);
  REQUIRE(rebuilt_b);
  CHECK(*rebuilt_a == in_memory.community->state());
  CHECK(*rebuilt_b == in_sqlite.community->state());
}

TEST_CASE("both logs refuse the same misuse of the ballot box with the same error") {
  test::TempDir dir;
  auto sqlite = store::EventStore::create(dir.file("c.db"));
  REQUIRE(sqlite);
  store::MemoryLog memory;
  const std::string receipt(64, 'a');
  const store::PendingEvent seal{1, "m1", event::BallotSealed{"q", receipt, {}, ""}};
  const store::PendingEvent unseal_other{2, "m1", event::BallotUnsealed{"q", std::string(64, 'b')}};
  const store::PendingEvent founded{3, "ad", event::CommunityFounded{"t", "ad", default_rulebook()},
                                    "community"};
  for (store::Log* log :
       {static_cast<store::Log*>(sqlite->get()), static_cast<store::Log*>(&memory)}) {
    REQUIRE(log->append(std::vector{seal}));
    // A replacement whose ballot is not in the box; the same receipt sealed twice.
    auto missing = log->append(std::vector{founded, unseal_other});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == "concurrent_writer");
    auto twice = log->append(std::vector{founded, seal});
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == "io");
    // Neither failed append left anything behind, not even the event before the fault.
    CHECK(log->head_seq() == 0);
    CHECK(envelopes(*log).empty());
  }
}
