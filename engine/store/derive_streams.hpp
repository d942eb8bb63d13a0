// The streams of events written before the store kept them (migration 0007):
// derived once, when the log is next opened for writing, so that a resume is
// found by index for old logs too. Private to the SQLite store.
#pragma once

#include <cstdint>
#include <expected>

#include "engine/store/records.hpp"
#include "engine/store/sqlite.hpp"

namespace yishi::store {

// Fills in every events row whose stream is NULL with engine::stream_of,
// replaying the log from its first event up to the last such row (a ballot's
// events are on its meeting's stream: the state must know the ballot). One
// transaction: on an error nothing is written. Returns how many rows it filled;
// none (and only an index lookup) once every row has its stream. Throws
// SqliteError.
std::expected<std::uint64_t, StoreError> derive_missing_streams(Database& db);

}  // namespace yishi::store
