// Permissions are exhaustive: every command declares the roles that may issue
// it, beside its definition (a command without the declaration does not
// compile). This runs every command, in every role, in every lifecycle state of
// a council fixture, and checks that the declaration is the only role gate: a
// role outside it is refused as role_not_permitted, a role the actor does not
// hold as role_not_held, and nothing outside the declaration ever succeeds.
#include <set>
#include <variant>

#include "meeting_fixture.hpp"
#include "test_nonce.hpp"

namespace yishi::test {
namespace {

// A sample of each command against the council fixture's ids ("m", "i1", "p"...).
// Every alternative of Command must have one: a new command without a sample
// fails to compile here.
Command sample(std::type_identity<command::FoundCommunity>) {
  return command::FoundCommunity{"again", {}};
}
Command sample(std::type_identity<command::RegisterHousehold>) {
  return command::RegisterHousehold{"h99", 5000};
}
Command sample(std::type_identity<command::RegisterMember>) {
  return command::RegisterMember{"new", "", {Role::resident}};
}
Command sample(std::type_identity<command::GrantRole>) {
  return command::GrantRole{"r5", Role::secretary};
}
Command sample(std::type_identity<command::RevokeRole>) {
  return command::RevokeRole{"sec", Role::secretary};
}
Command sample(std::type_identity<command::DraftProposal>) {
  return command::DraftProposal{"new-p", ProposalKind::project, "Benches", ""};
}
Command sample(std::type_identity<command::ReviseProposal>) {
  return command::ReviseProposal{"d", "Benches, revised", ""};
}
Command sample(std::type_identity<command::SubmitProposal>) {
  return command::SubmitProposal{"d"};
}
Command sample(std::type_identity<command::SupportProposal>) {
  return command::SupportProposal{"c"};
}
Command sample(std::type_identity<command::AcceptProposal>) {
  return command::AcceptProposal{"s", "ok"};
}
Command sample(std::type_identity<command::ReturnProposal>) {
  return command::ReturnProposal{"s", "costs"};
}
Command sample(std::type_identity<command::ReferProposal>) {
  return command::ReferProposal{"s", "Street office", "administrative"};
}
Command sample(std::type_identity<command::MergeProposal>) {
  return command::MergeProposal{"s", "c", "duplicate"};
}
Command sample(std::type_identity<command::ScheduleProposal>) {
  return command::ScheduleProposal{"a", "m"};
}
Command sample(std::type_identity<command::WithdrawProposal>) {
  return command::WithdrawProposal{"d", ""};
}
Command sample(std::type_identity<command::Tick>) {
  return command::Tick{};
}
Command sample(std::type_identity<command::ScheduleMeeting>) {
  return command::ScheduleMeeting{"m2", MeetingKind::council, "Next", kT0 + 60 * kDay, "ch", ""};
}
Command sample(std::type_identity<command::AddItem>) {
  return command::AddItem{"m", "i9", "", "Any other business", "", 10};
}
Command sample(std::type_identity<command::MoveItem>) {
  return command::MoveItem{"m", "i2", 0};
}
Command sample(std::type_identity<command::OpenMeeting>) {
  return command::OpenMeeting{"m"};
}
Command sample(std::type_identity<command::CheckIn>) {
  return command::CheckIn{"m", ""};
}
Command sample(std::type_identity<command::CheckOut>) {
  return command::CheckOut{"m", ""};
}
Command sample(std::type_identity<command::RegisterProxy>) {
  return command::RegisterProxy{"m", "r1"};
}
Command sample(std::type_identity<command::CallToOrder>) {
  return command::CallToOrder{"m"};
}
Command sample(std::type_identity<command::HandOverChair>) {
  return command::HandOverChair{"m", "r2"};
}
Command sample(std::type_identity<command::StartItem>) {
  return command::StartItem{"m", "i1"};
}
Command sample(std::type_identity<command::OpenDebate>) {
  return command::OpenDebate{"m"};
}
Command sample(std::type_identity<command::RequestFloor>) {
  return command::RequestFloor{"m", Stance::pro};
}
Command sample(std::type_identity<command::WithdrawRequest>) {
  return command::WithdrawRequest{"m"};
}
Command sample(std::type_identity<command::Recognize>) {
  return command::Recognize{"m"};
}
Command sample(std::type_identity<command::Yield>) {
  return command::Yield{"m"};
}
Command sample(std::type_identity<command::CutOff>) {
  return command::CutOff{"m", "time"};
}
Command sample(std::type_identity<command::RaiseOrder>) {
  return command::RaiseOrder{"m", "order"};
}
Command sample(std::type_identity<command::RuleOrder>) {
  return command::RuleOrder{"m", true, "ruled"};
}
Command sample(std::type_identity<command::MoveMotion>) {
  return command::MoveMotion{"m", MotionKind::postpone, "", 0};
}
Command sample(std::type_identity<command::SecondMotion>) {
  return command::SecondMotion{"m"};
}
Command sample(std::type_identity<command::CallVote>) {
  return command::CallVote{"m"};
}
Command sample(std::type_identity<command::CountVote>) {
  return command::CountVote{"m", 4, 1, 0};
}
Command sample(std::type_identity<command::ConcludeItem>) {
  return command::ConcludeItem{"m"};
}
Command sample(std::type_identity<command::Resume>) {
  return command::Resume{"m"};
}
Command sample(std::type_identity<command::Adjourn>) {
  return command::Adjourn{"m"};
}
Command sample(std::type_identity<command::AmendMinutes>) {
  return command::AmendMinutes{"m", "typo"};
}
Command sample(std::type_identity<command::ApproveMinutes>) {
  return command::ApproveMinutes{"m"};
}
Command sample(std::type_identity<command::OpenBallot>) {
  command::OpenBallot c;
  c.ballot = "b-new";
  c.question = "Paint it green?";
  c.closes_at = kT0 + 90 * kDay;
  return c;
}
Command sample(std::type_identity<command::CastBallot>) {
  Choice yes;
  yes.yes_no = YesNo::yes;
  return command::CastBallot{"poll", yes, test_nonce(7, '0'), "", ""};
}
Command sample(std::type_identity<command::CloseBallot>) {
  return command::CloseBallot{"poll"};
}
Command sample(std::type_identity<command::PublishNotice>) {
  return command::PublishNotice{"n-new", NoticeKind::general, "Water off", "Tuesday 9-12"};
}
Command sample(std::type_identity<command::AcknowledgeNotice>) {
  return command::AcknowledgeNotice{"n0"};
}
Command sample(std::type_identity<command::FileReport>) {
  return command::FileReport{"rep-new", "Broken light", "Stairwell 3"};
}
Command sample(std::type_identity<command::TriageReport>) {
  return command::TriageReport{"rep0", Triage::proposal, "a", "same matter"};
}
Command sample(std::type_identity<command::RequestReply>) {
  return command::RequestReply{"a", kT0 + 400 * kDay};
}
Command sample(std::type_identity<command::RecordReply>) {
  return command::RecordReply{"a", "On the plan"};
}
Command sample(std::type_identity<command::EraseMember>) {
  return command::EraseMember{"r9"};
}
Command sample(std::type_identity<command::AssignTask>) {
  return command::AssignTask{"t", "all", Funding::community_funds, 100};
}
Command sample(std::type_identity<command::AddMilestone>) {
  return command::AddMilestone{"t", "m1", "Paint", "Painted walls", kT0 + 400 * kDay};
}
Command sample(std::type_identity<command::AddSubtask>) {
  return command::AddSubtask{"t", "t-sub", "Buy paint", 1};
}
Command sample(std::type_identity<command::StartTask>) {
  return command::StartTask{"t"};
}
Command sample(std::type_identity<command::ReportProgress>) {
  return command::ReportProgress{"t", 50u, 10, "half done"};
}
Command sample(std::type_identity<command::CompleteTask>) {
  return command::CompleteTask{"t"};
}
Command sample(std::type_identity<command::EvaluateTask>) {
  return command::EvaluateTask{"t", "poll"};
}
Command sample(std::type_identity<command::CancelTask>) {
  return command::CancelTask{"t", "a", "superseded"};
}

template <class... Cs>
void add_samples(std::vector<Command>& out, std::type_identity<std::variant<Cs...>>) {
  (out.push_back(sample(std::type_identity<Cs>{})), ...);
}
template <class... Groups>
std::vector<Command> every_command(std::type_identity<std::variant<Groups...>>) {
  std::vector<Command> out;
  (add_samples(out, std::type_identity<Groups>{}), ...);
  return out;
}

// The council fixture at each stage, with a poll open; and a member holding
// every role, so only the declaration decides which roles pass the gate.
// Beside the fixture's own: a member holding every role, a poll, and proposals
// in draft (d, by r2), collecting support (c), screening (s) and accepted (a).
void add_member_of_every_role_and_poll(Council& c) {
  c.run(command::RegisterMember{"all", "h1", kAnyRole}, "ad", Role::admin);
  const auto proposal = [&](const ProposalId& id, const MemberId& author, int stage) {
    c.run(command::DraftProposal{id, ProposalKind::project, "Proposal " + id, ""}, author);
    if (stage >= 1) c.run(command::SubmitProposal{id}, author);
    if (stage >= 2) c.run(command::SupportProposal{id}, "r9");
    if (stage >= 3) c.run(command::AcceptProposal{id, "ok"}, "cv", Role::convener);
  };
  proposal("d", "r2", 0);
  proposal("c", "r4", 1);
  proposal("s", "r5", 2);
  proposal("a", "r7", 3);
  // A decision's task "t" with "all" as its responsible body, as adoption and
  // task.assign would leave it (applied directly: the fixture adopts nothing).
  apply_event(c.s, event::TaskOpened{"t", "", "a", "m", "Paint the hall", 1, c.now});
  apply_event(c.s, event::NoticePublished{"n0", NoticeKind::general, "Notice", "Text", "", c.now});
  apply_event(c.s, event::ReportFiled{"rep0", "r2", "Report", "Text", c.now});
  apply_event(c.s, event::TaskAssigned{"t", "all", Funding::community_funds, 100});
  apply_event(c.s, event::MilestoneAdded{"t", "m0", "Buy", "Receipt", c.now + 60 * kDay});
  command::OpenBallot poll;
  poll.ballot = "poll";
  poll.question = "Paint it green?";
  poll.closes_at = c.now + 30 * kDay;
  c.run(poll, "cv", Role::convener);
}

std::vector<std::pair<std::string, Council>> stages() {
  std::vector<std::pair<std::string, Council>> out;
  for (const char* stage : {"scheduled", "open", "in_session", "debate"}) {
    out.emplace_back(stage, Council(stage));
  }
  Council voting;
  voting.run(command::CallVote{"m"}, "ch", Role::chair);
  out.emplace_back("voting", std::move(voting));
  Council adjourned("in_session");
  adjourned.run(command::Adjourn{"m"}, "ch", Role::chair);
  out.emplace_back("adjourned", std::move(adjourned));
  for (auto& [stage, c] : out) add_member_of_every_role_and_poll(c);
  return out;
}

}  // namespace

TEST_CASE("every command declares its roles, and only those roles ever pass") {
  const auto commands = every_command(std::type_identity<Command>{});
  std::set<std::string> succeeded;  // commands that succeeded in some stage and role
  std::size_t refused = 0;
  for (const auto& [stage, council] : stages()) {
    for (const Command& command : commands) {
      const RoleSet declared = permitted_roles(command);
      REQUIRE_FALSE(declared.empty());
      for (int i = 0; i < kRoleCount; ++i) {
        const auto role = static_cast<Role>(i);
        CAPTURE(stage);
        CAPTURE(std::string(command_name(command)));
        CAPTURE(std::string(to_string(role)));
        // The fixture's own actors, in the role under test, and "all" (every role).
        for (const MemberId& actor : {MemberId("all"), MemberId("ch"), MemberId("cv"),
                                      MemberId("r2"), MemberId("sec"), MemberId("ad")}) {
          // Founding is refused before any role check: the community exists.
          if (command_is<command::FoundCommunity>(command)) continue;
          const State before = council.s;
          auto d = decide(council.s, command, Context{actor, role, council.now + kSecond});
          CHECK(council.s == before);
          if (!declared.contains(role)) {
            REQUIRE_FALSE(d);
            CHECK(d.error().code == "role_not_permitted");
            ++refused;
            continue;
          }
          const Member* m = council.s.member(actor);
          if (!m || !m->roles.contains(role)) {
            REQUIRE_FALSE(d);
            CHECK((d.error().code == "role_not_held" || d.error().code == "unknown_actor"));
            continue;
          }
          if (d) succeeded.insert(std::string(command_name(command)));
        }
      }
    }
  }
  MESSAGE("refused for role: ", refused, "; commands that succeeded somewhere: ", succeeded.size(),
          " of ", commands.size());
  for (const Command& command : commands) {
    if (!succeeded.contains(std::string(command_name(command)))) {
      MESSAGE("never succeeded here: ", std::string(command_name(command)));
    }
  }
  // The samples are meaningful: most commands succeed in some stage and role.
  CHECK(succeeded.size() >= commands.size() * 2 / 3);
}

}  // namespace yishi::test
