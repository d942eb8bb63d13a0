#include "engine/minutes/record.hpp"

#include <algorithm>
#include <utility>

namespace yishi::minutes {
namespace ev = engine::event;

std::optional<std::string> meeting_of(const engine::Event& e) {
  return std::visit(
      [](const auto& x) -> std::optional<std::string> {
        if constexpr (requires { x.meeting; }) {
          return std::string(x.meeting);
        } else {
          return std::nullopt;
        }
      },
      e);
}

bool MeetingScope::admits(const engine::Event& e) {
  if (const auto* opened = std::get_if<ev::BallotOpened>(&e)) {
    if (opened->meeting != meeting_) return false;
    ballots_.insert(opened->ballot);
    return true;
  }
  return std::visit(
      [&](const auto& x) {
        if constexpr (requires { x.meeting; }) {
          return x.meeting == meeting_;
        } else if constexpr (requires { x.ballot; }) {
          return ballots_.contains(x.ballot);
        } else {
          return false;
        }
      },
      e);
}

namespace {

class Builder {
 public:
  explicit Builder(MeetingRecord& r) : r_(r) {}

  void operator()(const Recorded& rec, const ev::MeetingScheduled& e) {
    r_.kind = e.kind;
    r_.title = e.title;
    r_.scheduled_at = rec.time;
    r_.starts_at = e.starts_at;
    r_.convener = e.convener;
    r_.chair = e.chair;
    r_.urgent_reason = e.urgent_reason;
    r_.rulebook_version = e.rules.version;
    r_.quorum_basis = e.rules.quorum_basis;
    r_.quorum = e.rules.quorum;
  }
  void operator()(const Recorded&, const ev::ItemAdded& e) {
    ItemRecord item;
    item.id = e.item;
    item.proposal = e.proposal;
    item.title = e.title;
    item.question = item.final_question = e.question;
    item.planned_minutes = e.planned_minutes;
    const auto at = std::min<std::size_t>(e.position, r_.agenda.size());
    r_.agenda.insert(r_.agenda.begin() + static_cast<std::ptrdiff_t>(at), std::move(item));
  }
  void operator()(const Recorded&, const ev::ItemMoved& e) {
    auto it = std::ranges::find(r_.agenda, e.item, &ItemRecord::id);
    if (it == r_.agenda.end()) return;
    ItemRecord item = std::move(*it);
    r_.agenda.erase(it);
    const auto at = std::min<std::size_t>(e.position, r_.agenda.size());
    r_.agenda.insert(r_.agenda.begin() + static_cast<std::ptrdiff_t>(at), std::move(item));
  }
  void operator()(const Recorded& rec, const ev::MeetingOpened& e) {
    r_.opened_at = rec.time;
    r_.electorate_people = e.electorate_people;
    r_.electorate_households = e.electorate_households;
    r_.electorate_area_centi_m2 = e.electorate_area_centi_m2;
  }
  void operator()(const Recorded& rec, const ev::CheckedIn& e) {
    r_.presence.push_back({rec.time, e.member, true});
  }
  void operator()(const Recorded& rec, const ev::CheckedOut& e) {
    r_.presence.push_back({rec.time, e.member, false});
  }
  void operator()(const Recorded& rec, const ev::ProxyRegistered& e) {
    r_.proxies.push_back({rec.time, e.grantor, e.holder});
  }
  void operator()(const Recorded& rec, const ev::QuorumLost& e) {
    r_.quorum_changes.push_back({rec.time, false, e.people, e.households, e.area_centi_m2});
  }
  void operator()(const Recorded& rec, const ev::QuorumReached& e) {
    r_.quorum_changes.push_back({rec.time, true, e.people, e.households, e.area_centi_m2});
  }
  void operator()(const Recorded& rec, const ev::CalledToOrder&) {
    r_.called_to_order_at = rec.time;
  }
  void operator()(const Recorded& rec, const ev::ChairHandedOver& e) {
    r_.chair_changes.emplace_back(rec.time, e.to);
  }
  void operator()(const Recorded& rec, const ev::ItemStarted& e) {
    current_id_ = e.item;
    ItemRecord* item = current();
    if (!item) return;
    item->presenter = e.presenter;
    item->started_at = rec.time;
    item->phase = engine::ItemPhase::presenting;
  }
  void operator()(const Recorded& rec, const ev::DebateOpened& e) {
    if (ItemRecord* item = find(e.item)) {
      item->debate_opened_at = rec.time;
      item->phase = engine::ItemPhase::deliberating;
    }
  }
  void operator()(const Recorded& rec, const ev::FloorRecognized& e) {
    ItemRecord* item = current();
    if (!item) return;
    item->speeches.push_back({rec.time, e.member, e.stance, 0, engine::TurnEnd::yielded, ""});
  }
  void operator()(const Recorded&, const ev::TurnEnded& e) {
    ItemRecord* item = current();
    if (!item || item->speeches.empty()) return;
    Speech& s = item->speeches.back();
    if (s.member != e.member) return;
    s.spoke = e.spoke;
    s.how = e.how;
    s.cut_off_reason = e.reason;
  }
  void operator()(const Recorded& rec, const ev::OrderRaised& e) {
    points().push_back({rec.time, e.member, e.text, std::nullopt, "", false});
  }
  void operator()(const Recorded&, const ev::OrderRuled& e) {
    if (points().empty()) return;
    points().back().sustained = e.sustained;
    points().back().ruling = e.reason;
  }
  void operator()(const Recorded&, const ev::RulingReversed&) {
    if (!points().empty()) points().back().reversed_on_appeal = true;
  }
  void operator()(const Recorded& rec, const ev::MotionMoved& e) {
    MotionRecord m{rec.time, e.number, e.kind, e.mover, "", e.text, e.turn_limit, std::nullopt};
    ItemRecord* item = current();
    const bool procedural =
        e.kind == engine::MotionKind::recess || e.kind == engine::MotionKind::adjourn || !item;
    (procedural ? r_.procedural_motions : item->motions).push_back(std::move(m));
  }
  void operator()(const Recorded&, const ev::MotionSeconded& e) {
    if (MotionRecord* m = motion(e.number)) m->seconder = e.member;
  }
  void operator()(const Recorded&, const ev::BallotOpened& e) {
    ballot_ = e.ballot;
    secret_ = e.secrecy == engine::Secrecy::secret;
  }
  void operator()(const Recorded&, const ev::VoteCounted& e) {
    // A count that follows a ballot's opening is that ballot's result.
    const Vote v{e.yes, e.no, e.abstain, e.passed, std::exchange(ballot_, {}), secret_};
    if (e.subject == 0) {
      if (ItemRecord* item = current()) item->vote = v;
    } else if (MotionRecord* m = motion(e.subject)) {
      m->vote = v;
    }
  }
  void operator()(const Recorded&, const ev::TextAmended& e) {
    ItemRecord* item = current();
    if (e.target == 0 && item) item->final_question = e.text;
  }
  void operator()(const Recorded& rec, const ev::ItemDeferred& e) {
    if (ItemRecord* item = find(e.item)) {
      item->phase = engine::ItemPhase::deferred;
      item->deferred_reason = e.reason;
      item->closed_at = rec.time;
    }
    current_id_.clear();
  }
  void operator()(const Recorded&, const ev::ItemRemoved& e) {
    std::erase_if(r_.agenda, [&](const ItemRecord& i) { return i.id == e.item; });
  }
  void operator()(const Recorded&, const ev::MotionLapsed& e) {
    if (MotionRecord* m = motion(e.number)) m->lapsed = true;
  }
  void operator()(const Recorded& rec, const ev::ItemDecided& e) {
    if (ItemRecord* item = find(e.item)) {
      item->phase = engine::ItemPhase::decided;
      item->outcome = e.outcome;
      item->closed_at = rec.time;
    }
    current_id_.clear();
  }
  void operator()(const Recorded& rec, const ev::Recessed&) {
    r_.recesses.emplace_back(rec.time, 0);
  }
  void operator()(const Recorded& rec, const ev::Resumed&) {
    if (!r_.recesses.empty()) r_.recesses.back().second = rec.time;
  }
  void operator()(const Recorded& rec, const ev::Adjourned&) { r_.adjourned_at = rec.time; }
  void operator()(const Recorded& rec, const ev::MinutesAmended& e) {
    r_.minutes_amendments.emplace_back(rec.time, e.text);
  }
  void operator()(const Recorded& rec, const ev::MinutesApproved& e) {
    r_.approved = std::make_pair(rec.time, e.by);
  }
  template <class Other>
  void operator()(const Recorded&, const Other&) {}

 private:
  ItemRecord* current() { return current_id_.empty() ? nullptr : find(current_id_); }
  ItemRecord* find(const engine::ItemId& id) {
    auto it = std::ranges::find(r_.agenda, id, &ItemRecord::id);
    return it == r_.agenda.end() ? nullptr : &*it;
  }
  std::vector<PointOfOrder>& points() {
    ItemRecord* item = current();
    return item ? item->points_of_order : r_.procedural_points;
  }
  MotionRecord* motion(std::uint32_t number) {
    ItemRecord* item = current();
    for (auto* list : {item ? &item->motions : nullptr, &r_.procedural_motions}) {
      if (!list) continue;
      for (MotionRecord& m : *list) {
        if (m.number == number) return &m;
      }
    }
    return nullptr;
  }

  MeetingRecord& r_;
  engine::ItemId current_id_;  // the item being taken up, if any
  engine::BallotId ballot_;    // the meeting ballot open now, if any
  bool secret_ = false;
};

}  // namespace

std::optional<MeetingRecord> build_record(const std::string& meeting,
                                          std::span<const Recorded> events) {
  MeetingRecord r;
  r.id = meeting;
  Builder builder(r);
  bool scheduled = false;
  for (const Recorded& rec : events) {
    if (meeting_of(rec.event) != meeting) continue;
    // proposal.scheduled also names the meeting but adds nothing to its record.
    if (std::holds_alternative<ev::ProposalScheduled>(rec.event)) continue;
    scheduled = scheduled || std::holds_alternative<ev::MeetingScheduled>(rec.event);
    if (!r.first_seq) r.first_seq = rec.seq;
    r.last_seq = rec.seq;
    std::visit([&](const auto& e) { builder(rec, e); }, rec.event);
  }
  if (!scheduled) return std::nullopt;
  return r;
}

}  // namespace yishi::minutes
