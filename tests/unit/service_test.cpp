#include <doctest/doctest.h>

#include <filesystem>

#include <sqlite3.h>

#include <fstream>
#include "engine/codec/event_codec.hpp"
#include "engine/codec/state_codec.hpp"

#include "engine/service/community.hpp"
#include "engine/service/key_files.hpp"
#include "engine/service/verify.hpp"
#include "engine/wire/event_json.hpp"
#include "temp_dir.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {
constexpr Timestamp kT0 = 1'772'326'800'000;

service::Request req(Command c, MemberId actor, Role role, Timestamp at) {
  return {std::move(c), Context{std::move(actor), role, at}, std::nullopt};
}
}  // namespace

TEST_CASE("init creates the community, its keys and a signed checkpoint") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  auto c = service::Community::init(path, "nantang", "ad", kT0, default_rulebook());
  REQUIRE(c);
  CHECK((*c)->state().community == "nantang");
  CHECK((*c)->store().head_seq() == 1);
  // The key is not beside the database, but in the key directory.
  CHECK_FALSE(std::filesystem::exists(path + ".key"));
  CHECK((*c)->secret_key_file().starts_with(service::default_key_dir()));
  auto key = service::read_public_key(service::public_key_file_for((*c)->secret_key_file()));
  REQUIRE(key);
  auto inspected = store::EventStore::inspect(path);
  REQUIRE(inspected);
  auto report = service::verify_log(**inspected, *key);
  CHECK(report.ok);
  CHECK(report.checkpoints_checked == 1);
  CHECK(service::Community::init(path, "x", "ad", kT0, {}).error().code == "exists");
}

TEST_CASE("a batch commits accepted commands together; refusals change nothing") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  auto c = service::Community::init(path, "nantang", "ad", kT0, default_rulebook());
  REQUIRE(c);
  service::Community& community = **c;
  std::vector<service::Request> batch = {
      req(command::RegisterMember{"m1", "", {Role::resident}}, "ad", Role::admin, kT0 + 1),
      req(command::DraftProposal{"p", ProposalKind::project, "Light", ""}, "m1", Role::resident,
          kT0 + 2),
      req(command::AcceptProposal{"p", "ok"}, "m1", Role::convener, kT0 + 3),  // refused
      req(command::SubmitProposal{"p"}, "m1", Role::resident, kT0 + 1),        // before the log
  };
  batch[0].profile = store::MemberProfile{"m1", "王阿姨", "138-0000-0000"};
  const State before_state = community.state();
  auto outcomes = community.execute(batch);
  REQUIRE(outcomes);
  REQUIRE(outcomes->size() == 4);
  CHECK((*outcomes)[0]);
  CHECK((*outcomes)[1]);
  CHECK((*outcomes)[1]->front().seq == 3);
  CHECK((*outcomes)[2].error().code == "role_not_held");
  CHECK((*outcomes)[3].error().code == "time_before_log");
  CHECK(community.store().head_seq() == 3);
  CHECK(community.state() != before_state);

  // Refused alone: neither state nor log moves.
  const State state = community.state();
  const auto head = community.store().head_hash();
  auto refused = community.execute(
      std::vector{req(command::SupportProposal{"p"}, "m1", Role::resident, kT0 + 10)});
  REQUIRE(refused);
  CHECK_FALSE((*refused)[0]);
  CHECK(community.state() == state);
  CHECK(community.store().head_hash() == head);

  // Personal data is stored beside the log, never in it.
  auto profile = community.store().profile("m1");
  REQUIRE(profile);
  REQUIRE(profile->has_value());
  CHECK((*profile)->display_name == "王阿姨");
  bool leaked = false;
  REQUIRE(community.store().scan(1, [&](audit::Envelope&& e) {
    leaked = leaked || e.payload.find("王阿姨") != std::string::npos ||
             e.payload.find("138-0000") != std::string::npos;
    return true;
  }));
  CHECK_FALSE(leaked);

  // Reopening replays to the same state.
  auto reopened = service::Community::open(path);
  REQUIRE(reopened);
  CHECK((*reopened)->state() == state);
}

TEST_CASE(
    "an open poll survives a snapshot: reopened, it takes casts and counts the earlier ones") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  const store::StoreOptions every_few{.snapshot_every = 4};
  Timestamp now = kT0;
  {
    auto c = service::Community::init(path, "nantang", "ad", now, default_rulebook(), every_few);
    REQUIRE(c);
    std::vector<service::Request> setup;
    for (int i = 1; i <= 3; ++i) {
      setup.push_back(req(command::RegisterMember{"m" + std::to_string(i), "", {Role::resident}},
                          "ad", Role::admin, ++now));
    }
    setup.push_back(
        req(command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin, ++now));
    command::OpenBallot poll;
    poll.ballot = "q";
    poll.question = "Repaint the bicycle shed?";
    poll.closes_at = now + 10'000;
    setup.push_back(req(poll, "cv", Role::convener, ++now));
    Choice yes;
    yes.yes_no = YesNo::yes;
    setup.push_back(req(command::CastBallot{"q", yes, std::string(64, 'a'), "", ""}, "m1",
                        Role::resident, ++now));
    auto done = (*c)->execute(setup);
    REQUIRE(done);
    for (const auto& outcome : *done) REQUIRE(outcome);
  }
  auto reopened = service::Community::open(path, every_few);
  REQUIRE(reopened);
  service::Community& c = **reopened;
  REQUIRE(c.store().last_snapshot_seq() > 0);  // the state came from a snapshot
  REQUIRE(c.state().ballot("q"));
  CHECK(c.state().ballot("q")->participants == std::set<MemberId>{"m1"});
  Choice no;
  no.yes_no = YesNo::no;
  std::vector<service::Request> more = {
      req(command::CastBallot{"q", no, std::string(64, 'b'), "", ""}, "m2", Role::resident, ++now),
      req(command::CastBallot{"q", no, std::string(64, 'c'), "", ""}, "m1", Role::resident, ++now),
      req(command::CloseBallot{"q"}, "cv", Role::convener, now + 20'000)};
  auto done = c.execute(more);
  REQUIRE(done);
  CHECK((*done)[0]);
  CHECK((*done)[1].error().code == "already_voted");  // m1's first ballot was kept
  REQUIRE((*done)[2]);
  CHECK(c.state().ballot("q")->totals->yes == 1);
  CHECK(c.state().ballot("q")->totals->no == 1);
}

namespace {
// A community with residents m1..m<n> and a convener, and an open secret poll "q".
Timestamp community_with_poll(const std::string& path, int residents, Timestamp now) {
  auto c = service::Community::init(path, "nantang", "ad", now, default_rulebook());
  REQUIRE(c);
  std::vector<service::Request> setup;
  for (int i = 1; i <= residents; ++i) {
    setup.push_back(req(command::RegisterMember{"m" + std::to_string(i), "", {Role::resident}},
                        "ad", Role::admin, ++now));
  }
  setup.push_back(
      req(command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin, ++now));
  command::OpenBallot poll;
  poll.ballot = "q";
  poll.question = "Repaint the bicycle shed?";
  poll.closes_at = now + 100'000;
  setup.push_back(req(poll, "cv", Role::convener, ++now));
  auto done = (*c)->execute(setup);
  REQUIRE(done);
  for (const auto& outcome : *done) REQUIRE(outcome);
  return now;
}

service::Request cast(const std::string& voter, YesNo answer, char nonce, char previous,
                      Timestamp at) {
  Choice choice;
  choice.yes_no = answer;
  return req(command::CastBallot{"q", choice, std::string(64, nonce),
                                 previous ? std::string(64, previous) : std::string(), ""},
             voter, Role::resident, at);
}
}  // namespace

TEST_CASE("a stale writer cannot replace a ballot twice: the box keeps one ballot per voter") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  Timestamp now = community_with_poll(path, 2, kT0);
  {
    auto c = service::Community::open(path);
    REQUIRE(c);
    auto done = (*c)->execute(
        std::vector{cast("m1", YesNo::yes, 'a', 0, ++now), cast("m2", YesNo::no, 'b', 0, ++now)});
    REQUIRE(done);
    REQUIRE((*done)[0]);
    REQUIRE((*done)[1]);
  }
  // Two processes hold the same state; each replaces m1's ballot.
  auto first = service::Community::open(path);
  auto second = service::Community::open(path);
  REQUIRE(first);
  REQUIRE(second);
  auto replaced = (*first)->execute(std::vector{cast("m1", YesNo::no, 'c', 'a', ++now)});
  REQUIRE(replaced);
  REQUIRE((*replaced)[0]);
  // The second writer's view is stale: its replacement must not reach the box.
  auto stale = (*second)->execute(std::vector{cast("m1", YesNo::abstain, 'd', 'a', ++now)});
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == "concurrent_writer");

  auto reopened = service::Community::open(path);
  REQUIRE(reopened);
  auto closed = (*reopened)->execute(
      std::vector{req(command::CloseBallot{"q"}, "cv", Role::convener, ++now)});
  REQUIRE(closed);
  REQUIRE((*closed)[0]);
  const Ballot& b = *(*reopened)->state().ballot("q");
  CHECK(b.totals->yes + b.totals->no + b.totals->abstain == 2);  // two voters, two ballots
  CHECK(b.totals->no == 2);
}

TEST_CASE("a ballot added to the box outside the engine is found, and the close refuses") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  Timestamp now = community_with_poll(path, 3, kT0);
  {
    auto c = service::Community::open(path);
    REQUIRE(c);
    auto done = (*c)->execute(
        std::vector{cast("m1", YesNo::yes, 'a', 0, ++now), cast("m2", YesNo::no, 'b', 0, ++now)});
    REQUIRE(done);
  }
  // Whoever holds the file stuffs the box: a well-formed ballot with its own receipt.
  event::BallotSealed stuffed{"q", std::string(64, 'f'), {}, ""};
  stuffed.sealed.choice.yes_no = YesNo::yes;
  stuffed.sealed.people = 1;
  const std::string blob = codec::encode_payload(stuffed);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* insert = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "INSERT INTO ballot_box (ballot, receipt, sealed, version) "
                             "VALUES ('q', ?1, ?2, 2)",
                             -1, &insert, nullptr) == SQLITE_OK);
  sqlite3_bind_text(insert, 1, stuffed.receipt.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(insert, 2, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(insert) == SQLITE_DONE);
  sqlite3_finalize(insert);
  sqlite3_close(db);

  auto c = service::Community::open(path);
  REQUIRE(c);
  auto closed =
      (*c)->execute(std::vector{req(command::CloseBallot{"q"}, "cv", Role::convener, ++now)});
  REQUIRE(closed);
  REQUIRE_FALSE((*closed)[0]);
  CHECK((*closed)[0].error().code == "box_unbalanced");
  CHECK((*closed)[0].error().reason.find("3 ballots but 2 voters") != std::string::npos);
  CHECK((*c)->state().ballot("q")->phase == BallotPhase::open);
  // Nor does the clock count it.
  auto ticked =
      (*c)->execute(std::vector{req(command::Tick{}, "cv", Role::convener, now + 200'000)});
  REQUIRE(ticked);
  CHECK((*c)->state().ballot("q")->phase == BallotPhase::open);
}

TEST_CASE("a published secret ballot names no household: no area, weighted totals per choice") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  auto c = service::Community::init(path, "nantang", "ad", kT0, default_rulebook());
  REQUIRE(c);
  Timestamp now = kT0;
  std::vector<service::Request> setup;
  const std::int64_t areas[] = {8'123, 9'456, 12'789};
  for (int i = 1; i <= 3; ++i) {
    setup.push_back(req(command::RegisterHousehold{"h" + std::to_string(i), areas[i - 1]}, "ad",
                        Role::admin, ++now));
    setup.push_back(req(
        command::RegisterMember{"m" + std::to_string(i), "h" + std::to_string(i), {Role::resident}},
        "ad", Role::admin, ++now));
  }
  setup.push_back(
      req(command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin, ++now));
  command::OpenBallot poll;
  poll.ballot = "q";
  poll.question = "Repaint the bicycle shed?";
  poll.weighting = Weighting::area;
  poll.closes_at = now + 100'000;
  setup.push_back(req(poll, "cv", Role::convener, ++now));
  setup.push_back(cast("m1", YesNo::yes, 'a', 0, ++now));
  setup.push_back(cast("m2", YesNo::no, 'b', 0, ++now));
  setup.push_back(cast("m3", YesNo::yes, 'c', 0, ++now));
  setup.push_back(req(command::CloseBallot{"q"}, "cv", Role::convener, ++now));
  auto done = (*c)->execute(setup);
  REQUIRE(done);
  for (const auto& outcome : *done) REQUIRE(outcome);
  const auto decoded = codec::decode_event("ballot.tallied", 1, done->back()->front().payload);
  REQUIRE(decoded);
  const auto& tallied = std::get<event::BallotTallied>(*decoded);
  REQUIRE(tallied.counted.size() == 3);
  for (const auto& [receipt, sealed] : tallied.counted) {
    CHECK(sealed.area_centi_m2 == 0);
    CHECK(sealed.voter.empty());
  }
  CHECK(tallied.totals.yes == 8'123 + 12'789);
  CHECK(tallied.totals.no == 9'456);
  const std::string json = wire::to_json(done->back()->front(), tallied).dump();
  CHECK(json.find("area_m2") == std::string::npos);
  CHECK(json.find("\"yes\":20912") != std::string::npos);
}

TEST_CASE("an edited snapshot is never trusted: open replays the log, verify names the snapshot") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  const store::StoreOptions every_few{.snapshot_every = 4};
  Timestamp now = kT0;
  std::string public_key_file;
  {
    auto c = service::Community::init(path, "nantang", "ad", now, default_rulebook(), every_few);
    REQUIRE(c);
    public_key_file = service::public_key_file_for((*c)->secret_key_file());
    auto done = (*c)->execute(std::vector{
        req(command::RegisterMember{"m1", "", {Role::resident}}, "ad", Role::admin, ++now),
        req(command::DraftProposal{"p", ProposalKind::project, "Light", ""}, "m1", Role::resident,
            ++now),
        req(command::SubmitProposal{"p"}, "m1", Role::resident, ++now),
        req(command::RegisterMember{"m2", "", {Role::resident}}, "ad", Role::admin, ++now)});
    REQUIRE(done);
    REQUIRE((*c)->store().last_snapshot_seq() == 5);
  }
  const auto key = service::read_public_key(public_key_file);
  REQUIRE(key);
  {
    auto untouched = service::Community::open(path, every_few);
    REQUIRE(untouched);
    CHECK((*untouched)->store().last_snapshot_seq() == 5);  // a good snapshot is used
    auto store = store::EventStore::inspect(path);
    const auto report = service::verify_log(**store, *key);
    CHECK(report.ok);
    CHECK(report.snapshot_seq == 5);
    CHECK(report.snapshot_signed);
  }

  // Whoever holds the file withdraws the proposal in the snapshot, and even
  // recomputes the digest; only the signature is beyond them.
  auto stored = (*store::EventStore::inspect(path))->latest_snapshot();
  REQUIRE(stored);
  REQUIRE(*stored);
  store::StoredSnapshot forged = **stored;
  auto state = codec::decode_state(forged.state);
  REQUIRE(state);
  state->proposals.at("p").phase = phase::Withdrawn{"forged"};
  forged.state = codec::encode_state(*state);
  const auto digest = store::snapshot_digest(forged);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* update = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "UPDATE snapshots SET state = ?1, digest = ?2", -1, &update,
                             nullptr) == SQLITE_OK);
  sqlite3_bind_blob(update, 1, forged.state.data(), static_cast<int>(forged.state.size()),
                    SQLITE_TRANSIENT);
  sqlite3_bind_blob(update, 2, digest.data(), static_cast<int>(digest.size()), SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(update) == SQLITE_DONE);
  sqlite3_finalize(update);
  sqlite3_close(db);

  auto reopened = service::Community::open(path, every_few);
  REQUIRE(reopened);
  CHECK((*reopened)->state().proposals.at("p").is<phase::CollectingSupport>());
  auto store = store::EventStore::inspect(path);
  const auto report = service::verify_log(**store, *key);
  CHECK_FALSE(report.ok);
  CHECK(report.first_bad_seq == 5);
  CHECK(report.problem == "the snapshot at event 5 does not match the state replayed from the log");
}

TEST_CASE("verify reports the first problem in log order, whichever stage finds it first") {
  // The reader, the checker and the replay run at once: a forged snapshot must
  // still be reported before a damaged event after it, and a damaged event before
  // the snapshot before the snapshot (which is then never compared).
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  const store::StoreOptions every_few{.snapshot_every = 4};
  Timestamp now = kT0;
  std::string public_key_file;
  std::uint64_t snapshot_seq = 0, head = 0;
  {
    auto c = service::Community::init(path, "nantang", "ad", now, default_rulebook(), every_few);
    REQUIRE(c);
    public_key_file = service::public_key_file_for((*c)->secret_key_file());
    std::vector<service::Request> work;
    for (int i = 0; i < 6; ++i) {
      work.push_back(req(command::RegisterMember{"m" + std::to_string(i), "", {Role::resident}},
                         "ad", Role::admin, ++now));
    }
    REQUIRE((*c)->execute(std::span(work).first(4)));
    snapshot_seq = (*c)->store().last_snapshot_seq();
    REQUIRE((*c)->execute(std::span(work).subspan(4)));
    head = (*c)->store().head_seq();
  }
  REQUIRE(snapshot_seq > 2);
  REQUIRE(head > snapshot_seq + 1);
  const auto key = service::read_public_key(public_key_file);
  REQUIRE(key);
  const auto exec = [&](const std::string& sql, const std::string& blob, std::uint64_t seq) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    // Whoever holds the file can drop the append-only guard.
    REQUIRE(sqlite3_exec(db, "DROP TRIGGER IF EXISTS events_refuse_update", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_blob(st, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, static_cast<sqlite3_int64>(seq));
    REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
  };
  const auto verify = [&] {
    auto store = store::EventStore::inspect(path);
    REQUIRE(store);
    return service::verify_log(**store, *key);
  };
  const service::VerifyReport clean = verify();
  REQUIRE(clean.ok);
  CHECK(clean.snapshot_seq == snapshot_seq);

  // A forged snapshot (digest recomputed) and a damaged event after it.
  auto stored = (*store::EventStore::inspect(path))->latest_snapshot();
  REQUIRE(stored);
  REQUIRE(*stored);
  store::StoredSnapshot forged = **stored;
  auto state = codec::decode_state(forged.state);
  REQUIRE(state);
  state->members.erase("m0");
  forged.state = codec::encode_state(*state);
  const auto digest = store::snapshot_digest(forged);
  exec("UPDATE snapshots SET state = ?1 WHERE seq = ?2", forged.state, snapshot_seq);
  exec("UPDATE snapshots SET digest = ?1 WHERE seq = ?2",
       std::string(reinterpret_cast<const char*>(digest.data()), digest.size()), snapshot_seq);
  exec("UPDATE events SET actor = ?1 WHERE seq = ?2", "mallory", head);
  const service::VerifyReport both = verify();
  CHECK_FALSE(both.ok);
  CHECK(both.first_bad_seq == snapshot_seq);
  CHECK(both.problem == "the snapshot at event " + std::to_string(snapshot_seq) +
                            " does not match the state replayed from the log");
  CHECK(both.events == snapshot_seq);
  CHECK(both.snapshot_seq == 0);

  // A damaged event before the snapshot comes first.
  exec("UPDATE events SET actor = ?1 WHERE seq = ?2", "mallory", 2);
  const service::VerifyReport early = verify();
  CHECK_FALSE(early.ok);
  CHECK(early.first_bad_seq == 2);
  CHECK(early.problem == "event 2 does not match its hash");
  CHECK(early.events == 1);
  CHECK(early.snapshot_seq == 0);
}

TEST_CASE("a request timed beyond the injected wall clock is refused; the log's clock stays") {
  test::TempDir dir;
  auto c = service::Community::init(dir.file("c.db"), "nantang", "ad", kT0, default_rulebook());
  REQUIRE(c);
  service::Community& community = **c;
  Timestamp wall = kT0 + kHour;
  community.refuse_future([&] { return wall; });
  const auto household = [](const char* id, Timestamp at) {
    return req(command::RegisterHousehold{id, 5000}, "ad", Role::admin, at);
  };
  std::vector<service::Request> batch = {
      household("h1", kT0 + 400 * kDay),                      // a year ahead
      household("h2", wall + service::kFutureAllowance + 1),  // just past the allowance
      household("h3", wall + service::kFutureAllowance),      // at the allowance: clocks differ
      household("h4", wall)};
  auto outcomes = community.execute(batch);
  REQUIRE(outcomes);
  REQUIRE((*outcomes)[0].has_value() == false);
  CHECK((*outcomes)[0].error().code == "time_in_future");
  CHECK((*outcomes)[0].error().field == "at");
  CHECK((*outcomes)[1].error().code == "time_in_future");
  CHECK((*outcomes)[2].has_value());
  // h3 moved the clock five minutes on, not a year: h4 is merely "before the log".
  CHECK((*outcomes)[3].error().code == "time_before_log");
  CHECK(community.store().head_time() == wall + service::kFutureAllowance);
  // The clock is asked on every batch: as it moves on, the same time is accepted.
  wall = kT0 + 400 * kDay;
  auto later = community.execute(std::vector{household("h1", kT0 + 400 * kDay)});
  REQUIRE(later);
  CHECK((*later)[0].has_value());

  CHECK_FALSE(service::check_not_future(kT0, kT0));
  CHECK_FALSE(service::check_not_future(kT0 - kDay, kT0));
  CHECK(service::check_not_future(kT0 + 2 * kDay, kT0)->reason.find("2.0 days ahead") !=
        std::string::npos);
}

TEST_CASE("key files are written both or neither") {
  test::TempDir dir;
  const std::string key = dir.file("c.key");
  { std::ofstream(service::public_key_file_for(key)) << "taken\n"; }
  auto written = service::write_key_files(key, audit::KeyPair::generate());
  CHECK_FALSE(written);
  CHECK_FALSE(std::filesystem::exists(key));
}

TEST_CASE("a failed init removes the database, its WAL files and the keys it wrote") {
  test::TempDir dir;
  const std::string db = dir.file("c.db");
  const service::KeyLocation keys{.dir = "", .secret_key_file = dir.file("c.key")};
  // The founding is refused after the store was created.
  auto c = service::Community::init(db, "not an id!", "ad", kT0, default_rulebook(), {}, keys);
  REQUIRE_FALSE(c);
  for (const std::string& path :
       {db, db + "-wal", db + "-shm", dir.file("c.key"), dir.file("c.pub")}) {
    CHECK_MESSAGE(!std::filesystem::exists(path), path);
  }
  // Something there before is never removed.
  { std::ofstream(db + "-wal") << "not ours"; }
  CHECK(service::Community::init(db, "nantang", "ad", kT0, default_rulebook(), {}, keys)
            .error()
            .code == "exists");
  CHECK(std::filesystem::exists(db + "-wal"));
  CHECK_FALSE(std::filesystem::exists(db));
  CHECK_FALSE(std::filesystem::exists(dir.file("c.key")));
}
