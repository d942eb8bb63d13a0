// cereal serialisation of engine values. Private to the codec: the field order
// here IS the wire format of each event version, so change it only together
// with a new event version in event_codec.cpp.
#pragma once

#include <cereal/types/map.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include "engine/core/events.hpp"
#include "engine/core/state.hpp"

namespace yishi::engine {

template <class Archive>
void save(Archive& ar, const RoleSet& roles) {
  ar(roles.bits());
}
template <class Archive>
void load(Archive& ar, RoleSet& roles) {
  std::uint8_t bits = 0;
  ar(bits);
  roles = RoleSet::from_bits(bits);
}

template <class Archive>
void serialize(Archive& ar, Rulebook& r) {
  ar(r.version, r.support_threshold, r.support_window, r.max_title_chars, r.max_summary_chars,
     r.max_reason_chars);
}

template <class Archive>
void serialize(Archive& ar, Household& h) {
  ar(h.id, h.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, Member& m) {
  ar(m.id, m.household, m.roles);
}

namespace event {
template <class Archive>
void serialize(Archive& ar, CommunityFounded& e) {
  ar(e.community, e.admin, e.rulebook);
}
template <class Archive>
void serialize(Archive& ar, HouseholdRegistered& e) {
  ar(e.household, e.area_centi_m2);
}
template <class Archive>
void serialize(Archive& ar, MemberRegistered& e) {
  ar(e.member, e.household, e.roles);
}
template <class Archive>
void serialize(Archive& ar, RoleGranted& e) {
  ar(e.member, e.role);
}
template <class Archive>
void serialize(Archive& ar, RoleRevoked& e) {
  ar(e.member, e.role);
}
template <class Archive>
void serialize(Archive& ar, ProposalDrafted& e) {
  ar(e.proposal, e.author, e.kind, e.title, e.summary, e.at);
}
template <class Archive>
void serialize(Archive& ar, ProposalRevised& e) {
  ar(e.proposal, e.title, e.summary);
}
template <class Archive>
void serialize(Archive& ar, ProposalSubmitted& e) {
  ar(e.proposal, e.deadline, e.threshold);
}
template <class Archive>
void serialize(Archive& ar, ProposalSupported& e) {
  ar(e.proposal, e.supporter);
}
template <class Archive>
void serialize(Archive& ar, ProposalSentToScreening& e) {
  ar(e.proposal);
}
template <class Archive>
void serialize(Archive& ar, ProposalExpired& e) {
  ar(e.proposal);
}
template <class Archive>
void serialize(Archive& ar, ProposalAccepted& e) {
  ar(e.proposal, e.reason);
}
template <class Archive>
void serialize(Archive& ar, ProposalReturned& e) {
  ar(e.proposal, e.reason);
}
template <class Archive>
void serialize(Archive& ar, ProposalReferred& e) {
  ar(e.proposal, e.body, e.reason);
}
template <class Archive>
void serialize(Archive& ar, ProposalMerged& e) {
  ar(e.proposal, e.into, e.reason, e.moved_supporters);
}
template <class Archive>
void serialize(Archive& ar, ProposalScheduled& e) {
  ar(e.proposal, e.meeting);
}
template <class Archive>
void serialize(Archive& ar, ProposalWithdrawn& e) {
  ar(e.proposal, e.reason);
}
}  // namespace event

namespace phase {
template <class Archive>
void serialize(Archive&, Draft&) {}
template <class Archive>
void serialize(Archive& ar, CollectingSupport& p) {
  ar(p.deadline, p.threshold);
}
template <class Archive>
void serialize(Archive&, Screening&) {}
template <class Archive>
void serialize(Archive& ar, Accepted& p) {
  ar(p.reason);
}
template <class Archive>
void serialize(Archive& ar, Returned& p) {
  ar(p.reason);
}
template <class Archive>
void serialize(Archive& ar, Referred& p) {
  ar(p.body, p.reason);
}
template <class Archive>
void serialize(Archive& ar, Merged& p) {
  ar(p.into, p.reason);
}
template <class Archive>
void serialize(Archive& ar, Scheduled& p) {
  ar(p.meeting);
}
template <class Archive>
void serialize(Archive& ar, Withdrawn& p) {
  ar(p.reason);
}
template <class Archive>
void serialize(Archive&, Expired&) {}
}  // namespace phase

}  // namespace yishi::engine
