#include "engine/minutes/wording.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdlib>

#include "engine/wire/time_format.hpp"

namespace yishi::minutes {
namespace {
template <std::size_t N>
std::string_view pick(Language l, const std::array<std::string_view, N>& zh,
                      const std::array<std::string_view, N>& en, std::size_t i) {
  return l == Language::zh ? zh[i] : en[i];
}
}  // namespace

std::optional<Language> parse_language(std::string_view text) {
  if (text == "zh" || text == "zh-CN") return Language::zh;
  if (text == "en") return Language::en;
  return std::nullopt;
}

std::string_view word(Language l, engine::MeetingKind k) {
  return pick<4>(l, {"座谈会", "议事会", "大会", "听证会"},
                 {"consultation", "council", "assembly", "hearing"}, static_cast<std::size_t>(k));
}
std::string_view word(Language l, engine::Stance s) {
  return pick<4>(l, {"赞成", "反对", "中立", "提问"}, {"pro", "con", "neutral", "question"},
                 static_cast<std::size_t>(s));
}
std::string_view word(Language l, engine::MotionKind k) {
  return pick<9>(l,
                 {"修正", "交付审议", "延期", "限制或延长发言时间", "结束辩论", "休会", "散会",
                  "对主持人裁定申诉"},
                 {"amend", "refer", "postpone", "limit or extend debate", "close debate", "recess",
                  "adjourn", "appeal the chair's ruling", "change the agenda"},
                 static_cast<std::size_t>(k) - 1);
}
std::string_view word(Language l, engine::TurnEnd e) {
  return pick<4>(l, {"主动结束", "时间到", "被主持人中止", "因表决中断"},
                 {"yielded", "time up", "cut off by the chair", "interrupted for a vote"},
                 static_cast<std::size_t>(e));
}
std::string_view word(Language l, engine::ItemOutcome o) {
  return pick<4>(l, {"未决", "通过", "否决", "记录在案"},
                 {"undecided", "adopted", "rejected", "noted"}, static_cast<std::size_t>(o));
}
std::string_view word(Language l, engine::QuorumBasis b) {
  return pick<3>(l, {"人数", "户数", "面积"}, {"headcount", "households", "floor area"},
                 static_cast<std::size_t>(b));
}

std::string local_time(engine::Timestamp t, int utc_offset_minutes) {
  const std::string iso = wire::format_time(t + engine::Timestamp{utc_offset_minutes} * 60'000);
  // "2026-04-10T11:00:05Z" -> "2026-04-10 11:00:05"
  return iso.substr(0, 10) + ' ' + iso.substr(11, 8);
}

std::string offset_name(int m) {
  return fmt::format("UTC{}{:02}:{:02}", m < 0 ? '-' : '+', std::abs(m) / 60, std::abs(m) % 60);
}

std::string duration(engine::Milliseconds ms) {
  const auto s = (ms + 500) / 1000;
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace yishi::minutes
