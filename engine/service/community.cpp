#include "engine/service/community.hpp"

#include <fmt/format.h>

#include "engine/core/evolve.hpp"
#include "engine/service/key_files.hpp"

namespace yishi::service {

using store::StoreError;

Community::Community(std::string path, std::unique_ptr<store::EventStore> store,
                     engine::State state)
    : path_(std::move(path)), store_(std::move(store)), state_(std::move(state)) {}

std::expected<std::unique_ptr<Community>, StoreError> Community::init(
    const std::string& db_path, const engine::CommunityId& community, const engine::MemberId& admin,
    engine::Timestamp now, const engine::Rulebook& rulebook, store::StoreOptions options) {
  auto store = store::EventStore::create(db_path, options);
  if (!store) return std::unexpected(store.error());
  const auto keys = audit::KeyPair::generate();
  if (auto written = write_key_files(db_path, keys); !written) {
    return std::unexpected(StoreError{"io", written.error(), 0});
  }
  if (auto r = (*store)->set_meta("community", community); !r) return std::unexpected(r.error());
  if (auto r = (*store)->set_meta("public_key", audit::to_hex(keys.public_key)); !r) {
    return std::unexpected(r.error());
  }
  std::unique_ptr<Community> c(new Community(db_path, std::move(*store), engine::State{}));
  c->options_ = options;
  const Request found{engine::command::FoundCommunity{community, rulebook},
                      engine::Context{admin, engine::Role::admin, now}, std::nullopt};
  auto outcomes = c->execute(std::span(&found, 1));
  if (!outcomes) return std::unexpected(outcomes.error());
  if (!outcomes->front()) {
    const auto& r = outcomes->front().error();
    return std::unexpected(StoreError{r.code, r.field + ": " + r.reason, 0});
  }
  if (auto cp = c->checkpoint(now); !cp) return std::unexpected(cp.error());
  return c;
}

std::expected<std::unique_ptr<Community>, StoreError> Community::open(const std::string& db_path,
                                                                      store::StoreOptions options) {
  auto opened = store::EventStore::open(db_path, options);
  if (!opened) return std::unexpected(opened.error());
  std::unique_ptr<Community> c(
      new Community(db_path, std::move(opened->store), std::move(opened->state)));
  c->options_ = options;
  return c;
}

std::expected<std::vector<Outcome>, StoreError> Community::execute(std::span<const Request> batch) {
  std::vector<Outcome> outcomes;
  outcomes.reserve(batch.size());
  std::vector<store::PendingEvent> pending;
  std::vector<store::MemberProfile> profiles;
  std::vector<std::size_t> event_counts;  // per accepted request, to hand envelopes back
  engine::Timestamp clock = store_->head_time();

  // Events are applied as they are decided so later requests in the batch see
  // them; if the commit then fails, the state is rebuilt from the store below.
  for (const Request& request : batch) {
    if (request.ctx.now < clock) {
      outcomes.emplace_back(std::unexpected(
          engine::Rejection{"time_before_log", "at",
                            fmt::format("the command is timed {} ms before the log's last event",
                                        clock - request.ctx.now)}));
      continue;
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
      chained += engine::is_sealed_box_event(e) ? 0 : 1;
      pending.push_back({request.ctx.now, request.ctx.actor, std::move(e)});
    }
    if (request.profile) profiles.push_back(*request.profile);
    event_counts.push_back(chained);
    outcomes.emplace_back(std::vector<audit::Envelope>{});
  }

  if (pending.empty() && profiles.empty()) return outcomes;
  auto envelopes = store_->append(pending, profiles);
  if (!envelopes) {
    auto reopened = store::EventStore::open(path_, options_);
    if (reopened) {
      store_ = std::move(reopened->store);
      state_ = std::move(reopened->state);
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
  // A failed snapshot costs only start-up time, never data: report nothing.
  (void)store_->maybe_snapshot(state_);
  return outcomes;
}

std::expected<audit::Checkpoint, StoreError> Community::checkpoint(engine::Timestamp now) {
  auto existing = store_->checkpoints();
  if (!existing) return std::unexpected(existing.error());
  if (!existing->empty() && existing->back().tree_size == store_->head_seq()) {
    return existing->back();  // the head has not moved since it was signed
  }
  auto key = read_secret_key(secret_key_path(path_));
  if (!key) return std::unexpected(StoreError{"io", key.error(), 0});
  auto c = audit::sign_checkpoint(state_.community, store_->head_seq(), store_->merkle().root(),
                                  now, *key);
  if (auto r = store_->save_checkpoint(c); !r) return std::unexpected(r.error());
  return c;
}

}  // namespace yishi::service
