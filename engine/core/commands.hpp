// Commands: what an actor asks the engine to do. Plain values; the engine
// decides whether they are allowed and which events they produce.
#pragma once

#include "engine/core/tagged.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "engine/core/ballot_commands.hpp"
#include "engine/core/meeting_commands.hpp"
#include "engine/core/proposal.hpp"
#include "engine/core/rulebook.hpp"
#include "engine/core/task_commands.hpp"
#include "engine/core/two_way_commands.hpp"
#include "engine/core/types.hpp"

namespace yishi::engine {

namespace command {

struct FoundCommunity {
  CommunityId community;
  Rulebook rulebook;
  std::int32_t utc_offset_minutes = 8 * 60;
  YISHI_COMMAND(FoundCommunity, "community.found", Role::admin);
};
struct RegisterHousehold {
  HouseholdId household;
  std::int64_t area_centi_m2 = 0;
  YISHI_COMMAND(RegisterHousehold, "household.register", Role::admin);
};
struct RegisterMember {
  MemberId member;
  HouseholdId household;
  RoleSet roles;
  YISHI_COMMAND(RegisterMember, "member.register", Role::admin);
};
struct GrantRole {
  MemberId member;
  Role role = Role::resident;
  YISHI_COMMAND(GrantRole, "member.grant_role", Role::admin);
};
struct RevokeRole {
  MemberId member;
  Role role = Role::resident;
  YISHI_COMMAND(RevokeRole, "member.revoke_role", Role::admin);
};
struct EraseMember {
  MemberId member;
  YISHI_COMMAND(EraseMember, "member.erase", Role::admin);
};
struct DraftProposal {
  ProposalId proposal;
  ProposalKind kind = ProposalKind::project;
  std::string title;
  std::string summary;
  RulebookChange rulebook_change = {};  // kind rule_change only
  std::int64_t estimated_cost = 0;      // whole currency units; 0: not said
  std::string category = {};            // a free label, "" for none
  // Drafted from an option of a tallied poll; an empty title takes the option's.
  std::string from_poll = {};
  std::optional<std::uint32_t> from_option = {};
  YISHI_COMMAND(DraftProposal, "proposal.draft", Role::resident);
};
struct ReviseProposal {
  ProposalId proposal;
  std::string title;
  std::string summary;
  YISHI_COMMAND(ReviseProposal, "proposal.revise", Role::resident);
};
struct SubmitProposal {
  ProposalId proposal;
  YISHI_COMMAND(SubmitProposal, "proposal.submit", Role::resident);
};
struct SupportProposal {
  ProposalId proposal;
  YISHI_COMMAND(SupportProposal, "proposal.support", Role::resident);
};
struct AcceptProposal {
  ProposalId proposal;
  std::string reason;
  YISHI_COMMAND(AcceptProposal, "proposal.accept", Role::convener);
};
struct ReturnProposal {
  ProposalId proposal;
  std::string reason;
  YISHI_COMMAND(ReturnProposal, "proposal.return", Role::convener);
};
struct ReferProposal {
  ProposalId proposal;
  std::string body;
  std::string reason;
  YISHI_COMMAND(ReferProposal, "proposal.refer", Role::convener);
};
struct MergeProposal {
  ProposalId proposal;
  ProposalId into;
  std::string reason;
  YISHI_COMMAND(MergeProposal, "proposal.merge", Role::convener);
};
// Puts an accepted proposal on the agenda of a meeting that has not started.
struct ScheduleProposal {
  ProposalId proposal;
  std::string meeting;
  std::string item = {};  // the agenda item's id; defaults to the proposal's
  std::uint32_t planned_minutes = 15;
  YISHI_COMMAND(ScheduleProposal, "proposal.schedule", Role::convener);
};
struct WithdrawProposal {
  ProposalId proposal;
  std::string reason;
  YISHI_COMMAND(WithdrawProposal, "proposal.withdraw", Role::resident);
};
// Lets time-driven rules fire (support windows expiring) at the injected time.
struct Tick {
  YISHI_COMMAND(Tick, "clock.tick", Role::admin, Role::convener, Role::chair);
};

}  // namespace command

// Commands compose as nested variants, one per aggregate, as lager composes
// actions: decide() visits the group, then its decider visits the command, so a
// command without a rule is a compile error, never a runtime "not handled".
using CommunityCommand =
    std::variant<command::FoundCommunity, command::RegisterHousehold, command::RegisterMember,
                 command::GrantRole, command::RevokeRole, command::Tick, command::EraseMember>;
using ProposalCommand =
    std::variant<command::DraftProposal, command::ReviseProposal, command::SubmitProposal,
                 command::SupportProposal, command::AcceptProposal, command::ReturnProposal,
                 command::ReferProposal, command::MergeProposal, command::ScheduleProposal,
                 command::WithdrawProposal>;
using MeetingCommand =
    std::variant<command::ScheduleMeeting, command::AddItem, command::MoveItem,
                 command::OpenMeeting, command::CheckIn, command::CheckOut, command::RegisterProxy,
                 command::CallToOrder, command::HandOverChair, command::StartItem,
                 command::OpenDebate, command::RequestFloor, command::WithdrawRequest,
                 command::Recognize, command::Yield, command::CutOff, command::RaiseOrder,
                 command::RuleOrder, command::MoveMotion, command::SecondMotion, command::CallVote,
                 command::CountVote, command::ConcludeItem, command::Resume, command::Adjourn,
                 command::AmendMinutes, command::ApproveMinutes>;
using BallotCommand = std::variant<command::OpenBallot, command::CastBallot, command::CloseBallot>;
using TaskCommand = std::variant<command::AssignTask, command::AddMilestone, command::AddSubtask,
                                 command::StartTask, command::ReportProgress, command::CompleteTask,
                                 command::EvaluateTask, command::CancelTask>;

using TwoWayCommand =
    std::variant<command::PublishNotice, command::AcknowledgeNotice, command::FileReport,
                 command::TriageReport, command::RequestReply, command::RecordReply>;

using Command = std::variant<CommunityCommand, ProposalCommand, MeetingCommand, BallotCommand,
                             TaskCommand, TwoWayCommand>;

// Visits the command itself, whatever its group.
template <class F>
decltype(auto) visit_command(F&& f, const Command& c) {
  return std::visit([&](const auto& group) -> decltype(auto) { return std::visit(f, group); }, c);
}

template <class T, class V>
inline constexpr bool is_alternative_of = false;
template <class T, class... Ts>
inline constexpr bool is_alternative_of<T, std::variant<Ts...>> = (std::is_same_v<T, Ts> || ...);

// The command as a C, or null: std::get_if through the groups.
template <class C>
const C* command_as(const Command& c) {
  return std::visit(
      [](const auto& group) -> const C* {
        if constexpr (is_alternative_of<C, std::decay_t<decltype(group)>>) {
          return std::get_if<C>(&group);
        } else {
          return nullptr;
        }
      },
      c);
}
template <class C>
bool command_is(const Command& c) {
  return command_as<C>(c) != nullptr;
}

inline std::string_view command_name(const Command& c) {
  return visit_command([](const auto& v) { return std::decay_t<decltype(v)>::name; }, c);
}

// The server's own clock: it issues clock.tick (floor time, polls closing,
// support windows) and nothing else. Not a valid member id (':'), so no member
// can be registered under it, and the log shows plainly who acted.
inline constexpr std::string_view kSystemActor = "system:clock";

// Who issues a command, in which role, and when. The shell fills it in from an
// authenticated session; the engine checks the actor really holds the role.
struct Context {
  MemberId actor;
  Role role = Role::resident;
  Timestamp now = 0;
};

}  // namespace yishi::engine
