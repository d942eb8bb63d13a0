#include "engine/core/meeting.hpp"

#include <algorithm>
#include <array>

#include <deque>
#include "engine/core/enum_names.hpp"

namespace yishi::engine {
namespace {

constexpr std::array<std::string_view, 4> kKinds = {"consultation", "council", "assembly",
                                                    "hearing"};
constexpr std::array<std::string_view, 6> kMeetingPhases = {
    "scheduled", "open", "in_session", "recess", "adjourned", "minutes_approved"};
constexpr std::array<std::string_view, 6> kItemPhases = {"pending", "presenting", "deliberating",
                                                         "voting",  "decided",    "deferred"};
constexpr std::array<std::string_view, 4> kStances = {"pro", "con", "neutral", "question"};
constexpr std::array<std::string_view, 9> kMotions = {
    "amend",  "refer",   "postpone", "limit_debate", "close_debate",
    "recess", "adjourn", "appeal",   "change_agenda"};
constexpr std::array<std::string_view, 4> kTurnEnds = {"yielded", "time_up", "cut_off",
                                                       "interrupted"};
constexpr std::array<std::string_view, 4> kOutcomes = {"none", "adopted", "rejected", "noted"};
constexpr std::array<std::string_view, 3> kBases = {"headcount", "household", "area"};

}  // namespace

std::string_view to_string(MeetingKind k) {
  return enum_name(kKinds, k);
}
std::string_view to_string(MeetingPhase p) {
  return enum_name(kMeetingPhases, p);
}
std::string_view to_string(ItemPhase p) {
  return enum_name(kItemPhases, p);
}
std::string_view to_string(Stance s) {
  return enum_name(kStances, s);
}
std::string_view to_string(MotionKind k) {
  return enum_name(kMotions, k, 1);
}
std::string_view to_string(TurnEnd e) {
  return enum_name(kTurnEnds, e);
}
std::string_view to_string(ItemOutcome o) {
  return enum_name(kOutcomes, o);
}
std::string_view to_string(QuorumBasis b) {
  return enum_name(kBases, b);
}
std::optional<MeetingKind> parse_meeting_kind(std::string_view t) {
  return parse_enum<MeetingKind>(kKinds, t);
}
std::optional<Stance> parse_stance(std::string_view t) {
  return parse_enum<Stance>(kStances, t);
}
std::optional<MotionKind> parse_motion_kind(std::string_view t) {
  return parse_enum<MotionKind>(kMotions, t, 1);
}
std::optional<QuorumBasis> parse_quorum_basis(std::string_view t) {
  return parse_enum<QuorumBasis>(kBases, t);
}

const AgendaItem* Meeting::find_item(const ItemId& item_id) const {
  for (const auto& i : agenda) {
    if (i.id == item_id) return &i;
  }
  return nullptr;
}

Milliseconds time_spoken(const Floor& f, Timestamp now) {
  const Milliseconds remaining = f.paused_remaining ? *f.paused_remaining : f.ends_at - now;
  return std::clamp<Milliseconds>(f.limit - remaining, 0, f.limit);
}

bool quorum_met(const Meeting& m, std::uint64_t people, std::uint64_t households,
                std::int64_t area_centi_m2) {
  switch (m.rules.quorum_basis) {
    case QuorumBasis::headcount:
      return m.rules.quorum.met(people, m.electorate.people);
    case QuorumBasis::household:
      return m.rules.quorum.met(households, m.electorate.households);
    case QuorumBasis::area:
      return m.rules.quorum.met(static_cast<std::uint64_t>(area_centi_m2),
                                static_cast<std::uint64_t>(m.electorate.area_centi_m2));
  }
  return false;
}

std::vector<std::size_t> speaker_order(const Meeting& m) {
  std::vector<std::size_t> out;
  const AgendaItem* item = m.item();
  if (!item) return out;
  out.reserve(m.queue.size());
  // Per group, three FIFO lanes (pro, con, the rest) of queue indices: picking
  // the next speaker compares lane fronts, so the whole order costs O(n).
  std::optional<Stance> last = item->last_side;
  for (const bool repeat : {false, true}) {
    std::deque<std::size_t> pro, con, rest;
    for (std::size_t i = 0; i < m.queue.size(); ++i) {
      if (m.queue[i].repeat != repeat) continue;
      const Stance s = m.queue[i].stance;
      (s == Stance::pro ? pro : s == Stance::con ? con : rest).push_back(i);
    }
    while (!pro.empty() || !con.empty() || !rest.empty()) {
      std::deque<std::size_t>* lanes[3] = {&pro, &con, &rest};
      // While the other side waits, the side that spoke last sits out.
      if (last == Stance::pro && !con.empty()) lanes[0] = nullptr;
      if (last == Stance::con && !pro.empty()) lanes[1] = nullptr;
      std::deque<std::size_t>* earliest = nullptr;
      for (auto* lane : lanes) {
        if (lane && !lane->empty() && (!earliest || lane->front() < earliest->front())) {
          earliest = lane;
        }
      }
      const std::size_t next = earliest->front();
      earliest->pop_front();
      out.push_back(next);
      if (earliest != &rest) last = m.queue[next].stance;
    }
  }
  return out;
}

std::optional<std::size_t> next_speaker(const Meeting& m) {
  const AgendaItem* item = m.item();
  if (!item) return std::nullopt;
  for (const bool repeat : {false, true}) {
    std::optional<std::size_t> pro, con, rest;
    for (std::size_t i = 0; i < m.queue.size(); ++i) {
      if (m.queue[i].repeat != repeat) continue;
      const Stance s = m.queue[i].stance;
      auto& lane = s == Stance::pro ? pro : s == Stance::con ? con : rest;
      if (!lane) lane = i;
    }
    if (!pro && !con && !rest) continue;
    const auto earliest = [](std::optional<std::size_t> a, std::optional<std::size_t> b) {
      return !a ? b : !b ? a : std::optional<std::size_t>(std::min(*a, *b));
    };
    if (item->last_side == Stance::pro && con) return earliest(con, rest);
    if (item->last_side == Stance::con && pro) return earliest(pro, rest);
    return earliest(earliest(pro, con), rest);
  }
  return std::nullopt;
}

}  // namespace yishi::engine
