// Property: for random command sequences, replaying the recorded log (through
// the binary codec) from empty state gives exactly the live state.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "engine/codec/event_codec.hpp"
#include "engine/codec/state_codec.hpp"
#include "engine/core/decide.hpp"
#include "engine/core/evolve.hpp"
#include "random_commands.hpp"

using namespace yishi;
using namespace yishi::engine;

TEST_CASE("replaying the log rebuilds exactly the live state") {
  const bool ok = rc::check("replay == live", [] {
    const auto seeds =
        *rc::gen::container<std::vector<std::uint32_t>>(1000, rc::gen::arbitrary<std::uint32_t>());
    State live;
    std::vector<std::tuple<std::string, std::uint32_t, std::string>> log;  // tag, version, bytes
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      const auto [command, ctx] = test::random_command(live, seeds[i], i);
      auto decision = decide(live, command, ctx);
      if (!decision) continue;
      ++accepted;
      for (const Event& e : *decision) {
        log.emplace_back(std::string(event_tag(e)), event_version(e), codec::encode_payload(e));
        apply_event(live, e);
      }
    }
    State replayed;
    for (const auto& [tag, version, bytes] : log) {
      auto e = codec::decode_event(tag, version, bytes);
      RC_ASSERT(e.has_value());
      apply_event(replayed, *e);
    }
    RC_ASSERT(replayed == live);
    auto snapshot = codec::decode_state(codec::encode_state(live));
    RC_ASSERT(snapshot.has_value());
    RC_ASSERT(*snapshot == live);
    RC_TAG(accepted < 250   ? "<250 accepted"
           : accepted < 500 ? "250-499 accepted"
                            : "500+ accepted");
  });
  CHECK(ok);
}
