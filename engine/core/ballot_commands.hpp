// Commands of ballots.
#pragma once

#include <string>

#include "engine/core/ballot.hpp"
#include "engine/core/tagged.hpp"

namespace yishi::engine::command {

// By the chair, for the item being voted on (after vote.call), or by the
// convener, for a community-wide poll closing at `closes_at`.
struct OpenBallot {
  BallotId ballot;
  MeetingId meeting;  // empty: a poll
  std::string question;
  Secrecy secrecy = Secrecy::secret;
  Weighting weighting = Weighting::person;
  BallotRule rule;
  Timestamp closes_at = 0;
  QuestionSpec spec = {};  // a poll with options; meeting ballots are yes/no
  // A poll: the accepted proposal each option stands for ("" for none); its
  // tally then ranks them (proposal.prioritised).
  std::vector<ProposalId> option_proposals = {};
  YISHI_COMMAND(OpenBallot, "ballot.open", kPresiding);
};
// `nonce` (64 hex digits) makes the receipt; replacing a ballot proves it with
// the previous nonce. A proxy holder casts for the grantor with `on_behalf_of`.
struct CastBallot {
  BallotId ballot;
  Choice choice;
  std::string nonce;
  std::string previous_nonce;
  MemberId on_behalf_of;
  YISHI_COMMAND(CastBallot, "ballot.cast", kAnyRole);
};
struct CloseBallot {
  BallotId ballot;
  std::string seed = {};  // reveals the committed lot seed, for ties
  // Closing a poll before its time while some have not voted, where the
  // rulebook allows it (poll_early_close), needs a reason on record.
  std::string reason = {};
  YISHI_COMMAND(CloseBallot, "ballot.close", kPresiding);
};

}  // namespace yishi::engine::command
