// The words minutes and timelines are written in: zh-CN and en.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/meeting.hpp"

namespace yishi::minutes {

enum class Language { zh, en };
std::optional<Language> parse_language(std::string_view text);

std::string_view word(Language l, engine::MeetingKind k);
std::string_view word(Language l, engine::Stance s);
std::string_view word(Language l, engine::MotionKind k);
std::string_view word(Language l, engine::TurnEnd e);
std::string_view word(Language l, engine::ItemOutcome o);
std::string_view word(Language l, engine::QuorumBasis b);

// "2026-04-10 19:00:05" at the given offset from UTC.
std::string local_time(engine::Timestamp t, int utc_offset_minutes);
// "UTC+08:00"
std::string offset_name(int utc_offset_minutes);
// "1:30" (minutes:seconds)
std::string duration(engine::Milliseconds ms);

}  // namespace yishi::minutes
