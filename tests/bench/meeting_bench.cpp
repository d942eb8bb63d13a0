#include "meeting_bench.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/core/decide.hpp"
#include "engine/core/evolve.hpp"

using namespace yishi::engine;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kAttendees = 1000;
constexpr Timestamp kT0 = 1'772'326'800'000;

struct Sim {
  State s;
  Timestamp now = kT0;
  std::size_t commands = 0;

  void run(const Command& c, const MemberId& actor, Role role) {
    now += 100;  // 0.1 s a command: a brisk meeting
    auto d = decide(s, c, Context{actor, role, now});
    if (!d) {
      fmt::print(stderr, "bench: unexpected refusal of {}: {}\n", command_name(c),
                 d.error().reason);
      std::exit(1);
    }
    for (const Event& e : *d) apply_event(s, e);
    ++commands;
  }
};

std::string member(int i) {
  return "a" + std::to_string(i);
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Mean nanoseconds of a check-out + check-in pair (each re-checks quorum).
double quorum_recheck_ns(Sim& sim, int pairs) {
  const auto start = Clock::now();
  for (int i = 0; i < pairs; ++i) {
    const MemberId m = member(1 + i % 500);
    sim.run(command::CheckOut{"m", ""}, m, Role::resident);
    sim.run(command::CheckIn{"m", ""}, m, Role::resident);
  }
  return seconds_since(start) * 1e9 / (2.0 * pairs);
}

}  // namespace

void bench_meeting() {
  Sim sim;
  Rulebook rules;
  rules.max_turns_per_item = 1000;  // one long item, so the queue never runs dry
  apply_event(sim.s, event::CommunityFounded{"bench", "ad", rules});
  for (int i = 0; i < kAttendees; ++i) {
    const std::string h = "h" + std::to_string(i);
    apply_event(sim.s, event::HouseholdRegistered{h, 7000});
    apply_event(sim.s, event::MemberRegistered{member(i), h, RoleSet{Role::resident}});
  }
  apply_event(sim.s, event::MemberRegistered{"cv", "", RoleSet{Role::convener}});
  apply_event(sim.s, event::MemberRegistered{"ch", "", RoleSet{Role::chair}});
  sim.run(command::ScheduleMeeting{"m", MeetingKind::assembly, "Budget assembly",
                                   sim.now + 8 * kDay, "ch", ""},
          "cv", Role::convener);
  sim.run(command::AddItem{"m", "budget", "", "Annual budget", "", 120}, "cv", Role::convener);
  sim.now += 8 * kDay;
  sim.run(command::OpenMeeting{"m"}, "ch", Role::chair);
  sim.run(command::CheckIn{"m", ""}, "ch", Role::chair);
  for (int i = 0; i < kAttendees; ++i)
    sim.run(command::CheckIn{"m", ""}, member(i), Role::resident);
  sim.run(command::CallToOrder{"m"}, "ch", Role::chair);
  sim.run(command::StartItem{"m", "budget"}, "ch", Role::chair);
  sim.run(command::OpenDebate{"m"}, "ch", Role::chair);

  const double early_ns = quorum_recheck_ns(sim, 2000);

  // 100,000 queue and floor commands: everyone asks for the floor (stances
  // mixed), then the chair recognises and speakers yield, round after round.
  static constexpr Stance kStances[] = {Stance::pro, Stance::con, Stance::neutral,
                                        Stance::pro, Stance::con, Stance::question};
  const std::size_t before = sim.commands;
  const auto start = Clock::now();
  int round = 0;
  while (sim.commands - before < 100'000) {
    for (int i = 0; i < kAttendees && sim.commands - before < 100'000; ++i) {
      sim.run(command::RequestFloor{"m", kStances[(i + round) % 6]}, member(i), Role::resident);
    }
    while (!sim.s.meetings.at("m").queue.empty() && sim.commands - before < 100'000) {
      sim.run(command::Recognize{"m"}, "ch", Role::chair);
      sim.run(command::Yield{"m"}, sim.s.meetings.at("m").floor->member, Role::resident);
    }
    ++round;
  }
  const double t = seconds_since(start);
  const std::size_t n = sim.commands - before;
  fmt::print(
      "meeting, 1,000 attendees: queue+floor     {:>10.0f} commands/s  ({} commands, "
      "{:.3f} s)\n",
      static_cast<double>(n) / t, n, t);

  const double late_ns = quorum_recheck_ns(sim, 2000);
  fmt::print(
      "quorum re-check (check-out/in, decide+evolve): {:.0f} ns early, {:.0f} ns after "
      "{} more commands\n",
      early_ns, late_ns, n + 4000);
}
