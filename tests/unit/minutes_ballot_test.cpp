// Minutes say when a vote was taken by ballot, and by which kind.
#include "engine/minutes/minutes.hpp"
#include "meeting_fixture.hpp"

#include <algorithm>

namespace yishi::test {

namespace {

// A council decides its item by secret ballot (4 yes, 1 no) while a poll of the
// same community runs beside it: the meeting's log, as minutes and replay see it.
std::vector<minutes::Recorded> council_with_ballot() {
  Council c;  // in debate on i1
  std::vector<minutes::Recorded> log;
  const auto keep = [&](const std::vector<Event>& events, const MemberId& actor) {
    for (const Event& e : events) {
      if (!is_sealed_box_event(e)) log.push_back({log.size() + 4, c.now, actor, e});
    }
  };
  command::OpenBallot poll;
  poll.ballot = "poll";
  poll.question = "Open the gym at night?";
  poll.closes_at = c.now + 7 * kDay;
  keep(c.run(poll, "cv", Role::convener), "cv");
  keep(c.run(command::CallVote{"m"}, "ch", Role::chair), "ch");
  command::OpenBallot open;
  open.ballot = "b1";
  open.meeting = "m";
  keep(c.run(open, "ch", Role::chair), "ch");
  for (int i = 1; i <= 5; ++i) {
    Choice choice;
    choice.yes_no = i <= 4 ? YesNo::yes : YesNo::no;
    keep(c.run(
             command::CastBallot{"b1", choice, std::string(64, static_cast<char>('0' + i)), "", ""},
             Council::r(i)),
         Council::r(i));
    keep(c.run(command::CastBallot{"poll", choice, std::string(64, static_cast<char>('a' + i)), "",
                                   ""},
               Council::r(i)),
         Council::r(i));
  }
  keep(c.run(command::CloseBallot{"b1"}, "ch", Role::chair), "ch");
  // The record needs the meeting's earlier events: rebuild them from the fixture's state.
  std::vector<minutes::Recorded> all = {
      {1, kT0, "cv",
       event::MeetingScheduled{"m", MeetingKind::council, "Council", kT0, "cv", "ch", "",
                               c.m().rules}},
      {2, kT0, "cv", event::ItemAdded{"m", "i1", "p", "Bicycle shed", "Build the shed?", 30, 0}},
      {3, kT0, "ch", event::ItemStarted{"m", "i1", "", 0, 0}}};
  all.insert(all.end(), log.begin(), log.end());
  return all;
}

std::size_t count_of(const std::vector<std::string>& lines, std::string_view text) {
  return static_cast<std::size_t>(std::ranges::count_if(
      lines, [&](const std::string& line) { return line.find(text) != std::string::npos; }));
}

}  // namespace

TEST_CASE("minutes record that the item was decided by secret ballot") {
  const auto all = council_with_ballot();
  const auto record = minutes::build_record("m", all);
  REQUIRE(record);
  REQUIRE(record->agenda.front().vote);
  const auto& vote = *record->agenda.front().vote;
  CHECK(vote.ballot == "b1");
  CHECK(vote.secret);
  CHECK(vote.yes == 4);
  const std::string zh = minutes::minutes_markdown(*record, {});
  CHECK(zh.find("赞成 4，反对 1，弃权 0：通过（无记名投票 b1，选票按回执已公布）") !=
        std::string::npos);
  const std::string en = minutes::minutes_markdown(*record, {minutes::Language::en, 0});
  CHECK(en.find("yes 4, no 1, abstain 0: carried (secret ballot b1; its ballots are published "
                "by receipt)") != std::string::npos);
  CHECK(minutes::minutes_json(*record)["agenda"][0]["vote"]["secrecy"] == "secret");
}

TEST_CASE("the replay shows the meeting's ballot, not a poll running beside it") {
  const auto all = council_with_ballot();
  const auto lines = minutes::timeline("m", all, {minutes::Language::en, 0});
  CHECK(count_of(lines, "ballot.opened") == 1);
  CHECK(count_of(lines, "ballot.participated") == 5);
  CHECK(count_of(lines, "ballot.tallied") == 1);
  CHECK(count_of(lines, "\"ballot\":\"poll\"") == 0);
  // A sealed choice never reaches the timeline, even from a log that held one.
  CHECK(count_of(lines, "ballot.sealed") == 0);
  CHECK(count_of(lines, "vote.counted") == 1);
}

TEST_CASE("human output names members; ids stay for JSON and on request") {
  const auto all = council_with_ballot();
  const auto record = minutes::build_record("m", all);
  REQUIRE(record);
  // Two members share a name: each is shown with their id so readers can tell them apart.
  const minutes::Names names({{"ch", "主持人老周"},
                              {"cv", "居委会"},
                              {Council::r(1), "王芳"},
                              {Council::r(2), "王芳"},
                              {Council::r(3), "  "}});
  CHECK(names("ch") == "主持人老周");
  CHECK(names(Council::r(1)) == "王芳 (" + Council::r(1) + ")");
  CHECK(names(Council::r(3)) == Council::r(3));  // a blank name is no name
  CHECK(names("nobody") == "nobody");

  const minutes::Style named{minutes::Language::zh, 8 * 60, &names};
  const std::string zh = minutes::minutes_markdown(*record, named);
  CHECK(zh.find("召集方：居委会；主持人：主持人老周") != std::string::npos);
  CHECK(zh.find("召集方：cv") == std::string::npos);
  CHECK(minutes::minutes_markdown(*record, {}).find("召集方：cv；主持人：ch") != std::string::npos);

  const auto lines = minutes::timeline("m", all, named);
  CHECK(count_of(lines, "\"voter\":\"王芳 (" + Council::r(1) + ")\"") == 1);
  CHECK(count_of(lines, " 主持人老周 ") >= 2);  // the actor column: call and open
  CHECK(count_of(lines, "\"voter\":\"" + Council::r(1) + "\"") == 0);
  // JSON keeps ids whatever the names.
  CHECK(minutes::minutes_json(*record)["convener"] == "cv");
}

}  // namespace yishi::test
