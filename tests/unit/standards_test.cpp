// The rulebook's two standing lists: the responsibility list that screening
// consults, and the standards: indicators declared as data (a formula over the
// measures, a target), computed per calendar period. And the budget poll that
// funds accepted proposals, opening their tasks.
#include <algorithm>
#include <limits>
#include <string>

#include "engine/core/standard_measures.hpp"
#include "meeting_fixture.hpp"
#include "test_nonce.hpp"

namespace yishi::test {
namespace {

std::string formula_error(std::string_view text) {
  const auto f = parse_formula(text);
  return f ? std::string("parsed") : f.error();
}

std::optional<std::int64_t> value_of(std::string_view text, std::vector<std::int64_t> measures) {
  const auto f = parse_formula(text);
  REQUIRE(f.has_value());
  return evaluate(*f, measures);
}

std::size_t measure(std::string_view name) {
  const auto catalogue = measure_catalogue();
  const auto it = std::ranges::find(catalogue, name, &MeasureInfo::name);
  REQUIRE(it != catalogue.end());
  return static_cast<std::size_t>(it - catalogue.begin());
}

IndicatorStandard on_time(std::string formula = "tasks_on_time / tasks_completed") {
  return {"services", "on_time_share", std::move(formula), TargetComparison::at_least, 800};
}

void accepted_proposal(Council& c, const ProposalId& id, const std::string& category = "") {
  command::DraftProposal draft{id, ProposalKind::project, "Project " + id, ""};
  draft.category = category;
  c.run(draft, "r9");
  c.run(command::SubmitProposal{id}, "r9");
  c.run(command::SupportProposal{id}, "r10");
  c.run(command::AcceptProposal{id, "a self-governance matter"}, "cv", Role::convener);
}

}  // namespace

TEST_CASE("a formula is arithmetic over named measures; anything else is refused where it is") {
  CHECK(formula_error("tasks_on_time / tasks_completed") == "parsed");
  CHECK(formula_error("(reports_filed - reports_untriaged) * 100 / reports_filed") == "parsed");
  CHECK(formula_error("tasks_late / tasks_completed") ==
        "at character 1: tasks_late is not a measure");
  CHECK(formula_error("1 + ") == "at character 5: the formula ends without its last operand");
  CHECK(formula_error("(1 + 2") == "at character 7: a '(' is never closed");
  CHECK(formula_error("1 + 2)") == "at character 6: a ')' without its '('");
  CHECK(formula_error("1 + * 2") == "at character 5: expected a number, a measure or '('");
  CHECK(formula_error("members members") == "at character 9: expected an operator or ')'");
  CHECK(formula_error("-1") == "at character 1: expected a number, a measure or '('");
  CHECK(formula_error("") == "at character 1: the formula ends without its last operand");
  CHECK(formula_error("members; DROP TABLE") == "at character 8: expected an operator or ')'");
  // Numbers: at most 9 integer digits and 3 decimals, checked before converting.
  CHECK(formula_error("999999999.999 * members") == "parsed");
  CHECK(formula_error("1000000000 * members") ==
        "at character 1: a number has at most 9 digits and 3 decimals");
  CHECK(formula_error("0.0001") == "at character 1: a number has at most 9 digits and 3 decimals");
  CHECK(formula_error("members * " + std::string(150, '9')) ==
        "at character 11: a number has at most 9 digits and 3 decimals");
  CHECK(formula_error(std::string(400, '9')) == "is longer than 200 characters");
  CHECK(formula_error(std::string(201, '1')) == "is longer than 200 characters");
}

TEST_CASE("a formula's value: precedence, parentheses, and no value from an empty period") {
  std::vector<std::int64_t> m(measure_catalogue().size(), 0);
  m[measure("tasks_completed")] = 4'000;  // measures are in thousandths
  m[measure("tasks_on_time")] = 3'000;
  CHECK(value_of("tasks_on_time / tasks_completed", m) == 750);
  CHECK(value_of("1 + 2 * 3", m) == 7'000);
  CHECK(value_of("(1 + 2) * 3", m) == 9'000);
  CHECK(value_of("10 - 4 - 3", m) == 3'000);  // left to right
  CHECK(value_of("2 / 3", m) == 667);         // rounded to thousandths once
  CHECK(value_of("0 - 2 / 3", m) == -667);
  // Nothing completed: no rate is claimed, neither 0 nor 1.
  CHECK_FALSE(value_of("tasks_on_time / tasks_evaluated", m));
  // Past the int64 range in thousandths: no value rather than a wrapped one.
  CHECK_FALSE(value_of("999999999 * 999999999 * 999999999", m));
}

TEST_CASE("targets read both ways and print back the same") {
  CHECK(parse_target(">=0.8") == std::pair{TargetComparison::at_least, std::int64_t{800}});
  CHECK(parse_target("<=2") == std::pair{TargetComparison::at_most, std::int64_t{2000}});
  CHECK(parse_target("\u22650.95") == std::pair{TargetComparison::at_least, std::int64_t{950}});
  CHECK(parse_target("\u2264-1.5") == std::pair{TargetComparison::at_most, std::int64_t{-1500}});
  for (const char* bad : {"0.8", ">=", ">=0.8888", ">= 0.8", ">=0.8x", "=>1", ">=1e3", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_target(bad));
  }
  CHECK_FALSE(parse_target(">=" + std::string(400, '9')));
  CHECK(format_target(TargetComparison::at_least, 800) == ">=0.8");
  CHECK(format_target(TargetComparison::at_most, -1500) == "<=-1.5");
  CHECK(format_target(TargetComparison::at_least, 3000) == ">=3");
}

TEST_CASE("the standing lists are checked entry by entry, naming the entry") {
  const std::vector<Responsibility> list{{"设施维修", "wuye", "楼道与公共设施的维修"},
                                         {"行政事项", "街道城市管理科", ""}};
  CHECK_FALSE(check_standing_rules(list, {on_time()}));
  auto twice = list;
  twice.push_back({"设施维修", "shegong", ""});
  auto r = check_standing_rules(twice, {});
  REQUIRE(r);
  CHECK(r->field == "rulebook.responsibilities[2].matter");
  r = check_standing_rules({{"", "wuye", ""}}, {});
  REQUIRE(r);
  CHECK(r->field == "rulebook.responsibilities[0].matter");
  r = check_standing_rules({{"x", "wu\nye", ""}}, {});
  REQUIRE(r);
  CHECK(r->field == "rulebook.responsibilities[0].body");
  auto late = on_time("tasks_late / 2");
  late.name = "late_share";
  r = check_standing_rules(list, {on_time(), late});
  REQUIRE(r);
  CHECK(r->field == "rulebook.standards[1].formula");
  CHECK(r->reason == "at character 1: tasks_late is not a measure");
  auto renamed = on_time();
  renamed.name = "On Time";
  r = check_standing_rules({}, {renamed});
  REQUIRE(r);
  CHECK(r->field == "rulebook.standards[0].name");
  r = check_standing_rules({}, {on_time(), on_time()});
  REQUIRE(r);
  CHECK(r->field == "rulebook.standards[1].name");
  auto far = on_time();
  far.target_milli = kMaxTargetMilli + 1;
  r = check_standing_rules({}, {far});
  REQUIRE(r);
  CHECK(r->field == "rulebook.standards[0].target");
  CHECK(check_standing_rules(std::vector<Responsibility>(kMaxResponsibilities + 1, list[0]), {}));
}

TEST_CASE("a rule change replaces a standing list whole; one that leaves it out keeps it") {
  Council c("debate", MeetingKind::council, true);
  // The fixture's proposal p is the rule change, already on the agenda; give
  // it the two lists as if drafted with them (the draft path is checked below).
  RulebookChange& change = *c.s.proposals.at("p").proposed_change;
  change.responsibilities = std::vector<Responsibility>{{"设施维修", "wuye", "维修"}};
  change.standards = std::vector<IndicatorStandard>{on_time()};
  c.run(command::CallVote{"m"}, "ch", Role::chair);
  c.run(command::CountVote{"m", 5, 1, 0}, "ch", Role::chair);
  REQUIRE(c.s.rulebook.version == 2);
  CHECK(c.s.rulebook.responsibilities == *change.responsibilities);
  CHECK(c.s.rulebook.standards == *change.standards);
  // Screening finds the body for a matter of that kind, and only for that kind.
  CHECK(responsibility_for(c.s.rulebook.responsibilities, "设施维修")->body == "wuye");
  CHECK_FALSE(responsibility_for(c.s.rulebook.responsibilities, "绿化"));
  CHECK_FALSE(responsibility_for(c.s.rulebook.responsibilities, ""));
  // A change without the lists leaves them; one with an empty list clears it.
  RulebookChange keep;
  keep.support_threshold = 2;
  Rulebook next = keep.applied_to(c.s.rulebook);
  CHECK(next.responsibilities == c.s.rulebook.responsibilities);
  CHECK(next.standards == c.s.rulebook.standards);
  RulebookChange clear;
  clear.standards = std::vector<IndicatorStandard>{};
  next = clear.applied_to(c.s.rulebook);
  CHECK(next.standards.empty());
  CHECK(next.responsibilities == c.s.rulebook.responsibilities);
}

TEST_CASE("a rule change with a broken formula is refused when drafted, naming the entry") {
  Council c("scheduled");
  command::DraftProposal draft{"rc", ProposalKind::rule_change, "Our standards", ""};
  draft.rulebook_change.standards = std::vector<IndicatorStandard>{on_time(), on_time("(1 + 2")};
  draft.rulebook_change.standards->at(1).name = "broken";
  const State before = c.s;
  const auto refused = c.attempt(draft, "r2");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "invalid_field");
  CHECK(refused.error().field == "rulebook.standards[1].formula");
  CHECK(c.s == before);
}

TEST_CASE("measures count what a period holds, and a standard is met or not") {
  State s;
  s.rulebook.standards = {
      on_time(),
      {"self-governance", "untriaged", "reports_untriaged", TargetComparison::at_most, 0}};
  const Timestamp day = kDay;
  const auto task = [&](const std::string& id, Timestamp completed, bool late) {
    Task t;
    t.id = id;
    t.proposal = id;
    t.opened_at = day;
    t.budget = 100;
    t.spent = late ? 120 : 80;
    t.milestones.push_back(Milestone{"m", "M", "D", 5 * day, late ? 7 * day : 4 * day});
    t.completed_at = completed;
    t.phase = TaskPhase::completed;
    s.tasks.emplace(id, t);
  };
  task("a", 10 * day, false);
  task("b", 11 * day, true);
  task("c", 40 * day, false);  // in the next period
  ResidentReport pending;
  pending.id = "r1";
  pending.filed_at = 2 * day;
  s.reports.emplace("r1", pending);

  const Period first{0, 30 * day};
  const auto m = measures(s, first);
  CHECK(m[measure("tasks_completed")] == 2'000);
  CHECK(m[measure("tasks_on_time")] == 1'000);
  CHECK(m[measure("tasks_on_budget")] == 1'000);
  CHECK(m[measure("budget")] == 200'000);
  CHECK(m[measure("spent")] == 200'000);
  CHECK(m[measure("reports_filed")] == 1'000);
  const auto values = indicator_values(s, first);
  REQUIRE(values.size() == 2);
  CHECK(values[0].value_milli == 500);
  CHECK(values[0].met == false);  // 0.5 < 0.8
  CHECK(values[1].value_milli == 1'000);
  CHECK(values[1].met == false);  // one report waits for triage
  const auto second = indicator_values(s, {30 * day, 60 * day});
  CHECK(second[0].value_milli == 1'000);
  CHECK(second[0].met == true);
  CHECK(second[1].met == true);
  // A period with nothing completed claims nothing.
  const auto empty = indicator_values(s, {60 * day, 90 * day});
  CHECK_FALSE(empty[0].value_milli);
  CHECK_FALSE(empty[0].met);
}

TEST_CASE("a scope gives one body's or one funding mechanism's record; the rest stays whole") {
  State s;
  s.rulebook.standards = {on_time()};
  const auto task = [&](const std::string& id, const std::string& body, Funding funding,
                        bool late) {
    Task t;
    t.id = id;
    t.body = body;
    t.funding = funding;
    t.milestones.push_back(Milestone{"m", "M", "D", 5 * kDay, late ? 7 * kDay : 4 * kDay});
    t.completed_at = 10 * kDay;
    t.phase = TaskPhase::completed;
    s.tasks.emplace(id, t);
  };
  task("a", "wuye", Funding::facility_outsourcing, true);
  task("b", "wuye", Funding::venture_fund, false);
  task("c", "shegong", Funding::venture_fund, false);
  ResidentReport complaint;
  complaint.id = "r1";
  complaint.filed_at = kDay;
  complaint.triage = Triage::task;
  complaint.target = "a";
  s.reports.emplace("r1", complaint);
  const Period all{0, 30 * kDay};
  CHECK(indicator_values(s, all)[0].value_milli == 667);  // 2 of 3 on time
  const MeasureScope wuye{std::string("wuye"), std::nullopt};
  CHECK(indicator_values(s, all, wuye)[0].value_milli == 500);  // 1 of 2
  CHECK(measures(s, all, wuye)[measure("complaints")] == 1'000);
  CHECK(measures(s, all, wuye)[measure("reports_filed")] == 1'000);  // the community's
  const MeasureScope shegong{std::string("shegong"), std::nullopt};
  CHECK(indicator_values(s, all, shegong)[0].value_milli == 1'000);
  CHECK(measures(s, all, shegong)[measure("complaints")] == 0);
  const MeasureScope venture{std::nullopt, Funding::venture_fund};
  CHECK(measures(s, all, venture)[measure("tasks_completed")] == 2'000);
  CHECK(indicator_values(s, all, venture)[0].value_milli == 1'000);
  const MeasureScope both{std::string("wuye"), Funding::venture_fund};
  CHECK(measures(s, all, both)[measure("tasks_completed")] == 1'000);
  const MeasureScope nobody{std::string("nobody"), std::nullopt};
  CHECK_FALSE(indicator_values(s, all, nobody)[0].value_milli);  // nothing completed
}

TEST_CASE("budgets at their limit, summed over years of tasks, saturate instead of wrapping") {
  State s;
  for (int i = 0; i < 10'000; ++i) {
    Task t;
    t.id = "t" + std::to_string(i);
    t.budget = kMaxEstimatedCost;
    t.completed_at = kDay;
    t.phase = TaskPhase::completed;
    s.tasks.emplace(t.id, t);
  }
  const auto m = measures(s, {0, 2 * kDay});
  CHECK(m[measure("budget")] > 0);
  CHECK(m[measure("budget")] == std::numeric_limits<std::int64_t>::max() / 1000 * 1000);
  CHECK(m[measure("tasks_completed")] == 10'000'000);
}

TEST_CASE("calendar periods follow the community's local calendar and end now") {
  // 2026-01-31T20:00+08:00 is 12:00 UTC; local months start at 16:00 UTC the day before.
  const Timestamp first = 1'769'860'800'000;  // 2026-01-31T12:00:00Z
  const Timestamp now = 1'775'030'400'000;    // 2026-04-01T08:00:00Z = 16:00 local
  const auto months = calendar_periods(first, now, PeriodLength::month, 480);
  REQUIRE(months.size() == 4);  // Jan (a few hours), Feb, Mar, Apr (eight hours)
  CHECK(months[0].from == first);
  CHECK(months[1].from == 1'769'875'200'000);  // 2026-02-01T00:00+08:00
  CHECK(months[0].to == months[1].from);
  CHECK(months[3].to == now);
  const auto quarters = calendar_periods(first, now, PeriodLength::quarter, 480);
  REQUIRE(quarters.size() == 2);
  CHECK(quarters[1].from == 1'774'972'800'000);  // 2026-04-01T00:00+08:00
  CHECK(calendar_periods(first, now, PeriodLength::year, 480).size() == 1);
  CHECK(calendar_periods(now, first, PeriodLength::month, 480).empty());
  // Times anywhere in int64 (a forged record) neither overflow nor run away.
  const auto far = calendar_periods(std::numeric_limits<std::int64_t>::min(),
                                    std::numeric_limits<std::int64_t>::max(), PeriodLength::year,
                                    std::numeric_limits<std::int32_t>::max());
  CHECK(far.size() <= 2400);
  // Centuries of a forged clock are bounded.
  CHECK(calendar_periods(0, 100LL * 365 * kDay * 1000, PeriodLength::month, 0).size() <= 2400);
}

TEST_CASE("a community budget poll funds the accepted proposals it selects and opens their tasks") {
  Council c("scheduled");
  accepted_proposal(c, "lights");
  accepted_proposal(c, "benches");
  accepted_proposal(c, "mural");
  command::OpenBallot open;
  open.ballot = "budget";
  open.question = "What do we fund this year?";
  open.closes_at = c.now + kDay;
  open.spec.kind = QuestionKind::budget;
  open.spec.method = TallyMethod::greedy;
  open.spec.options = {"Lights", "Benches", "Mural", "Something else"};
  open.spec.costs = {600, 300, 500, 100};
  open.spec.budget = 1000;
  open.option_proposals = {"lights", "benches", "mural", ""};
  c.run(open, "cv", Role::convener);
  for (int i = 1; i <= 6; ++i) {
    Choice choice;
    choice.selected = i <= 4 ? std::vector<int>{0, 1, 3} : std::vector<int>{2};
    c.run(command::CastBallot{"budget", choice, test_nonce(i, 'b'), "", ""}, Council::r(i));
  }
  // Taken up by a meeting before the close: the meeting decides, not the poll.
  c.run(command::AddItem{"m", "i3", "benches", "", "Benches?", 10}, "cv", Role::convener);
  c.now += kDay;
  const auto closed = c.run(command::Tick{}, "cv", Role::convener);
  std::vector<ProposalId> funded, tasks;
  for (const Event& e : closed) {
    if (const auto* f = std::get_if<event::ProposalFunded>(&e)) {
      funded.push_back(f->proposal);
      CHECK(f->ballot == "budget");
      CHECK(f->option == 0);
      CHECK(f->amount == 600);
    }
    if (const auto* t = std::get_if<event::TaskOpened>(&e)) tasks.push_back(t->task);
  }
  CHECK(funded == std::vector<ProposalId>{"lights"});
  CHECK(tasks == std::vector<ProposalId>{"lights"});
  CHECK(std::get<phase::Adopted>(c.s.proposal("lights")->phase).meeting == "budget");
  REQUIRE(c.s.task("lights"));
  CHECK(c.s.task("lights")->decided_at == "budget");
  CHECK(c.s.task("lights")->phase == TaskPhase::planned);
  CHECK(c.s.proposal("benches")->is<phase::Scheduled>());  // won, but the meeting decides
  CHECK(c.s.proposal("mural")->is<phase::Accepted>());     // not selected: still waiting
  CHECK_FALSE(c.s.task("mural"));
}

}  // namespace yishi::test
