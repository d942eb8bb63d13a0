// How an event joins the chain: its envelope, from the event, its seq and the
// hash before it. Every store seals envelopes here, so the same events give
// the same hashes whatever stores them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "engine/audit/envelope.hpp"
#include "engine/store/records.hpp"

namespace yishi::store {

// The envelope of `pending` at `seq`, linked to `prev_hash`. Not for the sealed
// box's events (engine::is_sealed_box_event): they are kept beside the chain.
audit::Envelope chain_envelope(const PendingEvent& pending, std::uint64_t seq,
                               const audit::Hash& prev_hash);

// Why `events` cannot be appended as they are: a chained event without its
// stream (PendingEvent::stream), which would be lost to every stream's resume.
// Nothing when they can. Checked before anything is written.
std::optional<StoreError> missing_stream(std::span<const PendingEvent> events);

}  // namespace yishi::store
