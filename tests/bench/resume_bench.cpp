#include "resume_bench.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <vector>

#include "engine/service/key_files.hpp"
#include "engine/service/live_community.hpp"

using namespace yishi;
using namespace yishi::engine;
using Clock = std::chrono::steady_clock;

namespace {

constexpr Timestamp kT0 = 1'772'326'800'000;
constexpr int kMembers = 1000;
// One agenda item every this many events: a few hundred of 200,000 are the meeting's.
constexpr std::size_t kEventsPerItem = 500;

std::string member(int i) {
  return "m" + std::to_string(i);
}

void must(bool ok, const char* what) {
  if (ok) return;
  fmt::print(stderr, "resume bench: {} failed\n", what);
  std::exit(1);
}

void run(service::Community& c, std::vector<service::Request> batch) {
  auto outcomes = c.execute(batch);
  must(outcomes.has_value(), "a commit");
  for (const auto& o : *outcomes) {
    if (!o) fmt::print(stderr, "refused: {}\n", o.error().reason);
    must(o.has_value(), "a command");
  }
}

// Residents' drafts (one event each), and the meeting's agenda growing among them.
std::size_t build(const std::string& path, const std::string& key, std::size_t events) {
  Timestamp now = kT0;
  auto made =
      service::Community::init(path, "bench", "ad", now++, default_rulebook(),
                               {.synchronous = store::Synchronous::off}, {.secret_key_file = key});
  must(made.has_value(), "init");
  service::Community& c = **made;
  std::vector<service::Request> batch;
  batch.push_back({command::RegisterMember{"cv", "", {Role::convener, Role::chair}},
                   {"ad", Role::admin, now++},
                   std::nullopt});
  for (int i = 0; i < kMembers; ++i) {
    batch.push_back({command::RegisterMember{member(i), "", {Role::resident}},
                     {"ad", Role::admin, now++},
                     std::nullopt});
  }
  batch.push_back(
      {command::ScheduleMeeting{"m1", MeetingKind::council, "Council", kT0 + 30 * kDay, "cv", ""},
       {"cv", Role::convener, now++},
       std::nullopt});
  run(c, std::move(batch));
  std::size_t draft = 0, item = 0;
  while (c.store().head_seq() < events) {
    batch.clear();
    for (std::size_t k = 0; k < 1024; ++k) {
      if (++draft % kEventsPerItem == 0) {
        const std::string id = "i" + std::to_string(++item);
        batch.push_back({command::AddItem{"m1", id, "", "Item " + id, "", 10},
                         {"cv", Role::convener, now++},
                         std::nullopt});
        continue;
      }
      const std::string id = "p" + std::to_string(draft);
      batch.push_back({command::DraftProposal{id, ProposalKind::project, "Light " + id, ""},
                       {member(static_cast<int>(draft % kMembers)), Role::resident, now++},
                       std::nullopt});
    }
    run(c, std::move(batch));
  }
  return item + 1;  // the items, and the meeting's scheduling
}

class Counter : public service::Subscriber {
 public:
  void deliver(std::span<const service::SharedText> messages) override {
    received += messages.size();
  }
  std::atomic<std::size_t> received{0};
};

// The one-time cost of migration 0007 on an existing log: the log is taken back
// to schema 6 (no stream column), then opened, which derives every row's stream.
void bench_deriving_old_streams(const std::string& path) {
  sqlite3* db = nullptr;
  must(sqlite3_open(path.c_str(), &db) == SQLITE_OK, "opening the file");
  must(sqlite3_exec(db,
                    "BEGIN; DROP INDEX events_stream_seq; DROP TRIGGER events_stream_set_once;"
                    "ALTER TABLE events DROP COLUMN stream; PRAGMA user_version = 6; COMMIT;",
                    nullptr, nullptr, nullptr) == SQLITE_OK,
       "undoing migration 0007");
  sqlite3_close(db);
  for (const char* when : {"the first open (migrates, derives every stream)", "the next open"}) {
    const auto start = Clock::now();
    auto opened = store::EventStore::open(path);  // untrusted snapshot: a full replay either way
    must(opened.has_value(), "open");
    fmt::print("open of a {}-event log from before 0007, {}: {:.2f} s\n", opened->store->head_seq(),
               when, std::chrono::duration<double>(Clock::now() - start).count());
  }
}

}  // namespace

void bench_resume(const std::string& dir, std::size_t events) {
  const std::string path = dir + "/resume.db";
  const std::string key = path + ".bench-key";
  for (const std::string& f :
       {path, path + "-wal", path + "-shm", key, service::public_key_file_for(key)}) {
    std::filesystem::remove(f);
  }
  const auto built = Clock::now();
  const std::size_t meeting_events = build(path, key, events);
  fmt::print("resume: built a log in {:.1f} s\n",
             std::chrono::duration<double>(Clock::now() - built).count());

  service::LiveOptions options;
  options.tail_events = 16;           // every resume below is older: read from the store
  options.replay_limit = 10'000'000;  // and never answered with a snapshot instead
  options.tick_every = kHour;
  auto live = service::LiveCommunity::open(path, {}, {.secret_key_file = key}, options);
  must(live.has_value(), "open");
  std::uint64_t head = 0;
  std::vector<double> times;
  for (int run = 0; run < 5; ++run) {
    auto inbox = std::make_shared<Counter>();
    std::promise<std::uint64_t> done;
    const auto start = Clock::now();
    (*live)->subscribe("meeting:m1", 1, inbox, {});
    (*live)->query([&](const State&, store::Log& log) { done.set_value(log.head_seq()); });
    head = done.get_future().get();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    must(inbox->received == meeting_events, "the resume's event count");
    (*live)->unsubscribe("meeting:m1", inbox.get());
  }
  std::sort(times.begin(), times.end());
  fmt::print(
      "resume of meeting:m1 from seq 1, from the store  {:.4f} s best, {:.4f} s median of 5 "
      "({} of the meeting's events among {})\n",
      times.front(), times[times.size() / 2], meeting_events, head);
  (*live)->stop();
  live->reset();
  bench_deriving_old_streams(path);
}
