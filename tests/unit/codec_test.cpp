#include <doctest/doctest.h>

#include <set>

#include <cereal/archives/portable_binary.hpp>
#include "engine/audit/hash.hpp"

#include <sstream>

#include "engine/codec/event_codec.hpp"
#include "engine/codec/serialize.hpp"
#include "engine/codec/state_codec.hpp"
#include "sample_events.hpp"

using namespace yishi;
using namespace yishi::engine;

TEST_CASE("every event type round-trips through its stable tag") {
  const auto events = test::one_of_each_event();
  REQUIRE(events.size() == std::variant_size_v<Event>);
  std::set<std::string_view> tags;
  for (const Event& e : events) {
    CAPTURE(std::string(event_tag(e)));
    tags.insert(event_tag(e));
    const std::string payload = codec::encode_payload(e);
    auto back = codec::decode_event(event_tag(e), event_version(e), payload);
    REQUIRE(back.has_value());
    CHECK(*back == e);
  }
  CHECK(tags.size() == events.size());  // tags are unique
}

TEST_CASE("decoding refuses unknown tags, unsupported versions and damaged payloads") {
  const Event e = event::ProposalAccepted{"light", "自治事项"};
  const std::string payload = codec::encode_payload(e);
  CHECK(codec::decode_event("proposal.acepted", 1, payload).error().find("unknown event type") !=
        std::string::npos);
  CHECK(codec::decode_event("proposal.accepted", 2, payload).error().find("unsupported version") !=
        std::string::npos);
  CHECK_FALSE(codec::decode_event("proposal.accepted", 1, payload.substr(0, payload.size() - 3)));
  CHECK_FALSE(codec::decode_event("proposal.accepted", 1, payload + "x"));
  // The tag, not the bytes, decides the type: the same bytes under another tag are not accepted
  // as that type unless they happen to fit it, and then they decode as that type.
  auto retagged = codec::decode_event("proposal.returned", 1, payload);
  REQUIRE(retagged);
  CHECK(std::holds_alternative<event::ProposalReturned>(*retagged));
}

TEST_CASE("the encoding of a version-1 event is pinned") {
  // If this fails, the layout of an existing event version changed and old logs
  // would no longer verify or decode: add a new version instead.
  const Event e = event::ProposalSupported{"light", "m02"};
  const std::string bytes = codec::encode_payload(e);
  // 01 = little-endian marker, then each string as a u64 length and its bytes.
  CHECK(
      audit::to_hex(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size())) ==
      "0105000000000000006c6967687403000000000000006d3032");
}

TEST_CASE("community.founded version 1 (rulebook without a meeting section) still decodes") {
  event::CommunityFounded original{"nantang", "ad", default_rulebook()};
  original.rulebook.support_threshold = 9;
  std::ostringstream out;
  {
    cereal::PortableBinaryOutputArchive archive(out);
    event::CommunityFoundedV1 legacy{&original};
    archive(legacy);
  }
  auto decoded = codec::decode_event("community.founded", 1, out.str());
  REQUIRE(decoded);
  const auto& founded = std::get<event::CommunityFounded>(*decoded);
  CHECK(founded.rulebook.support_threshold == 9);
  CHECK(founded.rulebook.notice_period == default_rulebook().notice_period);
  // The version-2 layout is longer: reading it as version 1 leaves bytes over.
  const Event current = original;
  CHECK_FALSE(codec::decode_event("community.founded", 1, codec::encode_payload(current)));
}

TEST_CASE("state snapshots round-trip") {
  State s;
  s.community = "nantang";
  s.members["m01"] = Member{"m01", "h1", RoleSet{Role::resident}};
  Proposal p;
  p.id = "light";
  p.author = "m01";
  p.supporters = {"m02", "m03"};
  p.phase = phase::CollectingSupport{123, 5};
  s.proposals["light"] = p;
  s.support_deadlines.emplace(123, "light");
  auto back = codec::decode_state(codec::encode_state(s));
  REQUIRE(back);
  CHECK(*back == s);
  CHECK_FALSE(codec::decode_state("garbage"));
}
