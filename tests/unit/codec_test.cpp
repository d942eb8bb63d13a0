#include <doctest/doctest.h>

#include <set>

#include <cereal/archives/portable_binary.hpp>
#include "engine/audit/hash.hpp"

#include <sstream>

#include "engine/codec/event_codec.hpp"
#include "engine/codec/payload_fields.hpp"
#include "engine/codec/serialize.hpp"
#include "engine/codec/state_codec.hpp"
#include "sample_events.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {

// An event's payload as an older version of its type wrote it.
template <class E>
std::string legacy_payload(E& event, std::uint32_t version) {
  std::ostringstream out;
  {
    cereal::PortableBinaryOutputArchive archive(out);
    AtVersion<E> legacy{&event, version};
    archive(legacy);
  }
  return out.str();
}

}  // namespace

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

TEST_CASE("an event's payload fields re-encode to exactly its payload bytes") {
  // What an independent verifier relies on (clients/verify/FORMAT.md): the
  // field list is the payload, primitive by primitive.
  for (const Event& e : test::one_of_each_event()) {
    CAPTURE(std::string(event_tag(e)));
    const auto fields = codec::payload_fields(e);
    REQUIRE_FALSE(fields.empty());
    CHECK(fields.front().kind == "u8");
    CHECK(codec::encode_fields(fields) == codec::encode_payload(e));
  }
  // A proposal's strings come through whole, in order.
  const auto fields =
      codec::payload_fields(event::ProposalReferred{"road", "街道城管科", "行政事项"});
  REQUIRE(fields.size() == 4);
  CHECK(fields[1].kind == "str");
  CHECK(std::get<std::string>(fields[1].value) == "road");
  CHECK(std::get<std::string>(fields[2].value) == "街道城管科");
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
  auto decoded = codec::decode_event("community.founded", 1, legacy_payload(original, 1));
  REQUIRE(decoded);
  const auto& founded = std::get<event::CommunityFounded>(*decoded);
  CHECK(founded.rulebook.support_threshold == 9);
  CHECK(founded.rulebook.notice_period == default_rulebook().notice_period);
  // The newer layout is longer: reading it as version 1 leaves bytes over.
  const Event current = original;
  CHECK_FALSE(codec::decode_event("community.founded", 1, codec::encode_payload(current)));
}

namespace {

std::string from_hex(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return bytes;
}

// The rulebook every payload below carries: version 3, nine co-signers, two
// proxies per holder, a quorum of at least 3/5.
void check_layout2_rulebook(const Rulebook& r) {
  CHECK(r.version == 3);
  CHECK(r.support_threshold == 9);
  CHECK(r.max_proxies_per_holder == 2);
  CHECK(r.quorum == Fraction{3, 5, false});
  CHECK(r.max_turn == default_rulebook().max_turn);
  CHECK(r.ballot_changes_allowed);  // layout 2 had no ballot section: the default
}

}  // namespace

TEST_CASE("events written with rulebook layout 2 (before the ballot section) still decode") {
  // Bytes written by the release that used rulebook layout 2 (commit 409e4e1).
  const auto founded = codec::decode_event(
      "community.founded", 2,
      from_hex("0107000000000000006e616e74616e67020000000000000061640300000009000000000819480000"
               "000078000000a00f0000d007000000840c2400000000005c26050000000000030000000500000000"
               "02000000c0d4010000000000e0930400000000000100000002000000010200000003000000000200"
               "0000"));
  REQUIRE(founded);
  CHECK(std::get<event::CommunityFounded>(*founded).community == "nantang");
  check_layout2_rulebook(std::get<event::CommunityFounded>(*founded).rulebook);

  const auto scheduled = codec::decode_event(
      "meeting.scheduled", 1,
      from_hex("0102000000000000006d3102010000000000000054e8030000000000000200000000000000637602"
               "00000000000000636800000000000000000300000009000000000819480000000078000000a00f00"
               "00d007000000840c2400000000005c2605000000000003000000050000000002000000c0d4010000"
               "000000e09304000000000001000000020000000102000000030000000002000000"));
  REQUIRE(scheduled);
  CHECK(std::get<event::MeetingScheduled>(*scheduled).chair == "ch");
  check_layout2_rulebook(std::get<event::MeetingScheduled>(*scheduled).rules);

  const auto installed = codec::decode_event(
      "rulebook.installed", 1,
      from_hex("01020000000000000072630300000009000000000819480000000078000000a00f0000d007000000"
               "840c2400000000005c2605000000000003000000050000000002000000c0d4010000000000e09304"
               "000000000001000000020000000102000000030000000002000000"));
  REQUIRE(installed);
  check_layout2_rulebook(std::get<event::RulebookInstalled>(*installed).rulebook);

  const auto proposed = codec::decode_event(
      "proposal.rulebook_proposed", 1,
      from_hex("0102000000000000007263000700000001010101010101010100030000000400000000"));
  REQUIRE(proposed);
  const auto& change = std::get<event::RulebookProposed>(*proposed).change;
  CHECK(change.support_threshold == 7u);
  CHECK(change.supermajority == Fraction{3, 4, false});
  CHECK_FALSE(change.ballot_changes_allowed);

  // And the current versions round-trip the ballot section.
  Rulebook r = default_rulebook();
  r.ballot_changes_allowed = false;
  r.option_ties = TieBreak::status_quo;
  const Event now = event::RulebookInstalled{"rc", r};
  const auto back = codec::decode_event("rulebook.installed", event::RulebookInstalled::version,
                                        codec::encode_payload(now));
  REQUIRE(back);
  CHECK(std::get<event::RulebookInstalled>(*back).rulebook == r);
}

TEST_CASE("ballot.opened version 1 bytes from the previous release still decode") {
  // Written by commit 409e4e1: a secret household-weighted approval poll over A and B,
  // two seats, closing 2026-03-01T01:00:00Z, no replacements, two eligible members.
  const auto decoded = codec::decode_event(
      "ballot.opened", 1,
      from_hex("0106000000000000007375727665790000000000000000000000000000000016000000000000004f"
               "70656e207468652067796d206174206e696768743f02020000000000000001000000000000004101"
               "00000000000000420000000000000000000000000000000000000000000000000202000000000000"
               "000000000000000000000000000000000000000000010100010000000200000001000080cae8a69c"
               "01000000020000000000000003000000000000006d30310200000000000000683103000000000000"
               "006d30320200000000000000683202000000000000000200000000000000"));
  REQUIRE(decoded);
  const auto& e = std::get<event::BallotOpened>(*decoded);
  CHECK(e.ballot == "survey");
  CHECK(e.question == "Open the gym at night?");
  CHECK(e.spec.kind == QuestionKind::approval);
  CHECK(e.spec.options == std::vector<std::string>{"A", "B"});
  CHECK(e.spec.seats == 2);
  CHECK(e.weighting == Weighting::household);
  CHECK(e.closes_at == 1'772'326'800'000);
  CHECK_FALSE(e.changes_allowed);
  CHECK(e.eligible.size() == 2);
  CHECK(e.electorate_owners == 2);
  CHECK(e.rulebook_version == 0);
}

TEST_CASE("ballot.opened version 1 (before it recorded the rulebook version) still decodes") {
  event::BallotOpened original;
  original.ballot = "survey";
  original.question = "Open the gym at night?";
  original.eligible = {{"m01", "h1"}};
  original.rulebook_version = 4;
  auto decoded = codec::decode_event("ballot.opened", 1, legacy_payload(original, 1));
  REQUIRE(decoded);
  const auto& opened = std::get<event::BallotOpened>(*decoded);
  CHECK(opened.question == original.question);
  CHECK(opened.eligible == original.eligible);
  CHECK(opened.rulebook_version == 0);  // unknown in version 1
  const Event current = original;
  auto now = codec::decode_event("ballot.opened", 2, codec::encode_payload(current));
  REQUIRE(now);
  CHECK(std::get<event::BallotOpened>(*now).rulebook_version == 4);
}

TEST_CASE("ballot.sealed version 1 (box rows before owner tags) still decodes") {
  event::BallotSealed original{"survey", std::string(64, 'a'), {}, std::string(64, 'f')};
  original.sealed.choice.yes_no = YesNo::no;
  auto decoded = codec::decode_event("ballot.sealed", 1, legacy_payload(original, 1));
  REQUIRE(decoded);
  const auto& sealed = std::get<event::BallotSealed>(*decoded);
  CHECK(sealed.sealed.choice.yes_no == YesNo::no);
  CHECK(sealed.owner.empty());
  // Version 1 is a prefix of version 2: read as version 1, a version-2 row has bytes over.
  const Event current = original;
  CHECK_FALSE(codec::decode_event("ballot.sealed", 1, codec::encode_payload(current)));
}

TEST_CASE("proposal.drafted version 1 (before estimates and categories) still decodes") {
  event::ProposalDrafted original{
      "lights", "r1", ProposalKind::project, "楼道灯", "更换", 1'772'326'800'000, 48'000, "设施"};
  auto decoded = codec::decode_event("proposal.drafted", 1, legacy_payload(original, 1));
  REQUIRE(decoded);
  const auto& drafted = std::get<event::ProposalDrafted>(*decoded);
  CHECK(drafted.title == "楼道灯");
  CHECK(drafted.estimated_cost == 0);  // version 1 said none
  CHECK(drafted.category.empty());
  const Event current = original;
  auto now = codec::decode_event("proposal.drafted", 2, codec::encode_payload(current));
  REQUIRE(now);
  CHECK(std::get<event::ProposalDrafted>(*now).estimated_cost == 48'000);
  CHECK(std::get<event::ProposalDrafted>(*now).category == "设施");
  CHECK_FALSE(codec::decode_event("proposal.drafted", 1, codec::encode_payload(current)));
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

TEST_CASE("a state is compared with snapshot bytes as it is encoded") {
  State s;
  s.community = "nantang";
  for (int i = 0; i < 400; ++i) {  // well past the comparison's 16 KB buffer
    Proposal p;
    p.id = "p" + std::to_string(i);
    p.title = "Stairwell light " + p.id;
    p.supporters = {"m02", "m03"};
    s.proposals[p.id] = p;
  }
  const std::string bytes = codec::encode_state(s);
  REQUIRE(bytes.size() > 3 * 16384);
  CHECK(codec::state_encodes_to(s, bytes));
  CHECK_FALSE(codec::state_encodes_to(s, bytes.substr(0, bytes.size() - 1)));
  CHECK_FALSE(codec::state_encodes_to(s, bytes + '\0'));
  CHECK_FALSE(codec::state_encodes_to(s, ""));
  for (std::size_t at : {std::size_t{0}, std::size_t{16383}, std::size_t{16384}, bytes.size() / 2,
                         bytes.size() - 1}) {
    std::string changed = bytes;
    changed[at] = static_cast<char>(changed[at] ^ 0x20);
    CHECK_FALSE(codec::state_encodes_to(s, changed));
  }
  CHECK(codec::state_encodes_to(State{}, codec::encode_state(State{})));
}

TEST_CASE("a damaged payload is refused, never trusted: size prefixes and booleans") {
  // A string's size prefix claiming ~120 TB: cereal would resize to it before
  // reading. Refused by the payload's own length instead.
  std::string payload = codec::encode_payload(event::VoteCounted{"council", 0, 1, 2, 3, true});
  REQUIRE(payload.size() > 9);
  const std::string huge = {'\x0f', 0, 0, 0, 'c', 'n', 0, 0};
  payload.replace(1, 8, huge);  // after the archive's endianness byte
  auto sized = codec::decode_event("vote.counted", 1, payload);
  REQUIRE_FALSE(sized);
  CHECK(sized.error().find("exceeds the") != std::string::npos);

  // A bool byte of 255: reading it would be undefined behaviour.
  std::string flag = codec::encode_payload(event::VoteCounted{"council", 0, 1, 2, 3, true});
  REQUIRE(flag.back() == '\x01');
  flag.back() = '\xff';
  auto boolean = codec::decode_event("vote.counted", 1, flag);
  REQUIRE_FALSE(boolean);
  CHECK(boolean.error().find("boolean") != std::string::npos);
  flag.back() = '\x00';
  CHECK(std::get<event::VoteCounted>(*codec::decode_event("vote.counted", 1, flag)).passed ==
        false);

  // Snapshots are read the same way.
  std::string snapshot = codec::encode_state(State{});
  CHECK(codec::decode_state(snapshot));
}

TEST_CASE("an enum value outside its names is named \"invalid\", not read past the table") {
  CHECK(to_string(static_cast<ProposalKind>(48)) == "invalid");
  CHECK(to_string(static_cast<Role>(200)) == "invalid");
  CHECK(to_string(ProposalKind::rule_change) == "rule_change");
}
