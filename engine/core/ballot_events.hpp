// Events of ballots. `ballot.sealed` and `ballot.unsealed` are special: the
// store keeps them in the sealed box beside the log, never in the chain.
#pragma once

#include <string>
#include <vector>

#include "engine/core/ballot.hpp"
#include "engine/core/proposal.hpp"
#include "engine/core/tagged.hpp"

namespace yishi::engine::event {

struct BallotOpened {
  BallotId ballot;
  MeetingId meeting;
  ItemId item;
  std::string question;
  QuestionSpec spec;
  Secrecy secrecy = Secrecy::secret;
  Weighting weighting = Weighting::person;
  BallotRule rule;
  Timestamp closes_at = 0;
  bool changes_allowed = true;
  std::vector<std::pair<MemberId, HouseholdId>> eligible;
  std::uint64_t electorate_weight = 0;
  std::uint64_t electorate_owners = 0;
  std::uint32_t rulebook_version = 0;  // the rules it runs under (version 2 of the event)
  YISHI_EVENT(BallotOpened, "ballot.opened", 2);
};
// Public: who took part (and through whom, for a proxy). Never what they chose.
struct BallotParticipated {
  BallotId ballot;
  MemberId voter;
  MemberId proxy;  // who cast it on the voter's behalf, if anyone
  YISHI_EVENT(BallotParticipated, "ballot.participated", 1);
};
// Kept in the sealed box, not the chain.
struct BallotSealed {
  BallotId ballot;
  std::string receipt;
  SealedChoice sealed;
  // Secret ballots (version 2): ballot_owner_tag of the voter and nonce, so that
  // only whoever cast it can replace it. Never published.
  std::string owner;
  YISHI_EVENT(BallotSealed, "ballot.sealed", 2);
};
struct BallotUnsealed {
  BallotId ballot;
  std::string receipt;
  YISHI_EVENT(BallotUnsealed, "ballot.unsealed", 1);
};
// A poll closed before its closing time, as the rulebook allows, and why.
struct BallotClosedEarly {
  BallotId ballot;
  Timestamp closes_at = 0;  // when it was due to close
  std::string reason;
  YISHI_EVENT(BallotClosedEarly, "ballot.closed_early", 1);
};
// Public: a voter replaced their ballot (with the unsealed/sealed pair beside
// the chain). It names no receipt; it exists so that every change to the box
// moves the chain, and a writer whose view of the box is stale is refused.
struct BallotReplaced {
  BallotId ballot;
  YISHI_EVENT(BallotReplaced, "ballot.replaced", 1);
};
// The close: the whole box, sorted by receipt, and the result.
struct BallotTallied {
  BallotId ballot;
  std::vector<std::pair<std::string, SealedChoice>> counted;
  BallotTotals totals;
  bool participation_met = true;
  bool passed = false;
  std::string explanation;
  std::string seed;  // the revealed lot seed, when a tie needed it
  YISHI_EVENT(BallotTallied, "ballot.tallied", 1);
};

// A poll's options that stand for accepted proposals (one id per option, empty
// for an option that is not a proposal): the tally ranks those proposals.
struct BallotOptionsLinked {
  BallotId ballot;
  std::vector<ProposalId> proposals;
  YISHI_EVENT(BallotOptionsLinked, "ballot.options_linked", 1);
};
// A proposal drafted from an option of a tallied poll (a needs survey, 需求调查).
struct ProposalSeeded {
  ProposalId proposal;
  PollStanding from;
  YISHI_EVENT(ProposalSeeded, "proposal.seeded", 1);
};
// Where a poll placed a proposal: orders the proposals waiting for an agenda.
struct ProposalPrioritised {
  ProposalId proposal;
  PollStanding standing;
  YISHI_EVENT(ProposalPrioritised, "proposal.prioritised", 1);
};

// A community budget poll (参与式预算) funded the project a linked option stands
// for: the residents' vote is the decision, so the proposal is adopted by the
// poll and its task opens beside it.
struct ProposalFunded {
  ProposalId proposal;
  BallotId ballot;
  std::uint32_t option = 0;
  std::int64_t amount = 0;  // the option's cost in the poll
  YISHI_EVENT(ProposalFunded, "proposal.funded", 1);
};

}  // namespace yishi::engine::event
