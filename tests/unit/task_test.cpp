// Implementation tasks: adoption opens one, the responsibility list, progress,
// overdue and stalled, completion, the residents' survey and the indicators.
#include <doctest/doctest.h>

#include "engine/core/indicators.hpp"
#include "engine/core/task_status.hpp"
#include "meeting_fixture.hpp"
#include "test_nonce.hpp"

namespace yishi::test {
namespace {

// The council adopts p (item i1) by a counted vote, and registers two
// responsible bodies: the property company and a social organisation.
Council adopted() {
  Council c;
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 5, 1, 0}, "ch", Role::chair);
  c.run(command::RegisterMember{"wuye", "", {Role::responsible_body}}, "ad", Role::admin);
  c.run(command::RegisterMember{"shegong", "", {Role::responsible_body}}, "ad", Role::admin);
  return c;
}

command::ReportProgress report(std::optional<std::uint32_t> percent, std::int64_t spend,
                               std::string milestone = "") {
  return command::ReportProgress{"p", percent, spend, "progress note", std::move(milestone)};
}

}  // namespace

TEST_CASE("adopting a proposal opens its task; a rejected one does not") {
  Council c = adopted();
  const Task* t = c.s.task("p");
  REQUIRE(t != nullptr);
  CHECK(t->phase == TaskPhase::planned);
  CHECK(t->proposal == "p");
  CHECK(t->decided_at == "m");
  CHECK(t->title == c.s.proposal("p")->title);

  Council rejected;
  rejected.run(command::CallVote{"m"}, "ch", Role::chair);
  rejected.run(command::CountVote{"m", 1, 5, 0}, "ch", Role::chair);
  CHECK(rejected.s.tasks.empty());
}

TEST_CASE(
    "the responsibility list: only the convener draws it, only a responsible body carries it") {
  Council c = adopted();
  CHECK(c.refusal(command::AssignTask{"p", "wuye", Funding::facility_outsourcing, 80'000}, "r1") ==
        "role_not_permitted");
  CHECK(c.refusal(command::AssignTask{"p", "r2", Funding::facility_outsourcing, 80'000}, "cv",
                  Role::convener) == "not_responsible");
  CHECK(c.refusal(command::AssignTask{"p", "nobody", Funding::facility_outsourcing, 1}, "cv",
                  Role::convener) == "unknown_member");
  CHECK(c.refusal(command::AssignTask{"p", "wuye", Funding::none, 1}, "cv", Role::convener) ==
        "invalid_field");
  CHECK(c.refusal(command::AssignTask{"p", "wuye", Funding::venture_fund, -1}, "cv",
                  Role::convener) == "invalid_field");
  CHECK(c.refusal(command::AssignTask{"p", "wuye", Funding::venture_fund, kMaxEstimatedCost + 1},
                  "cv", Role::convener) == "invalid_field");
  CHECK(c.refusal(command::AssignTask{"q", "wuye", Funding::venture_fund, 1}, "cv",
                  Role::convener) == "unknown_task");
  const State before = c.s;
  CHECK(c.refusal(command::StartTask{"p"}, "wuye", Role::responsible_body) == "not_responsible");
  CHECK(c.s == before);

  c.run(command::AssignTask{"p", "wuye", Funding::facility_outsourcing, 80'000}, "cv",
        Role::convener);
  CHECK(c.refusal(command::StartTask{"p"}, "shegong", Role::responsible_body) == "not_responsible");
  CHECK(c.refusal(command::StartTask{"p"}, "wuye", Role::responsible_body) == "work_outstanding");
  CHECK(c.refusal(command::AddMilestone{"p", "design", "Design", "Drawings", c.now - 1}, "cv",
                  Role::convener) == "invalid_field");
  CHECK(c.refusal(command::AddMilestone{"p", "design", "Design", "", c.now + kDay}, "cv",
                  Role::convener) == "missing_text");
  c.run(command::AddMilestone{"p", "design", "Design", "Drawings signed", c.now + 10 * kDay}, "cv",
        Role::convener);
  CHECK(c.refusal(command::AddMilestone{"p", "design", "Again", "x", c.now + kDay}, "cv",
                  Role::convener) == "duplicate_id");
  c.run(command::StartTask{"p"}, "wuye", Role::responsible_body);
  CHECK(c.s.task("p")->phase == TaskPhase::in_progress);
  // Planned work is fixed once started: re-scoping takes a new decision.
  CHECK(c.refusal(command::AddMilestone{"p", "late", "Late", "x", c.now + kDay}, "cv",
                  Role::convener) == "wrong_state");
  CHECK(c.refusal(command::AssignTask{"p", "shegong", Funding::venture_fund, 1}, "cv",
                  Role::convener) == "wrong_state");
}

TEST_CASE("progress, overdue and stalled, completion, the survey and the indicators") {
  Council c = adopted();
  c.run(command::AssignTask{"p", "wuye", Funding::facility_outsourcing, 80'000}, "cv",
        Role::convener);
  const Timestamp design_due = c.now + 10 * kDay;
  const Timestamp build_due = c.now + 60 * kDay;
  c.run(command::AddMilestone{"p", "design", "Design", "Drawings signed", design_due}, "cv",
        Role::convener);
  c.run(command::AddMilestone{"p", "build", "Build", "Acceptance sheet", build_due}, "cv",
        Role::convener);
  c.run(command::StartTask{"p"}, "wuye", Role::responsible_body);

  c.now = design_due - kDay;
  c.run(report(30, 6'000, "design"), "wuye", Role::responsible_body);
  CHECK(c.s.task("p")->milestone("design")->delivered_at == c.now);
  CHECK(c.refusal(report(20, 0), "wuye", Role::responsible_body) == "invalid_field");  // backwards
  CHECK(c.refusal(report(101, 0), "wuye", Role::responsible_body) == "invalid_field");
  CHECK(c.refusal(report(40, -5), "wuye", Role::responsible_body) == "invalid_field");
  CHECK(c.refusal(report(40, 0, "design"), "wuye", Role::responsible_body) == "invalid_field");
  CHECK(c.refusal(report(40, 0, "paint"), "wuye", Role::responsible_body) == "unknown_milestone");
  auto bad_attachment = report(40, 0);
  bad_attachment.attachments = {"not-a-hash"};
  CHECK(c.refusal(bad_attachment, "wuye", Role::responsible_body) == "invalid_field");
  CHECK(c.refusal(report(40, 0), "r1") == "role_not_permitted");

  // No report for the rulebook's 30 days: stalled. Past the build's due date: overdue.
  const Timestamp quiet = c.now + c.s.rulebook.task_stall_after;
  CHECK_FALSE(task_status(c.s, *c.s.task("p"), quiet - 1).stalled);
  CHECK(task_status(c.s, *c.s.task("p"), quiet).stalled);
  CHECK_FALSE(task_status(c.s, *c.s.task("p"), build_due).overdue);
  const TaskStatus late = task_status(c.s, *c.s.task("p"), build_due + 1);
  CHECK(late.overdue);
  CHECK(late.overdue_milestones == std::vector<std::string>{"build"});
  CHECK(indicators(c.s, build_due + 1).by_body.at("wuye").overdue_now == 1);

  CHECK(c.refusal(command::CompleteTask{"p"}, "wuye", Role::responsible_body) ==
        "work_outstanding");
  c.now = build_due + 13 * kDay;  // delivered 13 days late
  c.run(report(100, 78'000, "build"), "wuye", Role::responsible_body);
  CHECK(c.s.task("p")->spent == 84'000);
  CHECK_FALSE(task_status(c.s, *c.s.task("p"), c.now).overdue);  // delivered, if late
  CHECK(c.refusal(command::EvaluateTask{"p", "survey"}, "cv", Role::convener) == "wrong_state");
  c.run(command::CompleteTask{"p"}, "wuye", Role::responsible_body);
  CHECK(c.s.task("p")->phase == TaskPhase::completed);

  // The residents' satisfaction survey: a score poll through the voting engine.
  command::OpenBallot survey;
  survey.ballot = "survey";
  survey.question = "How satisfied are you with the shed?";
  survey.closes_at = c.now + 7 * kDay;
  survey.spec.kind = QuestionKind::score;
  survey.spec.method = TallyMethod::score;
  survey.spec.options = {"Overall", "Build quality"};
  survey.spec.score_min = 1;
  survey.spec.score_max = 5;
  c.run(survey, "cv", Role::convener);
  CHECK(c.refusal(command::EvaluateTask{"p", "survey"}, "cv", Role::convener) == "wrong_state");
  const std::vector<std::int64_t> overall = {5, 4, 4, 2};
  for (int i = 0; i < 4; ++i) {
    Choice choice;
    choice.scores = {overall[i], 3};
    c.run(command::CastBallot{"survey", choice, test_nonce(i + 1), "", ""}, Council::r(i + 1));
  }
  c.now = survey.closes_at;
  c.run(command::Tick{}, "cv", Role::convener);
  c.run(command::EvaluateTask{"p", "survey"}, "cv", Role::convener);
  const Task& t = *c.s.task("p");
  CHECK(t.phase == TaskPhase::evaluated);
  REQUIRE(t.evaluation);
  CHECK(t.evaluation->respondents == 4);
  CHECK(t.evaluation->satisfaction_milli == 3'750);  // (5 + 4 + 4 + 2) / 4

  const TaskIndicators ind = task_indicators(t);
  CHECK(ind.on_time == false);    // the build was 13 days late
  CHECK(ind.on_budget == false);  // 84,000 spent of 80,000
  CHECK(ind.satisfaction_milli == 3'750);
  const Indicators all = indicators(c.s, c.now);
  CHECK(all.by_body.at("wuye").completed == 1);
  CHECK(all.by_body.at("wuye").on_time == 0);
  CHECK(all.by_funding.at(Funding::facility_outsourcing).evaluated == 1);
  CHECK(all.community.satisfaction_milli_sum == 3'750);
}

TEST_CASE("sub-tasks roll progress up by weight; the parent completes after them") {
  Council c = adopted();
  c.run(command::AssignTask{"p", "shegong", Funding::venture_fund, 30'000}, "cv", Role::convener);
  c.run(command::AddMilestone{"p", "open", "Open", "First week's register", c.now + 90 * kDay},
        "cv", Role::convener);
  c.run(command::AddSubtask{"p", "kitchen", "Kitchen", 2}, "cv", Role::convener);
  c.run(command::AddSubtask{"p", "rota", "Volunteer rota", 1}, "cv", Role::convener);
  CHECK(c.refusal(command::AddSubtask{"kitchen", "deeper", "No", 1}, "cv", Role::convener) ==
        "invalid_field");
  CHECK(c.refusal(command::AddSubtask{"p", "rota", "Twice", 1}, "cv", Role::convener) ==
        "duplicate_id");
  CHECK(c.refusal(command::AddSubtask{"p", "x", "Heavy", 0}, "cv", Role::convener) ==
        "invalid_field");
  for (const auto& [id, body] : {std::pair{"kitchen", "wuye"}, std::pair{"rota", "shegong"}}) {
    c.run(command::AssignTask{id, body, Funding::venture_fund, 1'000}, "cv", Role::convener);
    c.run(command::AddMilestone{id, "done", "Done", "Checked", c.now + 30 * kDay}, "cv",
          Role::convener);
    c.run(command::StartTask{id}, body, Role::responsible_body);
  }
  c.run(command::StartTask{"p"}, "shegong", Role::responsible_body);
  c.run(command::ReportProgress{"kitchen", 60u, 100, "cabinets in"}, "wuye",
        Role::responsible_body);
  c.run(command::ReportProgress{"rota", 30u, 0, "14 volunteers"}, "shegong",
        Role::responsible_body);
  CHECK(task_status(c.s, *c.s.task("p"), c.now).progress == 50);  // (60·2 + 30·1) / 3
  CHECK(c.refusal(command::ReportProgress{"p", 50u, 0, "x"}, "shegong", Role::responsible_body) ==
        "invalid_field");  // the parent's percent is rolled up
  c.run(command::ReportProgress{"p", std::nullopt, 0, "licence filed", "open"}, "shegong",
        Role::responsible_body);
  CHECK(c.refusal(command::CompleteTask{"p"}, "shegong", Role::responsible_body) ==
        "work_outstanding");
  c.run(command::ReportProgress{"kitchen", 100u, 0, "done", "done"}, "wuye",
        Role::responsible_body);
  c.run(command::CompleteTask{"kitchen"}, "wuye", Role::responsible_body);
  CHECK(task_status(c.s, *c.s.task("p"), c.now).progress == 76);  // (100·2 + 30) / 3
}

TEST_CASE("only a later decision cancels a task, with its open sub-tasks") {
  Council c = adopted();
  c.run(command::AddSubtask{"p", "kitchen", "Kitchen", 1}, "cv", Role::convener);
  CHECK(c.refusal(command::CancelTask{"p", "p", "changed our minds"}, "cv", Role::convener) ==
        "not_adopted");
  CHECK(c.refusal(command::CancelTask{"p", "nothing", "x"}, "cv", Role::convener) == "not_adopted");
  // A second proposal, adopted, undoes the first decision.
  c.now += kDay;
  apply_event(
      c.s, event::ProposalDrafted{"undo", "r2", ProposalKind::project, "Undo", "", c.now, 0, ""});
  apply_event(c.s, event::ItemAdded{"m", "i3", "undo", "Undo", "Undo?", 10, 2});
  apply_event(c.s, event::ItemDecided{"m", "i3", ItemOutcome::adopted});
  REQUIRE(c.s.proposal("undo")->is<phase::Adopted>());
  CHECK(c.refusal(command::CancelTask{"p", "undo", ""}, "cv", Role::convener) == "reason_required");
  const auto events = c.run(command::CancelTask{"p", "undo", "superseded"}, "cv", Role::convener);
  CHECK(events.size() == 2);
  CHECK(c.s.task("p")->phase == TaskPhase::cancelled);
  CHECK(c.s.task("kitchen")->phase == TaskPhase::cancelled);
  CHECK(c.s.task("p")->cancelled_by == "undo");
  CHECK(c.refusal(command::CancelTask{"p", "undo", "again"}, "cv", Role::convener) ==
        "wrong_state");
}

}  // namespace yishi::test
