// A write that fails changes nothing: injected at every write of a realistic
// scenario, over the in-memory log and over SQLite, the call that hit the fault
// returns the storage error and leaves the state byte for byte as it was and the
// log's head where it was; the same call then succeeds, and the community ends
// exactly where a run without faults ends.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>

#include "community_scenario.hpp"
#include "engine/codec/state_codec.hpp"
#include "engine/service/live_community.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/memory_log.hpp"
#include "faulty_log.hpp"
#include "temp_dir.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {

// A fresh, empty log of one kind.
struct Backend {
  const char* name;
  std::function<std::unique_ptr<store::Log>()> make;
};

const audit::KeyPair& community_key() {
  static const audit::KeyPair key = audit::KeyPair::generate();
  return key;
}

store::StoreOptions options() {
  store::StoreOptions o;
  o.synchronous = store::Synchronous::off;  // faults are injected, not waited for
  o.snapshot_every = 6;                     // snapshots are writes too
  o.signing_key = community_key().secret_key;
  o.trusted_key = community_key().public_key;  // reloads start from a snapshot
  return o;
}

std::vector<Backend> backends(const test::TempDir& dir) {
  auto files = std::make_shared<int>(0);
  return {{"memory", [] { return std::make_unique<store::MemoryLog>(options()); }},
          {"sqlite", [&dir, files]() -> std::unique_ptr<store::Log> {
             auto created =
                 store::EventStore::create(dir.file(std::to_string(++*files) + ".db"), options());
             REQUIRE(created);
             return std::move(*created);
           }}};
}

struct Harness {
  test::FaultyLog* log = nullptr;  // owned by community
  std::unique_ptr<service::Community> community;
};

Harness fresh(const Backend& backend) {
  auto faulty = std::make_unique<test::FaultyLog>(backend.make());
  Harness h;
  h.log = faulty.get();
  h.community = service::Community::over(std::move(faulty), State{}, community_key().secret_key);
  return h;
}

// Where a community stands: its state's bytes and its log's head.
struct Standing {
  std::string state;
  std::uint64_t seq = 0;
  audit::Hash head{};
  audit::Hash root{};
  friend bool operator==(const Standing&, const Standing&) = default;
};

Standing standing(service::Community& c) {
  return {codec::encode_state(c.state()), c.store().head_seq(), c.store().head_hash(),
          c.store().merkle().root()};
}

struct Baseline {
  std::vector<std::string> results;
  Standing end;
  std::uint64_t writes = 0;
  std::vector<audit::Envelope> envelopes;
};

std::vector<audit::Envelope> envelopes(store::Log& log) {
  std::vector<audit::Envelope> out;
  REQUIRE(log.scan(1, [&](audit::Envelope&& e) {
    out.push_back(std::move(e));
    return true;
  }));
  return out;
}

Baseline run_without_faults(const Backend& backend, const std::vector<test::ScenarioStep>& steps) {
  Harness h = fresh(backend);
  Baseline b;
  for (const auto& step : steps) {
    auto result = step.run(*h.community);
    REQUIRE_MESSAGE(result, step.name, ": ", result.error().message);
    b.results.push_back(*result);
  }
  b.end = standing(*h.community);
  b.writes = h.log->writes();
  b.envelopes = envelopes(h.community->store());
  return b;
}

}  // namespace

TEST_CASE("the scenario runs without faults, and its refusals are the ones it means") {
  test::TempDir dir;
  const auto steps = test::community_scenario();
  for (const Backend& backend : backends(dir)) {
    CAPTURE(std::string(backend.name));
    const Baseline b = run_without_faults(backend, steps);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      CAPTURE(steps[i].name);
      const bool meant = steps[i].name == "members" || steps[i].name == "refused alone";
      CHECK((b.results[i].find("refused") != std::string::npos) == meant);
    }
    CHECK(b.results.back().starts_with("checkpoint " + std::to_string(b.end.seq) + " "));
    CHECK(b.end.seq > 40);
  }
}

TEST_CASE(
    "a write that fails at any point leaves state and head as they were; the retry succeeds") {
  test::TempDir dir;
  const auto steps = test::community_scenario();
  for (const Backend& backend : backends(dir)) {
    CAPTURE(std::string(backend.name));
    const Baseline baseline = run_without_faults(backend, steps);
    REQUIRE(baseline.writes >= 20);
    std::uint64_t surfaced = 0;  // faults the step reported (a failed snapshot is not)
    for (std::uint64_t k = 1; k <= baseline.writes; ++k) {
      CAPTURE(k);
      Harness h = fresh(backend);
      h.log->fail_write(k);
      for (std::size_t i = 0; i < steps.size(); ++i) {
        CAPTURE(steps[i].name);
        const Standing before = standing(*h.community);
        auto result = steps[i].run(*h.community);
        if (!result) {
          ++surfaced;
          CHECK(result.error().code == "io");
          CHECK(result.error().message.starts_with("injected: "));
          CHECK(standing(*h.community) == before);
          CHECK_FALSE(h.community->restore_pending());
          result = steps[i].run(*h.community);  // the same call, again
          REQUIRE_MESSAGE(result, result.error().message);
        }
        CHECK(*result == baseline.results[i]);
      }
      CHECK(h.log->faults() == 1);
      CHECK(standing(*h.community) == baseline.end);
      CHECK(envelopes(h.community->store()) == baseline.envelopes);
    }
    // Every write but the snapshots' fails its step.
    CHECK(surfaced > baseline.writes / 2);
    MESSAGE(std::string(backend.name), ": ", baseline.writes, " fault points, ", surfaced,
            " reported by the step that hit them");
  }
}

TEST_CASE("while the state cannot be rebuilt after a failed commit, nothing more is decided") {
  test::TempDir dir;
  const auto steps = test::community_scenario();
  for (const Backend& backend : backends(dir)) {
    CAPTURE(std::string(backend.name));
    const Baseline baseline = run_without_faults(backend, steps);
    Harness h = fresh(backend);
    std::size_t i = 0;
    for (; steps[i].name != "members"; ++i) REQUIRE(steps[i].run(*h.community));
    // The disk goes: the commit fails, and so does reading the log back.
    const Standing before = standing(*h.community);
    h.log->fail_write(1);
    h.log->fail_reloads(true);
    auto failed = steps[i].run(*h.community);
    REQUIRE_FALSE(failed);
    CHECK(h.community->restore_pending());
    const std::uint64_t writes = h.log->writes();
    // A retry is refused before anything is decided or written: the state still
    // holds the members that never committed, and deciding against it would
    // refuse them as duplicates, leaving them out of the log for good.
    auto refused = steps[i].run(*h.community);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "injected: reload");
    CHECK(h.log->writes() == writes);
    CHECK(h.community->store().head_seq() == before.seq);
    // The disk comes back: the state is rebuilt first, then the retry goes through.
    h.log->fail_reloads(false);
    for (; i < steps.size(); ++i) {
      auto result = steps[i].run(*h.community);
      REQUIRE(result);
      CHECK(*result == baseline.results[i]);
    }
    CHECK_FALSE(h.community->restore_pending());
    CHECK(standing(*h.community) == baseline.end);
  }
}

namespace {

struct Replies {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<service::CommandReply> all;
  std::function<void(service::CommandReply)> sink() {
    return [this](service::CommandReply r) {
      std::lock_guard lock(mutex);
      all.push_back(std::move(r));
      changed.notify_all();
    };
  }
  std::vector<service::CommandReply> wait_for(std::size_t n) {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, std::chrono::seconds(5), [&] { return all.size() >= n; });
    return all;
  }
};

wire::ParsedCommand parsed(const std::string& json) {
  auto p = wire::parse_session_command(nlohmann::json::parse(json));
  REQUIRE(p);
  return *p;
}

}  // namespace

TEST_CASE(
    "a live batch whose commit fails: every command gets storage_error, no id is remembered") {
  constexpr Timestamp kT0 = 1'772'326'800'000;
  auto faulty = std::make_unique<test::FaultyLog>(std::make_unique<store::MemoryLog>());
  test::FaultyLog& log = *faulty;
  auto community = service::Community::over(std::move(faulty), State{});
  auto founded = community->execute(std::vector<service::Request>{
      {command::FoundCommunity{"t", default_rulebook()}, Context{"ad", Role::admin, kT0}, {}},
      {command::RegisterMember{"r1", "", {Role::resident}}, Context{"ad", Role::admin, kT0}, {}}});
  REQUIRE(founded);
  service::LiveOptions options;
  options.clock = [] { return kT0 + kMinute; };
  options.tick_every = kHour;  // the clock stands still: no ticks, no checkpoints
  options.checkpoint_every = kHour;
  auto live = service::LiveCommunity::start(std::move(community), options);

  const service::Session r1{"r1", RoleSet{Role::resident}};
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"draft", R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})"},
      {"submit", R"({"cmd":"proposal.submit","proposal":"p"})"},
      {"refused", R"({"cmd":"proposal.submit","proposal":"nope"})"}};
  // The community thread waits here while the batch is queued, so the three
  // commands go into one commit, and the fault is set on the thread that owns the log.
  std::promise<void> waiting, queued;
  live->query([&](const State&, store::Log&) {
    log.fail_write(1);
    waiting.set_value();
    queued.get_future().wait();
  });
  waiting.get_future().wait();  // the queue is the commands' alone from here
  Replies first;
  for (const auto& [id, json] : commands) live->submit(r1, id, parsed(json), first.sink());
  queued.set_value();
  const auto failed = first.wait_for(3);
  REQUIRE(failed.size() == 3);
  for (const auto& reply : failed) {
    CAPTURE(reply.id);
    REQUIRE(reply.storage_error);
    CHECK(reply.storage_error->starts_with("injected: append"));
    CHECK_FALSE(reply.seq);
    CHECK_FALSE(reply.rejection);
  }
  std::promise<std::pair<std::size_t, std::uint64_t>> after_failure;
  live->query([&](const State& s, store::Log& l) {
    after_failure.set_value({s.proposals.size(), l.head_seq()});
  });
  CHECK(after_failure.get_future().get() == std::pair<std::size_t, std::uint64_t>{0, 2});

  // Sent again with the same ids: decided afresh, not answered from memory.
  Replies again;
  for (const auto& [id, json] : commands) live->submit(r1, id, parsed(json), again.sink());
  const auto decided = again.wait_for(3);
  REQUIRE(decided.size() == 3);
  REQUIRE(decided[0].seq);
  CHECK(*decided[0].seq == std::vector<std::uint64_t>{3});
  REQUIRE(decided[1].seq);
  CHECK(*decided[1].seq == std::vector<std::uint64_t>{4});
  REQUIRE(decided[2].rejection);
  CHECK(decided[2].rejection->code == "unknown_proposal");
  for (const auto& reply : decided) CHECK_FALSE(reply.storage_error);
  live->stop();
  CHECK(log.faults() == 1);
}

namespace {

// The messages a subscriber was sent.
class Inbox : public service::Subscriber {
 public:
  void deliver(std::span<const service::SharedText> messages) override {
    std::lock_guard lock(mutex_);
    for (const auto& message : messages) messages_.push_back(nlohmann::json::parse(*message));
  }
  std::vector<nlohmann::json> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  std::mutex mutex_;
  std::vector<nlohmann::json> messages_;
};

}  // namespace

TEST_CASE("no subscriber is shown a snapshot holding events that failed to commit") {
  constexpr Timestamp kT0 = 1'772'326'800'000;
  auto faulty = std::make_unique<test::FaultyLog>(std::make_unique<store::MemoryLog>());
  test::FaultyLog& log = *faulty;
  auto community = service::Community::over(std::move(faulty), State{});
  REQUIRE(community->execute(std::vector<service::Request>{
      {command::FoundCommunity{"t", default_rulebook()}, Context{"ad", Role::admin, kT0}, {}},
      {command::RegisterMember{"r1", "", {Role::resident}}, Context{"ad", Role::admin, kT0}, {}}}));
  service::LiveOptions options;
  options.clock = [] { return kT0 + kMinute; };
  options.tick_every = kHour;
  options.checkpoint_every = kHour;
  auto live = service::LiveCommunity::start(std::move(community), options);

  // The commit fails, and the log cannot be read back either.
  live->query([&](const State&, store::Log&) {
    log.fail_write(1);
    log.fail_reloads(true);
  });
  Replies replies;
  live->submit({"r1", RoleSet{Role::resident}}, "draft",
               parsed(R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})"), replies.sink());
  REQUIRE(replies.wait_for(1).at(0).storage_error);

  auto inbox = std::make_shared<Inbox>();
  std::promise<service::StreamRefusal> refused;
  live->subscribe("community", std::nullopt, inbox,
                  [&](service::StreamRefusal r) { refused.set_value(std::move(r)); });
  auto refusal = refused.get_future();
  REQUIRE(refusal.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(refusal.get().code == "io");
  CHECK(inbox->messages().empty());

  // The log reads again: the next subscriber gets the committed state, without p.
  live->query([&](const State&, store::Log&) { log.fail_reloads(false); });
  std::promise<void> handled;
  live->subscribe("community", std::nullopt, inbox, {});
  live->query([&](const State&, store::Log&) { handled.set_value(); });
  handled.get_future().wait();
  const auto got = inbox->messages();
  REQUIRE(got.size() == 1);
  CHECK(got[0]["type"] == "snapshot");
  CHECK(got[0]["seq"] == 2);
  CHECK(got[0]["state"]["proposals"].empty());
  live->stop();
}
