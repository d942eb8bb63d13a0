// A council in session for meeting tests: ten residents r1..r10 (one household
// each), convener cv, chair ch, secretary sec; proposal p (by r1) on item i1,
// under debate, with r1..r6 present (quorum: more than half of ten).
#pragma once

#include "fixtures.hpp"

namespace yishi::test {

struct Council {
  State s;
  Timestamp now = kT0;

  std::vector<Event> run(const Command& c, const MemberId& actor, Role role = Role::resident) {
    now += kSecond;
    return must(s, c, actor, role, now);
  }
  Decision attempt(const Command& c, const MemberId& actor, Role role = Role::resident) const {
    return decide(s, c, Context{actor, role, now + kSecond});
  }
  std::string refusal(const Command& c, const MemberId& actor, Role role = Role::resident) const {
    auto d = attempt(c, actor, role);
    return d ? std::string("accepted") : d.error().code;
  }
  const Meeting& m() const { return s.meetings.at("m"); }
  static std::string r(int i) { return "r" + std::to_string(i); }

  // Builds everything up to (and including) `stop`: "scheduled", "open",
  // "in_session", "debate".
  // With `rule_change`, p proposes: support threshold 3, turns of 90 s, and
  // ballots that cannot be replaced once cast.
  explicit Council(const std::string& stop = "debate", MeetingKind kind = MeetingKind::council,
                   bool rule_change = false) {
    Rulebook rules;
    rules.support_threshold = 1;
    must(s, command::FoundCommunity{"t", rules}, "ad", Role::admin, now);
    for (int i = 1; i <= 10; ++i) {
      const std::string h = "h" + std::to_string(i);
      must(s, command::RegisterHousehold{h, 5000 + i * 100}, "ad", Role::admin, now);
      must(s, command::RegisterMember{r(i), h, {Role::resident}}, "ad", Role::admin, now);
    }
    must(s, command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin, now);
    must(s, command::RegisterMember{"ch", "", {Role::chair}}, "ad", Role::admin, now);
    must(s, command::RegisterMember{"sec", "", {Role::secretary}}, "ad", Role::admin, now);
    command::DraftProposal draft{"p", ProposalKind::project, "Bicycle shed", ""};
    if (rule_change) {
      draft.kind = ProposalKind::rule_change;
      draft.title = "Shorter turns, more co-signers";
      draft.rulebook_change.support_threshold = 3;
      draft.rulebook_change.max_turn = 90 * kSecond;
      draft.rulebook_change.ballot_changes_allowed = false;
    }
    run(draft, "r1");
    run(command::SubmitProposal{"p"}, "r1");
    run(command::SupportProposal{"p"}, "r2");
    run(command::AcceptProposal{"p", "self-governance"}, "cv", Role::convener);
    const Timestamp start = now + 8 * kDay;
    run(command::ScheduleMeeting{"m", kind, "Council", start, "ch", ""}, "cv", Role::convener);
    run(command::AddItem{"m", "i1", "p", "", "Build the shed?", 30}, "cv", Role::convener);
    run(command::AddItem{"m", "i2", "", "Any other business", "", 10}, "cv", Role::convener);
    if (stop == "scheduled") return;
    now = start - kMinute;
    run(command::OpenMeeting{"m"}, "ch", Role::chair);
    run(command::CheckIn{"m", ""}, "ch", Role::chair);
    if (stop == "open") return;
    for (int i = 1; i <= 6; ++i) run(command::CheckIn{"m", ""}, r(i));
    run(command::CallToOrder{"m"}, "ch", Role::chair);
    if (stop == "in_session") return;
    run(command::StartItem{"m", "i1"}, "ch", Role::chair);
    run(command::OpenDebate{"m"}, "ch", Role::chair);
  }
};

}  // namespace yishi::test
