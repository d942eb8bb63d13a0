#include "engine/store/event_store.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>

#include <sqlite3.h>

#include "engine/codec/event_codec.hpp"
#include "engine/codec/state_codec.hpp"
#include "engine/core/evolve.hpp"
#include "engine/core/streams.hpp"
#include "engine/store/chain.hpp"
#include "engine/store/derive_streams.hpp"
#include "engine/store/guarded.hpp"
#include "engine/store/migrations.hpp"
#include "engine/store/sqlite.hpp"

namespace yishi::store {
namespace {

using audit::Envelope;
using audit::Hash;

StoreError not_a_store(const std::string& path, const std::string& why) {
  return StoreError{"not_a_store", path + " is not a Yishi store: " + why, 0};
}

std::string_view pragma_value(Synchronous s) {
  switch (s) {
    case Synchronous::off:
      return "OFF";
    case Synchronous::normal:
      return "NORMAL";
    case Synchronous::full:
      return "FULL";
    case Synchronous::extra:
      return "EXTRA";
  }
  return "FULL";
}

void configure(Database& db, const StoreOptions& options) {
  auto mode = db.prepare("PRAGMA journal_mode=WAL");
  mode.step();
  if (mode.column_text(0) != "wal") {
    throw SqliteError(0, "could not switch the database to WAL mode");
  }
  db.exec("PRAGMA synchronous=" + std::string(pragma_value(options.synchronous)));
  db.exec("PRAGMA foreign_keys=ON");
  // Deleted rows are overwritten, not just unlinked: an erased member's details
  // (member.erased) and a tallied ballot box must not linger in free pages.
  db.exec("PRAGMA secure_delete=ON");
}

Hash to_hash(std::span<const std::uint8_t> blob) {
  Hash h{};
  if (blob.size() == h.size()) std::memcpy(h.data(), blob.data(), h.size());
  return h;
}

// Reads a row into `e`, reusing the capacity of its strings.
void read_envelope_into(const Statement& row, Envelope& e) {
  e.seq = static_cast<std::uint64_t>(row.column_int(0));
  e.time = row.column_int(1);
  e.actor.assign(row.column_text(2));
  e.type.assign(row.column_text(3));
  const std::int64_t version = row.column_int(4);
  e.version = static_cast<std::uint32_t>(version);
  const auto payload = row.column_blob(5);
  e.payload.assign(reinterpret_cast<const char*>(payload.data()), payload.size());
  const auto prev = row.column_blob(6);
  const auto hash = row.column_blob(7);
  // A hash column of the wrong length cannot match anything: keep it visibly wrong.
  e.prev_hash = to_hash(prev);
  e.hash = to_hash(hash);
  if (prev.size() != 32) e.prev_hash[0] ^= 0xFF;
  // So is a version that does not fit the 32 bits the hash covers.
  if (hash.size() != 32 || version != static_cast<std::int64_t>(e.version)) e.hash[0] ^= 0xFF;
}

Envelope read_envelope(const Statement& row) {
  Envelope e;
  read_envelope_into(row, e);
  return e;
}

std::string as_string(std::span<const std::uint8_t> blob) {
  return std::string(reinterpret_cast<const char*>(blob.data()), blob.size());
}

constexpr std::string_view kSelectEnvelopes =
    "SELECT seq, time, actor, type, version, payload, prev_hash, hash FROM events "
    "WHERE seq >= ?1 ORDER BY seq";

// The envelope columns as kSelectEnvelopes reads them, then the stream; in seq
// order by the primary key (every event) or by events_stream_seq (one stream).
constexpr std::string_view kSelectEveryStream =
    "SELECT seq, time, actor, type, version, payload, prev_hash, hash, stream FROM events "
    "WHERE seq > ?1 ORDER BY seq LIMIT ?2";
constexpr std::string_view kSelectOneStream =
    "SELECT seq, time, actor, type, version, payload, prev_hash, hash, stream FROM events "
    "WHERE stream = ?3 AND seq > ?1 ORDER BY seq LIMIT ?2";

}  // namespace

EventStore::EventStore(std::unique_ptr<Database> db, StoreOptions options)
    : db_(std::move(db)), options_(options) {}

EventStore::~EventStore() = default;

std::expected<std::unique_ptr<EventStore>, StoreError> EventStore::create(const std::string& path,
                                                                          StoreOptions options) {
  if (std::filesystem::exists(path)) {
    return std::unexpected(StoreError{"exists", path + " already exists", 0});
  }
  return guarded([&]() -> std::expected<std::unique_ptr<EventStore>, StoreError> {
    auto db = std::make_unique<Database>(path, Database::Mode::create_new);
    configure(*db, options);
    migrate(*db);
    return std::unique_ptr<EventStore>(new EventStore(std::move(db), options));
  });
}

std::expected<EventStore::Opened, StoreError> EventStore::open(const std::string& path,
                                                               StoreOptions options) {
  if (!std::filesystem::exists(path)) {
    return std::unexpected(StoreError{"not_found", "no database at " + path, 0});
  }
  return guarded([&]() -> std::expected<Opened, StoreError> {
    auto db = std::make_unique<Database>(path, Database::Mode::open_existing);
    // Before WAL mode or a migration touches someone else's file.
    if (auto why = not_a_yishi_store(*db)) return std::unexpected(not_a_store(path, *why));
    configure(*db, options);
    migrate(*db);
    std::unique_ptr<EventStore> store(new EventStore(std::move(db), options));
    auto state = store->load();
    if (!state) return std::unexpected(state.error());
    // After load(): a log whose chain is broken is refused before anything is written to it.
    if (auto derived = derive_missing_streams(*store->db_); !derived) {
      return std::unexpected(derived.error());
    }
    return Opened{std::move(store), std::move(*state)};
  });
}

std::expected<std::unique_ptr<EventStore>, StoreError> EventStore::inspect(
    const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return std::unexpected(StoreError{"not_found", "no database at " + path, 0});
  }
  return guarded([&]() -> std::expected<std::unique_ptr<EventStore>, StoreError> {
    auto db = std::make_unique<Database>(path, Database::Mode::open_existing);
    if (auto why = not_a_yishi_store(*db)) return std::unexpected(not_a_store(path, *why));
    std::unique_ptr<EventStore> store(new EventStore(std::move(db), StoreOptions{}));
    store->writable_ = false;

    return store;
  });
}

namespace {

constexpr std::string_view kSelectSnapshot =
    "SELECT seq, format, state, head_hash, merkle_peaks, digest, signature FROM snapshots ";

StoredSnapshot read_snapshot(const Statement& row) {
  StoredSnapshot snap;
  snap.seq = static_cast<std::uint64_t>(row.column_int(0));
  snap.format = row.column_int(1);
  snap.state = as_string(row.column_blob(2));
  const auto head = row.column_blob(3);
  snap.head_hash = to_hash(head);
  if (head.size() != 32) snap.head_hash[0] ^= 0xFF;
  const auto peaks = row.column_blob(4);
  for (std::size_t i = 0; i + 32 <= peaks.size(); i += 32) {
    snap.peaks.push_back(to_hash(peaks.subspan(i, 32)));
  }
  if (peaks.size() % 32 != 0) snap.peaks.push_back(Hash{0xFF});  // visibly wrong
  snap.digest = as_string(row.column_blob(5));
  snap.signature = as_string(row.column_blob(6));
  return snap;
}

}  // namespace

std::string EventStore::file_path() const {
  const char* path = sqlite3_db_filename(db_->handle(), "main");
  return path == nullptr ? std::string() : std::string(path);
}

std::expected<std::unique_ptr<EventStore>, StoreError> EventStore::inspect_again() {
  const std::string path = file_path();
  if (path.empty()) {
    return std::unexpected(StoreError{"not_found", "this store has no file to open again", 0});
  }
  return inspect(path);
}

std::expected<engine::State, StoreError> EventStore::reload() {
  if (!writable_) {
    return std::unexpected(StoreError{"read_only", "this log was opened for inspection", 0});
  }
  const std::string path = file_path();
  if (path.empty()) {
    return std::unexpected(StoreError{"not_found", "this store has no file to open again", 0});
  }
  // A fresh connection, read as open() reads it: nothing this one holds in memory
  // (head, tree, a statement left mid-way by a failure) is trusted.
  auto opened = open(path, options_);
  if (!opened) return std::unexpected(opened.error());
  EventStore& fresh = *opened->store;
  db_ = std::move(fresh.db_);
  head_seq_ = fresh.head_seq_;
  head_hash_ = fresh.head_hash_;
  head_time_ = fresh.head_time_;
  merkle_ = std::move(fresh.merkle_);
  last_snapshot_seq_ = fresh.last_snapshot_seq_;
  problem_ = std::move(fresh.problem_);
  problem_seq_ = fresh.problem_seq_;
  return std::move(opened->state);
}

std::expected<std::optional<StoredSnapshot>, StoreError> EventStore::latest_snapshot() {
  return guarded([&]() -> std::expected<std::optional<StoredSnapshot>, StoreError> {
    auto row = db_->prepare(std::string(kSelectSnapshot) + "ORDER BY seq DESC LIMIT 1");
    if (!row.step()) return std::optional<StoredSnapshot>{};
    return std::optional<StoredSnapshot>(read_snapshot(row));
  });
}

std::expected<std::optional<SnapshotHeader>, StoreError> EventStore::latest_snapshot_header() {
  return guarded([&]() -> std::expected<std::optional<SnapshotHeader>, StoreError> {
    auto row = db_->prepare("SELECT seq, format FROM snapshots ORDER BY seq DESC LIMIT 1");
    if (!row.step()) return std::optional<SnapshotHeader>{};
    return std::optional<SnapshotHeader>(
        SnapshotHeader{static_cast<std::uint64_t>(row.column_int(0)), row.column_int(1)});
  });
}

std::expected<std::optional<StoredSnapshot>, StoreError> EventStore::snapshot_at(
    std::uint64_t seq) {
  return guarded([&]() -> std::expected<std::optional<StoredSnapshot>, StoreError> {
    auto row = db_->prepare(
        "SELECT seq, format, NULL, head_hash, merkle_peaks, digest, signature FROM snapshots "
        "WHERE seq = ?1");
    row.bind(1, static_cast<std::int64_t>(seq));
    if (!row.step()) return std::optional<StoredSnapshot>{};
    StoredSnapshot snap = read_snapshot(row);
    // The state, tens of megabytes, read without SQLite's own copy of it.
    if (!db_->read_blob("snapshots", "state", static_cast<std::int64_t>(seq), snap.state)) {
      return std::optional<StoredSnapshot>{};
    }
    return std::optional<StoredSnapshot>(std::move(snap));
  });
}

// A snapshot is a cache that whoever holds the file could have edited: it is
// used only if it is the newest, agrees with the log row at its seq, its digest
// matches its bytes, and the trusted key signed that digest. Anything less and
// the whole log is replayed (never an older, unchecked snapshot).
std::optional<engine::State> EventStore::load_snapshot() {
  if (!options_.trusted_key) return std::nullopt;
  auto latest = latest_snapshot();
  if (!latest || !*latest) return std::nullopt;
  const StoredSnapshot& snap = **latest;
  if (snap.format != engine::codec::kSnapshotFormat) return std::nullopt;
  auto row = db_->prepare("SELECT hash, time FROM events WHERE seq = ?1");
  row.bind(1, static_cast<std::int64_t>(snap.seq));
  if (!row.step()) return std::nullopt;
  const auto event_hash = row.column_blob(0);
  if (event_hash.size() != 32 || to_hash(event_hash) != snap.head_hash) return std::nullopt;
  const Hash digest = snapshot_digest(snap);
  if (snap.digest.size() != 32 || std::memcmp(snap.digest.data(), digest.data(), 32) != 0) {
    return std::nullopt;
  }
  audit::Signature signature{};
  if (snap.signature.size() != signature.size()) return std::nullopt;
  std::memcpy(signature.data(), snap.signature.data(), signature.size());
  if (!audit::verify_message(snapshot_message(snap, digest), signature, *options_.trusted_key)) {
    return std::nullopt;
  }
  auto state = engine::codec::decode_state(snap.state);
  if (!state) return std::nullopt;
  auto range = audit::CompactRange::from_peaks(snap.seq, snap.peaks);
  if (!range) return std::nullopt;
  head_seq_ = snap.seq;
  head_hash_ = snap.head_hash;
  head_time_ = row.column_int(1);
  merkle_ = std::move(*range);
  last_snapshot_seq_ = snap.seq;
  return std::move(*state);
}

std::expected<engine::State, StoreError> EventStore::load() {
  engine::State state = load_snapshot().value_or(engine::State{});
  // Stored checkpoints are checked as the replay passes their tree sizes.
  auto stored = checkpoints();
  if (!stored) return std::unexpected(stored.error());
  std::size_t next_checkpoint = 0;
  const auto note_problem = [&](std::uint64_t seq, std::string why) {
    if (problem_.empty()) {
      problem_ = std::move(why);
      problem_seq_ = seq;
    }
  };
  // Checks the stored checkpoints up to the current tree size: their signatures
  // (with a trusted key), and the root of the one at exactly this size.
  const auto check_checkpoints = [&] {
    while (next_checkpoint < stored->size() &&
           (*stored)[next_checkpoint].tree_size <= merkle_.size()) {
      const audit::Checkpoint& c = (*stored)[next_checkpoint++];
      // Those a trusted snapshot covers were checked before it was signed.
      if (c.tree_size >= last_snapshot_seq_ && options_.trusted_key &&
          !audit::verify_checkpoint(c, *options_.trusted_key)) {
        note_problem(c.tree_size, "the stored checkpoint at tree size " +
                                      std::to_string(c.tree_size) +
                                      " is not signed by the community key");
      }
      if (c.tree_size == merkle_.size() && c.root != merkle_.root()) {
        note_problem(c.tree_size, "the log differs from its signed checkpoint at tree size " +
                                      std::to_string(c.tree_size));
      }
    }
  };
  check_checkpoints();
  auto rows = db_->prepare(kSelectEnvelopes);
  rows.bind(1, static_cast<std::int64_t>(head_seq_ + 1));
  while (rows.step()) {
    Envelope e = read_envelope(rows);
    const std::uint64_t expected_seq = head_seq_ + 1;
    const auto broken = [&](std::string why) {
      return std::unexpected(StoreError{"chain_broken",
                                        "event " + std::to_string(expected_seq) + ": " + why +
                                            " (run `yishi verify` for details)",
                                        expected_seq});
    };
    if (e.seq != expected_seq) return broken("missing or out of order");
    if (e.prev_hash != head_hash_) return broken("does not link to the event before it");
    if (audit::entry_hash(e) != e.hash) return broken("its contents do not match its hash");
    auto event = engine::codec::decode_event(e.type, e.version, e.payload);
    if (!event) return broken(event.error());
    engine::apply_event(state, *event);
    head_seq_ = e.seq;
    head_hash_ = e.hash;
    head_time_ = e.time;
    merkle_.append_leaf_hash(audit::leaf_hash(e.hash));
    if (next_checkpoint < stored->size() &&
        (*stored)[next_checkpoint].tree_size == merkle_.size()) {
      check_checkpoints();
    }
  }
  if (next_checkpoint < stored->size()) {
    note_problem(head_seq_ + 1, "the log ends at event " + std::to_string(head_seq_) +
                                    " but a signed checkpoint covers " +
                                    std::to_string(stored->back().tree_size) + " events");
  }
  // The sealed box is the truth for open ballots: whatever a snapshot held, refill it.
  for (auto& [id, ballot] : state.ballots) {
    if (ballot.phase == engine::BallotPhase::open) {
      ballot.box.clear();
      ballot.owners.clear();
    }
  }
  auto box = db_->prepare(
      "SELECT sealed, version, ballot, receipt FROM ballot_box ORDER BY ballot, receipt");
  while (box.step()) {
    const auto blob = box.column_blob(0);
    auto event = engine::codec::decode_event(
        engine::event::BallotSealed::tag, static_cast<std::uint32_t>(box.column_int(1)),
        std::string_view(reinterpret_cast<const char*>(blob.data()), blob.size()));
    if (!event) {
      return std::unexpected(StoreError{"corrupt", "a sealed ballot: " + event.error(), 0});
    }
    // Every row is one ballot in the box, whatever its blob claims: a copied row
    // counts twice, so the close sees more ballots than voters.
    auto& sealed = std::get<engine::event::BallotSealed>(*event);
    sealed.ballot = box.column_text(2);
    sealed.receipt = box.column_text(3);
    engine::apply_event(state, *event);
  }
  return state;
}

std::expected<std::vector<Envelope>, StoreError> EventStore::append(
    std::span<const PendingEvent> events, std::span<const MemberProfile> profiles,
    std::span<const RememberedReply> replies) {
  if (!writable_) {
    return std::unexpected(StoreError{"read_only", "this log was opened for inspection", 0});
  }
  if (auto refused = missing_stream(events)) return std::unexpected(std::move(*refused));
  return guarded([&]() -> std::expected<std::vector<Envelope>, StoreError> {
    Transaction tx(*db_);
    auto max_seq = db_->cached("SELECT coalesce(max(seq), 0) FROM events");
    max_seq->step();
    if (static_cast<std::uint64_t>(max_seq->column_int(0)) != head_seq_) {
      return std::unexpected(
          StoreError{"concurrent_writer", "another process appended to this log; reopen it", 0});
    }
    auto insert = db_->cached(
        "INSERT INTO events (seq, time, actor, type, version, payload, prev_hash, hash, stream) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    std::vector<Envelope> out;
    out.reserve(events.size());
    Hash prev = head_hash_;
    std::uint64_t seq = head_seq_;
    std::optional<CachedStatement> seal, unseal, empty_box;
    for (const PendingEvent& pending : events) {
      // The sealed box lives beside the chain: no seq, no time, no envelope.
      if (const auto* sealed = std::get_if<engine::event::BallotSealed>(&pending.event)) {
        if (!seal) {
          seal.emplace(
              db_->kept("INSERT INTO ballot_box (ballot, receipt, sealed, version) "
                        "VALUES (?1, ?2, ?3, ?4)"));
        }
        (*seal)
            ->bind(1, sealed->ballot)
            .bind(2, sealed->receipt)
            .bind_blob(3, engine::codec::encode_payload(pending.event))
            .bind(4, static_cast<std::int64_t>(engine::event::BallotSealed::version));
        (*seal)->step();
        (*seal)->reset();
        continue;
      }
      if (const auto* unsealed = std::get_if<engine::event::BallotUnsealed>(&pending.event)) {
        if (!unseal) {
          unseal.emplace(db_->kept("DELETE FROM ballot_box WHERE ballot = ?1 AND receipt = ?2"));
        }
        (*unseal)->bind(1, unsealed->ballot).bind(2, unsealed->receipt);
        (*unseal)->step();
        (*unseal)->reset();
        // The engine unseals only a ballot it saw in the box: if the row is gone,
        // the box changed under this writer, and sealing the replacement would
        // leave two ballots for one voter.
        if (db_->changes() != 1) {
          return std::unexpected(StoreError{
              "concurrent_writer",
              "the ballot to replace is no longer in the box (another process changed it); "
              "reopen the log",
              0});
        }
        continue;
      }
      if (const auto* erased = std::get_if<engine::event::MemberErased>(&pending.event)) {
        // In the same transaction as the event that records it: the member's
        // name and contact, their remembered replies, and their invitations
        // (revoked, so the link stops working). secure_delete (set at open)
        // overwrites the freed bytes, so the file does not keep them either.
        for (const char* sql : {"DELETE FROM member_profiles WHERE member = ?1",
                                "DELETE FROM command_replies WHERE member = ?1",
                                "UPDATE invites SET revoked_at = ?2 WHERE member = ?1 AND "
                                "revoked_at IS NULL"}) {
          auto erase = db_->prepare(sql);
          erase.bind(1, erased->member);
          if (std::string_view(sql).find("?2") != std::string_view::npos) {
            erase.bind(2, pending.time);
          }
          erase.step();
        }
      }
      if (const auto* tallied = std::get_if<engine::event::BallotTallied>(&pending.event)) {
        // Published in the chain by this very event: the box rows go.
        if (!empty_box) empty_box.emplace(db_->kept("DELETE FROM ballot_box WHERE ballot = ?1"));
        (*empty_box)->bind(1, tallied->ballot);
        (*empty_box)->step();
        (*empty_box)->reset();
      }
      Envelope e = chain_envelope(pending, ++seq, prev);
      prev = e.hash;
      insert->bind(1, static_cast<std::int64_t>(e.seq))
          .bind(2, e.time)
          .bind(3, e.actor)
          .bind(4, e.type)
          .bind(5, static_cast<std::int64_t>(e.version))
          .bind_blob(6, e.payload)
          .bind_blob(7, e.prev_hash)
          .bind_blob(8, e.hash)
          .bind(9, pending.stream);
      insert->step();
      insert->reset();
      out.push_back(std::move(e));
    }
    if (!profiles.empty()) {
      auto upsert = db_->prepare(
          "INSERT INTO member_profiles (member, display_name, contact) VALUES (?1, ?2, ?3) "
          "ON CONFLICT(member) DO UPDATE SET display_name = excluded.display_name, "
          "contact = excluded.contact");
      for (const MemberProfile& p : profiles) {
        upsert.bind(1, p.member).bind(2, p.display_name).bind(3, p.contact);
        upsert.step();
        upsert.reset();
      }
    }
    if (!replies.empty()) {
      // In the order given; a repeated id is answered from memory before it gets here.
      auto remember = db_->cached(
          "INSERT INTO command_replies (member, id, reply, at) VALUES (?1, ?2, ?3, ?4)");
      for (const RememberedReply& r : replies) {
        remember->bind(1, r.member).bind(2, r.id).bind(3, r.reply).bind(4, r.at);
        remember->step();
        remember->reset();
      }
    }
    tx.commit();
    // Durable from here on: only now does the in-memory head move.
    for (const Envelope& e : out) merkle_.append_leaf_hash(audit::leaf_hash(e.hash));
    if (!out.empty()) {
      head_seq_ = out.back().seq;
      head_hash_ = out.back().hash;
      head_time_ = out.back().time;
    }
    return out;
  });
}

std::expected<void, StoreError> EventStore::save_snapshot(const engine::State& state) {
  if (!writable_) {
    return std::unexpected(StoreError{"read_only", "this log was opened for inspection", 0});
  }
  return guarded([&]() -> std::expected<void, StoreError> {
    const StoredSnapshot snap =
        take_snapshot(state, head_seq_, head_hash_, merkle_, options_.signing_key);
    std::string peaks;
    for (const Hash& h : snap.peaks) peaks.append(reinterpret_cast<const char*>(h.data()), 32);
    // One transaction: a failed write leaves the older snapshot in place.
    Transaction tx(*db_);
    auto insert = db_->prepare(
        "INSERT OR REPLACE INTO snapshots (seq, format, state, head_hash, merkle_peaks, digest, "
        "signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.bind(1, static_cast<std::int64_t>(snap.seq))
        .bind(2, snap.format)
        .bind_blob(3, snap.state)
        .bind_blob(4, snap.head_hash)
        .bind_blob(5, peaks)
        .bind_blob(6, snap.digest)
        .bind_blob(7, snap.signature);
    insert.step();
    // Older snapshots are only a slower way to the same state.
    auto prune = db_->prepare("DELETE FROM snapshots WHERE seq < ?1");
    prune.bind(1, static_cast<std::int64_t>(snap.seq));
    prune.step();
    tx.commit();
    last_snapshot_seq_ = snap.seq;
    return {};
  });
}

bool EventStore::snapshot_due() const {
  return options_.snapshot_every != 0 && head_seq_ - last_snapshot_seq_ >= options_.snapshot_every;
}

std::expected<bool, StoreError> EventStore::truncate_wal() {
  return guarded([&]() -> std::expected<bool, StoreError> {
    auto checkpoint = db_->prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    checkpoint.step();
    return checkpoint.column_int(0) == 0;  // 1: busy, another reader held it back
  });
}

std::expected<void, StoreError> EventStore::save_checkpoint(const audit::Checkpoint& c) {
  return guarded([&]() -> std::expected<void, StoreError> {
    auto insert = db_->prepare(
        "INSERT OR IGNORE INTO checkpoints (tree_size, root, time, signature) "
        "VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, static_cast<std::int64_t>(c.tree_size))
        .bind_blob(2, c.root)
        .bind(3, c.time)
        .bind_blob(4, c.signature);
    insert.step();
    return {};
  });
}

std::expected<std::vector<audit::Checkpoint>, StoreError> EventStore::checkpoints() {
  auto community = meta("community");
  if (!community) return std::unexpected(community.error());
  return guarded([&]() -> std::expected<std::vector<audit::Checkpoint>, StoreError> {
    std::vector<audit::Checkpoint> out;
    auto rows =
        db_->prepare("SELECT tree_size, root, time, signature FROM checkpoints ORDER BY tree_size");
    while (rows.step()) {
      audit::Checkpoint c;
      c.community = community->value_or("");
      c.tree_size = static_cast<std::uint64_t>(rows.column_int(0));
      c.root = to_hash(rows.column_blob(1));
      c.time = rows.column_int(2);
      const auto sig = rows.column_blob(3);
      if (sig.size() == c.signature.size()) std::memcpy(c.signature.data(), sig.data(), sig.size());
      out.push_back(std::move(c));
    }
    return out;
  });
}

std::expected<void, StoreError> EventStore::scan(std::uint64_t from_seq,
                                                 const std::function<bool(Envelope&&)>& visit) {
  return guarded([&]() -> std::expected<void, StoreError> {
    auto rows = db_->prepare(kSelectEnvelopes);
    rows.bind(1, static_cast<std::int64_t>(from_seq));
    while (rows.step()) {
      if (!visit(read_envelope(rows))) break;
    }
    return {};
  });
}

std::expected<void, StoreError> EventStore::scan_reusing(
    std::uint64_t from_seq, const std::function<bool(Envelope&)>& visit) {
  return guarded([&]() -> std::expected<void, StoreError> {
    auto rows = db_->prepare(kSelectEnvelopes);
    rows.bind(1, static_cast<std::int64_t>(from_seq));
    Envelope e;
    while (rows.step()) {
      read_envelope_into(rows, e);
      if (!visit(e)) break;
    }
    return {};
  });
}

std::expected<void, StoreError> EventStore::scan_stream(
    std::string_view stream, std::uint64_t after_seq, std::uint64_t limit,
    const std::function<bool(StreamEnvelope&&)>& visit) {
  return guarded([&]() -> std::expected<void, StoreError> {
    // Rows not derived yet (see derive_streams.hpp) would be missing from the
    // answer: refuse rather than leave a gap. Never so in a log open() read.
    auto underived = db_->prepare("SELECT min(seq) FROM events WHERE stream IS NULL AND seq > ?1");
    underived.bind(1, static_cast<std::int64_t>(after_seq));
    underived.step();
    if (!underived.column_is_null(0)) {
      const auto seq = static_cast<std::uint64_t>(underived.column_int(0));
      return std::unexpected(
          StoreError{"no_stream",
                     "event " + std::to_string(seq) +
                         " has no stream yet (a log from before migration 0007 not opened "
                         "for writing since)",
                     seq});
    }
    const bool every = stream == engine::kCommunityStream;
    auto rows = db_->prepare(every ? kSelectEveryStream : kSelectOneStream);
    rows.bind(1, static_cast<std::int64_t>(after_seq))
        .bind(2, static_cast<std::int64_t>(
                     std::min<std::uint64_t>(limit, std::numeric_limits<std::int64_t>::max())));
    if (!every) rows.bind(3, stream);
    while (rows.step()) {
      StreamEnvelope out;
      read_envelope_into(rows, out.envelope);
      out.stream.assign(rows.column_text(8));
      if (!visit(std::move(out))) break;
    }
    return {};
  });
}

std::expected<std::optional<std::string>, StoreError> EventStore::meta(const std::string& key) {
  return guarded([&]() -> std::expected<std::optional<std::string>, StoreError> {
    auto row = db_->prepare("SELECT value FROM meta WHERE key = ?1");
    row.bind(1, key);
    if (!row.step()) return std::optional<std::string>{};
    return std::optional<std::string>(std::string(row.column_text(0)));
  });
}

std::expected<void, StoreError> EventStore::set_meta(const std::string& key,
                                                     const std::string& value) {
  return guarded([&]() -> std::expected<void, StoreError> {
    auto upsert = db_->prepare(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    upsert.bind(1, key).bind(2, value);
    upsert.step();
    return {};
  });
}

std::expected<std::optional<MemberProfile>, StoreError> EventStore::profile(
    const engine::MemberId& member) {
  return guarded([&]() -> std::expected<std::optional<MemberProfile>, StoreError> {
    auto row = db_->prepare("SELECT display_name, contact FROM member_profiles WHERE member = ?1");
    row.bind(1, member);
    if (!row.step()) return std::optional<MemberProfile>{};
    return std::optional<MemberProfile>(
        MemberProfile{member, std::string(row.column_text(0)), std::string(row.column_text(1))});
  });
}

std::expected<std::vector<MemberProfile>, StoreError> EventStore::profiles() {
  return guarded([&]() -> std::expected<std::vector<MemberProfile>, StoreError> {
    auto rows =
        db_->prepare("SELECT member, display_name, contact FROM member_profiles ORDER BY member");
    std::vector<MemberProfile> out;
    while (rows.step()) {
      out.push_back(MemberProfile{std::string(rows.column_text(0)),
                                  std::string(rows.column_text(1)),
                                  std::string(rows.column_text(2))});
    }
    return out;
  });
}

std::expected<std::vector<RememberedReply>, StoreError> EventStore::remembered_replies(
    engine::Timestamp since) {
  return guarded([&]() -> std::expected<std::vector<RememberedReply>, StoreError> {
    std::vector<RememberedReply> out;
    auto rows = db_->prepare(
        "SELECT member, id, reply, at FROM command_replies WHERE at >= ?1 ORDER BY rowid");
    rows.bind(1, since);
    while (rows.step()) {
      out.push_back(RememberedReply{std::string(rows.column_text(0)),
                                    std::string(rows.column_text(1)),
                                    std::string(rows.column_text(2)), rows.column_int(3)});
    }
    return out;
  });
}

std::expected<void, StoreError> EventStore::forget_replies_before(engine::Timestamp before) {
  if (!writable_) return {};
  return guarded([&]() -> std::expected<void, StoreError> {
    db_->prepare("DELETE FROM command_replies WHERE at < ?1").bind(1, before).step();
    return {};
  });
}

}  // namespace yishi::store
