// Commands generated from a 32-bit seed, biased towards ones that succeed, so
// random runs walk deep into the proposal lifecycle. Shared by the property
// test and the benchmark.
#pragma once

#include <string>
#include <utility>

#include "engine/core/commands.hpp"
#include "engine/core/state.hpp"

namespace yishi::test {

inline std::pair<engine::Command, engine::Context> random_command(const engine::State& s,
                                                                  std::uint32_t seed,
                                                                  std::size_t step) {
  using namespace engine;
  static const char* kMembers[] = {"ad", "cv", "m1", "m2", "m3", "m4", "m5", "m6"};
  unsigned kind = seed & 0xF;
  const MemberId actor = kMembers[(seed >> 4) & 7];
  // A sliding window of eight live ids: old proposals settle, new ones appear.
  const ProposalId proposal = "p" + std::to_string(step / 40 + ((seed >> 8) & 7));
  const bool blank = ((seed >> 12) & 7) == 0;  // now and then a missing reason
  // Ten minutes a step: a two-day support window spans a few hundred commands.
  const Timestamp now = 1'772'326'800'000 + static_cast<Timestamp>(step) * 10 * kMinute +
                        static_cast<Timestamp>((seed >> 16) & 0xFF) * kMinute;
  const std::string reason = blank ? "" : "reason " + std::to_string(step);
  Command c;
  Role role = Role::resident;
  if (!s.founded()) {
    Rulebook rules;
    rules.support_threshold = 2;
    rules.support_window = 2 * kDay;
    return {command::FoundCommunity{"prop", rules}, Context{"ad", Role::admin, now}};
  }
  // Register the cast first, so most commands meet a real community.
  for (const char* m : kMembers) {
    if (!s.members.contains(m)) {
      return {command::RegisterMember{
                  m, "", {m == std::string("cv") ? Role::convener : Role::resident}},
              Context{"ad", Role::admin, now}};
    }
  }
  // Authors act on their own proposals most of the time.
  const Proposal* existing = s.proposal(proposal);
  const MemberId author = existing && ((seed >> 28) & 3) != 0 ? existing->author : actor;
  // Three times in four, pick a command that fits the proposal's phase, so runs
  // go deep into the lifecycle; otherwise anything, to exercise refusals.
  if (((seed >> 30) & 3) != 0) {
    if (!existing) {
      kind = 1;
    } else {
      const auto phase = phase_name(existing->phase);
      if (phase == "draft" || phase == "returned")
        kind = (seed & 1) ? 4 : 3;
      else if (phase == "collecting_support")
        kind = (seed & 7) == 0 ? 15 : 6;
      else if (phase == "screening")
        kind = 9 + (seed & 3);
      else if (phase == "accepted")
        kind = (seed & 1) ? 13 : 14;
    }
  }
  switch (kind) {
    case 0:
      c = command::RegisterMember{actor, "", {actor == "cv" ? Role::convener : Role::resident}};
      role = Role::admin;
      return {c, Context{"ad", role, now}};
    case 1:
    case 2:
      c = command::DraftProposal{proposal, ProposalKind::project, "title " + proposal, ""};
      break;
    case 3:
      return {command::ReviseProposal{proposal, "revised " + std::to_string(step), "s"},
              Context{author, Role::resident, now}};
    case 4:
    case 5:
      return {command::SubmitProposal{proposal}, Context{author, Role::resident, now}};
    case 6:
    case 7:
    case 8:
      c = command::SupportProposal{proposal};
      break;
    case 9:
      c = command::AcceptProposal{proposal, reason};
      role = Role::convener;
      break;
    case 10:
      c = command::ReturnProposal{proposal, reason};
      role = Role::convener;
      break;
    case 11:
      c = command::ReferProposal{proposal, "Street office", reason};
      role = Role::convener;
      break;
    case 12:
      c = command::MergeProposal{proposal, "p" + std::to_string(step / 40 + ((seed >> 24) & 7)),
                                 reason};
      role = Role::convener;
      break;
    case 13:
      c = command::ScheduleProposal{proposal, "council-1"};
      role = Role::convener;
      break;
    case 14:
      return {command::WithdrawProposal{proposal, reason}, Context{author, Role::resident, now}};
    default:
      c = command::Tick{};
      role = Role::convener;
      break;
  }
  // The convener's commands go to cv; residents' commands to whoever the seed named.
  return {c, Context{role == Role::convener ? MemberId("cv") : actor, role, now}};
}

}  // namespace yishi::test
