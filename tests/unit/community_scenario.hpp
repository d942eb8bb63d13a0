// A community's first weeks, as the calls that write its log: founded, members
// registered (one with personal data), a proposal co-signed and accepted, a
// secret poll with a replaced ballot and a tally, a council meeting that votes,
// checkpoints, remembered replies and their expiry. Each step is one call a
// storage fault can hit; its result is summarised as text, so two runs can be
// compared step by step.
#pragma once

#include <doctest/doctest.h>

#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "engine/service/community.hpp"
#include "test_nonce.hpp"

namespace yishi::test {

struct ScenarioStep {
  std::string name;
  std::function<std::expected<std::string, store::StoreError>(service::Community&)> run;
};

namespace scenario_detail {

using namespace engine;

inline constexpr Timestamp kStart = 1'772'326'800'000;  // 2026-03-01T01:00:00Z

// "ok 3 4" for accepted requests (their seqs), "refused CODE" for refusals.
inline std::expected<std::string, store::StoreError> summary(
    const std::expected<std::vector<service::Outcome>, store::StoreError>& outcomes) {
  if (!outcomes) return std::unexpected(outcomes.error());
  std::string out;
  for (const service::Outcome& o : *outcomes) {
    if (!out.empty()) out += "; ";
    if (!o) {
      out += "refused " + o.error().code;
      continue;
    }
    out += "ok";
    for (const audit::Envelope& e : *o) out += " " + std::to_string(e.seq);
  }
  return out;
}

// Builds the requests of one batch, each a second after the one before.
class Batch {
 public:
  explicit Batch(Timestamp& clock) : clock_(clock) {}
  Batch& add(Command c, MemberId actor, Role role) {
    clock_ += kSecond;
    requests_.push_back(
        service::Request{std::move(c), Context{std::move(actor), role, clock_}, std::nullopt});
    return *this;
  }
  // The last request's live-session id (its reply is remembered with its events).
  Batch& id(std::string command_id) {
    requests_.back().command_id = std::move(command_id);
    return *this;
  }
  Batch& profile(store::MemberProfile p) {
    requests_.back().profile = std::move(p);
    return *this;
  }
  ScenarioStep step(std::string name) const {
    return {std::move(name),
            [requests = requests_](service::Community& c) { return summary(c.execute(requests)); }};
  }

 private:
  Timestamp& clock_;
  std::vector<service::Request> requests_;
};

inline Choice answer(YesNo yes_no) {
  Choice c;
  c.yes_no = yes_no;
  return c;
}

inline ScenarioStep checkpoint_at(std::string name, Timestamp at) {
  return {std::move(name),
          [at](service::Community& c) -> std::expected<std::string, store::StoreError> {
            auto cp = c.checkpoint(at);
            if (!cp) return std::unexpected(cp.error());
            return "checkpoint " + std::to_string(cp->tree_size) + " " + audit::to_hex(cp->root);
          }};
}

}  // namespace scenario_detail

// The steps, for a community over an empty log (Community::over) whose
// checkpoints are signed.
inline std::vector<ScenarioStep> community_scenario() {
  using namespace scenario_detail;
  std::vector<ScenarioStep> steps;
  Timestamp now = kStart;
  const auto r = [](int i) { return "r" + std::to_string(i); };

  steps.push_back(
      {"meta", [](service::Community& c) -> std::expected<std::string, store::StoreError> {
         auto set = c.store().set_meta("community", "t");
         if (!set) return std::unexpected(set.error());
         return std::string("meta set");
       }});
  Rulebook rules;
  rules.support_threshold = 1;
  steps.push_back(
      Batch(now).add(command::FoundCommunity{"t", rules}, "ad", Role::admin).step("found"));

  Batch members(now);
  for (int i = 1; i <= 10; ++i) {
    const std::string h = "h" + std::to_string(i);
    members.add(command::RegisterHousehold{h, 5000 + i * 100}, "ad", Role::admin);
    members.add(command::RegisterMember{r(i), h, {Role::resident}}, "ad", Role::admin)
        .id("reg-" + r(i));
  }
  members.profile({"r1", "王阿姨", "138-0000-0000"});
  members.add(command::RegisterMember{"cv", "", {Role::convener}}, "ad", Role::admin);
  members.add(command::RegisterMember{"ch", "", {Role::chair}}, "ad", Role::admin);
  members.add(command::RegisterMember{"sec", "", {Role::secretary}}, "ad", Role::admin);
  members.add(command::RegisterMember{"r1", "h1", {Role::resident}}, "ad", Role::admin)
      .id("reg-again");  // refused: r1 exists
  steps.push_back(members.step("members"));
  const Timestamp after_members = now + 1;
  steps.push_back(checkpoint_at("first checkpoint", now));

  steps.push_back(Batch(now)
                      .add(command::DraftProposal{"p", ProposalKind::project, "Bicycle shed", ""},
                           "r1", Role::resident)
                      .id("draft-p")
                      .add(command::SubmitProposal{"p"}, "r1", Role::resident)
                      .step("draft"));
  steps.push_back(
      Batch(now).add(command::SupportProposal{"p"}, "r2", Role::resident).step("support"));
  const Timestamp meeting_start = now + 8 * kDay;
  steps.push_back(
      Batch(now)
          .add(command::AcceptProposal{"p", "self-governance"}, "cv", Role::convener)
          .add(command::ScheduleMeeting{"m", MeetingKind::council, "Council", meeting_start, "ch",
                                        ""},
               "cv", Role::convener)
          .add(command::AddItem{"m", "i1", "p", "", "Build the shed?", 30}, "cv", Role::convener)
          .add(command::AddItem{"m", "i2", "", "Any other business", "", 10}, "cv", Role::convener)
          .step("schedule"));

  // A secret poll: ballots go into the box beside the chain; one is replaced.
  command::OpenBallot poll;
  poll.ballot = "q";
  poll.question = "Repaint the bicycle shed?";
  poll.closes_at = now + kHour;
  steps.push_back(Batch(now).add(poll, "cv", Role::convener).step("poll"));
  Batch casts(now);
  for (int i = 1; i <= 4; ++i) {
    casts.add(
        command::CastBallot{"q", answer(i % 2 ? YesNo::yes : YesNo::no), test_nonce(i), "", ""},
        r(i), Role::resident);
  }
  steps.push_back(casts.step("casts"));
  steps.push_back(
      Batch(now)
          .add(command::CastBallot{"q", answer(YesNo::no), test_nonce(11), test_nonce(1), ""}, "r1",
               Role::resident)
          .id("replace-1")
          .step("replace"));
  steps.push_back(Batch(now)
                      .add(command::SubmitProposal{"nope"}, "r3", Role::resident)
                      .id("refused-alone")
                      .step("refused alone"));  // no events: only its remembered reply is written
  now = poll.closes_at;
  steps.push_back(Batch(now).add(command::CloseBallot{"q"}, "cv", Role::convener).step("tally"));
  steps.push_back(
      {"forget replies",
       [after_members](service::Community& c) -> std::expected<std::string, store::StoreError> {
         auto forgot = c.store().forget_replies_before(after_members);
         if (!forgot) return std::unexpected(forgot.error());
         return std::string("forgotten");
       }});

  // The council meets and decides.
  now = meeting_start - kMinute;
  Batch opening(now);
  opening.add(command::OpenMeeting{"m"}, "ch", Role::chair);
  opening.add(command::CheckIn{"m", ""}, "ch", Role::chair);
  for (int i = 1; i <= 6; ++i) opening.add(command::CheckIn{"m", ""}, r(i), Role::resident);
  opening.add(command::CallToOrder{"m"}, "ch", Role::chair);
  steps.push_back(opening.step("meeting opens"));
  steps.push_back(Batch(now)
                      .add(command::StartItem{"m", "i1"}, "ch", Role::chair)
                      .add(command::OpenDebate{"m"}, "ch", Role::chair)
                      .step("debate"));
  steps.push_back(Batch(now)
                      .add(command::CallVote{"m"}, "ch", Role::chair)
                      .add(command::CountVote{"m", 5, 1, 0}, "ch", Role::chair)
                      .step("vote"));
  steps.push_back(checkpoint_at("last checkpoint", now));
  return steps;
}

}  // namespace yishi::test
