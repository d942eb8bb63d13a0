#include "engine/service/community.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "engine/core/evolve.hpp"
#include "engine/core/streams.hpp"
#include "engine/service/key_files.hpp"
#include "engine/wire/event_json.hpp"

namespace yishi::service {

engine::Timestamp system_clock_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

using store::StoreError;

std::optional<engine::Rejection> check_not_future(engine::Timestamp at,
                                                  engine::Timestamp wall_clock,
                                                  engine::Milliseconds allowance) {
  if (at <= wall_clock || at - wall_clock <= allowance) return std::nullopt;
  const engine::Milliseconds ahead = at - wall_clock;
  return engine::Rejection{
      "time_in_future", "at",
      fmt::format("the command is timed {} ahead of the clock (at most {} s are allowed); "
                  "a dated history must be replayed as one",
                  ahead >= engine::kDay
                      ? fmt::format("{:.1f} days", static_cast<double>(ahead) / engine::kDay)
                      : fmt::format("{} s", ahead / engine::kSecond),
                  allowance / engine::kSecond)};
}

void Community::refuse_future(WallClock clock, engine::Milliseconds allowance) {
  wall_clock_ = std::move(clock);
  future_allowance_ = allowance;
}

Community::Community(std::string path, std::unique_ptr<store::Log> store, engine::State state)
    : path_(std::move(path)), store_(std::move(store)), state_(std::move(state)) {}

std::unique_ptr<Community> Community::over(std::unique_ptr<store::Log> log, engine::State state,
                                           std::optional<audit::SecretKey> signing_key) {
  std::unique_ptr<Community> c(new Community("", std::move(log), std::move(state)));
  c->signing_key_ = std::move(signing_key);
  return c;
}

namespace {

// Removes what a failed init created (the database, its WAL and shared-memory
// files, the key files), so a failed `yishi init` leaves nothing behind.
// Declared before the store, so the store is closed before its files go.
class InitCleanup {
 public:
  InitCleanup(std::string db_path, std::string key_file)
      : db_path_(std::move(db_path)), key_file_(std::move(key_file)) {}
  InitCleanup(const InitCleanup&) = delete;
  InitCleanup& operator=(const InitCleanup&) = delete;
  ~InitCleanup() {
    if (done_) return;
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(db_path_ + suffix, ignored);
    }
    if (keys_written_) {
      std::filesystem::remove(key_file_, ignored);
      std::filesystem::remove(public_key_file_for(key_file_), ignored);
    }
  }
  void keys_written() { keys_written_ = true; }
  void succeeded() { done_ = true; }

 private:
  std::string db_path_;
  std::string key_file_;
  bool keys_written_ = false;
  bool done_ = false;
};

}  // namespace

std::expected<std::unique_ptr<Community>, StoreError> Community::init(
    const std::string& db_path, const engine::CommunityId& community, const engine::MemberId& admin,
    engine::Timestamp now, const engine::Rulebook& rulebook, store::StoreOptions options,
    const KeyLocation& keys, std::int32_t utc_offset_minutes) {
  const auto pair = audit::KeyPair::generate();
  const std::string key_file = new_secret_key_path(keys, community, pair.public_key);
  options.signing_key = pair.secret_key;
  options.trusted_key = pair.public_key;
  // Everything init would create must be new: checked first, so that cleaning up
  // after a failure can never remove a file that was there before.
  for (const std::string& path : {db_path, db_path + "-wal", db_path + "-shm", db_path + "-journal",
                                  key_file, public_key_file_for(key_file)}) {
    std::error_code ec;
    if (std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found) {
      return std::unexpected(StoreError{"exists", path + " already exists", 0});
    }
  }
  InitCleanup cleanup(db_path, key_file);
  auto store = store::EventStore::create(db_path, options);
  if (!store) return std::unexpected(store.error());
  if (auto r = (*store)->set_meta("community", community); !r) return std::unexpected(r.error());
  if (auto r = (*store)->set_meta("public_key", audit::to_hex(pair.public_key)); !r) {
    return std::unexpected(r.error());
  }
  if (!keys.secret_key_file.empty()) {
    // Found again by later opens; the key dir is searched otherwise.
    const std::string absolute = std::filesystem::absolute(key_file).string();
    if (auto r = (*store)->set_meta("secret_key_file", absolute); !r) {
      return std::unexpected(r.error());
    }
  }
  std::unique_ptr<Community> c(new Community(db_path, std::move(*store), engine::State{}));
  c->signing_key_ = options.signing_key;
  c->secret_key_file_ = key_file;
  const Request found{engine::command::FoundCommunity{community, rulebook, utc_offset_minutes},
                      engine::Context{admin, engine::Role::admin, now}, std::nullopt};
  auto outcomes = c->execute(std::span(&found, 1));
  if (!outcomes) return std::unexpected(outcomes.error());
  if (!outcomes->front()) {
    const auto& r = outcomes->front().error();
    return std::unexpected(StoreError{r.code, r.field + ": " + r.reason, 0});
  }
  // Written once the engine has accepted the community id the file is named by.
  if (auto written = write_key_files(key_file, pair); !written) {
    return std::unexpected(StoreError{"io", written.error(), 0});
  }
  cleanup.keys_written();
  if (auto cp = c->checkpoint(now); !cp) return std::unexpected(cp.error());
  cleanup.succeeded();
  return c;
}

std::expected<std::unique_ptr<Community>, StoreError> Community::open(const std::string& db_path,
                                                                      store::StoreOptions options,
                                                                      const KeyLocation& keys) {
  // The key first: it decides which snapshot (if any) may be trusted.
  auto probe = store::EventStore::inspect(db_path);
  if (!probe) return std::unexpected(probe.error());
  auto key = find_secret_key(**probe, db_path, keys);
  if (!key) return std::unexpected(StoreError{"key", key.error(), 0});
  options.signing_key = key->key;
  options.trusted_key = public_key_of(key->key);
  probe->reset();
  auto opened = store::EventStore::open(db_path, options);
  if (!opened) return std::unexpected(opened.error());
  if (!opened->store->problem().empty()) {
    return std::unexpected(StoreError{"unverified",
                                      opened->store->problem() +
                                          ": refusing to append to or sign this log (run "
                                          "`yishi verify` for details)",
                                      opened->store->problem_seq()});
  }
  std::unique_ptr<Community> c(
      new Community(db_path, std::move(opened->store), std::move(opened->state)));
  c->signing_key_ = options.signing_key;
  c->secret_key_file_ = key->file;
  // A long log opened without a snapshot it could trust (none yet, an edited
  // one, one from before snapshots were signed) gets a fresh, signed one at its
  // next append (maybe_snapshot), so the open after that is fast again.
  return c;
}

std::expected<void, StoreError> Community::restore() {
  auto rebuilt = store_->reload();
  if (!rebuilt) return std::unexpected(rebuilt.error());
  state_ = std::move(*rebuilt);
  restore_pending_ = false;
  return {};
}

std::expected<void, StoreError> Community::restore_if_pending() {
  if (!restore_pending_) return {};
  return restore();
}

std::expected<std::vector<Outcome>, StoreError> Community::execute(std::span<const Request> batch) {
  // Never decide against events that did not commit: their effects could reach
  // the log through the commands decided after them.
  if (auto restored = restore_if_pending(); !restored) return std::unexpected(restored.error());
  std::vector<Outcome> outcomes;
  outcomes.reserve(batch.size());
  std::vector<store::PendingEvent> pending;
  std::vector<store::MemberProfile> profiles;
  std::vector<std::size_t> event_counts;  // per accepted request, to hand envelopes back
  engine::Timestamp clock = store_->head_time();
  const std::optional<engine::Timestamp> wall =
      wall_clock_ ? std::optional(wall_clock_()) : std::nullopt;

  // Events are applied as they are decided so later requests in the batch see
  // them; if the commit then fails, the state is rebuilt from the log below.
  // (Deciding against a copy instead would cost a copy of the whole state, which
  // grows with the community's history, on every batch.)
  for (const Request& request : batch) {
    if (request.ctx.now < clock) {
      outcomes.emplace_back(std::unexpected(
          engine::Rejection{"time_before_log", "at",
                            fmt::format("the command is timed {} ms before the log's last event",
                                        clock - request.ctx.now)}));
      continue;
    }
    if (wall) {
      if (auto ahead = check_not_future(request.ctx.now, *wall, future_allowance_)) {
        outcomes.emplace_back(std::unexpected(std::move(*ahead)));
        continue;
      }
    }
    engine::Context ctx = request.ctx;
    if (request.default_role) ctx.role = engine::default_role(state_, ctx.actor, request.command);
    auto decision = engine::decide(state_, request.command, ctx);
    if (!decision) {
      outcomes.emplace_back(std::unexpected(std::move(decision.error())));
      continue;
    }
    clock = request.ctx.now;
    std::size_t chained = 0;
    for (engine::Event& e : *decision) {
      engine::apply_event(state_, e);
      const bool sealed_box = engine::is_sealed_box_event(e);
      chained += sealed_box ? 0 : 1;
      // Derived here, against the state just after the event, and stored with it:
      // a resume then finds its stream's events without decoding the log.
      std::string stream = sealed_box ? std::string() : engine::stream_of(state_, e);
      pending.push_back({request.ctx.now, request.ctx.actor, std::move(e), std::move(stream)});
    }
    if (request.profile) profiles.push_back(*request.profile);
    event_counts.push_back(chained);
    outcomes.emplace_back(std::vector<audit::Envelope>{});
  }

  // Replies to remember, with the seqs the events will get: the transaction
  // either stores both or neither.
  std::vector<store::RememberedReply> replies;
  std::uint64_t next_seq = store_->head_seq() + 1;
  for (std::size_t i = 0, accepted = 0; i < batch.size(); ++i) {
    std::expected<std::vector<std::uint64_t>, engine::Rejection> reply{
        std::vector<std::uint64_t>{}};
    if (!outcomes[i]) {
      reply = std::unexpected(outcomes[i].error());
    } else {
      for (std::size_t k = 0; k < event_counts[accepted]; ++k) reply->push_back(next_seq++);
      ++accepted;
    }
    if (batch[i].command_id) {
      replies.push_back(
          {batch[i].ctx.actor, *batch[i].command_id, encode_reply(reply), batch[i].ctx.now});
    }
  }
  if (pending.empty() && profiles.empty() && replies.empty()) return outcomes;
  auto envelopes = store_->append(pending, profiles, replies);
  if (!envelopes) {
    // The log is as it was, the state is not (it holds the batch's events); and a
    // writer that lost a race with another process catches up the same way.
    if (!pending.empty() || envelopes.error().code == "concurrent_writer") {
      restore_pending_ = true;
      (void)restore();  // if this fails too, the next execute() tries again first
    }
    return std::unexpected(envelopes.error());
  }
  std::size_t next = 0;
  std::size_t accepted = 0;
  for (Outcome& outcome : outcomes) {
    if (!outcome) continue;
    const std::size_t n = event_counts[accepted++];
    outcome->assign(
        std::make_move_iterator(envelopes->begin() + static_cast<std::ptrdiff_t>(next)),
        std::make_move_iterator(envelopes->begin() + static_cast<std::ptrdiff_t>(next + n)));
    next += n;
  }
  if (!defer_snapshots_) snapshot_if_due();
  return outcomes;
}

std::expected<audit::Checkpoint, StoreError> Community::checkpoint(engine::Timestamp now) {
  auto existing = store_->checkpoints();
  if (!existing) return std::unexpected(existing.error());
  if (!existing->empty() && existing->back().tree_size == store_->head_seq()) {
    return existing->back();  // the head has not moved since it was signed
  }
  // Only a head this process has checked (see open) is ever signed.
  if (!store_->problem().empty()) {
    return std::unexpected(StoreError{"unverified", store_->problem(), store_->problem_seq()});
  }
  if (!signing_key_) return std::unexpected(StoreError{"key", "no signing key", 0});
  auto c = audit::sign_checkpoint(state_.community, store_->head_seq(), store_->merkle().root(),
                                  now, *signing_key_);
  if (auto r = store_->save_checkpoint(c); !r) return std::unexpected(r.error());
  return c;
}

std::string encode_reply(const std::expected<std::vector<std::uint64_t>, engine::Rejection>& r) {
  if (!r) return "rejected " + wire::dump(wire::to_json(r.error()));
  std::string out = "ack";
  for (std::uint64_t seq : *r) out += fmt::format(" {}", seq);
  return out;
}

std::optional<std::expected<std::vector<std::uint64_t>, engine::Rejection>> decode_reply(
    std::string_view text) {
  if (text.starts_with("ack")) {
    std::vector<std::uint64_t> seqs;
    std::string_view rest = text.substr(3);
    while (!rest.empty()) {
      if (rest.front() != ' ') return std::nullopt;
      rest.remove_prefix(1);
      std::uint64_t seq = 0;
      auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), seq);
      if (ec != std::errc{}) return std::nullopt;
      seqs.push_back(seq);
      rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    }
    return seqs;
  }
  if (!text.starts_with("rejected ")) return std::nullopt;
  auto j = nlohmann::json::parse(text.substr(9), nullptr, false);
  const auto text_of = [&](const char* key) -> std::optional<std::string> {
    auto it = j.is_object() ? j.find(key) : j.end();
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  engine::Rejection why;
  auto code = text_of("code"), reason = text_of("reason");
  if (!code || !reason) return std::nullopt;
  why.code = *code;
  why.field = text_of("field").value_or("");
  why.reason = *reason;
  return std::unexpected(std::move(why));
}

}  // namespace yishi::service
