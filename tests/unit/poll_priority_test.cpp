// Polls whose results seed or prioritise proposals: a poll over accepted
// proposals ranks them and the agenda backlog follows; a needs survey's options
// become proposals that carry where the survey placed them.
#include <algorithm>

#include "engine/codec/state_codec.hpp"
#include "engine/core/poll_priority.hpp"
#include "meeting_fixture.hpp"
#include "test_nonce.hpp"

namespace yishi::test {
namespace {

std::string nonce(int i) {
  return test_nonce(i, 'e');
}

void accepted_proposal(Council& c, const ProposalId& id, const std::string& title) {
  c.run(command::DraftProposal{id, ProposalKind::project, title, ""}, "r9");
  c.run(command::SubmitProposal{id}, "r9");
  c.run(command::SupportProposal{id}, "r10");
  c.run(command::AcceptProposal{id, "a self-governance matter"}, "cv", Role::convener);
}

command::OpenBallot approval_poll(const BallotId& id, std::vector<std::string> options,
                                  Timestamp closes_at) {
  command::OpenBallot c;
  c.ballot = id;
  c.question = "What should the community do first?";
  c.closes_at = closes_at;
  c.spec.kind = QuestionKind::approval;
  c.spec.method = TallyMethod::approval;
  c.spec.options = std::move(options);
  return c;
}

void approve(Council& c, const BallotId& id, int voter, std::vector<int> options) {
  Choice choice;
  choice.selected = std::move(options);
  c.run(command::CastBallot{id, choice, nonce(voter), "", ""}, Council::r(voter));
}

std::vector<ProposalId> backlog_ids(const State& s) {
  std::vector<ProposalId> out;
  for (const Proposal* p : agenda_backlog(s)) out.push_back(p->id);
  return out;
}

}  // namespace

TEST_CASE("a poll over accepted proposals ranks them, and the agenda backlog follows") {
  Council c("scheduled");
  accepted_proposal(c, "a-benches", "Benches by the pond");
  accepted_proposal(c, "b-lights", "Lights on the east lane");
  accepted_proposal(c, "c-ramp", "A ramp at gate 2");
  CHECK(backlog_ids(c.s) == std::vector<ProposalId>{"a-benches", "b-lights", "c-ramp"});

  auto open = approval_poll("order", {"Lights", "Ramp", "Something else"}, c.now + kDay);
  open.option_proposals = {"b-lights", "c-ramp", ""};
  const auto opened = c.run(open, "cv", Role::convener);
  REQUIRE(opened.size() == 2);
  CHECK(std::get<event::BallotOptionsLinked>(opened[1]).proposals == open.option_proposals);
  approve(c, "order", 1, {1});
  approve(c, "order", 2, {0, 1});
  approve(c, "order", 3, {1, 2});
  approve(c, "order", 4, {0});
  approve(c, "order", 5, {2});
  // Nothing is prioritised before the close.
  CHECK_FALSE(c.s.proposal("c-ramp")->standing);

  c.now += kDay;
  const auto closed = c.run(command::Tick{}, "cv", Role::convener);
  std::vector<event::ProposalPrioritised> prioritised;
  for (const Event& e : closed) {
    if (const auto* p = std::get_if<event::ProposalPrioritised>(&e)) prioritised.push_back(*p);
  }
  REQUIRE(prioritised.size() == 2);  // the option that is no proposal ranks nothing
  const PollStanding& ramp = *c.s.proposal("c-ramp")->standing;
  CHECK(ramp.ballot == "order");
  CHECK(ramp.option == 1);
  CHECK(ramp.rank == 1);
  CHECK(ramp.won);
  CHECK(ramp.support == 3);
  CHECK(ramp.options == 3);
  const PollStanding& lights = *c.s.proposal("b-lights")->standing;
  CHECK(lights.rank == 2);  // 2 approvals, tied with "Something else"
  CHECK_FALSE(lights.won);
  CHECK(lights.support == 2);
  CHECK_FALSE(c.s.proposal("a-benches")->standing);
  // The poll's winner first, then by rank, then what no poll placed.
  CHECK(backlog_ids(c.s) == std::vector<ProposalId>{"c-ramp", "b-lights", "a-benches"});
  // Once on an agenda a proposal leaves the backlog.
  c.run(command::AddItem{"m", "i3", "c-ramp", "", "Build the ramp?", 20}, "cv", Role::convener);
  CHECK(backlog_ids(c.s) == std::vector<ProposalId>{"b-lights", "a-benches"});
}

TEST_CASE("only accepted proposals, one per option, can stand for a poll's options") {
  Council c("scheduled");
  accepted_proposal(c, "a-benches", "Benches by the pond");
  const auto refusal = [&](std::vector<ProposalId> ids) {
    auto open = approval_poll("order", {"One", "Two"}, c.now + kDay);
    open.option_proposals = std::move(ids);
    return c.refusal(open, "cv", Role::convener);
  };
  CHECK(refusal({"a-benches"}) == "invalid_field");               // one id per option
  CHECK(refusal({"a-benches", "nope"}) == "unknown_proposal");    // no such proposal
  CHECK(refusal({"a-benches", "p"}) == "wrong_state");            // p is on an agenda already
  CHECK(refusal({"a-benches", "a-benches"}) == "invalid_field");  // twice
  CHECK(refusal({"", "a-benches"}) == "accepted");
  command::OpenBallot yes_no;
  yes_no.ballot = "yn";
  yes_no.question = "Benches?";
  yes_no.closes_at = c.now + kDay;
  yes_no.option_proposals = {"a-benches"};
  CHECK(c.refusal(yes_no, "cv", Role::convener) == "invalid_field");
}

TEST_CASE("a needs survey seeds proposals that carry the survey's verdict") {
  Council c("scheduled");
  c.run(approval_poll("needs", {"Night gym", "Dog park", "Shade trees"}, c.now + kDay), "cv",
        Role::convener);
  command::DraftProposal seeded{"gym", ProposalKind::project, "", "Open the school gym at night"};
  seeded.from_poll = "needs";
  seeded.from_option = 0;
  CHECK(c.refusal(seeded, "r7") == "wrong_state");  // the survey is still open
  approve(c, "needs", 1, {0, 2});
  approve(c, "needs", 2, {0});
  approve(c, "needs", 3, {0, 1});
  approve(c, "needs", 4, {2});
  c.now += kDay;
  c.run(command::Tick{}, "cv", Role::convener);

  const auto drafted = c.run(seeded, "r7");
  REQUIRE(drafted.size() == 2);
  CHECK(std::holds_alternative<event::ProposalSeeded>(drafted[1]));
  const Proposal& gym = *c.s.proposal("gym");
  CHECK(gym.title == "Night gym");  // no title given: the option's
  CHECK(gym.author == "r7");
  REQUIRE(gym.seeded_from);
  CHECK(gym.seeded_from->rank == 1);
  CHECK(gym.seeded_from->won);
  CHECK(gym.seeded_from->support == 3);
  CHECK(gym.standing == gym.seeded_from);

  auto again = seeded;
  again.proposal = "gym-2";
  CHECK(c.refusal(again, "r8") == "already_seeded");
  auto beyond = seeded;
  beyond.proposal = "x";
  beyond.from_option = 3;
  CHECK(c.refusal(beyond, "r8") == "invalid_field");
  auto no_option = seeded;
  no_option.proposal = "x";
  no_option.from_option.reset();
  CHECK(c.refusal(no_option, "r8") == "missing_field");
  auto unknown = seeded;
  unknown.proposal = "x";
  unknown.from_poll = "nope";
  CHECK(c.refusal(unknown, "r8") == "unknown_ballot");

  // A dog park drafted with its own title; the survey placed it below the gym.
  command::DraftProposal dogs{"dogs", ProposalKind::project, "A fenced dog run", ""};
  dogs.from_poll = "needs";
  dogs.from_option = 1;
  c.run(dogs, "r3");
  CHECK(c.s.proposal("dogs")->title == "A fenced dog run");
  CHECK(c.s.proposal("dogs")->standing->rank == 3);
  for (const ProposalId id : {"dogs", "gym"}) {
    const MemberId author = c.s.proposal(id)->author;
    c.run(command::SubmitProposal{id}, author);
    c.run(command::SupportProposal{id}, "r10");
    c.run(command::AcceptProposal{id, "a self-governance matter"}, "cv", Role::convener);
  }
  CHECK(backlog_ids(c.s) == std::vector<ProposalId>{"gym", "dogs"});
}

TEST_CASE("a snapshot keeps open ballots, their sealed box, links and standings") {
  // Snapshots of formats 3 and 4 left the ballots out: a store reopened from one
  // forgot every open poll. The whole state must round-trip.
  Council c("scheduled");
  accepted_proposal(c, "a-benches", "Benches by the pond");
  auto open = approval_poll("order", {"Benches", "Other"}, c.now + kDay);
  open.option_proposals = {"a-benches", ""};
  c.run(open, "cv", Role::convener);
  approve(c, "order", 1, {0});
  approve(c, "order", 2, {1});
  REQUIRE(c.s.ballots.at("order").box.size() == 2);
  auto back = codec::decode_state(codec::encode_state(c.s));
  REQUIRE(back);
  CHECK(back->ballots == c.s.ballots);
  CHECK(back->poll_deadlines == c.s.poll_deadlines);
  CHECK(*back == c.s);
  c.now += kDay;
  c.run(command::Tick{}, "cv", Role::convener);
  REQUIRE(c.s.proposal("a-benches")->standing);
  back = codec::decode_state(codec::encode_state(c.s));
  REQUIRE(back);
  CHECK(*back == c.s);
}

}  // namespace yishi::test
