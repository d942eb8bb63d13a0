// yishi_bench: prints throughput figures for the engine, the store and the audit
// log. A program that prints numbers, not a test: see README "Measured figures".
//
//   yishi_bench [--events N] [--dir DIR] [--keep] [--only engine|meeting|tally|poll|store|resume]
//   (--keep leaves DIR/big.db for profiling)
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/decide.hpp"
#include "engine/core/evolve.hpp"
#include "engine/service/community.hpp"
#include "engine/service/key_files.hpp"
#include "engine/service/verify.hpp"
#include "meeting_bench.hpp"
#include "poll_bench.hpp"
#include "resume_bench.hpp"
#include "tally_bench.hpp"

using namespace yishi;
using namespace yishi::engine;
using Clock = std::chrono::steady_clock;

namespace {

constexpr Timestamp kT0 = 1'772'326'800'000;
constexpr int kMembers = 1000;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the whole process, every thread: on a shared machine, what a
// figure cost, where wall time also says how busy the others were.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string member(int i) {
  return "m" + std::to_string(i);
}

// The life of one proposal as residents and the convener drive it: draft,
// submit, five co-signers, accept. Eight commands, all accepted, nine events.
std::vector<service::Request> proposal_workload(std::size_t first, std::size_t count,
                                                Timestamp& now) {
  std::vector<service::Request> out;
  out.reserve(count * 8);
  for (std::size_t k = first; k < first + count; ++k) {
    const std::string id = "p" + std::to_string(k);
    const MemberId author = member(static_cast<int>(k % kMembers));
    const auto at = [&] { return now++; };
    out.push_back({command::DraftProposal{id, ProposalKind::project, "Stairwell light " + id,
                                          "Replace eight bulbs on floors 1-4"},
                   {author, Role::resident, at()},
                   std::nullopt});
    out.push_back({command::SubmitProposal{id}, {author, Role::resident, at()}, std::nullopt});
    for (int s = 1; s <= 5; ++s) {
      out.push_back({command::SupportProposal{id},
                     {member(static_cast<int>((k + static_cast<std::size_t>(s) * 7) % kMembers)),
                      Role::resident, at()},
                     std::nullopt});
    }
    out.push_back({command::AcceptProposal{id, "a self-governance matter"},
                   {"cv", Role::convener, at()},
                   std::nullopt});
  }
  return out;
}

std::vector<service::Request> membership(Timestamp& now) {
  std::vector<service::Request> out;
  out.push_back({command::RegisterMember{"cv", "", {Role::convener}},
                 {"ad", Role::admin, now++},
                 std::nullopt});
  for (int i = 0; i < kMembers; ++i) {
    out.push_back({command::RegisterMember{member(i), "", {Role::resident}},
                   {"ad", Role::admin, now++},
                   std::nullopt});
  }
  return out;
}

void bench_decide_evolve(std::size_t proposals) {
  State s;
  Timestamp now = kT0;
  apply_event(s, event::CommunityFounded{"bench", "ad", default_rulebook()});
  for (const auto& r : membership(now)) {
    const auto d = decide(s, r.command, r.ctx);
    for (const auto& e : *d) apply_event(s, e);
  }
  const auto work = proposal_workload(0, proposals, now);
  const auto start = Clock::now();
  std::size_t events = 0;
  for (const auto& r : work) {
    auto d = decide(s, r.command, r.ctx);
    if (!d) {
      fmt::print(stderr, "unexpected refusal: {}\n", d.error().reason);
      std::exit(1);
    }
    for (const auto& e : *d) apply_event(s, e);
    events += d->size();
  }
  const double t = seconds_since(start);
  fmt::print(
      "decide+evolve (in memory)          {:>10.0f} commands/s  ({} commands, {} events, "
      "{:.3f} s)\n",
      static_cast<double>(work.size()) / t, work.size(), events, t);
}

std::unique_ptr<service::Community> fresh(const std::string& path, store::Synchronous sync,
                                          Timestamp& now) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  const std::string key = path + ".bench-key";  // the benchmark's own scratch key
  std::filesystem::remove(key);
  std::filesystem::remove(service::public_key_file_for(key));
  auto c = service::Community::init(path, "bench", "ad", now++, default_rulebook(),
                                    {.synchronous = sync}, {.secret_key_file = key});
  if (!c) {
    fmt::print(stderr, "init failed: {}\n", c.error().message);
    std::exit(1);
  }
  if (!(*c)->execute(membership(now))) std::exit(1);
  return std::move(*c);
}

// Durable appends through the whole pipeline (decide, append+commit, evolve).
void bench_appends(const std::string& dir, std::size_t batch, std::size_t commands,
                   store::Synchronous sync, const char* sync_name) {
  Timestamp now = kT0;
  auto c = fresh(dir + "/append.db", sync, now);
  const auto work = proposal_workload(0, commands / 8, now);
  const std::uint64_t before = c->store().head_seq();
  const auto start = Clock::now();
  for (std::size_t i = 0; i < work.size(); i += batch) {
    const auto n = std::min(batch, work.size() - i);
    if (!c->execute(std::span(work).subspan(i, n))) std::exit(1);
  }
  const double t = seconds_since(start);
  const auto events = c->store().head_seq() - before;
  fmt::print("durable appends, batch {:>5} ({:<6})  {:>10.0f} events/s    ({} events, {:.3f} s)\n",
             batch, sync_name, static_cast<double>(events) / t, events, t);
}

void bench_big_log(const std::string& dir, std::size_t target_events) {
  const std::string path = dir + "/big.db";
  Timestamp now = kT0;
  {
    auto c = fresh(path, store::Synchronous::normal, now);
    const auto start = Clock::now();
    std::size_t k = 0;
    while (c->store().head_seq() < target_events) {
      const auto work = proposal_workload(k, 1024 / 8, now);
      k += 1024 / 8;
      if (!c->execute(work)) std::exit(1);
    }
    const double t = seconds_since(start);
    fmt::print("building a {}-event log (batch 1024, NORMAL) {:.1f} s, {:.0f} events/s\n",
               c->store().head_seq(), t, static_cast<double>(c->store().head_seq()) / t);
  }
  const auto size = std::filesystem::file_size(path);
  fmt::print("  database file {:.0f} MB ({:.0f} bytes/event)\n", static_cast<double>(size) / 1e6,
             static_cast<double>(size) / static_cast<double>(target_events));

  const std::string key_file = path + ".bench-key";
  auto key = service::read_public_key(service::public_key_file_for(key_file));
  for (bool with_snapshot : {false, true}) {
    auto store = store::EventStore::inspect(path);
    const auto start = Clock::now();
    const double cpu = cpu_seconds();
    const auto report = service::verify_log(**store, *key, {.check_snapshot = with_snapshot});
    const double t = seconds_since(start);
    fmt::print(
        "verify ({})  {:>10.0f} events/s    ({} events, {:.3f} s, CPU {:.3f} s, {})\n",
        with_snapshot ? "+ replay to the snapshot, compared" : "chain, decode, Merkle, signatures",
        static_cast<double>(report.events) / t, report.events, t, cpu_seconds() - cpu,
        report.ok ? "intact" : report.problem);
  }
  {
    store::StoreOptions trusted;
    trusted.trusted_key = *key;
    const auto start = Clock::now();
    auto opened = store::EventStore::open(path, trusted);
    const double t = seconds_since(start);
    fmt::print("open with snapshot (snapshot + tail) {:.3f} s  (snapshot at event {}, head {})\n",
               t, opened->store->last_snapshot_seq(), opened->store->head_seq());
    // What trusting it cost: the digest over its bytes and the signature check.
    auto snap = opened->store->latest_snapshot();
    const auto check_start = Clock::now();
    const auto digest = store::snapshot_digest(**snap);
    audit::Signature sig{};
    std::memcpy(sig.data(), (*snap)->signature.data(), sig.size());
    const bool good = audit::verify_message(store::snapshot_message(**snap), sig, *key);
    fmt::print(
        "  of which the snapshot check (SHA-256 of {:.1f} MB + Ed25519) {:.4f} s ({})\n",
        static_cast<double>((*snap)->state.size()) / 1e6, seconds_since(check_start),
        good && digest[0] == static_cast<std::uint8_t>((*snap)->digest[0]) ? "valid" : "INVALID");
  }
  {
    // Full replay: the same file with its snapshots ignored.
    store::StoreOptions no_snapshots;
    no_snapshots.snapshot_every = 0;
    const std::string copy = dir + "/big-nosnap.db";
    std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
    {
      auto o = store::EventStore::open(copy, no_snapshots);  // checkpoints WAL into the copy
    }
    std::string sql = "sqlite3 '" + copy + "' 'DELETE FROM snapshots'";
    if (std::system(sql.c_str()) != 0)
      fmt::print("  (sqlite3 CLI missing: skipping full replay)\n");
    const auto start = Clock::now();
    auto opened = store::EventStore::open(copy, no_snapshots);
    const double t = seconds_since(start);
    fmt::print("open by full replay                {:>10.0f} events/s    ({} events, {:.3f} s)\n",
               static_cast<double>(opened->store->head_seq()) / t, opened->store->head_seq(), t);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t events = 1'000'000;
  std::string dir = std::filesystem::temp_directory_path() / "yishi-bench";
  bool keep = false;
  std::string only;  // one group of figures, or all when empty
  std::string wieliczka = YISHI_WIELICZKA_FILE;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--keep") == 0) keep = true;
    if (i + 1 < argc && std::strcmp(argv[i], "--events") == 0) events = std::stoul(argv[++i]);
    if (i + 1 < argc && std::strcmp(argv[i], "--dir") == 0) dir = argv[++i];
    if (i + 1 < argc && std::strcmp(argv[i], "--only") == 0) only = argv[++i];
  }
  const auto wanted = [&](std::string_view group) { return only.empty() || only == group; };
  std::filesystem::create_directories(dir);
  fmt::print("yishi_bench: {} events, files in {}\n\n", events, dir);
  if (wanted("engine")) bench_decide_evolve(events / 8);
  if (wanted("meeting")) bench_meeting();
  if (wanted("tally")) bench_tally(wieliczka);
  if (wanted("poll")) bench_poll();
  if (wanted("store")) {
    bench_appends(dir, 1, 4'000, store::Synchronous::full, "FULL");
    bench_appends(dir, 64, 200'000, store::Synchronous::full, "FULL");
    bench_appends(dir, 1024, 400'000, store::Synchronous::full, "FULL");
    bench_appends(dir, 1024, 400'000, store::Synchronous::normal, "NORMAL");
    bench_big_log(dir, events);
  }
  if (wanted("resume")) bench_resume(dir, std::min<std::size_t>(events, 200'000));
  if (!keep) std::filesystem::remove_all(dir);
}
