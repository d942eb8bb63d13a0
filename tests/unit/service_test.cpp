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
