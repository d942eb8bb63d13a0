#include <doctest/doctest.h>

#include <limits>

#include <nlohmann/json.hpp>

#include "engine/wire/command_json.hpp"
#include "engine/wire/event_json.hpp"
#include "engine/wire/time_format.hpp"
#include "sample_events.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {
wire::FieldError error_of(std::string_view line) {
  auto parsed = wire::parse_command_text(line);
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error();
}
}  // namespace

TEST_CASE("times: RFC 3339 with zone, milliseconds inside") {
  CHECK(wire::parse_time("2026-03-01T09:00:00+08:00") == 1'772'326'800'000);
  CHECK(wire::parse_time("2026-03-01T01:00:00Z") == 1'772'326'800'000);
  CHECK(wire::parse_time("2026-03-01T01:00:00.25Z") == 1'772'326'800'250);
  CHECK(wire::format_time(1'772'326'800'000) == "2026-03-01T01:00:00Z");
  CHECK(wire::format_time(1'772'326'800'250) == "2026-03-01T01:00:00.250Z");
  // A damaged or forged payload's time, anywhere in int64, prints within years
  // 0000-9999 (chrono's day arithmetic overflowed near the ends: found by fuzzing).
  CHECK(wire::format_time(std::numeric_limits<std::int64_t>::min()) == "0000-01-01T00:00:00Z");
  CHECK(wire::format_time(std::numeric_limits<std::int64_t>::max()) == "9999-12-31T23:59:59.999Z");
  CHECK(wire::format_time(-62'167'219'200'000) == "0000-01-01T00:00:00Z");
  CHECK_FALSE(wire::parse_time("2026-03-01T09:00:00"));  // no zone
  CHECK_FALSE(wire::parse_time("2026-02-30T09:00:00Z"));
  CHECK_FALSE(wire::parse_time("2026-03-01T24:00:00Z"));
  CHECK_FALSE(wire::parse_time("yesterday"));
}

TEST_CASE("a well-formed command line parses into the command and its context") {
  auto parsed = wire::parse_command_text(
      R"({"cmd":"proposal.draft","actor":"m01","at":"2026-03-02T09:00:00+08:00",)"
      R"("proposal":"light","title":"楼道灯维修","kind":"project"})");
  REQUIRE(parsed);
  CHECK(parsed->actor == "m01");
  CHECK_FALSE(parsed->role.has_value());
  const auto& draft = *command_as<command::DraftProposal>(parsed->command);
  CHECK(draft.title == "楼道灯维修");
  CHECK(draft.summary.empty());

  auto member = wire::parse_command_text(
      R"({"cmd":"member.register","actor":"ad","member":"m02","household":"h1",)"
      R"("roles":["resident","chair"],"display_name":"李四","contact":"139"})");
  REQUIRE(member);
  CHECK(member->display_name == "李四");
  CHECK(command_as<command::RegisterMember>(member->command)->roles.contains(Role::chair));

  auto household = wire::parse_command_text(
      R"({"cmd":"household.register","actor":"ad","household":"h1","area_m2":68.55})");
  REQUIRE(household);
  CHECK(command_as<command::RegisterHousehold>(household->command)->area_centi_m2 == 6855);
}

TEST_CASE("a draft may carry an estimated cost and a category; bad ones name the field") {
  auto parsed = wire::parse_command_text(
      R"({"cmd":"proposal.draft","actor":"m01","proposal":"shed","title":"车棚",)"
      R"("estimated_cost":48000,"category":"设施"})");
  REQUIRE(parsed);
  const auto& draft = *command_as<command::DraftProposal>(parsed->command);
  CHECK(draft.estimated_cost == 48'000);
  CHECK(draft.category == "设施");
  const std::string head = R"({"cmd":"proposal.draft","actor":"m01","proposal":"p","title":"t",)";
  for (const char* bad : {R"("estimated_cost":-1})", R"("estimated_cost":1.5})",
                          R"("estimated_cost":"48000"})", R"("estimated_cost":1000000000000001})",
                          R"("estimated_cost":1)"
                          "0000000000000000000000000000000000000000}"}) {
    CAPTURE(bad);
    CHECK(error_of(head + bad).field == "estimated_cost");
  }
  CHECK(error_of(head + R"("category":7})").field == "category");
}

TEST_CASE("bad command lines name the field and say what is wrong") {
  CHECK(error_of(R"({"cmd":"proposal.draft","actor":"m01","proposal":"p"})").field == "title");
  CHECK(error_of(R"({"cmd":"proposal.draft","actor":"m01","proposal":"p","title":5})").message ==
        "must be a string, not number");
  CHECK(error_of(R"({"cmd":"proposal.submit","actor":"m01","proposal":"p","titel":"x"})").field ==
        "titel");
  CHECK(error_of(R"({"cmd":"proposal.fly","actor":"m01"})").field == "cmd");
  CHECK(error_of(R"({"actor":"m01"})").field == "cmd");
  CHECK(error_of(R"({"cmd":"clock.tick"})").field == "actor");
  CHECK(error_of(R"({"cmd":"clock.tick","actor":"a","role":"king"})").field == "role");
  CHECK(error_of(R"({"cmd":"clock.tick","actor":"a","at":"tomorrow"})").field == "at");
  CHECK(error_of(R"({"cmd":"household.register","actor":"a","household":"h","area_m2":1.234})")
            .field == "area_m2");
  CHECK(error_of(R"({"cmd":"member.register","actor":"a","member":"m","roles":["mayor"]})").field ==
        "roles");
  CHECK(error_of(R"([1,2])").message == "a command must be a JSON object");
  CHECK(error_of(R"({"cmd": )").message.starts_with("not valid JSON"));
  const std::string invalid_utf8 =
      "{\"cmd\":\"proposal.draft\",\"actor\":\"m\",\"proposal\":\"p\",\"title\":\"\xC3\x28\"}";
  CHECK(error_of(invalid_utf8).message.starts_with("not valid JSON"));
  const std::string big_title(wire::kMaxStringBytes + 1, 'x');
  CHECK(error_of(R"({"cmd":"proposal.draft","actor":"m","proposal":"p","title":")" + big_title +
                 "\"}")
            .field == "title");
  CHECK(error_of(std::string(wire::kMaxCommandBytes + 1, ' ')).message.find("at most") !=
        std::string::npos);
}

TEST_CASE("every event has a JSON form") {
  for (const Event& e : test::one_of_each_event()) {
    const auto j = wire::to_json(e);
    CHECK(j.is_object());
    CHECK_FALSE(j.empty());
  }
}

TEST_CASE("a rule_change draft names the rules it changes; unknown rules are refused") {
  auto parsed = wire::parse_command_text(
      R"({"cmd":"proposal.draft","actor":"m1","proposal":"r","title":"t","kind":"rule_change",)"
      R"("rulebook":{"support_threshold":3,"max_turn_seconds":90,"supermajority":">=3/4"}})");
  REQUIRE(parsed);
  const auto& draft = *command_as<command::DraftProposal>(parsed->command);
  CHECK(draft.rulebook_change.support_threshold == 3u);
  CHECK(draft.rulebook_change.max_turn == 90 * kSecond);
  CHECK(draft.rulebook_change.supermajority == Fraction{3, 4, false});
  CHECK(error_of(R"({"cmd":"proposal.draft","actor":"m","proposal":"r","title":"t",)"
                 R"("kind":"rule_change","rulebook":{"speed_limit":3}})")
            .field == "rulebook.speed_limit");
  CHECK(error_of(R"({"cmd":"proposal.draft","actor":"m","proposal":"r","title":"t",)"
                 R"("kind":"rule_change","rulebook":{"majority":"half"}})")
            .field == "rulebook.majority");
  CHECK(error_of(R"({"cmd":"ballot.open","actor":"cv","ballot":"b","threshold":"2/3"})").field ==
        "threshold");
  CHECK(error_of(R"({"cmd":"ballot.cast","actor":"m","ballot":"b","choice":"maybe"})").field ==
        "choice");
}

TEST_CASE("ballots with options: the question and the answers on the wire") {
  auto open = wire::parse_command_text(
      R"({"cmd":"ballot.open","actor":"cv","ballot":"b","question":"Which?","kind":"ranked",)"
      R"("method":"stv","seats":2,"options":["A","B","C"],"closes_at":"2026-06-01T00:00:00Z"})");
  REQUIRE(open);
  const auto& spec = command_as<command::OpenBallot>(open->command)->spec;
  CHECK(spec.kind == QuestionKind::ranked);
  CHECK(spec.method == TallyMethod::stv);
  CHECK(spec.seats == 2u);
  CHECK(spec.options.size() == 3);
  auto ranked = wire::parse_command_text(
      R"({"cmd":"ballot.cast","actor":"m","ballot":"b","ranking":[3,[1,2]]})");
  REQUIRE(ranked);
  CHECK(command_as<command::CastBallot>(ranked->command)->choice.ranking ==
        std::vector<std::vector<int>>{{2}, {0, 1}});
  auto approval =
      wire::parse_command_text(R"({"cmd":"ballot.cast","actor":"m","ballot":"b","choice":[1,3]})");
  REQUIRE(approval);
  CHECK(command_as<command::CastBallot>(approval->command)->choice.selected ==
        std::vector<int>{0, 2});
  CHECK(error_of(R"({"cmd":"ballot.cast","actor":"m","ballot":"b","ranking":[0]})").field ==
        "ranking");
  CHECK(error_of(R"({"cmd":"ballot.open","actor":"cv","ballot":"b","kind":"lottery"})").field ==
        "kind");
  // Amounts that int64 cannot hold are refused, not wrapped.
  const auto budget_open = [](const std::string& costs, const std::string& budget) {
    return R"({"cmd":"ballot.open","actor":"cv","ballot":"b","question":"?","kind":"budget",)"
           R"("options":["A","B"],"closes_at":"2026-06-01T00:00:00Z","costs":)" +
           costs + R"(,"budget":)" + budget + "}";
  };
  REQUIRE(wire::parse_command_text(budget_open("[1,2]", "1000000000000000000")));
  // Beyond a double's range nlohmann throws while parsing: refused, not thrown.
  CHECK(error_of(budget_open("[1," + std::string(400, '9') + "]", "10")).field == "costs");
  for (const std::string& big :
       std::vector<std::string>{"9223372036854775807", "18446744073709551615",
                                "1000000000000000001", "1" + std::string(300, '0')}) {
    CAPTURE(big);
    const auto cost = error_of(budget_open("[1," + big + "]", "10"));
    CHECK(cost.field == "costs");
    CHECK(cost.message == "must be at most 1000000000000000000");
    const auto budget = error_of(budget_open("[1,2]", big));
    CHECK(budget.field == "budget");
    CHECK(budget.message == "must be at most 1000000000000000000");
  }
  CHECK(error_of(budget_open("[1,-2]", "10")).message == "must be non-negative whole numbers");
  CHECK(error_of(budget_open("[1,2.5]", "10")).message == "must be non-negative whole numbers");
  CHECK(error_of(budget_open("[1,2]", "-10")).message == "must be a positive whole number");
}

TEST_CASE("numbers out of range are field errors, never exceptions or wrapped values") {
  const std::string head = R"({"cmd":"meeting.add_item","actor":"a","meeting":"m","item":"i",)";
  // Beyond a double: nlohmann throws out_of_range; the error names the field.
  auto huge = error_of(head + R"("planned_minutes":1e400})");
  CHECK(huge.field == "planned_minutes");
  CHECK(huge.message == "is a number out of range");
  CHECK(error_of(head + R"("planned_minutes":)" + std::string(400, '9') + "}").field ==
        "planned_minutes");
  CHECK(error_of(head + R"("planned_minutes":-1e400})").field == "planned_minutes");
  // Above INT64_MAX nlohmann keeps an unsigned, which used to wrap to -1.
  CHECK(error_of(head + R"("planned_minutes":18446744073709551615})").message ==
        "must be a whole number from 1 to 600");
  CHECK(error_of(head + R"("planned_minutes":4294967297})").field == "planned_minutes");
  CHECK(error_of(head + R"("planned_minutes":-5})").field == "planned_minutes");
  CHECK(error_of(head + R"("planned_minutes":2.5})").field == "planned_minutes");
  CHECK(error_of(head + R"("planned_minutes":-9223372036854775809})").field == "planned_minutes");

  const std::string poll =
      R"({"cmd":"ballot.open","actor":"cv","ballot":"b","kind":"budget","options":["A","B"],)";
  CHECK(error_of(poll + R"("costs":[1,18446744073709551615],"budget":10})").field == "costs");
  CHECK(error_of(poll + R"("costs":[1,-1],"budget":10})").field == "costs");
  CHECK(error_of(poll + R"("costs":[1,2],"budget":9223372036854775807})").field == "budget");
  CHECK(error_of(poll + R"("costs":[1,2],"budget":1e400})").field == "budget");
  CHECK(error_of(poll + R"("costs":[1,2],"budget":-3})").field == "budget");
  CHECK(error_of(R"({"cmd":"ballot.cast","actor":"m","ballot":"b","choice":18446744073709551615})")
            .field == "choice");
  CHECK(error_of(R"({"cmd":"ballot.cast","actor":"m","ballot":"b","ranking":[[1,1e999]]})").field ==
        "ranking");
  CHECK(
      error_of(R"({"cmd":"ballot.cast","actor":"m","ballot":"b","scores":[1,9223372036854775807]})")
          .field == "scores");
  CHECK(error_of(R"({"cmd":"household.register","actor":"a","household":"h","area_m2":1e400})")
            .field == "area_m2");
  CHECK(error_of(R"({"cmd":"household.register","actor":"a","household":"h","area_m2":1e300})")
            .field == "area_m2");
  // Inside the rulebook object the field is named by its path.
  const std::string draft =
      R"({"cmd":"proposal.draft","actor":"a","proposal":"p","title":"t","kind":"rule_change",)";
  CHECK(error_of(draft + R"("rulebook":{"support_threshold":1e400}})").field ==
        "rulebook.support_threshold");
  CHECK(error_of(draft + R"("rulebook":{"support_threshold":18446744073709551615}})").field ==
        "rulebook.support_threshold");
  CHECK(error_of(R"({"a":[1e400]})").field == "a");
  CHECK(error_of(R"(1e400)").message == "a number out of range");
}

TEST_CASE("NULs and repeated keys are refused, wherever they are in the line") {
  using namespace std::string_literals;
  const std::string tick = R"({"cmd":"clock.tick","actor":"a"})";
  REQUIRE(wire::parse_command_text(tick));
  // A raw NUL after the object used to end the parse early and pass.
  CHECK(error_of(tick + "\0garbage"s).message == "a NUL byte at column 33");
  CHECK(error_of("{\"cmd\":\"clock.tick\",\"actor\":\"a\0b\"}"s).message.starts_with("a NUL byte"));
  // An escaped NUL is valid JSON, but no text field of Yishi may hold one.
  auto escaped =
      error_of(R"({"cmd":"proposal.draft","actor":"m","proposal":"p","title":"a\u0000b"})");
  CHECK(escaped.field == "title");
  CHECK(escaped.message == "holds a NUL character (\\u0000)");
  CHECK(error_of(R"({"cmd":"member.register","actor":"a","member":"m","roles":["resident\u0000"]})")
            .field == "roles");
  CHECK(error_of(R"({"cmd":"clock.tick","actor":"a","x\u0000":1})").message ==
        "a key holds a NUL character (\\u0000)");
  CHECK(error_of(R"({"cmd":"clock.tick","actor":"a","o":{"x\u0000":1}})").field == "o");
  // A key twice: nlohmann keeps the last silently; which one did the author mean?
  auto twice = error_of(R"({"cmd":"clock.tick","actor":"a","actor":"b"})");
  CHECK(twice.field == "actor");
  CHECK(twice.message == "appears twice in one object");
  CHECK(error_of(R"({"cmd":"proposal.draft","actor":"a","proposal":"p","title":"t",)"
                 R"("kind":"rule_change","rulebook":{"quorum":">1/2","quorum":">2/3"}})")
            .field == "rulebook.quorum");
  // The same key in two different objects is fine.
  CHECK(
      wire::parse_command_text(R"({"cmd":"proposal.draft","actor":"a","proposal":"p","title":"t",)"
                               R"("kind":"rule_change","rulebook":{"support_threshold":3}})"));
  CHECK(wire::parse_json_text(R"([{"a":1},{"a":2}])"));
}

TEST_CASE("an option index of INT_MAX from a bent file is numbered in 64 bits, not wrapped") {
  // fuzz_event_codec found it: a stored tally's winner of 2147483647 overflowed int when
  // numbered from 1 (the seed is tests/fuzz/corpus/fuzz_event_codec/option-index-int-max).
  const int most = std::numeric_limits<int>::max();
  CHECK(wire::option_number(most) == std::int64_t{2147483648});
  CHECK(wire::one_based({0, most}).dump() == "[1,2147483648]");
  CHECK(wire::ranking_json({{most}, {2, 0}}).dump() == "[[2147483648],[3,1]]");
}
