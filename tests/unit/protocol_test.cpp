// The live protocol's client messages: each shape parsed, each wrong shape an
// error that says what is wrong (and carries the command id when one was read);
// and the frame headers the server writes itself.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "server/frame_header.hpp"
#include "server/protocol.hpp"
#include "server/query_parameters.hpp"

using namespace yishi;
using namespace yishi::server;

namespace {

ProtocolError error_of(std::string_view text) {
  auto parsed = parse_client_message(text);
  REQUIRE_FALSE(parsed);
  return parsed.error();
}

}  // namespace

TEST_CASE("the five client messages parse") {
  auto hello = parse_client_message(R"({"type":"hello","protocol":1,"token":"t"})");
  REQUIRE(hello);
  CHECK(std::get<msg::Hello>(*hello).token == "t");
  auto sub = parse_client_message(R"({"type":"subscribe","stream":"meeting:m1","after_seq":7})");
  REQUIRE(sub);
  CHECK(std::get<msg::Subscribe>(*sub).after_seq == 7u);
  auto fresh = parse_client_message(R"({"type":"subscribe","stream":"community"})");
  REQUIRE(fresh);
  CHECK_FALSE(std::get<msg::Subscribe>(*fresh).after_seq);
  CHECK(parse_client_message(R"({"type":"unsubscribe","stream":"community"})"));
  CHECK(parse_client_message(R"({"type":"ping"})"));
  auto command = parse_client_message(
      R"({"type":"command","id":"a-1","command":{"cmd":"proposal.draft","proposal":"p","title":"灯","role":"resident"}})");
  REQUIRE(command);
  const auto& c = std::get<msg::Command>(*command);
  CHECK(c.id == "a-1");
  CHECK(c.command.actor.empty());  // the server fills it from the session
  CHECK(c.command.role == engine::Role::resident);
}

TEST_CASE("malformed messages are errors that say why, with the id when there is one") {
  CHECK(error_of("{").code == "bad_message");
  CHECK(error_of("[1]").code == "bad_message");
  CHECK(error_of(R"({"stream":"community"})").reason.find("type") != std::string::npos);
  CHECK(error_of(R"({"type":"teleport"})").code == "unknown_type");
  CHECK(error_of(R"({"type":"ping","extra":1})").reason.find("extra") != std::string::npos);
  CHECK(error_of(R"({"type":"subscribe","stream":5})").code == "bad_message");
  CHECK(error_of(R"({"type":"subscribe","stream":"community","after_seq":-1})").code ==
        "bad_message");
  CHECK(error_of(R"({"type":"subscribe","stream":"community","after_seq":1.5})").code ==
        "bad_message");
  // A 400-digit number is refused by the JSON reader itself, naming the field.
  const auto huge = error_of(R"({"type":"subscribe","stream":"community","after_seq":)" +
                             std::string(400, '9') + "}");
  CHECK(huge.code == "bad_message");
  CHECK(huge.reason.find("after_seq") != std::string::npos);
  CHECK(error_of(R"({"type":"hello","protocol":"1","token":"t"})").code == "bad_message");
  CHECK(
      error_of(R"({"type":"hello","protocol":1,"token":")" + std::string(300, 'x') + "\"}").code ==
      "bad_message");
  // Commands: the id is carried back whenever it could be read.
  const auto actor = error_of(
      R"({"type":"command","id":"c9","command":{"cmd":"proposal.draft","proposal":"p","title":"t","actor":"ad"}})");
  CHECK(actor.id == "c9");
  CHECK(actor.reason.find("actor") != std::string::npos);
  const auto at = error_of(
      R"({"type":"command","id":"c10","command":{"cmd":"clock.tick","at":"2026-01-01T00:00:00Z"}})");
  CHECK(at.reason.find("command.at") != std::string::npos);
  CHECK(error_of(R"({"type":"command","id":"c11","command":{"cmd":"no.such"}})").id == "c11");
  CHECK(error_of(R"({"type":"command","id":"","command":{"cmd":"clock.tick"}})").code ==
        "bad_message");
  CHECK(error_of(R"({"type":"command","id":")" + std::string(65, 'x') +
                 R"(","command":{"cmd":"clock.tick"}})")
            .code == "bad_message");
  CHECK(error_of(R"({"type":"command","id":7,"command":{"cmd":"clock.tick"}})").code ==
        "bad_message");
  CHECK(error_of(R"({"type":"command","id":"c12","command":"clock.tick"})").id == "c12");
}

TEST_CASE("an ack, written by hand, is the JSON a serializer would write") {
  // Ids a client may choose: quotes, backslashes, control characters, Chinese, emoji.
  const std::string ids[] = {"c1",
                             R"(a"b\c)",
                             "tab\there\nnl\x01\x1f",
                             "\u6295\u7968-7",
                             "\U0001F5F3",
                             std::string(64, 'x'),
                             "/\x7f<"};
  for (const std::string& id : ids) {
    for (const auto& seq : {std::vector<std::uint64_t>{}, std::vector<std::uint64_t>{7},
                            std::vector<std::uint64_t>{1, 18446744073709551615ull}}) {
      for (const auto& receipt :
           {std::optional<std::string>{}, std::optional<std::string>(std::string(64, 'a'))}) {
        nlohmann::ordered_json expected{{"type", "ack"}, {"id", id}, {"seq", seq}};
        if (receipt) expected["receipt"] = *receipt;
        const std::string written = ack_message(id, seq, receipt);
        CHECK(written == expected.dump());
        CHECK(nlohmann::json::parse(written)["id"] == id);
      }
    }
  }
}

TEST_CASE("server times always carry milliseconds, in UTC") {
  CHECK(server_time(1'772'326'800'000) == "2026-03-01T01:00:00.000Z");
  CHECK(server_time(1'772'326'800'042) == "2026-03-01T01:00:00.042Z");
  const auto welcome = nlohmann::json::parse(welcome_message(
      "c", "r1", engine::RoleSet{engine::Role::resident, engine::Role::chair}, 1'772'326'800'000));
  CHECK(welcome["roles"] == nlohmann::json{"resident", "chair"});
  CHECK(welcome["server_time"] == "2026-03-01T01:00:00.000Z");
  const auto rejected = nlohmann::json::parse(
      rejected_message("x", engine::Rejection{"wrong_state", "proposal", "no"}));
  CHECK(rejected["field"] == "proposal");
}

TEST_CASE("a frame header carries the payload length in the shortest of RFC 6455's three forms") {
  using yishi::server::FrameHeader;
  auto bytes = [](std::uint64_t size) {
    const FrameHeader header(size);  // bytes() views the header: it must outlive them
    const auto b = header.bytes();
    return std::vector<int>(b.begin(), b.end());
  };
  CHECK(bytes(0) == std::vector<int>{0x81, 0});
  CHECK(bytes(125) == std::vector<int>{0x81, 125});
  CHECK(bytes(126) == std::vector<int>{0x81, 126, 0x00, 126});
  CHECK(bytes(65535) == std::vector<int>{0x81, 126, 0xff, 0xff});
  CHECK(bytes(65536) == std::vector<int>{0x81, 127, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00});
  CHECK(bytes(0x0102030405ULL) ==
        std::vector<int>{0x81, 127, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05});
}

TEST_CASE("a batch framed once for every session reads back as its messages, in order") {
  using yishi::server::frame_batch;
  std::vector<std::shared_ptr<const std::string>> messages;
  for (const std::size_t size : {0, 5, 125, 126, 300, 65535, 65536, 70'000}) {
    std::string text(size, 'a');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + (i + size) % 26);
    messages.push_back(std::make_shared<const std::string>(std::move(text)));
  }
  messages.push_back(std::make_shared<const std::string>("议事 \"quoted\" ✓"));
  const auto batch = frame_batch(messages);
  CHECK(batch.frames == messages.size());
  // What a client reads off the wire: header, payload, header, payload…
  const std::string& wire = *batch.bytes;
  std::size_t at = 0;
  std::vector<std::string> read;
  while (at < wire.size()) {
    REQUIRE(at + 2 <= wire.size());
    CHECK(static_cast<unsigned char>(wire[at]) == 0x81);  // final text frame, no extensions
    std::uint64_t length = static_cast<unsigned char>(wire[at + 1]);
    CHECK((length & 0x80) == 0);  // a server never masks
    at += 2;
    const std::size_t width = length == 126 ? 2 : length == 127 ? 8 : 0;
    if (width > 0) {
      length = 0;
      for (std::size_t i = 0; i < width; ++i) {
        length = (length << 8) | static_cast<unsigned char>(wire[at + i]);
      }
      at += width;
    }
    REQUIRE(at + length <= wire.size());
    read.emplace_back(wire.substr(at, length));
    at += length;
  }
  REQUIRE(read.size() == messages.size());
  for (std::size_t i = 0; i < read.size(); ++i) CHECK(read[i] == *messages[i]);
}

TEST_CASE("an API query's parameters: each known name at most once, nothing else") {
  using yishi::server::query_parameters;
  const auto ok = query_parameters("by=year&&body=r1&funding=", {"by", "body", "funding"});
  REQUIRE(ok);
  CHECK(ok->size() == 3);
  CHECK(ok->at("by") == "year");
  CHECK(ok->at("body") == "r1");
  CHECK(ok->at("funding").empty());
  CHECK(query_parameters("", {"by"})->empty());

  const auto twice = query_parameters("by=month&by=year", {"by"});
  REQUIRE_FALSE(twice);
  CHECK(twice.error().status == 400);
  CHECK(twice.error().code == "bad_parameter");
  CHECK(twice.error().field == "by");
  CHECK(twice.error().reason == "by is given twice");

  const auto unknown = query_parameters("size=2", {"tree_size"});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().field == "size");
  CHECK(unknown.error().reason == "unknown parameter \"size\" (known: tree_size)");

  // A 300-character name: named by its first 64 in the field, its first 24 in the reason.
  const auto long_name = query_parameters(std::string(300, 'x') + "=1", {"by"});
  REQUIRE_FALSE(long_name);
  CHECK(long_name.error().field == std::string(64, 'x'));
  CHECK(long_name.error().reason ==
        "unknown parameter \"" + std::string(24, 'x') + "…\" (known: by)");
}
