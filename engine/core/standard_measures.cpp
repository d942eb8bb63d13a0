#include "engine/core/standard_measures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>
#include <set>

#include "engine/core/indicators.hpp"
#include "engine/core/task_status.hpp"

namespace yishi::engine {
namespace {

enum Measure : std::size_t {
  tasks_opened,
  tasks_completed,
  tasks_on_time,
  tasks_on_budget,
  tasks_evaluated,
  satisfaction_share,
  tasks_overdue,
  budget,
  spent,
  complaints,
  reports_filed,
  reports_untriaged,
  referrals_due,
  referrals_replied_on_time,
  notices_published,
  notice_acknowledgements,
  members,
  proposals_drafted,
  kMeasureCount
};

constexpr std::array<MeasureInfo, kMeasureCount> kCatalogue{{
    {"tasks_opened", "decisions' tasks opened in the period"},
    {"tasks_completed", "decisions' tasks completed in the period"},
    {"tasks_on_time", "of those, every milestone delivered by its due date"},
    {"tasks_on_budget", "of those, spent no more than the budget"},
    {"tasks_evaluated", "of those, evaluated by a residents' survey"},
    {"satisfaction_share",
     "sum over the evaluated of where the mean score lies on its scale (0 to 1)"},
    {"tasks_overdue", "decisions' tasks open at the period's end with a milestone past due"},
    {"budget", "budget of the tasks completed in the period"},
    {"spent", "spending of the tasks completed in the period"},
    {"complaints", "residents' reports filed in the period and triaged to a task"},
    {"reports_filed", "residents' reports filed in the period"},
    {"reports_untriaged", "of those, not triaged yet"},
    {"referrals_due", "replies from referred bodies due in the period"},
    {"referrals_replied_on_time", "of those, replied by the due date"},
    {"notices_published", "notices published in the period"},
    {"notice_acknowledgements", "acknowledgements of those notices"},
    {"members", "members now (erased members excluded)"},
    {"proposals_drafted", "proposals drafted in the period"},
}};

bool in(const Period& p, Timestamp t) {
  return t >= p.from && t < p.to;
}

// Budgets run to 10^15 each: their sum, then ×1000, must not wrap. The limit
// is far past any real figure; a value at it reads as "at least this".
constexpr std::int64_t kMeasureLimit = std::numeric_limits<std::int64_t>::max() / 1000;
void add_capped(std::int64_t& to, std::int64_t amount) {
  to = amount > kMeasureLimit - to ? kMeasureLimit : to + amount;
}

std::optional<std::size_t> measure_index(std::string_view name) {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
    if (kCatalogue[i].name == name) return i;
  }
  return std::nullopt;
}

// Shunting-yard over + - * / and parentheses; no unary operators.
class FormulaParser {
 public:
  explicit FormulaParser(std::string_view text) : text_(text) {}

  std::expected<Formula, std::string> run() {
    if (text_.size() > kMaxFormulaChars) {
      return std::unexpected(fmt::format("is longer than {} characters", kMaxFormulaChars));
    }
    bool want_operand = true;
    for (std::size_t i = 0; i < text_.size();) {
      const char c = text_[i];
      if (c == ' ') {
        ++i;
      } else if (want_operand && c == '(') {
        ops_.push_back('(');
        ++i;
      } else if (want_operand && c >= '0' && c <= '9') {
        std::size_t used = 0;
        const auto v = parse_milli(text_.substr(i), used);
        if (!v) return error(i, "a number has at most 9 digits and 3 decimals");
        out_.steps.push_back({Formula::Step::Kind::number, *v});
        i += used;
        want_operand = false;
      } else if (want_operand && ((c >= 'a' && c <= 'z') || c == '_')) {
        std::size_t end = i;
        while (end < text_.size() &&
               ((text_[end] >= 'a' && text_[end] <= 'z') || text_[end] == '_')) {
          ++end;
        }
        const std::string_view name = text_.substr(i, end - i);
        const auto index = measure_index(name);
        if (!index) return error(i, fmt::format("{} is not a measure", name));
        out_.steps.push_back({Formula::Step::Kind::measure, static_cast<std::int64_t>(*index)});
        i = end;
        want_operand = false;
      } else if (!want_operand && c == ')') {
        while (!ops_.empty() && ops_.back() != '(') pop();
        if (ops_.empty()) return error(i, "a ')' without its '('");
        ops_.pop_back();
        ++i;
      } else if (!want_operand && (c == '+' || c == '-' || c == '*' || c == '/')) {
        while (!ops_.empty() && ops_.back() != '(' && precedence(ops_.back()) >= precedence(c)) {
          pop();
        }
        ops_.push_back(c);
        ++i;
        want_operand = true;
      } else {
        return error(i, want_operand ? "expected a number, a measure or '('"
                                     : "expected an operator or ')'");
      }
    }
    if (want_operand) return error(text_.size(), "the formula ends without its last operand");
    while (!ops_.empty()) {
      if (ops_.back() == '(') return error(text_.size(), "a '(' is never closed");
      pop();
    }
    return out_;
  }

 private:
  static int precedence(char op) { return op == '*' || op == '/' ? 2 : 1; }
  void pop() {
    using K = Formula::Step::Kind;
    const char op = ops_.back();
    ops_.pop_back();
    const K kind = op == '+'   ? K::add
                   : op == '-' ? K::subtract
                   : op == '*' ? K::multiply
                               : K::divide;
    out_.steps.push_back({kind, 0});
  }
  std::unexpected<std::string> error(std::size_t at, std::string_view what) const {
    return std::unexpected(fmt::format("at character {}: {}", at + 1, what));
  }

  std::string_view text_;
  Formula out_;
  std::vector<char> ops_;
};

bool plain_text(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::ranges::none_of(s, [](unsigned char c) { return c < 0x20; });
}

bool identifier(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::ranges::all_of(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

std::span<const MeasureInfo> measure_catalogue() {
  return kCatalogue;
}

std::expected<Formula, std::string> parse_formula(std::string_view text) {
  return FormulaParser(text).run();
}

std::optional<Rejection> check_standing_rules(const std::vector<Responsibility>& responsibilities,
                                              const std::vector<IndicatorStandard>& standards) {
  if (responsibilities.size() > kMaxResponsibilities) {
    return Rejection{"invalid_field", "rulebook.responsibilities",
                     fmt::format("at most {} entries", kMaxResponsibilities)};
  }
  std::set<std::string_view> matters;
  for (std::size_t i = 0; i < responsibilities.size(); ++i) {
    const Responsibility& r = responsibilities[i];
    const auto field = [&](std::string_view name) {
      return fmt::format("rulebook.responsibilities[{}].{}", i, name);
    };
    // A proposal's category, matched exactly: free text like the category itself.
    if (!plain_text(r.matter, kMaxCategoryChars * 4)) {
      return Rejection{"invalid_field", field("matter"),
                       "a proposal category: not empty, no control characters"};
    }
    if (!matters.insert(r.matter).second) {
      return Rejection{"invalid_field", field("matter"),
                       fmt::format("{} is listed twice: one body answers for a matter", r.matter)};
    }
    // A member id (a body that takes tasks) or the name of an outside body a
    // matter is referred to, as proposal.refer names it.
    if (!plain_text(r.body, kMaxDutyChars)) {
      return Rejection{"invalid_field", field("body"),
                       fmt::format("a member id or a body's name: 1 to {} bytes, no control "
                                   "characters",
                                   kMaxDutyChars)};
    }
    if (!r.duty.empty() && !plain_text(r.duty, kMaxDutyChars)) {
      return Rejection{"invalid_field", field("duty"),
                       fmt::format("at most {} bytes, no control characters", kMaxDutyChars)};
    }
  }
  if (standards.size() > kMaxStandards) {
    return Rejection{"invalid_field", "rulebook.standards",
                     fmt::format("at most {} indicators", kMaxStandards)};
  }
  std::set<std::pair<std::string_view, std::string_view>> names;
  for (std::size_t i = 0; i < standards.size(); ++i) {
    const IndicatorStandard& st = standards[i];
    const auto field = [&](std::string_view name) {
      return fmt::format("rulebook.standards[{}].{}", i, name);
    };
    if (!identifier(st.standard, kMaxStandardNameChars)) {
      return Rejection{"invalid_field", field("standard"),
                       fmt::format("1 to {} of a-z, 0-9, _ and -", kMaxStandardNameChars)};
    }
    if (!identifier(st.name, kMaxStandardNameChars)) {
      return Rejection{"invalid_field", field("name"),
                       fmt::format("1 to {} of a-z, 0-9, _ and -", kMaxStandardNameChars)};
    }
    if (!names.emplace(st.standard, st.name).second) {
      return Rejection{"invalid_field", field("name"),
                       fmt::format("{} is declared twice in {}", st.name, st.standard)};
    }
    if (auto f = parse_formula(st.formula); !f) {
      return Rejection{"invalid_field", field("formula"), f.error()};
    }
    if (st.target_milli < -kMaxTargetMilli || st.target_milli > kMaxTargetMilli) {
      return Rejection{"invalid_field", field("target"), "at most 10^9 in absolute value"};
    }
  }
  return std::nullopt;
}

std::vector<std::int64_t> measures(const State& s, const Period& p, const MeasureScope& scope) {
  std::vector<std::int64_t> m(kMeasureCount, 0);
  for (const auto& [id, t] : s.tasks) {
    if (!t.parent.empty()) continue;  // sub-tasks count within their decision's task
    if (!scope.covers(t)) continue;
    if (in(p, t.opened_at)) ++m[tasks_opened];
    if (t.open() && t.opened_at < p.to && task_status(s, t, p.to).overdue) ++m[tasks_overdue];
    if (t.completed_at == 0 || !in(p, t.completed_at)) continue;
    const TaskIndicators ind = task_indicators(t);
    ++m[tasks_completed];
    add_capped(m[budget], std::max<std::int64_t>(t.budget, 0));
    add_capped(m[spent], std::max<std::int64_t>(t.spent, 0));
    if (ind.on_time.value_or(false)) ++m[tasks_on_time];
    if (ind.on_budget.value_or(false)) ++m[tasks_on_budget];
    if (ind.satisfaction_share_milli) {
      ++m[tasks_evaluated];
      m[satisfaction_share] += *ind.satisfaction_share_milli;  // thousandths: scaled below
    }
  }
  for (const auto& [id, r] : s.reports) {
    if (!in(p, r.filed_at)) continue;
    ++m[reports_filed];
    if (r.triage == Triage::pending) ++m[reports_untriaged];
    if (r.triage != Triage::task) continue;
    const Task* t = s.task(r.target);
    const bool whole_community = !scope.body && !scope.funding;
    if (whole_community || (t && scope.covers(*t))) ++m[complaints];
  }
  for (const auto& [id, r] : s.referrals) {
    if (!in(p, r.due)) continue;
    ++m[referrals_due];
    if (r.replied_at != 0 && r.replied_at <= r.due) ++m[referrals_replied_on_time];
  }
  for (const auto& [id, n] : s.notices) {
    if (!in(p, n.published_at)) continue;
    ++m[notices_published];
    m[notice_acknowledgements] += static_cast<std::int64_t>(n.acknowledged.size());
  }
  for (const auto& [id, member] : s.members) m[members] += member.erased ? 0 : 1;
  for (const auto& [id, proposal] : s.proposals) m[proposals_drafted] += in(p, proposal.drafted_at);
  // Every measure is a count except satisfaction_share, kept in thousandths so
  // that evaluate() can treat all of them alike (×1000).
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (i != satisfaction_share) m[i] = std::min(m[i], kMeasureLimit) * 1000;
  }
  return m;
}

std::optional<std::int64_t> evaluate(const Formula& formula,
                                     const std::vector<std::int64_t>& values) {
  // Long double keeps exact integers to 2^64, far past any count here; the
  // value is rounded to thousandths once, at the end.
  std::vector<long double> stack;
  using K = Formula::Step::Kind;
  for (const Formula::Step& step : formula.steps) {
    if (step.kind == K::number) {
      stack.push_back(static_cast<long double>(step.value) / 1000);
      continue;
    }
    if (step.kind == K::measure) {
      stack.push_back(static_cast<long double>(values.at(static_cast<std::size_t>(step.value))) /
                      1000);
      continue;
    }
    const long double b = stack.back();
    stack.pop_back();
    long double& a = stack.back();
    switch (step.kind) {
      case K::add:
        a += b;
        break;
      case K::subtract:
        a -= b;
        break;
      case K::multiply:
        a *= b;
        break;
      case K::divide:
        if (b == 0) return std::nullopt;
        a /= b;
        break;
      default:
        break;
    }
  }
  const long double v = stack.back() * 1000;
  if (v > 9e18L || v < -9e18L) return std::nullopt;
  return static_cast<std::int64_t>(v < 0 ? v - 0.5L : v + 0.5L);
}

std::vector<IndicatorValue> indicator_values(const State& s, const Period& period,
                                             const MeasureScope& scope) {
  return indicator_values(s.rulebook.standards, measures(s, period, scope));
}

std::vector<IndicatorValue> indicator_values(const std::vector<IndicatorStandard>& standards,
                                             const std::vector<std::int64_t>& m) {
  std::vector<IndicatorValue> out;
  for (const IndicatorStandard& st : standards) {
    IndicatorValue v{&st, std::nullopt, std::nullopt};
    // The rulebook was checked when installed: the formula parses.
    if (auto f = parse_formula(st.formula)) v.value_milli = evaluate(*f, m);
    if (v.value_milli) {
      v.met = st.comparison == TargetComparison::at_least ? *v.value_milli >= st.target_milli
                                                          : *v.value_milli <= st.target_milli;
    }
    out.push_back(v);
  }
  return out;
}

Timestamp record_start(const State& s) {
  Timestamp first = 0;
  const auto see = [&](Timestamp t) {
    if (t > 0 && (first == 0 || t < first)) first = t;
  };
  for (const auto& [id, p] : s.proposals) see(p.drafted_at);
  for (const auto& [id, t] : s.tasks) see(t.opened_at);
  for (const auto& [id, r] : s.reports) see(r.filed_at);
  for (const auto& [id, n] : s.notices) see(n.published_at);
  return first;
}

std::optional<PeriodLength> parse_period_length(std::string_view text) {
  if (text == "month") return PeriodLength::month;
  if (text == "quarter") return PeriodLength::quarter;
  if (text == "year") return PeriodLength::year;
  return std::nullopt;
}

std::vector<Period> calendar_periods(Timestamp first, Timestamp now, PeriodLength length,
                                     std::int32_t utc_offset_minutes) {
  namespace chr = std::chrono;
  std::vector<Period> out;
  first = std::clamp(first, kEarliestTime, kLatestTime);  // chrono overflows past them
  now = std::clamp(now, kEarliestTime, kLatestTime);
  utc_offset_minutes = std::clamp(utc_offset_minutes, -24 * 60, 24 * 60);
  if (now <= first) return out;
  const Milliseconds offset = Milliseconds{utc_offset_minutes} * 60'000;
  const auto local_day =
      chr::floor<chr::days>(chr::sys_time<chr::milliseconds>(chr::milliseconds(first + offset)));
  chr::year_month_day ymd{local_day};
  const unsigned step = length == PeriodLength::month     ? 1
                        : length == PeriodLength::quarter ? 3
                                                          : 12;
  unsigned month = static_cast<unsigned>(ymd.month());
  month = length == PeriodLength::month     ? month
          : length == PeriodLength::quarter ? (month - 1) / 3 * 3 + 1
                                            : 1;
  chr::year_month_day start{ymd.year(), chr::month{month}, chr::day{1}};
  const auto to_ms = [&](const chr::year_month_day& d) {
    return chr::sys_days(d).time_since_epoch() / chr::milliseconds(1) - offset;
  };
  // Years of history at most a few hundred periods; a bound keeps a forged
  // clock from asking for millions.
  for (int guard = 0; guard < 2400; ++guard) {
    const chr::year_month_day next = start + chr::months{step};
    const Timestamp from = to_ms(start), to = to_ms(next);
    out.push_back({std::max(from, first), std::min(to, now)});
    if (to >= now) break;
    start = next;
  }
  return out;
}

}  // namespace yishi::engine
