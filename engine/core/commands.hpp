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
#include "engine/core/types.hpp"

namespace yishi::engine {

namespace command {

struct FoundCommunity {
  CommunityId community;
  Rulebook rulebook;
  YISHI_COMMAND(FoundCommunity, "community.found");
};
struct RegisterHousehold {
  HouseholdId household;
  std::int64_t area_centi_m2 = 0;
  YISHI_COMMAND(RegisterHousehold, "household.register");
};
struct RegisterMember {
  MemberId member;
  HouseholdId household;
  RoleSet roles;
  YISHI_COMMAND(RegisterMember, "member.register");
};
struct GrantRole {
  MemberId member;
  Role role = Role::resident;
  YISHI_COMMAND(GrantRole, "member.grant_role");
};
struct RevokeRole {
  MemberId member;
  Role role = Role::resident;
  YISHI_COMMAND(RevokeRole, "member.revoke_role");
};
struct DraftProposal {
  ProposalId proposal;
  ProposalKind kind = ProposalKind::project;
  std::string title;
  std::string summary;
  RulebookChange rulebook_change = {};  // kind rule_change only
  // Drafted from an option of a tallied poll; an empty title takes the option's.
  std::string from_poll = {};
  std::optional<std::uint32_t> from_option = {};
  YISHI_COMMAND(DraftProposal, "proposal.draft");
};
struct ReviseProposal {
  ProposalId proposal;
  std::string title;
  std::string summary;
  YISHI_COMMAND(ReviseProposal, "proposal.revise");
};
struct SubmitProposal {
  ProposalId proposal;
  YISHI_COMMAND(SubmitProposal, "proposal.submit");
};
struct SupportProposal {
  ProposalId proposal;
  YISHI_COMMAND(SupportProposal, "proposal.support");
};
struct AcceptProposal {
  ProposalId proposal;
  std::string reason;
  YISHI_COMMAND(AcceptProposal, "proposal.accept");
};
struct ReturnProposal {
  ProposalId proposal;
  std::string reason;
  YISHI_COMMAND(ReturnProposal, "proposal.return");
};
struct ReferProposal {
  ProposalId proposal;
  std::string body;
  std::string reason;
  YISHI_COMMAND(ReferProposal, "proposal.refer");
};
struct MergeProposal {
  ProposalId proposal;
  ProposalId into;
  std::string reason;
  YISHI_COMMAND(MergeProposal, "proposal.merge");
};
struct ScheduleProposal {
  ProposalId proposal;
  std::string meeting;
  YISHI_COMMAND(ScheduleProposal, "proposal.schedule");
};
struct WithdrawProposal {
  ProposalId proposal;
  std::string reason;
  YISHI_COMMAND(WithdrawProposal, "proposal.withdraw");
};
// Lets time-driven rules fire (support windows expiring) at the injected time.
struct Tick {
  YISHI_COMMAND(Tick, "clock.tick");
};

}  // namespace command

using Command = std::variant<
    command::FoundCommunity, command::RegisterHousehold, command::RegisterMember,
    command::GrantRole, command::RevokeRole, command::DraftProposal, command::ReviseProposal,
    command::SubmitProposal, command::SupportProposal, command::AcceptProposal,
    command::ReturnProposal, command::ReferProposal, command::MergeProposal,
    command::ScheduleProposal, command::WithdrawProposal, command::Tick, command::ScheduleMeeting,
    command::AddItem, command::MoveItem, command::OpenMeeting, command::CheckIn, command::CheckOut,
    command::RegisterProxy, command::CallToOrder, command::HandOverChair, command::StartItem,
    command::OpenDebate, command::RequestFloor, command::WithdrawRequest, command::Recognize,
    command::Yield, command::CutOff, command::RaiseOrder, command::RuleOrder, command::MoveMotion,
    command::SecondMotion, command::CallVote, command::CountVote, command::ConcludeItem,
    command::Resume, command::Adjourn, command::AmendMinutes, command::ApproveMinutes,
    command::OpenBallot, command::CastBallot, command::CloseBallot>;

inline std::string_view command_name(const Command& c) {
  return std::visit([](const auto& v) { return std::decay_t<decltype(v)>::name; }, c);
}

// Who issues a command, in which role, and when. The shell fills it in from an
// authenticated session; the engine checks the actor really holds the role.
struct Context {
  MemberId actor;
  Role role = Role::resident;
  Timestamp now = 0;
};

}  // namespace yishi::engine
