// The live seam the server stands on: commands from sessions, acknowledged once
// durable; streams that give every subscriber the same events in the same order,
// resumable without gaps or duplicates; the server's clock as a visible actor.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "engine/service/live_community.hpp"
#include "engine/wire/time_format.hpp"
#include "schema_6.hpp"
#include "temp_dir.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {

constexpr Timestamp kT0 = 1'772'326'800'000;

// Collects what a session would be sent.
class Inbox : public service::Subscriber {
 public:
  void deliver(std::span<const service::SharedText> messages) override {
    std::lock_guard lock(mutex_);
    for (const auto& message : messages) messages_.push_back(nlohmann::json::parse(*message));
    calls_.push_back(messages.size());
    changed_.notify_all();
  }
  // How many messages each deliver() call carried, in order.
  std::vector<std::size_t> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  // Waits (up to 5 s) until `n` messages have arrived; returns them all.
  std::vector<nlohmann::json> wait_for(std::size_t n) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(5), [&] { return messages_.size() >= n; });
    return messages_;
  }
  std::vector<std::uint64_t> event_seqs() {
    std::lock_guard lock(mutex_);
    std::vector<std::uint64_t> out;
    for (const auto& m : messages_) {
      if (m["type"] == "event") out.push_back(m["seq"]);
    }
    return out;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<nlohmann::json> messages_;
  std::vector<std::size_t> calls_;
};

// Replies, in the order they came.
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
  REQUIRE_MESSAGE(p, p.error().field, ": ", p.error().message);
  return *p;
}

struct LiveFixture {
  test::TempDir dir;
  std::string path = dir.file("c.db");
  std::atomic<Timestamp> clock{kT0 + kMinute};
  std::unique_ptr<service::LiveCommunity> live;
  const service::Session admin{"ad", RoleSet{Role::admin}};
  int ids = 0;

  explicit LiveFixture(
      std::size_t tail_events = 10'000,
      std::chrono::milliseconds fanout_window = service::LiveOptions{}.fanout_window,
      service::FanOut fan_out = {}) {
    Rulebook rules = default_rulebook();
    rules.support_threshold = 2;
    REQUIRE(service::Community::init(path, "nantang", "ad", kT0, rules));
    service::LiveOptions options;
    options.tail_events = tail_events;
    options.fanout_window = fanout_window;
    options.clock = [this] { return clock.load(); };
    options.tick_every = kHour;  // ticks only when a test moves the clock
    options.fan_out = std::move(fan_out);
    auto opened = service::LiveCommunity::open(path, {}, {}, options);
    REQUIRE(opened);
    live = std::move(*opened);
  }

  // Runs commands as `session` and waits for their replies.
  std::vector<service::CommandReply> run(const service::Session& session,
                                         const std::vector<std::string>& commands) {
    Replies replies;
    for (const auto& c : commands) {
      // Ids are unique per member: a repeated one would get its first reply back.
      live->submit(session, "c" + std::to_string(++ids), parsed(c), replies.sink());
    }
    auto out = replies.wait_for(commands.size());
    REQUIRE(out.size() == commands.size());
    return out;
  }
  // Returns once everything queued before it has been handled.
  void barrier() {
    std::promise<void> done;
    live->query([&](const State&, store::Log&) { done.set_value(); });
    REQUIRE(done.get_future().wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  }
  void members(int n) {
    std::vector<std::string> commands;
    for (int i = 1; i <= n; ++i) {
      commands.push_back(R"({"cmd":"member.register","member":"r)" + std::to_string(i) +
                         R"(","roles":["resident"]})");
    }
    for (const auto& r : run(admin, commands)) REQUIRE(r.seq);
  }
};

service::Session resident(int i) {
  return {"r" + std::to_string(i), RoleSet{Role::resident}};
}

}  // namespace

TEST_CASE("every subscriber receives the same committed events in the same order as acks") {
  LiveFixture f;
  auto a = std::make_shared<Inbox>();
  auto b = std::make_shared<Inbox>();
  f.live->subscribe("community", std::nullopt, a, {});
  f.live->subscribe("community", std::nullopt, b, {});
  f.members(3);
  const auto replies =
      f.run(resident(1), {R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})",
                          R"({"cmd":"proposal.submit","proposal":"p"})"});
  std::vector<std::uint64_t> acked;
  for (const auto& r : replies) {
    REQUIRE(r.seq);
    acked.insert(acked.end(), r.seq->begin(), r.seq->end());
  }
  const auto from_a = a->wait_for(1 + 3 + 2);
  const auto from_b = b->wait_for(1 + 3 + 2);
  REQUIRE(from_a.size() == 6);
  CHECK(from_a == from_b);
  CHECK(from_a[0]["type"] == "snapshot");
  CHECK(from_a[0]["seq"] == 1);  // the founding
  CHECK(from_a[0]["state"]["community"] == "nantang");
  // Acked seqs are the last events delivered, each once, in log order.
  auto seqs = a->event_seqs();
  CHECK(seqs == std::vector<std::uint64_t>{2, 3, 4, 5, 6});
  CHECK(std::vector<std::uint64_t>(seqs.end() - 2, seqs.end()) == acked);
  CHECK(from_a.back()["event"]["type"] == "proposal.submitted");
  CHECK(from_a.back()["event"]["actor"] == "r1");  // from the session, never the client
}

TEST_CASE("a client that resumes with its last seq gets exactly what it missed") {
  for (std::size_t tail : {std::size_t{10'000}, std::size_t{2}}) {  // from memory, from the store
    CAPTURE(tail);
    LiveFixture f(tail);
    f.members(2);
    auto first = std::make_shared<Inbox>();
    f.live->subscribe("community", 1, first, {});
    REQUIRE(first->wait_for(2).size() == 2);  // r1, r2 registered after seq 1
    CHECK(first->event_seqs() == std::vector<std::uint64_t>{2, 3});
    // It drops; three events happen; it comes back with its last seq.
    f.live->unsubscribe("community", first.get());
    first.reset();
    f.run(resident(1), {R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})",
                        R"({"cmd":"proposal.submit","proposal":"p"})",
                        R"({"cmd":"proposal.draft","proposal":"q","title":"椅"})"});
    auto again = std::make_shared<Inbox>();
    f.live->subscribe("community", 3, again, {});
    REQUIRE(again->wait_for(3).size() == 3);
    CHECK(again->event_seqs() == std::vector<std::uint64_t>{4, 5, 6});
    // And it keeps following.
    f.run(resident(2), {R"({"cmd":"proposal.support","proposal":"p"})"});
    again->wait_for(4);
    CHECK(again->event_seqs() == std::vector<std::uint64_t>{4, 5, 6, 7});
  }
}

TEST_CASE("a meeting's stream carries its events only; unknown streams are refused") {
  LiveFixture f;
  f.run(f.admin, {R"({"cmd":"member.register","member":"cv","roles":["convener","chair"]})"});
  f.run(
      {"cv", RoleSet{Role::convener}},
      {R"({"cmd":"meeting.schedule","meeting":"m1","kind":"consultation","title":"议事","starts_at":"2026-04-01T10:00:00Z","chair":"cv"})"});
  auto meeting = std::make_shared<Inbox>();
  f.live->subscribe("meeting:m1", std::nullopt, meeting, {});
  REQUIRE(meeting->wait_for(1).at(0)["type"] == "snapshot");
  CHECK(meeting->wait_for(1).at(0)["state"]["meeting"] == "m1");
  f.members(1);  // not the meeting's business
  f.run(
      {"cv", RoleSet{Role::convener}},
      {R"({"cmd":"meeting.add_item","meeting":"m1","item":"i1","title":"路灯","planned_minutes":10})"});
  const auto got = meeting->wait_for(2);
  REQUIRE(got.size() == 2);
  CHECK(got[1]["event"]["type"] == "meeting.item_added");
  CHECK(got[1]["stream"] == "meeting:m1");

  std::vector<std::string> refusals;
  std::mutex m;
  for (const char* stream : {"meeting:nope", "ballot:nope", "everything", "meeting:"}) {
    f.live->subscribe(stream, std::nullopt, meeting, [&](service::StreamRefusal r) {
      std::lock_guard lock(m);
      refusals.push_back(r.code);
    });
  }
  f.barrier();  // the subscriptions above were handled before it
  std::lock_guard lock(m);
  CHECK(refusals == std::vector<std::string>(4, "unknown_stream"));
}

namespace {

// Commands that each commit one event, alternately the meeting's and not; the
// seqs of the meeting's (its scheduling first).
std::vector<std::uint64_t> meeting_among_others(LiveFixture& f) {
  f.run(f.admin, {R"({"cmd":"member.register","member":"cv","roles":["convener","chair"]})"});
  const service::Session convener{"cv", RoleSet{Role::convener}};
  const auto seq_of = [](const std::vector<service::CommandReply>& replies) {
    REQUIRE(replies.size() == 1);
    REQUIRE(replies[0].seq);
    REQUIRE(replies[0].seq->size() == 1);
    return replies[0].seq->front();
  };
  std::vector<std::uint64_t> meeting{seq_of(f.run(
      convener,
      {R"({"cmd":"meeting.schedule","meeting":"m1","kind":"consultation","title":"议事","starts_at":"2026-04-01T10:00:00Z","chair":"cv"})"}))};
  for (int i = 1; i <= 5; ++i) {
    f.run(f.admin, {R"({"cmd":"member.register","member":"r)" + std::to_string(i) +
                    R"(","roles":["resident"]})"});
    meeting.push_back(
        seq_of(f.run(convener, {R"({"cmd":"meeting.add_item","meeting":"m1","item":"i)" +
                                std::to_string(i) + R"(","title":"路灯","planned_minutes":10})"})));
  }
  return meeting;
}

// What a resume of meeting:m1 after `after` delivers, once it has been handled.
std::vector<nlohmann::json> resumed(service::LiveCommunity& live, std::uint64_t after,
                                    std::size_t expected) {
  auto inbox = std::make_shared<Inbox>();
  std::optional<service::StreamRefusal> refused;
  live.subscribe("meeting:m1", after, inbox, [&](service::StreamRefusal r) { refused = r; });
  std::promise<void> handled;
  live.query([&](const State&, store::Log&) { handled.set_value(); });
  REQUIRE(handled.get_future().wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  REQUIRE_FALSE_MESSAGE(refused, (refused ? refused->reason : ""));
  return inbox->wait_for(expected);
}

}  // namespace

TEST_CASE("a meeting's stream resumed from the store gets exactly its events after the seq") {
  for (std::size_t tail : {std::size_t{10'000}, std::size_t{2}}) {  // from memory, from the store
    CAPTURE(tail);
    LiveFixture f(tail);
    const auto meeting = meeting_among_others(f);
    // From before the meeting was scheduled, and from the middle of its agenda.
    for (std::size_t seen : {std::size_t{0}, std::size_t{3}}) {
      CAPTURE(seen);
      const std::uint64_t after = seen == 0 ? meeting[0] - 1 : meeting[seen - 1];
      const std::vector<std::uint64_t> expected(meeting.begin() + static_cast<std::ptrdiff_t>(seen),
                                                meeting.end());
      std::vector<std::uint64_t> seqs;
      for (const auto& m : resumed(*f.live, after, expected.size())) {
        CHECK(m["type"] == "event");
        CHECK(m["stream"] == "meeting:m1");
        seqs.push_back(m["seq"]);
      }
      CHECK(seqs == expected);
    }
  }
}

TEST_CASE("a resume from the store is right on a log written before the stream column") {
  LiveFixture f(2);
  const auto meeting = meeting_among_others(f);
  f.live.reset();
  test::back_to_schema_6(f.path);
  service::LiveOptions options;
  options.tail_events = 2;
  options.clock = [&f] { return f.clock.load(); };
  options.tick_every = kHour;
  auto reopened = service::LiveCommunity::open(f.path, {}, {}, options);  // migrates, derives
  REQUIRE(reopened);
  REQUIRE(test::has_stream_column(f.path));
  const auto got = resumed(**reopened, meeting[0], meeting.size() - 1);
  std::vector<std::uint64_t> seqs;
  for (const auto& m : got) seqs.push_back(m["seq"]);
  CHECK(seqs == std::vector<std::uint64_t>(meeting.begin() + 1, meeting.end()));
}

TEST_CASE("a session acts only in the roles it was granted; refusals change nothing") {
  LiveFixture f;
  f.run(f.admin, {R"({"cmd":"member.register","member":"cv","roles":["convener","resident"]})"});
  // cv holds convener, but this session was given resident only.
  const service::Session narrowed{"cv", RoleSet{Role::resident}};
  const auto replies = f.run(
      narrowed,
      {R"({"cmd":"meeting.schedule","meeting":"m1","kind":"consultation","title":"议事","starts_at":"2026-04-01T10:00:00Z","chair":"cv"})",
       R"({"cmd":"meeting.schedule","role":"convener","meeting":"m1","kind":"consultation","title":"议事","starts_at":"2026-04-01T10:00:00Z","chair":"cv"})"});
  REQUIRE(replies[0].rejection);
  CHECK(replies[0].rejection->code == "role_not_permitted");
  REQUIRE(replies[1].rejection);
  CHECK(replies[1].rejection->code == "role_not_granted");
  // A resident's chair-only command: the engine's refusal, with its id.
  const auto chair_only = f.run(resident(1), {R"({"cmd":"vote.call","meeting":"m1"})"});
  CHECK(chair_only[0].id == "c" + std::to_string(f.ids));
  CHECK(chair_only[0].rejection);
  auto inbox = std::make_shared<Inbox>();
  f.live->subscribe("community", std::nullopt, inbox, {});
  CHECK(inbox->wait_for(1).at(0)["seq"] == 2);  // founding + cv: nothing else was written
}

TEST_CASE("the server's clock closes what is due, as system:clock, visible in the log") {
  LiveFixture f;
  f.members(1);
  f.run(resident(1), {R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})",
                      R"({"cmd":"proposal.submit","proposal":"p"})"});
  auto inbox = std::make_shared<Inbox>();
  f.live->subscribe("community", std::nullopt, inbox, {});
  REQUIRE(inbox->wait_for(1).size() == 1);
  // The support window (14 days) passes; the next tick expires the proposal.
  f.clock += 15 * kDay;
  f.barrier();  // wakes the community thread, which then finds the tick due
  const auto got = inbox->wait_for(2);
  REQUIRE(got.size() == 2);
  CHECK(got[1]["event"]["type"] == "proposal.expired");
  CHECK(got[1]["event"]["actor"] == "system:clock");
  // The clock's name can issue the tick and nothing else.
  std::promise<std::string> code;
  f.live->query([&](const State& s, store::Log&) {
    auto d = decide(s, command::DraftProposal{"q", ProposalKind::project, "x", ""},
                    Context{std::string(kSystemActor), Role::admin, f.clock.load()});
    code.set_value(d ? "accepted" : d.error().code);
  });
  CHECK(code.get_future().get() == "role_not_permitted");
}

TEST_CASE("commands naming an actor or a time are refused, naming the field") {
  for (const char* field : {"actor", "at"}) {
    CAPTURE(field);
    auto c = nlohmann::json::parse(R"({"cmd":"proposal.draft","proposal":"p","title":"x"})");
    c[field] = field == std::string("at") ? "2026-01-01T00:00:00Z" : "ad";
    auto p = wire::parse_session_command(c);
    REQUIRE_FALSE(p);
    CHECK(p.error().field == field);
  }
}

TEST_CASE("stop finishes every queued command and replies to each") {
  LiveFixture f;
  f.members(1);
  Replies replies;
  for (int i = 0; i < 200; ++i) {
    f.live->submit(resident(1), std::to_string(i),
                   parsed(R"({"cmd":"proposal.draft","proposal":"p)" + std::to_string(i) +
                          R"(","title":"灯"})"),
                   replies.sink());
  }
  f.live->stop();
  const auto all = replies.wait_for(200);
  REQUIRE(all.size() == 200);
  for (const auto& r : all) CHECK(r.seq);
  // Reopened, the log has them all.
  f.live.reset();
  auto c = service::Community::open(f.path);
  REQUIRE(c);
  CHECK((*c)->state().proposals.size() == 200);
}

TEST_CASE("a re-sent command id gets the first reply and is applied once, on any connection") {
  LiveFixture f;
  f.members(2);
  const auto draft = R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})";
  Replies replies;
  // Twice in one batch, then again later (as after a reconnect), then by another member.
  f.live->submit(resident(1), "same", parsed(draft), replies.sink());
  f.live->submit(resident(1), "same", parsed(draft), replies.sink());
  auto first = replies.wait_for(2);
  f.live->submit(resident(1), "same", parsed(draft), replies.sink());
  f.live->submit(resident(2), "same", parsed(draft), replies.sink());
  auto all = replies.wait_for(4);
  REQUIRE(all.size() == 4);
  REQUIRE(all[0].seq);
  CHECK(all[1].seq == all[0].seq);
  CHECK(all[2].seq == all[0].seq);
  // r2's "same" is r2's own command: decided, and refused (p exists).
  REQUIRE(all[3].rejection);
  CHECK(all[3].rejection->code == "duplicate_id");
  std::promise<std::size_t> drafted;
  f.live->query([&](const State& s, store::Log&) { drafted.set_value(s.proposals.size()); });
  CHECK(drafted.get_future().get() == 1);
}

TEST_CASE("a command id is remembered across a restart, with the command's events") {
  LiveFixture f;
  f.members(1);
  const auto draft = R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})";
  const auto refused = R"({"cmd":"proposal.submit","proposal":"nope"})";
  Replies before;
  f.live->submit(resident(1), "draft-1", parsed(draft), before.sink());
  f.live->submit(resident(1), "submit-1", parsed(refused), before.sink());
  REQUIRE(before.wait_for(2).size() == 2);
  f.live.reset();  // the server stops (or dies: the reply was written with the events)
  service::LiveOptions options;
  options.clock = [&f] { return f.clock.load(); };
  auto reopened = service::LiveCommunity::open(f.path, {}, {}, options);
  REQUIRE(reopened);
  Replies after;
  (*reopened)->submit(resident(1), "draft-1", parsed(draft), after.sink());
  (*reopened)->submit(resident(1), "submit-1", parsed(refused), after.sink());
  const auto again = after.wait_for(2);
  REQUIRE(again.size() == 2);
  CHECK(again[0].seq == before.all[0].seq);
  REQUIRE(again[1].rejection);
  CHECK(again[1].rejection->code == before.all[1].rejection->code);
  CHECK(again[1].rejection->reason == before.all[1].rejection->reason);
  std::promise<std::size_t> drafted;
  (*reopened)->query([&](const State& s, store::Log&) { drafted.set_value(s.proposals.size()); });
  CHECK(drafted.get_future().get() == 1);
}

TEST_CASE("the live community writes the store's snapshots after its replies, and they load") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  REQUIRE(service::Community::init(path, "nantang", "ad", kT0, default_rulebook()));
  std::atomic<Timestamp> clock{kT0 + kMinute};
  service::LiveOptions options;
  options.clock = [&clock] { return clock.load(); };
  options.tick_every = kHour;
  store::StoreOptions every_ten;
  every_ten.snapshot_every = 10;
  auto live = service::LiveCommunity::open(path, every_ten, {}, options);
  REQUIRE(live);
  Replies replies;
  const service::Session admin{"ad", RoleSet{Role::admin}};
  for (int i = 1; i <= 25; ++i) {
    (*live)->submit(admin, "m" + std::to_string(i),
                    parsed(R"({"cmd":"member.register","member":"r)" + std::to_string(i) +
                           R"(","roles":["resident"]})"),
                    replies.sink());
  }
  const auto all = replies.wait_for(25);
  REQUIRE(all.size() == 25);
  // Written once the replies were handed out, at the end of the thread's turn.
  std::uint64_t at = 0;
  for (int tries = 0; tries < 500 && at < 20; ++tries) {
    std::promise<std::uint64_t> snapshot_seq;
    (*live)->query(
        [&](const State&, store::Log& log) { snapshot_seq.set_value(log.last_snapshot_seq()); });
    at = snapshot_seq.get_future().get();
    if (at < 20) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(at >= 20);
  live->reset();
  auto reopened = service::Community::open(path);
  REQUIRE(reopened);
  CHECK((*reopened)->store().last_snapshot_seq() == at);
  CHECK((*reopened)->state().members.size() == 26);
}

TEST_CASE("replies a store kept by member and id (before 0009) are answered after migrating") {
  LiveFixture f;
  f.members(1);
  const auto draft = R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})";
  Replies before;
  f.live->submit(resident(1), "draft-1", parsed(draft), before.sink());
  REQUIRE(before.wait_for(1).size() == 1);
  REQUIRE(before.all[0].seq);
  f.live.reset();
  // The table back as 0006 made it, in a store of schema version 8.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(f.path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "BEGIN; CREATE TABLE keyed (member TEXT NOT NULL, id TEXT NOT NULL, "
                       "reply TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (member, id)) "
                       "WITHOUT ROWID; INSERT INTO keyed SELECT member, id, reply, at FROM "
                       "command_replies; DROP TABLE command_replies; ALTER TABLE keyed RENAME TO "
                       "command_replies; CREATE INDEX command_replies_at ON command_replies (at); "
                       "PRAGMA user_version = 8; COMMIT;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  service::LiveOptions options;
  options.clock = [&f] { return f.clock.load(); };
  auto reopened = service::LiveCommunity::open(f.path, {}, {}, options);
  REQUIRE(reopened);
  Replies after;
  (*reopened)->submit(resident(1), "draft-1", parsed(draft), after.sink());
  const auto again = after.wait_for(1);
  REQUIRE(again.size() == 1);
  CHECK(again[0].seq == before.all[0].seq);  // answered, not decided again
  std::promise<std::size_t> drafted;
  (*reopened)->query([&](const State& s, store::Log&) { drafted.set_value(s.proposals.size()); });
  CHECK(drafted.get_future().get() == 1);
  reopened->reset();
  // Migrated: kept in order, keyed by nothing, and the reply is still there once.
  REQUIRE(sqlite3_open(f.path.c_str(), &db) == SQLITE_OK);
  const auto count = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const auto n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
  };
  CHECK(count("PRAGMA user_version") == 9);
  CHECK(count("SELECT count(*) FROM command_replies WHERE id = 'draft-1'") == 1);
  CHECK(count("SELECT count(*) FROM pragma_index_list('command_replies') WHERE origin = 'pk'") ==
        0);
  sqlite3_close(db);
}

TEST_CASE("votes reach subscribers as throttled participation counts, never one by one") {
  // A late client's resume from memory, and from the store (tail of 2).
  for (std::size_t tail : {std::size_t{10'000}, std::size_t{2}}) {
    CAPTURE(tail);
    LiveFixture f(tail);
    constexpr int kVoters = 30;
    f.members(kVoters);
    REQUIRE(
        f.run(f.admin, {R"({"cmd":"member.register","member":"cv","roles":["convener"]})"})[0].seq);
    const service::Session convener{"cv", RoleSet{Role::convener}};
    const auto opened =
        f.run(convener,
              {R"({"cmd":"ballot.open","ballot":"b","question":"开放夜间健身？","closes_at":")" +
               wire::format_time(f.clock.load() + kDay) + R"("})"});
    REQUIRE_MESSAGE(opened[0].seq.has_value(),
                    (opened[0].rejection ? opened[0].rejection->reason : std::string()));
    const std::uint64_t before_votes = opened[0].seq->back();
    auto poll = std::make_shared<Inbox>();
    auto everything = std::make_shared<Inbox>();
    f.live->subscribe("ballot:b", std::nullopt, poll, {});
    f.live->subscribe("community", std::nullopt, everything, {});
    REQUIRE(poll->wait_for(1).size() == 1);
    REQUIRE(everything->wait_for(1).size() == 1);

    // Every voter at once, while the clock stands still: at most the first count
    // goes out (leading edge); the rest waits for the next period.
    Replies replies;
    for (int i = 1; i <= kVoters; ++i) {
      char nonce[65];
      std::snprintf(nonce, sizeof nonce, "%064x", i);
      f.live->submit(resident(i), "v",
                     parsed(R"({"cmd":"ballot.cast","ballot":"b","choice":"yes","nonce":")" +
                            std::string(nonce) + R"("})"),
                     replies.sink());
    }
    std::set<std::string> receipts;
    for (const auto& r : replies.wait_for(kVoters)) {
      REQUIRE(r.seq);
      REQUIRE(r.receipt);  // each voter's own, in their reply
      receipts.insert(*r.receipt);
    }
    CHECK(receipts.size() == kVoters);
    f.barrier();
    const auto counts_in = [](const std::vector<nlohmann::json>& messages) {
      std::vector<nlohmann::json> out;
      for (const auto& m : messages) {
        CHECK_FALSE((m["type"] == "event" && m["event"]["type"] == "ballot.participated"));
        if (m["type"] == "participation") out.push_back(m);
      }
      return out;
    };
    CHECK(counts_in(poll->wait_for(1)).size() <= 1);
    // The period passes: the latest count, once, on each stream.
    f.clock += 2 * kSecond;
    f.barrier();
    for (const auto& inbox : {poll, everything}) {
      std::vector<nlohmann::json> counts;
      for (int tries = 0; tries < 50; ++tries) {
        counts = counts_in(inbox->wait_for(1));
        if (!counts.empty() && counts.back()["voted"] == kVoters) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      REQUIRE_FALSE(counts.empty());
      CHECK(counts.size() <= 2);
      CHECK(counts.back()["voted"] == kVoters);
      CHECK(counts.back()["eligible"] == kVoters);
      CHECK(counts.back()["open"] == true);
      CHECK(counts.back()["ballot"] == "b");
      CHECK(counts.back()["last_vote_seq"] == before_votes + kVoters);
    }
    CHECK(counts_in(everything->wait_for(1)).back()["stream"] == "community");

    // A client resuming from before the votes gets one count, not the votes.
    auto late = std::make_shared<Inbox>();
    f.live->subscribe("ballot:b", before_votes, late, {});
    const auto resumed = late->wait_for(1);
    REQUIRE(resumed.size() == 1);
    CHECK(resumed[0]["type"] == "participation");
    CHECK(resumed[0]["voted"] == kVoters);

    // A re-sent id: the first reply, without the receipt (never kept beside a name).
    Replies again;
    f.live->submit(resident(1), "v", parsed(R"({"cmd":"ballot.cast","ballot":"b","choice":"yes"})"),
                   again.sink());
    const auto repeated = again.wait_for(1);
    REQUIRE(repeated.size() == 1);
    CHECK(repeated[0].seq);
    CHECK_FALSE(repeated[0].receipt);

    // The poll closes: the tally publishes exactly the receipts the voters were given.
    f.clock += 2 * kDay;
    f.barrier();
    std::set<std::string> counted;
    for (int tries = 0; tries < 100 && counted.empty(); ++tries) {
      for (const auto& m : everything->wait_for(1)) {
        if (m["type"] == "event" && m["event"]["type"] == "ballot.tallied") {
          for (const auto& entry : m["event"]["event"]["counted"]) counted.insert(entry["receipt"]);
        }
      }
      if (counted.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(counted == receipts);
  }
}

TEST_CASE("the commits of one fan-out window reach a subscriber in one delivery, each once") {
  // A long window (the default is 10 ms) so that separate commits surely share it.
  LiveFixture f(10'000, std::chrono::milliseconds(400));
  f.members(2);
  auto early = std::make_shared<Inbox>();
  f.live->subscribe("community", std::nullopt, early, {});
  REQUIRE(early->wait_for(1).size() == 1);  // the snapshot, at once
  const std::uint64_t before = early->wait_for(1)[0]["seq"];
  // Three commits, each acknowledged before the next is sent: durable and
  // acknowledged at once, delivered together once the window has passed.
  for (const char* c : {R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})",
                        R"({"cmd":"proposal.submit","proposal":"p"})",
                        R"({"cmd":"proposal.draft","proposal":"q","title":"椅"})"}) {
    REQUIRE(f.run(resident(1), {c})[0].seq);
  }
  // A subscriber that resumes inside the window gets each event once: the
  // waiting events go to the others first; it catches up from the tail.
  auto late = std::make_shared<Inbox>();
  f.live->subscribe("community", before, late, {});
  REQUIRE(late->wait_for(3).size() == 3);
  REQUIRE(early->wait_for(4).size() == 4);
  CHECK(early->calls() == std::vector<std::size_t>{1, 3});
  CHECK(early->event_seqs() == std::vector<std::uint64_t>{before + 1, before + 2, before + 3});
  CHECK(late->event_seqs() == early->event_seqs());
  // Both follow on, each event once.
  REQUIRE(f.run(resident(2), {R"({"cmd":"proposal.support","proposal":"p"})"})[0].seq);
  REQUIRE(early->wait_for(5).size() == 5);
  REQUIRE(late->wait_for(4).size() == 4);
  CHECK(early->event_seqs().back() == before + 4);
  CHECK(late->event_seqs() ==
        std::vector<std::uint64_t>{before + 1, before + 2, before + 3, before + 4});
  f.barrier();
  CHECK(early->wait_for(5).size() == 5);
}

TEST_CASE(
    "with a fan-out installed, snapshots and catch-ups go its way too, a few hundred at a time") {
  // A server hands windows over later, on its own threads: what the community thread
  // sends one subscriber must take the same way, or a catch-up could overtake a window.
  struct Handed {
    const service::Subscriber* to;
    std::size_t messages;
  };
  std::mutex mutex;
  std::vector<Handed> handed;
  LiveFixture f(10'000, std::chrono::milliseconds(0),
                [&](std::vector<std::shared_ptr<service::Subscriber>> subscribers,
                    std::span<const service::SharedText> messages) {
                  {
                    std::lock_guard lock(mutex);
                    for (const auto& s : subscribers) handed.push_back({s.get(), messages.size()});
                  }
                  for (const auto& s : subscribers) s->deliver(messages);
                });
  const auto handed_to = [&](const service::Subscriber* who) {
    std::lock_guard lock(mutex);
    std::vector<std::size_t> out;
    for (const Handed& h : handed) {
      if (h.to == who) out.push_back(h.messages);
    }
    return out;
  };
  auto early = std::make_shared<Inbox>();
  f.live->subscribe("community", std::nullopt, early, {});
  REQUIRE(early->wait_for(1).size() == 1);
  const std::uint64_t before = early->wait_for(1)[0]["seq"];
  CHECK(handed_to(early.get()) == std::vector<std::size_t>{1});  // the snapshot
  f.members(300);
  REQUIRE(early->wait_for(301).size() == 301);
  // A resume 300 events back: from the tail, in order, each once, in two hand-overs.
  auto late = std::make_shared<Inbox>();
  f.live->subscribe("community", before, late, {});
  REQUIRE(late->wait_for(300).size() == 300);
  f.barrier();
  CHECK(handed_to(late.get()) ==
        std::vector<std::size_t>{service::LiveCommunity::kCatchUpChunk,
                                 300 - service::LiveCommunity::kCatchUpChunk});
  CHECK(late->event_seqs() == early->event_seqs());
  CHECK(late->event_seqs().front() == before + 1);
  CHECK(late->event_seqs().back() == before + 300);
}

TEST_CASE("a check says whether a command would pass now, and commits nothing") {
  LiveFixture f;
  f.members(1);
  const auto check = [&](const service::Session& who, const std::string& command) {
    std::promise<std::optional<Rejection>> answer;
    f.live->check(who, parsed(command),
                  [&](std::optional<Rejection> r) { answer.set_value(std::move(r)); });
    auto future = answer.get_future();
    REQUIRE(future.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    return future.get();
  };
  const std::string draft = R"({"cmd":"proposal.draft","proposal":"p","title":"灯"})";
  CHECK_FALSE(check(resident(1), draft).has_value());
  // A resident may not register members: the engine's own refusal.
  const auto refused =
      check(resident(1), R"({"cmd":"member.register","member":"x","roles":["resident"]})");
  REQUIRE(refused.has_value());
  CHECK(refused->code == "role_not_permitted");
  // A view-only session (no roles) may do nothing.
  const auto viewer = check(service::Session{"", RoleSet{}}, draft);
  REQUIRE(viewer.has_value());
  CHECK(viewer->code == "role_not_permitted");
  // Nothing was committed: the draft is still possible, and the log did not grow.
  std::promise<std::pair<std::size_t, std::uint64_t>> seen;
  f.live->query([&](const State& s, store::Log& log) {
    seen.set_value({s.proposals.size(), log.head_seq()});
  });
  const auto [proposals, head] = seen.get_future().get();
  CHECK(proposals == 0);
  CHECK(head == 2);  // the founding and r1
}
