// Minutes say when a vote was taken by ballot, and by which kind.
#include "engine/minutes/minutes.hpp"
#include "meeting_fixture.hpp"

namespace yishi::test {

TEST_CASE("minutes record that the item was decided by secret ballot") {
  Council c;  // in debate on i1
  std::vector<minutes::Recorded> log;
  const auto keep = [&](const std::vector<Event>& events, const MemberId& actor) {
    for (const Event& e : events) {
      if (!is_sealed_box_event(e)) log.push_back({log.size() + 1, c.now, actor, e});
    }
  };
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
  }
  keep(c.run(command::CloseBallot{"b1"}, "ch", Role::chair), "ch");
  // The record needs the meeting's earlier events: rebuild them from the fixture's state.
  std::vector<minutes::Recorded> all = {
      {0, kT0, "cv",
       event::MeetingScheduled{"m", MeetingKind::council, "Council", kT0, "cv", "ch", "",
                               c.m().rules}},
      {0, kT0, "cv", event::ItemAdded{"m", "i1", "p", "Bicycle shed", "Build the shed?", 30, 0}},
      {0, kT0, "ch", event::ItemStarted{"m", "i1", "", 0, 0}}};
  all.insert(all.end(), log.begin(), log.end());
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

}  // namespace yishi::test
