#include <doctest/doctest.h>
#include <sqlite3.h>

#include "engine/store/event_store.hpp"
#include "temp_dir.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {

std::vector<store::PendingEvent> founding_and(std::size_t supports) {
  std::vector<store::PendingEvent> out;
  out.push_back({1000, "ad", event::CommunityFounded{"c", "ad", default_rulebook()}, "community"});
  for (std::size_t i = 0; i < supports; ++i) {
    out.push_back({static_cast<Timestamp>(2000 + i), "ad",
                   event::MemberRegistered{"m" + std::to_string(i), "", RoleSet{Role::resident}},
                   "community"});
  }
  return out;
}

// Runs SQL on the file directly, as someone with access to the disk could.
int raw_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

}  // namespace

TEST_CASE("appended events are chained, durable and replayed on open") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  State expected;
  {
    auto store = store::EventStore::create(path);
    REQUIRE(store);
    auto first = (*store)->append(founding_and(2));
    REQUIRE(first);
    REQUIRE(first->size() == 3);
    CHECK(first->at(0).seq == 1);
    CHECK(first->at(0).prev_hash == audit::Hash{});
    CHECK(first->at(1).prev_hash == first->at(0).hash);
    CHECK(first->at(2).hash == audit::entry_hash(first->at(2)));
    CHECK((*store)->head_seq() == 3);
    CHECK(store::EventStore::create(path).error().code == "exists");
  }
  auto opened = store::EventStore::open(path);
  REQUIRE(opened);
  CHECK(opened->store->head_seq() == 3);
  CHECK(opened->state.members.size() == 3);  // the founder and m0, m1
  CHECK(opened->store->merkle().size() == 3);
  CHECK(store::EventStore::open(dir.file("missing.db")).error().code == "not_found");
}

TEST_CASE("the events table refuses UPDATE and DELETE") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  {
    auto store = store::EventStore::create(path);
    REQUIRE((*store)->append(founding_and(1)));
    REQUIRE((*store)->save_checkpoint(audit::Checkpoint{"c", 2, {}, 0, {}}));
  }
  CHECK(raw_sql(path, "UPDATE events SET actor = 'x' WHERE seq = 1") != SQLITE_OK);
  CHECK(raw_sql(path, "DELETE FROM events WHERE seq = 2") != SQLITE_OK);
  CHECK(raw_sql(path, "DELETE FROM checkpoints") != SQLITE_OK);
  auto opened = store::EventStore::open(path);
  REQUIRE(opened);
  CHECK(opened->store->head_seq() == 2);
}

TEST_CASE("opening refuses a broken chain and names the event") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  {
    auto store = store::EventStore::create(path);
    REQUIRE((*store)->append(founding_and(5)));
  }
  REQUIRE(raw_sql(path,
                  "DROP TRIGGER events_refuse_update; UPDATE events SET time = time + 1 "
                  "WHERE seq = 4") == SQLITE_OK);
  auto opened = store::EventStore::open(path);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().code == "chain_broken");
  CHECK(opened.error().seq == 4);
}

TEST_CASE("snapshots give the same state as a full replay, and a bad snapshot is ignored") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  const auto keys = audit::KeyPair::generate();
  store::StoreOptions options;
  options.snapshot_every = 10;
  options.signing_key = keys.secret_key;
  options.trusted_key = keys.public_key;
  {
    auto store = store::EventStore::create(path, options);
    REQUIRE(store);
    for (const auto& e : founding_and(25)) REQUIRE((*store)->append(std::span(&e, 1)));
  }
  store::StoreOptions no_snapshots = options;
  no_snapshots.snapshot_every = 0;
  auto full = store::EventStore::open(path, no_snapshots);
  REQUIRE(full);
  const State live = full->state;
  REQUIRE(full->store->save_snapshot(full->state));
  const auto root = full->store->merkle().root();
  full->store.reset();

  // Without the key that signed it, a snapshot is not trusted: the log is replayed.
  auto unkeyed = store::EventStore::open(path);
  REQUIRE(unkeyed);
  CHECK(unkeyed->store->last_snapshot_seq() == 0);
  CHECK(unkeyed->state == live);
  unkeyed->store.reset();
  store::StoreOptions other_key = options;
  other_key.trusted_key = audit::KeyPair::generate().public_key;
  auto wrong_key = store::EventStore::open(path, other_key);
  REQUIRE(wrong_key);
  CHECK(wrong_key->store->last_snapshot_seq() == 0);
  wrong_key->store.reset();

  auto from_snapshot = store::EventStore::open(path, options);
  REQUIRE(from_snapshot);
  CHECK(from_snapshot->store->last_snapshot_seq() == 26);
  CHECK(from_snapshot->state == live);
  CHECK(from_snapshot->store->merkle().root() == root);
  // Appending after a snapshot continues the same chain and tree.
  const store::PendingEvent more{9000, "ad", event::RoleGranted{"m1", Role::chair}, "community"};
  REQUIRE(from_snapshot->store->append(std::span(&more, 1)));
  from_snapshot->store.reset();

  // A snapshot that disagrees with the log is not trusted.
  REQUIRE(raw_sql(path, "UPDATE snapshots SET head_hash = zeroblob(32)") == SQLITE_OK);
  auto replayed = store::EventStore::open(path, options);
  REQUIRE(replayed);
  CHECK(replayed->store->last_snapshot_seq() == 0);
  CHECK(replayed->state.members.at("m1").roles.contains(Role::chair));
  CHECK(replayed->store->head_seq() == 27);
}

TEST_CASE("a second writer is detected instead of forking the chain") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  {
    auto store = store::EventStore::create(path);
    REQUIRE((*store)->append(founding_and(0)));
  }
  auto a = store::EventStore::open(path);
  auto b = store::EventStore::open(path);
  REQUIRE(a);
  REQUIRE(b);
  const store::PendingEvent e{5000, "ad", event::RoleGranted{"ad", Role::chair}, "community"};
  REQUIRE(a->store->append(std::span(&e, 1)));
  auto second = b->store->append(std::span(&e, 1));
  REQUIRE_FALSE(second);
  CHECK(second.error().code == "concurrent_writer");
}

TEST_CASE("the statements a store keeps between commits read afresh and hold nothing open") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  {
    auto store = store::EventStore::create(path);
    REQUIRE((*store)->append(founding_and(0)));
  }
  auto a = store::EventStore::open(path);
  REQUIRE(a);
  const store::PendingEvent e{5000, "ad", event::RoleGranted{"ad", Role::chair}, "community"};
  const store::RememberedReply reply{"ad", "c1", "{}", 5000};
  REQUIRE(a->store->append(std::span(&e, 1), {}, std::span(&reply, 1)));
  REQUIRE(a->store->append(std::span(&e, 1)));  // the same statements, again
  // Nothing of a's is left open: the WAL folds back into the file...
  auto truncated = a->store->truncate_wal();
  REQUIRE(truncated);
  CHECK(*truncated);
  // ...and another writer can append after it.
  auto c = store::EventStore::open(path);
  REQUIRE(c);
  REQUIRE(c->store->append(std::span(&e, 1)));
  CHECK(c->store->head_seq() == 4);
  // a's kept head check reads the file as it is now, not as it was.
  auto stale = a->store->append(std::span(&e, 1));
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == "concurrent_writer");
}

TEST_CASE(
    "open and inspect refuse a SQLite file that is not a Yishi store, and leave it as it was") {
  test::TempDir dir;
  const std::string other = dir.file("other.db");
  REQUIRE(raw_sql(other, "CREATE TABLE notes(text TEXT)") == SQLITE_OK);
  auto opened = store::EventStore::open(other);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().code == "not_a_store");
  CHECK(opened.error().message.find("is not a Yishi store") != std::string::npos);
  CHECK(store::EventStore::inspect(other).error().code == "not_a_store");
  // Not migrated: no events table appeared.
  CHECK(raw_sql(other, "SELECT * FROM events") != SQLITE_OK);

  REQUIRE(raw_sql(dir.file("stamped.db"), "PRAGMA application_id = 7") == SQLITE_OK);
  CHECK(store::EventStore::open(dir.file("stamped.db")).error().message.find("application_id") !=
        std::string::npos);
}

TEST_CASE("a store written before the application id was stamped still opens, and is stamped") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  {
    auto created = store::EventStore::create(path);
    REQUIRE(created);
    REQUIRE((*created)->append(founding_and(2), {}));
  }
  REQUIRE(raw_sql(path, "PRAGMA application_id = 0") == SQLITE_OK);
  REQUIRE(store::EventStore::inspect(path));
  auto opened = store::EventStore::open(path);
  REQUIRE(opened);
  CHECK(opened->store->head_seq() == 3);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 0x59695368);
  sqlite3_finalize(st);
  sqlite3_close(db);
}
