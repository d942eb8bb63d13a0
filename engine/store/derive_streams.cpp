#include "engine/store/derive_streams.hpp"

#include "engine/codec/event_codec.hpp"
#include "engine/core/evolve.hpp"
#include "engine/core/streams.hpp"

namespace yishi::store {

std::expected<std::uint64_t, StoreError> derive_missing_streams(Database& db) {
  auto missing = db.prepare("SELECT min(seq), max(seq) FROM events WHERE stream IS NULL");
  missing.step();
  if (missing.column_is_null(0)) return 0;
  const std::int64_t last = missing.column_int(1);

  Transaction tx(db);
  auto rows = db.prepare(
      "SELECT seq, type, version, payload, stream IS NULL FROM events WHERE seq <= ?1 "
      "ORDER BY seq");
  rows.bind(1, last);
  auto set = db.prepare("UPDATE events SET stream = ?1 WHERE seq = ?2");
  engine::State state;
  std::uint64_t filled = 0;
  while (rows.step()) {
    const std::int64_t seq = rows.column_int(0);
    const auto payload = rows.column_blob(3);
    auto event = engine::codec::decode_event(
        rows.column_text(1), static_cast<std::uint32_t>(rows.column_int(2)),
        std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()));
    if (!event) {
      return std::unexpected(StoreError{
          "corrupt",
          "event " + std::to_string(seq) + ": its stream cannot be derived: " + event.error(),
          static_cast<std::uint64_t>(seq)});
    }
    // The state after the event, as Community::execute derives it.
    engine::apply_event(state, *event);
    if (rows.column_int(4) == 0) continue;
    set.bind(1, engine::stream_of(state, *event)).bind(2, seq);
    set.step();
    set.reset();
    ++filled;
  }
  tx.commit();
  return filled;
}

}  // namespace yishi::store
