// Minutes (会议纪要) and the replay timeline of a meeting, generated from its
// record. Deterministic: the same log always gives the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "engine/minutes/document.hpp"
#include "engine/minutes/names.hpp"
#include "engine/minutes/record.hpp"
#include "engine/minutes/wording.hpp"

namespace yishi::minutes {

struct Style {
  Language language = Language::zh;
  int utc_offset_minutes = 0;
  const Names* names = nullptr;  // null: members by id (stable bytes for audits)
};

Document minutes_document(const MeetingRecord& r, const Style& style);
std::string minutes_markdown(const MeetingRecord& r, const Style& style);
std::string minutes_html(const MeetingRecord& r, const Style& style);
nlohmann::ordered_json minutes_json(const MeetingRecord& r);

// One line per event of the meeting, its ballots' included (see MeetingScope):
// "time  #seq  actor  what happened".
std::vector<std::string> timeline(const std::string& meeting, std::span<const Recorded> events,
                                  const Style& style);

}  // namespace yishi::minutes
