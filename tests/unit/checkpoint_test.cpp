#include <doctest/doctest.h>

#include <vector>

#include "engine/audit/checkpoint.hpp"
#include "engine/audit/envelope.hpp"

using namespace yishi::audit;

TEST_CASE("checkpoints verify with the community key and nothing else") {
  const KeyPair keys = KeyPair::generate();
  const KeyPair other = KeyPair::generate();
  const Hash root = sha256(std::string_view("root"));
  const Checkpoint c = sign_checkpoint("nantang", 42, root, 1'772'326'800'000, keys.secret_key);
  CHECK(verify_checkpoint(c, keys.public_key));
  CHECK_FALSE(verify_checkpoint(c, other.public_key));
  for (auto mutate : std::vector<void (*)(Checkpoint&)>{
           [](Checkpoint& x) { x.tree_size += 1; }, [](Checkpoint& x) { x.root[0] ^= 1; },
           [](Checkpoint& x) { x.time += 1; }, [](Checkpoint& x) { x.community = "other"; },
           [](Checkpoint& x) { x.signature[10] ^= 1; }}) {
    Checkpoint bad = c;
    mutate(bad);
    CHECK_FALSE(verify_checkpoint(bad, keys.public_key));
  }
  CHECK(checkpoint_message(c).starts_with("yishi-checkpoint/v1\nnantang\n42\n"));
}

TEST_CASE("the envelope hash covers every field") {
  Envelope e{7, 1000, "m01", "proposal.supported", 1, "payload", sha256(std::string_view("p")), {}};
  const Hash h = entry_hash(e);
  auto changed = [&](auto mutate) {
    Envelope x = e;
    mutate(x);
    return entry_hash(x) != h;
  };
  CHECK(changed([](Envelope& x) { x.seq = 8; }));
  CHECK(changed([](Envelope& x) { x.time = 1001; }));
  CHECK(changed([](Envelope& x) { x.actor = "m02"; }));
  CHECK(changed([](Envelope& x) { x.type = "proposal.supporteD"; }));
  CHECK(changed([](Envelope& x) { x.version = 2; }));
  CHECK(changed([](Envelope& x) { x.payload = "payloaD"; }));
  CHECK(changed([](Envelope& x) { x.prev_hash[31] ^= 1; }));
  // Length prefixes: moving a byte between fields changes the hash.
  CHECK(changed([](Envelope& x) {
    x.actor = "m01p";
    x.type = "roposal.supported";
  }));
}

TEST_CASE("the envelope hash is the specified digest for every payload length") {
  // entry_hash lays short envelopes out in one buffer and pads them by hand; the
  // specification, field by field, must give the same digest on both sides of
  // every block boundary and past the buffer's 16 blocks.
  Envelope e{123456789, -42, "m0017", "proposal.supported", 3, "", sha256(std::string_view("p")),
             {}};
  for (std::size_t length = 0; length <= 1200; ++length) {
    CAPTURE(length);
    Sha256 h;
    h.update(std::string_view("yishi.envelope.v1")).update_u64(e.seq);
    h.update_u64(static_cast<std::uint64_t>(e.time));
    h.update_u32(static_cast<std::uint32_t>(e.actor.size())).update(e.actor);
    h.update_u32(static_cast<std::uint32_t>(e.type.size())).update(e.type);
    h.update_u32(e.version);
    h.update_u32(static_cast<std::uint32_t>(e.payload.size())).update(e.payload);
    h.update(e.prev_hash);
    CHECK(entry_hash(e) == h.finish());
    e.payload.push_back(static_cast<char>('a' + length % 26));
  }
}

TEST_CASE("two envelope hashes at once are each one's own") {
  Envelope a{1, 5, "m01", "proposal.drafted", 1, "", sha256(std::string_view("a")), {}};
  Envelope b{2, 6, "cv", "proposal.accepted", 2, "", sha256(std::string_view("b")), {}};
  for (std::size_t la = 0; la <= 1100; la += 37) {
    for (std::size_t lb = 0; lb <= 1100; lb += 53) {
      a.payload.assign(la, 'x');
      b.payload.assign(lb, 'y');
      const auto [ha, hb] = entry_hashes(a, b);
      CHECK(ha == entry_hash(a));
      CHECK(hb == entry_hash(b));
    }
  }
}
