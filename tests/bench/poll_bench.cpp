#include "poll_bench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>

#include "engine/core/decide.hpp"
#include "engine/core/evolve.hpp"
#include "resident_memory.hpp"

using namespace yishi::engine;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kVoters = 20'000;
constexpr Timestamp kT0 = 1'772'326'800'000;

struct Sim {
  State s;
  Timestamp now = kT0;
  std::vector<Event> last;
  void run(const Command& c, const MemberId& actor, Role role) {
    now += 10;
    auto d = decide(s, c, Context{actor, role, now});
    if (!d) {
      fmt::print(stderr, "bench: unexpected refusal of {}: {}\n", command_name(c),
                 d.error().reason);
      std::exit(1);
    }
    last = std::move(*d);
    for (const Event& e : last) apply_event(s, e);
  }
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

void bench_poll() {
  Sim sim;
  sim.run(command::FoundCommunity{"city-block", default_rulebook()}, "ad", Role::admin);
  for (int i = 0; i < kVoters; ++i) {
    sim.run(command::RegisterMember{"v" + std::to_string(i), "", {Role::resident}}, "ad",
            Role::admin);
  }
  sim.run(command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin);
  command::OpenBallot open;
  open.ballot = "plan";
  open.question = "Rank the eight designs for the new square";
  open.closes_at = sim.now + 86'400'000;
  open.spec.kind = QuestionKind::ranked;
  open.spec.method = TallyMethod::schulze;
  for (int o = 0; o < 8; ++o) open.spec.options.push_back("design " + std::to_string(o + 1));
  sim.run(open, "cv", Role::convener);

  // Ballots cluster around a few views, as real ones do: ~2,000 distinct rankings.
  std::mt19937 rng(8);
  const double before = resident_mib();
  const auto start = Clock::now();
  for (int i = 0; i < kVoters; ++i) {
    std::vector<int> order = {0, 1, 2, 3, 4, 5, 6, 7};
    std::shuffle(order.begin(), order.begin() + 3 + static_cast<int>(rng() % 2), rng);
    Choice choice;
    for (int k = 0; k < 4 + static_cast<int>(rng() % 5); ++k) choice.ranking.push_back({order[k]});
    std::string nonce(64, '0');
    const std::string tail = std::to_string(i);
    std::copy(tail.begin(), tail.end(), nonce.end() - static_cast<std::ptrdiff_t>(tail.size()));
    sim.run(command::CastBallot{"plan", choice, nonce, "", ""}, "v" + std::to_string(i),
            Role::resident);
  }
  const double cast_s = seconds_since(start);
  const double box_mib = resident_mib() - before;
  const auto close_start = Clock::now();
  sim.run(command::CloseBallot{"plan"}, "cv", Role::convener);
  const double close_s = seconds_since(close_start);
  const auto& tallied = std::get<event::BallotTallied>(sim.last.front());
  fmt::print(
      "secret ranked poll, {} voters: casts through decide + evolve {:.0f}/s; sealed box {:.1f} "
      "MiB resident; close (Schulze over the box, {} ballots published) {:.3f} s, winner "
      "option {}\n",
      kVoters, kVoters / cast_s, box_mib, tallied.counted.size(), close_s,
      tallied.totals.winners.empty() ? 0 : tallied.totals.winners.front() + 1);
}
