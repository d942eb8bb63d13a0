// The server's proof routes below HTTP: their parameters, and the Merkle tree
// cache checked against a tree built from scratch and the RFC 9162 verifiers,
// while a writer keeps appending (the cache reads through its own connection).
#include <doctest/doctest.h>

#include <atomic>

#include "engine/audit/merkle.hpp"
#include "engine/store/event_store.hpp"
#include "server/proof_cache.hpp"
#include "server/proof_request.hpp"
#include "temp_dir.hpp"

using namespace yishi;
using namespace yishi::engine;
using json = nlohmann::ordered_json;

namespace {

std::vector<store::PendingEvent> members(std::size_t from, std::size_t n) {
  std::vector<store::PendingEvent> out;
  if (from == 0)
    out.push_back(
        {1000, "ad", event::CommunityFounded{"c", "ad", default_rulebook()}, "community"});
  for (std::size_t i = from; i < from + n; ++i) {
    out.push_back({static_cast<Timestamp>(2000 + i), "ad",
                   event::MemberRegistered{"m" + std::to_string(i), "", RoleSet{Role::resident}},
                   "community"});
  }
  return out;
}

std::vector<audit::Hash> hashes(const json& array) {
  std::vector<audit::Hash> out;
  for (const auto& h : array) out.push_back(*audit::hash_from_hex(h.get<std::string>()));
  return out;
}

audit::Hash hash(const json& text) {
  return *audit::hash_from_hex(text.get<std::string>());
}

// The writer's side: the log, and the same tree built from every envelope appended.
struct Log {
  test::TempDir dir;
  std::string path = dir.file("c.db");
  std::unique_ptr<store::EventStore> store = std::move(*store::EventStore::create(path));
  audit::MerkleTree reference;

  void append(std::vector<store::PendingEvent> events) {
    auto appended = store->append(events);
    REQUIRE(appended);
    for (const auto& e : *appended) reference.append_leaf_hash(audit::leaf_hash(e.hash));
  }
  audit::Checkpoint sign() {
    audit::Checkpoint c{"c", reference.size(), reference.root(), 5000, {}};
    REQUIRE(store->save_checkpoint(c));
    return c;
  }
};

void check_inclusion(const json& proof, const Log& log, std::uint64_t seq,
                     std::uint64_t tree_size) {
  CHECK(proof["seq"] == seq);
  CHECK(proof["leaf_index"] == seq - 1);
  CHECK(proof["tree_size"] == tree_size);
  const auto path = hashes(proof["audit_path"]);
  CHECK(path == log.reference.inclusion_proof(seq - 1, tree_size));
  CHECK(hash(proof["root"]) == log.reference.root(tree_size));
  const audit::Hash leaf = audit::leaf_hash(hash(proof["envelope"]["hash"]));
  CHECK(hash(proof["leaf_hash"]) == leaf);
  CHECK(audit::verify_inclusion(leaf, seq - 1, tree_size, path, log.reference.root(tree_size)));
}

}  // namespace

TEST_CASE("proof parameters: shape checked before the log is asked") {
  using server::parse_proof_request;
  auto inclusion = parse_proof_request("/proof/12", "tree_size=40");
  REQUIRE(inclusion);
  CHECK(std::get<server::InclusionRequest>(*inclusion).seq == 12);
  CHECK(std::get<server::InclusionRequest>(*inclusion).tree_size == 40);
  CHECK(!std::get<server::InclusionRequest>(*parse_proof_request("/proof/1", "")).tree_size);
  auto consistency = parse_proof_request("/consistency", "new=9&old=3");
  REQUIRE(consistency);
  CHECK(std::get<server::ConsistencyRequest>(*consistency).old_size == 3);
  CHECK(std::get<server::ConsistencyRequest>(*consistency).new_size == 9);

  struct Bad {
    std::string_view route, query, code, field;
  };
  for (const Bad& b :
       {Bad{"/proof/x", "", "bad_parameter", "seq"}, Bad{"/proof/", "", "bad_parameter", "seq"},
        Bad{"/proof/-3", "", "bad_parameter", "seq"},
        Bad{"/proof/18446744073709551616", "", "bad_parameter", "seq"},
        Bad{"/proof/0", "", "out_of_range", "seq"},
        Bad{"/proof/1", "tree_size=", "bad_parameter", "tree_size"},
        Bad{"/proof/1", "tree_size=1&tree_size=2", "bad_parameter", "tree_size"},
        Bad{"/proof/1", "treesize=2", "bad_parameter", "treesize"},
        Bad{"/consistency", "", "bad_parameter", "old"},
        Bad{"/consistency", "old=2&new=1", "out_of_range", "old"},
        Bad{"/consistency", "old=1&new=%31", "bad_parameter", "new"}}) {
    CAPTURE(b.route);
    CAPTURE(b.query);
    auto r = parse_proof_request(b.route, b.query);
    REQUIRE(!r);
    CHECK(r.error().status == 400);
    CHECK(r.error().code == b.code);
    CHECK(r.error().field == b.field);
  }
}

TEST_CASE("the proof cache follows a growing log and attaches the checkpoints that sign") {
  Log log;
  log.append(members(0, 5));  // 6 events
  std::atomic<bool> stop{false};
  server::ProofCache cache(log.path, stop, std::chrono::milliseconds(0));

  auto first = cache.inclusion(3, std::nullopt);  // nothing signed yet: the head
  REQUIRE(first);
  check_inclusion(*first, log, 3, 6);
  CHECK(!first->contains("checkpoint"));

  const audit::Checkpoint signed6 = log.sign();
  log.append(members(5, 11));  // 17 events, appended while the cache is open
  for (std::uint64_t size = 1; size <= 17; ++size) {
    for (std::uint64_t seq = 1; seq <= size; ++seq) {
      auto proof = cache.inclusion(seq, size);
      REQUIRE(proof);
      check_inclusion(*proof, log, seq, size);
      CHECK(proof->contains("checkpoint") == (size == 6));
    }
  }
  // Without a tree size: the signed tree when it holds the event, else the head.
  auto in_signed = cache.inclusion(6, std::nullopt);
  REQUIRE(in_signed);
  check_inclusion(*in_signed, log, 6, 6);
  CHECK((*in_signed)["checkpoint"]["root"] == audit::to_hex(signed6.root));
  check_inclusion(*cache.inclusion(7, std::nullopt), log, 7, 17);

  for (std::uint64_t new_size = 0; new_size <= 17; ++new_size) {
    for (std::uint64_t old_size = 0; old_size <= new_size; ++old_size) {
      auto proof = cache.consistency(old_size, new_size);
      REQUIRE(proof);
      const auto path = hashes((*proof)["proof"]);
      CHECK(path == log.reference.consistency_proof(old_size, new_size));
      CHECK(audit::verify_consistency(old_size, new_size, log.reference.root(old_size),
                                      log.reference.root(new_size), path));
      CHECK(proof->contains("old_checkpoint") == (old_size == 6));
      CHECK(proof->contains("new_checkpoint") == (new_size == 6));
    }
  }
  auto to_head = cache.consistency(6, std::nullopt);
  REQUIRE(to_head);
  CHECK((*to_head)["new_size"] == 17);

  log.append(members(16, 1));  // 18: seen by the next request
  check_inclusion(*cache.inclusion(18, std::nullopt), log, 18, 18);

  struct Bad {
    std::expected<json, server::ApiError> result;
    std::string_view field;
  };
  for (const Bad& b :
       {Bad{cache.inclusion(19, std::nullopt), "seq"}, Bad{cache.inclusion(1, 19), "tree_size"},
        Bad{cache.inclusion(5, 4), "seq"}, Bad{cache.consistency(19, std::nullopt), "old"},
        Bad{cache.consistency(1, 19), "new"}, Bad{cache.consistency(5, 4), "old"}}) {
    REQUIRE(!b.result);
    CHECK(b.result.error().status == 400);
    CHECK(b.result.error().code == "out_of_range");
    CHECK(b.result.error().field == b.field);
  }
}

TEST_CASE("the proof cache answers a missing log with a storage error, not a crash") {
  test::TempDir dir;
  std::atomic<bool> stop{false};
  server::ProofCache cache(dir.file("missing.db"), stop);
  auto r = cache.inclusion(1, std::nullopt);
  REQUIRE(!r);
  CHECK(r.error().status == 500);
  CHECK(r.error().code == "storage");
}

TEST_CASE("a catch-up cut short by the server stopping answers busy, not a short tree") {
  Log log;
  log.append(members(0, 3));
  std::atomic<bool> stop{true};
  server::ProofCache cache(log.path, stop);
  auto r = cache.inclusion(1, std::nullopt);
  REQUIRE(!r);
  CHECK(r.error().status == 503);
  CHECK(r.error().code == "busy");
}
