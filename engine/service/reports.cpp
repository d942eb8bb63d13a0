#include "engine/service/reports.hpp"

#include <fmt/format.h>

#include "engine/codec/event_codec.hpp"
#include "engine/core/evolve.hpp"

namespace yishi::service {

std::expected<MeetingHistory, std::string> meeting_history(store::Log& store,
                                                           const engine::MeetingId& meeting) {
  MeetingHistory out;
  minutes::MeetingScope scope(meeting);
  std::string error;
  auto scanned = store.scan(1, [&](audit::Envelope&& e) {
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) {
      error = fmt::format("event {}: {}", e.seq, event.error());
      return false;
    }
    if (const auto* founded = std::get_if<engine::event::CommunityFounded>(&*event)) {
      out.utc_offset_minutes = founded->utc_offset_minutes;
    }
    if (scope.admits(*event)) out.events.push_back({e.seq, e.time, e.actor, std::move(*event)});
    return true;
  });
  if (!scanned) return std::unexpected(scanned.error().message);
  if (!error.empty()) return std::unexpected(error);
  return out;
}

std::expected<minutes::Names, std::string> member_names(store::Log& store) {
  auto profiles = store.profiles();
  if (!profiles) return std::unexpected(profiles.error().message);
  std::vector<std::pair<engine::MemberId, std::string>> names;
  names.reserve(profiles->size());
  for (auto& p : *profiles) names.emplace_back(std::move(p.member), std::move(p.display_name));
  return minutes::Names(names);
}

std::expected<PastState, std::string> state_at(store::Log& store, LogPoint at) {
  PastState out;
  std::string error;
  bool past_the_point = false;
  auto scanned = store.scan(1, [&](audit::Envelope&& e) {
    out.head_seq = e.seq;
    // Beyond the point only the head is wanted (a store opened for inspection
    // has not read it).
    past_the_point =
        past_the_point || (at.seq && e.seq > *at.seq) || (at.time && e.time > *at.time);
    if (past_the_point) return true;
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) {
      error = fmt::format("event {}: {}", e.seq, event.error());
      return false;
    }
    engine::apply_event(out.state, *event);
    out.seq = e.seq;
    out.time = e.time;
    return true;
  });
  if (!scanned) return std::unexpected(scanned.error().message);
  if (!error.empty()) return std::unexpected(error);
  return out;
}

}  // namespace yishi::service
