#include "fixtures.hpp"

namespace yishi::test {

TEST_CASE("founding happens once and makes the founder an admin") {
  State s;
  CHECK(decide(s, command::Tick{}, {"ad", Role::admin, kT0}).error().code == "not_founded");
  must(s, command::FoundCommunity{"nantang", default_rulebook()}, "ad", Role::admin, kT0);
  CHECK(s.member("ad")->roles.contains(Role::admin));
  CHECK(decide(s, command::FoundCommunity{"again", {}}, {"ad", Role::admin, kT0}).error().code ==
        "already_founded");
}

TEST_CASE("members, households and roles are managed by an admin only") {
  State s = small_community();
  const Context admin{"ad", Role::admin, kT0};
  CHECK(decide(s, command::RegisterMember{"x", "", {Role::resident}}, {"cv", Role::convener, kT0})
            .error()
            .code == "role_not_permitted");
  CHECK(decide(s, command::RegisterMember{"x", "nohouse", {Role::resident}}, admin).error().code ==
        "unknown_household");
  CHECK(decide(s, command::RegisterMember{"a1", "", {Role::resident}}, admin).error().code ==
        "duplicate_id");
  CHECK(decide(s, command::RegisterMember{"x", "", {}}, admin).error().field == "roles");
  CHECK(decide(s, command::RegisterHousehold{"h2", -1}, admin).error().field == "area_m2");
  CHECK(decide(s, command::RegisterHousehold{"h1", 100}, admin).error().code == "duplicate_id");

  must(s, command::GrantRole{"r2", Role::chair}, "ad", Role::admin, kT0);
  CHECK(s.member("r2")->roles.contains(Role::chair));
  CHECK(decide(s, command::GrantRole{"r2", Role::chair}, admin).error().code == "already_held");
  must(s, command::RevokeRole{"r2", Role::chair}, "ad", Role::admin, kT0);
  CHECK_FALSE(s.member("r2")->roles.contains(Role::chair));
  CHECK(decide(s, command::RevokeRole{"r2", Role::chair}, admin).error().code == "not_held");
  CHECK(decide(s, command::RevokeRole{"ad", Role::admin}, admin).error().code == "last_admin");
  must(s, command::GrantRole{"cv", Role::admin}, "ad", Role::admin, kT0);
  must(s, command::RevokeRole{"ad", Role::admin}, "cv", Role::admin, kT0);
  CHECK(decide(s, command::GrantRole{"r2", Role::chair}, admin).error().code == "role_not_held");
}

}  // namespace yishi::test
