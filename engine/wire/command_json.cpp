#include "engine/wire/command_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/rule_fields.hpp"
#include "engine/core/task.hpp"
#include "engine/tally/amount.hpp"
#include "engine/wire/rulebook_json.hpp"
#include "engine/wire/time_format.hpp"

namespace yishi::wire {
namespace {

using nlohmann::json;
namespace cmd = engine::command;

// Thrown and caught only inside this file: turns deep field checks into one error value.
struct Invalid {
  FieldError error;
};

[[noreturn]] void invalid(std::string field, std::string message) {
  throw Invalid{{std::move(field), std::move(message)}};
}

// A whole number within [min, max]. nlohmann keeps integers above INT64_MAX as
// unsigned and anything with a fraction or exponent as a double; both are
// checked here, so nothing wraps on the way to the engine.
std::int64_t whole_number(const json& v, const std::string& field, std::int64_t min,
                          std::int64_t max) {
  const auto out_of_range = [&] {
    invalid(field, fmt::format("must be a whole number from {} to {}", min, max));
  };
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max) || static_cast<std::int64_t>(u) < min) out_of_range();
    return static_cast<std::int64_t>(u);
  }
  if (!v.is_number_integer()) out_of_range();
  const auto n = v.get<std::int64_t>();
  if (n < min || n > max) out_of_range();
  return n;
}

class Fields {
 public:
  explicit Fields(const json& object) : object_(object) {}

  const json* find(const char* name) {
    // A command reads a dozen fields at most, each named by a literal: a flat list
    // beats a set of strings (this runs for every vote a server takes).
    if (std::find(used_.begin(), used_.end(), std::string_view(name)) == used_.end()) {
      used_.emplace_back(name);
    }
    auto it = object_.find(name);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string text(const char* name) {
    auto v = optional_text(name);
    if (!v) invalid(name, "is required");
    return *v;
  }

  std::optional<std::string> optional_text(const char* name) {
    const json* v = find(name);
    if (!v) return std::nullopt;
    if (!v->is_string()) invalid(name, fmt::format("must be a string, not {}", v->type_name()));
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > kMaxStringBytes) {
      invalid(name, fmt::format("is {} bytes; at most {} are accepted", s.size(), kMaxStringBytes));
    }
    return s;
  }

  engine::Role role(const char* name) {
    const std::string value = text(name);
    auto r = engine::parse_role(value);
    if (!r) invalid(name, fmt::format("'{}' is not a role", value));
    return *r;
  }

  std::int64_t centi_m2(const char* name) {
    const json* v = find(name);
    if (!v) invalid(name, "is required");
    if (!v->is_number()) invalid(name, "must be a number of square metres");
    const double m2 = v->get<double>();
    const double centi = m2 * 100.0;
    if (!std::isfinite(centi) || std::abs(centi - std::round(centi)) > 1e-6 || centi < 0 ||
        centi > 1e12) {
      invalid(name, "must be a non-negative area with at most two decimals");
    }
    return static_cast<std::int64_t>(std::llround(centi));
  }

  std::uint32_t integer(const char* name, std::uint32_t min, std::uint32_t max,
                        std::optional<std::uint32_t> fallback = std::nullopt) {
    const json* v = find(name);
    if (!v) {
      if (fallback) return *fallback;
      invalid(name, "is required");
    }
    return static_cast<std::uint32_t>(whole_number(*v, name, min, max));
  }

  bool boolean(const char* name) {
    const json* v = find(name);
    if (!v) invalid(name, "is required");
    if (!v->is_boolean()) invalid(name, "must be true or false");
    return v->get<bool>();
  }

  engine::Timestamp time(const char* name) {
    const std::string value = text(name);
    auto t = parse_time(value);
    if (!t) invalid(name, fmt::format("'{}' is not a time like 2026-03-01T09:00:00+08:00", value));
    return *t;
  }

  template <class E>
  E choice(const char* name, std::optional<E> (*parse)(std::string_view), std::string_view options,
           std::optional<E> fallback = std::nullopt) {
    auto value = optional_text(name);
    if (!value) {
      if (fallback) return *fallback;
      invalid(name, "is required");
    }
    auto e = parse(*value);
    if (!e) invalid(name, fmt::format("'{}' is not one of {}", *value, options));
    return *e;
  }

  // An optional array of strings, each within the string limit.
  std::vector<std::string> strings(const char* name, std::string_view what) {
    std::vector<std::string> out;
    const json* v = find(name);
    if (!v) return out;
    if (!v->is_array()) invalid(name, fmt::format("must be an array of {}", what));
    for (const json& item : *v) {
      if (!item.is_string()) invalid(name, fmt::format("must hold {} (strings)", what));
      if (item.get_ref<const std::string&>().size() > kMaxStringBytes) {
        invalid(name, fmt::format("holds a string over {} bytes", kMaxStringBytes));
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  engine::RoleSet roles(const char* name) {
    const json* v = find(name);
    if (!v) return engine::RoleSet{engine::Role::resident};
    if (!v->is_array() || v->empty()) invalid(name, "must be a non-empty array of role names");
    engine::RoleSet set;
    for (const json& item : *v) {
      if (!item.is_string()) invalid(name, "must hold role names (strings)");
      auto r = engine::parse_role(item.get_ref<const std::string&>());
      if (!r) invalid(name, fmt::format("'{}' is not a role", item.get<std::string>()));
      set.insert(*r);
    }
    return set;
  }

  void reject_unknown() const {
    for (const auto& [key, value] : object_.items()) {
      if (std::find(used_.begin(), used_.end(), key) == used_.end()) {
        invalid(key, "is not a field of this command");
      }
    }
  }

 private:
  const json& object_;
  std::vector<std::string_view> used_;
};

std::optional<engine::Command> read_meeting_command(const std::string& name, Fields& f) {
  const auto m = [&] { return f.text("meeting"); };
  if (name == cmd::ScheduleMeeting::name) {
    cmd::ScheduleMeeting c;
    c.meeting = m();
    c.kind = f.choice<engine::MeetingKind>("kind", engine::parse_meeting_kind,
                                           "consultation, council, assembly, hearing",
                                           engine::MeetingKind::council);
    c.title = f.text("title");
    c.starts_at = f.time("starts_at");
    c.chair = f.text("chair");
    c.urgent_reason = f.optional_text("urgent_reason").value_or("");
    return c;
  }
  if (name == cmd::AddItem::name) {
    cmd::AddItem c;
    c.meeting = m();
    c.item = f.text("item");
    c.proposal = f.optional_text("proposal").value_or("");
    c.title = f.optional_text("title").value_or("");
    c.question = f.optional_text("question").value_or("");
    c.planned_minutes = f.integer("planned_minutes", 1, 600);
    return c;
  }
  if (name == cmd::MoveItem::name) {
    return cmd::MoveItem{m(), f.text("item"), f.integer("position", 0, 10000)};
  }
  if (name == cmd::OpenMeeting::name) return cmd::OpenMeeting{m()};
  if (name == cmd::CheckIn::name) {
    return cmd::CheckIn{m(), f.optional_text("member").value_or("")};
  }
  if (name == cmd::CheckOut::name) {
    return cmd::CheckOut{m(), f.optional_text("member").value_or("")};
  }
  if (name == cmd::RegisterProxy::name) return cmd::RegisterProxy{m(), f.text("holder")};
  if (name == cmd::CallToOrder::name) return cmd::CallToOrder{m()};
  if (name == cmd::HandOverChair::name) return cmd::HandOverChair{m(), f.text("to")};
  if (name == cmd::StartItem::name) return cmd::StartItem{m(), f.text("item")};
  if (name == cmd::OpenDebate::name) return cmd::OpenDebate{m()};
  if (name == cmd::RequestFloor::name) {
    return cmd::RequestFloor{m(), f.choice<engine::Stance>("stance", engine::parse_stance,
                                                           "pro, con, neutral, question")};
  }
  if (name == cmd::WithdrawRequest::name) return cmd::WithdrawRequest{m()};
  if (name == cmd::Recognize::name) return cmd::Recognize{m()};
  if (name == cmd::Yield::name) return cmd::Yield{m()};
  if (name == cmd::CutOff::name) return cmd::CutOff{m(), f.text("reason")};
  if (name == cmd::RaiseOrder::name) return cmd::RaiseOrder{m(), f.text("text")};
  if (name == cmd::RuleOrder::name) {
    return cmd::RuleOrder{m(), f.boolean("sustained"), f.text("reason")};
  }
  if (name == cmd::MoveMotion::name) {
    cmd::MoveMotion c;
    c.meeting = m();
    c.kind = f.choice<engine::MotionKind>(
        "kind", engine::parse_motion_kind,
        "amend, refer, postpone, limit_debate, close_debate, recess, adjourn, appeal, "
        "change_agenda");
    c.text = f.optional_text("text").value_or("");
    c.turn_limit =
        static_cast<engine::Milliseconds>(f.integer("turn_seconds", 0, 86400, 0)) * engine::kSecond;
    return c;
  }
  if (name == cmd::SecondMotion::name) return cmd::SecondMotion{m()};
  if (name == cmd::CallVote::name) return cmd::CallVote{m()};
  if (name == cmd::CountVote::name) {
    return cmd::CountVote{m(), f.integer("yes", 0, 10'000'000), f.integer("no", 0, 10'000'000),
                          f.integer("abstain", 0, 10'000'000, 0)};
  }
  if (name == cmd::ConcludeItem::name) return cmd::ConcludeItem{m()};
  if (name == cmd::Resume::name) return cmd::Resume{m()};
  if (name == cmd::Adjourn::name) return cmd::Adjourn{m()};
  if (name == cmd::AmendMinutes::name) return cmd::AmendMinutes{m(), f.text("text")};
  if (name == cmd::ApproveMinutes::name) return cmd::ApproveMinutes{m()};
  return std::nullopt;
}

// ">1/2", ">=2/3" or "≥3/4": more than, or at least, a fraction.
engine::Fraction read_threshold(const std::string& text, const std::string& field = "threshold") {
  auto f = engine::parse_fraction(text);
  if (!f) {
    invalid(field, fmt::format("'{}' is not a fraction: write it as >1/2 (more than) or >=2/3 "
                               "(at least)",
                               text));
  }
  return *f;
}

// The "rulebook" object of a rule_change proposal: only the rules it changes.
engine::RulebookChange rulebook_change_of(const json& object) {
  auto change = read_rulebook_change(object);
  if (!change) invalid(change.error().field, change.error().message);
  return *change;
}

// A vote: "choice" is yes/no/abstain, an option number (single) or a list of
// them (approval, budget); "scores" a score per option; "ranking" option numbers,
// best first, with [ties] in brackets. Option numbers are 1-based, as on the ballot.
engine::Choice read_choice(Fields& f) {
  engine::Choice c;
  const auto option = [](const json& v, const char* field) {
    if (!v.is_number()) invalid(field, "option numbers are whole numbers from 1");
    return static_cast<int>(whole_number(v, field, 1, 1000) - 1);
  };
  if (const json* choice = f.find("choice")) {
    if (choice->is_string()) {
      auto yn = engine::parse_yes_no(choice->get<std::string>());
      if (!yn)
        invalid("choice",
                fmt::format("'{}' is not yes, no or abstain", choice->get<std::string>()));
      c.yes_no = *yn;
    } else if (choice->is_array()) {
      for (const json& v : *choice) c.selected.push_back(option(v, "choice"));
    } else {
      c.selected.push_back(option(*choice, "choice"));
    }
  }
  if (const json* scores = f.find("scores")) {
    if (!scores->is_array()) invalid("scores", "must be an array, one score per option");
    // The ballot's own range (score_min..score_max, within 0..1000) is the engine's to check.
    for (const json& v : *scores) c.scores.push_back(whole_number(v, "scores", -1000, 1000));
  }
  if (const json* ranking = f.find("ranking")) {
    if (!ranking->is_array()) invalid("ranking", "must be an array of option numbers");
    for (const json& v : *ranking) {
      std::vector<int> cls;
      if (v.is_array()) {
        for (const json& w : v) cls.push_back(option(w, "ranking"));
      } else {
        cls.push_back(option(v, "ranking"));
      }
      c.ranking.push_back(std::move(cls));
    }
  }
  return c;
}

std::optional<engine::Command> read_ballot_command(const std::string& name, Fields& f) {
  if (name == cmd::OpenBallot::name) {
    cmd::OpenBallot c;
    c.ballot = f.text("ballot");
    c.meeting = f.optional_text("meeting").value_or("");
    c.question = f.optional_text("question").value_or("");
    c.secrecy = f.choice<engine::Secrecy>("secrecy", engine::parse_secrecy, "open, secret",
                                          engine::Secrecy::secret);
    c.weighting = f.choice<engine::Weighting>("weighting", engine::parse_weighting,
                                              "person, household, area", engine::Weighting::person);
    c.rule.kind =
        f.choice<engine::RuleKind>("rule", engine::parse_rule_kind,
                                   "threshold, art278, art278_major", engine::RuleKind::threshold);
    if (auto threshold = f.optional_text("threshold")) c.rule.fraction = read_threshold(*threshold);
    if (auto base = f.optional_text("base")) {
      if (*base != "votes_cast" && *base != "electorate") {
        invalid("base", "is votes_cast or electorate");
      }
      c.rule.base = *base == "electorate" ? engine::ThresholdBase::electorate
                                          : engine::ThresholdBase::votes_cast;
    }
    if (auto abstentions = f.optional_text("abstentions")) {
      if (*abstentions != "excluded" && *abstentions != "counted") {
        invalid("abstentions", "is excluded or counted");
      }
      c.rule.abstentions_in_base = *abstentions == "counted";
    }
    if (f.find("closes_at")) c.closes_at = f.time("closes_at");
    auto& q = c.spec;
    q.kind = f.choice<engine::QuestionKind>("kind", engine::parse_question_kind,
                                            "yes_no, single, approval, score, ranked, budget",
                                            engine::QuestionKind::yes_no);
    static const std::map<engine::QuestionKind, engine::TallyMethod> kDefault = {
        {engine::QuestionKind::yes_no, engine::TallyMethod::rule},
        {engine::QuestionKind::single, engine::TallyMethod::plurality},
        {engine::QuestionKind::approval, engine::TallyMethod::approval},
        {engine::QuestionKind::score, engine::TallyMethod::score},
        {engine::QuestionKind::ranked, engine::TallyMethod::schulze},
        {engine::QuestionKind::budget, engine::TallyMethod::mes}};
    q.method = f.choice<engine::TallyMethod>(
        "method", engine::parse_tally_method,
        "plurality, approval, score, irv, schulze, stv, greedy, mes", kDefault.at(q.kind));
    q.options = f.strings("options", "option names");
    c.option_proposals = f.strings("option_proposals", "proposal ids, \"\" for none");
    q.seats = f.integer("seats", 1, 1000, 1);
    q.min_selections = f.integer("min_selections", 0, 1000, 0);
    q.max_selections = f.integer("max_selections", 0, 1000, 0);
    q.score_min = f.integer("score_min", 0, 1000, 0);
    q.score_max = f.integer("score_max", 0, 1000, 0);
    // Amounts beyond the tally's limit are refused here, before they could wrap
    // into int64 (a JSON integer above 2^63 is unsigned, a longer one a float).
    const auto amount = [&](const json& v, const char* field, const char* what) {
      if (!v.is_number() || v.get<double>() < 0 ||
          (v.is_number_float() && std::abs(v.get<double>()) < 1e18)) {
        invalid(field, what);  // not a number, negative, or with a fraction
      }
      if (v.is_number_float() || v.get<std::uint64_t>() > std::uint64_t(tally::kMaxAmount))
        invalid(field, "must be at most 1000000000000000000");
      return v.get<std::int64_t>();
    };
    if (const json* costs = f.find("costs")) {
      if (!costs->is_array()) invalid("costs", "must be an array of whole numbers");
      for (const json& v : *costs)
        q.costs.push_back(amount(v, "costs", "must be non-negative whole numbers"));
    }
    if (const json* budget = f.find("budget"))
      q.budget = amount(*budget, "budget", "must be a positive whole number");
    q.seed_commitment = f.optional_text("seed_commitment").value_or("");
    if (f.find("changes_allowed")) {
      invalid("changes_allowed",
              "is the rulebook's to say (ballot_changes_allowed), not the ballot's: "
              "change it by a rule_change decision");
    }
    return c;
  }
  if (name == cmd::CastBallot::name) {
    cmd::CastBallot c;
    c.ballot = f.text("ballot");
    c.choice = read_choice(f);
    c.nonce = f.optional_text("nonce").value_or("");
    c.previous_nonce = f.optional_text("previous_nonce").value_or("");
    c.on_behalf_of = f.optional_text("on_behalf_of").value_or("");
    return c;
  }
  if (name == cmd::CloseBallot::name) {
    return cmd::CloseBallot{f.text("ballot"), f.optional_text("seed").value_or(""),
                            f.optional_text("reason").value_or("")};
  }
  return std::nullopt;
}

// A whole amount of money from 0 to kMaxEstimatedCost: unsigned or refused, so no
// float, sign or 400-digit number reaches the engine.
std::int64_t money(Fields& f, const char* name, bool required) {
  const json* v = f.find(name);
  if (!v) {
    if (required) invalid(name, "is required");
    return 0;
  }
  if (!v->is_number_unsigned() ||
      v->get<std::uint64_t>() > std::uint64_t(engine::kMaxEstimatedCost)) {
    invalid(name, fmt::format("is a whole amount from 0 to {}", engine::kMaxEstimatedCost));
  }
  return v->get<std::int64_t>();
}

std::optional<engine::Command> read_two_way_command(const std::string& name, Fields& f) {
  if (name == cmd::PublishNotice::name) {
    cmd::PublishNotice c;
    c.notice = f.text("notice");
    c.kind = f.choice<engine::NoticeKind>("kind", engine::parse_notice_kind,
                                          "general, urgent, meeting", engine::NoticeKind::general);
    c.title = f.text("title");
    c.text = f.text("text");
    c.about = f.optional_text("about").value_or("");
    return c;
  }
  if (name == cmd::AcknowledgeNotice::name) return cmd::AcknowledgeNotice{f.text("notice")};
  if (name == cmd::FileReport::name) {
    return cmd::FileReport{f.text("report"), f.text("title"), f.text("text")};
  }
  if (name == cmd::TriageReport::name) {
    return cmd::TriageReport{
        f.text("report"),
        f.choice<engine::Triage>("as", engine::parse_triage, "proposal, referral, task, closed"),
        f.optional_text("target").value_or(""), f.text("reason")};
  }
  if (name == cmd::RequestReply::name) return cmd::RequestReply{f.text("proposal"), f.time("due")};
  if (name == cmd::RecordReply::name) return cmd::RecordReply{f.text("proposal"), f.text("reply")};
  return std::nullopt;
}

std::optional<engine::Command> read_task_command(const std::string& name, Fields& f) {
  const auto task = [&] { return f.text("task"); };
  if (name == cmd::AssignTask::name) {
    cmd::AssignTask c;
    c.task = task();
    c.body = f.text("body");
    c.funding =
        f.choice<engine::Funding>("funding", engine::parse_funding, engine::kFundingChoices);
    c.budget = money(f, "budget", true);
    return c;
  }
  if (name == cmd::AddMilestone::name) {
    return cmd::AddMilestone{task(), f.text("milestone"), f.text("title"), f.text("deliverable"),
                             f.time("due")};
  }
  if (name == cmd::AddSubtask::name) {
    return cmd::AddSubtask{task(), f.text("subtask"), f.text("title"),
                           f.integer("weight", 1, engine::kMaxTaskWeight, 1)};
  }
  if (name == cmd::StartTask::name) return cmd::StartTask{task()};
  if (name == cmd::ReportProgress::name) {
    cmd::ReportProgress c;
    c.task = task();
    if (f.find("percent")) c.percent = f.integer("percent", 0, 100);
    c.spend = money(f, "spend", false);
    c.note = f.text("note");
    c.milestone = f.optional_text("milestone").value_or("");
    c.attachments = f.strings("attachments", "SHA-256 hashes of files");
    return c;
  }
  if (name == cmd::CompleteTask::name) return cmd::CompleteTask{task()};
  if (name == cmd::EvaluateTask::name) return cmd::EvaluateTask{task(), f.text("survey")};
  if (name == cmd::CancelTask::name) {
    return cmd::CancelTask{task(), f.text("decision"), f.text("reason")};
  }
  return std::nullopt;
}

engine::Command read_command(const std::string& name, Fields& f) {
  if (name == cmd::FoundCommunity::name) return cmd::FoundCommunity{f.text("community"), {}};
  if (name == cmd::RegisterHousehold::name) {
    return cmd::RegisterHousehold{f.text("household"), f.centi_m2("area_m2")};
  }
  if (name == cmd::RegisterMember::name) {
    return cmd::RegisterMember{f.text("member"), f.optional_text("household").value_or(""),
                               f.roles("roles")};
  }
  if (name == cmd::GrantRole::name) return cmd::GrantRole{f.text("member"), f.role("granted")};
  if (name == cmd::EraseMember::name) return cmd::EraseMember{f.text("member")};
  if (name == cmd::RevokeRole::name) return cmd::RevokeRole{f.text("member"), f.role("revoked")};
  if (name == cmd::DraftProposal::name) {
    cmd::DraftProposal c;
    c.proposal = f.text("proposal");
    c.from_poll = f.optional_text("from_poll").value_or("");
    // Option numbers are 1-based on the wire, as on the ballot.
    if (f.find("from_option")) c.from_option = f.integer("from_option", 1, 100'000) - 1;
    // Drafted from a poll's option, the title may be left to the option's.
    c.title = c.from_poll.empty() ? f.text("title") : f.optional_text("title").value_or("");
    c.summary = f.optional_text("summary").value_or("");
    if (const json* cost = f.find("estimated_cost")) {
      // Unsigned and in range, or refused: no float, no sign, no 400-digit number.
      if (!cost->is_number_unsigned() ||
          cost->get<std::uint64_t>() > std::uint64_t(engine::kMaxEstimatedCost)) {
        invalid("estimated_cost",
                fmt::format("is a whole amount from 0 to {}", engine::kMaxEstimatedCost));
      }
      c.estimated_cost = cost->get<std::int64_t>();
    }
    c.category = f.optional_text("category").value_or("");
    if (const json* rules = f.find("rulebook")) c.rulebook_change = rulebook_change_of(*rules);
    if (auto kind = f.optional_text("kind")) {
      auto k = engine::parse_proposal_kind(*kind);
      if (!k) invalid("kind", fmt::format("'{}' is not project, rule_change or other", *kind));
      c.kind = *k;
    }
    return c;
  }
  if (name == cmd::ReviseProposal::name) {
    return cmd::ReviseProposal{f.text("proposal"), f.text("title"),
                               f.optional_text("summary").value_or("")};
  }
  if (name == cmd::SubmitProposal::name) return cmd::SubmitProposal{f.text("proposal")};
  if (name == cmd::SupportProposal::name) return cmd::SupportProposal{f.text("proposal")};
  if (name == cmd::AcceptProposal::name) {
    return cmd::AcceptProposal{f.text("proposal"), f.text("reason")};
  }
  if (name == cmd::ReturnProposal::name) {
    return cmd::ReturnProposal{f.text("proposal"), f.text("reason")};
  }
  if (name == cmd::ReferProposal::name) {
    return cmd::ReferProposal{f.text("proposal"), f.text("body"), f.text("reason")};
  }
  if (name == cmd::MergeProposal::name) {
    return cmd::MergeProposal{f.text("proposal"), f.text("into"), f.text("reason")};
  }
  if (name == cmd::ScheduleProposal::name) {
    cmd::ScheduleProposal c{f.text("proposal"), f.text("meeting")};
    c.item = f.optional_text("item").value_or("");
    if (f.find("planned_minutes")) {
      c.planned_minutes = static_cast<std::uint32_t>(f.integer("planned_minutes", 1, 600));
    }
    return c;
  }
  if (name == cmd::WithdrawProposal::name) {
    return cmd::WithdrawProposal{f.text("proposal"), f.optional_text("reason").value_or("")};
  }
  if (name == cmd::Tick::name) return cmd::Tick{};
  if (auto meeting = read_meeting_command(name, f)) return *meeting;
  if (auto ballot = read_ballot_command(name, f)) return *ballot;
  if (auto t = read_task_command(name, f)) return *t;
  if (auto t = read_two_way_command(name, f)) return *t;
  invalid("cmd", fmt::format("unknown command '{}'; known: {}", name, known_commands()));
}

}  // namespace

std::string_view known_commands() {
  return "community.found, household.register, member.register, member.grant_role, "
         "member.revoke_role, proposal.draft, proposal.revise, proposal.submit, "
         "proposal.support, proposal.accept, proposal.return, proposal.refer, proposal.merge, "
         "proposal.schedule, proposal.withdraw, clock.tick, meeting.schedule, meeting.add_item, "
         "meeting.move_item, meeting.open, meeting.check_in, meeting.check_out, "
         "meeting.register_proxy, meeting.call_to_order, meeting.hand_over_chair, "
         "meeting.start_item, meeting.open_debate, floor.request, floor.withdraw_request, "
         "floor.recognize, floor.yield, floor.cut_off, order.raise, order.rule, motion.move, "
         "motion.second, vote.call, vote.count, meeting.conclude_item, meeting.resume, "
         "meeting.adjourn, minutes.amend, minutes.approve, ballot.open, ballot.cast, "
         "ballot.close, task.assign, task.add_milestone, task.add_subtask, task.start, "
         "task.report, task.complete, task.evaluate, task.cancel, member.erase, notice.publish, "
         "notice.acknowledge, report.file, report.triage, referral.request_reply, "
         "referral.reply";
}

namespace {

// A command from a script (`actor` is one of its fields) or from a session
// (`from_session`: the actor is the session's, filled in by the caller).
std::expected<ParsedCommand, FieldError> read_parsed_command(const json& object,
                                                             bool from_session) {
  if (!object.is_object()) {
    return std::unexpected(FieldError{"", "a command must be a JSON object"});
  }
  try {
    Fields f(object);
    ParsedCommand out{engine::command::Tick{},
                      from_session ? std::string() : f.text("actor"),
                      std::nullopt,
                      std::nullopt,
                      std::nullopt,
                      std::nullopt};
    if (auto role = f.optional_text("role")) {
      out.role = engine::parse_role(*role);
      if (!out.role) invalid("role", fmt::format("'{}' is not a role", *role));
    }
    if (auto at = f.optional_text("at")) {
      out.at = parse_time(*at);
      if (!out.at) {
        invalid("at", fmt::format("'{}' is not a time like 2026-03-01T09:00:00+08:00", *at));
      }
    }
    const std::string name = f.text("cmd");
    out.command = read_command(name, f);
    if (name == engine::command::RegisterMember::name) {
      out.display_name = f.optional_text("display_name");
      out.contact = f.optional_text("contact");
    }
    f.reject_unknown();
    return out;
  } catch (const Invalid& e) {
    return std::unexpected(e.error);
  }
}

}  // namespace

std::expected<ParsedCommand, FieldError> parse_command(const json& object) {
  return read_parsed_command(object, false);
}

std::expected<ParsedCommand, FieldError> parse_session_command(const json& object) {
  if (!object.is_object()) {
    return std::unexpected(FieldError{"", "a command must be a JSON object"});
  }
  for (const char* field : {"actor", "at"}) {
    if (object.contains(field)) {
      return std::unexpected(
          FieldError{field,
                     "is not yours to set: the server takes who from your session and when from "
                     "its clock"});
    }
  }
  return read_parsed_command(object, true);
}

std::expected<engine::RulebookChange, FieldError> parse_rulebook_change(const json& object) {
  return read_rulebook_change(object);
}

std::expected<json, FieldError> parse_json_text(std::string_view text) {
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    // nlohmann would stop at a raw NUL and accept what came before it.
    return std::unexpected(FieldError{"", fmt::format("a NUL byte at column {}", nul + 1)});
  }
  // Each open object's keys so far, and the path to the value being read (for errors).
  std::vector<std::set<std::string>> keys;
  std::vector<std::string> path;
  std::optional<FieldError> refused;
  const auto where = [&] {
    std::string out;
    for (const std::string& k : path) {
      if (k.empty()) continue;
      if (!out.empty()) out += '.';
      out += k;
    }
    return out;
  };
  const json::parser_callback_t check = [&](int, json::parse_event_t event, json& parsed) {
    using E = json::parse_event_t;
    if (event == E::object_start) {
      keys.emplace_back();
      path.emplace_back();
    } else if (event == E::object_end) {
      keys.pop_back();
      path.pop_back();
    } else if (event == E::key) {
      const auto& key = parsed.get_ref<const std::string&>();
      path.back().clear();  // the object's previous key is not part of this one's path
      if (!refused && key.find('\0') != std::string::npos) {
        const std::string field = where();
        refused = FieldError{field, field.empty() ? "a key holds a NUL character (\\u0000)"
                                                  : "holds a key with a NUL character (\\u0000)"};
      }
      path.back() = key;
      if (!refused && !keys.back().insert(key).second) {
        // nlohmann would keep the last one silently; a reader must not have to guess.
        refused = FieldError{where(), "appears twice in one object"};
      }
    } else if (event == E::value && parsed.is_string() && !refused &&
               parsed.get_ref<const std::string&>().find('\0') != std::string::npos) {
      refused = FieldError{where(), "holds a NUL character (\\u0000)"};
    }
    return true;
  };
  json object;
  try {
    object = json::parse(text, check);
  } catch (const json::out_of_range&) {
    // A number beyond a double (1e400, 400 digits): name the field it was for.
    const std::string field = where();
    return std::unexpected(
        FieldError{field, field.empty() ? "a number out of range" : "is a number out of range"});
  } catch (const json::exception& e) {
    // nlohmann also refuses invalid UTF-8 here, naming the byte position.
    return std::unexpected(FieldError{"", fmt::format("not valid JSON: {}", e.what())});
  }
  if (refused) return std::unexpected(*refused);
  return object;
}

std::expected<ParsedCommand, FieldError> parse_command_text(std::string_view text) {
  if (text.size() > kMaxCommandBytes) {
    return std::unexpected(
        FieldError{"", fmt::format("the command is {} bytes; at most {} are accepted", text.size(),
                                   kMaxCommandBytes)});
  }
  auto object = parse_json_text(text);
  if (!object) return std::unexpected(object.error());
  return parse_command(*object);
}

}  // namespace yishi::wire
