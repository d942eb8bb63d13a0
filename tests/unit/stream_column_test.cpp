// Each event's stream, stored beside its envelope (schemas/sql/0007): what the
// core derives, in SQLite and in memory alike; read by stream without decoding;
// and derived once for a log written before the column, whose hashes, chain and
// signed checkpoints stay exactly as they were.
#include <doctest/doctest.h>

#include <limits>
#include <set>

#include "community_scenario.hpp"
#include "engine/codec/event_codec.hpp"
#include "engine/core/evolve.hpp"
#include "engine/core/streams.hpp"
#include "engine/store/event_store.hpp"
#include "engine/store/memory_log.hpp"
#include "schema_6.hpp"
#include "temp_dir.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {

constexpr auto kAll = std::numeric_limits<std::uint64_t>::max();

void run_scenario(service::Community& c) {
  for (const auto& step : test::community_scenario()) {
    auto result = step.run(c);
    REQUIRE_MESSAGE(result, step.name, ": ", result.error().message);
  }
}

std::vector<store::StreamEnvelope> stream(store::Log& log, std::string_view name,
                                          std::uint64_t after_seq = 0, std::uint64_t limit = kAll) {
  std::vector<store::StreamEnvelope> out;
  auto scanned = log.scan_stream(name, after_seq, limit, [&](store::StreamEnvelope&& e) {
    out.push_back(std::move(e));
    return true;
  });
  REQUIRE_MESSAGE(scanned, scanned.error().message);
  return out;
}

// Each stored stream against stream_of of the decoded event, replayed in order.
void check_streams_are_derived(const std::vector<store::StreamEnvelope>& all) {
  State state;
  for (const auto& [e, stored] : all) {
    auto event = codec::decode_event(e.type, e.version, e.payload);
    REQUIRE(event);
    apply_event(state, *event);
    CAPTURE(e.seq);
    CHECK(stored == stream_of(state, *event));
  }
}

std::vector<std::string> names(const std::vector<store::StreamEnvelope>& all) {
  std::vector<std::string> out;
  for (const auto& e : all) out.push_back(e.stream);
  return out;
}

std::vector<audit::Envelope> envelopes(const std::vector<store::StreamEnvelope>& all) {
  std::vector<audit::Envelope> out;
  for (const auto& e : all) out.push_back(e.envelope);
  return out;
}

struct Logged {
  test::TempDir dir;
  std::string path = dir.file("c.db");
  audit::KeyPair keys = audit::KeyPair::generate();
  std::unique_ptr<service::Community> sqlite;
  std::unique_ptr<service::Community> memory;
  Logged() {
    auto created = store::EventStore::create(path, {.signing_key = keys.secret_key});
    REQUIRE(created);
    sqlite = service::Community::over(std::move(*created), State{}, keys.secret_key);
    memory =
        service::Community::over(std::make_unique<store::MemoryLog>(), State{}, keys.secret_key);
    run_scenario(*sqlite);
    run_scenario(*memory);
  }
};

}  // namespace

TEST_CASE("every event's stored stream is the core's stream_of it, in SQLite and in memory") {
  Logged logs;
  const auto in_sqlite = stream(logs.sqlite->store(), "community");
  const auto in_memory = stream(logs.memory->store(), "community");
  REQUIRE(in_sqlite.size() == logs.sqlite->store().head_seq());
  check_streams_are_derived(in_sqlite);
  CHECK(names(in_memory) == names(in_sqlite));
  CHECK(envelopes(in_memory) == envelopes(in_sqlite));
  // The scenario reaches every kind: the community's, a poll's and a meeting's
  // (whose ballot is on the meeting's stream).
  const auto kinds = names(in_sqlite);
  const std::set<std::string> seen(kinds.begin(), kinds.end());
  CHECK(seen == std::set<std::string>{"community", "ballot:q", "meeting:m"});
}

TEST_CASE("scan_stream gives one stream's events after a seq, in order, at most the limit") {
  Logged logs;
  const auto all = stream(logs.sqlite->store(), "community");
  for (store::Log* log : {&logs.sqlite->store(), &logs.memory->store()}) {
    for (const char* name : {"meeting:m", "ballot:q", "community"}) {
      CAPTURE(name);
      std::vector<store::StreamEnvelope> expected;
      for (const auto& e : all) {
        if (std::string_view(name) == "community" || e.stream == name) expected.push_back(e);
      }
      REQUIRE(expected.size() >= 4);
      const auto got = stream(*log, name);
      CHECK(names(got) == names(expected));
      CHECK(envelopes(got) == envelopes(expected));
      // After a seq in the middle of the stream, and bounded.
      const std::uint64_t after = expected[1].envelope.seq;
      const auto rest = stream(*log, name, after, 2);
      REQUIRE(rest.size() == 2);
      CHECK(rest[0].envelope == expected[2].envelope);
      CHECK(rest[1].envelope == expected[3].envelope);
      CHECK(stream(*log, name, log->head_seq()).empty());
    }
    CHECK(stream(*log, "meeting:nope").empty());
  }
}

TEST_CASE("both logs refuse a chained event without its stream, and write nothing") {
  test::TempDir dir;
  auto sqlite = store::EventStore::create(dir.file("c.db"));
  REQUIRE(sqlite);
  store::MemoryLog memory;
  const store::PendingEvent founded{1, "ad",
                                    event::CommunityFounded{"t", "ad", default_rulebook()}};
  for (store::Log* log :
       {static_cast<store::Log*>(sqlite->get()), static_cast<store::Log*>(&memory)}) {
    auto refused = log->append(std::span(&founded, 1));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "no_stream");
    CHECK(log->head_seq() == 0);
  }
}

TEST_CASE("a log written before the stream column gets its streams on open, hashes unchanged") {
  Logged logs;
  const auto before = stream(logs.sqlite->store(), "community");
  const auto root = logs.sqlite->store().merkle().root();
  const auto checkpoints = logs.sqlite->store().checkpoints().value();
  REQUIRE(checkpoints.size() >= 2);
  logs.sqlite.reset();

  test::back_to_schema_6(logs.path);
  REQUIRE_FALSE(test::has_stream_column(logs.path));
  auto old = store::EventStore::inspect(logs.path);  // inspection never migrates
  REQUIRE(old);
  CHECK_FALSE((*old)->scan_stream("meeting:m", 0, kAll, [](auto&&) { return true; }));
  old->reset();

  auto opened = store::EventStore::open(logs.path, {.trusted_key = logs.keys.public_key});
  REQUIRE_MESSAGE(opened, opened.error().message);
  CHECK(test::has_stream_column(logs.path));
  CHECK(opened->store->problem().empty());  // every signed checkpoint still matches
  CHECK(opened->store->merkle().root() == root);
  CHECK(opened->store->checkpoints().value() == checkpoints);
  const auto after = stream(*opened->store, "community");
  CHECK(envelopes(after) == envelopes(before));  // byte for byte, hashes included
  CHECK(names(after) == names(before));
  check_streams_are_derived(after);
  const auto meeting = stream(*opened->store, "meeting:m");
  REQUIRE_FALSE(meeting.empty());
  for (const auto& e : meeting) CHECK(e.stream == "meeting:m");

  // The derived column is set once; the envelope's columns stay append-only.
  CHECK(test::sql_result(logs.path, "UPDATE events SET stream = 'community' WHERE seq = 2") !=
        SQLITE_OK);
  CHECK(test::sql_result(logs.path, "UPDATE events SET actor = 'x' WHERE seq = 2") != SQLITE_OK);
}

TEST_CASE("rows whose stream was never derived make scan_stream refuse, not skip them") {
  Logged logs;
  const auto before = stream(logs.sqlite->store(), "community");
  logs.sqlite.reset();
  test::exec_sql(
      logs.path,
      "DROP TRIGGER events_stream_set_once; UPDATE events SET stream = NULL WHERE seq > 20");
  auto inspected = store::EventStore::inspect(logs.path);
  REQUIRE(inspected);
  const auto refused = (*inspected)->scan_stream("meeting:m", 5, kAll, [](auto&&) { return true; });
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "no_stream");
  CHECK(refused.error().seq == 21);
  // After the last of them, it answers again.
  CHECK((*inspected)->scan_stream("community", before.size(), kAll, [](auto&&) { return true; }));
  inspected->reset();
  auto opened = store::EventStore::open(logs.path);
  REQUIRE(opened);
  CHECK(names(stream(*opened->store, "community")) == names(before));
}
