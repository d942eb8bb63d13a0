// Every proposal transition: allowed for the right role and state, refused
// otherwise, and a refusal never changes anything.
#include <map>
#include <set>

#include "fixtures.hpp"

namespace yishi::test {
namespace {

const Timestamp kT1 = kT0 + kHour;

// A community where proposal "p" (by a1) is in `phase`, and "q" (by r4) is in
// screening, ready to absorb a merge; council-1 is scheduled, not yet open.
State with_proposal_in(const std::string& phase) {
  State s = small_community();
  Timestamp t = kT0 + 1;
  const auto as = [&](const Command& c, const MemberId& actor, Role role) {
    must(s, c, actor, role, t++);
  };
  as(command::ScheduleMeeting{"council-1", MeetingKind::council, "Council", kT0 + 30 * kDay, "cv",
                              ""},
     "cv", Role::convener);
  as(command::DraftProposal{"q", ProposalKind::project, "Bicycle shed", ""}, "r4", Role::resident);
  as(command::SubmitProposal{"q"}, "r4", Role::resident);
  as(command::SupportProposal{"q"}, "r2", Role::resident);
  as(command::SupportProposal{"q"}, "r3", Role::resident);
  REQUIRE(phase_name(s.proposal("q")->phase) == "screening");

  as(command::DraftProposal{"p", ProposalKind::project, "Stairwell light", "Block 3"}, "a1",
     Role::resident);
  if (phase == "draft") return s;
  as(command::SubmitProposal{"p"}, "a1", Role::resident);
  if (phase == "collecting_support") return s;
  if (phase == "expired") {
    t += 15 * kDay;
    as(command::Tick{}, "cv", Role::convener);
    return s;
  }
  if (phase == "withdrawn") {
    as(command::WithdrawProposal{"p", "changed my mind"}, "a1", Role::resident);
    return s;
  }
  as(command::SupportProposal{"p"}, "r2", Role::resident);
  as(command::SupportProposal{"p"}, "r3", Role::resident);
  if (phase == "screening") return s;
  if (phase == "returned") {
    as(command::ReturnProposal{"p", "add a cost estimate"}, "cv", Role::convener);
  } else if (phase == "referred") {
    as(command::ReferProposal{"p", "Street office", "administrative matter"}, "cv", Role::convener);
  } else if (phase == "merged") {
    as(command::MergeProposal{"p", "q", "same stairwell"}, "cv", Role::convener);
  } else {
    as(command::AcceptProposal{"p", "a self-governance matter"}, "cv", Role::convener);
    if (phase == "scheduled") as(command::ScheduleProposal{"p", "council-1"}, "cv", Role::convener);
  }
  REQUIRE(phase_name(s.proposal("p")->phase) == phase);
  return s;
}

struct Actor {
  MemberId id;
  Role role;
};
const std::map<std::string, Actor> kActors = {{"author", {"a1", Role::resident}},
                                              {"resident", {"r2", Role::resident}},
                                              {"convener", {"cv", Role::convener}},
                                              {"admin", {"ad", Role::admin}}};

struct Row {
  Command command;
  std::string who;               // the only actor allowed
  std::set<std::string> phases;  // the only phases it is allowed from
  std::string event;             // the first event it records
};

const std::vector<Row> kTable = {
    {command::ReviseProposal{"p", "Stairwell light, revised", ""},
     "author",
     {"draft", "returned"},
     "proposal.revised"},
    {command::SubmitProposal{"p"}, "author", {"draft", "returned"}, "proposal.submitted"},
    {command::SupportProposal{"p"}, "resident", {"collecting_support"}, "proposal.supported"},
    {command::AcceptProposal{"p", "ok"}, "convener", {"screening"}, "proposal.accepted"},
    {command::ReturnProposal{"p", "needs costs"}, "convener", {"screening"}, "proposal.returned"},
    {command::ReferProposal{"p", "Housing office", "administrative"},
     "convener",
     {"screening"},
     "proposal.referred"},
    {command::MergeProposal{"p", "q", "duplicate"}, "convener", {"screening"}, "proposal.merged"},
    {command::ScheduleProposal{"p", "council-1"}, "convener", {"accepted"}, "proposal.scheduled"},
    {command::WithdrawProposal{"p", ""},
     "author",
     {"draft", "collecting_support", "screening", "accepted", "returned", "scheduled"},
     "proposal.withdrawn"},
};

const std::vector<std::string> kPhases = {
    "draft",  "collecting_support", "screening", "accepted", "returned", "referred",
    "merged", "scheduled",          "withdrawn", "expired"};

}  // namespace

TEST_CASE("every proposal transition is allowed only for the right actor and state") {
  int allowed = 0, refused = 0;
  for (const std::string& phase : kPhases) {
    const State before = with_proposal_in(phase);
    for (const Row& row : kTable) {
      for (const auto& [who, actor] : kActors) {
        CAPTURE(phase);
        CAPTURE(who);
        CAPTURE(std::string(command_name(row.command)));
        const Context ctx{actor.id, actor.role, kT1};
        const State copy = before;
        auto d = decide(copy, row.command, ctx);
        CHECK(copy == before);  // decide never changes state
        const bool should = who == row.who && row.phases.contains(phase);
        if (should) {
          REQUIRE(d.has_value());
          CHECK(event_tag(d->front()) == row.event);
          ++allowed;
        } else {
          REQUIRE_FALSE(d.has_value());
          CHECK_FALSE(d.error().code.empty());
          CHECK_FALSE(d.error().reason.empty());
          // The refusal says why: wrong role first, then wrong person, then wrong state.
          const bool role_ok = permitted_roles(row.command).contains(actor.role);
          if (!role_ok) {
            CHECK(d.error().code == "role_not_permitted");
          } else if (row.who == "author" && who != "author") {
            CHECK(d.error().code == "not_author");
          } else if (row.who == "resident" && who == "author") {
            CHECK((d.error().code == "own_proposal" || d.error().code == "wrong_state"));
          } else {
            CHECK(d.error().code == "wrong_state");
          }
          ++refused;
        }
      }
    }
  }
  CHECK(allowed == 16);
  CHECK(refused == 10 * 9 * 4 - 16);
}

TEST_CASE("a member cannot act in a role they do not hold") {
  const State s = with_proposal_in("screening");
  auto d = decide(s, command::AcceptProposal{"p", "ok"}, Context{"r2", Role::convener, kT1});
  REQUIRE_FALSE(d);
  CHECK(d.error().code == "role_not_held");
  auto stranger = decide(s, command::SupportProposal{"p"}, Context{"zz", Role::resident, kT1});
  REQUIRE_FALSE(stranger);
  CHECK(stranger.error().code == "unknown_actor");
}

TEST_CASE("drafting: ids, titles and text limits come from the rulebook") {
  State s = small_community();
  const Context a1{"a1", Role::resident, kT1};
  CHECK(decide(s, command::DraftProposal{"bad id!", ProposalKind::project, "t", ""}, a1)
            .error()
            .code == "invalid_id");
  CHECK(decide(s, command::DraftProposal{"p", ProposalKind::project, "  ", ""}, a1).error().field ==
        "title");
  std::string long_title;
  for (int i = 0; i < 121; ++i) long_title += "灯";  // 121 code points, 363 bytes
  auto too_long = decide(s, command::DraftProposal{"p", ProposalKind::project, long_title, ""}, a1);
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().code == "text_too_long");
  CHECK(too_long.error().field == "title");
  long_title.pop_back();
  long_title.pop_back();
  long_title.pop_back();  // 120 code points: allowed
  CHECK(decide(s, command::DraftProposal{"p", ProposalKind::project, long_title, ""}, a1));
  CHECK(decide(s, command::DraftProposal{"p", ProposalKind::project, "ok", "\xC3\x28"}, a1)
            .error()
            .code == "invalid_text");
  must(s, command::DraftProposal{"p", ProposalKind::project, "t", ""}, "a1", Role::resident, kT1);
  CHECK(decide(s, command::DraftProposal{"p", ProposalKind::project, "t", ""}, a1).error().code ==
        "duplicate_id");
}

TEST_CASE("drafting: an estimated cost and a category are kept, within their bounds") {
  State s = small_community();
  const Context a1{"a1", Role::resident, kT1};
  command::DraftProposal draft{"shed", ProposalKind::project, "车棚", ""};
  draft.estimated_cost = 48'000;
  draft.category = "设施";
  must(s, draft, "a1", Role::resident, kT1);
  CHECK(s.proposals.at("shed").estimated_cost == 48'000);
  CHECK(s.proposals.at("shed").category == "设施");
  command::DraftProposal bad{"p2", ProposalKind::project, "t", ""};
  bad.estimated_cost = -1;
  CHECK(decide(s, bad, a1).error().field == "estimated_cost");
  bad.estimated_cost = kMaxEstimatedCost + 1;
  CHECK(decide(s, bad, a1).error().field == "estimated_cost");
  bad.estimated_cost = kMaxEstimatedCost;
  CHECK(decide(s, bad, a1));
  bad.category = std::string(33, 'x');
  CHECK(decide(s, bad, a1).error().code == "text_too_long");
  bad.category = "\xC3\x28";
  CHECK(decide(s, bad, a1).error().field == "category");
}

TEST_CASE("support: threshold, window, no self-support, once per member") {
  State s = with_proposal_in("collecting_support");
  const Timestamp deadline = std::get<phase::CollectingSupport>(s.proposal("p")->phase).deadline;
  CHECK(deadline == s.proposal("p")->drafted_at + 1 + 14 * kDay);

  CHECK(decide(s, command::SupportProposal{"p"}, {"a1", Role::resident, kT1}).error().code ==
        "own_proposal");
  auto first = must(s, command::SupportProposal{"p"}, "r2", Role::resident, kT1);
  CHECK(first.size() == 1);  // 1 of 2: still collecting
  CHECK(decide(s, command::SupportProposal{"p"}, {"r2", Role::resident, kT1}).error().code ==
        "already_supported");
  CHECK(decide(s, command::SupportProposal{"p"}, {"r3", Role::resident, deadline}).error().code ==
        "support_window_closed");
  auto second = must(s, command::SupportProposal{"p"}, "r3", Role::resident, deadline - 1);
  REQUIRE(second.size() == 2);
  CHECK(event_tag(second[1]) == "proposal.sent_to_screening");
  CHECK(s.proposal("p")->is<phase::Screening>());
  CHECK(s.proposal("p")->supporters == std::set<MemberId>{"r2", "r3"});
  CHECK(s.support_deadlines.empty());
}

TEST_CASE("a support window that passes without enough support expires on the injected time") {
  State s = with_proposal_in("collecting_support");
  const Timestamp deadline = std::get<phase::CollectingSupport>(s.proposal("p")->phase).deadline;
  must(s, command::SupportProposal{"p"}, "r2", Role::resident, kT1);
  CHECK(must(s, command::Tick{}, "cv", Role::convener, deadline - 1).empty());
  CHECK(s.proposal("p")->is<phase::CollectingSupport>());
  CHECK(decide(s, command::Tick{}, {"r2", Role::resident, deadline}).error().code ==
        "role_not_permitted");
  auto expired = must(s, command::Tick{}, "cv", Role::convener, deadline);
  REQUIRE(expired.size() == 1);
  CHECK(event_tag(expired[0]) == "proposal.expired");
  CHECK(s.proposal("p")->is<phase::Expired>());
  CHECK(must(s, command::Tick{}, "cv", Role::convener, deadline + kDay).empty());
}

TEST_CASE("a proposal needing no co-signers goes straight to screening") {
  State s;
  Rulebook rules;
  rules.support_threshold = 0;
  must(s, command::FoundCommunity{"t", rules}, "ad", Role::admin, kT0);
  must(s, command::RegisterMember{"a1", "", {Role::resident}}, "ad", Role::admin, kT0);
  must(s, command::DraftProposal{"p", ProposalKind::project, "t", ""}, "a1", Role::resident, kT0);
  auto events = must(s, command::SubmitProposal{"p"}, "a1", Role::resident, kT0);
  CHECK(events.size() == 2);
  CHECK(s.proposal("p")->is<phase::Screening>());
}

TEST_CASE("screening decisions always carry a written reason") {
  const State s = with_proposal_in("screening");
  const Context cv{"cv", Role::convener, kT1};
  for (const Command& c :
       std::vector<Command>{command::AcceptProposal{"p", ""}, command::ReturnProposal{"p", " \n"},
                            command::ReferProposal{"p", "Street office", ""},
                            command::MergeProposal{"p", "q", ""}}) {
    auto d = decide(s, c, cv);
    REQUIRE_FALSE(d);
    CHECK(d.error().code == "reason_required");
    CHECK(d.error().field == "reason");
  }
  auto no_body = decide(s, command::ReferProposal{"p", "", "administrative"}, cv);
  REQUIRE_FALSE(no_body);
  CHECK(no_body.error().field == "body");
}

TEST_CASE("a returned proposal can be revised and resubmitted, collecting support afresh") {
  State s = with_proposal_in("returned");
  CHECK(std::get<phase::Returned>(s.proposal("p")->phase).reason == "add a cost estimate");
  must(s, command::ReviseProposal{"p", "Stairwell light (¥1,200)", "costed"}, "a1", Role::resident,
       kT1);
  CHECK(s.proposal("p")->revision == 1);
  CHECK(s.proposal("p")->is<phase::Returned>());
  must(s, command::SubmitProposal{"p"}, "a1", Role::resident, kT1);
  CHECK(s.proposal("p")->is<phase::CollectingSupport>());
  CHECK(s.proposal("p")->supporters.empty());
  CHECK(s.proposal("p")->title == "Stairwell light (¥1,200)");
}

TEST_CASE("merging records both proposals and moves the supporters") {
  State s = with_proposal_in("screening");
  must(s, command::RegisterMember{"r5", "h1", {Role::resident}}, "ad", Role::admin, kT1);
  const Context cv{"cv", Role::convener, kT1};
  CHECK(decide(s, command::MergeProposal{"p", "p", "x"}, cv).error().field == "into");
  CHECK(decide(s, command::MergeProposal{"p", "nope", "x"}, cv).error().code == "unknown_proposal");
  auto events =
      must(s, command::MergeProposal{"p", "q", "same stairwell"}, "cv", Role::convener, kT1);
  const auto& merged = std::get<event::ProposalMerged>(events.at(0));
  // q (by r4) already had r2 and r3; p's author a1 is the one who moves.
  CHECK(merged.moved_supporters == std::vector<MemberId>{"a1"});
  CHECK(std::get<phase::Merged>(s.proposal("p")->phase).into == "q");
  CHECK(s.proposal("q")->merged_from == std::vector<ProposalId>{"p"});
  CHECK(s.proposal("q")->supporters == std::set<MemberId>{"a1", "r2", "r3"});

  // Merging into a proposal still collecting support can complete its threshold.
  State t = with_proposal_in("screening");
  must(t, command::DraftProposal{"z", ProposalKind::project, "Shed", ""}, "r4", Role::resident,
       kT1);
  must(t, command::SubmitProposal{"z"}, "r4", Role::resident, kT1);
  auto completes = must(t, command::MergeProposal{"p", "z", "same"}, "cv", Role::convener, kT1);
  REQUIRE(completes.size() == 2);
  CHECK(event_tag(completes[1]) == "proposal.sent_to_screening");
  CHECK(t.proposal("z")->is<phase::Screening>());

  // A draft cannot absorb another proposal.
  State u = with_proposal_in("screening");
  must(u, command::DraftProposal{"d", ProposalKind::project, "Draft", ""}, "r4", Role::resident,
       kT1);
  CHECK(decide(u, command::MergeProposal{"p", "d", "x"}, cv).error().code == "wrong_state");
}

}  // namespace yishi::test
