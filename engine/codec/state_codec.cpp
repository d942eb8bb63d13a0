#include "engine/codec/state_codec.hpp"

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/variant.hpp>

#include <cstring>
#include <sstream>

#include "engine/codec/serialize.hpp"

namespace yishi::engine {

template <class Archive>
void serialize(Archive& ar, Proposal& p) {
  ar(p.id, p.author, p.kind, p.title, p.summary, p.estimated_cost, p.category, p.drafted_at,
     p.revision, p.supporters, p.merged_from, p.phase, p.proposed_change, p.seeded_from, p.standing,
     p.consultations);
}

template <class Archive>
void serialize(Archive& ar, AgendaItem& i) {
  ar(i.id, i.proposal, i.title, i.question, i.planned_minutes, i.phase, i.outcome, i.presenter,
     i.presentation_ends_at, i.turn_limit, i.turns, i.last_side);
}
template <class Archive>
void serialize(Archive& ar, SpeakRequest& r) {
  ar(r.member, r.stance, r.repeat);
}
template <class Archive>
void serialize(Archive& ar, Floor& f) {
  ar(f.member, f.stance, f.started_at, f.ends_at, f.limit, f.paused_remaining);
}
template <class Archive>
void serialize(Archive& ar, PointOfOrder& p) {
  ar(p.raised_by, p.text, p.sustained, p.ruling_reason, p.appealed);
}
template <class Archive>
void serialize(Archive& ar, Motion& m) {
  ar(m.number, m.kind, m.mover, m.seconder, m.text, m.turn_limit, m.phase);
}
template <class Archive>
void serialize(Archive& ar, Attendance& a) {
  ar(a.reasons, a.in_person, a.proxy_of, a.proxies_held, a.household_present, a.people,
     a.households, a.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, Electorate& e) {
  ar(e.people, e.households, e.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, Meeting& m) {
  ar(m.id, m.kind, m.title, m.starts_at, m.convener, m.chair, m.appointed_chair, m.urgent,
     m.urgent_reason, m.rules, m.phase, m.agenda, m.current, m.electorate, m.attendance, m.quorate,
     m.queue, m.floor, m.point_of_order, m.motions, m.motions_made, m.vote_on, m.minutes_amendments,
     m.minutes_approved_by, m.item_ballot);
}

template <class Archive>
void serialize(Archive& ar, Ballot& b) {
  ar(b.id, b.meeting, b.item, b.question, b.spec, b.secrecy, b.weighting, b.rule, b.closes_at,
     b.changes_allowed, b.rulebook_version, b.eligible, b.electorate_weight, b.electorate_owners,
     b.phase, b.participants, b.households_voted, b.box, b.owners, b.option_proposals, b.totals,
     b.passed);
}

template <class Archive>
void serialize(Archive& ar, State& s) {
  ar(s.community, s.utc_offset_minutes, s.rulebook, s.households, s.members, s.proposals,
     s.support_deadlines, s.meetings, s.ballots, s.poll_deadlines, s.live_meetings,
     s.resident_count, s.household_residents, s.resident_households, s.resident_area_centi_m2,
     s.tasks, s.notices, s.reports, s.referrals);
}

namespace codec {

std::string encode_state(const State& state) {
  std::ostringstream out;
  {
    cereal::PortableBinaryOutputArchive archive(out);
    archive(state);
  }
  return std::move(out).str();
}

namespace {

// An output buffer that compares what is written with the expected bytes.
class CompareBuffer : public std::streambuf {
 public:
  explicit CompareBuffer(std::string_view expected) : expected_(expected) {
    setp(buffer_, buffer_ + sizeof buffer_);
  }
  // True when everything written so far, flushed, equals all the expected bytes.
  bool matched() {
    flush();
    return same_ && checked_ == expected_.size();
  }

 protected:
  int_type overflow(int_type c) override {
    flush();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

 private:
  void flush() {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    if (same_) {
      same_ = n <= expected_.size() - checked_ &&
              std::memcmp(pbase(), expected_.data() + checked_, n) == 0;
      checked_ += n;
    }
    setp(buffer_, buffer_ + sizeof buffer_);
  }

  std::string_view expected_;
  std::size_t checked_ = 0;
  bool same_ = true;
  char buffer_[16384];
};

}  // namespace

bool state_encodes_to(const State& state, std::string_view bytes) {
  CompareBuffer buffer(bytes);
  {
    std::ostream out(&buffer);
    cereal::PortableBinaryOutputArchive archive(out);
    archive(state);
  }
  return buffer.matched();
}

std::expected<State, std::string> decode_state(std::string_view bytes) {
  std::istringstream in{std::string(bytes)};
  State state;
  const PayloadBound bound(bytes.size());
  try {
    cereal::PortableBinaryInputArchive archive(in);
    archive(state);
  } catch (const std::exception& e) {
    return std::unexpected(std::string("malformed snapshot: ") + e.what());
  }
  return state;
}

}  // namespace codec
}  // namespace yishi::engine
