#include <doctest/doctest.h>

#include "engine/service/community.hpp"
#include "engine/service/key_files.hpp"
#include "engine/service/verify.hpp"
#include "temp_dir.hpp"

using namespace yishi;
using namespace yishi::engine;

namespace {
constexpr Timestamp kT0 = 1'772'326'800'000;

service::Request req(Command c, MemberId actor, Role role, Timestamp at) {
  return {std::move(c), Context{std::move(actor), role, at}, std::nullopt};
}
}  // namespace

TEST_CASE("init creates the community, its keys and a signed checkpoint") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  auto c = service::Community::init(path, "nantang", "ad", kT0, default_rulebook());
  REQUIRE(c);
  CHECK((*c)->state().community == "nantang");
  CHECK((*c)->store().head_seq() == 1);
  auto key = service::read_public_key(service::public_key_path(path));
  REQUIRE(key);
  auto report = service::verify_log((*c)->store(), *key);
  CHECK(report.ok);
  CHECK(report.checkpoints_checked == 1);
  CHECK(service::Community::init(path, "x", "ad", kT0, {}).error().code == "exists");
}

TEST_CASE("a batch commits accepted commands together; refusals change nothing") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  auto c = service::Community::init(path, "nantang", "ad", kT0, default_rulebook());
  REQUIRE(c);
  service::Community& community = **c;
  std::vector<service::Request> batch = {
      req(command::RegisterMember{"m1", "", {Role::resident}}, "ad", Role::admin, kT0 + 1),
      req(command::DraftProposal{"p", ProposalKind::project, "Light", ""}, "m1", Role::resident,
          kT0 + 2),
      req(command::AcceptProposal{"p", "ok"}, "m1", Role::convener, kT0 + 3),  // refused
      req(command::SubmitProposal{"p"}, "m1", Role::resident, kT0 + 1),        // before the log
  };
  batch[0].profile = store::MemberProfile{"m1", "王阿姨", "138-0000-0000"};
  const State before_state = community.state();
  auto outcomes = community.execute(batch);
  REQUIRE(outcomes);
  REQUIRE(outcomes->size() == 4);
  CHECK((*outcomes)[0]);
  CHECK((*outcomes)[1]);
  CHECK((*outcomes)[1]->front().seq == 3);
  CHECK((*outcomes)[2].error().code == "role_not_held");
  CHECK((*outcomes)[3].error().code == "time_before_log");
  CHECK(community.store().head_seq() == 3);
  CHECK(community.state() != before_state);

  // Refused alone: neither state nor log moves.
  const State state = community.state();
  const auto head = community.store().head_hash();
  auto refused = community.execute(
      std::vector{req(command::SupportProposal{"p"}, "m1", Role::resident, kT0 + 10)});
  REQUIRE(refused);
  CHECK_FALSE((*refused)[0]);
  CHECK(community.state() == state);
  CHECK(community.store().head_hash() == head);

  // Personal data is stored beside the log, never in it.
  auto profile = community.store().profile("m1");
  REQUIRE(profile);
  REQUIRE(profile->has_value());
  CHECK((*profile)->display_name == "王阿姨");
  bool leaked = false;
  REQUIRE(community.store().scan(1, [&](audit::Envelope&& e) {
    leaked = leaked || e.payload.find("王阿姨") != std::string::npos ||
             e.payload.find("138-0000") != std::string::npos;
    return true;
  }));
  CHECK_FALSE(leaked);

  // Reopening replays to the same state.
  auto reopened = service::Community::open(path);
  REQUIRE(reopened);
  CHECK((*reopened)->state() == state);
}

TEST_CASE(
    "an open poll survives a snapshot: reopened, it takes casts and counts the earlier ones") {
  test::TempDir dir;
  const std::string path = dir.file("c.db");
  const store::StoreOptions every_few{.snapshot_every = 4};
  Timestamp now = kT0;
  {
    auto c = service::Community::init(path, "nantang", "ad", now, default_rulebook(), every_few);
    REQUIRE(c);
    std::vector<service::Request> setup;
    for (int i = 1; i <= 3; ++i) {
      setup.push_back(req(command::RegisterMember{"m" + std::to_string(i), "", {Role::resident}},
                          "ad", Role::admin, ++now));
    }
    setup.push_back(
        req(command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin, ++now));
    command::OpenBallot poll;
    poll.ballot = "q";
    poll.question = "Repaint the bicycle shed?";
    poll.closes_at = now + 10'000;
    setup.push_back(req(poll, "cv", Role::convener, ++now));
    Choice yes;
    yes.yes_no = YesNo::yes;
    setup.push_back(req(command::CastBallot{"q", yes, std::string(64, 'a'), "", ""}, "m1",
                        Role::resident, ++now));
    auto done = (*c)->execute(setup);
    REQUIRE(done);
    for (const auto& outcome : *done) REQUIRE(outcome);
  }
  auto reopened = service::Community::open(path, every_few);
  REQUIRE(reopened);
  service::Community& c = **reopened;
  REQUIRE(c.store().last_snapshot_seq() > 0);  // the state came from a snapshot
  REQUIRE(c.state().ballot("q"));
  CHECK(c.state().ballot("q")->participants == std::set<MemberId>{"m1"});
  Choice no;
  no.yes_no = YesNo::no;
  std::vector<service::Request> more = {
      req(command::CastBallot{"q", no, std::string(64, 'b'), "", ""}, "m2", Role::resident, ++now),
      req(command::CastBallot{"q", no, std::string(64, 'c'), "", ""}, "m1", Role::resident, ++now),
      req(command::CloseBallot{"q"}, "cv", Role::convener, now + 20'000)};
  auto done = c.execute(more);
  REQUIRE(done);
  CHECK((*done)[0]);
  CHECK((*done)[1].error().code == "already_voted");  // m1's first ballot was kept
  REQUIRE((*done)[2]);
  CHECK(c.state().ballot("q")->totals->yes == 1);
  CHECK(c.state().ballot("q")->totals->no == 1);
}
